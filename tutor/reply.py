"""What `ask()` returns: the model's text plus where it came from and what it cost."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Usage:
    """Tokens in the prompt and in the completion."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class XRay:
    """What the offline model saw in a prompt (features) and which behaviour rules fired."""

    features: dict[str, Any] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = ["Detected:"]
        lines += [f"  {name}: {value}" for name, value in self.features.items()] or ["  (nothing)"]
        lines.append("Rules that fired:")
        lines += [f"  - {rule}" for rule in self.rules] or ["  (none)"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><code>{html.escape(str(k))}</code></td><td>{html.escape(str(v))}</td></tr>"
            for k, v in self.features.items()
        )
        rules = "".join(f"<li>{html.escape(r)}</li>" for r in self.rules) or "<li>(none)</li>"
        return (
            "<div class='tutor-xray'><b>X-ray</b> (what the offline model detected)"
            f"<table>{rows}</table><b>Rules that fired</b><ul>{rules}</ul></div>"
        )


BACKEND_LABELS = {"offline": "offline simulator", "openai": "live"}


@dataclass(frozen=True)
class Reply:
    """A model's answer. `text` is the whole assistant turn, including any prefill you gave."""

    text: str
    backend: str
    model: str
    usage: Usage = field(default_factory=Usage)
    latency_s: float = 0.0
    cached: bool = False
    finish_reason: str | None = None
    xray: XRay | None = None
    prefill: str = ""
    notice: str = ""  # something the learner should know about this reply (e.g. the model was autodetected)

    @property
    def completion(self) -> str:
        """Only what the model generated, without the prefill."""
        return self.text[len(self.prefill):]

    @property
    def badge(self) -> str:
        """A short label naming who answered, e.g. 'offline simulator · offline-teacher'."""
        parts = [BACKEND_LABELS.get(self.backend, self.backend), self.model]
        if self.cached:
            parts.append("cached")
        if self.finish_reason == "length":
            parts.append("cut off at max_tokens")
        return " · ".join(parts)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"{self.text}\n[{self.badge}]" + (f"\n({self.notice})" if self.notice else "")

    def _repr_html_(self) -> str:
        return (
            "<div class='tutor-reply'>"
            f"<div style='white-space:pre-wrap'>{html.escape(self.text)}</div>"
            "<div style='margin-top:4px'><span style='font-size:75%;padding:1px 6px;"
            "border-radius:8px;background:#eef;color:#335'>"
            f"{html.escape(self.badge)}</span></div>"
            + (f"<div style='font-size:85%;color:#555'>{html.escape(self.notice)}</div>" if self.notice else "")
            + "</div>"
        )
