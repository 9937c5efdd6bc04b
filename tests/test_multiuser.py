"""Issue 11, item 5: two real Unix users share a workshop room; neither can read, break or change the other's
progress or cached replies, and a reply planted where another user can write is never trusted.

The test creates two users (root only; skipped otherwise) and runs tests/multiuser_child.py as each, with a
copy of the course code in a temporary folder they can read. Each has a private COURSE_DATA_DIR and
TUTOR_CACHE_DIR; COURSE_ROOM_DIR is a room made like /tmp (root's, mode 1733).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("multiuser_child.py")

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                       reason="needs root to create two Unix users (run the suite as root, e.g. in CI's container)"),
    pytest.mark.skipif(shutil.which("useradd") is None or shutil.which("userdel") is None,
                       reason="needs useradd and userdel to create two Unix users"),
]


@dataclass(frozen=True)
class User:
    """A throw-away Unix user and the course folders that are theirs."""

    name: str
    uid: int
    gid: int
    data: Path
    cache: Path


@dataclass(frozen=True)
class Room:
    """The shared set-up: a readable copy of the code, the interpreter to run it with, the room folder."""

    base: Path
    python: list[str]
    room: Path


def _interpreter(uid: int, gid: int) -> list[str]:
    """This interpreter if another user may run it, else the system Python of the same version (skip if none)."""
    for exe in (sys.executable, f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"):
        try:
            subprocess.run([exe, "-s", "-c", "pass"], user=uid, group=gid, extra_groups=[], check=True,
                           capture_output=True, timeout=60)
            return [exe, "-s"]
        except (OSError, subprocess.SubprocessError):
            continue
    pytest.skip("no Python interpreter that the test users may run (this one lives in a private folder)")


def _make_user(base: Path, tag: str) -> User:
    """Create a Unix user and a home folder of theirs under base (the course makes its data and cache folders there)."""
    name = f"pc11{tag}{uuid.uuid4().hex[:6]}"
    subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True, capture_output=True)
    import pwd

    entry = pwd.getpwnam(name)
    home = base / f"home-{name}"
    home.mkdir()
    os.chown(home, entry.pw_uid, entry.pw_gid)
    return User(name, entry.pw_uid, entry.pw_gid, home / "data", home / "cache")


@pytest.fixture(scope="module")
def setup() -> Iterator[tuple[Room, User, User]]:
    """Two users, a readable copy of the course code, and a sticky room; all removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix="course-multiuser-"))
    users: list[User] = []
    try:
        for package in ("checker", "tutor"):
            shutil.copytree(REPO / package, base / "code" / package, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(CHILD, base / "code" / CHILD.name)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(base / "code")], check=True)
        for path in [base, *base.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        room = base / "room"
        room.mkdir()
        room.chmod(0o1733)
        users = [_make_user(base, "a"), _make_user(base, "b")]
        yield Room(base, _interpreter(users[0].uid, users[0].gid), room), users[0], users[1]
    finally:
        for user in users:
            subprocess.run(["userdel", user.name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def run_as(setup: tuple[Room, User, User], user: User, *steps: list[str]) -> list[dict]:
    """Run multiuser_child steps ([action, args...]) as user in one process; each step's JSON findings."""
    room = setup[0]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(user.data.parent), "USER": user.name, "LOGNAME": user.name,
           "LANG": "C.UTF-8", "PYTHONPATH": os.pathsep.join([str(room.base / "code"), sysconfig.get_paths()["purelib"]]),
           "PYTHONDONTWRITEBYTECODE": "1", "COURSE_ROOM_DIR": str(room.room), "COURSE_DATA_DIR": str(user.data),
           "TUTOR_CACHE_DIR": str(user.cache), "TUTOR_ENV_FILE": str(room.base / "no.env")}
    done = subprocess.run([*room.python, str(room.base / "code" / CHILD.name), json.dumps(steps)], env=env,
                          cwd=room.base, user=user.uid, group=user.gid, extra_groups=[], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["uid"] == user.uid
    return found["results"]


def digest(path: Path) -> str:
    """The sha256 of a file's bytes (read as root)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_private(path: Path, user: User) -> None:
    """The path belongs to user and only they can read or write it."""
    st = path.stat()
    assert st.st_uid == user.uid and stat.S_IMODE(st.st_mode) & 0o077 == 0, (path, oct(st.st_mode))


DENIED = {"PermissionError", "no-write"}  # what another user's attempt may end in


@pytest.fixture(scope="module")
def checked(setup: tuple[Room, User, User]) -> dict[str, list[dict]]:
    """Each learner's first Check, whichever test runs first (the room files exist from here on)."""
    return {user.name: run_as(setup, user, ["check"]) for user in setup[1:]}


def test_each_learner_writes_only_their_own_room_file(setup, checked) -> None:
    room, a, b = setup
    for user in (a, b):
        [found] = checked[user.name]
        assert found["passed"] and found["attempts"] == 1 and found["warnings"] == []
        assert_private(room.room / f"{user.name}.progress.json", user)
        assert_private(room.room / f"{user.name}.progress.json.lock", user)
        assert_private(user.data, user)
        assert_private(user.data / "library.json", user)
    assert sorted(p.name for p in room.room.iterdir()) == sorted(
        f"{u.name}.progress.json{lock}" for u in (a, b) for lock in ("", ".lock"))


def test_no_learner_can_read_break_or_change_another_ones_progress(setup, checked) -> None:
    room, a, b = setup
    theirs = [room.room / f"{a.name}.progress.json", room.room / f"{a.name}.progress.json.lock"]
    library = a.data / "library.json"
    collected = room.base / "collected"  # an instructor's folder holding a's file as a left it (0600)
    collected.mkdir(mode=0o755, exist_ok=True)
    shutil.copy2(theirs[0], collected / theirs[0].name)
    os.chown(collected / theirs[0].name, a.uid, a.gid)
    before = [digest(p) for p in [*theirs, library]]
    attacked, private_data, squat, room_list, folder_list = run_as(
        setup, b, ["attack", *map(str, theirs)], ["attack", str(library)], ["check", a.name],
        ["list", str(room.room)], ["list", str(collected)])
    for path in theirs:
        assert attacked[str(path)] == dict.fromkeys(("read", "append", "chmod", "replace", "delete"), "PermissionError")
    assert set(private_data[str(library)].values()) <= DENIED
    assert squat["passed"] and any("not saved" in w for w in squat["warnings"])  # b claims a's name: refused
    assert [digest(p) for p in [*theirs, library]] == before
    assert room_list == {"files": [], "problems": ["room: cannot be listed (Permission denied)"]}  # 1733: no listing
    assert folder_list["problems"] == [f"{a.name}.progress.json: cannot be read (Permission denied)"]
    [again] = run_as(setup, a, ["check"])
    assert again["warnings"] == [] and again["attempts"] >= 2


def test_no_learner_can_read_or_change_another_ones_cached_replies(setup, checked) -> None:
    room, a, b = setup
    first, second = run_as(setup, a, ["ask", "a's reply"], ["ask", "a's reply"])
    assert (first["cached"], second["cached"], second["text"]) == (False, True, "a's reply")
    entries = list(a.cache.glob("*.json"))
    assert len(entries) == 1
    assert_private(a.cache, a)
    assert_private(entries[0], a)
    before = digest(entries[0])
    [found] = run_as(setup, b, ["attack", str(entries[0])])
    assert set(found[str(entries[0])].values()) <= DENIED
    assert digest(entries[0]) == before
    assert run_as(setup, a, ["ask", "a's reply"])[0]["cached"]


@pytest.mark.parametrize("shared_mode", [0o777, 0o1777], ids=["0777", "1777"])
def test_a_reply_planted_where_another_user_can_write_is_never_trusted(setup, checked, shared_mode: int) -> None:
    room, a, b = setup
    shared = room.base / f"shared-{shared_mode:o}"  # a's own folder, carelessly left writable by others
    shared.mkdir()
    os.chown(shared, a.uid, a.gid)
    shared.chmod(shared_mode)
    run_as(setup, b, ["plant", str(shared), "PLANTED by b"])
    [found] = run_as(setup, User(a.name, a.uid, a.gid, a.data, shared), ["ask", "a's own reply"])
    assert (found["text"], found["cached"]) == ("a's own reply", False)
    assert any("not used" in w for w in found["warnings"])
