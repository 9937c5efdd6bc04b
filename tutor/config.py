"""Course settings: defaults, then the `.env` file, then the environment, then `tutor.use()`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from dotenv import dotenv_values

from tutor import redact

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
    "max_retries": "TUTOR_MAX_RETRIES",
    "cache": "TUTOR_CACHE",
    "cache_dir": "TUTOR_CACHE_DIR",
}

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
    timeout: float = 60.0
    max_retries: int = 3
    cache: bool = True
    cache_dir: str | None = None
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
    if name in ("timeout", "max_retries"):
        kind = float if name == "timeout" else int
        try:
            number = kind(value)
        except ValueError:
            raise ConfigError(
                f"{ENV_VARS[name]}={raw!r} (from {origin}) is not a number. "
                f"Set it to, for example, {ENV_VARS[name]}={'60' if name == 'timeout' else '3'}."
            ) from None
        if number < 0 or (name == "timeout" and number == 0):
            raise ConfigError(f"{ENV_VARS[name]} (from {origin}) must be positive, got {raw!r}.")
        return number
    if name == "cache":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ConfigError(f"{ENV_VARS[name]}={raw!r} (from {origin}) should be 1 or 0.")
    return value or None


def _layer(values: Mapping[str, str | None], origin: str) -> dict[str, tuple[Any, str]]:
    """Typed settings from one source of raw variables, each with a label of where it came from."""
    found = {}
    for name, var in ENV_VARS.items():
        raw = values.get(var)
        if raw is not None and raw.strip() != "":
            found[name] = (_parse(name, raw, f"{origin}: {var}"), f"{origin}: {var}")
    return found


def load(environ: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    """Read the settings: defaults < `.env` < environment variables."""
    environ = os.environ if environ is None else environ
    path = env_file() if dotenv is None else dotenv
    merged: dict[str, tuple[Any, str]] = {}
    if path.is_file():
        merged.update(_layer(dotenv_values(path), ".env"))
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
    if "backend" in changes:
        changes["backend"] = _parse("backend", str(changes["backend"]), "tutor.use()")
    elif "base_url" in changes:
        changes["backend"] = LIVE
    if changes.get("backend") == OFFLINE and "model" not in changes:
        changes["model"] = None  # the live model's name means nothing offline
    sources = dict(settings.sources)
    sources.update({name: "tutor.use()" for name in changes})
    return replace(settings, **changes, sources=sources)
