"""One request/response path for every backend: the openai client, pointed at a server or at the
in-process offline model, with retries (tutor.retry), a per-kernel limit on concurrent live calls
(tutor.limits), error messages and the reply cache."""

from __future__ import annotations

import hashlib
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor import cache, deadline, errors, limits, retry, status, window
from tutor.config import Settings, mask_key
from tutor.reply import Reply, Usage, XRay

if TYPE_CHECKING:  # openai and httpx2 take about a second to import: they load on first use
    import openai

OFFLINE_URL = "http://offline.invalid/v1"  # never contacted: the transport answers in-process
CONNECT_TIMEOUT_S = 10.0  # seconds to open a connection (the per-read TUTOR_TIMEOUT may be longer)
MAX_DETAIL_CHARS = 300  # a server's error text is cut to this length, after masking

_clients: dict[tuple, openai.OpenAI] = {}


@dataclass(frozen=True)
class Request:
    """What is sent: the messages and the sampling parameters."""

    messages: list[dict]
    model: str
    temperature: float = 0.0
    max_tokens: int | None = None
    seed: int | None = None

    def params(self) -> dict[str, Any]:
        """The parameters that are set, as the API expects them."""
        out = {"temperature": self.temperature, "max_tokens": self.max_tokens, "seed": self.seed}
        return {k: v for k, v in out.items() if v is not None}

    def body(self) -> dict[str, Any]:
        """The Chat Completions request body. It is sent with the openai client's `post`: the same
        request machinery `chat.completions.create` uses (auth, base URL, timeouts, errors), minus
        the parameter transform and the pydantic models, which cost two thirds of every offline
        round trip and add nothing for these plain fields."""
        return {"model": self.model, "messages": self.messages, **self.params()}

    @property
    def prefill(self) -> str:
        """The assistant turn the request ends with, if any."""
        last = self.messages[-1] if self.messages else {}
        return str(last.get("content") or "") if last.get("role") == "assistant" else ""


@dataclass
class _Answer:
    """The parts of a completion the course uses."""

    text: str
    finish_reason: str | None
    usage: Usage
    xray: XRay | None
    model: str


def openai_client(settings: Settings) -> openai.OpenAI:
    """An openai client for the settings (reused between calls)."""
    fingerprint = hashlib.sha256((settings.api_key or "").encode()).hexdigest()
    key = (settings.backend, settings.endpoint, fingerprint, settings.timeout)
    if key not in _clients:
        import httpx2
        import openai

        if settings.is_offline:
            from tutor.offline.transport import transport

            _clients[key] = openai.OpenAI(
                api_key="offline-needs-no-key",
                base_url=OFFLINE_URL,
                http_client=httpx2.Client(transport=transport()),
                max_retries=0,
            )
        else:
            if not settings.api_key and not settings.base_url:
                raise errors.no_key(settings.shown_endpoint)
            _clients[key] = openai.OpenAI(
                api_key=settings.api_key or "not-needed",  # local servers ignore it
                base_url=settings.endpoint,
                timeout=httpx2.Timeout(settings.timeout, connect=min(settings.timeout, CONNECT_TIMEOUT_S)),
                max_retries=0,  # retries are ours, so that messages and waits are under our control
            )
    return _clients[key]


def _parse(body: Any, endpoint: str) -> _Answer:
    """Pull text, finish reason, usage and x-ray out of a chat.completion body, or say it is malformed."""
    if isinstance(body, (str, bytes)):  # the openai client hands back non-JSON bodies as text
        raise errors.malformed(endpoint, "the body is not JSON")
    choices = body.get("choices") if isinstance(body, dict) else None
    if not choices or not isinstance(choices, list) or not isinstance(choices[0], dict):
        raise errors.malformed(endpoint, "it has no 'choices'")
    message = choices[0].get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if content is not None and not isinstance(content, str):
        raise errors.malformed(endpoint, "the message content is not text")
    usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
    return _Answer(
        text=content or "",
        finish_reason=choices[0].get("finish_reason"),
        usage=Usage(int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)),
        xray=_xray(body.get("xray")),
        model=str(body.get("model") or ""),
    )


