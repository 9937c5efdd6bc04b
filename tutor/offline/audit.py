"""After the reply is written: say in the x-ray which requested limit the reply does not meet, and why."""

from __future__ import annotations

from tutor import analysis
from tutor.analysis import Limit

COUNTERS = {
    "words": analysis.count_words,
    "sentences": lambda text: len(analysis.sentences(text)),
    "bullets": lambda text: len(analysis.bullets(text)),
    "lines": lambda text: len(analysis.lines(text)),
    "chars": len,
    "paragraphs": lambda text: len([p for p in text.split("\n\n") if p.strip()]),
}


def unmet(text: str, limits: tuple[Limit, ...], structured: bool) -> list[str]:
    """An x-ray line for every limit the final text misses (counted as the checker counts)."""
    out = []
    for limit in limits:
        if structured and limit.unit != "chars":
            continue  # a JSON object or table is not counted in sentences or bullets
        got = COUNTERS[limit.unit](text)
        if not limit.allows(got):
            why = "the content ran short" if limit.low is not None and got < limit.low else "the content would not compress further"
            out.append(f"[limits.unmet] asked for {limit.describe()}, wrote {got}: {why}")
    return out
