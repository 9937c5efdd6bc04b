"""Round 15 (eval2): a step prompt whose own words resume on the data's line, and answers limited to 'the copied sentences'."""

from __future__ import annotations

import pytest

from tutor.analysis import grounding
from tutor.offline import model

QUOTES = ("In 2021 the museum had 96,000 visitors, even though it was closed for two months.\n"
          "In 2022 the museum had 118,000 visitors, its best year so far.")
QUESTION = "How many visitors did the museum have in 2022?"


@pytest.mark.parametrize("template", [
    "In one sentence, and using only these quotes: {q} answer this question: {question}",
    "Using only these quotes: {q} answer in one sentence: {question}",
    "Relying only on the quotes here: {q} now answer, in one sentence, the question {question}",
    "Stick to these quotes: {q} then answer this in one sentence: {question}",
    "With only the following quotes: {q} reply to this question in one sentence: {question}",
    "Based only on these quotes: {q} answer this in a single sentence: {question}",
])
def test_instruction_resumes_after_slot_on_same_line(template: str) -> None:
    """The data ends where the prompt's lower-case request resumes; the answer uses the year asked about."""
    reply = model.respond([{"role": "user", "content": template.format(q=QUOTES, question=QUESTION)}]).text
    assert "118,000" in reply and "96,000" not in reply


def test_lower_case_sentence_inside_data_without_request_stays_data() -> None:
    """A lower-case sentence that asks nothing of the model does not end the data."""
    prompt = "Summarise this note in one sentence: The van broke down on Monday. it was fixed by Wednesday and deliveries resumed."
    reply = model.respond([{"role": "user", "content": prompt}]).text
    assert reply


@pytest.mark.parametrize("text", [
    "Answer the question in one sentence, drawing only on the copied sentences.",
    "Reply using solely the extracted lines.",
    "Base your answer only on the previously selected passages.",
    "Answer from nothing but the gathered sentences.",
    "Use just the quoted text, in one sentence.",
    "Answer strictly from those chosen sentences.",
])
def test_restricts_to_copied_sentences(text: str) -> None:
    """'only the copied sentences' limits the answer to the quotes handed over."""
    assert grounding.restricts_to_quotes(text)


@pytest.mark.parametrize("text", [
    "Answer the question in one sentence.",
    "Answer the question in one sentence using the copied sentences and your own knowledge.",
    "Copy the relevant sentences, then answer.",
])
def test_no_restriction_without_only(text: str) -> None:
    """Naming the copied sentences without 'only' restricts nothing (a near-miss still fails)."""
    assert not grounding.restricts_to_quotes(text)


@pytest.mark.parametrize("text", [
    "Assign each ticket an urgency of low, medium or high. Give only the word.",
    "Give every ticket a priority of low, medium or high.",
    "Rate the ticket with a severity of low / medium / high.",
    "Each ticket gets a category of billing, technical or account; reply with that word.",
    "Levels (use exactly these spellings, all lowercase):\nlow\nmedium\nhigh\n\nReply with one level.",
    "Priorities (lowercase, one word):\nlow\nmedium\nhigh",
    "Urgency levels:\nlow\nmedium\nhigh\nAnswer with one of them.",
    "## Grades (pick one)\nlow\nmedium\nhigh",
])
def test_label_set_after_dimension_or_under_heading(text: str) -> None:
    """'an urgency of low, medium or high' and a 'Levels (...):' heading over bare lines offer the set."""
    from tutor.analysis.shape import find_labels
    assert set(find_labels(text)) >= {"low", "medium", "high"} or set(find_labels(text)) == {"billing", "technical", "account"}


@pytest.mark.parametrize("text", [
    "Keep the level of detail, tone and length suitable for a manager.",
    "Classify the ticket's urgency. Give one word.",
])
def test_no_label_set_without_labels(text: str) -> None:
    """A dimension named without its values offers no set (a near-miss still fails)."""
    from tutor.analysis.shape import find_labels
    assert find_labels(text) == ()
