"""Run one piece of work in a child process with bounded time, memory and recursion.

Where `fork` is available (Linux, macOS) the child inherits the parent's imports, so it starts in
milliseconds; memory is bounded with RLIMIT_AS where the platform enforces it. Elsewhere the work
runs in-process, with only its exceptions contained.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from typing import Any, Callable


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


def _child(work: Callable[[], Any], limits: Limits, conn: Any) -> None:
    """The forked child: bound itself, do the work, send (ok, result or reason) back."""
    try:
        _limit_memory(limits.memory_mb)
        sys.setrecursionlimit(limits.recursion)
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


def run(work: Callable[[], Any], limits: Limits = Limits()) -> Any:
    """Do work (a picklable-result callable) in a bounded child; its result, or LimitExceeded saying why not."""
    if not can_fork():
        return _in_process(work, limits)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(work, limits, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.seconds):
            raise LimitExceeded(f"took longer than {limits.seconds:g} s")
        ok, value = receive.recv()
    except EOFError:
        child.join(5)
        raise LimitExceeded(f"stopped unexpectedly (exit code {child.exitcode})") from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if not ok:
        raise LimitExceeded(value)
    return value
