"""Issue 11, items 5 and 10 on one machine user: room mode, the log format, housekeeping, a held lock, the room reader."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import checker
from checker import cli, progress_csv, roster, tracker
from checker import store as st
from tutor import cache

WRITER = """
import sys
from checker.store import JsonStore
store = JsonStore("progress.json", "checks", sys.argv[1])
print("ready", flush=True)
for i in range(10**9):
    store.append({"run": sys.argv[2], "i": i, "text": "x" * 5000})
"""

HOLDER = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(120)
"""


@pytest.fixture(autouse=True)
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder for each test, and no room."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("COURSE_ROOM_DIR", raising=False)
    return tmp_path / "data"


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workshop room made like /tmp (1733), named by COURSE_ROOM_DIR."""
    path = tmp_path / "room"
    path.mkdir()
    path.chmod(0o1733)
    monkeypatch.setenv("COURSE_ROOM_DIR", str(path))
    return path


def mode(path: Path) -> int:
    """A file's permission bits."""
    return stat.S_IMODE(path.stat().st_mode)


def reference_check() -> checker.Result:
    """Check the first exercise's reference answer (recorded)."""
    ex = checker.all_exercises()[0]
    return checker.check(ex.id, **ex.reference)


# ---------------------------------------------------------------- 5. per-user files in a room


@pytest.mark.parametrize(("user", "expected"), [("alice", "alice"), ("Ann Lee", "Ann_Lee"), ("a/b\\c:d", "a_b_c_d"),
                                                ("", "_"), (".hidden", "_hidden"), ("..", "_."), ("zoë", "zo_"),
                                                ("x.y_z-1", "x.y_z-1")])
def test_a_learner_name_becomes_a_safe_file_name(user: str, expected: str) -> None:
    assert st.safe_name(user) == expected


