"""An exercise's history for the widget: solved (when), attempted (tries, best checks) or new, and the latest text.

Read from this learner's progress records and draft; nothing here writes.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from checker import drafts, tracker


def parse_time(text: object) -> datetime | None:
    """An ISO time from a record as an aware datetime, or None if it is missing or malformed."""
    try:
        t = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return t if t.tzinfo else t.astimezone()


def when(t: datetime, now: datetime | None = None) -> str:
    """A time as a learner says it, in local time: 'today 14:02', 'yesterday 09:15', 'Tuesday 14:02', '3 Nov 2026 14:02'."""
    local = t.astimezone()
    now = (now or datetime.now().astimezone()).astimezone(local.tzinfo)
    days = (now.date() - local.date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"yesterday {clock}"
    if 1 < days < 7:
        return f"{local.strftime('%A')} {clock}"
    return f"{local.day} {local.strftime('%b %Y')} {clock}"


@dataclass(frozen=True)
class Latest:
    """The learner's latest text for an exercise: from an attempt (a Check) or a draft."""

    fields: dict[str, str]
    time: datetime
    source: str  # "attempt" or "draft"


@dataclass(frozen=True)
class History:
    """What progress says about one exercise for this learner."""

    tries: int = 0
    solved_at: datetime | None = None
    best: tuple[int, int] | None = None  # (checks passed, checks) of the best try
    latest: Latest | None = None
    notice: str = ""

    def describe(self, now: datetime | None = None) -> str:
        """The state in words: 'solved today 14:02 (3 tries)', 'attempted: 2 tries, best 1/3 checks', 'new'."""
        tries = f"{self.tries} {'try' if self.tries == 1 else 'tries'}"
        if self.solved_at is not None:
            return f"solved {when(self.solved_at, now)} ({tries})"
        if self.tries:
            best = f", best {self.best[0]}/{self.best[1]} checks" if self.best else ""
            return f"attempted: {tries}{best}"
        return "new: not yet checked"


def _checks(record: dict, total: int) -> tuple[int, int]:
    """(checks passed, checks) of a record; older records only have a score."""
    if isinstance(record.get("checks_passed"), int) and isinstance(record.get("checks_total"), int):
        return record["checks_passed"], record["checks_total"]
    return round(float(record.get("score") or 0) * total), total


def _fields(record: dict) -> dict[str, str]:
    """A record's fields as strings (known field names only)."""
    raw = record.get("fields")
    return {k: str(v) for k, v in raw.items() if k in tracker.FIELD_NAMES} if isinstance(raw, dict) else {}


def summarise(records: list[dict], draft: dict | None, total_checks: int) -> History:
    """The history of one exercise from its progress records (oldest first) and its draft."""
    tries = [r for r in records if parse_time(r.get("time"))]
    solved = [parse_time(r["time"]) for r in tries if r.get("passed")]
    best = max((_checks(r, total_checks) for r in tries), default=None, key=lambda c: (c[0] / max(1, c[1]), c[0]))
    candidates = [Latest(_fields(r), parse_time(r["time"]), "attempt") for r in tries if _fields(r)]
    same_as_last_try = bool(candidates) and candidates[-1].fields == _fields(draft or {})
    if draft and _fields(draft) and parse_time(draft.get("time")) and not same_as_last_try:
        candidates.append(Latest(_fields(draft), parse_time(draft["time"]), "draft"))
    latest = max(candidates, key=lambda c: c.time, default=None)
    return History(len(tries), solved[0] if solved else None, best, latest)


def load(exercise_id: str, total_checks: int, folder: Path | None = None) -> History:
    """This learner's history of an exercise; a damaged or unreadable store becomes a notice, never an error."""
    notices: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            records = [r for r in tracker.mine(tracker.store(folder).load()) if r.get("exercise") == exercise_id]
            draft = drafts.latest(exercise_id, folder)
        notices += [str(c.message) for c in caught]
    except OSError as exc:
        return History(notice=f"Could not read your progress ({exc}).")
    h = summarise(records, draft, total_checks)
    return History(h.tries, h.solved_at, h.best, h.latest, " ".join(notices))
