"""Course settings: defaults, then the workshop file, then `.env`, then the environment, then `tutor.use()`."""

from __future__ import annotations

import math
import os
import re
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tutor import envfile, redact, validate, workshop

OFFLINE = "offline"
LIVE = "openai"
BACKENDS = (OFFLINE, LIVE)

OFFLINE_MODEL = "offline-teacher"
DEFAULT_LIVE_MODEL = "gpt-4o-mini"
OPENAI_URL = "https://api.openai.com/v1"

# Setting name -> environment variable that sets it.
ENV_VARS: dict[str, str] = {
    "backend": "TUTOR_BACKEND",
    "model": "TUTOR_MODEL",
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
    "timeout": "TUTOR_TIMEOUT",
    "deadline": "TUTOR_DEADLINE",
    "max_retries": "TUTOR_MAX_RETRIES",
    "concurrency": "TUTOR_CONCURRENCY",
    "cache": "TUTOR_CACHE",
    "cache_dir": "TUTOR_CACHE_DIR",
    "room_dir": "COURSE_ROOM_DIR",
    "lessons": "COURSE_LESSONS",
}

SECONDS = ("timeout", "deadline")  # settings given in seconds
COUNTS = ("max_retries", "concurrency")  # settings that are whole numbers
EXAMPLES = {"timeout": "60", "deadline": "120", "max_retries": "3", "concurrency": "2"}
MAX_TIMEOUT_S = 3600.0  # timeout and deadline range: above 0, at most this
MAX_RETRIES = 10  # TUTOR_MAX_RETRIES / use(max_retries=...) range: 0 to this
MAX_CONCURRENCY = 16  # TUTOR_CONCURRENCY / use(concurrency=...) range: 1 to this
USE = "tutor.use()"  # the origin of settings changed in a notebook

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting has a value the course cannot use."""


@dataclass(frozen=True)
class Settings:
    """The settings in effect, and where each one came from."""

    backend: str = OFFLINE
    model: str | None = None
    api_key: str | None = None
    base_url: str | None = None
    timeout: float = 60.0  # seconds to wait for the next bytes of an answer
    deadline: float = 120.0  # seconds one live call may take in all (connecting, retries and waits included)
    max_retries: int = 3
    concurrency: int = 2  # live calls one kernel may have in flight at once (a shared endpoint's fair share)
    cache: bool = True
    cache_dir: str | None = None
    room_dir: str | None = None  # a workshop room's shared progress folder
    lessons: tuple[str, ...] | None = None  # the lessons open in a workshop (None: all of them)
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_offline(self) -> bool:
        """True when the offline teaching model answers."""
        return self.backend == OFFLINE

    @property
    def model_name(self) -> str:
        """The model that will be asked, with the backend's default filled in."""
        if self.is_offline:
            return OFFLINE_MODEL
        return self.model or DEFAULT_LIVE_MODEL

    @property
    def endpoint(self) -> str:
        """The base URL requests go to (a placeholder for the in-process offline model)."""
        if self.is_offline:
            return "offline://in-process/v1"
        return (self.base_url or OPENAI_URL).rstrip("/")

    @property
    def shown_endpoint(self) -> str:
        """The endpoint as messages show it: without any user:password@ in the URL."""
        return redact.url(self.endpoint)

    def is_open(self, lesson: str) -> bool:
        """True when a lesson is open (every lesson is, unless a workshop lists the open ones)."""
        return self.lessons is None or lesson in self.lessons

    def source(self, name: str) -> str:
        """Where a setting's value came from."""
        return self.sources.get(name, "default")

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={mask_key(self.api_key) if f.name == 'api_key' else _shown_value(getattr(self, f.name))!r}"
            for f in fields(self)
            if f.name != "sources"
        )
        return f"Settings({shown})"


def _shown_value(value: Any) -> Any:
    """A setting's value as repr shows it (URLs without credentials)."""
    return redact.url(value) if isinstance(value, str) else value


def mask_key(key: str | None) -> str:
    """Show that a key is set without revealing it: 'sk-…' plus its last four characters."""
    if not key:
        return "(not set)"
    if len(key) < 12:
        return "…" + "*" * 4
    return f"{key[:3]}…{key[-4:]}"


