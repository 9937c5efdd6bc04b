"""Pull the final answer out of a reply that reasons first, the way an application's code would.

A reply that reasons first ends with its answer in a slot: the last pair of XML tags that is not a
reasoning tag (`<answer>5 cents</answer>`), or a last labelled line (`Answer: 5 cents`). `final()`
finds that slot; the words before it are the reasoning. Everything here is linear in the reply's
length (inputs can be a megabyte).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.analysis.reasoning import REASONING_TAGS
from tutor.analysis.text import words

CLOSING = re.compile(r"</\s*([A-Za-z][\w-]{0,30})\s*>")
ANSWER_LINE = re.compile(r"(?im)^[ \t*#>_-]{0,6}(?:final |short )?(?:answer|result|team|solution|verdict|conclusion|winner)[ \t*_]{0,3}:[ \t*_]*(\S[^\n]*)$")


@dataclass(frozen=True)
class Final:
    """The final answer as code finds it: its text, where its slot starts and ends, and how it was marked."""

    value: str
    start: int
    end: int
    how: str  # '<answer>' or 'an "Answer:" line'


def _last_tag(reply: str, name: str = "") -> Final | None:
    """The last closed tag pair (named `name`, or any that is not a reasoning tag)."""
    lower = reply.lower()
    for close in reversed(list(CLOSING.finditer(reply))[-50:]):  # a bounded look back keeps hostile replies linear
        tag = close.group(1).lower()
        if (name and tag != name.lower()) or (not name and tag in REASONING_TAGS):
            continue
        start = lower.rfind(f"<{tag}>", 0, close.start())
        if start >= 0:
            return Final(reply[start + len(tag) + 2:close.start()].strip(), start, close.end(), f"<{tag}>")
    return None


def final(reply: str, tag: str = "") -> Final | None:
    """The reply's final answer: inside the last answer tags (or the named tag), else on the last 'Answer:' line."""
    found = _last_tag(reply, tag)
    if found or tag:
        return found
    lines = list(ANSWER_LINE.finditer(reply))
    if lines:
        m = lines[-1]
        return Final(m.group(1).strip(" *_"), m.start(), m.end(), 'an "Answer:" line')
    return None


def reasoning_words(reply: str, slot: Final) -> tuple[int, int]:
    """How many words of the reply come before the answer's slot, and how many after it."""
    return len(words(reply[:slot.start])), len(words(reply[slot.end:]))
