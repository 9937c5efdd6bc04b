"""Replies to a customer's review or message, as a chat model writes them when asked without an example of the voice.

With no example to copy, a small model falls back on its stock customer-service voice: a thank-you,
a sentence on what the customer liked, an apology for what went wrong, a hope to see them again and
a formal sign-off. Lesson 07 contrasts this with a reply that copies a one-shot example.
"""

from __future__ import annotations

import re

from tutor.offline.imitation import clauses, thing

_TEXTS = r"(?:reviews?|comments?|messages?|emails?|complaints?|feedback|customers?|posts?)"
REPLY_TO = re.compile(rf"\b(?:write|draft|compose|craft|prepare|create|give)\s+(?:me\s+)?(?:an?\s+|the\s+|our\s+|my\s+)?(?:[\w,-]+\s+){{0,3}}"
                      rf"(?:reply|response|answer)\s+(?:from\s+[^.\n]{{0,40}}?\s+)?(?:to|for|on)\s+[^.\n]{{0,30}}?\b{_TEXTS}\b|"
                      rf"\b(?:reply|respond|answer)\s+to\s+(?:this|the|a|that|our|each)\s+(?:[\w'-]+\s+){{0,2}}{_TEXTS}\b", re.I)
LOWER = re.compile(r"\b(?:all |in |entirely |only )?lower[- ]?case\b|\bno capital", re.I)


def asks_reply(instruction: str, text: str) -> bool:
    """True when the prompt asks for a reply to a review or message and gives the text to reply to."""
    return bool(text.strip()) and bool(REPLY_TO.search(instruction))


def stock_reply(review: str, instruction: str) -> str:
    """The model's own customer-service reply to a review: polite, complete, and in nobody's voice in particular."""
    praise, complaint = clauses(review)
    lines = ["Thank you so much for taking the time to leave a review!"]
    if praise:
        lines.append(f"We're delighted to hear you enjoyed the {thing(praise)}.")
    if complaint:
        lines.append(f"We're sorry about the {thing(complaint)}, and we'll look into it right away.")
    lines.append("We hope to see you again soon!")
    text = " ".join(lines) + "\n\nWarm regards,\nThe team"
    return text.lower() if LOWER.search(instruction) else text
