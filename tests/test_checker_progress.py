"""The progress store under concurrency and corruption, progress(), and the personal prompt library."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

import checker
from checker import progress_csv, prompts, tracker
from checker.store import JsonStore, data_dir

WRITER = """
import sys
from checker.store import JsonStore
store = JsonStore("progress.json", "checks", sys.argv[1])
for i in range(int(sys.argv[3])):
    store.append({"writer": sys.argv[2], "i": i})
"""


@pytest.fixture(autouse=True)
def folder(tmp_path, monkeypatch):
    """A fresh data folder for each test."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_the_data_dir_follows_the_environment(folder):
    assert data_dir() == folder


def test_two_processes_writing_at_once_lose_nothing(folder):
    n = 500
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder), name, str(n)]) for name in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    records = JsonStore("progress.json", "checks", folder).load()
    assert len(records) == 2 * n
    for name in ("a", "b"):
        assert [r["i"] for r in records if r["writer"] == name] == list(range(n))
    assert not list(folder.glob("*.tmp"))


@pytest.mark.parametrize("damage", ['{"version": 1, "checks": [', "\x00\x01garbage", '{"checks": 3}', "[1, 2]"])
def test_a_corrupted_file_is_backed_up_and_started_fresh(folder, damage):
    folder.mkdir(parents=True)
    (folder / "progress.json").write_text(damage, encoding="utf-8")
    st = tracker.store()
    with pytest.warns(UserWarning, match="damaged"):
        st.append({"exercise": "01.1", "passed": True})
    assert "kept as progress.json.corrupt-" in st.notice
    backups = list(folder.glob("progress.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == damage
    assert JsonStore("progress.json", "checks", folder).load() == [{"exercise": "01.1", "passed": True}]


def test_progress_reports_a_recovery(folder):
    folder.mkdir(parents=True)
    (folder / "progress.json").write_text("{oops", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = checker.progress()
    assert "damaged" in str(report)


def test_a_check_is_recorded_without_any_key(folder, planted_key):
    ex = checker.all_exercises()[0]
    checker.check(ex.id, **ex.reference)
    checker.check(ex.id, **ex.baseline)
    records = tracker.store().load()
    assert [(r["exercise"], r["passed"]) for r in records] == [(ex.id, True), (ex.id, False)]
    assert set(records[0]) == {"exercise", "passed", "score", "fields", "backend", "model", "learner", "time",
                               "checks_passed", "checks_total", "failed_checks"}
    assert records[0]["checks_passed"] == records[0]["checks_total"] == len(ex.checks)
    assert records[0]["failed_checks"] == []
    failed = records[1]["failed_checks"]
    assert failed and len(failed) == records[1]["checks_total"] - records[1]["checks_passed"]
    assert set(failed) <= {c.title() for c in ex.checks}
    assert records[0]["model"] == "offline-teacher"
    assert planted_key not in (folder / "progress.json").read_text()


def test_a_key_pasted_into_a_prompt_is_not_stored(planted_key):
    record = tracker.make_record("01.1", True, 1.0, {"prompt": f"my key is {planted_key}"}, "offline", "m", planted_key)
    assert planted_key not in json.dumps(record)


def test_progress_shows_a_table_and_a_chart():
    ex = checker.all_exercises()[0]
    checker.check(ex.id, **ex.reference)
    report = checker.progress()
    row = next(r for r in report.rows if r.lesson == ex.lesson)
    assert row.solved == 1 and row.attempts == 1
    bundle = report._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "image/png"}
    assert f"{ex.lesson}" in bundle["text/plain"] and "<table>" in bundle["text/html"]
    assert len(report.figure().axes) == 1


def test_export_csv(tmp_path):
    ex = checker.all_exercises()[0]
    checker.check(ex.id, **ex.reference)
    out = tmp_path / "p.csv"
    assert progress_csv.export(out) == 1
    header, row = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith("time,exercise,passed,score,backend,model") and f",{ex.id},True," in row


def test_the_library_saves_only_passing_prompts_and_searches_them(tmp_path):
    ex = checker.all_exercises()[0]
    result = checker.save_prompt("fenced summary", ex.id, tags=["delimiters", "summary"], **ex.reference)
    assert result.passed
    assert not checker.save_prompt("naive", ex.id, **ex.baseline).passed
    mine = checker.library(include_reference=False)
    assert [e.name for e in mine] == ["fenced summary"] and mine["fenced summary"].tags == ("delimiters", "summary")
    assert [e.name for e in checker.library("fenced", include_reference=False)] == ["fenced summary"]
    assert len(checker.library(tag="summary")) == 1
    assert len(checker.library(tag="nothing-has-this")) == 0
    everything = checker.library()
    assert len(everything) == 1 + len(checker.all_exercises())
    path = everything.export(tmp_path / "lib.md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# My prompt library") and "## fenced summary" in text and "## reference " in text
    assert "<table" in everything._repr_html_()


def test_saving_under_the_same_name_replaces(folder):
    ex = checker.all_exercises()[0]
    checker.save_prompt("x", ex.id, tags=["a"], **ex.reference)
    checker.save_prompt("x", ex.id, tags=["b"], **ex.reference)
    assert [e.tags for e in prompts.saved()] == [("b",)]


def test_each_learner_in_a_shared_room_sees_only_their_own_progress(monkeypatch):
    ex = checker.all_exercises()[0]
    monkeypatch.setenv("COURSE_LEARNER", "alice")
    checker.check(ex.id, **ex.reference)
    monkeypatch.setenv("COURSE_LEARNER", "bob")
    row = next(r for r in checker.progress().rows if r.lesson == ex.lesson)
    assert (row.solved, row.attempts) == (0, 0)
    monkeypatch.setenv("COURSE_LEARNER", "alice")
    row = next(r for r in checker.progress().rows if r.lesson == ex.lesson)
    assert (row.solved, row.attempts) == (1, 1)
    assert [r["learner"] for r in tracker.store().load()] == ["alice"]


def test_the_learner_name_comes_from_the_environment_first(monkeypatch):
    from checker.store import learner

    monkeypatch.delenv("COURSE_LEARNER", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-carol")
    assert learner() == "hub-carol"
    monkeypatch.setenv("COURSE_LEARNER", " dave ")
    assert learner() == "dave"


def test_the_draft_saver_writes_once_per_delay_with_the_latest_text():
    from checker.drafts import DraftSaver

    written, scheduled = [], []
    saver = DraftSaver(written.append, schedule=lambda delay, cb: scheduled.append(cb) or (lambda: None))
    saver.changed({"prompt": "a"})
    saver.changed({"prompt": "ab"})
    assert len(scheduled) == 1 and written == []
    scheduled[0]()
    assert written == [{"prompt": "ab"}]
    saver.changed({"prompt": "abc"})
    saver.discard()
    saver.flush()
    assert written == [{"prompt": "ab"}] and len(scheduled) == 2
