"""Round 18, lesson 07: few-shot layouts and examples read as a small chat model reads them (paraphrases and contrasts)."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis.examples import find_examples, names_a_class
from tutor.offline.imitation import _amounts

OWNER = "ah thank you!! so glad the sourdough hit the spot. sorry about the queue, we're opening a second till in may. — mo @ crumb & co"
OLD = "The sourdough was perfect but the queue was long."
NEW = "Lovely croissants, but you ran out of almond ones by 10am."
DANA = "Hi, Dana Reyes here. Order 48213 arrived with a cracked lid, so I'd like my 35 dollars back."
LUIS = "Hello! My name is Luis Ortega and the lamp from order 50917 never turned on. Please refund the $24.5 I paid."


def _passed(exercise: str, **fields: str) -> bool:
    """True when every check of the exercise passes for these fields."""
    return check(exercise, record=False, **fields).passed


# ---------------------------------------------------------------- a label line whose value is the fenced block under it

FENCES = [('"""', '"""'), ("```", "```"), ("```text", "```"), ("<email>", "</email>"), ("---", "---")]


@pytest.mark.parametrize(("open_", "close"), FENCES)
def test_label_then_fenced_block_is_the_input(open_: str, close: str) -> None:
    """'Customer message:' then the message between two fence lines, then 'Entry: ...': the block is the example's input."""
    text = (f"Customer message:\n{open_}\n{DANA}\n{close}\nEntry: #48213 | Dana Reyes | $35.00\n\n"
            f"Customer message:\n{open_}\n{LUIS}\n{close}\nEntry: #50917 | Luis Ortega | $24.50\n\n"
            f"Customer message:\n{open_}\n{{email}}\n{close}\nEntry:\n\nFill in the final entry the same way; nothing else.")
    found = find_examples(text)
    assert len(found) == 2
    assert [e.input for e in found.pairs] == [DANA, LUIS]
    assert found.query == "{email}" and found.asked


@pytest.mark.parametrize(("open_", "close"), FENCES[:2])
def test_fenced_layout_passes_07_3(open_: str, close: str) -> None:
    """The fenced-email layout, request last in brackets, passes the log-line exercise."""
    text = (f"Incoming request:\n{open_}\n{DANA}\n{close}\nDesk entry: #48213 | Dana Reyes | $35.00\n\n"
            f"Incoming request:\n{open_}\n{LUIS}\n{close}\nDesk entry: #50917 | Luis Ortega | $24.50\n\n"
            f"Incoming request:\n{open_}\n{{email}}\n{close}\nDesk entry:\n\n(Write only the missing desk entry, laid out like the two above.)")
    assert _passed("07.3", template=text)


def test_fenced_layout_without_outputs_fails_07_3() -> None:
    """Contrast: the same emails in fences with no log lines under them teach nothing."""
    text = (f'Incoming request:\n"""\n{DANA}\n"""\n\nIncoming request:\n"""\n{LUIS}\n"""\n\n'
            'Incoming request:\n"""\n{email}\n"""\nDesk entry:\n\n(Write only the missing desk entry.)')
    assert not _passed("07.3", template=text)


def test_unclosed_fence_does_not_swallow_the_rest() -> None:
    """A fence that never closes holds no label's value: the lines after it are read as before."""
    text = "Notes:\n---\nReview: Great kettle.\nTag: POS\n\nReview: Broke on day one.\nTag: NEG\n\nReview: {review}\nTag:"
    found = find_examples(text)
    assert [e.output for e in found.pairs] == ["POS", "NEG"]


# ---------------------------------------------------------------- an amount written without its currency

@pytest.mark.parametrize(("text", "amount"), [
    ("Regards, Kim. I paid 129.99 for it.", 129.99),
    ("The total was 18.40 and I want it back.", 18.40),
    ("Please refund me 60, order 77120.", 60.0),
    ("It cost about 12.5 so please reimburse me.", 12.5),
    ("You charged me 74.00 twice.", 74.0),
    ("Order 33118 again: return the extra 15.50 please.", 15.50),
])
def test_bare_amounts_are_money(text: str, amount: float) -> None:
    """A price paid, charged or refunded is money even without '$' or 'dollars'."""
    assert amount in _amounts(text)


@pytest.mark.parametrize("text", ["Order 82301 never came.", "Hi, order 48213 was refunded?", "Refund please for order 61002, the blender broke."])
def test_order_numbers_are_not_money(text: str) -> None:
    """Contrast: an order number is no amount, even near 'refund'."""
    assert _amounts(text) == []


def test_example_with_bare_amount_teaches_money_slot() -> None:
    """An example whose email gives the amount as 'I paid 129.99' still teaches the amount column."""
    text = ("Turn each email into the desk's line.\n\n"
            f"Email: {DANA}\nLog: #48213 | Dana Reyes | $35.00\n\n"
            "Email: Refund please for order 82301, the blender is dead on arrival. I paid 129.99. Regards, Mei Lin Zhou\n"
            "Log: #82301 | Mei Lin Zhou | $129.99\n\n"
            "Email: {email}\nLog:")
    assert _passed("07.3", template=text)


# ---------------------------------------------------------------- an earlier exchange, labelled 'prior', 'preceding', 'former'

