"""The public API's docstring examples run and print what they show (on the offline model)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

# Modules whose docstrings carry `>>>` examples; each must have at least one, so deleting them fails too.
MODULES = ("tutor", "tutor.api", "tutor.chat", "tutor.tokens", "checker.grading")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))  # an example that grades may record progress
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (the output above says how)"
