"""No model set, and the endpoint serves exactly one (llama.cpp, a single Ollama model)? Use that one, and say so."""

from __future__ import annotations

import hashlib
import time
from dataclasses import replace

from tutor import client
from tutor.config import Settings
from tutor.errors import TutorError

RETRY_AFTER_S = 30.0  # a model list that could not be fetched is asked for again after this long

# (endpoint, key fingerprint) -> (the only model, or None when it serves several or none; when it was looked up)
_found: dict[tuple[str, str], tuple[str | None, float]] = {}
_announced: set[tuple[str, str]] = set()


def _key(settings: Settings) -> tuple[str, str]:
    """What the lookup is cached under: the endpoint and a fingerprint of the key (never the key)."""
    return settings.endpoint, hashlib.sha256((settings.api_key or "").encode()).hexdigest()


def applies(settings: Settings) -> bool:
    """True for a live endpoint named by base_url when no model is set."""
    return not settings.is_offline and settings.model is None and bool(settings.base_url)


def only_model(settings: Settings) -> str | None:
    """The one model the endpoint serves, looked up once per process (bounded by the call's deadline), else None."""
    key = _key(settings)
    cached = _found.get(key)
    if cached is not None and (cached[0] is not None or time.monotonic() - cached[1] < RETRY_AFTER_S):
        return cached[0]  # a model found is kept; "none found" is asked again after RETRY_AFTER_S
    try:
        models = client.list_models(settings)
    except TutorError:  # unreachable, or no model list: the request itself will say what is wrong
        models = []
    _found[key] = (models[0] if len(models) == 1 else None, time.monotonic())
    return _found[key][0]


def source(settings: Settings) -> str:
    """How doctor names an autodetected model's origin."""
    return f"autodetected: the only model {settings.shown_endpoint} serves"


def resolve(settings: Settings) -> tuple[Settings, str]:
    """The settings with the endpoint's only model filled in, and a notice the first time it is used ('' after)."""
    model = only_model(settings) if applies(settings) else None
    if model is None:
        return settings, ""
    resolved = replace(settings, model=model, sources={**settings.sources, "model": source(settings)})
    key = _key(settings)
    if key in _announced:
        return resolved, ""
    _announced.add(key)
    return resolved, (f"No model was set, and {settings.shown_endpoint} serves exactly one, {model!r}: "
                      "the course uses it. Set TUTOR_MODEL (or model in the workshop file) to choose another.")


def forget() -> None:
    """Drop every cached lookup (tests, or after the endpoint changed its model)."""
    _found.clear()
    _announced.clear()