def test_in_a_room_each_learner_has_one_private_file_and_lock(room: Path, folder: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Everyone shared one progress.json (the first writer's, 0600): others could not save; now one file each."""
    for who in ("Ann Lee", "bob"):
        monkeypatch.setenv("COURSE_LEARNER", who)
        assert reference_check().passed
    assert sorted(p.name for p in room.iterdir()) == ["Ann_Lee.progress.json", "Ann_Lee.progress.json.lock",
                                                       "bob.progress.json", "bob.progress.json.lock"]
    assert all(mode(p) == 0o600 for p in room.iterdir())
    assert [r["learner"] for r in roster.records(room / "Ann_Lee.progress.json")] == ["Ann Lee"]
    assert sum(r.attempts for r in checker.progress().rows) == 1
    assert not (folder / "progress.json").exists()


def test_private_folders_are_made_private(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ex = checker.all_exercises()[0]
    checker.save_prompt("mine", ex.id, **ex.reference)
    cache.put(tmp_path / "cache", "k", {"text": "t", "model": None, "finish_reason": None, "usage": {}})
    assert mode(folder) == 0o700 and mode(tmp_path / "cache") == 0o700
    assert mode(folder / "library.json") == 0o600 and mode(tmp_path / "cache" / "k.json") == 0o600


@pytest.mark.parametrize("planted", ["carol.progress.json", "carol.progress.json.lock"])
@pytest.mark.parametrize("how", ["writable", "symlink"])
def test_a_file_others_can_change_is_never_written(room: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   planted: str, how: str) -> None:
    """A file (or a link to one of the learner's own files) that another user could have planted is left alone."""
    monkeypatch.setenv("COURSE_LEARNER", "carol")
    victim = tmp_path / "victim.txt" if how == "symlink" else room / planted
    victim.write_text('{"version": 1, "checks": []}', encoding="utf-8")
    if how == "symlink":
        (room / planted).symlink_to(victim)
    else:
        victim.chmod(0o666)
    with pytest.warns(UserWarning, match="not saved"):
        assert reference_check().passed
    assert victim.read_text(encoding="utf-8") == '{"version": 1, "checks": []}'


def test_a_missing_room_is_explained_and_the_check_still_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_ROOM_DIR", str(tmp_path / "no-room"))
    with pytest.warns(UserWarning, match="room folder .* does not exist.*not saved"):
        assert reference_check().passed
    assert "does not exist" in checker.progress().notice or not (tmp_path / "no-room").exists()


@pytest.mark.parametrize("folder_mode", [0o777, 0o1777, 0o775], ids=["0777", "1777", "0775"])
def test_a_cache_entry_others_could_write_is_never_trusted(tmp_path: Path, folder_mode: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted reply was returned as cached=True and graded; a folder others can write is now not used."""
    import stub_openai

    from tutor import client

    stub = stub_openai.install(monkeypatch)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(folder_mode)
    settings = stub_openai.live_settings(str(shared))
    request = client.Request([{"role": "user", "content": "Hi"}], "stub-model")
    key = cache.request_key(settings.endpoint, request.model, request.messages, request.params())
    (shared / f"{key}.json").write_text(json.dumps({"text": "PLANTED", "usage": {}}), encoding="utf-8")
    with pytest.warns(UserWarning, match="not used"):
        reply = client.complete(settings, request)
    assert (reply.text, reply.cached, len(stub.requests)) == ("stub reply", False, 1)


@pytest.mark.parametrize("damage", ["chmod", "symlink"])
def test_a_cache_entry_others_could_write_in_a_private_folder_is_a_miss(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    entry = {"text": "PLANTED", "model": None, "finish_reason": None, "usage": {}}
    if damage == "chmod":
        (folder / "k.json").write_text(json.dumps(entry), encoding="utf-8")
        (folder / "k.json").chmod(0o666)
    else:
        (tmp_path / "elsewhere.json").write_text(json.dumps(entry), encoding="utf-8")
        (folder / "k.json").symlink_to(tmp_path / "elsewhere.json")
    assert cache.get(folder, "k") is None
    cache.put(folder, "k", entry)
    assert cache.get(folder, "k") == entry


# ---------------------------------------------------------------- 5. the one reader of a room


def test_progress_files_lists_every_progress_file_and_names_the_unreadable(tmp_path: Path) -> None:
    base = tmp_path / "collected"
    (base / "alice").mkdir(parents=True)
    for path in (base / "bob.progress.json", base / "progress.json", base / "alice" / "progress.json"):
        path.write_text('{"version": 1, "checks": []}', encoding="utf-8")
    (base / "drafts.json").write_text("{}", encoding="utf-8")
    (base / "dan.progress.json").mkdir()  # cannot be opened as a file (root reads any file, so not chmod 000)
    files, problems = roster.progress_files(base)
    assert [p.relative_to(base).as_posix() for p in files] == ["alice/progress.json", "bob.progress.json", "progress.json"]
    assert problems == [("dan.progress.json", "cannot be read (Is a directory)")]


def test_a_room_is_graded_and_exported_from_its_per_learner_logs(room: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    for who in ("=alice", "bob"):
        monkeypatch.setenv("COURSE_LEARNER", who)
        reference_check()
    (room / "eve.progress.json").write_text("{oops", encoding="utf-8")
    n, skipped = progress_csv.export_folder(tmp_path / "out" / "progress.csv", room)
    assert n == 2 and skipped == ["eve.progress.json: not a readable progress file (not valid JSON: "
                                  "Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"]
    assert cli.main(["progress", "export", "--from", str(room), "--out", str(tmp_path / "out2")]) == 0
    assert "skipped eve.progress.json" in capsys.readouterr().err
    assert cli.main(["gradebook", "--progress", str(room), "--out", str(tmp_path / "gb")]) == 0
    students = {line.split(",")[0] for line in (tmp_path / "gb" / "gradebook.csv").read_text().splitlines()[1:]}
    assert students == {"'=alice", "bob"}


# ---------------------------------------------------------------- 10. store housekeeping


def dead_pid() -> int:
    """The id of a process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temporary_files_are_cleaned_up(folder: Path) -> None:
    """80 kills left about 450 MB of .tmp files that were never removed; stale ones now go at the next write."""
    folder.mkdir(parents=True)
    old = folder / "progress.json.abc123xy.tmp"  # the old naming: no pid, so its age decides
    dead = folder / f"progress.json.{dead_pid()}-abc.tmp"
    live = folder / f"progress.json.{os.getpid()}-abc.tmp"  # a write in progress in a live process
    other = folder / "drafts.json.abc.tmp"  # another store's: left to that store
    for path in (old, dead, live, other):
        path.write_text("partial", encoding="utf-8")
    os.utime(old, (time.time() - 120, time.time() - 120))
    os.utime(other, (time.time() - 120, time.time() - 120))
    tracker.store().append({"exercise": "01.1"})
    assert sorted(p.name for p in folder.glob("*.tmp")) == sorted([live.name, other.name])
    cache_dir = folder / "cache"
    cache_dir.mkdir(mode=0o700)
    leftover = cache_dir / f".tmp-{dead_pid()}-xyz.tmp"
    leftover.write_text("partial", encoding="utf-8")
    cache.put(cache_dir, "k", {"text": "t", "usage": {}})
    assert not leftover.exists()


def test_three_corruptions_in_one_second_keep_three_backups(folder: Path) -> None:
    """Backups were named by the second and the pid, so a second one replaced the first."""
    folder.mkdir(parents=True)
    store = tracker.store()
    for n in range(3):
        (folder / "progress.json").write_text(f"broken {n}", encoding="utf-8")
        with pytest.warns(UserWarning, match="damaged"):
            store.append({"exercise": "01.1"})
    backups = sorted(p.read_text(encoding="utf-8") for p in folder.glob("progress.json.corrupt-*"))
    assert backups == ["broken 0", "broken 1", "broken 2"]


def test_an_append_writes_one_line_and_never_rewrites_the_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every append rewrote the whole file (658 ms at 50 k records); it now adds one line in place."""
    store = tracker.store()
    store.append({"exercise": "01.1", "i": 0})
    path = folder / "progress.json"
    inode, size = path.stat().st_ino, path.stat().st_size
    monkeypatch.setattr(st.JsonStore, "_parse_file", lambda self: pytest.fail("an append read the whole file"))
    store.append({"exercise": "01.1", "i": 1})
    assert path.stat().st_ino == inode
    assert path.read_bytes()[size:] == b'{"exercise": "01.1", "i": 1}\n'


def test_an_old_progress_document_is_read_and_migrated_without_losing_a_record(folder: Path) -> None:
    folder.mkdir(parents=True)
    old = [{"exercise": "01.1", "passed": True, "learner": "ann"}, {"exercise": "01.2", "passed": False}]
    (folder / "progress.json").write_text(json.dumps({"version": 1, "checks": old}, indent=0), encoding="utf-8")
    assert tracker.store().load() == old
    assert roster.records(folder / "progress.json") == old
    tracker.store().append({"exercise": "02.1", "passed": True})
    assert tracker.store().load() == [*old, {"exercise": "02.1", "passed": True}]
    assert (folder / "progress.json").read_bytes().startswith(b'{"version": 2, "key": "checks"}\n')
    assert not list(folder.glob("progress.json.corrupt-*"))


def test_a_deeply_nested_progress_file_is_backed_up_and_checks_go_on(folder: Path) -> None:
    """A deeply nested progress.json broke every Check for good (RecursionError)."""
    folder.mkdir(parents=True)
    (folder / "progress.json").write_text('{"checks": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.warns(UserWarning, match="nested too deeply"):
        assert reference_check().passed
    assert len(tracker.store().load()) == 1 and len(list(folder.glob("progress.json.corrupt-*"))) == 1


def test_damaged_lines_are_skipped_and_reported(folder: Path) -> None:
    folder.mkdir(parents=True)
    lines = ['{"version": 2, "key": "checks"}', '{"exercise": "01.1"}', "[1, 2]", "{torn", '{"exercise": "01.2"}']
    (folder / "progress.json").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tracker.store()
    assert [r["exercise"] for r in store.load()] == ["01.1", "01.2"]
    assert store.notice == "Skipped 2 damaged records in your progress.json."


def test_a_line_cut_short_by_a_crash_is_dropped_by_the_next_append(folder: Path) -> None:
    store = tracker.store()
    store.append({"exercise": "01.1"})
    with (folder / "progress.json").open("ab") as f:
        f.write(b'{"exercise": "01.2", "fie')
    assert store.load() == [{"exercise": "01.1"}] and store.notice == ""
    store.append({"exercise": "01.3"})
    assert store.load() == [{"exercise": "01.1"}, {"exercise": "01.3"}] and store.notice == ""


def test_kills_mid_append_leave_a_readable_store_with_every_record_in_order(folder: Path) -> None:
    for run in range(6):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(run)], stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(0.05 + 0.03 * run)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    store = tracker.store()
    records = store.load()
    assert store.notice == ""
    for run in range(6):
        got = [r["i"] for r in records if r["run"] == str(run)]
        assert got == list(range(len(got)))
    store.append({"run": "after", "i": 0})
    assert store.load()[-1] == {"run": "after", "i": 0} and store.notice == ""


def test_a_held_lock_costs_seconds_and_a_message_not_a_minute(folder: Path) -> None:
    """A held lock blocked a Check for 62 s; it now waits a few seconds, shows the result and says it was not saved."""
    folder.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder / "progress.json.lock")], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"held\n"
        started = time.monotonic()
        with pytest.warns(UserWarning, match=r"in use by another program.*not saved: Check again"):
            result = reference_check()
        assert result.passed and time.monotonic() - started < st.LOCK_WAIT_S + 20
        assert st.LOCK_WAIT_S <= 10
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert not (folder / "progress.json").exists()
    reference_check()
    assert len(tracker.store().load()) == 1
