"""The offline teaching model's entry point: messages and parameters in; text, finish reason and usage out.

This is the interface the in-process transport calls. (Placeholder until the simulator lands.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor import tokens


@dataclass(frozen=True)
class Completion:
    """One answer from the offline model."""

    text: str
    finish_reason: str = "stop"  # "stop" or "length"
    prompt_tokens: int = 0
    completion_tokens: int = 0
    xray: dict[str, Any] = field(default_factory=dict)  # {"features": {...}, "rules": [...]}


def respond(
    messages: list[dict],
    *,
    temperature: float = 0.0,
    max_tokens: int | None = None,
    seed: int | None = None,
) -> Completion:
    """Answer a chat request deterministically."""
    last = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "user"), "")
    text = f"(offline teaching model) You said: {last.strip()[:200]}"
    ids = tokens.encode(text)
    finish = "stop"
    if max_tokens is not None and len(ids) > max_tokens:
        text, finish = tokens.encoding().decode(ids[:max_tokens]), "length"
    return Completion(
        text=text,
        finish_reason=finish,
        prompt_tokens=tokens.count_messages(messages),
        completion_tokens=min(len(ids), max_tokens or len(ids)),
        xray={"features": {}, "rules": ["placeholder: echo the last user message"]},
    )
