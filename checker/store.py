"""A small record store on disk: an append-only JSON-lines log per user, file lock, atomic compaction, recovery.

The file is a header line `{"version": 2, "key": KEY}` and then one JSON record per line. An append
writes one line at the end (O(1)); `update` rewrites the whole file atomically (temporary file, fsync,
rename), which also compacts it. A version-1 file (one JSON document `{"version": 1, KEY: [...]}`)
is still read, and rewritten as a log by the first write. Files and locks are created 0600, and a
file that another user owns (or others can change) is never written.
"""

from __future__ import annotations

import json
import os
import re
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from tutor import private

ENV_VAR = "COURSE_DATA_DIR"
ROOM_VAR = "COURSE_ROOM_DIR"
LEARNER_VARS = ("COURSE_LEARNER", "JUPYTERHUB_USER")  # who is working, before the OS user name
LOCK_WAIT_S = 5.0  # a lock held longer than this costs a "not saved" message, never a frozen Check
VERSION = 2
TAIL_CHUNK = 65536
UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]")
_swept: set[Path] = set()  # store files whose stale temporary files this process has removed


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
    """A learner name as a file name: letters, digits, '.', '_', '-' (others become '_'), never empty or hidden."""
    name = UNSAFE_CHARS.sub("_", user)[:200] or "_"
    return "_" + name[1:] if name.startswith(".") else name


def room_dir() -> Path | None:
    """The workshop room's shared progress folder ($COURSE_ROOM_DIR, .env or the workshop file), or None."""
    from tutor import api
    from tutor.errors import TutorError

    try:
        room = api.settings().room_dir
    except TutorError:
        room = os.environ.get("COURSE_ROOM_DIR") or None  # a broken setting elsewhere must not lose progress
    return Path(room).expanduser() if room else None


class StoreBusy(OSError):
    """The store's lock was held by someone else for longer than LOCK_WAIT_S."""


class Damaged(ValueError):
    """A store file that cannot be read as records; the message says why."""


def parse(data: bytes, key: str) -> tuple[list[dict], int]:
    """The records in a store file's bytes (log or version-1 document) and how many were skipped as damaged."""
    if not data.strip():
        return [], 0
    first, _, rest = data.partition(b"\n")
    try:
        header = json.loads(first)
    except (ValueError, RecursionError):
        header = None
    if isinstance(header, dict) and header.get("version") == VERSION:
        return _parse_lines(rest)
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise Damaged("nested too deeply" if isinstance(exc, RecursionError) else f"not valid JSON: {exc}") from None
    records = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(records, list):
        raise Damaged(f"no list of records under {key!r}")
    kept = [r for r in records if isinstance(r, dict)]
    return kept, len(records) - len(kept)


def _parse_lines(body: bytes) -> tuple[list[dict], int]:
    """The records of a log's lines; an unfinished last line (a write in progress or cut short) is left out."""
    lines = body.decode("utf-8", "replace").split("\n")  # a damaged byte spoils its own line at most
    lines.pop()  # after the last newline: empty, or an unfinished line
    records, bad = [], 0
    for line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            record = None
        if isinstance(record, dict):
            records.append(record)
        else:
            bad += 1
    return records, bad


