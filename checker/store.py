"""A small JSON document store on disk: per-user folder, file lock, atomic replace, corruption recovery."""

from __future__ import annotations

import json
import os
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock

ENV_VAR = "COURSE_DATA_DIR"
LEARNER_VARS = ("COURSE_LEARNER", "JUPYTERHUB_USER")  # who is working, before the OS user name


def data_dir() -> Path:
    """Where the course keeps learner data: $COURSE_DATA_DIR, else the per-user data folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("prompt-course", appauthor=False))


def learner() -> str:
    """Who is working: $COURSE_LEARNER, else $JUPYTERHUB_USER, else the OS user name (for shared room folders)."""
    for var in LEARNER_VARS:
        if os.environ.get(var, "").strip():
            return os.environ[var].strip()
    try:
        import getpass

        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def safe_name(user: str) -> str:
    """A learner name made safe as a file name: letters, digits, '.', '_', '-' kept, anything else '_'."""
    name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in user)
    return "_" + name if not name or name.startswith(".") else name


def room_dir() -> Path | None:
    """The workshop room's shared progress folder ($COURSE_ROOM_DIR, .env or the workshop file), or None."""
    from tutor import api
    from tutor.errors import TutorError

    try:
        room = api.settings().room_dir
    except TutorError:
        room = os.environ.get("COURSE_ROOM_DIR") or None  # a broken setting elsewhere must not lose progress
    return Path(room).expanduser() if room else None


class JsonStore:
    """A JSON file holding {"version": 1, key: [records...]}, safe for several processes at once."""

    def __init__(self, filename: str, key: str, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder else data_dir()
        self.path = self.folder / filename
        self.key = key
        self.notice = ""  # set when a corrupted file was recovered

    def _lock(self) -> FileLock:
        """The inter-process lock guarding the file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=60)

    def _recover(self, why: str) -> list[dict]:
        """Move a corrupted file aside as a backup, start fresh, and say so."""
        backup = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
        os.replace(self.path, backup)
        self.notice = (f"Your {self.path.name} file was damaged ({why}). It was kept as {backup.name} "
                       "and a fresh one was started.")
        warnings.warn(self.notice, stacklevel=3)
        return []

    def _read(self) -> list[dict]:
        """The records in the file (recovering it if it is corrupted); call with the lock held."""
        if not self.path.exists():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return self._recover(f"not valid JSON: {exc}")
        records = data.get(self.key) if isinstance(data, dict) else None
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            return self._recover(f"no list of records under {self.key!r}")
        return records

    def _write(self, records: list[dict]) -> None:
        """Write all records atomically (temporary file, fsync, rename); call with the lock held."""
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"version": 1, self.key: records}, f, ensure_ascii=False, indent=0)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self) -> list[dict]:
        """Every record."""
        with self._lock():
            return self._read()

    def update(self, change: Callable[[list[dict]], Any]) -> Any:
        """Read, change the list in place with `change`, and write it back, all under the lock."""
        with self._lock():
            records = self._read()
            out = change(records)
            self._write(records)
            return out

    def append(self, record: dict) -> None:
        """Add one record."""
        self.update(lambda records: records.append(record))
