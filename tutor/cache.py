"""An on-disk cache of live replies, so re-running a notebook costs no new API calls."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

APP_NAME = "prompt-course"
USAGE_KEYS = frozenset({"prompt_tokens", "completion_tokens"})


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


def get(folder: Path, key: str) -> dict[str, Any] | None:
    """The stored reply for a key, or None (also for an unreadable entry or one of the wrong shape)."""
    path = folder / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return entry if valid(entry) else None


def put(folder: Path, key: str, entry: dict[str, Any]) -> None:
    """Store a reply atomically (write a temporary file, then rename it into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
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
