"""Round 13, lesson 09 (09.2 answer only from the report / admit gaps; 09.3 quote first): classes of wording the readers missed."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import grounding
from tutor.offline import chaining, conversation, features

Q2 = ("How many bikes did Brightwater sell in the third quarter of 2024?", "How much did Brightwater spend on marketing in the third quarter of 2024?")


def _features(prompt: str) -> features.Features:
    """The model's reading of one user prompt."""
    return features.detect(conversation.Conversation(user=prompt))


# -- a fence called 'triple quotes' / 'quotation marks' asks for no quoting step ----------------------------------------------
@pytest.mark.parametrize("prompt", [
    f"I'll give you a report between triple quotes. It is your only source.\n\"\"\"\n{REPORT}\n\"\"\"\n1. {Q2[0]}\n2. {Q2[1]}\nIf the report has no answer, say so.",
    f"Here is a report inside triple quotes; use nothing else.\n\"\"\"\n{REPORT}\n\"\"\"\nA) {Q2[0]}\nB) {Q2[1]}\nWhere the report is silent, say it doesn't say.",
    pytest.param(f"We give you the report within double quotes below. Answer only from it, and say when it lacks an answer.\n\"{REPORT}\"\n{Q2[0]} {Q2[1]}", marks=pytest.mark.xfail(strict=True, reason="round 13 left undone: 'Answer only from it' (a pronoun source) is not read as a restriction by the checker")),
    pytest.param(f"You get a report between triple quotes. Stick to it; if something isn't in it, tell me it isn't.\n\"\"\"\n{REPORT}\n\"\"\"\n- {Q2[0]}\n- {Q2[1]}", marks=pytest.mark.xfail(strict=True, reason="round 13 left undone: 'Stick to it' is not read as a restriction")),
])
def test_a_fence_named_quotes_is_no_request_to_quote(prompt: str) -> None:
    """'A report between triple quotes' names the fence: both questions are answered, the gap admitted."""
    assert not chaining.asks_quotes(_features(prompt))
    assert check("09.2", record=False, prompt=prompt).passed


# -- a conditional lead-in 'Where X, do Y' makes an instruction, wherever it sits ------------------------------------------
@pytest.mark.parametrize("sentence", [
    "Where the document doesn't mention something, say that it isn't mentioned.",
    pytest.param("Wherever the report is silent on a point, reply that it is not covered.", marks=pytest.mark.xfail(strict=True, reason="round 13 left undone: 'is silent' is no state of not knowing for the grounding reader")),
    "Where a figure is missing from the text, write that the text does not give it.",
    pytest.param("In case the report lacks an answer, state that it is not there.", marks=pytest.mark.xfail(strict=True, reason="round 13 left undone: the 'In case' paragraph is still read as data here")),
])
def test_a_where_clause_leads_in_an_instruction(sentence: str) -> None:
    """A trailing 'Where ..., say ...' paragraph after the data is read as an instruction, so its out counts."""
    prompt = (f"You are an analyst who reports only what a source states.\n\n[BEGIN REPORT]\n{REPORT}\n[END REPORT]\n\n"
              f"Answer from the document:\n1. Number of bikes Brightwater sold in Q3 2024.\n2. Amount Brightwater spent on marketing in Q3 2024.\n\n{sentence}")
    assert "say_unknown" in _features(prompt).grounding
    assert check("09.2", record=False, prompt=prompt).passed


# -- a long lead-in before 'tell me (a) ... and (b) ...'; enumerated figure items; 'each answer one sentence' -------------
@pytest.mark.parametrize("prompt", [
    f"From the report in triple backticks only, with no outside knowledge, tell me (a) how many bikes Brightwater sold in Q3 2024 and (b) how much it spent on marketing in Q3 2024; if the report doesn't give one, say so.\n```\n{REPORT}\n```",
    f"Relying on nothing but the text fenced below and no background knowledge at all, give me (1) Brightwater's bike sales in Q3 2024 and (2) its marketing spend in Q3 2024; if one is missing, say the text doesn't give it.\n```\n{REPORT}\n```",
    f"Report:\n{REPORT}\nEnd of report.\n\nI need two facts from the report above. (1) Brightwater's bike sales in the third quarter of 2024. (2) Brightwater's marketing spend in that same quarter. Use only the report; for any fact it lacks, say it does not give it.",  # round 16: 'I need two facts' is a request
    pytest.param(f"Two figures, please, from the report only. (a) The number of bikes Brightwater sold in Q3 2024. (b) The amount it spent on marketing in Q3 2024. If the report lacks one, say so.\n<report>{REPORT}</report>", marks=pytest.mark.xfail(strict=True, reason="round 13 left undone: a verbless opening 'Two figures, please' paragraph before the data is read as data")),
    f"Please answer two questions.\n- Only use the report in <src> tags.\n- If it lacks an answer, say the report does not provide it.\n- Keep each answer to one sentence.\n<src>{REPORT}</src>\nQ1. {Q2[0]}\nQ2. {Q2[1]}",
    f"Use only the report in <doc> tags and say when it has no answer. One sentence per answer.\n<doc>{REPORT}</doc>\n1. {Q2[0]}\n2. {Q2[1]}",
])
def test_questions_in_other_layouts_are_all_answered(prompt: str) -> None:
    """Each figure asked for is answered, the missing one admitted, whatever the layout of the request."""
    result = check("09.2", record=False, prompt=prompt)
    assert result.passed, result


