"""Talking to models for the prompt-engineering course: `ask()`, `use()`, and the offline teaching model.

>>> from tutor import ask
>>> reply = ask("What is the capital of France? Answer with one word.")
>>> reply.text, reply.backend
('Paris', 'offline')
"""

from tutor.api import ask, build_messages, clear_cache, describe, settings, use
from tutor.errors import TutorError
from tutor.reply import Reply, Usage, XRay

__all__ = ["ask", "use", "settings", "describe", "clear_cache", "build_messages", "Reply", "Usage", "XRay", "TutorError"]
