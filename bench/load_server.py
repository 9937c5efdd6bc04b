"""A busy OpenAI-compatible server on 127.0.0.1 for the load test: it rate-limits a share of requests and fails some.

Each chat request is, at random (seeded): a 429 with Retry-After (a `limited` share), a 500 (a `failing`
share), or, after a short think time, a chat.completion. GET /stats gives the counts as JSON.

    python -m bench.load_server --limited 0.2 --failing 0.05    # prints its base URL, serves until killed
"""

from __future__ import annotations

import argparse
import json
import random
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPLY = "Canberra"


@dataclass(frozen=True)
class Plan:
    """How busy the server is: shares of 429s and 500s, the Retry-After it sends, and the think time."""

    limited: float = 0.2
    failing: float = 0.05
    retry_after_s: float = 1.0
    think_s: tuple[float, float] = (0.05, 0.25)
    seed: int = 12


def completion(text: str) -> dict[str, Any]:
    """A chat.completion body."""
    return {"id": "chatcmpl-load", "object": "chat.completion", "created": 0, "model": "load-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 1, "total_tokens": 13}}


class JsonHandler(BaseHTTPRequestHandler):
    """A quiet HTTP/1.1 handler that answers in JSON (also the base of tests/fault_server.py's handler)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        """Stay quiet (and never echo headers)."""

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        """Send a JSON (or raw string) body with a Content-Length."""
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _drain(self) -> None:
        """Read the request body so the connection stays usable."""
        self.rfile.read(int(self.headers.get("Content-Length") or 0))


class Handler(JsonHandler):
    """Chat completions by the plan; /v1/models; /stats."""

    server: LoadServer

    def do_GET(self) -> None:
        """The model list, or the server's counts."""
        if self.path == "/stats":
            self._json(200, self.server.stats())
        else:
            self._json(200, {"object": "list", "data": [{"id": "load-model", "object": "model"}]})

    def do_POST(self) -> None:
        """One chat request, answered as the plan draws it."""
        self._drain()
        outcome, think = self.server.draw()
        with self.server.serving():
            if outcome == 429:
                self._json(429, {"error": {"message": "Rate limit reached.", "type": "requests"}},
                           {"Retry-After": f"{self.server.plan.retry_after_s:g}"})
            elif outcome == 500:
                self._json(500, {"error": {"message": "The server had an error.", "type": "server_error"}})
            else:
                self.server.stopping.wait(think)
                self._json(200, completion(REPLY))
        self.server.count(outcome)


class LoadServer(ThreadingHTTPServer):
    """The server, its plan, its random draws and its counts."""

    daemon_threads = True
    request_queue_size = 256  # fifty learners connect at once

    def __init__(self, plan: Plan, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.plan = plan
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._random = random.Random(plan.seed)
        self._counts: Counter[int] = Counter()
        self._active = 0
        self._most_active = 0

    @property
    def url(self) -> str:
        """The base URL clients use."""
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def draw(self) -> tuple[int, float]:
        """The status this request gets (200, 429 or 500) and its think time."""
        with self._lock:
            r = self._random.random()
            think = self._random.uniform(*self.plan.think_s)
        if r < self.plan.limited:
            return 429, 0.0
        return (500, 0.0) if r < self.plan.limited + self.plan.failing else (200, think)

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Count a request as being answered for the block (for the most answered at once)."""
        with self._lock:
            self._active += 1
            self._most_active = max(self._most_active, self._active)
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1

    def count(self, status: int) -> None:
        """Count one answered request by status."""
        with self._lock:
            self._counts[status] += 1

    def stats(self) -> dict[str, int]:
        """Requests answered, by status, and the most answered at once."""
        with self._lock:
            return {"requests": sum(self._counts.values()), "ok_200": self._counts[200],
                    "limited_429": self._counts[429], "failed_500": self._counts[500], "most_at_once": self._most_active}


def main(argv: list[str] | None = None) -> int:
    """Serve until killed, after printing the base URL on the first line of stdout."""
    parser = argparse.ArgumentParser(prog="python -m bench.load_server", description=__doc__.splitlines()[0])
    parser.add_argument("--limited", type=float, default=Plan.limited, help="share of requests answered 429")
    parser.add_argument("--failing", type=float, default=Plan.failing, help="share of requests answered 500")
    parser.add_argument("--retry-after", type=float, default=Plan.retry_after_s, help="the Retry-After sent with a 429 (s)")
    parser.add_argument("--seed", type=int, default=Plan.seed)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = LoadServer(Plan(args.limited, args.failing, args.retry_after, seed=args.seed), args.port)
    print(server.url, flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
