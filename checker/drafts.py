"""Drafts: the learner's latest text per exercise, kept on disk so that nothing typed in the widget is lost.

One record per (learner, exercise) in `drafts.json`, next to `progress.json`, written through the
same store (file lock, atomic replace). Edits are saved by a `DraftSaver` at most `DELAY_S` seconds
after they happen; Run and Check save at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from checker.store import JsonStore, learner
from checker.tracker import scrub_fields

DELAY_S = 2.0  # a crash or a closed tab loses at most this much typing


def store(folder: Path | None = None) -> JsonStore:
    """The drafts store (in $COURSE_DATA_DIR or the per-user data folder)."""
    return JsonStore("drafts.json", "drafts", folder)


def _api_key() -> str | None:
    """The configured API key, only so that it can be removed from a draft."""
    from tutor import api

    return api.settings().api_key


def save(exercise_id: str, fields: dict[str, str], event: str, folder: Path | None = None) -> str:
    """Store fields as this learner's draft of an exercise (replacing the last); return the store's notice."""
    who = learner()
    record = {"exercise": exercise_id, "learner": who, "event": event, "fields": scrub_fields(fields, _api_key()),
              "time": datetime.now(UTC).isoformat(timespec="microseconds")}

    def put(records: list[dict]) -> None:
        records[:] = [r for r in records if (r.get("exercise"), r.get("learner")) != (exercise_id, who)] + [record]

    st = store(folder)
    st.update(put)
    return st.notice


def latest(exercise_id: str, folder: Path | None = None) -> dict | None:
    """This learner's draft of an exercise, or None."""
    who = learner()
    found = [r for r in store(folder).load() if r.get("exercise") == exercise_id and r.get("learner", who) == who]
    return found[-1] if found else None


def timer(delay: float, callback: Callable[[], None]) -> Callable[[], None]:
    """Run callback once after delay seconds on a daemon thread; return a function that cancels it."""
    t = threading.Timer(delay, callback)
    t.daemon = True
    t.start()
    return t.cancel


class DraftSaver:
    """Saves edits at most `delay` seconds after the first unsaved change (typing never postpones it)."""

    def __init__(self, write: Callable[[dict[str, str]], None], delay: float = DELAY_S,
                 schedule: Callable[[float, Callable[[], None]], Callable[[], None]] | None = None) -> None:
        self.write = write
        self.delay = delay
        self.schedule = schedule
        self.pending: dict[str, str] | None = None
        self.cancel: Callable[[], None] | None = None
        self.lock = threading.Lock()

    def changed(self, fields: dict[str, str]) -> None:
        """Note new text; a save is scheduled unless one already is."""
        with self.lock:
            self.pending = dict(fields)
            if self.cancel is None:
                self.cancel = (self.schedule or timer)(self.delay, self.flush)

    def flush(self) -> None:
        """Write the pending text now (if any) and cancel the scheduled save."""
        with self.lock:
            fields, self.pending = self.pending, None
            cancel, self.cancel = self.cancel, None
        if cancel is not None:
            cancel()
        if fields is not None:
            self.write(fields)

    def discard(self) -> None:
        """Forget the pending text (it was just saved another way)."""
        with self.lock:
            self.pending = None
            cancel, self.cancel = self.cancel, None
        if cancel is not None:
            cancel()