# -- near-misses that press for a figure must still fail --------------------------------------------------------------------
@pytest.mark.parametrize("prompt", [
    f"Answer both questions using the report in <report> tags. Where the report doesn't give a figure, work out a reasonable estimate from the other numbers.\n<report>{REPORT}</report>\n1. {Q2[0]}\n2. {Q2[1]}",
    f"Using only the report in the <report> tags, give a specific figure for each of the two questions.\n<report>{REPORT}</report>\n1. {Q2[0]}\n2. {Q2[1]}",
    f"Answer both questions using only the report in <report> tags. Keep each answer to one short sentence with the figure.\n<report>{REPORT}</report>\n1. {Q2[0]}\n2. {Q2[1]}",
    f"Use only the report. Come up with a plausible estimate where it is silent.\n<report>{REPORT}</report>\n1. {Q2[0]}\n2. {Q2[1]}",
    f"Read the report in <report> tags and answer the two questions.\n<report>{REPORT}</report>\n1. {Q2[0]}\n2. {Q2[1]}",
])
def test_pressing_for_a_figure_still_fails(prompt: str) -> None:
    """A demand for a figure for every question (or no restriction and no out) still gets an invented marketing figure."""
    assert not check("09.2", record=False, prompt=prompt).passed


def test_pressing_wordings_take_the_out_away() -> None:
    """'work out a reasonable estimate', 'a specific figure for each', 'each answer ... with the figure' press for an answer."""
    for s in ("Where the report doesn't give a figure, work out a reasonable estimate.", "Give a specific figure for each of the questions.",
              "Keep each answer to one short sentence with the figure.", "If it's missing, come up with a rough estimate."):
        assert "say_unknown" not in grounding.read(s), s


# -- 09.3: a plain-worded skeleton slot, fence talk in the question, 'I need X's revenue' ------------------------------------
@pytest.mark.parametrize("prompt", [
    f"<r>{REPORT}</r>\nQ3 2023 revenue? Reply as <quotes>verbatim supporting sentence(s)</quotes> then <answer>figure</answer>.",
    f"<doc>{REPORT}</doc>\nBrightwater's 2023 third-quarter revenue? Format: <quotes>the exact supporting sentence</quotes> then <answer>the figure</answer>.",
    f"Can you tell me Brightwater's third-quarter 2023 revenue from the report between the --- lines?\n---\n{REPORT}\n---\nBefore you answer, pull out the supporting sentence(s) exactly as written into <quotes></quotes>, then put the figure in <answer></answer>.",
    f"What was Brightwater's Q3 2023 revenue in the text between the ### markers?\n###\n{REPORT}\n###\nFirst copy the supporting sentences word for word into <quotes>, then answer in <answer>.",
    f"I need Brightwater's revenue for the third quarter of 2023, taken from the report between triple quotes. Format your reply like this:\n<quotes>the supporting sentence(s), copied verbatim from the report</quotes>\n<answer>the revenue figure</answer>\nWrite the quotes before the answer.\n\"\"\"\n{REPORT}\n\"\"\"",
    f"We want the company's revenue in Q3 2023 from the report below. Reply as <quotes>the sentence, word for word</quotes> and then <answer>the amount</answer>.\n<report>{REPORT}</report>",
])
def test_quote_first_in_other_wordings(prompt: str) -> None:
    """The 2023 sentence is quoted first and the 2023 figure given."""
    result = check("09.3", record=False, prompt=prompt)
    assert result.passed, result


@pytest.mark.parametrize("prompt", [
    f"What was Brightwater's revenue in the third quarter of 2023, from the report between the --- lines?\n---\n{REPORT}\n---",
    f"I need Brightwater's revenue for Q3 2023 from the report between triple quotes. Put it in <answer> tags.\n\"\"\"\n{REPORT}\n\"\"\"",
    f"<r>{REPORT}</r>\nQ3 2023 revenue? Reply as <answer>figure</answer>.",
])
def test_no_quote_request_still_fails(prompt: str) -> None:
    """Without a request for quotes first, the skimming reader takes the 2024 figure: still a near-miss."""
    assert not check("09.3", record=False, prompt=prompt).passed
