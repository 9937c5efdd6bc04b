"""Turn whatever messages arrive into a tidy conversation: instructions, the user's turn, history, prefill."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor.chat import ASSISTANT, INSTRUCTION_ROLES, USER, WIRE_ROLES, content_of

__all__ = ["Conversation", "parse"]


@dataclass(frozen=True)
class Conversation:
    """The parts of a chat request the model reads."""

    system: str = ""
    user: str = ""
    history: list[tuple[str, str]] = field(default_factory=list)  # earlier (role, text) turns
    prefill: str = ""


def _role(message: Any) -> str:
    """A message's role as a lower-case string ('user' when missing or odd)."""
    role = message.get("role") if isinstance(message, dict) else None
    role = str(role).strip().lower() if role is not None else USER
    return role if role in WIRE_ROLES else USER


def parse(messages: Any) -> Conversation:
    """Split messages into system text, the last user turn, earlier turns and a trailing prefill."""
    items = list(messages) if isinstance(messages, (list, tuple)) else []
    turns = [(_role(m), content_of(m)) for m in items]
    prefill = ""
    if turns and turns[-1][0] == ASSISTANT:
        prefill = turns.pop()[1]
    system = "\n\n".join(text for role, text in turns if role in INSTRUCTION_ROLES)
    chat = [(role, text) for role, text in turns if role not in INSTRUCTION_ROLES]
    last_user = max((i for i, (role, _) in enumerate(chat) if role == USER), default=None)
    if last_user is None:
        return Conversation(system, "", chat, prefill)
    user = chat[last_user][1]
    tools = "\n".join(text for role, text in chat[last_user + 1:] if role == "tool")
    user = f"{user}\n{tools}" if tools else user
    return Conversation(system, user, chat[:last_user], prefill)
