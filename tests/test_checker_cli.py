"""`python -m checker`: audit, gradebook (solved, unsolved and corrupted notebooks) and progress export."""

from __future__ import annotations

import csv
import subprocess
import sys

import nbformat
import pytest

import checker
from checker import cli, submissions


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A fresh progress folder for each test."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))


def notebook(path, cells: list[str]) -> None:
    """Write an exercise notebook whose code cells hold the given sources."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Exercises")]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def exercise_cells(ex, fields: dict[str, str]) -> list[str]:
    """The cells of an exercise notebook, as the curriculum guide lays them out."""
    assigns = "\n".join(f"{k} = {v!r}" for k, v in fields.items())
    args = ", ".join(f"{k}={k}" for k in fields)
    return ["from tutor import ask\nfrom checker import exercise, check", f"{assigns}\nexercise({ex.id!r}, {args})"]


@pytest.fixture
def submissions_dir(tmp_path):
    """A folder with a solved, an unsolved and a corrupted notebook."""
    ex = checker.all_exercises()[0]
    root = tmp_path / "submissions"
    notebook(root / "alice" / "lesson.ipynb", exercise_cells(ex, ex.reference))
    notebook(root / "bob.ipynb", exercise_cells(ex, ex.baseline))
    (root / "carol.ipynb").write_text('{"cells": [ {"cell_type": "code", "sou', encoding="utf-8")
    return root


def test_gradebook_grades_solved_and_unsolved_and_skips_corrupted(submissions_dir, tmp_path, capsys):
    ex = checker.all_exercises()[0]
    out = tmp_path / "out"
    assert cli.main(["gradebook", str(submissions_dir), "--out", str(out)]) == 0
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    assert [(r["student"], r["exercise"], r["passed"]) for r in rows] == [("alice", ex.id, "True"), ("bob", ex.id, "False")]
    assert float(rows[0]["score"]) == 1.0 and float(rows[1]["score"]) < 1.0
    assert "✗" in rows[1]["reasons"]
    assert (out / "gradebook.png").stat().st_size > 0
    captured = capsys.readouterr()
    assert "skipped carol.ipynb" in captured.err
    assert "alice: 1/1 solved" in captured.out and "bob: 0/1 solved" in captured.out


def test_answers_are_read_with_ast_and_never_executed(tmp_path):
    path = tmp_path / "nb.ipynb"
    notebook(path, [
        "import os\nos.system('touch " + str(tmp_path / "pwned") + "')",
        "%matplotlib inline\nprompt = 'first'\nexercise('01.1', prompt=prompt)",
        "prompt = 'second ' + 'try'\nsystem = \"\"\"You are a teacher.\"\"\"\nexercise('01.1', prompt=prompt, system=system)",
        "this is not python (",
        "checker.check('01.2', 'positional prompt')",
        "exercise('01.3', prompt=some_function())",
    ])
    found = submissions.answers(path)
    assert found["01.1"] == {"prompt": "second try", "system": "You are a teacher."}
    assert found["01.2"] == {"prompt": "positional prompt"}
    assert found["01.3"] == {}
    assert not (tmp_path / "pwned").exists()


def test_audit_writes_table_csv_and_chart(tmp_path, capsys):
    ex = checker.all_exercises()[0]
    out = tmp_path / "audit"
    status = cli.main(["audit", "--samples", "2", "--exercises", ex.id, "--out", str(out)])
    assert status == 0
    text = capsys.readouterr().out
    assert f"| {ex.id} |" in text and "| 100% | 0% | yes |" in text and "1 of 1 exercises discriminate" in text
    assert (out / "audit.md").exists() and (out / "audit.png").stat().st_size > 0
    rows = list(csv.DictReader((out / "audit.csv").open(encoding="utf-8")))
    assert rows[0]["discriminates"] == "True"


def test_audit_of_an_unknown_exercise_says_so(capsys):
    assert cli.main(["audit", "--exercises", "99.9"]) == 2
    assert "no exercise '99.9'" in capsys.readouterr().err


def test_audit_row_discriminates_only_when_reference_passes_and_baseline_fails():
    assert cli.AuditRow("01.1", "t", 1.0, 0.0).discriminates
    assert not cli.AuditRow("01.1", "t", 1.0, 0.5).discriminates
    assert not cli.AuditRow("01.1", "t", 0.5, 0.0).discriminates


def test_progress_export_from_the_command_line(tmp_path):
    ex = checker.all_exercises()[0]
    checker.check(ex.id, **ex.reference)
    out = tmp_path / "export"
    done = subprocess.run([sys.executable, "-m", "checker", "progress", "export", "--out", str(out)],
                          capture_output=True, text=True, check=True)
    assert "Wrote 1 checks" in done.stdout
    assert f",{ex.id},True," in (out / "progress.csv").read_text(encoding="utf-8")
