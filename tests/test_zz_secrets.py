"""Runs last (the file name sorts last): the planted key reached no output, cache, log or notebook."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

import conftest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK_DIRS = ("lessons", "exercises", "solutions")


def files_containing(secret: str, paths: Iterable[Path]) -> list[Path]:
    """The files (read as bytes, so binary files count too) that contain the secret."""
    needle = secret.encode()
    return [p for p in paths if p.is_file() and needle in p.read_bytes()]


def every_file(folder: Path) -> list[Path]:
    """All files under a folder (none if it does not exist)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def notebooks() -> list[Path]:
    """Every notebook in the course folders and every file under artifacts/."""
    found = [nb for d in NOTEBOOK_DIRS for nb in sorted((REPO / d).rglob("*.ipynb")) if (REPO / d).is_dir()]
    return found + every_file(REPO / "artifacts")


def test_the_scan_finds_a_planted_key(tmp_path: Path, planted_key: str) -> None:
    """The scanner itself works: it reports a file holding the key and passes over one that does not."""
    (tmp_path / "sub").mkdir()
    leaky = tmp_path / "sub" / "cache.json"
    leaky.write_text('{"text": "hello", "auth": "Bearer ' + planted_key + '"}')
    clean = tmp_path / "clean.json"
    clean.write_text('{"text": "hello"}')
    assert files_containing(planted_key, every_file(tmp_path)) == [leaky]


def test_key_is_planted(planted_key: str) -> None:
    """The run really had the key in its environment (otherwise these checks prove nothing)."""
    import os

    assert os.environ.get("OPENAI_API_KEY") == planted_key


def test_no_captured_output_showed_the_key() -> None:
    """No earlier test printed the key (stdout, stderr, logs or failure text, as pytest captured them)."""
    assert conftest.leaks() == []


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


def test_run_dir_holds_no_key(run_dir: Path, planted_key: str) -> None:
    """Cache, progress files and logs written during the run do not contain the key."""
    written = every_file(run_dir)
    print(f"scanned {len(written)} files under {run_dir}")
    assert files_containing(planted_key, written) == []


def test_notebooks_and_artifacts_hold_no_key(planted_key: str) -> None:
    """No notebook in lessons/, exercises/, solutions/ and nothing in artifacts/ contains the key."""
    assert files_containing(planted_key, notebooks()) == []
