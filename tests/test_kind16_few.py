"""Round 16 (few, 07.1-07.3): four classes of wording.

1. Words asking to copy a shown output ('mimic the owner's reply below', 'so you can see how I write', 'so it sounds just like me',
   'here's one of Mo's replies') call a lone labelled pair an example, even when its output is a long reply.
2. A writer who quotes with single quotes and no double quotes: 'replied to the review '...' with '...'' is a prose example.
3. The data first, the examples after it under a line that hands them over ('... logs such emails like this:'), the request last:
   the examples count and the new input is the labelled data above them.
4. 'then give the last review its tag ..., that tag alone and no other words' hands over the output itself, not an explanation.
"""

import pytest

from checker.grading import check
from tutor.analysis.examples import find_examples
from tutor.offline.imitation import extra

OLD = "The sourdough was perfect but the queue was long."
REPLY = "ah thank you!! so glad the sourdough hit the spot. sorry about the queue, we're opening a second till in may. — mo @ crumb & co"
NEW = "Lovely croissants, but you ran out of almond ones by 10am."
EMAIL_1 = "Hi, Dana Reyes here. Order 48213 arrived with a cracked lid, so I'd like my 35 dollars back."
LOG_1 = "#48213 | Dana Reyes | $35.00"
EMAIL_2 = "Hello! My name is Luis Ortega and the lamp from order 50917 never turned on. Please refund the $24.5 I paid."
LOG_2 = "#50917 | Luis Ortega | $24.50"


def _passes(exercise: str, **fields: str) -> bool:
    """True when the checker passes the fields."""
    return check(exercise, record=False, **fields).passed


COPY_CUED = [
    f"Imitate the reply below when you answer the new review. Only the reply.\n\n<old>\nReview: {OLD}\nReply: {REPLY}\n</old>\n<new>\nReview: {NEW}\n</new>",
    f"Copy the owner's wording style from the answer underneath for the next review; output just the reply.\n\nReview: {OLD}\nReply: {REPLY}\n\nReview: {NEW}",
    f"I'm the owner. This is a reply I wrote, so you can see how I write:\n\nReview: {OLD}\nMy reply: {REPLY}\n\nNow write my reply to this one so it sounds exactly like me. Reply text only.\n\nReview: {NEW}",
    f"Here's one of our owner's replies:\n\n'''\nReview: {OLD}\nReply: {REPLY}\n'''\n\nWrite the owner's reply to this review, as the same writer would:\n\n'''\n{NEW}\n'''\n\nReturn only the reply.",
    f"Mirror Mo's voice from the response below when replying to the latest review. Nothing but the reply.\n\nReview: {OLD}\nResponse: {REPLY}\n\nReview: {NEW}",
]


@pytest.mark.parametrize("prompt", COPY_CUED)
def test_copy_cued_lone_pair_is_an_example(prompt: str) -> None:
    """A lone Review/Reply pair under words asking to copy it is one worked example, and the new review is its query."""
    found = find_examples(prompt)
    assert len(found) == 1 and found.pairs[0].input == OLD and found.pairs[0].output == REPLY and found.query == NEW


@pytest.mark.parametrize("prompt", COPY_CUED)
def test_copy_cued_experts_pass(prompt: str) -> None:
    """The copy-cued prompts pass 07.2."""
    assert _passes("07.2", prompt=prompt)


def test_copy_cue_without_the_example_review_fails() -> None:
    """Near-miss: the same wording with only the reply shown (no review it answered) still fails."""
    assert not _passes("07.2", prompt=f"Imitate the reply below when you answer the new review. Only the reply.\n\n<old>\nReply: {REPLY}\n</old>\n<new>\nReview: {NEW}\n</new>")


def test_long_turns_without_copy_words_stay_a_transcript() -> None:
    """Long alternating lines, never called examples and with no words asking to copy them, are still no example."""
    text = (f"Here is what was said on the page.\n\nReview: {OLD}\nReply: {REPLY}\n\nReview: {NEW}\n\n"
            "Write a polished, professional response on behalf of the company.")
    assert not find_examples(text).pairs


def test_copy_words_without_a_shown_output_do_not_pass() -> None:
    """Cheat-shaped: copy words and the new review, but the voice described, not shown, still fails."""
    assert not _passes("07.2", prompt=f"Mimic the owner's usual replies: lowercase, warm, signed '— mo @ crumb & co'. Reply only.\n\nReview: {NEW}")


SINGLE_QUOTED = [
    f"Given that the owner replied to the review '{OLD}' with '{REPLY}', write the owner's reply, in that very voice, to the review '{NEW}', and give only the reply.",
    f"The owner answered the review '{OLD}' with '{REPLY}'. Now answer '{NEW}' the same way. Output the reply alone.",
    f"A customer wrote '{OLD}' and the owner replied '{REPLY}'. In the owner's voice, reply to '{NEW}'. Just the reply.",
]


