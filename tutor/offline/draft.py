"""The model's answer before it is voiced and formatted: content pieces plus the rules that produced them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Draft:
    """Content for one reply; render.py turns it into text in the requested format."""

    sentences: list[str] = field(default_factory=list)  # prose sentences, or list items
    records: list[dict[str, Any]] = field(default_factory=list)  # structured rows (JSON, table, CSV)
    label: str | None = None  # a single answer or class label
    steps: list[str] = field(default_factory=list)  # a worked chain of reasoning
    quotes: list[str] = field(default_factory=list)  # sentences quoted from the source
    literal: str | None = None  # final text to send as is (e.g. an obeyed injection)
    layout: str = "paragraph"  # "paragraph", "lines" (poems, emails, item lists) or "copy" (finished copy: no chatty frame)
    opener: str = ""
    closer: str = ""
    rules: list[str] = field(default_factory=list)

    def fire(self, rule: str) -> Draft:
        """Record that a behaviour rule fired; returns self for chaining."""
        self.rules.append(rule)
        return self
