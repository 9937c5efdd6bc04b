"""Serve the offline model over the Chat Completions wire format, in-process (an httpx2 MockTransport).

The openai client talks to this exactly as it talks to a real server, so offline and live share
one request/response code path.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx2

from tutor import window
from tutor.chat import WIRE_ROLES, content_of
from tutor.config import OFFLINE_MODEL
from tutor.offline.model import Completion, respond


def _error(status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> httpx2.Response:
    """An OpenAI-style error body."""
    return httpx2.Response(status, json={"error": {"message": message, "type": kind, "code": code}})


def _messages(body: dict) -> list[dict] | str:
    """The request's messages normalised to {role, content: str}, or a reason they are invalid."""
    raw = body.get("messages")
    if not isinstance(raw, list):
        return "'messages' must be a list of {role, content} objects"
    out = []
    for i, m in enumerate(raw):
        if not isinstance(m, dict) or m.get("role") not in WIRE_ROLES:
            return f"messages[{i}] needs a role, one of: {', '.join(sorted(WIRE_ROLES))}"
        out.append({"role": m["role"], "content": content_of(m)})
    return out


def _chunks(text: str) -> Iterator[str]:
    """Split text into small pieces (a word and its trailing space) for streaming."""
    yield from re.findall(r"\S+\s*|\s+", text)


def _usage(c: Completion) -> dict:
    """The usage object of a completion."""
    return {
        "prompt_tokens": c.prompt_tokens,
        "completion_tokens": c.completion_tokens,
        "total_tokens": c.prompt_tokens + c.completion_tokens,
    }


def _completion_json(c: Completion, model: str, created: int) -> dict:
    """A non-streamed chat.completion body."""
    return {
        "id": f"chatcmpl-offline-{created}",
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": c.text},
                "finish_reason": c.finish_reason,
            }
        ],
        "usage": _usage(c),
        "xray": c.xray,
    }


def _sse(c: Completion, model: str, created: int, include_usage: bool) -> bytes:
    """A streamed answer as server-sent events, ending in [DONE]."""

    def event(choices: list[dict], **extra: Any) -> str:
        chunk = {
            "id": f"chatcmpl-offline-{created}",
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": choices,
            **extra,
        }
        return f"data: {json.dumps(chunk)}\n\n"

    def delta(content: dict, finish: str | None = None) -> list[dict]:
        return [{"index": 0, "delta": content, "finish_reason": finish}]

    parts = [event(delta({"role": "assistant", "content": ""}))]
    parts += [event(delta({"content": piece})) for piece in _chunks(c.text)]
    parts.append(event(delta({}, c.finish_reason), xray=c.xray))
    if include_usage:
        parts.append(event([], usage=_usage(c)))
    parts.append("data: [DONE]\n\n")
    return "".join(parts).encode("utf-8")


def chat(body: dict) -> httpx2.Response:
    """Answer one /chat/completions request body."""
    messages = _messages(body)
    if isinstance(messages, str):
        return _error(400, messages)
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    if max_tokens is not None and (not isinstance(max_tokens, int) or max_tokens < 1):
        return _error(400, f"max_tokens must be a positive whole number, got {max_tokens!r}")
    temperature = body.get("temperature", 1.0)
    if not isinstance(temperature, (int, float)) or not 0 <= temperature <= 2:
        return _error(400, f"temperature must be between 0 and 2, got {temperature!r}")
    if (sent := window.request_tokens(messages)) > window.CONTEXT_WINDOW_TOKENS:
        return _error(400, window.refusal(sent), code=window.CODE)
    if (chars := window.chars_overflow(content_of(m) for m in messages)) is not None:
        return _error(400, window.chars_refusal(chars), code=window.CODE)
    completion = respond(messages, temperature=float(temperature), max_tokens=max_tokens, seed=body.get("seed"), prompt_tokens=sent)
    created = int(time.time())
    if body.get("stream"):
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return httpx2.Response(
            200,
            content=_sse(completion, OFFLINE_MODEL, created, include_usage),
            headers={"content-type": "text/event-stream"},
        )
    return httpx2.Response(200, json=_completion_json(completion, OFFLINE_MODEL, created))


def handle(request: httpx2.Request) -> httpx2.Response:
    """Route one HTTP request from the openai client."""
    path = request.url.path.rstrip("/")
    if request.method == "GET" and path.endswith("/models"):
        return httpx2.Response(
            200,
            json={"object": "list", "data": [{"id": OFFLINE_MODEL, "object": "model", "owned_by": "prompt-course"}]},
        )
    if request.method == "POST" and path.endswith("/chat/completions"):
        try:
            body = json.loads(request.content or b"{}")
        except ValueError:
            return _error(400, "the request body is not JSON")
        if not isinstance(body, dict):
            return _error(400, "the request body must be a JSON object")
        return chat(body)
    return _error(404, f"the offline model does not serve {request.method} {path}", "not_found_error")


def transport() -> httpx2.MockTransport:
    """An httpx2 transport that answers from the offline model."""
    return httpx2.MockTransport(handle)
