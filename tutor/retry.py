"""The one retry policy for live calls: which failures are retried, how long to wait, and what the learner is told.

The openai client is built with max_retries=0 (tutor.client), so these are the only retries: a 429 or a
5xx is retried up to `max_retries` times. Between attempts the wait is the server's Retry-After when it
gives one (never shorter, plus a little jitter so that a room of kernels does not come back in the same
instant), else jittered exponential backoff. A Retry-After above MAX_RETRY_WAIT_S, or any wait that would
run past the call's deadline, is not waited for: the learner hears at once.
"""

from __future__ import annotations

import datetime
import email.utils
import random
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx2

MAX_RETRY_WAIT_S = 10.0  # honour a Retry-After up to this; a longer one is reported at once, not waited for
BACKOFF_BASE_S = 0.5  # the first backoff step; each further step doubles it
BACKOFF_CAP_S = 8.0  # no backoff step is longer than this
RETRY_AFTER_JITTER = 0.25  # a Retry-After wait is stretched by up to this share of max(wait, 1 s)
STATUS_WORDS = {429: "is busy (429: too many requests)"}


def retry_after(response: httpx2.Response | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After or retry-after-ms), if it said."""
    if response is None:
        return None
    headers = response.headers
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        value = headers.get("retry-after")
        if value is None:
            return None
        if value.strip().replace(".", "", 1).isdigit():
            return float(value)
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:  # "-0000" dates parse naive; HTTP dates are always UTC
            when = when.replace(tzinfo=datetime.UTC)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: about 0.5, 1, 2, 4 ... seconds (at most 8), each scaled by 0.5–1."""
    return min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2**attempt) * random.uniform(0.5, 1.0)


def honoured(asked: float) -> float:
    """A wait for a Retry-After: never shorter than asked, at most RETRY_AFTER_JITTER of max(asked, 1 s) longer."""
    return asked + random.uniform(0.0, RETRY_AFTER_JITTER * max(asked, 1.0))


def pause(attempt: int, asked: float | None) -> float | None:
    """Seconds to wait before retry number attempt + 1, or None when the server asks for more than MAX_RETRY_WAIT_S."""
    if asked is None:
        return backoff(attempt)
    if asked > MAX_RETRY_WAIT_S:
        return None
    return min(honoured(asked), max(asked, MAX_RETRY_WAIT_S))


def waiting(status: int, retry: int, retries: int, seconds: float) -> str:
    """What the learner reads while a call waits to retry: 'The model's server is busy (429 ...), retrying 2/3 in 1.2 s…'."""
    what = STATUS_WORDS.get(status, f"had an error ({status})")
    return f"The model's server {what}, retrying {retry}/{retries} in {seconds:.1f} s…"