@pytest.mark.parametrize("prompt", SINGLE_QUOTED)
def test_single_quoted_prose_pair_is_an_example(prompt: str) -> None:
    """Single quotes around the review and the reply (no double quotes anywhere) quote them like double quotes."""
    found = find_examples(prompt)
    assert len(found) == 1 and found.pairs[0].input == OLD and found.pairs[0].output == REPLY and found.query == NEW


@pytest.mark.parametrize("prompt", SINGLE_QUOTED)
def test_single_quoted_experts_pass(prompt: str) -> None:
    """The single-quoted prose prompts pass 07.2."""
    assert _passes("07.2", prompt=prompt)


def test_single_quoted_reply_without_its_review_fails() -> None:
    """Near-miss: a single-quoted reply with no review it answered is no example."""
    prompt = f"The owner once wrote '{REPLY}'. Reply to the review '{NEW}' in the same voice, reply only."
    assert not find_examples(prompt).pairs and not _passes("07.2", prompt=prompt)


def test_apostrophes_are_not_quotes() -> None:
    """Apostrophes inside words ("we're", "Mo's") open no quotation."""
    assert not find_examples("Mo's shop is great and we're happy. Don't forget the owner's note: it's fine.").pairs


DATA_FIRST = [
    f"Refund email:\n{{email}}\n\nThe returns desk logs such emails like this:\n\nEmail: {EMAIL_1}\nLog: {LOG_1}\n\nEmail: {EMAIL_2}\nLog: {LOG_2}\n\n"
    "Write the log line for the refund email at the top, in the same form. Output only that line.",
    f"Customer message:\n{{email}}\n\nHere are two messages and their log lines as samples:\n\nEmail: {EMAIL_1}\nLog: {LOG_1}\n\nEmail: {EMAIL_2}\nLog: {LOG_2}\n\n"
    "Log the customer message above the same way. Only the log line.",
    f"### Request\n{{email}}\n\nFor example:\n\nEmail: {EMAIL_1}\nLog: {LOG_1}\n\nEmail: {EMAIL_2}\nLog: {LOG_2}\n\n"
    "Give the request's log line in that layout and nothing else.",
]


@pytest.mark.parametrize("template", DATA_FIRST)
def test_examples_after_the_data_count(template: str) -> None:
    """Examples handed over after the data count, and the data above them is the new input."""
    found = find_examples(template)
    assert len(found) == 2 and found.query == "{email}"


@pytest.mark.parametrize("template", DATA_FIRST)
def test_examples_after_the_data_pass(template: str) -> None:
    """The data-first templates pass 07.3."""
    assert _passes("07.3", template=template)


def test_data_first_with_one_example_fails() -> None:
    """Contrast: the same layout with a single example still fails (07.3 asks for two)."""
    assert not _passes("07.3", template=DATA_FIRST[0].replace(f"\n\nEmail: {EMAIL_2}\nLog: {LOG_2}", ""))


def test_data_first_with_the_layout_described_fails() -> None:
    """Contrast: the data first and the layout described in words instead of shown still fails."""
    assert not _passes("07.3", template="Refund email:\n{email}\n\nLog it like this: a hash and the order number, a pipe, the name, a pipe, "
                                        "and the amount with a dollar sign and two decimals. Output only that line.")


ALONE = [
    "Read the reviews below, each followed by the tag the team gave it, and then give the last review its tag in exactly the same way, replying with that tag alone and no other words.",
    "Look at each review and the tag after it, then give the final review its tag, with nothing else.",
    "Study the tagged reviews, and then give the new one a tag the same way; no other text.",
]


@pytest.mark.parametrize("own_words", ALONE)
def test_then_give_the_output_alone_is_no_extra(own_words: str) -> None:
    """'then give the last review its tag ... alone' hands over the output itself."""
    assert extra(own_words) == ""


@pytest.mark.parametrize("own_words", [
    "Read the reviews below, then give the last review its tag and explain why in one sentence.",
    "Look at each review, then give the final review its tag, and then add a short reason.",
])
def test_then_give_with_an_explanation_is_extra(own_words: str) -> None:
    """Contrast: the same request asking for a reason still asks for more than the tag."""
    assert extra(own_words) == "after"


def test_one_long_sentence_template_passes() -> None:
    """The whole 07.1 template with that one long sentence passes."""
    template = (ALONE[0] + "\n\nReview: Arrived a day early and works perfectly. Very happy with it.\nTag: POS\n\n"
                "Review: Great sound, but the battery barely lasts an hour.\nTag: MIX\n\n"
                "Review: The handle snapped off after a week and support never replied.\nTag: NEG\n\nReview: {review}\nTag:")
    assert _passes("07.1", template=template)
