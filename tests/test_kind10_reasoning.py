"""Round 10, lesson 08: classes of wording and layout the reasoning reader, the offline model and the checks now handle."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis import reasoning

BIEBER = "Which NFL team won the Super Bowl in the year Justin Bieber was born?"
BAT = "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?"


# A worked solution asked for first is the reasoning, not the answer.

@pytest.mark.parametrize("text", [
    "Write your step-by-step solution first. Then give the amount in <answer></answer> tags at the end.",
    "Give a worked solution first, and after it the final amount inside <answer></answer> tags.",
    "Lay out the detailed solution first, then the answer in <answer> tags.",
    "Set down a full solution up front; close with the final answer in <answer></answer> tags.",
    "Present your step by step solution first, then the number in <answer> tags.",
    "Write the worked-out solution first and only then the answer in <answer></answer> tags.",
    "Show a complete solution first. Finish with the final amount between <answer> and </answer>.",
    "Your written-out solution comes first; the final amount then goes in <answer></answer> tags.",
])
def test_a_worked_solution_first_is_reasoning_before_the_answer(text: str) -> None:
    """'your step-by-step solution first': the solution qualified as worked is the reasoning, so the order is reasoning first."""
    chain = reasoning.read(text)
    assert chain.asked and chain.order == "before", chain


@pytest.mark.parametrize("text", [
    "Give the solution first, then explain your reasoning.",
    "State the final answer first, then show your working.",
    "Put your answer at the top and write out your reasoning underneath.",
])
def test_the_answer_itself_first_is_still_reasoning_after(text: str) -> None:
    """A bare 'solution' or 'answer' asked for first still puts the reasoning after the answer."""
    assert reasoning.read(text).order == "after"


@pytest.mark.parametrize("prompt", [
    f"Puzzle: {BAT}\nInstructions: Think before you answer. Write your step-by-step solution first. Then give the final amount inside <answer></answer> tags at the end.\nResponse:",
    f"Problem: {BAT}\nWhat to do: write a worked solution first, then put only the amount inside <answer></answer> tags at the very end.",
    f"Question: {BAT}\nTask: Produce your detailed solution first and then the final amount in <answer></answer> tags, last.\nAnswer:",
    f"### Puzzle\n{BAT}\n### Instructions\nThink carefully. Give a full solution first; the final amount goes inside <answer></answer> tags at the end.",
])
def test_label_layouts_with_a_worked_solution_first_pass_08_1(prompt: str) -> None:
    """Label-style layouts ('Puzzle: / Instructions: / Response:') asking for a worked solution first pass."""
    result = check("08.1", record=False, prompt=prompt)
    assert result.passed, result


# Numbered hops ('Step 1: ... Step 2: ...') in any verbs are a plan worked before the answer.

@pytest.mark.parametrize("text", [
    "Step 1: give his date of birth. Step 2: name the Super Bowl played that year. Finally, put the team in <winner> tags.",
    "Step one, say when he was born. Step two, say which game was played that year. Then the team in <team></team> tags.",
    "Stage 1: his birthday. Stage 2: the game that calendar year. Stage 3: the winner. Last, the team inside <answer> tags.",
    "Hop 1 - his year of birth.\nHop 2 - the Super Bowl of that year.\nThen write Answer: followed by the team.",
    "Step 1) Bieber's birth date\nStep 2) the game played in that year\nStep 3) who won\nPut the team between <team> and </team>.",
    "Step 1. tell me the year. Step 2. tell me the game. Step 3. tell me who won it. Then the name in <answer> tags.",
    "Step 1: write the birth year.  Step 2: write the Super Bowl number.  End with the team in <winner></winner>.",
    "Step 1 - birth date. Step 2 - matching Super Bowl and its date. Step 3 - its winner. Finally the team in <result> tags.",
])
def test_numbered_hops_ask_for_reasoning_first(text: str) -> None:
    """'Step 1: give X. Step 2: name Y.' lays out the hops to work before the answer, whatever the verbs."""
    chain = reasoning.read(text)
    assert chain.first, chain


@pytest.mark.parametrize("text", [
    "Step 1: give the final answer in <answer> tags. Step 2: explain it.",
    "In step 1 we collect data; step two of the pipeline is cleaning. Give the answer in <answer> tags.",
])
def test_steps_that_start_with_the_answer_or_are_not_a_plan(text: str) -> None:
    """A first step that is the answer itself, or 'step' without a numbered label, is no plan to reason first."""
    assert not reasoning.read(text).first


@pytest.mark.parametrize("prompt", [
    f"I want to see the hops. Here it is:\n\n```\n{BIEBER}\n```\n\nStep 1: give Bieber's date of birth. Step 2: name the Super Bowl played in that calendar year, with its date. Step 3: say who won. Finally, put the team's name between <winner> and </winner>.",
    f"{BIEBER}\nStep 1: state his birth date.\nStep 2: give the Super Bowl whose game was played in that calendar year.\nStep 3: give its winner.\nThen the team alone inside <team></team> tags.",
    f"Question: {BIEBER}\nStep one, when was he born? Step two, which Super Bowl game was played in that calendar year? Step three, who won it? Finish with a last line starting Answer: and the team.",
])
def test_numbered_hops_pass_08_2(prompt: str) -> None:
    """Experts who number the hops in their own verbs pass 08.2."""
    result = check("08.2", record=False, prompt=prompt)
    assert result.passed, result


# 08.1 asks for the answer tags at the end: text asked for after them fails.

@pytest.mark.parametrize("prompt", [
    f"Solve this step by step, then give the price inside <answer></answer> tags. After the answer tags, add a short paragraph on why people get it wrong.\n\n<problem>{BAT}</problem>",
    f"<problem>{BAT}</problem>\nWork it out step by step and put the amount in <answer></answer> tags. Then add a one-line note about the common mistake.",
    f"Reason step by step, put the ball's price in <answer></answer> tags, and below the tags write a sentence on why the quick answer is tempting.\n{BAT}",
    f"{BAT}\nThink it through step by step, give the final amount in <answer></answer> tags, then finish with a short summary of the trap.",
])
def test_text_asked_after_the_answer_tags_fails_08_1(prompt: str) -> None:
    """A coda after the <answer> tags breaks 'the final answer at the end' (the task's own words)."""
    result = check("08.1", record=False, prompt=prompt)
    assert not result.passed
    assert any("end" in o.title and not o.passed for o in result.outcomes), result


@pytest.mark.parametrize("prompt", [
    f"Solve the problem in the <problem> tags step by step, then give only the amount in <answer></answer> tags at the very end.\n<problem>{BAT}</problem>",
    f"{BAT}\nWork through it step by step first. End your reply with the amount inside <answer></answer> tags and write nothing after them.",
    f"Think it through carefully, step by step, then put the final amount inside <answer></answer> tags.\n\n\"\"\"{BAT}\"\"\"",
])
def test_answer_tags_last_still_pass_08_1(prompt: str) -> None:
    """Experts whose reply ends on the answer tags pass the new check."""
    result = check("08.1", record=False, prompt=prompt)
    assert result.passed, result


# 08.3 cheats: guesses pre-filled into the answer slot, and an opening answer tag written at the end.

@pytest.mark.parametrize("template", [
    "Step by step reasoning think first working <answer></answer> <answer>5</answer> <answer>$0.05</answer> <answer>47</answer> nothing after {problem}",
    "Reason step by step, then answer in <answer></answer> tags, nothing after them. Likely answers: <answer>5</answer> or <answer>47</answer>.\n{problem}",
    "Think step by step. Final answer in <answer></answer> tags, nothing after. e.g. <answer>4</answer>\n<problem>{problem}</problem>",
    "<problem>{problem}</problem>\nWork it out step by step, then the answer in <answer></answer> tags and stop. Hints: <answer> 47 </answer>",
    "Work step by step, then <answer></answer> with nothing after. Examples: <final_answer>5</final_answer>\n{problem}",
])
def test_answer_figures_prefilled_in_the_slot_are_dictated_08_3(template: str) -> None:
    """'<answer>5</answer>' in the template hands over an expected answer's figure: the template dictates it."""
    result = check("08.3", record=False, template=template)
    assert not result.passed
    assert any("give" in o.title and not o.passed for o in result.outcomes), result


def test_a_format_example_with_another_figure_is_not_dictation_08_3() -> None:
    """A format example whose figure is no expected answer ('<answer>42</answer>') dictates nothing."""
    template = "Solve the problem in the <problem> tags step by step, then give the final answer in <answer></answer> tags (like <answer>42</answer>) with nothing after.\n<problem>{problem}</problem>"
    result = check("08.3", record=False, template=template)
    assert result.passed, result


@pytest.mark.parametrize("template", [
    "<problem></problem>\nThink step by step, then give the final answer inside <answer></answer> tags with nothing after.\n{problem}\n<answer>",
    "Work through the problem step by step, then put the answer in <answer></answer> tags and stop.\n<problem>{problem}</problem>\n<answer>",
    "Reason carefully first. The final answer goes in <answer></answer> tags, nothing after them.\n{problem}\n\n<answer> ",
    "Solve step by step; answer inside <result></result> tags with nothing after.\n<problem>{problem}</problem>\n<result>",
])
def test_a_template_ending_on_an_opened_answer_tag_skips_reasoning_08_3(template: str) -> None:
    """A template ending on '<answer>' begins the answer for the model: it answers straight away, without reasoning."""
    assert not check("08.3", record=False, template=template).passed


@pytest.mark.parametrize("template", [
    "Solve the word problem in the <problem> tags. Work through it step by step, then give the final answer inside <answer></answer> tags, with nothing after them.\n<problem>{problem}</problem>",
    "<problem>\n{problem}\n</problem>\nReason step by step first. Then write the final answer inside <answer></answer> tags and end there.",
])
def test_answer_tags_named_but_not_opened_still_pass_08_3(template: str) -> None:
    """Templates that name the answer tags without opening them pass."""
    result = check("08.3", record=False, template=template)
    assert result.passed, result
