"""Round 17, lesson 08 (chains of reasoning): form scaffolds with bracketed blanks, 'until X is complete', labelled chain items,
a ritual opener recited before answering at once, and a hint that describes the answer itself."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis import reasoning

Q = "Which NFL team won the Super Bowl in the year Justin Bieber was born?"


def _passes(exercise: str, **fields: str) -> bool:
    """Whether every check passes for the entry."""
    return all(o.passed for o in check(exercise, record=False, **fields).outcomes)


@pytest.mark.parametrize("form", [
    "Year of birth: (when Bieber was born)\nGame that year: (the Super Bowl played in that calendar year)\nWon by: (the winning team)\nAnswer: (team only)",
    "Born: (Bieber's birth year and how you know)\nSuper Bowl: (the one whose game fell in that year)\nAnswer: (just the team)",
])
def test_form_with_bracketed_blanks_is_a_scaffold(form: str) -> None:
    assert reasoning.read(f"{Q}\n\nLay your reply out like this:\n\n{form}\n\nFill in each line in order.").asked
    assert reasoning.sketched(f"{Q}\n\n{form}\n")


def test_form_scaffold_passes_and_bare_answer_line_fails() -> None:
    form = "Birth year: (the year, with a reason)\nSuper Bowl in that year: (the game played that calendar year)\nWinner: (who won it)\nAnswer: (the team only)"
    assert _passes("08.2", prompt=f"Please answer: {Q}\n\nUse this format:\n\n{form}\n\nFill in every line, Answer last.")
    assert not _passes("08.2", prompt=f"Please answer: {Q}\n\nUse this format:\n\nAnswer: (the team only)\n")


@pytest.mark.parametrize("hold", [
    "Do not name a team until the chain below is complete.",
    "Don't answer until every fact below has been established.",
    "Hold the team back till all three links are done.",
])
def test_until_the_chain_is_complete_holds_the_answer(hold: str) -> None:
    chain = reasoning.read(f"{Q}\n{hold}\nPut the team in <team></team> tags.")
    assert chain.asked and chain.order == "before"


@pytest.mark.parametrize("items", [
    "* Link 1 - When was Justin Bieber born?\n* Link 2 - Which Super Bowl was played in that year?\n* Link 3 - Who won it?",
    "- Part A: find Bieber's birth year.\n- Part B: find the Super Bowl played that calendar year.\n- Part C: who won it?",
    "1. Fact one: when was Bieber born?\n2. Fact two: which Super Bowl was played that year?",
])
def test_labelled_chain_items_are_a_plan(items: str) -> None:
    assert reasoning.read(f"{Q}\n\n{items}\n\nPut the team in <team></team> tags.").asked


def test_labelled_items_that_are_no_steps_and_the_bare_question_ask_nothing() -> None:
    assert not reasoning.read(f"{Q}\n* Tone - friendly.\n* Format - put the team in <team></team> tags.").asked
    assert not reasoning.read(f"{Q} Put the team in <team></team> tags.").asked


def test_fenced_bullet_chain_passes() -> None:
    prompt = (f"===\n{Q}\n===\n\nRules:\n* Say no team until the chain below is complete.\n* Link 1 - When was Bieber born?\n"
              "* Link 2 - Which Super Bowl was played in that calendar year?\n* Link 3 - Who won that game?\n* End with the team in <team></team> tags.")
    assert _passes("08.2", prompt=prompt)


@pytest.mark.parametrize("ritual", [
    "Begin your reply with the sentence 'Let me reason step by step.' and then immediately give the answer inside <answer></answer> tags, with nothing after it.",
    "Start with the words 'I will think this through step by step' and go straight to the answer in <answer></answer> tags, with nothing after it.",
    "Open your response with \"Let me work it out carefully.\" and right away put the answer in <answer></answer> tags, nothing after them.",
])
def test_ritual_opener_then_answer_at_once_fails(ritual: str) -> None:
    assert not reasoning.read(ritual).asked
    assert not _passes("08.3", template="{problem}\n\n" + ritual)


@pytest.mark.parametrize("real", [
    "Begin your reply with 'Let me reason step by step.' then work through the problem, and then give the answer inside <answer></answer> tags, with nothing after it.",
    "Think it through step by step, then immediately give the answer inside <answer></answer> tags, with nothing after it.",
])
def test_opener_followed_by_real_working_still_asks(real: str) -> None:
    assert reasoning.read(real).asked
    assert _passes("08.3", template="<problem>{problem}</problem>\n\n" + real)


@pytest.mark.parametrize("clue", [
    "Hint: the winner plays its home games in Arlington, Texas.",
    "Clue - the team you want has a star on its helmet.",
    "Tip: the correct team is from Texas and wears navy and silver.",
])
def test_hint_describing_the_answer_gives_it_away(clue: str) -> None:
    prompt = f"{Q} {clue} Work it out step by step (birth year, Super Bowl that calendar year, winner) and end with a line starting 'Answer:'."
    assert not _passes("08.2", prompt=prompt)


@pytest.mark.parametrize("method", [
    "Hint: the Super Bowl played in a calendar year belongs to the season before.",
    "Tip: the answer goes on the last line.",
    "Hint: the answer is not the team that first comes to mind.",
])
def test_hint_about_the_method_is_fine(method: str) -> None:
    prompt = f"{Q} {method} Work it out step by step (birth year, Super Bowl that calendar year, winner) and end with a line starting 'Answer:'."
    assert _passes("08.2", prompt=prompt)
