"""Files only their owner can change: private folders, trusted reads, and clean-up of temporary files a crash left."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
STALE_S = 60.0  # a temporary file this old (or whose process is gone) was left by a crash
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def owned(st: os.stat_result) -> bool:
    """True if this user owns the file or folder and no one else can write it (always true without Unix users)."""
    if not hasattr(os, "geteuid"):
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & OTHERS_WRITE


def not_owned_reason(path: Path, follow: bool = True) -> str:
    """Why an existing path cannot be trusted as this user's own ('' if it can, or does not exist); a symbolic
    link itself is judged unless follow."""
    try:
        st = os.stat(path, follow_symlinks=follow)
    except OSError:
        return ""
    if owned(st):
        return ""
    return f"{path} belongs to another user or others can change it"


def make_folder(path: Path) -> Path:
    """Create a folder only its owner can open (an existing folder is left as it is)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def read_trusted(folder: Path, name: str) -> bytes | None:
    """The bytes of folder/name if this user owns both and no one else can write them; else None."""
    if not hasattr(os, "geteuid") or os.open not in os.supports_dir_fd:  # no Unix users (Windows): any readable file
        try:
            return (folder / name).read_bytes()
        except OSError:
            return None
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        if not owned(os.fstat(dir_fd)):
            return None
        fd = os.open(name, os.O_RDONLY | NOFOLLOW, dir_fd=dir_fd)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            return f.read() if stat.S_ISREG(st.st_mode) and owned(st) else None
    except OSError:
        return None
    finally:
        os.close(dir_fd)


def temp_file(folder: Path, prefix: str) -> tuple[int, str]:
    """A new 0600 temporary file in folder, named PREFIX<pid>-<random>.tmp so a crash's leftovers can be found."""
    return tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}-", suffix=".tmp", dir=folder)


def _alive(pid: int) -> bool:
    """True if a process with this id exists (or might: one we may not signal, or on Windows, where we do not ask)."""
    if not hasattr(os, "geteuid"):
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True
    return True


def clean_temp(folder: Path, prefix: str, now: float | None = None) -> int:
    """Remove this user's PREFIX*.tmp files in folder that are over a minute old or whose process is gone."""
    now = time.time() if now is None else now
    removed = 0
    for path in folder.glob(f"{prefix}*.tmp"):
        pid = path.name[len(prefix):].split("-", 1)[0]
        try:
            st = path.lstat()
            stale = now - st.st_mtime > STALE_S or (pid.isdigit() and not _alive(int(pid)))
            if stale and owned(st):
                path.unlink()
                removed += 1
        except OSError:
            continue  # gone already, or another user's
    return removed