def _xray(raw: Any) -> XRay | None:
    """The offline model's x-ray from a response's extra fields."""
    if not isinstance(raw, dict):
        return None
    return XRay(features=dict(raw.get("features") or {}), rules=list(raw.get("rules") or []))


def _stream(client: openai.OpenAI, request: Request, settings: Settings, on_text: Callable[[str], None]) -> _Answer:
    """Ask with stream=True, passing each piece of text to on_text as it arrives."""
    import httpx2
    import openai
    from openai.types.chat import ChatCompletion, ChatCompletionChunk

    endpoint = settings.shown_endpoint
    body = {**request.body(), "stream": True, "stream_options": {"include_usage": True}}
    stream = client.post("/chat/completions", body=body, cast_to=ChatCompletion,
                         stream=True, stream_cls=openai.Stream[ChatCompletionChunk])
    if "json" in stream.response.headers.get("content-type", ""):
        return _whole_reply(stream.response, settings, on_text)
    pieces: list[str] = []
    finish = model = None
    usage = xray = None
    try:
        for chunk in stream:
            model = getattr(chunk, "model", None) or model
            if getattr(chunk, "usage", None):
                usage = Usage(chunk.usage.prompt_tokens or 0, chunk.usage.completion_tokens or 0)
            xray = _xray((getattr(chunk, "model_extra", None) or {}).get("xray")) or xray
            for choice in chunk.choices or []:
                piece = getattr(choice.delta, "content", None) if choice.delta else None
                if piece:
                    pieces.append(piece)
                    on_text(piece)
                finish = choice.finish_reason or finish
    except (httpx2.TimeoutException, openai.APITimeoutError):
        raise errors.timed_out(endpoint, settings.timeout) from None
    except (httpx2.HTTPError, openai.APIConnectionError, ValueError):
        raise errors.truncated_stream(endpoint, sum(map(len, pieces))) from None
    finally:
        stream.close()
    if finish is None:
        raise errors.truncated_stream(endpoint, sum(map(len, pieces)))
    text = "".join(pieces)
    if usage is None:  # some servers do not report usage when streaming: count it ourselves
        from tutor import tokens

        usage = Usage(tokens.count_messages(request.messages), tokens.count(text))
    return _Answer(text, finish, usage, xray, model or request.model)


def _whole_reply(response: Any, settings: Settings, on_text: Callable[[str], None]) -> _Answer:
    """A server that ignored stream=true and sent one JSON chat completion: read it whole, show its text at once."""
    import json

    import httpx2

    endpoint = settings.shown_endpoint
    try:
        body = json.loads(response.read())
    except httpx2.TimeoutException:
        raise errors.timed_out(endpoint, settings.timeout) from None
    except (httpx2.HTTPError, ValueError):
        raise errors.malformed(endpoint, "it answered a streaming request with a body that is not valid JSON") from None
    finally:
        response.close()
    answer = _parse(body, endpoint)
    if answer.text:
        on_text(answer.text)
    return answer


def _send(client: openai.OpenAI, request: Request, settings: Settings, on_text: Callable[[str], None] | None) -> _Answer:
    """One attempt at the request."""
    if on_text is not None:
        return _stream(client, request, settings, on_text)
    body = client.post("/chat/completions", body=request.body(), cast_to=object)  # the JSON body as a dict
    return _parse(body, settings.shown_endpoint)


def _served_models(settings: Settings) -> list[str] | None:
    """The model ids an endpoint lists, or None if it will not say (for messages that must not fail)."""
    try:
        return list_models(settings)
    except errors.TutorError:
        return None


def _error_info(exc: openai.APIStatusError) -> dict:
    """The provider's error object (its code, type and message), if the body has one."""
    body = exc.body if isinstance(exc.body, dict) else {}
    inner = body.get("error", body)
    return inner if isinstance(inner, dict) else {}


