"""Round 10, lesson 09: the questions about a report are found however they are asked, and the quotes come first when asked for."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import blocks

OUT = "Answer only from the report, and if it does not contain an answer, say that the report does not give it."


def _passes(exercise: str, prompt: str) -> bool:
    """True when the prompt solves the exercise."""
    return check(exercise, record=False, prompt=prompt).passed


# -- 09.2: questions as a list led in by a colon, labelled 'Q1.', noun phrases ending in '?', or 'first, how many ...' -----------

@pytest.mark.parametrize("prompt", [
    f"<report>\n{REPORT}\n</report>\n\n{OUT} Tell me the following:\n(a) the number of bikes Brightwater sold in Q3 2024\n(b) its marketing spend in Q3 2024",
    f'"""\n{REPORT}\n"""\n\nUsing only the text above, give me:\n1. the number of bikes sold in the third quarter of 2024\n2. the marketing budget for that quarter\nIf the text is silent on one, write that the report does not say.',
    f"{OUT}\n\n<doc>\n{REPORT}\n</doc>\n\nQ1. Number of bikes Brightwater sold in Q3 2024.\nQ2. Amount Brightwater spent on marketing in Q3 2024.",
    f"{OUT}\n\n```\n{REPORT}\n```\n\nQuestion 1: Bikes sold in the third quarter of 2024.\nQuestion 2: Marketing spend in the third quarter of 2024.",
    f"{OUT}\n\n<report>\n{REPORT}\n</report>\n\n- Bikes sold by Brightwater in Q3 2024?\n- Brightwater's marketing outlay in Q3 2024?",
    f"Could you answer two things about the report below? First, how many bikes Brightwater sold in the third quarter of 2024; second, what it spent "
    f"on marketing in that quarter. Rely only on the report; if it's silent on something, just say the report doesn't mention it.\n\n<r>\n{REPORT}\n</r>",
    f"Please answer these questions from the report alone. Firstly, how many bikes did Brightwater sell in Q3 2024, and secondly, how much went on "
    f"marketing in Q3 2024. Say the report does not give it when that is so.\n\n<report>{REPORT}</report>",
])
def test_a_report_question_asked_in_any_common_form_is_answered_or_admitted(prompt: str) -> None:
    """The bikes come from the report and the marketing spend is admitted, whatever form the two questions take."""
    result = check("09.2", record=False, prompt=prompt)
    assert result.passed, result


@pytest.mark.parametrize("prompt", [
    f"<report>\n{REPORT}\n</report>\n\nTell me the following:\n(a) the number of bikes Brightwater sold in Q3 2024\n(b) its marketing spend in Q3 2024",
    f"```\n{REPORT}\n```\n\nQ1. Number of bikes Brightwater sold in Q3 2024.\nQ2. Amount Brightwater spent on marketing in Q3 2024.",
    f"Here is a report:\n\n[REPORT]\n{REPORT}\n[/REPORT]\n\nTwo questions. One: how many bikes did Brightwater sell in the third quarter of 2024? "
    f"Two: what was its marketing spend in that quarter? Give a number for each.",
])
def test_the_same_questions_without_the_restriction_or_the_out_still_fail(prompt: str) -> None:
    """Without 'only from the report' and an out, the questions are still found and the missing figure is made up."""
    assert not _passes("09.2", prompt)


@pytest.mark.parametrize("text", [
    "One: how many bikes did they sell? Two: what did they spend on marketing?",
    "Question one: what was the revenue? Question two: how many people work there?",
    "First: which stores opened? Second: how many bikes were sold?",
])
def test_a_numbered_question_after_a_colon_is_instruction_not_data(text: str) -> None:
    """'One: how many ...?' numbers a question; its colon does not introduce pasted data."""
    _, found = blocks.split(f"[REPORT]\n{REPORT}\n[/REPORT]\n\nI have two questions about this report. {text}")
    assert all(b.kind != "after colon" for b in found)


# -- 09.3: the question named by 'I need you to find ...', 'I want to know ...' or the quoting request itself -------------------

@pytest.mark.parametrize("prompt", [
    f"I need you to find Brightwater's third-quarter 2023 revenue in the report below. Start by extracting the relevant sentences word for word "
    f"into <quotes> tags. After that, give the figure in <answer> tags, using only what you quoted.\n\n<doc>\n{REPORT}\n</doc>",
    f"Could you find the company's revenue for Q3 2023 in this report? First copy the supporting sentences verbatim into <quotes>, then put the "
    f"figure in <answer>.\n\n<report>{REPORT}</report>",
    f"[REPORT]\n{REPORT}\n[/REPORT]\n\nI'd like to know Brightwater's revenue in the third quarter of 2023. Step one: copy, word for word, the "
    f"sentence(s) that state that revenue into <quotes> tags. Step two: based only on those quotes, state the revenue in <answer> tags.",
    f"Quote, verbatim and inside <quotes> tags, the sentences stating Brightwater's revenue for the third quarter of 2023, then give that "
    f"revenue in <answer> tags based on the quote.\n<text>\n{REPORT}\n</text>",
    f"Copy into <quotes> the report sentences about the company's revenue in Q3 2023, word for word, then answer in <answer> tags from "
    f"those quotes alone.\n\n<report>\n{REPORT}\n</report>",
    f"<report>{REPORT}</report>\nQ3 2023 revenue? Supporting sentences, verbatim, in <quotes> first; then the answer in <answer>.",
    f"We want to know Brightwater's Q3 2023 revenue. Begin with the exact sentences from the report in <quotes> tags, then the figure in "
    f"<answer> tags.\n\n\"\"\"\n{REPORT}\n\"\"\"",
    f"Pull out the lines that give the company's revenue for the third quarter of 2023 word for word into <quotes>; then, from those "
    f"quotes only, state it in <answer>.\n\n<report>\n{REPORT}\n</report>",
])
def test_the_question_a_quoting_request_names_is_quoted_then_answered(prompt: str) -> None:
    """Whether it is asked as 'find X', 'I want to know X' or 'quote the sentences giving X', the 2023 sentence is quoted first."""
    result = check("09.3", record=False, prompt=prompt)
    assert result.passed, result


@pytest.mark.parametrize("prompt", [
    f"I need you to find Brightwater's third-quarter 2023 revenue in the report below. Give the figure in <answer> tags.\n\n<doc>\n{REPORT}\n</doc>",
    f"[REPORT]\n{REPORT}\n[/REPORT]\n\nI'd like to know Brightwater's revenue in the third quarter of 2023. State it in <answer> tags, then "
    f"copy the sentence that supports it into <quotes> tags.",
])
def test_without_quotes_first_the_answer_is_not_checked_against_the_evidence(prompt: str) -> None:
    """No request to quote first (or quotes asked only after the answer): the exercise is not solved."""
    assert not _passes("09.3", prompt)
