"""The room dashboard on a synthetic room: 50 learners, each with two Checks per exercise (a fail, then a pass for most)."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Row, row, timed

LEARNERS = 50


def write_room(folder: Path) -> int:
    """ROOM/<learner>.progress.json for every learner; return the number of records written."""
    from checker import specs, tracker

    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    exercises = specs.all_exercises()
    total = 0
    for i in range(LEARNERS):
        who, records = f"learner{i:02d}", []
        for k, ex in enumerate(exercises):
            for passed in (False, (i + k) % 5 != 0):
                r = tracker.make_record(ex.id, passed, 1.0 if passed else 0.5, {"prompt": "p" * 200}, "offline", "m",
                                        failed_checks=() if passed else (ex.checks[0].title(),))
                r.update(learner=who, time=(start + timedelta(seconds=37 * k + i + passed)).isoformat())
                records.append(r)
        (folder / f"{who}.progress.json").write_text(json.dumps({"version": 1, "checks": records}), encoding="utf-8")
        total += len(records)
    return total


def rows() -> list[Row]:
    """Read, sum up and draw the room (a refresh of the dashboard does all four)."""
    from checker import charts, room

    with tempfile.TemporaryDirectory() as tmp:
        n = write_room(Path(tmp))
        current = room.read(tmp)
        note = f"{LEARNERS} learners, {n} records"
        return [
            row("room: read the folder", timed(lambda: room.read(tmp), 20), note),
            row("room: grid + stuck as text", timed(current.text, 20), note),
            row("room: grid + stuck as HTML", timed(lambda: current.grid_html() + current.stuck_html(), 20), note),
            row("room: progress chart as PNG", timed(lambda: charts.png_bytes(current.figure()), 10), note),
        ]
