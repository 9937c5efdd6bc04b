"""The room dashboard (checker/room.py, checker/dashboard.py, `python -m checker room`) on synthetic rooms.

The synthetic room has 50 learners, one file each in the room-folder layout (ROOM/<user>.progress.json),
written as the tracker writes records. Learner i has solved the first i % 7 exercises, failed the next one
(i % 3 + 1 times, always on its first check), and not started the rest.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import checker
from checker import cli, room, specs, tracker

LEARNERS = 50
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
EXERCISES = [ex.id for ex in checker.all_exercises()]


def name(i: int) -> str:
    """The synthetic learner number i."""
    return f"learner{i:02d}"


def planned(i: int) -> tuple[int, int]:
    """(exercises solved, failed attempts at the next one) for learner i."""
    return i % 7, i % 3 + 1


def record(who: str, ex_id: str, passed: bool, minute: float, failed: tuple[str, ...] = ()) -> dict:
    """A progress record as the tracker writes it, at START + minute."""
    r = tracker.make_record(ex_id, passed, 1.0 if passed else 0.5, {"prompt": "p"}, "offline", "offline-teacher",
                            failed_checks=failed)
    r.update(learner=who, time=(START + timedelta(minutes=minute)).isoformat())
    return r


def first_check(ex_id: str) -> str:
    """The title of an exercise's first check."""
    return specs.get(ex_id).checks[0].title()


def write_progress(folder: Path, who: str, records: list[dict]) -> Path:
    """ROOM/<who>.progress.json holding the records."""
    path = folder / f"{who}.progress.json"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "checks": records}), encoding="utf-8")
    return path


@pytest.fixture
def big_room(tmp_path) -> Path:
    """A room folder with 50 learners' progress files."""
    folder = tmp_path / "room"
    for i in range(LEARNERS):
        solved, fails = planned(i)
        records = [record(name(i), EXERCISES[k], True, i + k) for k in range(solved)]
        nxt = EXERCISES[solved]
        records += [record(name(i), nxt, False, i + solved + f, (first_check(nxt),)) for f in range(fails)]
        write_progress(folder, name(i), records)
    return folder


def test_the_grid_shows_every_learner_and_each_exercise_state(big_room):
    r = room.read(big_room)
    grid = dict(r.grid())
    assert len(grid) == LEARNERS and list(r.exercises) == EXERCISES
    for i in range(LEARNERS):
        solved, _ = planned(i)
        expected = [room.SOLVED] * solved + [room.ATTEMPTED] + [room.NOT_STARTED] * (len(EXERCISES) - solved - 1)
        assert grid[name(i)] == expected, name(i)
    total_solved = sum(planned(i)[0] for i in range(LEARNERS))
    assert r.counts() == {room.SOLVED: total_solved, room.ATTEMPTED: LEARNERS,
                          room.NOT_STARTED: LEARNERS * len(EXERCISES) - total_solved - LEARNERS}
    assert f"{LEARNERS} learners" in r.summary()


def test_the_room_is_stuck_where_most_attempts_failed_with_the_common_failing_check(big_room):
    r = room.read(big_room)
    failed_per_exercise: dict[str, int] = {}
    for i in range(LEARNERS):
        solved, fails = planned(i)
        failed_per_exercise[EXERCISES[solved]] = failed_per_exercise.get(EXERCISES[solved], 0) + fails
    ranked = sorted(failed_per_exercise.items(), key=lambda kv: (-kv[1], kv[0]))
    stuck = r.stuck(top=3)
    assert [(s.exercise, s.failed_attempts) for s in stuck] == ranked[:3]
    top = stuck[0]
    assert top.top_check == first_check(top.exercise) and top.top_check_failures == top.failed_attempts
    assert top.learners_stuck == sum(1 for i in range(LEARNERS) if EXERCISES[planned(i)[0]] == top.exercise)


def test_a_learner_who_solves_after_failing_is_no_longer_stuck(tmp_path):
    ex = EXERCISES[0]
    write_progress(tmp_path, "ann", [record("ann", ex, False, 0, ("a",)), record("ann", ex, False, 1, ("b",)),
                                     record("ann", ex, False, 2, ("a",)), record("ann", ex, True, 3)])
    write_progress(tmp_path, "ben", [record("ben", ex, False, 0, ("b",))])
    r = room.read(tmp_path)
    assert dict(r.grid())["ann"][0] == room.SOLVED and dict(r.grid())["ben"][0] == room.ATTEMPTED
    [s] = r.stuck()
    assert (s.exercise, s.failed_attempts, s.learners_stuck) == (ex, 4, 1)
    assert (s.top_check, s.top_check_failures) in {("a", 2), ("b", 2)}