def _error_code(exc: openai.APIStatusError) -> str:
    """The provider's error code (e.g. 'insufficient_quota'), if any."""
    inner = _error_info(exc)
    return str(inner.get("code") or inner.get("type") or "")


def _masked(text: str, settings: Settings) -> str:
    """Server text with the key masked and URL credentials dropped (done before any truncation)."""
    if settings.api_key:
        text = text.replace(settings.api_key, mask_key(settings.api_key))
    return text.replace(settings.endpoint, settings.shown_endpoint)


def _explain(exc: Exception, settings: Settings, client: openai.OpenAI, request: Request) -> errors.TutorError:
    """Turn an openai exception into a TutorError that says what to do."""
    import openai

    endpoint = settings.shown_endpoint
    if isinstance(exc, openai.APITimeoutError):
        return errors.timed_out(endpoint, settings.timeout)
    if isinstance(exc, openai.APIConnectionError):
        return errors.unreachable(endpoint)
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return errors.auth_failed(endpoint, mask_key(settings.api_key))
    if isinstance(exc, openai.NotFoundError):
        return errors.unknown_model(request.model, endpoint, _served_models(settings))
    if isinstance(exc, openai.APIResponseValidationError):
        return errors.malformed(endpoint, "its fields do not match the API")
    message = _masked(str(getattr(exc, "message", exc)), settings)[:MAX_DETAIL_CHARS]
    if isinstance(exc, openai.BadRequestError) and _error_code(exc) == window.CODE:
        said = str(_error_info(exc).get("message") or exc.message)
        return errors.too_long(endpoint, _masked(said, settings)[:MAX_DETAIL_CHARS])
    if isinstance(exc, openai.APIStatusError):
        return errors.bad_request(endpoint, exc.status_code, message)
    if isinstance(exc, openai.APIError):  # e.g. an error event in the middle of a stream
        return errors.server_reported(endpoint, message)
    if isinstance(exc, ValueError):  # a body that is not JSON
        return errors.malformed(endpoint, "the body is not valid JSON")
    raise exc


def _give_up(exc: openai.APIStatusError, settings: Settings, attempt: int, wait: float | None) -> errors.TutorError:
    """The message for a rate limit or server error that will not be retried (again)."""
    if exc.status_code == 429:
        return errors.rate_limited(settings.shown_endpoint, attempt, wait)
    return errors.server_error(settings.shown_endpoint, exc.status_code, attempt)


def _with_retries(
    settings: Settings,
    client: openai.OpenAI,
    request: Request,
    on_text: Callable[[str], None] | None,
    sleep: Callable[[float], None],
    ends: float = float("inf"),
    on_status: Callable[[str], None] | None = None,
) -> _Answer:
    """Send the request, retrying rate limits and server errors as tutor.retry says.

    A wait the policy will not make (a Retry-After above retry.MAX_RETRY_WAIT_S), or one that would run
    past `ends` (a time.monotonic() value), is not started: the learner hears at once, with the wait
    the server asked for. Each wait is announced to on_status first.
    """
    import openai

    retries = max(0, settings.max_retries)
    for attempt in range(retries + 1):
        try:
            return _send(client, request, settings, on_text)
        except openai.RateLimitError as exc:
            if _error_code(exc) == "insufficient_quota":
                raise errors.quota_exhausted(settings.shown_endpoint) from None
            failure, asked = exc, retry.retry_after(exc.response)
        except openai.InternalServerError as exc:
            failure, asked = exc, retry.retry_after(exc.response)
        except errors.TutorError:
            raise
        except (openai.OpenAIError, ValueError) as exc:
            raise _explain(exc, settings, client, request) from None
        pause = retry.pause(attempt, asked)
        if attempt == retries or pause is None or time.monotonic() + pause > ends:
            raise _give_up(failure, settings, attempt, asked) from None
        if on_status is not None:
            on_status(retry.waiting(failure.status_code, attempt + 1, retries, pause))
        sleep(pause)
    raise _give_up(failure, settings, retries, asked)


