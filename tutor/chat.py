"""The names every module shares: chat roles, an exercise's fields, and how a message's text is read.

>>> ROLES
('system', 'user', 'assistant')
>>> content_of({"role": "user", "content": [{"type": "text", "text": "Hi "}, {"type": "text", "text": "there"}]})
'Hi there'
"""

from __future__ import annotations

from typing import Any

SYSTEM, USER, ASSISTANT = "system", "user", "assistant"
ROLES = (SYSTEM, USER, ASSISTANT)  # the roles a learner's messages may have (tutor.ask)
INSTRUCTION_ROLES = (SYSTEM, "developer")  # roles whose text instructs the model
WIRE_ROLES = (*INSTRUCTION_ROLES, USER, ASSISTANT, "tool")  # the roles the Chat Completions format accepts

STEPS = ("step1", "step2", "step3")  # the prompts of a chain exercise, run in this order (lesson 11)
FIELDS = ("prompt", "system", "prefill", "template", "tests", "guide", *STEPS)  # an exercise's fields, in the order records and CSV columns keep
ENTRY_FIELDS = ("tests", "guide")  # fields of a library entry that are never sent to the model (lesson 13)
FIELDS_IN_CHAT_ORDER = (SYSTEM, "prompt", "template", "prefill", *STEPS)  # the same fields as a chat sends them


def content_of(message: Any) -> str:
    """A message's text, whatever shape its content has (a string, a list of text parts, None, anything)."""
    if not isinstance(message, dict):
        return "" if message is None else str(message)
    content = message.get("content")
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return "" if content is None else str(content)
