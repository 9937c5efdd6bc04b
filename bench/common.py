"""Shared helpers for benchmarks: timing loops and the table printer."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the benchmark table."""

    name: str
    median_ms: float
    p99_ms: float | None = None
    n: int = 1
    note: str = ""


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def cold() -> None:
    """Forget cached prompt analyses, so a timed call reads its prompt afresh, as it would a learner's new text."""
    from tutor.analysis.examples import find_examples
    from tutor.analysis.instructions import analyse_parts

    analyse_parts.cache_clear()
    find_examples.cache_clear()


def timed(fn: Callable[[], object], n: int, warmup: int = 3) -> list[float]:
    """Call fn n times (after a warm-up), each with a cold analysis cache; each call's time in milliseconds."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        cold()
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, samples_ms: list[float], note: str = "") -> Row:
    """A table row with the median and p99 of some timings."""
    return Row(name, statistics.median(samples_ms), percentile(samples_ms, 99), len(samples_ms), note)


def table(rows: list[Row]) -> str:
    """Format rows as a fixed-width table."""
    head = f"{'benchmark':<46} {'n':>6} {'median ms':>10} {'p99 ms':>9}  note"
    lines = [head, "-" * len(head)]
    for r in rows:
        p99 = f"{r.p99_ms:9.3f}" if r.p99_ms is not None else f"{'':>9}"
        lines.append(f"{r.name:<46} {r.n:>6} {r.median_ms:10.3f} {p99}  {r.note}")
    return "\n".join(lines)
