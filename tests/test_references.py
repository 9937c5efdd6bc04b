"""No dangling references: every repository path and `make` target that the docs, the README, the
requirement files and the Makefile's comments name exists."""

from __future__ import annotations

import re
from pathlib import Path

import checkout
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")))
COMMENTED = ("Makefile", "requirements.txt", "requirements-test.txt", "requirements-check.txt", "requirements.in",
             "requirements-test.in")
# Files the course or the instructor writes while it runs (data folder, room, artifacts/), named in the docs but never committed.
WRITTEN_AT_RUN_TIME = {"progress.json", "drafts.json", "library.json", "progress.csv", "gradebook.csv", "gradebook.png",
                       "audit.md", "audit.csv", "audit.png", ".env", "workshop.toml"}
PLACEHOLDER = re.compile(r"NN|NAME|[<>*…{}]|\.\.\.")
PATH_LIKE = re.compile(r"^[\w.-]+(?:/[\w.-]*)*/?$")
FILE_NAME = re.compile(r"^[\w.-]+\.(?:py|md|txt|in|toml|ipynb|json|cfg|sh|csv|png)$")
IN_BACKTICKS = re.compile(r"`([^`\s]+)`")
MAKE_IN_BACKTICKS = re.compile(r"`make ([a-z][\w-]*)")
IN_COMMENT = re.compile(r"[\w.-]+/[\w./-]*|[\w.-]+\.(?:py|md|txt|in|toml|ipynb|json|cfg|sh)\b")
MAKE_TARGET = re.compile(r"\bmake ([a-z][\w-]*)")


FILES = set(checkout.files())  # not ignored ones such as .venv/ and artifacts/
FOLDERS = {str(Path(name).parents[i]) for name in FILES for i in range(len(Path(name).parents) - 1)}
TOP_LEVEL = {name.split("/")[0] for name in FILES}
NAMES = {Path(name).name for name in FILES}


def comments(relative: str) -> str:
    """The comment text of a Makefile or requirement file."""
    lines = (ROOT / relative).read_text(encoding="utf-8").splitlines()
    return "\n".join(line.split("#", 1)[1] for line in lines if "#" in line)


def mentions(relative: str) -> list[str]:
    """The path-like words a file mentions: backticked in Markdown, anywhere in comments elsewhere."""
    if relative.endswith(".md"):
        return IN_BACKTICKS.findall((ROOT / relative).read_text(encoding="utf-8"))
    return IN_COMMENT.findall(comments(relative))


def targets_named(relative: str) -> set[str]:
    """The make targets a file names: `make X` in Markdown, make X in comments elsewhere."""
    if relative.endswith(".md"):
        return set(MAKE_IN_BACKTICKS.findall((ROOT / relative).read_text(encoding="utf-8")))
    return set(MAKE_TARGET.findall(comments(relative)))


def dangling(word: str) -> bool:
    """True if a word names a repository path (or a committed file's name) that does not exist."""
    word = word.split("::")[0].rstrip(".,:;)")
    if PLACEHOLDER.search(word) or not PATH_LIKE.match(word) or word in WRITTEN_AT_RUN_TIME:
        return False
    if "/" in word and word.split("/")[0] in TOP_LEVEL:
        return word.rstrip("/") not in FILES | FOLDERS
    return "/" not in word and bool(FILE_NAME.match(word)) and word not in NAMES


def make_targets() -> set[str]:
    """The targets the Makefile defines."""
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("relative", DOCS + COMMENTED)
def test_named_paths_exist(relative: str) -> None:
    missing = sorted({word for word in mentions(relative) if dangling(word)})
    assert not missing, f"{relative} names paths that do not exist: {missing}"


@pytest.mark.parametrize("relative", DOCS + COMMENTED)
def test_named_make_targets_exist(relative: str) -> None:
    named = targets_named(relative)
    assert not named - make_targets(), f"{relative} names make targets the Makefile lacks: {sorted(named - make_targets())}"


def test_the_scan_catches_a_dangling_path() -> None:
    """The rules above flag a missing path, file name or folder, and pass over placeholders and run-time files."""
    assert dangling("docs/no-such-page.md") and dangling("tutor/no_such_module.py") and dangling("no_such_script.py")
    assert dangling("checker/specs/99_missing.toml") and dangling("tests/panels/nowhere/")
    assert not any(dangling(w) for w in ("docs/maintainers.md", "checker/specs/", "model.py", "checker/specs/NN_topic.toml",
                                         "progress.json", "tests/test_setup.py::test_x", "https://example.org/a.md"))
