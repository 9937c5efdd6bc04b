"""Hostile inputs cost time in proportion to their size: no regex in the analysis, the checker or the model backtracks
quadratically. The bound is a growth ratio, not a wall-clock limit, so a slow or loaded machine does not change the verdict."""

from __future__ import annotations

import gc
import time

import pytest

from checker import checks
from tutor.offline.model import respond

HOSTILE = ["\n", "<<<\n", "[[", "###\n", "---\n", ": \n", "<a>", "Name: x\n", "Dana: hi\n", "- a: b\n", "x -> ", '"""', "```\n",
           "You are ", "Only discuss ", "exactly 3 words ", "do not mention ", "Audience: ", "[X START]\n", "{\"a\": "]
SMALL, LARGE = 10_000, 40_000  # characters; linear work grows 4x between them, quadratic work 16x


def _seconds(work, text: str) -> float:
    """The best of three timings of work(text) (the best filters out pauses from other processes).

    The garbage collector is paused while timing: its full passes cost time in proportion to everything
    earlier tests left on the heap, which would make the ratio depend on which tests ran before.
    """
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            work(text)
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def _model(text: str) -> None:
    """The offline model answering a request built around the text."""
    respond([{"role": "system", "content": text}, {"role": "user", "content": "Summarise this:\n" + text}])


def _checker(text: str) -> None:
    """The checker's prompt readers on the text."""
    fields = {"prompt": text, "system": text}
    for check in (checks.uses_delimiters, checks.treats_data_as_data, checks.sets_role, checks.talks_to_the_model):
        check(fields)


@pytest.mark.parametrize("unit", HOSTILE, ids=[repr(u) for u in HOSTILE])
@pytest.mark.parametrize("work", [_model, _checker], ids=["model", "checker"])
def test_time_grows_linearly_with_hostile_input(work, unit: str) -> None:
    small, large = (unit * (SMALL // len(unit) + 1))[:SMALL], (unit * (LARGE // len(unit) + 1))[:LARGE]
    work(small)  # warm up
    t_small, t_large = _seconds(work, small), _seconds(work, large)
    assert t_large < 8 * t_small + 0.05, f"{unit!r}: {t_small:.3f}s at {SMALL} chars, {t_large:.3f}s at {LARGE} (quadratic grows 16x)"