def test_older_records_and_ungraded_checks_are_handled(tmp_path):
    ex = EXERCISES[0]
    old = record("cy", ex, False, 0)
    del old["failed_checks"]  # written before failing checks were recorded
    ungraded = record("cy", EXERCISES[1], False, 1)
    ungraded.update(passed=None, graded=False)  # the model could not be reached: not a fail
    write_progress(tmp_path, "cy", [old, ungraded])
    r = room.read(tmp_path)
    assert dict(r.grid())["cy"][:2] == [room.ATTEMPTED, room.ATTEMPTED]
    [s] = r.stuck()
    assert (s.exercise, s.top_check, s.top_check_failures) == (ex, room.UNRECORDED, 0)


def test_the_timeline_counts_solved_exercises_and_active_learners(big_room):
    r = room.read(big_room)
    points = r.timeline()
    assert len(points) == len(r.attempts)
    assert [p[0] for p in points] == sorted(p[0] for p in points)
    assert all(a[1] <= b[1] and a[2] <= b[2] for a, b in zip(points, points[1:]))
    assert points[-1][1:] == (r.counts()[room.SOLVED], LEARNERS)
    fig = r.figure()
    lines = fig.axes[0].get_lines()
    assert [ln.get_label() for ln in lines] == ["exercises solved", "learners active"]
    assert lines[0].get_linestyle() != lines[1].get_linestyle(), "told apart by more than colour"
    assert max(lines[0].get_ydata()) == r.counts()[room.SOLVED]


def test_the_text_and_html_say_each_state_in_symbols_and_words(big_room):
    r = room.read(big_room)
    text = r.text()
    assert all(name(i) in text for i in range(LEARNERS))
    assert room.LEGEND in text and "most common failing check" in text
    row = next(line for line in text.splitlines() if line.startswith(name(8)))  # 8 % 7 = 1 solved
    assert row.split()[1:4] == [room.SYMBOLS[room.SOLVED], room.SYMBOLS[room.ATTEMPTED], room.SYMBOLS[room.NOT_STARTED]]
    assert row.endswith(f"1/{len(EXERCISES)}")
    page = r.grid_html()
    assert page.count("<tr>") == LEARNERS + 1
    assert f"{name(8)} · {EXERCISES[0]}: solved" in page and f"{name(8)} · {EXERCISES[1]}: attempted" in page
    assert "most common failing check" in r.stuck_html()


def test_unreadable_files_are_named_and_the_rest_is_read(tmp_path):
    ex = EXERCISES[0]
    write_progress(tmp_path, "dee", [record("dee", ex, True, 0)])
    (tmp_path / "eve.progress.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "fay.progress.json").symlink_to(tmp_path / "dee.progress.json")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not a progress file: ignored
    r = room.read(tmp_path)
    assert r.learners == ["dee"]
    assert dict(r.problems).keys() == {"eve.progress.json", "fay.progress.json"}
    assert "eve.progress.json" in r.text() and "eve.progress.json" in r.problems_html()


def test_legacy_and_per_learner_folders_name_their_learners(tmp_path):
    ex = EXERCISES[0]
    legacy = [record("gus", ex, True, 0), record("hal", ex, False, 1)]
    (tmp_path / "progress.json").write_text(json.dumps({"version": 1, "checks": legacy}), encoding="utf-8")
    write_progress(tmp_path / "ivy", "x", [])  # an empty file in a sub-folder
    (tmp_path / "ivy" / "x.progress.json").rename(tmp_path / "ivy" / "progress.json")
    (tmp_path / "ivy" / "progress.json").write_text(json.dumps({"checks": [record("?", ex, True, 2)]}), encoding="utf-8")
    assert room.read(tmp_path).learners == ["gus", "hal", "ivy"]


def test_the_room_folder_comes_from_the_argument_or_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(room.ROOM_VAR, raising=False)
    with pytest.raises(room.RoomError, match=room.ROOM_VAR):
        room.room_folder()
    with pytest.raises(room.RoomError, match="not a folder"):
        room.room_folder(tmp_path / "missing")
    monkeypatch.setenv(room.ROOM_VAR, str(tmp_path))
    assert room.room_folder() == tmp_path


def test_real_checks_of_three_learners_reach_the_dashboard(tmp_path, monkeypatch):
    """Checks made by three learners (each with their own data folder inside the room) show up."""
    ex = checker.all_exercises()[0]
    for who, fields in (("amy", ex.reference), ("bo", ex.baseline), ("cal", None)):
        monkeypatch.setenv("COURSE_LEARNER", who)
        monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / who))
        if fields:
            checker.check(ex.id, **fields)
    r = room.read(tmp_path)
    assert r.learners == ["amy", "bo"]
    assert dict(r.grid()) == {"amy": [room.SOLVED] + [room.NOT_STARTED] * (len(EXERCISES) - 1),
                              "bo": [room.ATTEMPTED] + [room.NOT_STARTED] * (len(EXERCISES) - 1)}
    [s] = r.stuck()
    assert s.exercise == ex.id and s.top_check in {c.title() for c in ex.checks}


# ---------------------------------------------------------------- the command line


