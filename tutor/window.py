"""The teaching model's context window: how many tokens one request may hold (counted by tutor.tokens).

The offline model refuses a longer request as a hosted model does (HTTP 400, code
`context_length_exceeded`), and the checker refuses longer fields before reading them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tutor import tokens

CONTEXT_WINDOW_TOKENS = 16_384  # like a small hosted model's window (gpt-3.5-turbo: 16,385; many 8B models: 8,192)
MAX_CHARS = 8 * CONTEXT_WINDOW_TOKENS  # 131,072: ordinary text runs 4-6 characters a token, but runs of spaces pack
# a hundred or more into one, and the simulator reads characters, so it caps those too
CODE = "context_length_exceeded"  # the error code OpenAI's API gives a request that does not fit


def request_tokens(messages: Any) -> int:
    """The tokens in a chat request (framing included): exact when it fits the window, estimated beyond it."""
    return tokens.count_messages(messages, stop_above=CONTEXT_WINDOW_TOKENS)


def request_overflow(messages: Any) -> int | None:
    """The tokens in a chat request (framing included) if they exceed the window, else None."""
    n = request_tokens(messages)
    return n if n > CONTEXT_WINDOW_TOKENS else None


def texts_overflow(texts: Iterable[str]) -> int | None:
    """The tokens in some texts together if they exceed the window, else None."""
    n = tokens.count_all(texts, stop_above=CONTEXT_WINDOW_TOKENS)
    return n if n > CONTEXT_WINDOW_TOKENS else None


def chars_overflow(texts: Iterable[str]) -> int | None:
    """The characters in some texts together if they exceed MAX_CHARS, else None."""
    n = sum(len(t) for t in texts if isinstance(t, str))
    return n if n > MAX_CHARS else None


def chars_refusal(sent: int) -> str:
    """The error message for a request of `sent` characters, in the same words as `refusal`."""
    return (f"This model reads at most {MAX_CHARS} characters in one request. However, your messages "
            f"hold {sent} characters. Please reduce the length of the messages.")


def refusal(sent: int) -> str:
    """The error message for a request of `sent` tokens, worded as OpenAI's API words it."""
    return (f"This model's maximum context length is {CONTEXT_WINDOW_TOKENS} tokens. However, your messages "
            f"resulted in {sent} tokens. Please reduce the length of the messages.")
