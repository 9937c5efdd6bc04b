"""The course's bundled teaching data set (versioned JSON files) and small loaders for lessons.

`from tutor.data import reviews` gives plain dicts and lists; each call returns a fresh copy, so a
notebook can change what it gets without changing what the offline model knows.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "version", "reviews", "articles", "emails", "transcript", "transcript_text", "tickets", "catalogue",
    "problems", "unknown_questions", "injected_texts", "facts", "attacks", "load",
]


@cache
def _raw(name: str) -> Any:
    """One data file, parsed once and shared (read-only by convention)."""
    return json.loads(resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8"))


def load(name: str) -> Any:
    """A fresh copy of a data file by name (e.g. 'reviews')."""
    return copy.deepcopy(_raw(name))


def version() -> str:
    """The data set's version string."""
    return str(_raw("manifest")["version"])


def reviews() -> list[dict]:
    """Product reviews with sentiment, rating and the aspects they mention."""
    return load("reviews")


def articles() -> list[dict]:
    """Short news articles with key facts and a reference summary."""
    return load("articles")


def emails() -> list[dict]:
    """Emails with key facts and a reference summary."""
    return load("emails")


def transcript() -> dict:
    """A meeting transcript with decisions and action items (owner, due date)."""
    return load("transcript")


def transcript_text() -> str:
    """The meeting transcript as 'Speaker: line' text, ready to paste into a prompt."""
    return "\n".join(f"{line['speaker']}: {line['text']}" for line in _raw("transcript")["lines"])


def tickets() -> list[dict]:
    """Customer-support tickets with category and urgency."""
    return load("tickets")


def catalogue() -> dict:
    """The product catalogue: a prose description ('text') and its products as records."""
    return load("catalogue")


def problems() -> list[dict]:
    """Word problems and trick questions with steps, the right answer and the tempting wrong one."""
    return load("problems")


def unknown_questions() -> list[dict]:
    """Questions the model has no facts for (it fabricates unless told it may say it doesn't know)."""
    return load("unknown_questions")


def injected_texts() -> list[dict]:
    """Texts with instructions hidden inside them (prompt injection)."""
    return load("injected_texts")


def facts() -> list[dict]:
    """The few general facts the offline model knows."""
    return load("facts")


def attacks() -> list[dict]:
    """Lesson 12's attack set: messages for a guarded bot and poisoned documents, each with its kind of attack."""
    return load("attacks")
