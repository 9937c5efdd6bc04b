"""Progress: every Check is recorded (exercise, verdict, fields, backend, model, learner, time); `progress()` sums it up."""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from checker import specs
from checker.store import JsonStore, learner, room_dir, safe_name
from tutor import redact
from tutor.chat import FIELDS

FIELD_NAMES = FIELDS  # the name the gradebook modules import
CSV_COLUMNS = ("time", "exercise", "passed", "score", "backend", "model", *FIELD_NAMES, "learner")


def store(folder: Path | None = None) -> JsonStore:
    """The progress store: ROOM/<user>.progress.json in a workshop room, else progress.json in the data folder."""
    room = room_dir() if folder is None else None
    if room is not None:
        return JsonStore(f"{safe_name(learner())}.progress.json", "checks", room)
    return JsonStore("progress.json", "checks", folder)


def scrub_fields(fields: dict[str, str], secret: str | None) -> dict[str, str]:
    """The learner's fields (known names only), with any API key removed."""
    return {k: redact.scrub(str(v), secret) for k, v in fields.items() if k in FIELD_NAMES}


def make_record(exercise_id: str, passed: bool, score: float, fields: dict[str, str], backend: str, model: str,
                secret: str | None = None, checks: tuple[int, int] | None = None, failed_checks: tuple[str, ...] = ()) -> dict:
    """One progress record (with the titles of the checks that failed). Only the backend and model name are kept, never a key."""
    record = {
        "exercise": exercise_id,
        "passed": bool(passed),
        "score": round(float(score), 4),
        "fields": scrub_fields(fields, secret),
        "backend": backend,
        "model": model,
        "learner": learner(),
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "failed_checks": list(failed_checks),
    }
    if checks is not None:
        record["checks_passed"], record["checks_total"] = checks
    return record


def mine(records: list[dict], who: str | None = None) -> list[dict]:
    """The records of one learner (default: whoever is working); records without a name count as theirs."""
    who = who or learner()
    return [r for r in records if r.get("learner", who) == who]


NOT_RECORDED = "not graded, so not recorded"


def record_result(result, folder: Path | None = None) -> str:
    """Record a graded Result; return a notice if the store had to be recovered (else '').

    A Result that was not graded (the model could not answer) is never recorded: it is not a failed try.
    """
    if not getattr(result, "graded", True):
        return NOT_RECORDED
    from tutor import api

    s = api.settings()
    backend, model = (result.reply.backend, result.reply.model) if result.reply else (s.backend, s.model_name)
    st = store(folder)
    try:
        checks = (sum(o.passed for o in result.outcomes), len(result.outcomes))
        failed = tuple(o.title for o in result.outcomes if not o.passed)
        st.append(make_record(result.exercise_id, result.passed, result.score, result.fields, backend, model,
                              s.api_key, checks, failed))
    except OSError as exc:
        notice = f"Could not save your progress ({exc}). This result was not saved: Check again to record it."
        warnings.warn(notice, stacklevel=2)
        return notice
    return st.notice


@dataclass(frozen=True)
class LessonRow:
    """Completion of one lesson."""

    lesson: str
    exercises: int
    solved: int
    attempts: int

    @property
    def percent(self) -> int:
        """Solved exercises as a whole percentage."""
        return round(100 * self.solved / self.exercises) if self.exercises else 0


def summary(records: list[dict]) -> list[LessonRow]:
    """Completion by lesson: exercises, how many are solved, and how many checks were run."""
    solved = {r["exercise"] for r in records if r.get("passed")}
    rows = []
    lessons: dict[str, list[str]] = {}
    for ex in specs.all_exercises():
        lessons.setdefault(ex.lesson, []).append(ex.id)
    for lesson, ids in lessons.items():
        attempts = sum(1 for r in records if str(r.get("exercise", "")).split(".")[0] == lesson)
        rows.append(LessonRow(lesson, len(ids), sum(1 for i in ids if i in solved), attempts))
    return rows


class Progress:
    """What `progress()` returns: a table and a bar chart of completion by lesson."""

    def __init__(self, rows: list[LessonRow], notice: str = "") -> None:
        self.rows = rows
        self.notice = notice

    def __str__(self) -> str:
        lines = [self.notice] if self.notice else []
        lines.append(f"{'lesson':<8}{'solved':>8}{'of':>5}{'done':>7}{'checks':>8}")
        lines += [f"{r.lesson:<8}{r.solved:>8}{r.exercises:>5}{r.percent:>6}%{r.attempts:>8}" for r in self.rows]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td>{r.lesson}</td><td>{r.solved}/{r.exercises}</td><td>{r.percent}%</td><td>{r.attempts}</td></tr>"
            for r in self.rows
        )
        notice = f"<p><b>{html.escape(self.notice)}</b></p>" if self.notice else ""
        return (f"<div class='checker-progress'>{notice}<table><tr><th>lesson</th><th>solved</th>"
                f"<th>done</th><th>checks run</th></tr>{body}</table></div>")

    def figure(self):
        """A matplotlib Figure: percentage of exercises solved, by lesson."""
        from checker import charts

        return charts.bars([f"lesson {r.lesson}" for r in self.rows], [r.percent for r in self.rows],
                           "Exercises solved (%)", "Your progress by lesson")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        from checker import charts

        return {"text/plain": str(self), "text/html": self._repr_html_(), "image/png": charts.png_base64(self.figure())}


def progress(folder: Path | None = None) -> Progress:
    """Your completion by lesson, as a table and a chart."""
    st = store(folder)
    try:
        records = mine(st.load())
    except OSError as exc:
        return Progress(summary([]), f"Could not read your progress ({exc}).")
    return Progress(summary(records), st.notice)