def env_file() -> Path:
    """The `.env` file the course reads: TUTOR_ENV_FILE, or `.env` in the repository root."""
    override = os.environ.get("TUTOR_ENV_FILE")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / ".env"


def _parse(name: str, raw: str, origin: str) -> Any:
    """Turn a raw string setting into its typed value, or explain what is wrong."""
    value = raw.strip()
    if name == "backend":
        value = value.lower()
        if value not in BACKENDS:
            raise ConfigError(
                f"{ENV_VARS[name]}={raw!r} (from {origin}) is not a backend. "
                f"Use one of: {', '.join(BACKENDS)}."
            )
        return value
    if name in SECONDS or name in COUNTS:
        kind = int if name in COUNTS else float
        try:
            number = kind(value)
        except ValueError:
            raise ConfigError(
                f"{ENV_VARS[name]}={raw!r} (from {origin}) is not a number. "
                f"Set it to, for example, {ENV_VARS[name]}={EXAMPLES[name]}."
            ) from None
        return checked(name, number, f"{ENV_VARS[name]}={raw!r} (from {origin})")
    if name == "lessons":
        return None if value.lower() == "all" else lesson_ids(re.split(r"[\s,]+", value), _label(name, raw, origin))
    if name == "cache":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ConfigError(f"{ENV_VARS[name]}={raw!r} (from {origin}) should be 1 or 0.")
    return checked(name, value, _label(name, raw, origin)) if value else None


def _label(name: str, value: Any, origin: str) -> str:
    """How a message names a setting: variable and value (never the key's), and where it came from."""
    shown = "" if name == "api_key" else f"={_shown_value(value)!r}"
    if origin == USE:
        return f"use({name}{shown})"
    return f"{ENV_VARS.get(name, name)}{shown} (from {origin})"


def lesson_ids(items: Any, label: str) -> tuple[str, ...]:
    """Lesson numbers as the specs write them ('00', '01', ...), from a list of numbers or digit strings."""
    if not isinstance(items, (list, tuple)):
        raise ConfigError(f"{label} should be a list of lesson numbers, for example [\"00\", \"01\"].")
    out = []
    for item in items:
        text = str(item).strip() if isinstance(item, (str, int)) and not isinstance(item, bool) else ""
        if not text:
            continue
        if not text.isdigit() or not text.isascii() or len(text) > 3:
            raise ConfigError(f"{label} names {item!r}, which is not a lesson number; write them as \"00\", \"01\", ...")
        out.append(f"{int(text):02d}")
    return tuple(dict.fromkeys(out))


def checked(name: str, value: Any, label: str) -> Any:
    """A typed setting's value if the course can use it, else ConfigError naming it and the allowed values."""
    if name in SECONDS:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not 0 < value <= MAX_TIMEOUT_S:
            raise ConfigError(f"{label} is not a usable {name}: it must be positive and finite, in seconds, "
                              f"at most {MAX_TIMEOUT_S:g}, for example {EXAMPLES[name]}.")
        return float(value)
    if name == "max_retries":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_RETRIES:
            raise ConfigError(f"{label} is not a usable number of retries: it must be positive or zero, a whole "
                              f"number from 0 to {MAX_RETRIES}, for example 3.")
        return value
    if name == "concurrency":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CONCURRENCY:
            raise ConfigError(f"{label} is not a usable number of concurrent calls: it must be a whole number "
                              f"from 1 to {MAX_CONCURRENCY}, for example 2.")
        return value
    if name == "cache":
        if not isinstance(value, bool):
            raise ConfigError(f"{label} should be True or False.")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{label} should be non-empty text (a str), not {type(value).__name__}.")
    if validate.lone_surrogate(value) is not None:
        raise ConfigError(f"{label} contains a lone surrogate character, which is not valid text.")
    if name == "base_url" and not value.strip().lower().startswith(("http://", "https://")):
        raise ConfigError(f"{label} is not a web address: it should start with http:// or https://, "
                          "for example http://localhost:11434/v1.")
    return value


def _layer(values: Mapping[str, str | None], origin: str) -> dict[str, tuple[Any, str]]:
    """Typed settings from one source of raw variables, each with a label of where it came from."""
    found = {}
    for name, var in ENV_VARS.items():
        raw = values.get(var)
        if raw is not None and raw.strip() != "":
            found[name] = (_parse(name, raw, f"{origin}: {var}"), f"{origin}: {var}")
    return found


