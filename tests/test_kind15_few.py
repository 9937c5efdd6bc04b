"""Round 15 (few, 07.2): three classes of wording.

1. Arrow-led layout: each input on a line (numbered, bulleted or bare), its output on the next line after an arrow, and the last
   arrow left open: the open arrow is a slot to complete, so the example is read even when its output is a long reply.
2. Prose pair with the reply below: 'the reply that answered "...":' then the reply on a line of its own; the new input handed
   over after a colon in the request before it ('Write a reply to this review: ...').
3. A wh-question of the prompt's own asks what the output would be ('What should the owner say?'), with no empty slot and no
   reply-only rule: a chat model answers a question with a lead-in, so the reply is not the bare owner's reply.
"""

import pytest

from checker.grading import check
from tutor.analysis.examples import find_examples

OLD = "The sourdough was perfect but the queue was long."
REPLY = "ah thank you!! so glad the sourdough hit the spot. sorry about the queue, we're opening a second till in may. — mo @ crumb & co"
NEW = "Lovely croissants, but you ran out of almond ones by 10am."


def _passes(prompt: str) -> bool:
    """True when the 07.2 checker passes the prompt."""
    return check("07.2", record=False, prompt=prompt).passed


ARROW_LED = [
    f"Answer the second review exactly as Mo answered the first one. Reply text only.\n\n1. {OLD}\n→ {REPLY}\n\n2. {NEW}\n→",
    f"Write the next reply the way the owner wrote the first. Output only the reply.\n\n- {OLD}\n-> {REPLY}\n\n- {NEW}\n->",
    f"{OLD}\n=> {REPLY}\n\n{NEW}\n=>\n\nComplete the last line in the same voice; just the reply.",
    f"Continue the pattern, matching the owner's style. Nothing but the reply.\n\n1) {OLD}\n⇒ {REPLY}\n\n2) {NEW}\n⇒",
    f"Reply like the owner did. Give the reply alone.\n\n\"{OLD}\"\n→ {REPLY}\n\n\"{NEW}\"\n→",
    f"Same voice as the owner, please; print only the reply.\n\n1. {OLD}\n   → {REPLY}\n2. {NEW}\n   →",
    f"Respond just as Mo responded before. Reply only.\n\n* {OLD}\n-> {REPLY}\n\n* {NEW}\n->",
    f"Match the reply above for the second review. Only the reply text.\n\n1. {OLD}\n→ {REPLY}\n\n2. {NEW}\n→ ...",
    f"Copy the owner's voice. Reply with the text alone.\n\n{OLD}\n→ {REPLY}\n{NEW}\n→",
    f"Write it as the owner writes. Just the reply, nothing else.\n\n1. {OLD}\n=> {REPLY}\n\n2. {NEW}\n=> ?",
]


@pytest.mark.parametrize("prompt", ARROW_LED)
def test_arrow_led_layout_is_an_example(prompt: str) -> None:
    """An input line, then its output after an arrow on the next line, the last arrow left open: a worked example and a slot."""
    found = find_examples(prompt)
    assert len(found) == 1 and found.asked and found.query.strip(' "') == NEW


@pytest.mark.parametrize("prompt", ARROW_LED[:6])
def test_arrow_led_experts_pass(prompt: str) -> None:
    """The arrow-led prompts pass 07.2."""
    assert _passes(prompt)


def test_arrow_led_without_the_example_review_fails() -> None:
    """Near-miss: the arrow layout with only the reply shown (no review it answered) still fails."""
    assert not _passes(f"Answer the review exactly as Mo would. Reply text only.\n\n→ {REPLY}\n\n1. {NEW}\n→")


def test_long_arrow_prose_without_open_slot_is_no_example() -> None:
    """Long 'step -> explanation' lines with nothing left open stay prose, not examples."""
    text = ("Setup -> first you unpack the box, check every part against the list and lay them out on a clean flat table before anything else\n"
            "Assembly -> then you screw the legs into the frame one at a time, tightening each bolt only halfway until all of them are in\n")
    assert not find_examples(text).pairs


