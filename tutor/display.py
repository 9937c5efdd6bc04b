"""Showing text as it streams in: live in a notebook, printed in a terminal."""

from __future__ import annotations

import html
import sys
import time
from collections.abc import Callable


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where output can be updated in place)."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ip = shell.get_ipython()
    return ip is not None and hasattr(ip, "kernel")


class NotebookStream:
    """A display area in a notebook that grows as text arrives, and is cleared when the reply is done."""

    def __init__(self, min_interval_s: float = 0.05) -> None:
        from IPython.display import HTML, display

        self._html = HTML
        self._handle = display(HTML(""), display_id=True)
        self._text = ""
        self._shown_at = 0.0
        self._interval = min_interval_s

    def __call__(self, piece: str) -> None:
        """Add a piece of text, redrawing at most every `min_interval_s`."""
        self._text += piece
        now = time.monotonic()
        if now - self._shown_at >= self._interval:
            self._shown_at = now
            self._handle.update(self._html(f"<div style='white-space:pre-wrap'>{html.escape(self._text)}▌</div>"))

    def close(self) -> None:
        """Remove the live area: the returned Reply shows the final text."""
        self._handle.update(self._html(""))


def terminal_stream() -> Callable[[str], None]:
    """Print each piece as it arrives."""

    def write(piece: str) -> None:
        sys.stdout.write(piece)
        sys.stdout.flush()

    return write
