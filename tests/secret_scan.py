"""Find a secret in files: the scan that tests/conftest.py runs over everything a test run wrote."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK_DIRS = ("lessons", "exercises", "solutions")


def files_containing(secret: str, paths: Iterable[Path]) -> list[Path]:
    """The files (read as bytes, so binary files count too) that contain the secret."""
    needle = secret.encode()
    return [p for p in paths if p.is_file() and needle in p.read_bytes()]


def every_file(folder: Path) -> list[Path]:
    """All files under a folder (none if it does not exist)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def course_outputs(repo: Path = REPO) -> list[Path]:
    """Every notebook in the course folders and every file under artifacts/."""
    found = [nb for d in NOTEBOOK_DIRS if (repo / d).is_dir() for nb in sorted((repo / d).rglob("*.ipynb"))]
    return found + every_file(repo / "artifacts")


def findings(secret: str, run_dir: Path, captured_leaks: list[str], repo: Path = REPO) -> list[str]:
    """Where the secret showed up: files the run wrote, course notebooks and artifacts, captured test output."""
    files = files_containing(secret, every_file(run_dir) + course_outputs(repo))
    return [f"file {p}" for p in files] + [f"captured output of {leak}" for leak in captured_leaks]
