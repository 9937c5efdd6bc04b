"""`python -m tutor doctor`: show the settings in effect, reach the endpoint, and say what to fix."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from tutor import api, autodetect, client, config, redact, workshop
from tutor.config import Settings
from tutor.errors import TutorError

PROBE = "Say hello in five words."
ORDER = "Configuration (default < workshop file < .env < environment < tutor.use()):"

Print = Callable[[str], None]


def _shown(settings: Settings, name: str) -> str:
    """A setting's value as doctor shows it (the key masked)."""
    value = getattr(settings, name)
    if name == "api_key":
        return config.mask_key(value)
    if name == "cache_dir":
        return str(client.cache.cache_dir(value))
    if name == "base_url" and value:
        return redact.url(value)
    if name == "lessons":
        return "(all open)" if value is None else ", ".join(value) or "(none open)"
    return "(not set)" if value is None else str(value)


def config_lines(settings: Settings) -> list[str]:
    """One line per setting: name, value and where it came from."""
    lines = [f"  {name:<12} {_shown(settings, name):<40} ({settings.source(name)})" for name in config.ENV_VARS]
    path = config.env_file()
    lines.append(f"  {'.env file':<12} {str(path):<40} ({'found' if path.is_file() else 'not found'})")
    room = workshop.path()
    lines.append(f"  {'workshop':<12} {str(room):<40} ({'found' if room.is_file() else 'not found'})")
    lines.append(f"  {'endpoint':<12} {settings.shown_endpoint}")
    lines.append(f"  {'model used':<12} {settings.model_name}")
    return lines


def _missing_key_variable(settings: Settings) -> str:
    """The variable the workshop file names for the key (api_key_env) when no key is set, else ''."""
    if settings.api_key:
        return ""
    try:
        found = workshop.read(workshop.path())
    except workshop.WorkshopError:
        return ""
    return str(found.values.get(workshop.KEY_REFERENCE) or "") if found else ""


def _problem(out: Print, exc: TutorError) -> None:
    """Print a problem as its cause and its fix."""
    out(f"  FAIL  {exc.cause}")
    out(f"        How to fix: {exc.fix}")


def check_models(settings: Settings, out: Print) -> bool:
    """List the endpoint's models and check the configured one is among them."""
    try:
        client.openai_client(settings)  # import and set up first, so the timing is the network's
        started = time.perf_counter()
        models = client.list_models(settings)
    except TutorError as exc:
        _problem(out, exc)
        return False
    ms = (time.perf_counter() - started) * 1000
    out(f"  ok    reached {settings.shown_endpoint} in {ms:.0f} ms; it serves {len(models)} model(s): "
        + (", ".join(models[:15]) or "(none listed)"))
    if models and settings.model_name not in models:
        from tutor import errors

        _problem(out, errors.unknown_model(settings.model_name, settings.shown_endpoint, models))
        return False
    return True


def check_round_trip(settings: Settings, out: Print) -> bool:
    """Time one uncached request to the configured model."""
    request = client.Request([{"role": "user", "content": PROBE}], settings.model_name, max_tokens=16)
    try:
        reply = client.complete(replace(settings, cache=False), request)
    except TutorError as exc:
        _problem(out, exc)
        return False
    out(f"  ok    round trip to {reply.model} ({reply.backend}): {reply.latency_s * 1000:.0f} ms, "
        f"{reply.usage.prompt_tokens}+{reply.usage.completion_tokens} tokens, finish_reason={reply.finish_reason}")
    out(f"        it said: {reply.text[:70]!r}")
    return True


def run(out: Print = print) -> int:
    """Run every check and print the report; 0 when all is well, 1 otherwise."""
    out("tutor doctor")
    try:
        settings, _ = autodetect.resolve(api.settings())
    except TutorError as exc:
        out(ORDER)
        _problem(out, exc)
        return 1
    out(ORDER)
    for line in config_lines(settings):
        out(line)
    if settings.is_offline and settings.api_key:
        out("  note  OPENAI_API_KEY is set, but the offline model answers until you set TUTOR_BACKEND=openai "
            "(or OPENAI_BASE_URL). A key alone never switches backends, so nothing is spent by surprise.")
    key_var = _missing_key_variable(settings)
    if key_var:
        out(f"  note  The workshop file says the key is in the variable {key_var}, which is not set. Set it (in the "
            "environment or .env) if the endpoint needs a key.")
    out(f"Checking: {api.describe(settings)}")
    ok = check_models(settings, out) and check_round_trip(settings, out)
    out("All good." if ok else "Fix the problem above, then run `python -m tutor doctor` again.")
    return 0 if ok else 1
