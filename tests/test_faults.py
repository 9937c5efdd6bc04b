"""Fault injection: a local server misbehaves in each way; each gives its own clear TutorError, fast."""

from __future__ import annotations

import socket
import time

import fault_server
import pytest

from tutor import api, client, config
from tutor.errors import TutorError

TIMEOUT_S = 1.0
RETRIES = 2


class Sleeps(list):
    """A stand-in for time.sleep that records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def settings_for(url: str, key: str, **changes: object) -> config.Settings:
    """Live settings pointing at a scenario, with a short timeout and no cache."""
    base = dict(backend=config.LIVE, base_url=url, api_key=key, timeout=TIMEOUT_S, max_retries=RETRIES, cache=False)
    return config.Settings(**{**base, **changes})


def run(settings: config.Settings, *, stream: bool = False, sleep: Sleeps | None = None) -> tuple[object, float, list[str]]:
    """Send one request; return the reply or TutorError, the seconds it took, and the streamed pieces."""
    pieces: list[str] = []
    request = client.Request([{"role": "user", "content": "Hi"}], "alpha-model")
    started = time.monotonic()
    try:
        result: object = client.complete(settings, request, on_text=pieces.append if stream else None,
                                         sleep=sleep if sleep is not None else Sleeps())
    except TutorError as exc:
        result = exc
    return result, time.monotonic() - started, pieces


def error_of(server: fault_server.FaultServer, scenario: str, key: str, **kw: object) -> tuple[TutorError, float]:
    """The TutorError a scenario gives, and how long it took (asserting it is quick)."""
    stream = bool(kw.pop("stream", False))
    result, elapsed, _ = run(settings_for(server.url(scenario), key, **kw), stream=stream)
    assert isinstance(result, TutorError), f"{scenario}: expected a TutorError, got {result!r}"
    assert key not in str(result)
    assert elapsed < TIMEOUT_S + 1.5, f"{scenario} took {elapsed:.2f} s"
    return result, elapsed


def test_sanity_ok_and_stream_ok(server: fault_server.FaultServer, planted_key: str) -> None:
    """The server's good answers work, so the failures below are the faults' doing."""
    reply, _, _ = run(settings_for(server.url("ok"), planted_key))
    assert reply.text == "Hello from the fault server." and reply.usage.completion_tokens == 6
    reply, _, pieces = run(settings_for(server.url("stream-ok"), planted_key), stream=True)
    assert pieces == ["Hel", "lo"] and reply.text == "Hello" and reply.finish_reason == "stop"


def test_401_names_the_key_masked(server: fault_server.FaultServer, planted_key: str) -> None:
    """401: says the key was rejected, shows it masked, and says where to set it."""
    exc, _ = error_of(server, "auth", planted_key)
    assert exc.kind == "auth" and "401" in exc.cause
    assert config.mask_key(planted_key) in exc.cause
    assert "OPENAI_API_KEY" in exc.fix
    assert server.hits["auth"] == 1  # not retried


def test_401_through_ask(server: fault_server.FaultServer, planted_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same error reaches a learner calling ask() with OPENAI_BASE_URL set."""
    monkeypatch.setenv("OPENAI_BASE_URL", server.url("auth"))
    monkeypatch.setattr(api, "_overrides", {})
    with pytest.raises(TutorError, match="401") as info:
        api.ask("Hello")
    assert planted_key not in str(info.value)


def test_404_lists_served_models(server: fault_server.FaultServer, planted_key: str) -> None:
    """404: names the model asked for and lists the ones the endpoint serves."""
    exc, _ = error_of(server, "nomodel", planted_key)
    assert exc.kind == "model" and "'alpha-model'" in exc.cause and "404" in exc.cause
    assert "alpha-model, beta-model" in exc.fix


def test_429_retry_after_seconds_then_success(server: fault_server.FaultServer, planted_key: str) -> None:
    """429 with Retry-After: 2 waits 2 s plus at most a quarter more (injected sleep), then succeeds."""
    sleeps = Sleeps()
    reply, _, _ = run(settings_for(server.url("ratelimit-once"), planted_key), sleep=sleeps)
    assert reply.text.startswith("Hello") and len(sleeps) == 1 and 2.0 <= sleeps[0] <= 2.5