def _call(settings: Settings, client: openai.OpenAI, request: Request, on_text: Callable[[str], None] | None,
          sleep: Callable[[float], None], on_status: Callable[[str], None]) -> _Answer:
    """One live call, in one of the kernel's slots, retries included, bounded by settings.deadline.

    The slot is held by the caller, so a call abandoned at its deadline frees it at once. The offline
    model answers in-process: no slot, no deadline.
    """
    if settings.is_offline:
        return _with_retries(settings, client, request, on_text, sleep)
    ends = time.monotonic() + settings.deadline
    try:
        with limits.LIVE_CALLS.held(settings.concurrency, ends):
            return deadline.run(lambda text, told: _with_retries(settings, client, request, text, sleep, ends, told),
                                on_text, max(0.0, ends - time.monotonic()), on_status)
    except (deadline.DeadlinePassed, limits.NoSlot):
        raise errors.deadline_passed(settings.shown_endpoint, settings.deadline) from None


def _store(folder: Path, key: str, answer: _Answer) -> None:
    """Cache a paid-for answer; a cache that cannot be written costs a warning, never the answer."""
    entry = {"text": answer.text, "model": answer.model, "finish_reason": answer.finish_reason,
             "usage": {"prompt_tokens": answer.usage.prompt_tokens, "completion_tokens": answer.usage.completion_tokens}}
    try:
        cache.put(folder, key, entry)
    except OSError as exc:
        warnings.warn(f"The reply could not be cached in {folder} ({exc.strerror or type(exc).__name__}). "
                      "Set TUTOR_CACHE_DIR to a folder you can write, or TUTOR_CACHE=0.", stacklevel=3)


def complete(
    settings: Settings,
    request: Request,
    *,
    on_text: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Reply:
    """Send a request to the configured backend (or answer it from the cache) and return a Reply."""
    started = time.perf_counter()
    use_cache = (
        not settings.is_offline
        and settings.cache
        and not (request.temperature > 0 and request.seed is None)  # sampling is meant to vary
    )
    if use_cache:
        folder = cache.cache_dir(settings.cache_dir)
        key = cache.request_key(settings.endpoint, request.model, request.messages, request.params())
        if why := cache.untrusted(folder):
            warnings.warn(why, stacklevel=2)
            use_cache = False
    if use_cache and (hit := cache.get(folder, key)) is not None:
        return Reply(
            text=request.prefill + hit["text"],
            backend=settings.backend,
            model=hit.get("model") or request.model,
            usage=Usage(**hit.get("usage", {})),
            latency_s=time.perf_counter() - started,
            cached=True,
            finish_reason=hit.get("finish_reason"),
            prefill=request.prefill,
        )
    client = openai_client(settings)
    answer = _call(settings, client, request, on_text, sleep, status.current())
    if use_cache:
        _store(folder, key, answer)
    return Reply(
        text=request.prefill + answer.text,
        backend=settings.backend,
        model=settings.model_name if settings.is_offline else (answer.model or request.model),
        usage=answer.usage,
        latency_s=time.perf_counter() - started,
        cached=False,
        finish_reason=answer.finish_reason,
        xray=answer.xray,
        prefill=request.prefill,
    )


def list_models(settings: Settings) -> list[str]:
    """The model ids the endpoint serves; a TutorError says why they could not be listed."""
    import openai

    client = openai_client(settings)
    try:
        if settings.is_offline:
            return sorted(m.id for m in client.models.list())
        return deadline.run(lambda _text, _status: sorted(m.id for m in client.models.list()), None, settings.deadline)
    except deadline.DeadlinePassed:
        raise errors.deadline_passed(settings.shown_endpoint, settings.deadline) from None
    except openai.NotFoundError:
        raise errors.no_model_list(settings.shown_endpoint) from None
    except (openai.OpenAIError, ValueError) as exc:
        raise _explain(exc, settings, client, Request([], settings.model_name)) from None
