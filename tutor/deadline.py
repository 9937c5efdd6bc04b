"""An overall deadline for one live call: the call runs in a worker thread, and the caller waits no longer.

The per-read timeout restarts with every byte, so a server that trickles bytes could hold a call
forever. Here the caller's thread waits for the worker's text and result until the deadline, then
gives up; the abandoned worker stops (and closes its stream) at the next piece of text it receives.
Text reaches `on_text`, and waiting messages (retries) reach `on_status`, in the caller's thread, so a
notebook display or widget updates as before, and nothing reaches it after the caller gave up.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
OnText = Callable[[str], None]


class DeadlinePassed(Exception):
    """The call did not finish before its deadline."""


class _Abandoned(Exception):
    """Raised inside the worker once the caller has given up on it."""


def run(call: Callable[[OnText | None, OnText | None], T], on_text: OnText | None, seconds: float,
        on_status: OnText | None = None) -> T:
    """call(text, status) in a worker thread; its result, its exception, or DeadlinePassed after `seconds`.

    `text` and `status` forward to on_text and on_status (None where those are None).
    """
    events: queue.SimpleQueue = queue.SimpleQueue()
    abandoned = threading.Event()

    def forwarder(kind: str, target: OnText | None) -> OnText | None:
        def forward(piece: str) -> None:
            if abandoned.is_set():
                raise _Abandoned
            events.put((kind, piece))

        return forward if target is not None else None

    def work() -> None:
        try:
            events.put(("done", call(forwarder("text", on_text), forwarder("status", on_status))))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            events.put(("error", exc))

    threading.Thread(target=work, name="tutor-live-call", daemon=True).start()
    ends = time.monotonic() + seconds
    try:
        while True:
            try:
                kind, value = events.get(timeout=max(0.0, ends - time.monotonic()))
            except queue.Empty:
                raise DeadlinePassed from None
            if kind == "text":
                on_text(value)
            elif kind == "status":
                on_status(value)
            elif kind == "done":
                return value
            else:
                raise value
    except BaseException:
        abandoned.set()
        raise
