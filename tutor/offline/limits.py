"""Honour length limits the way a careful writer does: choose whole sentences, compress at clause breaks, never pad."""

from __future__ import annotations

import re

from tutor.analysis import count_words  # one word count for the model and the checker
from tutor.offline.text import end_sentence

__all__ = ["count_words", "fit_words", "fit_chars", "compress"]

_SUBORDINATE = re.compile(r"\W*(?:once|when|whenever|if|unless|because|although|though|while|as|since|after|before|until)\b", re.I)
_CLAUSE_BREAK = re.compile(r"\s*[;:,]\s+|\s+(?:and|but|so|because|while|which)\s+|\s+[–—-]\s+")


def fit_words(units: list[str], budget: int, keep: int = 0) -> list[str]:
    """Whole units, in order, that fit the word budget together; a unit that does not fit is left out.

    When not even one unit fits, the first is compressed to its leading clauses (see `compress`).
    With `keep` (an exact count of bullets or sentences), no unit is dropped: the longest are compressed instead.
    """
    if keep and len(units) >= keep > 0:
        return _compress_to_fit(units[:keep], budget)
    out: list[str] = []
    left = budget
    for unit in units:
        n = count_words(unit)
        if n <= left:
            out.append(unit)
            left -= n
    if out or not units or budget <= 0:
        return out
    clauses = (_leading_clauses(u, budget) for u in units)
    return [next((c for c in clauses if c), None) or compress(units[0], budget)]


def _compress_to_fit(units: list[str], budget: int) -> list[str]:
    """The units, each kept, the longest shortened one clause at a time until together they fit the budget.

    When clause-level compression cannot reach the budget, whole units are left out instead (never a cut mid-phrase).
    """
    units = list(units)
    while sum(count_words(u) for u in units) > budget:
        shorter = [(count_words(u), i, _leading_clauses(u, count_words(u) - 1)) for i, u in enumerate(units)]
        candidates = [(n, i, head) for n, i, head in shorter if head]
        if not candidates:
            return fit_words(units, budget)
        _, i, head = max(candidates)
        units[i] = head
    return units


def compress(unit: str, budget: int) -> str:
    """A unit shortened to its leading clauses so that it has at most `budget` words, ended as a sentence."""
    if count_words(unit) <= budget:
        return unit
    head = _leading_clauses(unit, budget)
    if head:
        return head
    kept = unit.split()[: _cut_index(unit.split(), budget)]  # last resort: no clause is short enough
    return end_sentence(" ".join(kept).rstrip(",;:-"))


def _leading_clauses(unit: str, budget: int) -> str:
    """The longest run of a unit's leading clauses (at least 4 words, so not an opening phrase) within the budget, as a sentence; '' if none."""
    for m in reversed(list(_CLAUSE_BREAK.finditer(unit))):
        head = unit[:m.start()].rstrip(" ,;:-–—")
        if 4 <= count_words(head) <= budget and not _SUBORDINATE.match(head):
            return end_sentence(head)
    return ""


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
