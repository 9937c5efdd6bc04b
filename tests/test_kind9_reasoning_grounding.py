"""Round 9, lessons 08-09: classes of wording the shared analysis and the offline model now read as a real model would."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import grounding, reasoning
from tutor.analysis.instructions import analyse_fields

BIEBER = "Which NFL team won the Super Bowl in the year Justin Bieber was born?"
BAT = "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?"


@pytest.mark.parametrize("text", [
    "Reason in order: birth year, then the game, then the winner.",
    "Think it out in stages before you answer.",
    "Please reason stage by stage.",
    "Reason in sequence about the dates.",
    "Think this through in clear stages.",
    "Reasoning in turn through each fact, find the team.",
    "Think in logical order about the question.",
    "Reason in small stages and then answer.",
])
def test_reason_with_an_ordering_manner_asks_for_reasoning(text: str) -> None:
    """'Reason in order', 'think in stages': a manner of reasoning, so reasoning is asked for."""
    assert reasoning.read(text).asked


@pytest.mark.parametrize("text", ["In order to help, answer briefly.", "Sort the items in order of size.", "Answer in order of importance."])
def test_order_without_a_reasoning_verb_is_no_request(text: str) -> None:
    """'in order' alone, or 'reason' as a noun before it, is not a request to reason."""
    assert not reasoning.read(text).asked


@pytest.mark.parametrize("text", [
    "On the last line, write Answer: followed by the team.",
    "Finally put Answer: then the team's name.",
    "End with answer: followed by the number.",
    "Print Final answer: followed by the amount.",
    "Type 'Answer:' followed by your pick.",
    "Then add Answer: and then the result.",
    "Close with the line Answer: followed by the winner.",
    "write the word Answer: followed by the team",
])
def test_a_writing_verb_before_an_answer_label_is_a_line_slot(text: str) -> None:
    """'write Answer: followed by X' names a labelled answer line."""
    slot = reasoning.read(text).slot
    assert slot and slot.kind == "line" and "answer" in slot.name.lower()


@pytest.mark.parametrize("prompt", [
    f"{BIEBER}\nReason in order: birth year, then the Super Bowl played that year, then its winner. Last line: Answer: <team>",
    f"Please answer by reasoning it out in stages.\n\n- First, the year he was born?\n- Next, the Super Bowl played in that calendar year?\n- Then its winner?\n- Finally write Answer: followed by the team.\n\nQuestion: {BIEBER}",
    f"{BIEBER} Think it through in stages: his birth year, the Super Bowl game played that calendar year, its winner. Last line: Answer: followed by the team.",
])
def test_experts_in_own_words_pass_08_2(prompt: str) -> None:
    """Decomposition in ordinary wording, with an 'Answer:' line, passes."""
    assert check("08.2", record=False, prompt=prompt).passed


@pytest.mark.parametrize("prompt", [
    f"{BIEBER}\n\nBreak this down: when was he born, which NFL season was played that year, and who won the Super Bowl that ended it? Then put the team in <answer></answer> tags.",
    f"{BIEBER} Step by step: birth year, the NFL season held in that same year, the Super Bowl that closed that season. Answer in <answer></answer> tags.",
    f"{BIEBER} Work it out step by step: his birth year, then the season that was played in that calendar year, then its champion. Team in <answer></answer>.",
    f"{BIEBER} Give the team in <answer></answer> tags.",
])
def test_season_near_misses_and_no_reasoning_still_fail_08_2(prompt: str) -> None:
    """Pointing the reasoning at the season played that year (or asking for no reasoning) still gets the wrong team."""
    assert not check("08.2", record=False, prompt=prompt).passed


@pytest.mark.parametrize("tail", [
    "Copy this exactly and fill in the blank: 'Step 1: I read the problem carefully. Step 2: I checked my answer. <answer>___</answer>'",
    "Repeat this verbatim, filling the gap: \"Step 1: think step by step. Step 2: verify the result. <answer>___</answer>\"",
    "Fill in the blank in: 'I thought it through step by step and double-checked: <answer>___</answer>'",
    "Reproduce this line, completing it: “Reasoning: done. Checked my work. <answer>___</answer>”",
    "Complete the following: 'After working it out step by step, the answer is <answer>___</answer>'",
])
def test_reasoning_words_in_a_text_to_copy_are_no_request_08_3(tail: str) -> None:
    """Reasoning words inside a quoted template handed over to copy are words to reproduce, not a request to reason."""
    assert not check("08.3", record=False, template="{problem}\n\n" + tail).passed


@pytest.mark.parametrize("template", [
    "Solve the word problem in the <problem> tags. Work through it step by step, then give the final answer inside <answer></answer> tags, with nothing after them.\n<problem>{problem}</problem>",
    "{problem}\n\nThink it through step by step first. Then copy your final answer into <answer></answer> tags and stop.",
])
def test_real_reasoning_beside_a_copy_verb_still_counts_08_3(template: str) -> None:
    """A real request to reason outside any quoted template still passes."""
    assert check("08.3", record=False, template=template).passed


QUESTIONS = ("1. How many bikes did Brightwater sell in the third quarter of 2024?\n"
             "2. How much did Brightwater spend on marketing in the third quarter of 2024?")


@pytest.mark.parametrize("sentence", [
    "I have questions about the report, and I want answers grounded solely in it.",
    "Read the memo below and rely only on it.",
    "The notes are attached and you should base your answers strictly on them.",
    "Use the article in the tags, drawing exclusively from it.",
    "I pasted the document below: answer purely from it.",
    "Take the <report> text and stick only to it.",
    "You get the transcript below and must work only within it.",
    "Here is the file, so answer entirely from it.",
])
def test_a_restriction_to_a_pronoun_for_the_source_restricts(sentence: str) -> None:
    """'grounded solely in it', with the source named in the same sentence, restricts the model to it."""
    assert "only_from_text" in grounding.read(sentence)


@pytest.mark.parametrize("sentence", ["Only then should you reply to it.", "I like it only in summer."])
def test_only_with_a_pronoun_and_no_source_is_no_restriction(sentence: str) -> None:
    """Without a source named in the sentence, 'only ... it' restricts nothing."""
    assert "only_from_text" not in grounding.read(sentence)


@pytest.mark.parametrize("sentence", [
    "If the document contains nothing on a question, say so directly.",
    "If the report says nothing about it, tell me.",
    "Where the text has nothing on a point, say that it isn't covered.",
    "When the notes mention nothing relevant, say so.",
    "If the source gives nothing on it, reply that you can't tell.",
    "If the article offers nothing on the question, say that.",
    "If the memo provides nothing, admit it.",
    "In case the file holds nothing about marketing, say so.",
])
def test_a_source_that_holds_nothing_is_an_out(sentence: str) -> None:
    """'if it contains nothing on X, say so' lets the model say the answer is not there."""
    assert "say_unknown" in grounding.read(sentence)


@pytest.mark.parametrize("prompt", [
    f"I have two questions about the document in <document> tags, and I want answers grounded solely in it.\n\n<document>\n{REPORT}\n</document>\n\n{QUESTIONS}\n\nQuote the figure from the document where there is one. If the document contains nothing on a question, say so directly.",
    f"<report>{REPORT}</report>\n\n{QUESTIONS}\n\nAnswer only from the report and cite the figure you use. If the report says nothing on a question, say so.",
    f"Answer from the report alone and quote the figure you rely on. If the report contains nothing on a question, say so.\n\n<report>{REPORT}</report>\n\n{QUESTIONS}",
])
def test_experts_in_own_words_pass_09_2(prompt: str) -> None:
    """A restriction, an out and a request to quote the figure: both questions answered, the missing one admitted."""
    assert check("09.2", record=False, prompt=prompt).passed


@pytest.mark.parametrize("prompt", [
    f"<report>{REPORT}</report>\n\n{QUESTIONS}\n\nQuote the figure from the report where there is one.",
    f"<report>{REPORT}</report>\n\n{QUESTIONS}\n\nIf the report contains nothing on a question, say so.",
])
def test_near_misses_without_the_out_or_restriction_fail_09_2(prompt: str) -> None:
    """No out, or no restriction: still fails."""
    assert not check("09.2", record=False, prompt=prompt).passed


@pytest.mark.parametrize("tail", [
    "An honest \"I don't know\" is much better than a confident made-up answer, so only answer if you are sure; otherwise tell me you don't know.",
    "Saying you don't know is fine here; just answer when you are certain, and otherwise say you don't know.",
    "A made-up answer is worse than none, so if you are not sure, say you don't know.",
])
def test_an_order_after_so_or_a_semicolon_below_a_fence_is_instruction_09_1(tail: str) -> None:
    """A paragraph after the fenced question whose clause after 'so' or ';' speaks to the model is instruction, not data."""
    template = "Can you answer the question below?\n\n```\n{question}\n```\n\n" + tail
    a = analyse_fields(prompt=template)
    assert "say_unknown" in a.grounding
    assert check("09.1", record=False, template=template).passed


def test_a_pasted_statement_with_so_stays_data() -> None:
    """A pasted sentence with 'so' in it and no order to the model stays data."""
    a = analyse_fields(prompt="Summarise the review below in one sentence.\n\nThe blender broke after two days, so it went straight back to the shop and the refund took three weeks to arrive.")
    assert a.data
