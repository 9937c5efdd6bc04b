"""The room dashboard's logic: read a workshop room's progress files and sum them up for the instructor.

A `Room` is one reading of the folder: who solved, attempted or has not started each exercise (the
grid), where the room is stuck (the exercises with the most failed attempts and their most common
failing check), and the room's progress over time (a chart). `checker/dashboard.py` shows it as
refreshing widgets in JupyterLab; `python -m checker room` prints it in a terminal. Nothing here writes
to the room.
"""

from __future__ import annotations

import html
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from checker import roster, specs
from checker.history import parse_time

ROOM_VAR = "COURSE_ROOM_DIR"
SOLVED, ATTEMPTED, NOT_STARTED = "solved", "attempted", "not started"
# Each state has its own symbol and word, so the grid never relies on colour alone.
SYMBOLS = {SOLVED: "✓", ATTEMPTED: "~", NOT_STARTED: "·"}
COLOURS = {SOLVED: "#d4edda", ATTEMPTED: "#fff3cd", NOT_STARTED: "#ffffff"}
LEGEND = "  ".join(f"{SYMBOLS[s]} {s}" for s in (SOLVED, ATTEMPTED, NOT_STARTED))
UNRECORDED = "(not recorded)"  # older records do not say which checks failed


class RoomError(ValueError):
    """The room folder is not given or not usable; the message says what to do."""


def room_folder(given: str | Path | None = None) -> Path:
    """The room folder: the one given, else $COURSE_ROOM_DIR; raise RoomError when there is none."""
    chosen = given or os.environ.get(ROOM_VAR, "").strip()
    if not chosen:
        raise RoomError(f"No room folder: give one (python -m checker room /srv/room) or set {ROOM_VAR}.")
    folder = Path(chosen).expanduser()
    if not folder.is_dir():
        raise RoomError(f"{folder} is not a folder. Create the room folder first (see docs/instructors.md).")
    return folder


def _plural(n: int, word: str) -> str:
    """word, with an s unless n is 1."""
    return word if n == 1 else word + "s"


@dataclass(frozen=True)
class Attempt:
    """One Check in the room; passed is None when it was not graded (the model could not answer)."""

    learner: str
    exercise: str
    passed: bool | None
    time: datetime
    failed_checks: tuple[str, ...] | None = None  # None: the record does not say


def to_attempt(student: str, record: dict) -> Attempt | None:
    """An Attempt from a progress record, or None if the record has no readable time."""
    when = parse_time(record.get("time"))
    if when is None:
        return None
    graded = record.get("graded", True) is not False and isinstance(record.get("passed"), bool)
    failed = record.get("failed_checks")
    titles = tuple(str(t) for t in failed) if isinstance(failed, list) else None
    return Attempt(student, str(record["exercise"]), bool(record["passed"]) if graded else None, when, titles)


@dataclass(frozen=True)
class Stuck:
    """An exercise the room is stuck on: failed attempts, learners who tried and have not solved it, the top failing check."""

    exercise: str
    failed_attempts: int
    learners_stuck: int
    top_check: str
    top_check_failures: int