@pytest.mark.parametrize("lead,in_key,out_key,new_key", [
    ("Answer as the owner did in the preceding exchange.", "Preceding review", "Owner's answer", "Review to answer"),
    ("The owner's manner is demonstrated by the earlier exchange; keep to it.", "Former review", "Mo's response", "Review awaiting a reply"),
    ("Emulate the prior conversation.", "Prior review", "Reply", "Review needing a reply"),
])
def test_prior_exchange_is_an_example(lead: str, in_key: str, out_key: str, new_key: str) -> None:
    """'Prior review:' / 'Owner's answer:' / 'Review to answer:' under a sentence pointing at an earlier exchange: one worked example."""
    prompt = f"{lead}\n\n{in_key}: {OLD}\n{out_key}: {OWNER}\n\n{new_key}: {NEW}\n\nGive the reply only."
    found = find_examples(prompt)
    assert len(found) == 1 and found.pairs[0].output == OWNER
    assert found.query == NEW
    assert _passed("07.2", prompt=prompt)


def test_prior_exchange_without_reply_fails() -> None:
    """Contrast: the old review with no owner's reply shows no voice."""
    prompt = f"Emulate the prior conversation.\n\nPrior review: {OLD}\n\nReview needing a reply: {NEW}\n\nGive the reply only."
    assert not _passed("07.2", prompt=prompt)


# ---------------------------------------------------------------- labels written as headings in capitals

def test_capital_headings_are_labels() -> None:
    """'CUSTOMER REVIEW' / 'MO'S REPLY' alone on their lines, text below: labelled examples, the last review the new input."""
    prompt = (f"CUSTOMER REVIEW\n{OLD}\n\nMO'S REPLY\n{OWNER}\n\nCUSTOMER REVIEW\n{NEW}\n\n"
              "INSTRUCTIONS\nAnswer this latest review just as Mo answered the one before. Only the reply, please.")
    found = find_examples(prompt)
    assert found.layout == "labelled" and found.pairs[0].input == OLD and found.pairs[0].output == OWNER
    assert found.query == NEW
    assert _passed("07.2", prompt=prompt)


def test_capital_headings_with_empty_slot() -> None:
    """Headings in capitals with an empty last reply heading: the slot is asked for."""
    prompt = f"Mirror the owner's replies.\n\nREVIEW\n{OLD}\n\nREPLY\n{OWNER}\n\nREVIEW\n{NEW}\n\nREPLY\n"
    found = find_examples(prompt)
    assert len(found) == 1 and found.query == NEW
    assert _passed("07.2", prompt=prompt)


def test_capital_headings_without_the_reply_fail() -> None:
    """Contrast: no owner's reply under a heading, so nothing shows the voice."""
    prompt = f"CUSTOMER REVIEW\n{OLD}\n\nCUSTOMER REVIEW\n{NEW}\n\nTASK\nWrite the owner's reply to the latest review. Only the reply."
    assert not _passed("07.2", prompt=prompt)


# ---------------------------------------------------------------- example inputs that only name a class

@pytest.mark.parametrize("given", ["positive", "Negative.", "both positive and negative", "A mostly negative review", "mixed feelings",
                                   "praise plus a complaint", "pros and cons", "a neutral comment"])
def test_class_names_are_not_inputs(given: str) -> None:
    """An input written as the class's abstract name is a glossary entry, not an instance."""
    assert names_a_class(given)


@pytest.mark.parametrize("given", ["Great!", "Love it", "The zip broke.", "Overall positive experience, the kettle works great.",
                                   "Positive vibes from the staff, but the lid leaks", "Not good, not bad"])
def test_real_inputs_are_not_class_names(given: str) -> None:
    """Contrast: a real review, however short, or one that uses a class word among other words."""
    assert not names_a_class(given)


GLOSSES = [
    ("a happy review", "an unhappy review", "a review with praise and complaints"),
    ("Positive.", "Negative.", "Mixed."),
    ("entirely favourable feedback", "entirely critical feedback", "partly favourable, partly critical"),
]


@pytest.mark.parametrize(("pos", "neg", "mix"), GLOSSES)
def test_glossary_as_examples_fails_07_1(pos: str, neg: str, mix: str) -> None:
    """Examples whose 'reviews' only name each tag's meaning explain the tags: the exercise fails."""
    template = f"Label reviews as shown. Tag only.\n\nReview: {pos}\nTag: POS\n\nReview: {neg}\nTag: NEG\n\nReview: {mix}\nTag: MIX\n\nReview: {{review}}\nTag:"
    assert not _passed("07.1", template=template)


def test_real_examples_pass_07_1() -> None:
    """Contrast: the same layout with real reviews passes."""
    template = ("Label reviews as shown. Tag only.\n\nReview: Came quickly and works like a dream.\nTag: POS\n\n"
                "Review: The lid cracked on day two and nobody answered my emails.\nTag: NEG\n\n"
                "Review: Lovely colour, but the handle wobbles.\nTag: MIX\n\nReview: {review}\nTag:")
    assert _passed("07.1", template=template)


def test_fence_of_labelled_examples_under_a_heading_stays_examples() -> None:
    """Contrast: 'Worked examples:' then a fence holding 'Review:'/'Tag:' lines: the block holds the examples, not one value."""
    template = ("Worked examples:\n```\nReview: Came quickly and works like a dream.\nTag: POS\n\nReview: The lid cracked on day two.\nTag: NEG\n\n"
                "Review: Lovely colour, but the handle wobbles.\nTag: MIX\n```\n\nTag the next one the same way, tag only.\n\n```\nReview: {review}\nTag:\n```")
    found = find_examples(template)
    assert [e.output for e in found.pairs] == ["POS", "NEG", "MIX"]
    assert _passed("07.1", template=template)
