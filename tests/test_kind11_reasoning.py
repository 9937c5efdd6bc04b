"""Round 11, lesson 08: which Super Bowl the model counts, read from how the prompt ties the game to the year."""

from __future__ import annotations

import pytest

from checker.grading import check

BIEBER = "Which NFL team won the Super Bowl in the year Justin Bieber was born?"


def _passes(prompt: str) -> bool:
    """Whether 08.2 passes this prompt."""
    return check("08.2", record=False, prompt=prompt).passed


# The game tied to the calendar year (played, held, took place, its date, not the season) counts the game of 1994.

@pytest.mark.parametrize("steps", [
    "First: his birth year. Second: the Super Bowl played that calendar year. Third: its winner. Then <team>TEAM</team>.",
    "Work out, in order, Bieber's birth year, the Super Bowl held in that year, and its winner; then the team in <team></team> tags.",
    "Step 1, the year he was born. Step 2, the Super Bowl that took place that year. Step 3, who won. Finish with the team in <team></team>.",
    "Before you answer, find his year of birth, then the Super Bowl whose game date falls in that year, then the winner. Team goes in <team></team>.",
    "Reason it out first: birth year -> the Super Bowl game that happened in that year -> the champion. Last line: Answer: <team>",
    "Deduce step by step: when was he born? Which Super Bowl was staged in that year (the game itself, not the season)? Who won it? Then put the team in <team></team> tags.",
    "A common mistake is to pair a year with that year's NFL season, whose Super Bowl is played the next January. Avoid that. "
    "List his birth year, the Super Bowl played within that calendar year, and its winner, then the team in <team></team> tags.",
    "Be careful: don't confuse the game with that year's NFL season. Reason through the birth year, the Super Bowl that took place in that year, "
    "and who won it, and only then give the team in <answer></answer> tags.",
    "Think in three steps (birth year; the Super Bowl played in that calendar year; the winner) and end with a line 'Answer: <team>'.",
    "Go through the facts first - Bieber's birth year, the Super Bowl that occurred during that year, the team that won - then write the team in <winner></winner> tags.",
])
def test_the_game_tied_to_the_calendar_year_counts_the_game_played_then(steps: str) -> None:
    """The prompt ties the game to the year (or warns against the season): the chain lands on the Dallas Cowboys."""
    assert _passes(f"{BIEBER}\n\n{steps}"), steps


# Nothing ties the game to the calendar year: the year is read as that year's season (the game of January 1995).

@pytest.mark.parametrize("steps", [
    "Work through the facts in order: his birth year, which Super Bowl belongs to that year, and who won it. Then the team in <team></team> tags.",
    "Reason step by step about the question and put the team in <team></team> tags.",
    "First find his birth year, then that year's Super Bowl, then its winner. Put only the team in <answer></answer> tags.",
    "Think it through before answering and end with 'Answer: <team>'.",
    "Break it down: the birth year, the Super Bowl for that year, the champion. Then <team>TEAM</team>.",
    "List his birth year, the NFL season of that year and its Super Bowl, and the winner; then the team in <team></team> tags.",
])
def test_an_open_year_is_read_as_the_season(steps: str) -> None:
    """No anchor to the calendar year (or a season asked for): the chain counts the season's game, so 08.2 fails."""
    assert not _passes(f"{BIEBER}\n\n{steps}"), steps
