"""Honour length limits exactly: bullets, sentences, words and characters."""

from __future__ import annotations

from tutor.analysis import count_words  # one word count for the model and the checker
from tutor.offline.text import end_sentence

__all__ = ["count_words", "fit_words", "fit_chars", "pad_words"]


def fit_words(units: list[str], budget: int) -> list[str]:
    """Keep whole units while they fit the word budget, then cut the next one to fill it exactly."""
    out: list[str] = []
    left = budget
    for unit in units:
        n = count_words(unit)
        if n <= left:
            out.append(unit)
            left -= n
            continue
        if left > 0:
            kept = [w for w in unit.split()][: _cut_index(unit.split(), left)]
            out.append(end_sentence(" ".join(kept).rstrip(",;:-")))
        break
    return out


def _cut_index(tokens: list[str], budget: int) -> int:
    """How many whitespace tokens hold `budget` countable words."""
    seen = 0
    for i, token in enumerate(tokens):
        seen += any(c.isalnum() for c in token)
        if seen == budget:
            return i + 1
    return len(tokens)


def fit_chars(text: str, limit: int) -> str:
    """The text cut at a word boundary so that it is at most `limit` characters long."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]  # leave room for a closing full stop
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    cut = cut.rstrip(" ,;:-")
    return cut + "." if cut and cut[-1].isalnum() else cut


def pad_words(units: list[str], target: int, filler: list[str]) -> list[str]:
    """Units extended with filler words until there are exactly `target` words (for 'exactly N words')."""
    have = sum(count_words(u) for u in units)
    if have >= target or not filler:
        return units
    extra = [filler[i % len(filler)] for i in range(target - have)]
    return units + [end_sentence(" ".join(extra).capitalize())]

