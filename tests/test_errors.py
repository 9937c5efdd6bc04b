"""Error mapping (each failure one TutorError with cause and fix), key masking in messages, retries and backoff."""

from __future__ import annotations

import email.utils
import time
from pathlib import Path

import httpx2
import pytest
import stub_openai

from tutor import api, client, config, errors, retry
from tutor.errors import TutorError


def fail_with(status: int, body: dict | None = None, headers: dict | None = None) -> stub_openai.Handler:
    """A handler that answers every request with one status."""
    return lambda request: httpx2.Response(status, json=body or {"error": {"message": "nope"}}, headers=headers)


def attempt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, handler: stub_openai.Handler, key: str | None = None,
            sleeps: list[float] | None = None) -> tuple[TutorError, stub_openai.Stub]:
    """The TutorError a handler's answer turns into."""
    stub = stub_openai.install(monkeypatch, handler)
    s = stub_openai.live_settings(str(tmp_path), key=key, cache=False)
    with pytest.raises(TutorError) as info:
        client.complete(s, client.Request([{"role": "user", "content": "hi"}], "m"),
                        sleep=(sleeps if sleeps is not None else []).append)
    return info.value, stub


def test_tutor_error_shows_cause_and_fix_not_a_traceback() -> None:
    """str() is the cause then 'How to fix:'; IPython shows the same two lines."""
    exc = TutorError("It broke.", "Mend it.")
    assert str(exc) == "It broke.\nHow to fix: Mend it."
    lines = exc._render_traceback_()
    assert len(lines) == 2 and "It broke." in lines[0] and lines[1] == "How to fix: Mend it."


@pytest.mark.parametrize("status, kind, words", [
    (401, "auth", "rejected the API key"),
    (403, "auth", "rejected the API key"),
    (400, "request", "refused the request (400)"),
    (422, "request", "refused the request (422)"),
])
def test_status_mapping(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, planted_key: str, status: int, kind: str, words: str) -> None:
    """Client errors are not retried and get their own message; the key only ever appears masked."""
    exc, stub = attempt(monkeypatch, tmp_path, fail_with(status, {"error": {"message": f"bad {planted_key}"}}), key=planted_key)
    assert exc.kind == kind and words in exc.cause and len(stub.requests) == 1
    assert planted_key not in str(exc) and planted_key not in exc.fix


