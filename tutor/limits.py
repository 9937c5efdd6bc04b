"""Bounded concurrency for live calls: at most `concurrency` calls from one kernel talk to the endpoint at once.

A room shares one endpoint; a learner who asks from many threads at once would take everyone's share.
A call that finds every slot taken waits for one (within its deadline), and its retries' waits keep
the slot, so a busy server sees fewer requests from this kernel, not more. A call given up at its
deadline frees its slot at once (tutor.client holds it in the caller's thread, not the worker's).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class NoSlot(Exception):
    """No slot came free before the call's deadline."""


class Slots:
    """A counting limit whose size can change between calls (`tutor.use(concurrency=...)`)."""

    def __init__(self) -> None:
        self._busy = 0
        self._freed = threading.Condition()

    @property
    def busy(self) -> int:
        """How many calls hold a slot now."""
        return self._busy

    @contextmanager
    def held(self, limit: int, ends: float) -> Iterator[None]:
        """Hold one of `limit` slots for the block; NoSlot if none is free by `ends` (a time.monotonic() value)."""
        with self._freed:
            while self._busy >= limit:
                left = ends - time.monotonic()
                if left <= 0:
                    raise NoSlot
                self._freed.wait(left)
            self._busy += 1
        try:
            yield
        finally:
            with self._freed:
                self._busy -= 1
                self._freed.notify()


LIVE_CALLS = Slots()  # one per kernel (process): every live call takes a slot here
