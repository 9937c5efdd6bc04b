"""The planted API key reaches no output, cache, progress file or notebook.

Each test here makes the outputs it scans, so it holds in any order and alone. The whole run's
outputs are scanned once more when the session ends (`pytest_sessionfinish` in tests/conftest.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import fault_server
import pytest
import secret_scan

import checker
import conftest
from tutor import api
from tutor.errors import TutorError


@pytest.fixture
def live_session(server: fault_server.FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A learner on a live endpoint (the fault server) with the planted key, writing cache and progress under tmp_path."""
    monkeypatch.setenv("OPENAI_BASE_URL", server.url("ok"))
    monkeypatch.setenv("TUTOR_CACHE", "1")
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(api, "_overrides", {})
    return tmp_path


def test_the_scan_finds_a_planted_key(tmp_path: Path, planted_key: str) -> None:
    """The scanner itself works: it reports a file holding the key and passes over one that does not."""
    (tmp_path / "sub").mkdir()
    leaky = tmp_path / "sub" / "cache.json"
    leaky.write_text('{"text": "hello", "auth": "Bearer ' + planted_key + '"}')
    clean = tmp_path / "clean.json"
    clean.write_text('{"text": "hello"}')
    assert secret_scan.files_containing(planted_key, secret_scan.every_file(tmp_path)) == [leaky]


def test_the_end_of_run_scan_reports_files_notebooks_and_output(tmp_path: Path, planted_key: str) -> None:
    """What the session-end check reports: a leaky file in the run folder, a leaky notebook, a leaky test's output."""
    run_dir, repo = tmp_path / "run", tmp_path / "repo"
    (run_dir / "cache").mkdir(parents=True)
    (run_dir / "cache" / "a.json").write_text(planted_key)
    (repo / "lessons").mkdir(parents=True)
    (repo / "lessons" / "00.ipynb").write_text("{}")
    (repo / "solutions").mkdir()
    (repo / "solutions" / "00.ipynb").write_text(f'{{"key": "{planted_key}"}}')
    found = secret_scan.findings(planted_key, run_dir, ["t.py::test (call)"], repo=repo)
    assert found == [f"file {run_dir / 'cache' / 'a.json'}", f"file {repo / 'solutions' / '00.ipynb'}",
                     "captured output of t.py::test (call)"]
    assert secret_scan.findings("sk-other", run_dir, [], repo=repo) == []


def test_key_is_planted(planted_key: str) -> None:
    """The run really has the key in its environment (otherwise these checks prove nothing)."""
    assert os.environ.get("OPENAI_API_KEY") == planted_key


def test_leak_recorder_notices_a_leak(planted_key: str) -> None:
    """The report hook records a test whose captured output shows the key."""
    report = pytest.TestReport("fake::test", ("fake", 1, "test"), {}, "passed", None, "call",
                               sections=[("Captured stdout call", f"key={planted_key}")])
    before = list(conftest._leaks)
    conftest.pytest_runtest_logreport(report)
    try:
        assert conftest.leaks() == before + ["fake::test (call)"]
    finally:
        conftest._leaks[:] = before


def test_a_live_session_writes_no_key(live_session: Path, server: fault_server.FaultServer, planted_key: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Asking, grading (with the key pasted into a prompt), saving a prompt and a rejected key leave the key nowhere."""
    assert api.ask("Hello").text and api.ask("Hello").cached  # a cache file was written, then read
    checker.check("01.1", prompt=f"Say hello. My key is {planted_key}")
    checker.save_prompt("greeting", "01.1", prompt=f"Say hello. {planted_key}")
    api.use(base_url=server.url("auth"))  # the endpoint rejects the key
    with pytest.raises(TutorError, match="401") as failure:
        api.ask("Hello")
    written = secret_scan.every_file(live_session)
    assert any(p.parent.name == "cache" for p in written) and any(p.name == "progress.json" for p in written), written
    assert secret_scan.files_containing(planted_key, written) == []
    shown = capsys.readouterr()
    assert planted_key not in shown.out + shown.err + str(failure.value)


def test_notebooks_and_artifacts_hold_no_key(planted_key: str) -> None:
    """No notebook in lessons/, exercises/, solutions/ and nothing in artifacts/ contains the key."""
    assert secret_scan.files_containing(planted_key, secret_scan.course_outputs()) == []