PROSE_BELOW = [
    f"Write one reply, as the owner of Crumb & Co, to this review: {NEW}\n\nIt must read like the owner's earlier reply shown here, which answered \"{OLD}\":\n\n{REPLY}\n\nReturn the reply only.",
    f"Answer this review in the owner's voice: {NEW}\n\nThis is how the owner replied to \"{OLD}\":\n{REPLY}\n\nOnly the reply, please.",
    f"Please reply to the following review: {NEW}\n\nMatch the reply the owner wrote back to \"{OLD}\", quoted here:\n\n{REPLY}\n\nOutput just the reply.",
    f"Reply to this one: {NEW}\n\nCopy the voice of the owner's answer, which was written for \"{OLD}\":\n\n{REPLY}\n\nGive the reply alone.",
    f"New review to answer: {NEW}\n\nThe owner once responded to \"{OLD}\" with this:\n\n{REPLY}\n\nSame voice; reply only.",
    f"Draft the owner's reply to this review: {NEW}\n\nUse the same style as the reply that answered \"{OLD}\" (below):\n\n{REPLY}\n\nNothing but the reply.",
]


@pytest.mark.parametrize("prompt", PROSE_BELOW)
def test_prose_pair_with_reply_below_is_an_example(prompt: str) -> None:
    """'... answered "<review>":' then the reply on its own line is one worked example; the new review is the one after the colon."""
    found = find_examples(prompt)
    assert len(found) == 1 and found.pairs[0].input == OLD and found.pairs[0].output == REPLY and found.query == NEW


@pytest.mark.parametrize("prompt", PROSE_BELOW[:3])
def test_prose_pair_experts_pass(prompt: str) -> None:
    """The prose-framed prompts pass 07.2."""
    assert _passes(prompt)


def test_request_for_an_answer_is_no_prose_example() -> None:
    """'I need an answer to "{question}":' then data asks for an answer: it shows no worked example."""
    assert not find_examples('I need a one-sentence answer to "{question}", grounded only in these quotes:\n\n{step1}').pairs


def test_prose_reply_without_its_review_fails() -> None:
    """Near-miss: the owner's reply shown with no review it answered still fails."""
    assert not _passes(f"Write one reply, as the owner, to this review: {NEW}\n\nIt must read like the owner's earlier reply:\n\n{REPLY}\n\nReturn the reply only.")


EXAMPLE = f"Review: {OLD}\nReply: {REPLY}\n\nReview: {NEW}"

QUESTIONS = [
    f"Here is a review with the owner's reply, then a new review. What should the owner say, in the same voice?\n\n{EXAMPLE}",
    f"{EXAMPLE}\n\nWhat would the owner write back to the second review, in that voice?",
    f"How should the owner respond to the new review, keeping the same voice?\n\n{EXAMPLE}",
    f"Below: a past review and the owner's reply, then a new one. So what would Mo say this time, in the same style?\n\n{EXAMPLE}",
    f"{EXAMPLE}\n\nSame voice as before. Which words would the owner reply with here?",
    f"Look at how the owner answered before. What does the owner reply to the last review, in the same voice?\n\n{EXAMPLE}",
    f"{EXAMPLE}\n\nAnd how would the owner answer that, matching the first reply?",
    f"Two reviews below, the first answered by the owner. What reply should the owner post for the second, in the same voice?\n\n{EXAMPLE}",
]


@pytest.mark.parametrize("prompt", QUESTIONS)
def test_question_without_slot_or_reply_only_rule_fails(prompt: str) -> None:
    """Near-miss: a question about the output, no empty slot and no reply-only rule: the model answers with a lead-in, and 07.2 fails."""
    assert not _passes(prompt)


@pytest.mark.parametrize("prompt", [
    QUESTIONS[0] + "\n\nOutput only the reply.",
    QUESTIONS[2] + "\nReply:",
    "Reply only, nothing else.\n\n" + QUESTIONS[1],
])
def test_question_with_slot_or_reply_only_rule_passes(prompt: str) -> None:
    """The same questions with an empty Reply: slot or a reply-only rule pass."""
    assert _passes(prompt)
