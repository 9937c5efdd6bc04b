"""Round 17 (few, 07.1-07.3): three classes.

1. Words pointing back at a shown reply in the past tense or as a likeness ('here's one I replied to recently',
   'so it sounds like I wrote it', 'just like that one') call a lone labelled pair an example, as 'here's one of my replies' did.
2. An output slot that holds the request itself ('**Reply:** write this one in the same voice as the example') is an empty
   slot asking for the new input's output, not a second worked example.
3. An example input that describes a kind of writer or input ('a happy customer', 'someone who loved it', 'a mixed review')
   shows no real input: the tags are explained in disguise, and the example does not count.
"""

import pytest

from checker.checks import _not_worked
from checker.grading import check
from tutor.analysis.examples import Example, find_examples

OLD = "The sourdough was perfect but the queue was long."
REPLY = "ah thank you!! so glad the sourdough hit the spot. sorry about the queue, we're opening a second till in may. — mo @ crumb & co"
NEW = "Lovely croissants, but you ran out of almond ones by 10am."


def _passes(exercise: str, **fields: str) -> bool:
    """True when the checker passes the fields."""
    return check(exercise, record=False, **fields).passed


PAST_CUED = [
    f"I own a small bakery and write our review replies. Here's one I answered last week:\n\nReview: {OLD}\nMy reply: {REPLY}\n\n"
    f"Please write my reply to the next one.\n\nReview: {NEW}\n\nOnly the reply text.",
    f"Here is a reply I wrote a while ago:\n\nReview: {OLD}\nReply: {REPLY}\n\nDraft one for this review so it reads as if I wrote it. Reply only.\n\nReview: {NEW}",
    f"This is how things go on our page:\n\nReview: {OLD}\nOwner reply: {REPLY}\n\nAnswer the review below just like that one, reply text only.\n\nReview: {NEW}",
]


@pytest.mark.parametrize("prompt", PAST_CUED)
def test_past_tense_cue_makes_a_lone_pair_an_example(prompt: str) -> None:
    """A lone Review/Reply pair pointed at in the past tense or as a likeness is one worked example, and the new review is its query."""
    found = find_examples(prompt)
    assert len(found) == 1 and found.pairs[0].input == OLD and found.pairs[0].output == REPLY and found.query == NEW


@pytest.mark.parametrize("prompt", PAST_CUED)
def test_past_tense_cued_experts_pass(prompt: str) -> None:
    """The past-tense-cued prompts pass 07.2."""
    assert _passes("07.2", prompt=prompt)


def test_uncued_long_turns_stay_a_transcript() -> None:
    """Contrast: the same long turns with no words pointing at them are still no example."""
    text = f"Our page today.\n\nReview: {OLD}\nReply: {REPLY}\n\nReview: {NEW}\n\nWrite a polished, professional response for the company."
    assert not find_examples(text).pairs


def test_past_tense_cue_without_the_review_fails() -> None:
    """Contrast: the reply shown without the review it answered still fails 07.2."""
    assert not _passes("07.2", prompt=f"Here's one I answered last week:\n\nMy reply: {REPLY}\n\nPlease write my reply to the next one.\n\nReview: {NEW}\n\nOnly the reply.")


SLOT_ASKS = [
    f"## Example\n**Review:** {OLD}\n**Reply:** {REPLY}\n\n## Now you\n**Review:** {NEW}\n**Reply:** write this one in the same voice as the example reply, and give only the reply.",
    f"Review: {OLD}\nReply: {REPLY}\n\nReview: {NEW}\nReply: your turn: reply like the example above, reply text only.",
    f"### Sample\nReview: {OLD}\nReply: {REPLY}\n\n### New\nReview: {NEW}\nReply: now draft it in the same style, nothing else.",
]


@pytest.mark.parametrize("prompt", SLOT_ASKS)
def test_slot_holding_the_request_is_asked(prompt: str) -> None:
    """A last output slot that holds the request is an empty slot: one example, the new review asked."""
    found = find_examples(prompt)
    assert len(found) == 1 and found.asked and found.query == NEW and found.pairs[0].output == REPLY


@pytest.mark.parametrize("prompt", SLOT_ASKS)
def test_slot_holding_the_request_passes(prompt: str) -> None:
    """The prompts with the request in the slot pass 07.2."""
    assert _passes("07.2", prompt=prompt)


def test_imperative_example_output_stays_an_example() -> None:
    """Contrast: an example output that is itself an order to the customer ('Please restart ...') is still a worked output."""
    text = ("Reply like the examples.\n\nMessage: my router keeps dropping\nReply: Please restart the router and try again.\n\n"
            "Message: the app won't open\nReply: Write to us at help@shop.example and we will fix it.\n\nMessage: {msg}\nReply:")
    assert len(find_examples(text)) == 2


def test_slot_request_without_the_example_reply_fails() -> None:
    """Contrast: the request in the slot but no example reply shown still fails 07.2."""
    assert not _passes("07.2", prompt=f"**Review:** {NEW}\n**Reply:** write this one in the same voice as the example reply, and give only the reply.")


DISGUISED = [
    ("a happy customer", "a customer who is both happy and unhappy", "an unhappy customer"),
    ("someone who loved it", "someone with mixed feelings", "someone who hated it"),
    ("A delighted buyer", "A buyer who liked some things and not others", "An angry buyer"),
    ("a positive review", "a mixed review", "a negative review"),
]


@pytest.mark.parametrize("pos, mix, neg", DISGUISED)
def test_disguised_tag_definitions_fail(pos: str, mix: str, neg: str) -> None:
    """Cheat: 'examples' whose inputs describe the kind of writer explain the tags instead of showing reviews, and fail 07.1."""
    template = f"Tag each review like the examples. Only the tag.\n\nReview: {pos}\nTag: POS\n\nReview: {neg}\nTag: NEG\n\nReview: {mix}\nTag: MIX\n\nReview: {{review}}\nTag:"
    assert _not_worked(Example(pos, "POS", 0, 1))
    assert not _passes("07.1", template=template)


@pytest.mark.parametrize("given", [
    "Arrived a day early and works perfectly. Very happy with it.",
    "A great buy, my customers love it.",
    "Great customer service, but the lid cracked.",
    "An okay product with a weak battery.",
    "A gift for my mum who loved it",
])
def test_real_reviews_are_worked_inputs(given: str) -> None:
    """Contrast: real reviews, even ones opening with 'A ...' or naming a customer, are worked inputs."""
    assert _not_worked(Example(given, "POS", 0, 1)) == ""


def test_real_reviews_template_passes() -> None:
    """Contrast: the same template with real reviews passes 07.1."""
    template = ("Tag each review like the examples. Only the tag.\n\nReview: Lovely mug, arrived fast and I use it daily.\nTag: POS\n\n"
                "Review: Broke on day two and nobody answered my emails.\nTag: NEG\n\n"
                "Review: Nice colour, but it is much smaller than the photos.\nTag: MIX\n\nReview: {review}\nTag:")
    assert _passes("07.1", template=template)