def test_404_lists_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """404 on the chat call asks /models and lists what is served."""
    def handler(request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("/models"):
            return httpx2.Response(200, json={"object": "list", "data": [{"id": "b", "object": "model"}, {"id": "a", "object": "model"}]})
        return httpx2.Response(404, json={"error": {"message": "no such model"}})

    exc, _ = attempt(monkeypatch, tmp_path, handler)
    assert exc.kind == "model" and "'m'" in exc.cause and "Use one it serves: a, b" in exc.fix


def test_unknown_model_message_without_or_with_many_models() -> None:
    """Without a list it points at TUTOR_MODEL; a long list is cut."""
    assert "TUTOR_MODEL" in errors.unknown_model("m", "e", None).fix
    assert errors.unknown_model("m", "e", [f"m{i}" for i in range(40)]).fix.count(",") < 20


@pytest.mark.parametrize("raised, kind", [
    (httpx2.ConnectError("refused"), "connection"),
    (httpx2.ReadTimeout("slow"), "timeout"),
])
def test_transport_failures(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, raised: Exception, kind: str) -> None:
    """Connection refused and timeouts each have their message."""
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise raised

    exc, _ = attempt(monkeypatch, tmp_path, handler)
    assert exc.kind == kind


def test_no_key_for_openai() -> None:
    """The live backend at api.openai.com without a key: says to set OPENAI_API_KEY, sends nothing."""
    s = config.Settings(backend=config.LIVE, api_key=None, cache=False)
    with pytest.raises(TutorError) as info:
        client.complete(s, client.Request([{"role": "user", "content": "hi"}], "m"))
    assert info.value.kind == "auth" and "OPENAI_API_KEY" in info.value.cause and ".env" in info.value.fix


def test_server_errors_retried_then_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """503 every time: max_retries more attempts with backoff in between, then a server message."""
    sleeps: list[float] = []
    exc, stub = attempt(monkeypatch, tmp_path, fail_with(503), sleeps=sleeps)
    assert exc.kind == "server" and "503" in exc.cause and len(stub.requests) == 3 and len(sleeps) == 2


def test_long_retry_after_is_not_waited_for(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A Retry-After beyond MAX_RETRY_WAIT_S gives up at once and says how long the server wants."""
    sleeps: list[float] = []
    exc, stub = attempt(monkeypatch, tmp_path, fail_with(429, headers={"Retry-After": "600"}), sleeps=sleeps)
    assert exc.kind == "rate_limit" and "600 s" in exc.cause and sleeps == [] and len(stub.requests) == 1


def test_retry_after_ms_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """retry-after-ms (OpenAI's own header) wins over Retry-After."""
    sleeps: list[float] = []
    attempt(monkeypatch, tmp_path, fail_with(429, headers={"retry-after-ms": "250", "Retry-After": "9"}), sleeps=sleeps)
    assert len(sleeps) == 2 and all(0.25 <= w <= 0.25 + retry.RETRY_AFTER_JITTER for w in sleeps)


def response(headers: dict[str, str]) -> httpx2.Response:
    """A bare response with headers."""
    return httpx2.Response(429, headers=headers)


def test_retry_after_parsing() -> None:
    """Seconds, fractions, milliseconds and HTTP dates (future, past, '-0000') are read; junk is ignored."""
    assert retry.retry_after(None) is None
    assert retry.retry_after(response({})) is None
    assert retry.retry_after(response({"Retry-After": "3"})) == 3.0
    assert retry.retry_after(response({"Retry-After": "1.5"})) == 1.5
    assert retry.retry_after(response({"retry-after-ms": "20"})) == 0.02
    assert retry.retry_after(response({"Retry-After": "soon"})) is None
    future = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 8.0 <= retry.retry_after(response({"Retry-After": future})) <= 10.5
    past = email.utils.formatdate(time.time() - 100, usegmt=True)
    assert retry.retry_after(response({"Retry-After": past})) == 0.0
    naive = email.utils.formatdate(time.time() + 10).rsplit(" ", 1)[0] + " -0000"
    assert 8.0 <= retry.retry_after(response({"Retry-After": naive})) <= 10.5


@pytest.mark.parametrize("attempt_no, low, high", [(0, 0.25, 0.5), (1, 0.5, 1.0), (2, 1.0, 2.0), (3, 2.0, 4.0), (10, 4.0, 8.0)])
def test_backoff_jitter_bounds(monkeypatch: pytest.MonkeyPatch, attempt_no: int, low: float, high: float) -> None:
    """Each wait is the exponential step (capped at 8 s) scaled by a random factor in [0.5, 1]."""
    monkeypatch.setattr(retry.random, "uniform", lambda a, b: a)
    assert retry.backoff(attempt_no) == pytest.approx(low)
    monkeypatch.setattr(retry.random, "uniform", lambda a, b: b)
    assert retry.backoff(attempt_no) == pytest.approx(high)
    monkeypatch.undo()
    waits = {retry.backoff(attempt_no) for _ in range(200)}
    assert all(low <= w <= high for w in waits) and len(waits) > 100  # really jittered


@pytest.mark.parametrize("kwargs, words", [
    ({"temperature": 3}, "temperature"),
    ({"temperature": -0.1}, "temperature"),
    ({"max_tokens": 0}, "max_tokens"),
    ({"max_tokens": 1.5}, "max_tokens"),
])
def test_ask_rejects_bad_parameters(kwargs: dict, words: str) -> None:
    """Parameters the API would refuse are caught before sending, with the allowed range."""
    with pytest.raises(TutorError, match=words):
        api.ask("hi", **kwargs)


def test_ask_rejects_empty_prompts_and_bad_messages() -> None:
    """Nothing to send, or a message without a known role, is explained."""
    with pytest.raises(TutorError, match="empty"):
        api.ask("   ")
    with pytest.raises(TutorError, match="role"):
        api.ask(messages=[{"role": "wizard", "content": "hi"}])
