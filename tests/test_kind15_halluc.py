"""Round 15, lesson 09 (09.2 only the report, admit gaps; 09.3 quotes first): classes of wording the readers missed."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import grounding
from tutor.offline import sources

Q2 = ("How many bikes did Brightwater sell in the third quarter of 2024?", "How much did Brightwater spend on marketing in the third quarter of 2024?")
ITEMS = ("1. Bikes sold by Brightwater in the third quarter of 2024", "2. Brightwater's marketing spend in the third quarter of 2024")
RULE = "If the report does not give a figure, say that it does not. Do not guess."
Q3_REPLY = "Copy the supporting sentences word for word into <quotes> tags first, then give the answer in <answer> tags."


# -- a heading without a colon leads in the list of figures asked for -----------------------------------------------------
@pytest.mark.parametrize("head", ["### Questions", "## Questions", "**Questions**", "QUESTIONS", "Questions", "### Figures needed",
                                  "## What I need", "# Questions to answer", "Questions:", "**Questions:**"])
def test_a_heading_leads_in_the_items_it_heads(head: str) -> None:
    """'### Questions' above '1. Bikes sold in 2024' asks for each item, as 'Questions:' does."""
    prompt = f"### Task\nWork only from the report below.\n\n### Report\n{REPORT}\n\n{head}\n{ITEMS[0]}\n{ITEMS[1]}\n\n### Rules\n- {RULE}"
    result = check("09.2", record=False, prompt=prompt)
    assert result.passed, result


def test_a_heading_list_without_the_restriction_still_fails() -> None:
    """The same layout with no restriction and no out: the missing figure is made up (a near-miss)."""
    prompt = f"### Report\n{REPORT}\n\n### Questions\n{ITEMS[0]}\n{ITEMS[1]}"
    assert not check("09.2", record=False, prompt=prompt).passed


# -- one negation bans every verb it joins: 'do not invent or estimate one' --------------------------------------------
@pytest.mark.parametrize("rule", ["Do not invent or estimate one.", "Never make up or estimate a figure.", "Don't guess, invent or estimate a value.",
                                  "Do not guess or estimate the number.", "You must not invent nor estimate one.", "Avoid guessing or estimating one."])
def test_a_negated_list_of_verbs_is_no_press(rule: str) -> None:
    """'Do not invent or estimate one' forbids the estimate: it is an out, not a demand for one."""
    names = grounding.read(f"If the report does not contain a figure, say so. {rule}")
    assert "answer_anyway" not in names and "say_unknown" in names


@pytest.mark.parametrize("rule", ["If the report does not contain a figure, estimate one.", "Where the report is silent, give your best estimate.",
                                  "If you do not know the answer, estimate it."])
def test_an_estimate_asked_for_still_presses(rule: str) -> None:
    """An estimate asked for (not negated) still takes the out away."""
    assert "say_unknown" not in grounding.read(rule)


# -- a 'what it says' clause stands for the document, it asks nothing -----------------------------------------------------
@pytest.mark.parametrize("lead", [
    "Can you read this report and answer two questions using nothing but what it says?",
    "Could you answer two questions based only on what the report states?",
    "Please answer the questions below, going by what is written there and nothing else.",
    "Answer these from what the text contains, nothing more.",
    "Would you answer two questions, sticking to what the report tells you?",
    "Answer two questions using only what is in the report.",
])
def test_a_what_clause_naming_the_source_is_no_question(lead: str) -> None:
    """The numbered questions after the fenced report are the ones answered, not 'what it says'."""
    prompt = f"{lead}\n\n```\n{REPORT}\n```\n\n1) {Q2[0]}\n2) {Q2[1]}\n\nFor anything the report doesn't mention, just say it's not in the report."
    result = check("09.2", record=False, prompt=prompt)
    assert result.passed, result


# -- a date ruled out is no date asked about; a verb that only carries the value's noun is not required ---------------------
@pytest.mark.parametrize("question", [
    "What was Brightwater's revenue in the third quarter of 2023 (not 2024)?",
    "What was Brightwater's revenue in Q3 2023, rather than 2024?",
    "I want the Q3 2023 revenue, not the 2024 one.",
    "What revenue did the company report for the third quarter of 2023 as opposed to 2024?",
    "How much revenue did Brightwater make in the third quarter of 2023?",
    "How much revenue did Brightwater generate in Q3 2023?",
    "How much revenue did Brightwater bring in during the third quarter of 2023?",
    "Give the revenue Brightwater made in Q3 2023.",
    "State the revenue the company earned in the third quarter of 2023.",
])
def test_the_2023_revenue_is_quoted(question: str) -> None:
    """Quotes first: the 2023 sentence is quoted and its figure given, whatever the question's wording."""
    prompt = f"Answer from the report only.\n\n---\n{REPORT}\n---\n\nQuestion: {question}\n\n{Q3_REPLY}"
    result = check("09.3", record=False, prompt=prompt)
    assert result.passed, result


@pytest.mark.parametrize("question", ["How much revenue did Brightwater make in the third quarter of 2023?",
                                      "What was Brightwater's revenue in the third quarter of 2023 (not 2024)?"])
def test_without_quotes_first_the_year_trap_still_catches(question: str) -> None:
    """Without a request to quote first the model skims: the near-miss still fails."""
    prompt = f"Answer from the report only.\n\n---\n{REPORT}\n---\n\nQuestion: {question}"
    assert not check("09.3", record=False, prompt=prompt).passed


def test_a_spend_question_keeps_its_verb() -> None:
    """'How much did X spend on marketing': no noun before 'did', the verb carries the meaning."""
    assert sources._light_verb(Q2[1]) == set()
