"""Continue a prefilled assistant turn: return only what comes after the prefill, and make it fit."""

from __future__ import annotations

import json


def _compact_json(text: str) -> str | None:
    """The same JSON written on one line (None if the text is not JSON)."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return None


def continuation(text: str, prefill: str) -> tuple[str, str]:
    """(the continuation of `prefill` that yields our text, how it was fitted)."""
    if not prefill:
        return text, ""
    if text.startswith(prefill):
        return text[len(prefill):], "continued the prefill"
    stripped = prefill.strip()
    if stripped in ("{", "[") and text.lstrip().startswith(stripped):
        return text.lstrip()[1:], "continued the prefilled JSON"
    compact = _compact_json(text) if stripped[:1] in ("{", "[") else None
    if compact and compact.startswith(stripped):
        return compact[len(stripped):], "continued the prefilled JSON"
    joiner = "" if prefill[-1:].isspace() or text[:1] in ".,;:!?" else " "
    return joiner + text, "continued after the prefill"