@dataclass(frozen=True)
class Room:
    """One reading of a room folder."""

    attempts: tuple[Attempt, ...]
    exercises: tuple[str, ...]
    problems: tuple[tuple[str, str], ...] = ()
    read_at: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @property
    def learners(self) -> list[str]:
        """Every learner with at least one Check, sorted."""
        return sorted({a.learner for a in self.attempts})

    def grid(self) -> list[tuple[str, list[str]]]:
        """A row per learner: the state of each exercise, in the order of `exercises`."""
        seen: dict[tuple[str, str], str] = {}
        for a in self.attempts:
            if a.passed:
                seen[(a.learner, a.exercise)] = SOLVED
            else:
                seen.setdefault((a.learner, a.exercise), ATTEMPTED)
        return [(who, [seen.get((who, ex), NOT_STARTED) for ex in self.exercises]) for who in self.learners]

    def counts(self) -> dict[str, int]:
        """How many (learner, exercise) cells are in each state."""
        cells = Counter(s for _, row in self.grid() for s in row)
        return {s: cells.get(s, 0) for s in (SOLVED, ATTEMPTED, NOT_STARTED)}

    def stuck(self, top: int = 5) -> list[Stuck]:
        """The exercises with the most failed attempts (most first), each with its most common failing check."""
        failed = [a for a in self.attempts if a.passed is False]
        per_exercise = Counter(a.exercise for a in failed)
        solved = {(a.learner, a.exercise) for a in self.attempts if a.passed}
        out = []
        for ex, n in sorted(per_exercise.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            mine = [a for a in failed if a.exercise == ex]
            checks = Counter(t for a in mine for t in (a.failed_checks or ()))
            check, times = checks.most_common(1)[0] if checks else (UNRECORDED, 0)
            still = {a.learner for a in mine if (a.learner, ex) not in solved}
            out.append(Stuck(ex, n, len(still), check, times))
        return out

    def timeline(self) -> list[tuple[datetime, int, int]]:
        """(time, exercises solved so far, learners active so far) after each Check, oldest first."""
        solved: set[tuple[str, str]] = set()
        active: set[str] = set()
        points = []
        for a in sorted(self.attempts, key=lambda a: a.time):
            active.add(a.learner)
            if a.passed:
                solved.add((a.learner, a.exercise))
            points.append((a.time, len(solved), len(active)))
        return points

    def summary(self) -> str:
        """One line: learners, Checks run, cells solved and attempted, unreadable files, and when it was read."""
        c = self.counts()
        skipped = f"; {len(self.problems)} file(s) left out" if self.problems else ""
        n = len(self.learners)
        return (f"{n} {_plural(n, 'learner')}, {len(self.attempts)} {_plural(len(self.attempts), 'check')} run, {c[SOLVED]} exercises solved, "
                f"{c[ATTEMPTED]} attempted and not solved{skipped} (read {self.read_at:%H:%M:%S})")

    def text(self, top: int = 5) -> str:
        """The whole dashboard as plain text, for a terminal."""
        width = max([len(w) for w in self.learners] + [7])
        head = " ".join(ex[:4].center(4) for ex in self.exercises)
        lines = [self.summary(), "", f"{'learner'.ljust(width)}  {head}  solved"]
        for who, row in self.grid():
            cells = " ".join(SYMBOLS[s].center(4) for s in row)
            lines.append(f"{who.ljust(width)}  {cells}  {row.count(SOLVED)}/{len(row)}")
        lines += ["", f"Legend: {LEGEND}", "", "Where the room is stuck (most failed attempts):"]
        stuck = self.stuck(top)
        lines += [f"  {s.exercise}: {s.failed_attempts} failed attempts, {s.learners_stuck} learners not yet through; "
                  f"most common failing check: {s.top_check}" + (f" ({s.top_check_failures}x)" if s.top_check_failures else "")
                  for s in stuck] or ["  nothing failed yet"]
        lines += [f"left out {name}: {why}" for name, why in self.problems]
        return "\n".join(lines)

    def grid_html(self) -> str:
        """The learner × exercise grid as an HTML table: each cell has a symbol, a colour and a tooltip word."""
        head = "".join(f"<th style='padding:0 4px'>{html.escape(ex)}</th>" for ex in self.exercises)
        rows = []
        for who, row in self.grid():
            cells = "".join(f"<td title='{html.escape(who)} · {ex}: {s}' style='text-align:center;background:{COLOURS[s]}'>"
                            f"{SYMBOLS[s]}<span style='position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)'> {s}</span></td>"
                            for ex, s in zip(self.exercises, row))
            rows.append(f"<tr><th style='text-align:left'>{html.escape(who)}</th>{cells}"
                        f"<td>{row.count(SOLVED)}/{len(row)}</td></tr>")
        return (f"<table class='room-grid' style='border-collapse:collapse;font-family:monospace'>"
                f"<tr><th>learner</th>{head}<th>solved</th></tr>{''.join(rows)}</table><p>Legend: {html.escape(LEGEND)}</p>")

    def stuck_html(self, top: int = 5) -> str:
        """Where the room is stuck, as an HTML table."""
        stuck = self.stuck(top)
        if not stuck:
            return "<p>Nothing has failed yet.</p>"
        td, th = "<td style='padding:2px 12px 2px 0'>", "<th style='padding:2px 12px 2px 0;text-align:left'>"
        rows = "".join(f"<tr>{td}{s.exercise}</td>{td}{s.failed_attempts}</td>{td}{s.learners_stuck}</td>"
                       f"{td}{html.escape(s.top_check)}</td>{td}{s.top_check_failures or ''}</td></tr>" for s in stuck)
        return (f"<table class='room-stuck' style='border-collapse:collapse'><tr>{th}exercise</th>{th}failed attempts</th>"
                f"{th}learners not yet through</th>{th}most common failing check</th>{th}times</th></tr>{rows}</table>")

    def problems_html(self) -> str:
        """The files that were left out, and why (empty when none)."""
        items = "".join(f"<li>{html.escape(n)}: {html.escape(w)}</li>" for n, w in self.problems)
        return f"<p>Left out:</p><ul>{items}</ul>" if items else ""

    def _repr_html_(self) -> str:
        return (f"<div class='room'><p>{html.escape(self.summary())}</p>{self.grid_html()}"
                f"<h4>Where the room is stuck</h4>{self.stuck_html()}{self.problems_html()}</div>")

    def __str__(self) -> str:
        return self.text()

    def figure(self):
        """A matplotlib Figure: exercises solved and learners active in the room, from 0 at the first Check until now."""
        from checker import charts

        points = self.timeline()
        if points:
            end = max(self.read_at, points[-1][0])
            points = [(points[0][0], 0, 0), *points, (end, points[-1][1], points[-1][2])]
        return charts.steps([p[0].astimezone() for p in points], {"exercises solved": [p[1] for p in points],
                                                                  "learners active": [p[2] for p in points]},
                            "count", "The room's progress over time")


def signature(folder: str | Path | None = None) -> tuple:
    """What changes when any progress file in the room changes: each file's name, inode, size and modification time."""
    files, problems = roster.progress_files(room_folder(folder))
    stats = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        stats.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(stats), tuple(problems)


def read(folder: str | Path | None = None) -> Room:
    """Read a room folder (the one given, else $COURSE_ROOM_DIR) into a Room; unreadable files are listed, never raised."""
    path = room_folder(folder)
    records, problems = roster.room_records(path)
    attempts = [a for student, r in records if (a := to_attempt(student, r))]
    known = [ex.id for ex in specs.all_exercises()]
    extra = sorted({a.exercise for a in attempts} - set(known))
    return Room(tuple(attempts), tuple(known + extra), tuple(problems))


CLEAR_SCREEN = "\x1b[H\x1b[2J"


def watch(folder: str | Path | None, every: float, rounds: int | None = None, top: int = 5, chart: Path | None = None,
          out: TextIO | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
    """Print the dashboard (and save its chart) `rounds` times (None: until interrupted), `every` seconds apart."""
    out = out or sys.stdout
    done = 0
    while rounds is None or done < rounds:
        if done:
            sleep(every)
        current = read(folder)
        prefix = CLEAR_SCREEN if rounds != 1 and out.isatty() else ""
        print(prefix + current.text(top), file=out, flush=True)
        if chart is not None:
            from checker import charts

            charts.save(current.figure(), chart)
        done += 1
