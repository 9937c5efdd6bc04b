"""Test-suite set-up: isolate every run from the developer's own settings, and plant a fake key.

The planted key sits in OPENAI_API_KEY for the whole run (notebook kernels inherit it). After the
run, `test_zz_secrets` (see tests/test_zz_secrets.py) and the report hook below check that it
never reached a notebook, cache file, progress file, log or captured output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import fault_server
import pytest

PLANTED_KEY = "sk-planted-" + "f4k3k3y" * 6  # must never appear anywhere the suite writes
_RUN_DIR = Path(tempfile.mkdtemp(prefix="prompt-course-tests-"))
_leaks: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Point every course setting at a throw-away folder, before anything (or any kernel) starts."""
    for var in ("TUTOR_BACKEND", "TUTOR_MODEL", "OPENAI_BASE_URL", "TUTOR_TIMEOUT", "TUTOR_DEADLINE", "TUTOR_MAX_RETRIES",
                "TUTOR_CONCURRENCY", "TUTOR_CACHE", "COURSE_ROOM_DIR", "COURSE_LESSONS"):
        os.environ.pop(var, None)
    os.environ["OPENAI_API_KEY"] = PLANTED_KEY
    os.environ["TUTOR_ENV_FILE"] = str(_RUN_DIR / "no.env")
    os.environ["COURSE_WORKSHOP"] = str(_RUN_DIR / "no-workshop.toml")
    os.environ["TUTOR_CACHE_DIR"] = str(_RUN_DIR / "cache")
    os.environ["COURSE_DATA_DIR"] = str(_RUN_DIR / "data")
    os.environ.pop("MPLBACKEND", None)  # kernels pick the inline backend, so saved plots match
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"


@pytest.fixture(scope="module")
def server() -> Iterator[fault_server.FaultServer]:
    """The fault-injection server (tests/fault_server.py), one per test module, shut down after it."""
    srv, stop = fault_server.start()
    try:
        yield srv
    finally:
        stop()


@pytest.fixture(scope="session")
def run_dir() -> Path:
    """The folder this test run writes course state into (cache, progress, logs)."""
    return _RUN_DIR


@pytest.fixture(scope="session")
def planted_key() -> str:
    """The fake API key planted in the environment for the whole run."""
    return PLANTED_KEY


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Record any test whose captured output or failure text shows the planted key."""
    texts = [content for _, content in report.sections]
    texts.append(str(report.longrepr or ""))
    if any(PLANTED_KEY in text for text in texts):
        _leaks.append(f"{report.nodeid} ({report.when})")


def leaks() -> list[str]:
    """Tests whose captured output contained the planted key so far."""
    return list(_leaks)
