"""The workshop file: one small TOML file an instructor hands out (endpoint, model, key reference, room, lessons).

    # workshop.toml
    base_url = "http://gpu-host:8000/v1"
    model = "llama3.2"            # optional: an endpoint that serves one model is asked for that one
    api_key_env = "ROOM_KEY"      # the NAME of the variable holding the key, never the key itself
    room = "/srv/prompt-room"     # the shared progress folder (COURSE_ROOM_DIR)
    lessons = ["00", "01", "02"]  # the lessons open so far (default: all)

It is read from $COURSE_WORKSHOP, else `workshop.toml` in the course folder (beside `.env`).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_VAR = "COURSE_WORKSHOP"
FILENAME = "workshop.toml"
KEY_REFERENCE = "api_key_env"
# Key in the file -> the setting it gives (tutor.config.Settings field).
SETTINGS = {"backend": "backend", "base_url": "base_url", "model": "model", "timeout": "timeout",
            "deadline": "deadline", "max_retries": "max_retries", "room": "room_dir", "lessons": "lessons"}
KEYS = (*SETTINGS, KEY_REFERENCE)


_last: list = []  # [(path, inode, size, mtime_ns), Workshop] of the last file parsed


class WorkshopError(ValueError):
    """The workshop file cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Workshop:
    """The values a workshop file sets, and the line each one is on."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """Where a key is set, for messages and `doctor`: 'workshop file line 3: model'."""
        return f"workshop file line {self.lines.get(key, '?')}: {key}"


def path() -> Path:
    """The workshop file the course reads: $COURSE_WORKSHOP, else workshop.toml in the course folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parent.parent / FILENAME


def _key_lines(text: str) -> dict[str, int]:
    """The 1-based line on which each top-level key is set."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=", line)
        if match:
            found.setdefault(match.group(1), number)
    return found


def _syntax_error(file: Path, text: str, exc: tomllib.TOMLDecodeError) -> WorkshopError:
    """The TOML parser's complaint, with the line it points at quoted."""
    match = re.search(r"line (\d+)", str(exc))
    shown = ""
    if match:
        number = int(match.group(1))
        lines = text.splitlines()
        quoted = lines[number - 1].strip() if 0 < number <= len(lines) else ""
        shown = f" Line {number}: {quoted[:120]!r}." if quoted else f" Line {number}."
    return WorkshopError(f"The workshop file {file} is not valid TOML ({exc}).{shown} "
                         "Text needs quotes (model = \"llama3.2\"), a list brackets (lessons = [\"00\", \"01\"]).")


def _check_keys(file: Path, data: dict[str, Any], lines: dict[str, int]) -> None:
    """Refuse a key the course does not know, and an API key written into the file."""
    for key in data:
        at = f"The workshop file {file}, line {lines.get(key, '?')}"
        if key in ("api_key", "OPENAI_API_KEY"):
            raise WorkshopError(f"{at}, holds an API key. A workshop file is handed out: it must never hold "
                                f"the key itself. Remove that line and write {KEY_REFERENCE} = \"ROOM_KEY\" "
                                "(the name of an environment variable that holds the key) instead.")
        if key not in KEYS:
            raise WorkshopError(f"{at}, sets {key!r}, which the course does not know. "
                                f"It knows: {', '.join(KEYS)}.")


def parse(text: str, file: Path) -> Workshop:
    """The workshop a file's text describes, or WorkshopError naming the file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(file, text, exc) from None
    lines = _key_lines(text)
    _check_keys(file, data, lines)
    return Workshop(file, data, {key: lines.get(key, 0) for key in data})


def read(file: Path) -> Workshop | None:
    """The workshop file's settings, None if there is no such file, or WorkshopError saying what is wrong.

    Kernels read it on every call (so a switch reaches them at once); a parsed file is reused while its
    size, modification time and inode stay the same.
    """
    try:
        st = file.stat()
        stamp = (str(file), st.st_ino, st.st_size, st.st_mtime_ns)
        if _last and _last[0] == stamp:
            return _last[1]
        data = file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WorkshopError(f"The workshop file {file} cannot be read ({exc.strerror or type(exc).__name__}). "
                            f"Check that it is a file you may read, or unset {ENV_VAR}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkshopError(f"The workshop file {file} is not UTF-8 text (byte {exc.start}). "
                            "Save it as UTF-8, then run the cell again.") from None
    found = parse(text, file)
    _last[:] = [stamp, found]
    return found


SWITCH_NOTE = "  # set by `python -m tutor offline --room`; undo with `python -m tutor online --room`"


def with_backend(text: str, backend: str | None) -> str:
    """The file's text with its backend line replaced by `backend = "..."` (first), or removed when None."""
    kept = [line for line in text.splitlines() if not re.match(r"[ \t]*backend[ \t]*=", line)]
    if backend is not None:
        kept.insert(0, f'backend = "{backend}"' + (SWITCH_NOTE if backend == "offline" else ""))
    return "\n".join(kept) + "\n"


def set_backend(file: Path, backend: str | None) -> None:
    """Write (or, with None, remove) the backend line of a workshop file, atomically, keeping everything else."""
    try:
        text = file.read_bytes().decode("utf-8-sig") if file.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkshopError(f"The workshop file {file} cannot be read ({exc}).") from None
    parse(text, file)  # refuse to rewrite a file that is already broken
    new = with_backend(text, backend)
    parse(new, file)
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(new, encoding="utf-8")
        if file.exists():
            os.chmod(tmp, file.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)  # every learner's kernel must read it
        os.replace(tmp, file)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WorkshopError(f"The workshop file {file} cannot be written ({exc.strerror or type(exc).__name__}). "
                            "Run the command as the user who owns it.") from None
