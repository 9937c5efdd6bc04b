"""Round 12, lesson 07 (few-shot): classes of wording the reader missed, each in varied wordings of our own."""

from __future__ import annotations

import pytest

from checker.checks import min_examples
from tutor.analysis.examples import find_examples
from tutor.offline import imitation, model

Q = '"' * 3
TAGGED = ("Review: Loved it, arrived early.\nTag: POS\n\nReview: Broke on day two, no refund.\nTag: NEG\n\n"
          "Review: Looks nice but the strap tore.\nTag: MIX\n\n")
REPLIED = "Here is an example of how the owner replies.\n\nReview: The bread was stale.\nReply: oh no!! so sorry, fresh batch tomorrow. — mo\n\n"


def _reply(prompt: str) -> str:
    """The offline model's reply to one user prompt."""
    return model.respond([{"role": "user", "content": prompt}]).text


# class: a question of the prompt's own about the new input on the line above it, no empty slot, no 'output only'
ASKED_ABOVE = [
    TAGGED + "What tag would this review get?\nThe kettle is great but very loud.",
    TAGGED + "Which tag does this one deserve?\n\nThe kettle is great but very loud.",
    TAGGED + "How should we tag this review?\nThe kettle is great but very loud.",
    TAGGED + "And what would you call this one?\n\nThe kettle is great but very loud.",
    REPLIED + "How would the owner answer this new review?\n\nNice cake, but the shop was cold.",
    REPLIED + "What would mo say to this one?\nNice cake, but the shop was cold.",
]


@pytest.mark.parametrize("prompt", ASKED_ABOVE)
def test_a_question_above_the_new_input_is_answered_aloud(prompt: str) -> None:
    """With no empty slot and no 'only the tag', a chat model answers the question in a sentence, not with the bare output."""
    assert len(_reply(prompt).split()) > 3, prompt


@pytest.mark.parametrize("prompt", [
    TAGGED + "What tag would this review get? Reply with the tag only.\nThe kettle is great but very loud.",
    TAGGED + "Review: The kettle is great but very loud.\nTag:",
])
def test_an_empty_slot_or_a_bare_request_still_gets_the_bare_output(prompt: str) -> None:
    """An empty slot, 'the tag only', or a polite request ('Can you ...?') keeps the reply bare."""
    assert not _reply(prompt).startswith("Here's the"), prompt


# class: bare two-line examples, then an intro line ending in ':' with the new input below it, then a request
LOGS = ("Two emails and the lines we logged for them, as examples:\n\n"
        f'{Q}Hi, Ann Lee here, order 111, refund $5.{Q}\n#111 | Ann Lee | $5.00\n\n'
        f'{Q}Order 222 broke. Bo Park, please refund 7 dollars.{Q}\n#222 | Bo Park | $7.00\n\n')
INTRO_THEN_INPUT = [
    LOGS + f"Now this request:\n{Q}{{email}}{Q}\n\nReply with its log line alone.",
    LOGS + f"Next one:\n{Q}{{email}}{Q}\n\nGive only the line.",
    LOGS + "The email to log:\n{email}\n\nAnswer with the log line and nothing else.",
    LOGS + f"Here's a new one:\n{Q}{{email}}{Q}\n\nWrite its line the same way.",
]


@pytest.mark.parametrize("prompt", INTRO_THEN_INPUT)
def test_the_input_under_its_intro_line_is_the_query(prompt: str) -> None:
    """The line under 'Now this request:' is the new input; the request after it is not."""
    found = find_examples(prompt)
    assert len(found) == 2 and found.query == "{email}", (prompt, found.query)


# class: a sentence of its own asking for the why or the walk-through, with no 'then'/'also'
@pytest.mark.parametrize("said", [
    "How would the desk log this one? Walk me through how you found each part.",
    "Explain how you got each field.",
    "Please justify the tag you pick.",
    "Tell me why you chose that tag.",
    "Talk us through your choice.",
    "Show me your reasoning.",
    "Also explain which words decided it.",
])
def test_a_standalone_request_for_the_why_is_heard(said: str) -> None:
    """'Walk me through how you found it.' asks for more than the output."""
    assert imitation.extra(said) == "after"


@pytest.mark.parametrize("said", ["Reply with the tag only.", "Log it the same way.", "Write the owner's reply.", "Tag the review below."])
def test_plain_requests_ask_for_nothing_extra(said: str) -> None:
    """A request for the output alone adds nothing."""
    assert imitation.extra(said) == ""


# class: 'examples' whose inputs describe a kind of input, or are already the output
DESCRIBED = [
    "Review: any review that is only praise\nTag: POS\n\nReview: any review that is only complaints\nTag: NEG\n\nReview: any review with praise and a complaint\nTag: MIX\n\nReview: {review}\nTag:",
    "Input: reviews that are all praise\nOutput: POS\n\nInput: reviews that are all complaints\nOutput: NEG\n\nInput: reviews with both\nOutput: MIX\n\nInput: {review}\nOutput:",
    "Review: A review which praises the product\nTag: POS\n\nReview: A review which complains\nTag: NEG\n\nReview: A review with both\nTag: MIX\n\nReview: {review}\nTag:",
    "Review: every text where the buyer is happy\nTag: POS\n\nReview: every text where the buyer is angry\nTag: NEG\n\nReview: every text with praise and a gripe\nTag: MIX\n\nReview: {review}\nTag:",
]
COPIED = [
    "Email: #1 | A Bee | $1.00\nLog: #1 | A Bee | $1.00\n\nEmail: #2 | C Dee | $2.00\nLog: #2 | C Dee | $2.00\n\nEmail: {email}\nLog:",
    "Review: POS\nTag: POS\n\nReview: NEG\nTag: NEG\n\nReview: MIX\nTag: MIX\n\nReview: {review}\nTag:",
]


@pytest.mark.parametrize("prompt", DESCRIBED + COPIED)
def test_descriptions_or_copied_outputs_are_not_worked_examples(prompt: str) -> None:
    """An input that describes a kind of input, or is the output already, shows no worked example."""
    ok, why = min_examples({"template": prompt}, k=2, field="template")
    assert not ok and "input" in why, why


@pytest.mark.parametrize("prompt", [
    TAGGED + "Review: {review}\nTag:",
    "Review: When I opened the box it was broken.\nTag: NEG\n\nReview: Every time I use it I smile.\nTag: POS\n\nReview: {review}\nTag:",
    "Review: All good, works fine.\nTag: POS\n\nReview: The reviews that said it leaks were right.\nTag: NEG\n\nReview: {review}\nTag:",
])
def test_real_reviews_are_still_worked_examples(prompt: str) -> None:
    """Real reviews, even ones starting with 'When', 'Every' or 'All', still count."""
    ok, why = min_examples({"template": prompt}, k=2, field="template")
    assert ok, why