def test_429_retry_after_http_date(server: fault_server.FaultServer, planted_key: str) -> None:
    """429 with Retry-After as an HTTP date waits until about that moment."""
    sleeps = Sleeps()
    reply, _, _ = run(settings_for(server.url("ratelimit-date"), planted_key), sleep=sleeps)
    assert not isinstance(reply, TutorError)
    assert len(sleeps) == 1 and 1.0 <= sleeps[0] <= 4.0


def test_429_always_gives_up_after_retries(server: fault_server.FaultServer, planted_key: str) -> None:
    """429 every time: retried max_retries times, then a rate-limit message with the wait asked for."""
    sleeps = Sleeps()
    result, elapsed, _ = run(settings_for(server.url("ratelimit-always"), planted_key), sleep=sleeps)
    assert isinstance(result, TutorError) and result.kind == "rate_limit"
    assert "429" in result.cause and f"after {RETRIES} retries" in result.cause
    assert "TUTOR_MAX_RETRIES" in result.fix
    assert len(sleeps) == RETRIES and all(1.0 <= w <= 1.25 for w in sleeps) and server.hits["ratelimit-always"] == RETRIES + 1
    assert elapsed < TIMEOUT_S


def test_429_quota_is_not_retried(server: fault_server.FaultServer, planted_key: str) -> None:
    """insufficient_quota will not get better by waiting: one request, a quota message."""
    exc, _ = error_of(server, "quota", planted_key)
    assert exc.kind == "rate_limit" and "quota" in exc.cause and server.hits["quota"] == 1


def test_500_retried_with_backoff_then_error(server: fault_server.FaultServer, planted_key: str) -> None:
    """500 every time: jittered backoff between attempts, then a server-error message."""
    sleeps = Sleeps()
    result, _, _ = run(settings_for(server.url("server-error"), planted_key), sleep=sleeps)
    assert isinstance(result, TutorError) and result.kind == "server" and "500" in result.cause
    assert "provider" in result.fix
    assert len(sleeps) == RETRIES and 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0


def test_500_once_then_success(server: fault_server.FaultServer, planted_key: str) -> None:
    """A transient 500 is retried and the learner just gets the answer."""
    reply, _, _ = run(settings_for(server.url("server-error-once"), planted_key))
    assert reply.text.startswith("Hello")


@pytest.mark.parametrize("scenario", ["slow", "slow-body"])
def test_slow_server_times_out_on_time(server: fault_server.FaultServer, planted_key: str, scenario: str) -> None:
    """No answer within TUTOR_TIMEOUT: a timeout message, after about the timeout and not the server's delay."""
    exc, elapsed = error_of(server, scenario, planted_key)
    assert exc.kind == "timeout" and f"within {TIMEOUT_S:g} s" in exc.cause and "TUTOR_TIMEOUT" in exc.fix
    assert TIMEOUT_S * 0.9 <= elapsed < fault_server.SLOW_S - 0.5


def test_slow_stream_times_out_on_time(server: fault_server.FaultServer, planted_key: str) -> None:
    """The same when streaming."""
    exc, elapsed = error_of(server, "slow", planted_key, stream=True)
    assert exc.kind == "timeout" and elapsed < fault_server.SLOW_S - 0.5


