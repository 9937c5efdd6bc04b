"""An in-process OpenAI-compatible endpoint for unit tests: the real openai client over an httpx2 MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx2
import openai
import pytest

from tutor import client, config

Handler = Callable[[httpx2.Request], httpx2.Response]


def completion(text: str = "stub reply", model: str = "stub-model", finish: str = "stop") -> dict:
    """A valid chat.completion body."""
    return {"id": "c1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}


def ok(request: httpx2.Request) -> httpx2.Response:
    """Answer every chat request with the same completion."""
    return httpx2.Response(200, json=completion())


class Stub:
    """Counts the requests the endpoint saw and keeps their bodies."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        return self.handler(request)

    @property
    def bodies(self) -> list[dict]:
        """The JSON bodies sent so far."""
        return [json.loads(r.content or b"{}") for r in self.requests]


def install(monkeypatch: pytest.MonkeyPatch, handler: Handler = ok) -> Stub:
    """Make every live client talk to `handler` in-process (the key is still sent, as for real)."""
    stub = Stub(handler)

    def fake_client(settings: config.Settings) -> openai.OpenAI:
        return openai.OpenAI(api_key=settings.api_key or "none", base_url=settings.endpoint, max_retries=0,
                             timeout=settings.timeout, http_client=httpx2.Client(transport=httpx2.MockTransport(stub)))

    monkeypatch.setattr(client, "openai_client", fake_client)
    return stub


def live_settings(tmp_cache: str, key: str | None = None, **changes: object) -> config.Settings:
    """Live settings with a cache folder of the test's own."""
    base = dict(backend=config.LIVE, base_url="http://stub.invalid/v1", api_key=key, cache_dir=tmp_cache, max_retries=2)
    return config.Settings(**{**base, **changes})
