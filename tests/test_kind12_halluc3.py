"""Round 12, lesson 09.3 (quote first, then answer): terse orderings, 'after your answer', a later clause's request, word-numbered steps, reply skeletons."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import grounding
from tutor.analysis.shape import find_labels

QUESTION = "What was Brightwater's revenue in the third quarter of 2023?"


def _solved(prompt: str) -> bool:
    """True when 09.3 passes every check for this prompt."""
    return check("09.3", record=False, prompt=prompt).passed


@pytest.mark.parametrize("sentence", [
    "Evidence first, answer second.",
    "Quotes first, answer after.",
    "Quote first, then answer.",
    "The evidence goes first, the answer second.",
    "Citations first (word for word, in <quotes>), the answer last in <answer>.",
    "Excerpts first, copied exactly; your answer comes second.",
    "Quotes, then answer.",
    "Step 1: the quotes in <quotes> tags. Step 2: the answer in <answer> tags.",
    "First the quotes, then the answer.",
    "Evidence should come first, answer after it.",
])
def test_a_quote_noun_ranked_first_is_quote_first(sentence: str) -> None:
    assert "quote_first" in grounding.read(sentence)


@pytest.mark.parametrize("sentence", [
    "Answer in <answer> tags. Then, after your answer, copy the exact sentences into <quotes> tags.",
    "Give the answer. Once you have answered, cite the line that supports it.",
    "Answer in <answer> tags; then, after giving the answer, list the supporting sentences word for word.",
    "Answer first in <answer>, then quotes in <quotes>.",
    "Reply with the figure. Next, once you've answered, quote the sentence it came from.",
])
def test_quotes_after_the_answer_are_no_quote_first(sentence: str) -> None:
    assert "quote_after" in grounding.read(sentence)


def test_once_the_quotes_are_there_the_answer_follows() -> None:
    assert "quote_first" in grounding.read("Before answering, quote the lines. Then, once you have the quotes, answer.")


@pytest.mark.parametrize("prompt", [
    f"Quote the report's exact supporting sentence(s) in <quotes>, then give Brightwater's Q3 2023 revenue in <answer>, based on that quote. <doc>{REPORT}</doc>",
    f"Copy the relevant sentences word for word into <quotes>; next, state Brightwater's revenue for the third quarter of 2023 in <answer>.\n\n<report>{REPORT}</report>",
    f"<report>\n{REPORT}\n</report>\nPut the exact supporting lines in <quotes> tags first, and then report the company's Q3 2023 revenue in <answer> tags, using only those quotes.",
])
def test_a_later_clause_that_asks_for_a_named_value_is_the_question(prompt: str) -> None:
    assert _solved(prompt)


@pytest.mark.parametrize("prompt", [
    f"Do two things, in this order.\n\nOne: read the report in the <r> tags and copy, unchanged, the sentence or sentences that give Brightwater's revenue for the third quarter of 2023. Put them between <quotes> and </quotes>.\n\nTwo: using only what you quoted, write that revenue between <answer> and </answer>.\n\n<r>\n{REPORT}\n</r>",
])
def test_word_numbered_steps_are_steps_not_questions(prompt: str) -> None:
    assert _solved(prompt)


@pytest.mark.parametrize("prompt", [
    f"Can you tell me Brightwater's third-quarter 2023 revenue from this report?\n\n---\n{REPORT}\n---\n\nMy program displays the evidence and the answer separately, so please reply in exactly this shape:\n<quotes>\n[the sentence(s) from the report that support the answer, copied exactly]\n</quotes>\n<answer>\n[the answer, based on the quotes]\n</answer>",
    f"{QUESTION}\n\n<report>{REPORT}</report>\n\nReply in this form:\n<quotes>[the supporting sentences, word for word]</quotes>\n<answer>[the revenue figure]</answer>",
])
def test_a_reply_skeleton_with_quotes_before_the_answer_is_quote_first(prompt: str) -> None:
    assert _solved(prompt)


@pytest.mark.parametrize("prompt", [
    f"{QUESTION}\n\n<report>{REPORT}</report>\n\nReply in this form:\n<answer>[the revenue figure]</answer>\n<quotes>[the supporting sentences, word for word]</quotes>",  # the answer's slot comes first
    f"Using the report in <report> tags, answer the question in <answer> tags. Then, after your answer, copy the exact sentences from the report that support it into <quotes> tags, word for word.\n\n<report>\n{REPORT}\n</report>\n\nQuestion: {QUESTION}",
    f"Give Brightwater's Q3 2023 revenue in <answer>. <doc>{REPORT}</doc>",  # no quotes at all
])
def test_answer_first_skeletons_and_decoys_still_fail(prompt: str) -> None:
    assert not _solved(prompt)


@pytest.mark.parametrize("sentence", [
    "My program shows the evidence and the answer separately, so please reply in exactly this shape:",
    "The app displays the title and the answer separately, so reply like this:",
    "We print the summary and the answer apart, therefore please use this layout:",
])
def test_a_clause_after_so_is_no_label(sentence: str) -> None:
    assert find_labels(sentence) == ()
