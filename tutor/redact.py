"""Keep secrets out of what the course shows and stores: API keys in text, credentials in URLs."""

from __future__ import annotations

import re

REMOVED = "[API key removed]"
# OpenAI-style secret keys (sk-..., sk-proj-...). One character class, no nesting: linear time.
KEY_PATTERN = re.compile(r"sk-[A-Za-z0-9_\-]{16,}")
MIN_KEY_CHARS = 8  # shorter "keys" (e.g. "none") are too common in ordinary text to scrub


def scrub(text: str, key: str | None = None) -> str:
    """Text with the configured key, and anything shaped like an OpenAI key, replaced by REMOVED."""
    if key and len(key) >= MIN_KEY_CHARS:
        text = text.replace(key, REMOVED)
    return KEY_PATTERN.sub(REMOVED, text)


def url(address: str) -> str:
    """A URL as it may be shown: without any user:password@ part."""
    scheme, sep, rest = address.partition("://")
    if not sep:
        return address
    netloc, slash, path = rest.partition("/")
    return scheme + sep + netloc.rpartition("@")[2] + slash + path
