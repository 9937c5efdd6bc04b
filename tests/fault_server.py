"""A misbehaving OpenAI-compatible server on 127.0.0.1 for fault-injection tests.

Each scenario has its own base URL, http://127.0.0.1:PORT/<scenario>/v1, so tests do not interfere.
A scenario may carry a tag after a dot (`busy-twice.t1`): it is answered as `busy-twice` with its own
request count, so a test that counts requests can start from zero.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import Any

from bench.load_server import JsonHandler

SERVED_MODELS = ["alpha-model", "beta-model"]
SLOW_S = 3.0
TRICKLE_S = 0.2  # the trickle scenarios send one byte this often, for ever (each read is quick)
HOLD_S = 0.3


def completion(text: str = "Hello from the fault server.", model: str = "alpha-model") -> dict[str, Any]:
    """A valid chat.completion body."""
    return {
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 6, "total_tokens": 11},
    }


def chunk(content: str | None = None, finish: str | None = None) -> bytes:
    """One SSE event carrying a chat.completion.chunk."""
    delta = {} if content is None else {"content": content}
    body = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "alpha-model",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n".encode()


def error_body(message: str, code: str | None = None) -> dict[str, Any]:
    """An OpenAI-style error body."""
    return {"error": {"message": message, "type": "error", "code": code}}


class Handler(JsonHandler):
    """Answers according to the scenario named in the first path segment."""

    server: FaultServer

    def do_GET(self) -> None:
        """/models lists the served models for every scenario (the trickle scenario sends it byte by byte)."""
        if self.path.startswith("/trickle/"):
            self.case_trickle(0)
        elif self.path.endswith("/v1/models"):
            self._json(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in SERVED_MODELS]})
        else:
            self._json(404, error_body("no such route"))

    def do_POST(self) -> None:
        """Chat completions, answered the scenario's way."""
        self._drain()
        scenario = self.path.strip("/").split("/")[0]
        n = self.server.arrive(scenario)
        self._answered = lambda: self.server.leave(scenario)
        try:
            getattr(self, "case_" + scenario.partition(".")[0].replace("-", "_"))(n)
        finally:
            self.answered()

    def answered(self) -> None:
        """This request stops counting as being answered (once; a slow case says so before it writes its reply)."""
        done, self._answered = self._answered, lambda: None
        done()

    def case_ok(self, n: int) -> None:
        """A normal answer."""
        self._json(200, completion())

    def case_auth(self, n: int) -> None:
        """401 as OpenAI sends it."""
        self._json(401, error_body("Incorrect API key provided.", "invalid_api_key"))

    def case_nomodel(self, n: int) -> None:
        """404 for the model."""
        self._json(404, error_body("The model does not exist.", "model_not_found"))

    def case_ratelimit_once(self, n: int) -> None:
        """429 with Retry-After in seconds, then success."""
        if n == 1:
            self._json(429, error_body("Rate limit reached."), {"Retry-After": "2"})
        else:
            self._json(200, completion())

    def case_ratelimit_date(self, n: int) -> None:
        """429 with Retry-After as an HTTP date about 3 s ahead, then success."""
        if n == 1:
            when = email.utils.formatdate(time.time() + 3, usegmt=True)
            self._json(429, error_body("Rate limit reached."), {"Retry-After": when})
        else:
            self._json(200, completion())

    def case_ratelimit_always(self, n: int) -> None:
        """429 every time."""
        self._json(429, error_body("Rate limit reached."), {"Retry-After": "1"})

    def case_quota(self, n: int) -> None:
        """429 that no retry will fix."""
        self._json(429, error_body("You exceeded your current quota.", "insufficient_quota"))

    def case_server_error(self, n: int) -> None:
        """500 every time."""
        self._json(500, error_body("The server had an error."))

    def case_server_error_once(self, n: int) -> None:
        """500, then success."""
        if n == 1:
            self._json(500, error_body("The server had an error."))
        else:
            self._json(200, completion())

    def case_slow(self, n: int) -> None:
        """Say nothing for SLOW_S seconds, then answer."""
        if not self.server.stopping.wait(SLOW_S):
            self._json(200, completion())

    def case_slow_body(self, n: int) -> None:
        """Send the headers at once, and the body SLOW_S seconds later."""
        data = json.dumps(completion()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.flush()
        if not self.server.stopping.wait(SLOW_S):
            self.wfile.write(data)

    def case_malformed(self, n: int) -> None:
        """Claims JSON, is not JSON."""
        self._json(200, '{"id": "chatcmpl-1", "choices": [{"mess')

    def case_not_chat(self, n: int) -> None:
        """Valid JSON that is not a chat completion."""
        self._json(200, {"status": "ok", "data": [1, 2, 3]})

    def case_html(self, n: int) -> None:
        """An HTML page (a proxy or a wrong URL)."""
        data = b"<html><body>Welcome to nginx!</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _sse_head(self, chunked: bool) -> None:
        """Start an event stream."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding" if chunked else "Connection", "chunked" if chunked else "close")
        self.end_headers()

    def case_stream_ok(self, n: int) -> None:
        """A complete stream: pieces, a finish_reason, [DONE]."""
        self._sse_head(chunked=False)
        for event in (chunk("Hel"), chunk("lo"), chunk(finish="stop"), b"data: [DONE]\n\n"):
            self.wfile.write(event)
        self.close_connection = True

    def case_stream_ignored(self, n: int) -> None:
        """A streaming request answered with a whole chat.completion as JSON (the server ignores stream=true)."""
        self._json(200, completion("A whole reply, not streamed."))

    def case_stream_ignored_not_chat(self, n: int) -> None:
        """A streaming request answered with JSON that is not a chat completion."""
        self._json(200, {"status": "ok"})

    def case_truncated(self, n: int) -> None:
        """Some pieces, then the connection closes: no finish_reason, no [DONE]."""
        self._sse_head(chunked=False)
        for event in (chunk("Once "), chunk("upon "), chunk("a")):
            self.wfile.write(event)
        self.close_connection = True

    def case_truncated_chunked(self, n: int) -> None:
        """Chunked transfer that stops in the middle of a chunk."""
        self._sse_head(chunked=True)
        for event in (chunk("Once "), chunk("upon ")):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
        self.wfile.write(b"400\r\ndata: {\"id\"")
        self.wfile.flush()
        self.close_connection = True


    def case_stream_stall(self, n: int) -> None:
        """Two pieces, then silence for SLOW_S seconds with the connection open."""
        self._sse_head(chunked=False)
        self.wfile.write(chunk("Once ") + chunk("upon "))
        self.wfile.flush()
        self.server.stopping.wait(SLOW_S)
        self.close_connection = True

    def case_stream_error_event(self, n: int) -> None:
        """A piece, then an error event instead of more text (as some servers report overload)."""
        self._sse_head(chunked=False)
        self.wfile.write(chunk("Once ") + b'data: {"error": {"message": "model overloaded", "type": "server_error"}}\n\n')
        self.close_connection = True

    def case_context_length(self, n: int) -> None:
        """400 context_length_exceeded, worded as OpenAI's API words it."""
        self._json(400, error_body("This model's maximum context length is 8192 tokens. However, your messages "
                                   "resulted in 9001 tokens. Please reduce the length of the messages.",
                                   "context_length_exceeded"))

    def case_echo_key(self, n: int) -> None:
        """400 whose message repeats the bearer token the client sent (some proxies do)."""
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        self._json(400, error_body(f"Bad request from key {token}: temperature out of range."))

    def _trickle(self, data: bytes) -> None:
        """Send data one byte per TRICKLE_S until the server stops: no single read ever times out."""
        for byte in data:
            if self.server.stopping.wait(TRICKLE_S):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
        self.server.stopping.wait()

    def case_trickle(self, n: int) -> None:
        """A body that never ends, one byte at a time."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self._trickle(json.dumps(completion()).encode() * 100)

    def case_stream_trickle(self, n: int) -> None:
        """One piece of text, then the next event one byte at a time, for ever."""
        self._sse_head(chunked=False)
        self.wfile.write(chunk("Once "))
        self.wfile.flush()
        self._trickle(chunk("upon a time " * 1000))

    def case_busy_twice(self, n: int) -> None:
        """429 asking to wait 0.1 s, twice, then success (a shared endpoint under load)."""
        if n <= 2:
            self._json(429, error_body("Rate limit reached."), {"Retry-After": "0.1"})
        else:
            self._json(200, completion())

    def case_busy_always(self, n: int) -> None:
        """429 asking to wait 0.1 s, every time."""
        self._json(429, error_body("Rate limit reached."), {"Retry-After": "0.1"})

    def case_hold(self, n: int) -> None:
        """Answer after HOLD_S (long enough for other calls to pile up behind a concurrency limit)."""
        if not self.server.stopping.wait(HOLD_S):
            self.answered()  # before the reply is written: once the client has it, its next call may arrive at once
            self._json(200, completion())

    def case_ratelimit_30(self, n: int) -> None:
        """429 asking to wait 30 s, every time."""
        self._json(429, error_body("Rate limit reached."), {"Retry-After": "30"})


class FaultServer(ThreadingHTTPServer):
    """The server, with per-scenario request counts and a stop flag for slow handlers."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.arrivals: defaultdict[str, list[float]] = defaultdict(list)  # time.monotonic() of each request
        self.active: Counter[str] = Counter()  # requests being answered now, per scenario
        self.most_active: Counter[str] = Counter()  # the most answered at once, per scenario
        self._counting = threading.Lock()
        self.stopping = threading.Event()

    def arrive(self, scenario: str) -> int:
        """Count a request to a scenario and mark it as being answered; its number (1 for the first)."""
        with self._counting:
            self.hits[scenario] += 1
            self.arrivals[scenario].append(time.monotonic())
            self.active[scenario] += 1
            self.most_active[scenario] = max(self.most_active[scenario], self.active[scenario])
            return self.hits[scenario]

    def leave(self, scenario: str) -> None:
        """A request to a scenario is no longer being answered."""
        with self._counting:
            self.active[scenario] -= 1

    def url(self, scenario: str) -> str:
        """The base URL of a scenario."""
        return f"http://127.0.0.1:{self.server_address[1]}/{scenario}/v1"

    def stop(self) -> None:
        """Stop serving and release the port."""
        self.stopping.set()
        self.shutdown()
        self.server_close()


def start() -> tuple[FaultServer, Callable[[], None]]:
    """Start a server in a thread; return it and its stop function."""
    server = FaultServer()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, server.stop
