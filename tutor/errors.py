"""One clear message per failure: what went wrong and how to fix it, never a traceback."""

from __future__ import annotations

# Kinds of TutorError that mean the backend, not the request, failed: retrying the next request will not help.
BACKEND_KINDS = frozenset({"auth", "connection", "timeout", "rate_limit", "server", "model", "malformed", "stream"})


class TutorError(Exception):
    """A problem the learner can fix; shown in notebooks as two lines, not a traceback."""

    def __init__(self, cause: str, fix: str, *, kind: str = "error") -> None:
        super().__init__(cause, fix)
        self.cause = cause
        self.fix = fix
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.cause}\nHow to fix: {self.fix}"

    def _render_traceback_(self) -> list[str]:
        """IPython calls this instead of printing a traceback."""
        return [f"\x1b[31m{type(self).__name__}:\x1b[0m {self.cause}", f"How to fix: {self.fix}"]


def auth_failed(endpoint: str, masked_key: str) -> TutorError:
    """401: the endpoint rejected the key."""
    return TutorError(
        f"The endpoint {endpoint} rejected the API key {masked_key} (401 Unauthorized).",
        "Check OPENAI_API_KEY in your .env file or environment (no quotes or spaces), "
        "or run `tutor.use('offline')` to keep working offline.",
        kind="auth",
    )


def no_key(endpoint: str) -> TutorError:
    """The live backend needs a key and none is set."""
    return TutorError(
        f"The live backend ({endpoint}) needs an API key, and OPENAI_API_KEY is not set.",
        "Put OPENAI_API_KEY=... in the .env file in the course folder (see .env.example) "
        "and restart the kernel, or run `tutor.use('offline')`.",
        kind="auth",
    )


def unknown_model(model: str, endpoint: str, available: list[str] | None) -> TutorError:
    """404: the endpoint does not serve that model."""
    if available:
        listed = ", ".join(available[:15]) + (" …" if len(available) > 15 else "")
        fix = f"Use one it serves: {listed}. For example `tutor.use(model={available[0]!r})` or TUTOR_MODEL."
    else:
        fix = "Check the model name (TUTOR_MODEL or `tutor.use(model=...)`) against your provider's list."
    return TutorError(f"The endpoint {endpoint} does not serve the model {model!r} (404).", fix, kind="model")


def rate_limited(endpoint: str, retries: int, retry_after: float | None) -> TutorError:
    """429 after all retries."""
    wait = f" The server asked to wait {retry_after:.0f} s." if retry_after else ""
    return TutorError(
        f"The endpoint {endpoint} is rate limiting requests (429), still after {retries} retries.{wait}",
        "Wait a minute and run the cell again; if it keeps happening, check your plan's quota "
        "or raise TUTOR_MAX_RETRIES.",
        kind="rate_limit",
    )


def quota_exhausted(endpoint: str) -> TutorError:
    """429 that retrying will not fix."""
    return TutorError(
        f"The endpoint {endpoint} says this account has no quota left (429 insufficient_quota).",
        "Add credit or use another key; meanwhile `tutor.use('offline')` keeps the course working.",
        kind="rate_limit",
    )


def server_error(endpoint: str, status: int, retries: int) -> TutorError:
    """5xx after all retries."""
    return TutorError(
        f"The endpoint {endpoint} had a server error ({status}), still after {retries} retries.",
        "This is on the provider's side: try again in a minute, or `tutor.use('offline')` for now.",
        kind="server",
    )


def bad_request(endpoint: str, status: int, detail: str) -> TutorError:
    """Another 4xx: the request itself was refused."""
    return TutorError(
        f"The endpoint {endpoint} refused the request ({status}): {detail}",
        "Check the parameters you passed (max_tokens, temperature, the messages' roles).",
        kind="request",
    )


def too_long(endpoint: str, detail: str) -> TutorError:
    """400 context_length_exceeded: the request holds more tokens than the model's context window."""
    return TutorError(
        f"The request is too long for the model at {endpoint}: it holds more tokens than the model can read "
        f"at once (its context window). The server said: {detail}",
        "Shorten the prompt: paste less text, or cut the system prompt or the earlier turns, then run the cell again.",
        kind="request",
    )


def timed_out(endpoint: str, timeout: float) -> TutorError:
    """No answer within the timeout."""
    return TutorError(
        f"No answer from {endpoint} within {timeout:g} s.",
        "The server may be overloaded or the model still loading: try again, "
        "or raise TUTOR_TIMEOUT (seconds).",
        kind="timeout",
    )


def deadline_passed(endpoint: str, deadline: float) -> TutorError:
    """No complete answer within the overall deadline (retries and waits included)."""
    return TutorError(
        f"No complete answer from {endpoint} within {deadline:g} s, the limit for one call "
        "(the server was slow, kept sending very slowly, or kept asking to wait).",
        "Try again, perhaps with a shorter reply (max_tokens); if the server is just slow, "
        "raise TUTOR_DEADLINE (seconds), or `tutor.use('offline')` for now.",
        kind="timeout",
    )


def unreachable(endpoint: str) -> TutorError:
    """Connection refused or no route."""
    return TutorError(
        f"Could not connect to {endpoint}.",
        "Is the server running, and is OPENAI_BASE_URL right (it usually ends in /v1)? "
        "Run `python -m tutor doctor` to check, or `tutor.use('offline')`.",
        kind="connection",
    )


def malformed(endpoint: str, detail: str) -> TutorError:
    """A reply that is not the Chat Completions format."""
    return TutorError(
        f"The endpoint {endpoint} sent a reply that is not an OpenAI-compatible chat completion ({detail}).",
        "Check that OPENAI_BASE_URL points at the API root of an OpenAI-compatible server "
        "(it usually ends in /v1).",
        kind="malformed",
    )


def truncated_stream(endpoint: str, received: int) -> TutorError:
    """A stream that stopped before it said it was finished."""
    return TutorError(
        f"The stream from {endpoint} broke off after {received} characters, before the model finished.",
        "Run the cell again; if it keeps happening, ask with stream=False.",
        kind="stream",
    )


def no_model_list(endpoint: str) -> TutorError:
    """404 on /models: the base URL is not the API root."""
    return TutorError(
        f"The endpoint {endpoint} has no model list (404 on {endpoint}/models).",
        "Point OPENAI_BASE_URL at the API root of an OpenAI-compatible server (it usually ends in /v1).",
        kind="connection",
    )


def server_reported(endpoint: str, detail: str) -> TutorError:
    """An error the server sent in a form other than an HTTP status (e.g. an event mid-stream)."""
    return TutorError(
        f"The endpoint {endpoint} reported an error: {detail}",
        "Run the cell again; if it keeps happening, check the server (its log, or `python -m tutor doctor`) "
        "or `tutor.use('offline')` for now.",
        kind="server",
    )