def test_connection_refused(planted_key: str) -> None:
    """Nothing listening: says it could not connect and suggests doctor."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result, elapsed, _ = run(settings_for(f"http://127.0.0.1:{port}/v1", planted_key))
    assert isinstance(result, TutorError) and result.kind == "connection"
    assert "Could not connect" in result.cause and "doctor" in result.fix and elapsed < TIMEOUT_S + 1


@pytest.mark.parametrize("scenario, detail", [
    ("malformed", "not valid JSON"),
    ("not-chat", "no 'choices'"),
    ("html", "body is not JSON"),
])
def test_malformed_bodies(server: fault_server.FaultServer, planted_key: str, scenario: str, detail: str) -> None:
    """A body that is not a chat completion: says so, and points at OPENAI_BASE_URL."""
    exc, _ = error_of(server, scenario, planted_key)
    assert exc.kind == "malformed" and detail in exc.cause and "OPENAI_BASE_URL" in exc.fix


@pytest.mark.parametrize("scenario", ["truncated", "truncated-chunked"])
def test_truncated_stream(server: fault_server.FaultServer, planted_key: str, scenario: str) -> None:
    """A stream that stops before finish_reason/[DONE]: a stream message, after the pieces were shown."""
    pieces: list[str] = []
    request = client.Request([{"role": "user", "content": "Hi"}], "alpha-model")
    started = time.monotonic()
    with pytest.raises(TutorError) as info:
        client.complete(settings_for(server.url(scenario), planted_key), request, on_text=pieces.append, sleep=Sleeps())
    assert time.monotonic() - started < TIMEOUT_S + 1
    assert info.value.kind == "stream" and "broke off" in info.value.cause and "stream=False" in info.value.fix
    assert pieces[:2] == ["Once ", "upon "]
    assert f"after {sum(map(len, pieces))} characters" in info.value.cause


def test_stream_ignored_by_the_server_gives_the_whole_reply(server: fault_server.FaultServer, planted_key: str) -> None:
    """A server that answers stream=true with one JSON chat completion: the learner gets the answer, shown once.

    It was reported as "broke off after 0 characters": the event-stream reader found no events in a JSON body.
    """
    reply, _, pieces = run(settings_for(server.url("stream-ignored"), planted_key), stream=True)
    assert not isinstance(reply, TutorError), reply
    assert reply.text == "A whole reply, not streamed." and pieces == [reply.text]
    assert reply.finish_reason == "stop" and reply.usage.completion_tokens == 6


def test_stream_ignored_with_a_body_that_is_not_a_chat_completion(server: fault_server.FaultServer, planted_key: str) -> None:
    """JSON that is not a chat completion, in answer to a streaming request: named as such, not as a broken stream."""
    exc, _ = error_of(server, "stream-ignored-not-chat", planted_key, stream=True)
    assert exc.kind == "malformed" and "no 'choices'" in exc.cause and "broke off" not in exc.cause


def test_stream_that_stalls_times_out(server: fault_server.FaultServer, planted_key: str) -> None:
    """A stream that goes silent mid-way ends with a timeout message after about TUTOR_TIMEOUT."""
    exc, elapsed = error_of(server, "stream-stall", planted_key, stream=True)
    assert exc.kind == "timeout" and "TUTOR_TIMEOUT" in exc.fix
    assert TIMEOUT_S * 0.9 <= elapsed < fault_server.SLOW_S - 0.5


def test_error_event_mid_stream(server: fault_server.FaultServer, planted_key: str) -> None:
    """An error event inside the stream becomes a message naming the server's complaint, not a traceback."""
    exc, _ = error_of(server, "stream-error-event", planted_key, stream=True)
    assert exc.kind == "server" and "model overloaded" in exc.cause


def test_context_length_exceeded_tells_the_learner_to_shorten_the_prompt(server: fault_server.FaultServer, planted_key: str) -> None:
    """A live server's 400 context_length_exceeded: the learner reads the limit and what to shorten, not a raw 400."""
    exc, _ = error_of(server, "context-length", planted_key)
    assert exc.kind == "request" and "context window" in exc.cause and "9001 tokens" in exc.cause
    assert "Error code" not in exc.cause and "Shorten the prompt" in exc.fix


def test_key_echoed_by_server_is_masked(server: fault_server.FaultServer, planted_key: str) -> None:
    """A server that repeats the key in its error message: the message shows it masked."""
    exc, _ = error_of(server, "echo-key", planted_key)
    assert exc.kind == "request" and "400" in exc.cause
    assert config.mask_key(planted_key) in exc.cause
