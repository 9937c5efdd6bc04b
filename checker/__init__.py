"""Graded exercises for the prompt-engineering course: specs, checks, the exercise widget, progress.

    from checker import exercise, check
    exercise("01.1")                      # the widget: task, editors, Run / Check / Hint / Reset / X-ray
    check("01.1", prompt="...")           # the same grading without a widget

Importing checker loads neither ipywidgets nor matplotlib; they are imported when first needed.
"""

from __future__ import annotations

from typing import Any

from checker.grading import Result, check
from checker.specs import Exercise, SpecError, all_exercises
from checker.specs import get as get_exercise
from checker.tracker import progress


def exercise(exercise_id: str, prompt: str | None = None, **fields: Any):
    """The exercise widget: `exercise("04.2")`, or pre-filled with `exercise("04.2", prompt="...")`."""
    from checker.widget import ExerciseWidget

    return ExerciseWidget(exercise_id, prompt=prompt, **fields)


def library(search: str = "", *, tag: str | None = None, task: str | None = None, include_reference: bool = True):
    """Your saved prompts and the course's reference prompts, filtered by words, a tag or a task ('classify', 'extract', ...)."""
    from checker.prompts import find

    return find(search, tag=tag, task=task, include_reference=include_reference)


def save_prompt(name: str, exercise_id: str, prompt: str | None = None, *, tags: list[str] | tuple = (), **fields: Any):
    """Save a prompt to your library; it is graded first and saved only if it passes (with its test set, guide and pass rate, if any)."""
    from checker.prompts import save

    return save(name, exercise_id, prompt=prompt, tags=tags, **fields)


def portfolio():
    """Your portfolio: your library entries with their pass rates, the exercises you solved, and a chart."""
    from checker.portfolio import portfolio as build

    return build()


__all__ = [
    "check", "exercise", "progress", "library", "save_prompt", "portfolio", "all_exercises", "get_exercise",
    "Result", "Exercise", "SpecError",
]
