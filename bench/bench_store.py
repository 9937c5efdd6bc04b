"""The progress store at scale: appends and a recorded Check with 1 k and 50 k records already stored, and reading them.

Only public calls are timed (JsonStore.append/load, checker.check, checker.progress), so the same module measures
an older store too. The store is filled by writing a version-1 document, which every store version reads; the
warm-up appends (not timed) let a newer store migrate it first.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Row, row, timed

SIZES = (1_000, 50_000)


def record(i: int) -> dict:
    """A progress record of a realistic size (about 600 bytes: a prompt, a system prompt, backend, model)."""
    return {"exercise": f"{1 + i % 7:02d}.{1 + i % 3}", "passed": i % 2 == 0, "score": 0.5,
            "fields": {"prompt": f"Summarise the text below in three bullet points. ({i})\n" + "Text: lorem ipsum " * 20,
                       "system": "You are a careful assistant."},
            "backend": "offline", "model": "course-tutor", "learner": "bench", "checks_passed": 2, "checks_total": 4,
            "time": datetime.now(UTC).isoformat(timespec="seconds")}


def fill(folder: Path, n: int) -> None:
    """Write a progress.json holding n records (a version-1 document)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "progress.json").write_text(json.dumps({"version": 1, "checks": [record(i) for i in range(n)]}, indent=0),
                                          encoding="utf-8")


def rows() -> list[Row]:
    """Time appends, recorded Checks and reads on stores of each size."""
    import checker
    from checker.store import JsonStore

    ex = checker.all_exercises()[0]
    out = []
    old = os.environ.get("COURSE_DATA_DIR")
    try:
        for n in SIZES:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp) / "data"
                os.environ["COURSE_DATA_DIR"] = str(folder)
                fill(folder, n)
                store = JsonStore("progress.json", "checks", folder)
                reps = 50 if n <= 1_000 else 20
                out.append(row(f"store append, {n // 1000} k records stored", timed(lambda: store.append(record(0)), reps)))
                out.append(row(f"check() recorded, {n // 1000} k records stored",
                               timed(lambda: checker.check(ex.id, **ex.reference), reps // 2), f"exercise {ex.id}"))
                out.append(row(f"progress(), {n // 1000} k records stored", timed(checker.progress, 5, warmup=1)))
    finally:
        os.environ.pop("COURSE_DATA_DIR") if old is None else os.environ.__setitem__("COURSE_DATA_DIR", old)
    return out
