"""Replies to a customer's review or message, as a chat model writes them when asked without an example of the voice.

With no example to copy, a small model falls back on its stock customer-service voice: a thank-you,
a sentence on what the customer liked, an apology for what went wrong, a hope to see them again and
a formal sign-off. Lesson 07 contrasts this with a reply that copies a one-shot example.
"""

from __future__ import annotations

import re

from tutor.offline.imitation import clauses, thing

REPLY_TO = re.compile(r"\b(?:reply|replies|respond|response|answer|write back)\b[^.\n]{0,60}?\b(?:to|for|on)\b[^.\n]{0,40}?"
                      r"\b(?:reviews?|comments?|messages?|emails?|complaints?|feedback|customers?|posts?)\b", re.I)
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
