"""An on-disk cache of live replies, so re-running a notebook costs no new API calls.

Entries are trusted only from the learner's own private folder: a folder or entry that another user
owns, or that others can write, is never read (a reply planted there could be graded as yours).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from tutor import private

APP_NAME = "prompt-course"
USAGE_KEYS = frozenset({"prompt_tokens", "completion_tokens"})
TEMP_PREFIX = ".tmp-"


def cache_dir(configured: str | None = None) -> Path:
    """The cache folder: the configured one, or `replies/` in the user's cache directory."""
    if configured:
        return Path(configured).expanduser()
    return Path(user_cache_dir(APP_NAME)) / "replies"


def request_key(endpoint: str, model: str, messages: list[dict], params: dict[str, Any]) -> str:
    """A hash of everything that shapes an answer. The API key is deliberately not part of it."""
    blob = json.dumps(
        {"endpoint": endpoint, "model": model, "messages": messages, "params": params},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def valid(entry: Any) -> bool:
    """True for an entry of the shape `put` stores: text, model, finish_reason and token counts."""
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        return False
    if not all(isinstance(entry.get(k), (str, type(None))) for k in ("model", "finish_reason")):
        return False
    usage = entry.get("usage", {})
    return isinstance(usage, dict) and set(usage) <= USAGE_KEYS and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in usage.values())


def untrusted(folder: Path) -> str:
    """Why an existing cache folder may not be used (another user owns it, or others can write it); else ''."""
    if not folder.is_dir() or not (why := private.not_owned_reason(folder)):
        return ""
    return (f"The reply cache {why}, so it is not used (a reply planted there could be graded as yours). "
            "Set TUTOR_CACHE_DIR to a folder of your own, or TUTOR_CACHE=0.")


def get(folder: Path, key: str) -> dict[str, Any] | None:
    """The stored reply for a key, or None: also for an unreadable entry, one of the wrong shape, or one not private."""
    data = private.read_trusted(folder, f"{key}.json")
    if data is None:
        return None
    try:
        entry = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return entry if valid(entry) else None


def put(folder: Path, key: str, entry: dict[str, Any]) -> None:
    """Store a reply atomically in a private folder (write a 0600 temporary file, then rename it into place)."""
    private.make_folder(folder)
    private.clean_temp(folder, TEMP_PREFIX)
    fd, tmp = private.temp_file(folder, TEMP_PREFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entry, handle, ensure_ascii=False)
        os.replace(tmp, folder / f"{key}.json")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clear(folder: Path) -> int:
    """Delete every cached reply; return how many were removed."""
    removed = 0
    for path in folder.glob("*.json"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed
