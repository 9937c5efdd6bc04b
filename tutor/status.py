"""Where a live call's waiting messages go ("The model's server is busy, retrying 2/3…").

The exercise widget listens and shows them on its status line; without a listener they go to stderr,
one line each, as before. The listener is per context (contextvars), so it never leaks into another
cell's or thread's calls.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[str], None]

_listener: ContextVar[Listener | None] = ContextVar("tutor_status_listener", default=None)


def _to_stderr(text: str) -> None:
    """The default listener: one line on stderr."""
    print(text, file=sys.stderr, flush=True)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send the waiting messages of calls made inside the block to `listener` instead of stderr."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def current() -> Listener:
    """The listener in effect here: the caller's, else stderr."""
    return _listener.get() or _to_stderr
