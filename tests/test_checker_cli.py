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


# ---------------------------------------------------------------- the gradebook from progress


def progress_file(path, records: list[tuple[str, dict, str, str]]) -> None:
    """Write a progress.json of (learner, fields, time, exercise) records, as the widget's Check writes them."""
    import json

    from checker import tracker

    out = []
    for learner, fields, time, ex_id in records:
        r = tracker.make_record(ex_id, False, 0.0, fields, "offline", "offline-teacher")
        r.update(learner=learner, time=time)
        out.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "checks": out}), encoding="utf-8")


def gradebook_rows(args: list[str], out) -> dict[tuple[str, str], dict]:
    """Run the gradebook and return its rows by (student, exercise)."""
    assert cli.main(["gradebook", *args, "--out", str(out)]) == 0
    return {(r["student"], r["exercise"]): r for r in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8"))}


def test_a_learner_who_never_copied_the_prompt_is_graded_on_the_latest_attempt(tmp_path, capsys):
    ex = checker.all_exercises()[0]
    root = tmp_path / "submissions"
    notebook(root / "alice" / "00_welcome.ipynb", exercise_cells(ex, dict(ex.starter)))  # the cell never edited
    progress_file(root / "alice" / "progress.json", [("laptop-user", ex.baseline, "2026-11-20T10:00:00+00:00", ex.id),
                                                     ("laptop-user", ex.reference, "2026-11-20T10:05:00+00:00", ex.id)])
    rows = gradebook_rows([str(root)], tmp_path / "out")
    row = rows[("alice", ex.id)]
    assert (row["passed"], row["source"], row["file"]) == ("True", "progress", "alice/progress.json")
    assert row["answered"] == "2026-11-20T10:05:00+00:00"
    assert "alice: 1/1 solved (1 from progress)" in capsys.readouterr().out


@pytest.mark.parametrize("notebook_is_newer", [True, False])
def test_when_notebook_and_progress_both_answer_the_newer_counts(tmp_path, notebook_is_newer):
    import os
    from datetime import datetime

    ex = checker.all_exercises()[0]
    root = tmp_path / "submissions"
    in_notebook, in_progress = (ex.reference, ex.baseline) if notebook_is_newer else (ex.baseline, ex.reference)
    notebook(root / "bob" / "00_welcome.ipynb", exercise_cells(ex, dict(in_notebook)))
    progress_file(root / "bob" / "progress.json", [("bob", in_progress, "2026-11-20T10:00:00+00:00", ex.id)])
    saved = datetime.fromisoformat("2026-11-20T11:00:00+00:00" if notebook_is_newer else "2026-11-20T09:00:00+00:00")
    os.utime(root / "bob" / "00_welcome.ipynb", (saved.timestamp(), saved.timestamp()))
    row = gradebook_rows([str(root)], tmp_path / "out")[("bob", ex.id)]
    assert row["source"] == ("notebook" if notebook_is_newer else "progress")
    assert row["passed"] == "True", "the newer answer is the reference in both cases"


def test_a_room_folder_is_graded_per_learner_from_their_records(tmp_path):
    ex = checker.all_exercises()[0]
    room = tmp_path / "room"
    progress_file(room / "progress.json", [
        ("alice", ex.reference, "2026-11-20T10:00:00+00:00", ex.id),
        ("bob", ex.reference, "2026-11-20T10:01:00+00:00", ex.id),
        ("bob", ex.baseline, "2026-11-20T10:02:00+00:00", ex.id),  # bob's latest attempt is the weak one
    ])
    rows = gradebook_rows(["--progress", str(room)], tmp_path / "out")
    assert {k: r["passed"] for k, r in rows.items()} == {("alice", ex.id): "True", ("bob", ex.id): "False"}
    assert {r["source"] for r in rows.values()} == {"progress"}


def test_a_damaged_progress_file_is_reported_and_left_alone(tmp_path, capsys):
    ex = checker.all_exercises()[0]
    room = tmp_path / "room"
    progress_file(room / "carol.progress.json", [("x", ex.reference, "2026-11-20T10:00:00+00:00", ex.id)])
    (room / "dan.progress.json").write_text("{not json", encoding="utf-8")
    rows = gradebook_rows(["--progress", str(room)], tmp_path / "out")
    assert list(rows) == [("carol", ex.id)]
    assert "skipped dan.progress.json: not a readable progress file" in capsys.readouterr().err
    assert (room / "dan.progress.json").read_text(encoding="utf-8") == "{not json"


@pytest.mark.parametrize("args,words", [([], "Give a folder"), (["nowhere"], "not a folder"),
                                        (["--progress", "nowhere.json"], "does not exist")])
def test_gradebook_without_readable_input_says_what_to_give(args, words, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["gradebook", *args]) == 2
    assert words in capsys.readouterr().err


def test_panels_prints_a_dev_sets_rates_and_its_wrong_entries_but_only_counts_for_the_test_set(capsys):
    """`panels dev19` lists the rates per exercise and lesson; the held-out test set never shows an entry."""
    assert cli.main(["panels", "dev19", "--exercises", "07.2"]) == 0
    dev = capsys.readouterr().out
    assert "  07.2: expert " in dev and "  lesson 07: " in dev and "at the bar: " in dev
    assert "07.1" not in dev  # the filter holds
    assert cli.main(["panels", "test", "--exercises", "00.1"]) == 0
    held_out = capsys.readouterr().out
    assert "  00.1: expert " in held_out
    assert "fields:" not in held_out and "reply:" not in held_out and "[00.1" not in held_out


def test_panels_names_the_sets_when_given_an_unknown_one(capsys):
    """An unknown set is a clear message and exit status 2, not a traceback."""
    assert cli.main(["panels", "dev99"]) == 2
    err = capsys.readouterr().err
    assert "dev99" in err and "dev19" in err and "--all" in err
