"""The load test's short version (bench/load.py: 10 learners × 10 s), so that it cannot rot.

The endpoint here is busier than in the full run and learners retry once, so that Checks are both
graded and given up on: each kind must be handled, and the progress stores must match exactly.
"""

from __future__ import annotations

import pytest

from bench import load

pytestmark = pytest.mark.slow


def test_a_busy_room_loses_no_record_and_raises_nothing() -> None:
    """No unhandled exception; every graded Check recorded once; every Check the model could not answer said so, unrecorded."""
    report = load.run(load.Options(learners=10, seconds=10, limited=0.3, failing=0.2, retry_after=0.5,
                                   max_retries=1, deadline=20))
    print(report.table())
    assert report.unhandled == [] and report.ok
    assert report.attempted >= 20 and report.records == report.graded > 0  # a busy machine slows the clicking, not the counts
    assert report.lost == report.duplicated == report.unexpected == 0
    assert report.not_graded > 0 and report.retries_shown > 0
    assert all("not graded" in text for text in report.messages), report.messages
    assert report.server["limited_429"] > 0 and report.server["failed_500"] > 0