def test_the_room_command_prints_the_dashboard(big_room, capsys):
    assert cli.main(["room", str(big_room), "--chart", str(big_room.parent / "room.png")]) == 0
    out = capsys.readouterr().out
    assert f"{LEARNERS} learners" in out and name(49) in out and room.LEGEND in out
    assert (big_room.parent / "room.png").read_bytes()[:4] == b"\x89PNG"


def test_the_room_command_without_a_room_says_what_to_give(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(room.ROOM_VAR, raising=False)
    assert cli.main(["room"]) == 2
    assert room.ROOM_VAR in capsys.readouterr().err
    assert cli.main(["room", str(tmp_path / "nowhere")]) == 2
    assert cli.main(["room", str(tmp_path), "--every", "0"]) == 2
    assert cli.main(["room", str(tmp_path), "--top", "0"]) == 2


def test_watching_rereads_the_folder_each_round(tmp_path):
    import io

    out = io.StringIO()
    waits: list[float] = []

    def sleep(s: float) -> None:
        waits.append(s)
        write_progress(tmp_path, f"late{len(waits)}", [record(f"late{len(waits)}", EXERCISES[0], True, 0)])

    room.watch(tmp_path, 7.0, rounds=3, out=out, sleep=sleep)
    text = out.getvalue()
    assert waits == [7.0, 7.0]
    assert text.count(" run, ") == 3 and "0 learners" in text and "2 learners" in text


# ---------------------------------------------------------------- the widgets


def wait_for(condition, seconds: float = 10.0) -> bool:
    """Poll condition until it holds or seconds pass."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_the_dashboard_widget_shows_the_room_and_refreshes_by_itself(tmp_path):
    from checker.dashboard import Dashboard

    write_progress(tmp_path, "kim", [record("kim", EXERCISES[0], False, 0, ("x",))])
    board = Dashboard(tmp_path, every=0.05)
    try:
        assert board.running
        assert "1 learner," in board.status.value and "kim" in board.grid.value and "x" in board.stuck.value
        assert board.chart.value[:4] == b"\x89PNG"
        write_progress(tmp_path, "lee", [record("lee", EXERCISES[0], True, 1)])
        assert wait_for(lambda: "lee" in board.grid.value), "the new learner never appeared"
        board.auto.value = False
        assert not board.running
        write_progress(tmp_path, "max", [record("max", EXERCISES[0], True, 2)])
        time.sleep(0.2)
        assert "max" not in board.grid.value, "it refreshed after auto-refresh was turned off"
        board.refresh_button.click()
        assert "max" in board.grid.value
    finally:
        board.close()
    assert not board.running


def test_the_dashboard_reports_a_vanished_room_instead_of_failing(tmp_path):
    from checker.dashboard import Dashboard

    folder = tmp_path / "room"
    folder.mkdir()
    board = Dashboard(folder, start=False)
    assert not board.running
    os.rmdir(folder)
    assert board.refresh() is None
    assert "Could not read the room" in board.status.value and "not a folder" in board.status.value


def test_the_instructor_notebook_runs_and_shows_the_dashboard(big_room, monkeypatch):
    """instructor/room_dashboard.ipynb, run as an instructor would (ROOM left as None: $COURSE_ROOM_DIR)."""
    import nbformat
    from nbclient import NotebookClient

    repo = Path(__file__).resolve().parents[1]
    monkeypatch.setenv(room.ROOM_VAR, str(big_room))
    monkeypatch.setenv("PYTHONPATH", str(repo))  # this checkout's code, whatever the venv has installed
    path = repo / "instructor" / "room_dashboard.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit it without outputs"
    nb.cells.append(nbformat.v4.new_code_cell(
        "assert dashboard.running\nprint(len(dashboard.grid.value.split('<tr>')) - 2, 'learners shown')\ndashboard.stop()"))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    shown = next(c for c in nb.cells if "Dashboard(" in c.source and c.cell_type == "code").outputs
    assert any("application/vnd.jupyter.widget-view+json" in (o.get("data") or {}) for o in shown), shown
    assert nb.cells[-1].outputs[0]["text"].strip() == f"{LEARNERS} learners shown"


def test_an_unchanged_room_is_not_read_again_and_a_new_dashboard_replaces_the_old(tmp_path, monkeypatch):
    from checker.dashboard import Dashboard

    write_progress(tmp_path, "nia", [record("nia", EXERCISES[0], True, 0)])
    reads: list[int] = []
    real_read = room.read
    monkeypatch.setattr(room, "read", lambda folder=None: reads.append(1) or real_read(folder))
    old = Dashboard(tmp_path, every=0.02)
    try:
        time.sleep(0.3)
        assert len(reads) == 1, "an unchanged room was read again"
        write_progress(tmp_path, "oli", [record("oli", EXERCISES[0], True, 1)])
        assert wait_for(lambda: "oli" in old.grid.value)
        assert len(reads) == 2
        new = Dashboard(tmp_path, every=0.02)
        assert new.running and not old.running and old.auto.value is False
        new.close()
    finally:
        old.close()