class JsonStore:
    """A log of records ({"version": 2, "key": key} then one record per line), safe for several processes at once."""

    def __init__(self, filename: str, key: str, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder else data_dir()
        self.path = self.folder / filename
        self.key = key
        self.notice = ""  # set when a damaged file was recovered or damaged records were skipped

    # ------------------------------------------------------------ locking and ownership

    def _lock(self) -> FileLock:
        """The inter-process lock guarding the file (created 0600, next to it)."""
        if self.folder != room_dir():
            private.make_folder(self.folder)
        elif not self.folder.is_dir():
            raise FileNotFoundError(f"The room folder {self.folder} does not exist; ask your instructor to create it")
        lock = Path(str(self.path) + ".lock")
        self._refuse_foreign(lock)
        return FileLock(str(lock), timeout=LOCK_WAIT_S, mode=0o600)

    def _refuse_foreign(self, path: Path) -> None:
        """Raise PermissionError if path exists but is not this user's own (a link planted by another user counts)."""
        if why := private.not_owned_reason(path, follow=False):
            raise PermissionError(f"{why}, so it is not used. Point {ENV_VAR} (or {ROOM_VAR}) at a folder of your own, "
                                  "or ask your instructor")

    def _locked(self):
        """The acquired lock, to use in a `with` (raises StoreBusy after LOCK_WAIT_S seconds)."""
        lock = self._lock()
        try:
            return lock.acquire()
        except Timeout:
            raise StoreBusy(f"{self.path.name} is in use by another program (its lock was held for more than "
                            f"{LOCK_WAIT_S:g} s)") from None

    # ------------------------------------------------------------ reading

    def _parse_file(self) -> list[dict]:
        """The records in the file, noting skipped ones (raises Damaged or OSError)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        records, bad = parse(data, self.key)
        if bad:
            self.notice = f"Skipped {bad} damaged record{'s' if bad > 1 else ''} in your {self.path.name}."
        return records

    def _recover(self, why: str) -> list[dict]:
        """Move a damaged file aside under a unique backup name, start fresh, and say so; call with the lock held."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        n = 0
        while (backup := self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{os.getpid()}-{n}")).exists():
            n += 1
        os.replace(self.path, backup)
        self.notice = (f"Your {self.path.name} file was damaged ({why}). It was kept as {backup.name} "
                       "and a fresh one was started.")
        warnings.warn(self.notice, stacklevel=4)
        return []

    def _read(self) -> list[dict]:
        """The records (recovering a damaged file); call with the lock held."""
        try:
            return self._parse_file()
        except Damaged as exc:
            return self._recover(str(exc))

    def load(self) -> list[dict]:
        """Every record (read without waiting for writers; a damaged file is recovered under the lock)."""
        try:
            return self._parse_file()
        except Damaged:
            with self._locked():
                return self._read()

    # ------------------------------------------------------------ writing

    def _sweep(self) -> None:
        """Remove temporary files a crashed write of this file left (once per process; call with the lock held)."""
        private.clean_temp(self.folder, self.path.name + ".")
        _swept.add(self.path)

    def _write(self, records: list[dict]) -> None:
        """Rewrite the file atomically as a compact log (temporary file, fsync, rename); call with the lock held."""
        self._sweep()
        fd, tmp = private.temp_file(self.folder, self.path.name + ".")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(self._header() + b"".join(_line(r) for r in records))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _header(self) -> bytes:
        """The first line of a log file."""
        return _line({"version": VERSION, "key": self.key})

    def _is_log(self) -> bool:
        """True if the file exists and starts with this version's header; false for a version-1 or damaged file."""
        try:
            with open(self.path, "rb") as f:
                return f.read(len(self._header())) == self._header()
        except FileNotFoundError:
            return False

    def update(self, change: Callable[[list[dict]], Any]) -> Any:
        """Read, change the list in place with `change`, and write it back compacted, all under the lock."""
        with self._locked():
            self._refuse_foreign(self.path)
            records = self._read()
            out = change(records)
            self._write(records)
            return out

    def append(self, record: dict) -> None:
        """Add one record at the end of the log (a version-1 or damaged file is rewritten first)."""
        with self._locked():
            self._refuse_foreign(self.path)
            if self.path not in _swept:
                self._sweep()
            if self.path.exists() and not self._is_log():
                self._write(self._read())  # migrate (no record lost) or start afresh after a backup
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | private.NOFOLLOW, 0o600)
            try:
                _append(fd, self._header(), _line(record))
            finally:
                os.close(fd)


def _line(record: dict) -> bytes:
    """One record as a JSON line."""
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _append(fd: int, header: bytes, line: bytes) -> None:
    """Write line at the end of an open log (a header first if it is empty), cutting off an unfinished last line."""
    if _cut_unfinished(fd, os.lseek(fd, 0, os.SEEK_END)) == 0:
        line = header + line
    view = memoryview(line)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _cut_unfinished(fd: int, end: int) -> int:
    """Truncate the file after its last newline (a write killed half-way never finished its line); the new size."""
    os.lseek(fd, max(0, end - 1), os.SEEK_SET)
    if end and os.read(fd, 1) == b"\n":
        return end  # the usual case: the last line is complete
    pos = end
    while pos > 0:
        start = max(0, pos - TAIL_CHUNK)
        os.lseek(fd, start, os.SEEK_SET)
        chunk = os.read(fd, pos - start)
        cut = chunk.rfind(b"\n")
        if cut >= 0:
            if start + cut + 1 < end:
                os.ftruncate(fd, start + cut + 1)
            return start + cut + 1
        pos = start
    if end:
        os.ftruncate(fd, 0)
    return 0
