"""The learner's API: `ask()` a model and `use()` another one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from tutor import autodetect, cache, chat, config, display, validate
from tutor.client import Request, complete
from tutor.config import Settings
from tutor.errors import TutorError
from tutor.reply import Reply

_overrides: dict[str, Any] = {}
ASK = "ask()"  # how argument errors name the call


def settings() -> Settings:
    """The settings in effect now (environment and .env, then `use()` changes)."""
    try:
        return config.override(config.load(), **_overrides)
    except config.ConfigError as exc:
        raise TutorError(str(exc), "Fix the setting named above, in the file or variable it names "
                                    "(workshop file, .env or environment), then run the cell again.") from None


def describe(s: Settings | None = None) -> str:
    """One line naming who answers.

    >>> describe(Settings())
    'offline teaching model (a simulator, no network): offline-teacher'
    >>> describe(Settings(backend="openai", base_url="http://localhost:11434/v1", model="llama3.2"))
    'live model llama3.2 at http://localhost:11434/v1'
    """
    s = s or settings()
    if s.is_offline:
        return f"offline teaching model (a simulator, no network): {s.model_name}"
    if autodetect.applies(s):
        return f"live model at {s.shown_endpoint}: the one it serves if it serves exactly one, else {s.model_name}"
    return f"live model {s.model_name} at {s.shown_endpoint}"


def use(
    backend: str | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    deadline: float | None = None,
    max_retries: int | None = None,
    concurrency: int | None = None,
    cache: bool | None = None,
) -> None:
    """Switch backend or model for this kernel: `use('offline')`, `use('openai', model='gpt-4o-mini')`.

    Called with no arguments it goes back to the configured settings. API keys are not accepted here
    (a key typed into a cell ends up in the notebook file): put them in `.env`.
    """
    global _overrides
    changes = dict(backend=backend, model=model, base_url=base_url, timeout=timeout, deadline=deadline,
                   max_retries=max_retries, concurrency=concurrency, cache=cache)
    if all(v is None for v in changes.values()):
        _overrides = {}
    else:
        merged = {**_overrides, **{k: v for k, v in changes.items() if v is not None}}
        if backend is not None and str(backend).lower() == config.OFFLINE:
            merged.pop("model", None)
            merged.pop("base_url", None)
        try:
            config.override(config.load(), **merged)
        except config.ConfigError as exc:
            raise TutorError(str(exc), "Call use() with one of the values named above.") from None
        _overrides = merged
    print(f"Now answering: {describe()}")


def _check_messages(messages: list[dict]) -> list[dict]:
    """Copy a messages list, checking each has a known role and text content."""
    if not isinstance(messages, (list, tuple)):
        raise TutorError("`messages` must be a list of {'role': ..., 'content': ...} dicts.",
                         "Write messages=[{'role': 'user', 'content': 'Hello'}].")
    checked = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in chat.ROLES:
            raise TutorError(f"messages[{i}] is not a message with role {', '.join(map(repr, chat.ROLES[:-1]))} or {chat.ROLES[-1]!r}.",
                             "Each message looks like {'role': 'user', 'content': 'Hello'}.")
        content = validate.text(ASK, f"messages[{i}]['content']", m.get("content", ""), optional=False)
        checked.append({"role": m["role"], "content": content})
    return checked


def build_messages(
    prompt: str | None = None,
    *,
    system: str | None = None,
    messages: list[dict] | None = None,
    prefill: str | None = None,
) -> list[dict]:
    """The chat messages for a prompt: optional system, earlier messages, the user prompt, a prefill.

    >>> build_messages("Hi", system="Be brief.", prefill="Sure")  # doctest: +NORMALIZE_WHITESPACE
    [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'Hi'},
     {'role': 'assistant', 'content': 'Sure'}]
    """
    for name, value in (("prompt", prompt), ("system", system), ("prefill", prefill)):
        validate.text(ASK, name, value)
    out: list[dict] = []
    if system:
        out.append({"role": "system", "content": system})
    if messages:
        out.extend(_check_messages(messages))
    if prompt is not None:
        out.append({"role": "user", "content": prompt})
    if not any(m["content"].strip() for m in out if m["role"] != "assistant"):
        raise TutorError("There is nothing to send: the prompt is empty.",
                         "Write your prompt between the quotes and run the cell again.")
    if prefill:
        out.append({"role": "assistant", "content": prefill})
    return out


def _check_params(temperature: Any, max_tokens: Any, seed: Any, model: Any, stream: Any, on_text: Any) -> None:
    """Refuse parameter values the API would reject or the course would have to guess at, with a clear message."""
    validate.number(ASK, "temperature", temperature, 0, 2, "0 (0 = most predictable, 2 = most random)")
    validate.whole(ASK, "max_tokens", max_tokens, 1, None, "100")
    validate.whole(ASK, "seed", seed, -(2**63), 2**63 - 1, "42")
    validate.text(ASK, "model", model)
    validate.flag(ASK, "stream", stream)
    validate.function(ASK, "on_text", on_text)


def ask(
    prompt: str | None = None,
    *,
    system: str | None = None,
    messages: list[dict] | None = None,
    prefill: str | None = None,
    temperature: float = 0.0,
    max_tokens: int | None = None,
    seed: int | None = None,
    model: str | None = None,
    stream: bool | None = None,
    on_text: Callable[[str], None] | None = None,
) -> Reply:
    """Send a prompt to the current backend and return its Reply (text, backend, model, usage, ...).

    `on_text`, if given, receives the reply's text piece by piece as a live model streams it.

    >>> reply = ask("Give the sentiment as JSON with key sentiment. <review>It broke.</review>", prefill="{")
    >>> reply.text  # the prefill and the model's continuation of it
    '{\\n  "sentiment": "negative"\\n}'
    >>> reply.completion  # the model's part alone
    '\\n  "sentiment": "negative"\\n}'
    """
    _check_params(temperature, max_tokens, seed, model, stream, on_text)
    msgs = build_messages(prompt, system=system, messages=messages, prefill=prefill)
    s = settings()
    if model is not None and not s.is_offline:
        s = config.override(s, model=model)
    s, notice = autodetect.resolve(s)
    request = Request(msgs, s.model_name, float(temperature), max_tokens, seed)
    reply = _complete(s, request, stream, on_text)
    return replace(reply, notice=notice) if notice else reply


def _complete(s: Settings, request: Request, stream: bool | None, on_text: Callable[[str], None] | None) -> Reply:
    """Send the request, streaming into on_text, the notebook or the terminal as asked."""
    if on_text is not None:
        return complete(s, request, on_text=on_text)
    if stream is None:
        stream = not s.is_offline and display.in_notebook()
    if not stream:
        return complete(s, request)
    if display.in_notebook():
        live = display.NotebookStream()
        try:
            return complete(s, request, on_text=live)
        finally:
            live.close()
    reply = complete(s, request, on_text=display.terminal_stream())
    print()
    return reply


def clear_cache() -> int:
    """Delete all cached live replies; return how many there were."""
    return cache.clear(cache.cache_dir(settings().cache_dir))
