"""Run pieces of work in a child process, each with bounded time, memory and recursion.

Where `fork` is available (Linux, macOS) a Runner forks one child that inherits the parent's imports
and does the work items one after another, keeping its warm caches; a child that breaks a bound is
killed and the next item gets a fresh one. Memory is bounded with RLIMIT_AS where the platform
enforces it. Elsewhere the work runs in-process, with only its exceptions contained.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    """The bounds on one piece of work."""

    seconds: float = 300.0
    memory_mb: int = 1024
    recursion: int = 3000


class LimitExceeded(Exception):
    """The work broke a bound or crashed; the message says which, in a few words."""


def can_fork() -> bool:
    """True where a forked child is available to isolate the work."""
    return "fork" in multiprocessing.get_all_start_methods()


def _virtual_bytes() -> int | None:
    """This process's virtual memory size, where /proc tells it."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_memory(extra_mb: int) -> None:
    """Let this process grow by at most extra_mb of address space (no-op where it cannot be measured)."""
    current = _virtual_bytes()
    if current is None:
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + extra_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _reason(exc: BaseException, limits: Limits) -> str:
    """A few words on why the work stopped."""
    if isinstance(exc, MemoryError):
        return f"needed more than {limits.memory_mb} MB of memory"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"failed ({type(exc).__name__})"


def _serve(limits: Limits, conn: Any) -> None:
    """The forked child: bound itself, then do each work item it receives and send back (ok, result or reason)."""
    _limit_memory(limits.memory_mb)
    sys.setrecursionlimit(limits.recursion)
    while (work := conn.recv()) is not None:
        try:
            message = (True, work())
        except BaseException as exc:  # noqa: BLE001 - everything is reported to the parent
            message = (False, _reason(exc, limits))
        try:
            conn.send(message)
        except BaseException as exc:  # noqa: BLE001 - e.g. a result too large to send under the bound
            conn.send((False, _reason(exc, limits)))


def _in_process(work: Callable[[], Any], limits: Limits) -> Any:
    """Do the work here, turning any failure into LimitExceeded."""
    try:
        return work()
    except Exception as exc:  # noqa: BLE001
        raise LimitExceeded(_reason(exc, limits)) from None


class Runner:
    """Does work items (picklable callables with picklable results) in one bounded child, replaced after a failure."""

    def __init__(self, limits: Limits = Limits()) -> None:
        self.limits = limits
        self._child: Any = None
        self._conn: Any = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        """Fork a fresh child."""
        ctx = multiprocessing.get_context("fork")
        self._conn, theirs = ctx.Pipe()
        self._child = ctx.Process(target=_serve, args=(self.limits, theirs), daemon=True)
        self._child.start()
        theirs.close()

    def _kill(self) -> int | None:
        """Stop the child at once; its exit code."""
        child, self._child = self._child, None
        self._conn.close()
        if child.is_alive():
            child.kill()
        child.join()
        return child.exitcode

    def close(self) -> None:
        """Let the child finish and exit."""
        if self._child is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._child.join(5)
            self._kill()

    def run(self, work: Callable[[], Any]) -> Any:
        """The work's result, or LimitExceeded saying which bound it broke (or how it failed)."""
        if not can_fork():
            return _in_process(work, self.limits)
        if self._child is None:
            self._start()
        try:
            self._conn.send(work)
            if not self._conn.poll(self.limits.seconds):
                self._kill()
                raise LimitExceeded(f"took longer than {self.limits.seconds:g} s")
            ok, value = self._conn.recv()
        except (EOFError, OSError):
            raise LimitExceeded(f"stopped unexpectedly (exit code {self._kill()})") from None
        if not ok:
            self._kill()
            raise LimitExceeded(value)
        return value


def run(work: Callable[[], Any], limits: Limits = Limits()) -> Any:
    """Do one work item in a bounded child; its result, or LimitExceeded saying why not."""
    with Runner(limits) as runner:
        return runner.run(work)
