"""Hostile inputs cost time in proportion to their size: no regex in the analysis, the checker or the model backtracks
quadratically. The bound is a growth ratio, not a wall-clock limit, so a slow or loaded machine does not change the verdict."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest

from bench.common import cold
from checker import checks
from tutor.analysis.text import MAX_ANALYSED
from tutor.offline.model import respond

HOSTILE = ["\n", "<<<\n", "[[", "###\n", "---\n", ": \n", "<a>", "Name: x\n", "Dana: hi\n", "- a: b\n", "x -> ", '"""', "```\n",
           "You are ", "Only discuss ", "exactly 3 words ", "do not mention ", "Audience: ", "[X START]\n", "{\"a\": ",
           "<example>", "Review: a\nTag: b\n", 'wrote "a" replied "b" ', "<r>a</r><t>b</t>",  # few-shot layouts (lesson 07)
           "a\nb\n\n", "Review: a\nTag: b\n\n"]  # short paragraphs: where data ends was once found in quadratic time
# Characters; linear work grows 4x between them, quadratic work 16x. Both sizes stay within the part of a text
# the analysis reads closely (MAX_ANALYSED): past it the text is clipped, and a larger size would time a clipped read.
LARGE = MAX_ANALYSED
SMALL = LARGE // 4
GROWTH = 10  # the bound on the growth, between linear (4x) and quadratic (16x): some readers grow about n**1.5 today (8x)


def _timings(work, text: str, tries: int = 3, enough: float = 0.0) -> Iterator[float]:
    """Up to `tries` CPU times of work(text), stopping at the first one under `enough`.

    CPU time (process_time) leaves out the time other processes take, so a loaded machine does not change
    the verdict; what remains of the noise only adds time, so the best of a few runs is the closest reading.

    The garbage collector is paused while timing: its full passes cost time in proportion to everything
    earlier tests left on the heap, which would make the ratio depend on which tests ran before. Each run
    starts with a cold analysis cache (`bench.common.cold`), or runs after the first would time a lookup.
    """
    gc.collect()
    gc.disable()
    try:
        for _ in range(tries):
            cold()
            start = time.process_time()
            work(text)
            took = time.process_time() - start
            yield took
            if took < enough:
                return
    finally:
        gc.enable()


def _model(text: str) -> None:
    """The offline model answering a request built around the text."""
    respond([{"role": "system", "content": text}, {"role": "user", "content": "Summarise this:\n" + text}])


def _question(text: str) -> None:
    """The offline model answering a question with the text after it (read as more instruction, not as data)."""
    respond([{"role": "user", "content": "What is the capital of Australia? " + text}])


def _checker(text: str) -> None:
    """The checker's prompt readers on the text."""
    fields = {"prompt": text, "system": text}
    for check in (checks.uses_delimiters, checks.treats_data_as_data, checks.sets_role, checks.talks_to_the_model):
        check(fields)


@pytest.mark.parametrize("unit", HOSTILE, ids=[repr(u) for u in HOSTILE])
@pytest.mark.parametrize("work", [_model, _question, _checker], ids=["model", "question", "checker"])
def test_time_grows_linearly_with_hostile_input(work, unit: str) -> None:
    small, large = (unit * (SMALL // len(unit) + 1))[:SMALL], (unit * (LARGE // len(unit) + 1))[:LARGE]
    t_small = min(_timings(work, small))  # the best of three (the first run also pays for anything loaded once)
    bound = GROWTH * t_small + 0.05
    t_large = min(_timings(work, large, enough=bound))  # the best of three, or sooner the first under the bound: the same verdict
    assert t_large < bound, f"{unit!r}: {t_small:.3f}s at {SMALL} chars, {t_large:.3f}s at {LARGE} (quadratic grows 16x)"
