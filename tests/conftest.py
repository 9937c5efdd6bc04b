"""Test-suite set-up: isolate every run from the developer's own settings, and plant a fake key.

The planted key sits in OPENAI_API_KEY for the whole run (notebook kernels inherit it). The report
hook below records any test whose captured output shows it, and when the session finishes (whatever
tests ran, in whatever order) `pytest_sessionfinish` scans every file the run wrote, the notebooks and
artifacts/ for it, and fails the run if it is anywhere. tests/test_secrets.py tests the scan itself.

Under pytest-xdist (`make check` runs two workers) the main process makes the run folder and each worker
writes into its own subfolder of it (`pytest_configure_node`); every test's report comes back to the main
process, so the main process alone records leaks and scans the whole folder when the session ends.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import fault_server
import pytest
import secret_scan

PLANTED_KEY = "sk-planted-" + "f4k3k3y" * 6  # must never appear anywhere the suite writes
_WORKER_RUN_DIR = "prompt_course_run_dir"  # the key under which an xdist worker is told its folder
_RUN_DIR = Path()  # set by pytest_configure: this process's throw-away folder
_leaks: list[str] = []
_FINDINGS = pytest.StashKey[list[str]]()


def _is_worker(config: pytest.Config) -> bool:
    """True in an xdist worker process (the main process starts the workers and gets their reports)."""
    return hasattr(config, "workerinput")


def _make_run_dir(config: pytest.Config) -> Path:
    """A new folder for this run, or in an xdist worker the subfolder the main process gave it."""
    if not _is_worker(config):
        return Path(tempfile.mkdtemp(prefix="prompt-course-tests-"))
    folder = Path(config.workerinput[_WORKER_RUN_DIR])
    folder.mkdir(mode=0o700)
    return folder


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """(xdist, main process) Each worker writes under its own subfolder of this run's folder, which the final scan covers."""
    node.workerinput[_WORKER_RUN_DIR] = str(_RUN_DIR / node.gateway.id)


def pytest_configure(config: pytest.Config) -> None:
    """Point every course setting at a throw-away folder, before anything (or any kernel) starts."""
    global _RUN_DIR
    _RUN_DIR = _make_run_dir(config)
    for var in ("TUTOR_BACKEND", "TUTOR_MODEL", "OPENAI_BASE_URL", "TUTOR_TIMEOUT", "TUTOR_DEADLINE", "TUTOR_MAX_RETRIES",
                "TUTOR_CONCURRENCY", "TUTOR_CACHE", "COURSE_ROOM_DIR", "COURSE_LESSONS"):
        os.environ.pop(var, None)
    os.environ["OPENAI_API_KEY"] = PLANTED_KEY
    os.environ["TUTOR_ENV_FILE"] = str(_RUN_DIR / "no.env")
    os.environ["COURSE_WORKSHOP"] = str(_RUN_DIR / "no-workshop.toml")
    os.environ["TUTOR_CACHE_DIR"] = str(_RUN_DIR / "cache")
    os.environ["COURSE_DATA_DIR"] = str(_RUN_DIR / "data")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(_RUN_DIR / "hypothesis")  # not .hypothesis/ in the checkout
    os.environ.pop("MPLBACKEND", None)  # kernels pick the inline backend, so saved plots match
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"


@pytest.fixture(scope="module")
def _fault_server() -> Iterator[fault_server.FaultServer]:
    """The fault-injection server (tests/fault_server.py), one per test module, shut down after it."""
    srv, stop = fault_server.start()
    try:
        yield srv
    finally:
        stop()


@pytest.fixture
def server(_fault_server: fault_server.FaultServer) -> fault_server.FaultServer:
    """The module's fault server with its request counts at zero, so no test sees another's requests."""
    _fault_server.hits.clear()
    return _fault_server


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


def pytest_sessionfinish(session: pytest.Session) -> None:
    """After the last test: fail the run if the planted key reached a file, a notebook or captured output."""
    if _is_worker(session.config):
        return  # the main process scans the workers' folders and sees every report
    found = secret_scan.findings(PLANTED_KEY, _RUN_DIR, leaks())
    session.config.stash[_FINDINGS] = found
    if found and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Name where the planted key leaked, if it did (the run has failed)."""
    found = config.stash.get(_FINDINGS, [])
    if found:
        terminalreporter.section("the planted API key leaked", red=True)
        for where in found:
            terminalreporter.line(f"  {where}")
