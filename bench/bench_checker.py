"""checker: check() latency on the offline model (reference and baseline of every exercise), and spec loading."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from bench.common import Row, row, timed


def _import_times(n: int = 5) -> list[float]:
    """Milliseconds for `import checker` in a fresh interpreter, n times."""
    code = "import time; t=time.perf_counter(); import checker; print((time.perf_counter()-t)*1000)"
    return [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(n)]


def rows() -> list[Row]:
    """Measure and return the checker rows (progress goes to a throw-away folder)."""
    with tempfile.TemporaryDirectory() as folder:
        old = os.environ.get("COURSE_DATA_DIR")
        os.environ["COURSE_DATA_DIR"] = folder
        try:
            return _measure()
        finally:
            os.environ.pop("COURSE_DATA_DIR") if old is None else os.environ.__setitem__("COURSE_DATA_DIR", old)


def _measure() -> list[Row]:
    """The timings, across all exercises."""
    import checker
    from checker import specs

    exercises = checker.all_exercises()
    calls = [(ex.id, fields) for ex in exercises for fields in (ex.reference, ex.baseline)]
    per_round = max(1, 400 // len(calls))
    samples: list[float] = []
    for ex_id, fields in calls:
        samples += timed(lambda: checker.check(ex_id, record=False, **fields), per_round, warmup=1)
    recorded: list[float] = []
    for ex_id, fields in calls:
        recorded += timed(lambda: checker.check(ex_id, **fields), max(1, per_round // 4), warmup=1)
    note = f"{len(exercises)} exercises, reference + baseline"
    return [
        row("import checker (fresh interpreter)", _import_times()),
        row("load + validate all specs", timed(lambda: specs._load_dir.__wrapped__(str(specs.SPECS_DIR)), 50)),
        row("check() offline, no progress write", samples, note),
        row("check() offline, progress recorded", recorded, note),
    ]
