"""Notebook testing rules for nbval (the test suite's own set-up lives in tests/conftest.py).

- lessons/ and solutions/ are compared strictly against their saved outputs;
- exercises/ are committed without outputs and only have to run (nbval-lax behaviour);
- a notebook's cells run together and top to bottom, even when pytest-randomly shuffles the tests
  (it shuffles notebooks among the other test files, never the cells within one), and in one
  pytest-xdist worker (`make check` sends each file, notebook or test module, whole to one worker: `--dist loadfile`);
- kernels import the code of this checkout (PYTHONPATH), whichever checkout the venv installed;
- a cell that shows a widget (tagged `widget-output` by tools/notebooks.py, which does not save
  widget views) is run but not compared: nbval would compare the widget's text repr (which
  changes between ipywidgets versions) and would see what the widget prints as stdout. The
  widget's behaviour is tested headless and in the browser tests instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_TAG = "widget-output"
CELL_OUTPUT_TIMEOUT_S = 60


def _shows_widget(cell: dict) -> bool:
    """True if the cell is tagged as showing a widget, or a saved output is a widget view."""
    if WIDGET_TAG in cell.get("metadata", {}).get("tags", []):
        return True
    return any(WIDGET_MIME in (out.get("data") or {}) for out in cell.get("outputs", []))


def pytest_configure() -> None:
    """Kernels and subprocesses import this checkout's code, not whatever copy is installed in the venv."""
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


def _cells_in_order(items: list[pytest.Item]) -> list[pytest.Item]:
    """The items with each notebook's cells gathered where its first cell stands, in cell order."""
    cells: dict[str, list[pytest.Item]] = {}
    for item in items:
        if hasattr(item, "cell_num"):
            cells.setdefault(str(item.fspath), []).append(item)
    ordered = []
    for item in items:
        if not hasattr(item, "cell_num"):
            ordered.append(item)
        elif str(item.fspath) in cells:
            ordered += sorted(cells.pop(str(item.fspath)), key=lambda cell: cell.cell_num)
    return ordered


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Apply the rules above to the notebook cells nbval collected."""
    items[:] = _cells_in_order(items)
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None or not hasattr(item, "options"):
            continue
        item.output_timeout = CELL_OUTPUT_TIMEOUT_S
        if Path(str(item.fspath)).parent.name == "exercises" or _shows_widget(cell):
            item.options["check"] = False
