"""The gradebook offline on a class: 50 learners x every exercise, from synthetic progress files and from notebooks."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import time
from pathlib import Path

from bench.common import Row

LEARNERS = 50


def _answers() -> list[tuple[str, dict[str, str]]]:
    """(exercise id, fields) for every exercise: the reference answer, or the baseline for every other exercise."""
    import checker

    return [(ex.id, dict(ex.reference if i % 2 == 0 else ex.baseline)) for i, ex in enumerate(checker.all_exercises())]


def write_progress(folder: Path) -> int:
    """One NAME.progress.json per learner with one attempt at every exercise; the number of answers."""
    folder.mkdir(parents=True)
    answers = _answers()
    for n in range(LEARNERS):
        records = [{"exercise": ex_id, "passed": True, "fields": fields, "learner": f"learner{n:02d}",
                    "time": "2026-11-20T10:00:00+00:00"} for ex_id, fields in answers]
        (folder / f"learner{n:02d}.progress.json").write_text(json.dumps({"version": 1, "checks": records}),
                                                               encoding="utf-8")
    return LEARNERS * len(answers)


def write_notebooks(folder: Path) -> int:
    """One notebook per learner with an exercise cell for every exercise; the number of answers."""
    import nbformat

    folder.mkdir(parents=True)
    answers = _answers()
    for n in range(LEARNERS):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("from checker import exercise")]
        nb.cells += [nbformat.v4.new_code_cell(f"exercise({ex_id!r}, " + ", ".join(f"{k}={v!r}" for k, v in fields.items()) + ")")
                     for ex_id, fields in answers]
        nbformat.write(nb, str(folder / f"learner{n:02d}.ipynb"))
    return LEARNERS * len(answers)


def _gradebook(args: list[str]) -> float:
    """Run the gradebook quietly; its wall time in milliseconds (raises if it did not succeed)."""
    from checker import cli

    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = cli.main(args)
    if status != 0:
        raise RuntimeError(f"gradebook exited {status}")
    return (time.perf_counter() - start) * 1000


def rows() -> list[Row]:
    """One timed gradebook run per source (each grades every answer again on the offline model)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        n = write_progress(base / "room")
        ms = _gradebook(["gradebook", "--progress", str(base / "room"), "--out", str(base / "out1")])
        out.append(Row(f"gradebook, {LEARNERS} learners, progress files", ms, None, 1,
                       f"{n} answers, {ms / n:.1f} ms each, offline"))
        n = write_notebooks(base / "notebooks")
        ms = _gradebook(["gradebook", str(base / "notebooks"), "--out", str(base / "out2")])
        out.append(Row(f"gradebook, {LEARNERS} learners, notebooks", ms, None, 1,
                       f"{n} answers, {ms / n:.1f} ms each, offline, one child process per notebook"))
    return out
