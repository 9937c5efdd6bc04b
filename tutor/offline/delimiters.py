"""Find data set apart by delimiters: triple quotes, ###, XML-style tags and code fences."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS = {
    "triple quotes": re.compile(r'"""(.*?)"""|\'\'\'(.*?)\'\'\'', re.S),
    "code fence": re.compile(r"```[\w+-]*\n?(.*?)```", re.S),
    # The innermost <tag>...</tag> pair, so "the review in <review> tags ... <review>text</review>" finds the text.
    "xml tags": re.compile(r"<([A-Za-z][\w-]{0,30})>((?:(?!<\1>).)*?)</\1>", re.S),
    "###": re.compile(r"###[ \t]*\n(.*?)(?:\n[ \t]*###|\Z)", re.S),
}
_FORMAT_TAGS = {"answer", "thinking", "quotes", "quote", "summary", "output", "result", "scratchpad", "reasoning"}


@dataclass(frozen=True)
class Block:
    """One delimited piece of data."""

    kind: str  # e.g. "triple quotes"
    text: str
    start: int
    end: int
    tag: str = ""


def _block(kind: str, match: re.Match) -> Block:
    """A Block from a regex match (the tag name too, for XML tags)."""
    if kind == "xml tags":
        return Block(kind, match.group(2).strip(), match.start(), match.end(), match.group(1).lower())
    body = next((g for g in match.groups() if g is not None), "")
    return Block(kind, body.strip(), match.start(), match.end())


def find(text: str) -> list[Block]:
    """Delimited blocks with real content (empty answer-tag templates like <answer></answer> are not data)."""
    found: list[Block] = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            block = _block(kind, match)
            if len(block.text) < 3 or (block.tag in _FORMAT_TAGS and len(block.text) < 12):
                continue
            if not any(b.start <= block.start < b.end for b in found):
                found.append(block)
    return sorted(found, key=lambda b: b.start)


def outside(text: str, blocks: list[Block]) -> str:
    """The text with the delimited blocks cut out (what is left is instruction)."""
    pieces, last = [], 0
    for b in blocks:
        pieces.append(text[last:b.start])
        last = max(last, b.end)
    pieces.append(text[last:])
    return " ".join(p.strip() for p in pieces if p.strip())