def _workshop_value(ws: workshop.Workshop, key: str, value: Any) -> Any:
    """A workshop file's value, typed and checked; the error names the file and the line."""
    name = workshop.SETTINGS[key]
    label = f"{key} = {value!r} (in the workshop file {ws.path}, line {ws.lines.get(key, '?')})"
    if name == "backend":
        if not isinstance(value, str) or value.strip().lower() not in BACKENDS:
            raise ConfigError(f"{label} is not a backend. Use one of: {', '.join(BACKENDS)}.")
        return value.strip().lower()
    if name == "lessons":
        return None if value == "all" else lesson_ids(value, label)
    return checked(name, value, label)


def _key_reference(ws: workshop.Workshop, variables: Mapping[str, str | None]) -> dict[str, tuple[Any, str]]:
    """The API key from the variable the workshop file names (api_key_env), if that variable is set."""
    var = ws.values.get(workshop.KEY_REFERENCE)
    if var is None:
        return {}
    if not isinstance(var, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
        raise ConfigError(f"{workshop.KEY_REFERENCE} = {var!r} (in the workshop file {ws.path}, line "
                          f"{ws.lines.get(workshop.KEY_REFERENCE, '?')}) should be the NAME of an environment "
                          "variable holding the key, for example \"ROOM_KEY\".")
    key = (variables.get(var) or "").strip()
    if not key:
        return {}
    origin = f"{ws.where(workshop.KEY_REFERENCE)} -> ${var}"
    return {"api_key": (checked("api_key", key, f"the variable {var}"), origin)}


def _workshop_layer(variables: Mapping[str, str | None]) -> dict[str, tuple[Any, str]]:
    """Typed settings from the workshop file (if there is one), each labelled with its line."""
    try:
        ws = workshop.read(workshop.path())
    except workshop.WorkshopError as exc:
        raise ConfigError(str(exc)) from None
    if ws is None:
        return {}
    found = {workshop.SETTINGS[key]: (_workshop_value(ws, key, value), ws.where(key))
             for key, value in ws.values.items() if key in workshop.SETTINGS}
    return {**found, **_key_reference(ws, variables)}


def load(environ: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    """Read the settings: defaults < workshop file < `.env` < environment variables."""
    environ = os.environ if environ is None else environ
    path = env_file() if dotenv is None else dotenv
    dotenv_values: dict[str, str | None] = {}
    if path.is_file():
        try:
            dotenv_values = envfile.read(path)
        except envfile.EnvFileError as exc:
            raise ConfigError(str(exc)) from None
    merged = _workshop_layer(ChainMap(environ, dotenv_values))  # looked up lazily: no copy of the environment
    merged.update(_layer(dotenv_values, ".env"))
    merged.update(_layer(environ, "environment"))
    values = {name: value for name, (value, _) in merged.items()}
    sources = {name: origin for name, (_, origin) in merged.items()}
    if "backend" not in values and values.get("base_url"):
        # Pointing the openai client at an endpoint means "use that endpoint".
        values["backend"] = LIVE
        sources["backend"] = f"implied by {sources['base_url']}"
    return Settings(**values, sources=sources)


def override(settings: Settings, **changes: Any) -> Settings:
    """Apply `tutor.use()` changes on top of loaded settings, recording their source."""
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = set(changes) - {f.name for f in fields(Settings)} - {"sources"}
    if unknown:
        raise ConfigError(f"Unknown setting(s): {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        if name == "backend" and not isinstance(value, str):
            raise ConfigError(f"use(backend={value!r}) should be text: one of {', '.join(BACKENDS)}.")
        if name not in ("backend", "sources"):
            changes[name] = checked(name, value, _label(name, value, USE))
    if "backend" in changes:
        changes["backend"] = _parse("backend", changes["backend"], "tutor.use()")
    elif "base_url" in changes:
        changes["backend"] = LIVE
    if changes.get("backend") == OFFLINE and "model" not in changes:
        changes["model"] = None  # the live model's name means nothing offline
    sources = dict(settings.sources)
    sources.update({name: USE for name in changes})
    return replace(settings, **changes, sources=sources)
