"""Issue 11 hardening: each test reproduces one probe finding (it failed before the fix) and pins the fix."""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest

import checker
from checker import cli, csvsafe


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh progress folder for each test."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))


def notebook(path: Path, cells: list) -> Path:
    """Write a notebook whose code cells hold the given sources (a str, or a list as Jupyter saves them)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def gradebook(root: Path, out: Path, *extra: str) -> tuple[int, list[dict]]:
    """Run the gradebook; return its exit status and the CSV rows (none if no CSV was written)."""
    status = cli.main(["gradebook", str(root), "--out", str(out), *extra])
    path = out / "gradebook.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8"))) if path.exists() else []
    return status, rows


# ---------------------------------------------------------------- 3. CSV formula injection


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(text: str) -> None:
    """OWASP: a cell starting with = + - @ tab or CR gets a leading apostrophe; others are untouched."""
    assert csvsafe.cell(text) == "'" + text
    assert csvsafe.cell("a=1") == "a=1" and csvsafe.cell(0.5) == 0.5 and csvsafe.cell(True) is True


def test_gradebook_csv_has_no_formulas(tmp_path: Path) -> None:
    """Student names, exercise ids and reasons starting with a formula character are written inert."""
    root = tmp_path / "subs"
    notebook(root / "=HYPERLINK(\"http:evil\")" / "nb.ipynb", ["exercise('@SUM(1)', prompt='-hi')"])
    status, rows = gradebook(root, tmp_path / "out")
    assert status == 0 and len(rows) == 1
    assert rows[0]["student"] == "'=HYPERLINK(\"http:evil\")" and rows[0]["exercise"] == "'@SUM(1)"
    assert not any(v.startswith(csvsafe.FORMULA_STARTS) for r in rows for v in r.values())


def test_progress_csv_has_no_formulas(tmp_path: Path) -> None:
    """A recorded prompt starting with = is exported with a leading apostrophe."""
    ex = checker.all_exercises()[0]
    checker.check(ex.id, prompt="=HYPERLINK(\"http://evil\", \"click\") please answer")
    out = tmp_path / "progress.csv"
    assert cli.main(["progress", "export", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and rows[0]["prompt"].startswith("'=HYPERLINK")
