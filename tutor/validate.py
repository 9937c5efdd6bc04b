"""Argument checks for the learner's entry points (`ask`, `use`, `check`, `save_prompt`).

Each refuses a bad value with a TutorError naming the argument and the fix; nothing is silently coerced.
"""

from __future__ import annotations

import math
from typing import Any

from tutor.errors import TutorError


def lone_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in text (it cannot be sent as UTF-8), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _text_fix(name: str, value: Any) -> str:
    """How to turn a non-text value into the text the argument needs."""
    if isinstance(value, (bytes, bytearray)):
        return f"Decode it first: {name}={name}.decode('utf-8')."
    if isinstance(value, (list, tuple)) and name == "prompt":
        return "Pass one prompt as text in quotes, or a conversation as messages=[{'role': 'user', 'content': '...'}]."
    return f"Write it as text in quotes, for example {name}=\"...\"."


def text(call: str, name: str, value: Any, *, optional: bool = True) -> str | None:
    """value if it is text that can be sent (None allowed when optional), else a TutorError."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TutorError(f"{call}: {name} must be text (a str), not {type(value).__name__}.", _text_fix(name, value))
    at = lone_surrogate(value)
    if at is not None:
        raise TutorError(f"{call}: {name} contains a lone surrogate character ({value[at]!r}) at position {at}, "
                         "which is not valid text and cannot be sent.",
                         f"Remove or replace that character in {name} (it often comes from a broken copy and paste "
                         "or a '\\ud800'-style escape).")
    return value


def number(call: str, name: str, value: Any, low: float, high: float, example: str) -> float:
    """value if it is a finite real number from low to high, else a TutorError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise TutorError(f"{call}: {name}={value!r} is not a number from {low:g} to {high:g}.",
                         f"Use, for example, {name}={example}.")
    return value


def whole(call: str, name: str, value: Any, low: int, high: int | None, example: str, *, optional: bool = True) -> int | None:
    """value if it is a whole number (not a bool) in range (None allowed when optional), else a TutorError."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        upper = f" to {high}" if high is not None else " or more"
        raise TutorError(f"{call}: {name}={value!r} is not a whole number from {low}{upper}.",
                         f"Use, for example, {name}={example}.")
    return value


def flag(call: str, name: str, value: Any, *, optional: bool = True) -> bool | None:
    """value if it is True or False (None allowed when optional), else a TutorError."""
    if value is None and optional:
        return None
    if not isinstance(value, bool):
        raise TutorError(f"{call}: {name}={value!r} is not True or False.", f"Use {name}=True or {name}=False.")
    return value


def function(call: str, name: str, value: Any) -> Any:
    """value if it is None or callable, else a TutorError."""
    if value is not None and not callable(value):
        raise TutorError(f"{call}: {name} must be a function, not {type(value).__name__}.",
                         f"Pass a function that takes one piece of text, for example {name}=print.")
    return value


def texts(call: str, name: str, value: Any) -> tuple[str, ...]:
    """value as a tuple if it is a list or tuple of text, else a TutorError (a bare str is not split)."""
    if not isinstance(value, (list, tuple)):
        raise TutorError(f"{call}: {name} must be a list of text, not {type(value).__name__}.",
                         f"Write it as a list, for example {name}=['email', 'polite'].")
    return tuple(text(call, f"{name}[{i}]", v, optional=False) for i, v in enumerate(value))
