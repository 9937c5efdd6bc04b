"""The workshop file (issue 12): precedence and provenance, errors that name the line, doctor, the model
autodetected from an endpoint that serves one, the room's offline switch, open lessons, progress in the room."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import stub_openai

from checker import check, get_exercise, roster
from checker.store import safe_name
from tutor import api, autodetect, config, doctor, workshop
from tutor.errors import TutorError

ONE_MODEL_URL = "http://one-model.invalid/v1"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A workshop file the course reads (through COURSE_WORKSHOP), no .env, use() and autodetect reset."""
    path = tmp_path / "workshop.toml"
    monkeypatch.setenv("COURSE_WORKSHOP", str(path))
    monkeypatch.setenv("TUTOR_ENV_FILE", str(tmp_path / "no.env"))
    monkeypatch.setattr(api, "_overrides", {})
    autodetect.forget()
    yield path
    autodetect.forget()


def write(path: Path, *lines: str) -> Path:
    """Write a workshop file, one setting per line."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- precedence and provenance ----------------------------------------------------------------------

def test_workshop_below_dotenv_below_environment(ws: Path, tmp_path: Path) -> None:
    """Each setting comes from the strongest source that sets it, and says which source and line that was."""
    write(ws, "# the room", 'base_url = "http://room.invalid/v1"', 'model = "room-model"', "timeout = 5",
          "deadline = 30", 'lessons = ["00", 1]', 'room = "/srv/room"')
    dotenv = tmp_path / ".env"
    dotenv.write_text("TUTOR_TIMEOUT=7\nTUTOR_DEADLINE=40\n")
    s = config.load(environ={"TUTOR_DEADLINE": "50"}, dotenv=dotenv)
    assert (s.base_url, s.model, s.timeout, s.deadline) == ("http://room.invalid/v1", "room-model", 7.0, 50.0)
    assert (s.lessons, s.room_dir, s.backend) == (("00", "01"), "/srv/room", "openai")
    assert s.source("base_url") == "workshop file line 2: base_url"
    assert s.source("lessons") == "workshop file line 6: lessons"
    assert s.source("timeout") == ".env: TUTOR_TIMEOUT"
    assert s.source("deadline") == "environment: TUTOR_DEADLINE"
    assert s.source("backend") == "implied by workshop file line 2: base_url"
    assert s.source("max_retries") == "default"


def test_no_workshop_file_changes_nothing(ws: Path) -> None:
    """Without the file every setting keeps its default and every lesson is open."""
    s = config.load(environ={}, dotenv=Path("/nonexistent/.env"))
    assert s.is_offline and s.lessons is None and s.room_dir is None and s.is_open("13")


def test_environment_lists_open_lessons_and_room(ws: Path) -> None:
    """COURSE_LESSONS and COURSE_ROOM_DIR beat the file, as every explicit variable does."""
    write(ws, 'lessons = ["00"]', 'room = "/srv/a"')
    s = config.load(environ={"COURSE_LESSONS": "0, 2 3", "COURSE_ROOM_DIR": "/srv/b"}, dotenv=Path("/x/.env"))
    assert s.lessons == ("00", "02", "03") and s.is_open("02") and not s.is_open("01")
    assert s.room_dir == "/srv/b" and s.source("room_dir") == "environment: COURSE_ROOM_DIR"
    assert config.load(environ={"COURSE_LESSONS": "all"}, dotenv=Path("/x/.env")).lessons is None


def test_key_reference_reads_the_named_variable(ws: Path, planted_key: str) -> None:
    """api_key_env names a variable; the key comes from it (masked in every view), and OPENAI_API_KEY still wins."""
    write(ws, 'base_url = "http://room.invalid/v1"', 'api_key_env = "ROOM_KEY"')
    room_key = "sk-room-" + "k3y" * 10
    s = config.load(environ={"ROOM_KEY": room_key}, dotenv=Path("/x/.env"))
    assert s.api_key == room_key and s.source("api_key") == "workshop file line 2: api_key_env -> $ROOM_KEY"
    assert room_key not in repr(s)
    s = config.load(environ={"ROOM_KEY": room_key, "OPENAI_API_KEY": planted_key}, dotenv=Path("/x/.env"))
    assert s.api_key == planted_key
    assert config.load(environ={}, dotenv=Path("/x/.env")).api_key is None  # the variable is not set


# --- errors that name the file and the line ---------------------------------------------------------

@pytest.mark.parametrize("lines, line, words", [
    (['model = "ok"', "base_url = http://no-quotes/v1"], 2, "not valid TOML"),
    (['model = "ok"', "", 'modle = "typo"'], 3, "'modle', which the course does not know"),
    (['api_key = "sk-abc"'], 1, "must never hold the key itself"),
    (['timeout = "soon"'], 1, "not a usable timeout"),
    (["", 'backend = "gpt"'], 2, "not a backend"),
    (['lessons = ["one"]'], 1, "not a lesson number"),
    (['base_url = "ftp://x"'], 1, "not a web address"),
    (['api_key_env = "sk-123 456"'], 1, "NAME of an environment variable"),
])
def test_malformed_file_names_file_and_line(ws: Path, lines: list[str], line: int, words: str) -> None:
    """A malformed file is a TutorError naming the file, the line and what is wrong, never a traceback."""
    write(ws, *lines)
    with pytest.raises(TutorError) as info:
        api.settings()
    cause = info.value.cause
    assert str(ws) in cause and f"line {line}" in cause.lower() and words in cause, cause
    assert "sk-abc" not in str(info.value)


def test_syntax_error_quotes_the_line(ws: Path) -> None:
    """The TOML parser's line number is turned into the line's own text."""
    write(ws, 'model = "ok"', "lessons = [00, 01")
    with pytest.raises(TutorError, match=r"Line 2: 'lessons = \[00, 01'"):
        api.settings()


# --- doctor -------------------------------------------------------------------------------------

def test_doctor_shows_the_workshop_source_of_each_setting(ws: Path, server) -> None:
    """doctor names the workshop file, and the line each setting came from."""
    write(ws, f'base_url = "{server.url("ok")}"', 'model = "alpha-model"', 'lessons = ["00", "01"]',
          'room = "/srv/room"')
    lines: list[str] = []
    assert doctor.run(lines.append) == 0, "\n".join(lines)
    text = "\n".join(lines)
    assert f"{ws}" in text and "(found)" in text
    assert "(workshop file line 1: base_url)" in text and "(workshop file line 2: model)" in text
    assert "00, 01" in text and "(workshop file line 3: lessons)" in text and "/srv/room" in text
    assert "default < workshop file < .env" in text


def test_doctor_notes_an_unset_key_variable(ws: Path, server, monkeypatch: pytest.MonkeyPatch) -> None:
    """doctor says when the variable the workshop names for the key is not set."""
    write(ws, f'base_url = "{server.url("ok")}"', 'model = "alpha-model"', 'api_key_env = "ROOM_KEY"')
    monkeypatch.delenv("OPENAI_API_KEY")
    lines: list[str] = []
    doctor.run(lines.append)
    assert "the variable ROOM_KEY, which is not set" in "\n".join(lines)
    monkeypatch.setenv("ROOM_KEY", "sk-room-key-0123456789")
    lines.clear()
    assert doctor.run(lines.append) == 0 and "ROOM_KEY, which is not set" not in "\n".join(lines)


def test_doctor_reports_a_malformed_workshop_file(ws: Path) -> None:
    """doctor with a broken workshop file: the file and line, exit 1."""
    write(ws, "model = ")
    lines: list[str] = []
    assert doctor.run(lines.append) == 1
    assert str(ws) in "\n".join(lines) and "line 1" in "\n".join(lines)


# --- the model autodetected from an endpoint that serves exactly one ----------------------------------

def models_handler(models: list[str]):
    """An endpoint that lists `models` and answers each chat request naming the model it was asked for."""
    def handle(request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("/models"):
            return httpx2.Response(200, json={"object": "list", "data": [{"id": m, "object": "model"} for m in models]})
        asked = json.loads(request.content)["model"]
        if asked not in models:
            return httpx2.Response(404, json={"error": {"message": f"model {asked} not found"}})
        return httpx2.Response(200, json=stub_openai.completion(f"answer from {asked}", model=asked))
    return handle


def test_the_only_model_is_used_and_announced_once(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No model set, one served: it is asked for, the first reply says so, and the list is fetched once."""
    write(ws, f'base_url = "{ONE_MODEL_URL}"')
    stub = stub_openai.install(monkeypatch, models_handler(["tiny-llama"]))
    first = api.ask("Hello", stream=False)
    second = api.ask("Hello again", stream=False)
    assert first.model == second.model == "tiny-llama" and first.text == "answer from tiny-llama"
    assert "serves exactly one, 'tiny-llama'" in first.notice and "TUTOR_MODEL" in first.notice
    assert second.notice == "" and "tiny-llama" in repr(first) and first.notice in repr(first)
    paths = [r.url.path for r in stub.requests]
    assert paths.count("/v1/models") == 1 and [b["model"] for b in stub.bodies if b] == ["tiny-llama"] * 2


def test_doctor_says_the_model_was_autodetected(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """doctor shows the autodetected model as the model used, and where it came from."""
    write(ws, f'base_url = "{ONE_MODEL_URL}"')
    stub_openai.install(monkeypatch, models_handler(["tiny-llama"]))
    lines: list[str] = []
    assert doctor.run(lines.append) == 0, "\n".join(lines)
    text = "\n".join(lines)
    assert f"(autodetected: the only model {ONE_MODEL_URL} serves)" in text and "model used   tiny-llama" in text


@pytest.mark.parametrize("served, configured, expected", [
    (["a-model", "b-model"], None, config.DEFAULT_LIVE_MODEL),  # several: no guess
    ([], None, config.DEFAULT_LIVE_MODEL),  # none listed: no guess
    (["tiny-llama"], "chosen", "chosen"),  # a model set is never replaced
])
def test_no_guess_unless_exactly_one(ws: Path, monkeypatch: pytest.MonkeyPatch, served: list[str],
                                     configured: str | None, expected: str) -> None:
    """Autodetect only fills in a missing model, and only from a list of exactly one."""
    write(ws, f'base_url = "{ONE_MODEL_URL}"', *([f'model = "{configured}"'] if configured else []))
    stub = stub_openai.install(monkeypatch, models_handler([*served, expected]) if configured else
                               models_handler(served))
    try:
        api.ask("Hello", stream=False)
    except TutorError:
        pass  # the default model is not served: the 404 explains it (tested elsewhere)
    assert [b["model"] for b in stub.bodies if b] == [expected]
    if configured:
        assert not [r for r in stub.requests if r.url.path.endswith("/models")]


def test_a_failed_lookup_is_not_kept(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An endpoint that could not list its models is asked again after RETRY_AFTER_S, not given up on."""
    write(ws, f'base_url = "{ONE_MODEL_URL}"')
    up = {"now": False}

    def flaky(request: httpx2.Request) -> httpx2.Response:
        if not up["now"]:
            return httpx2.Response(503, json={"error": {"message": "loading"}})
        return models_handler(["tiny-llama"])(request)
    stub_openai.install(monkeypatch, flaky)
    s = api.settings()
    assert autodetect.only_model(s) is None
    up["now"] = True
    assert autodetect.only_model(s) is None  # within RETRY_AFTER_S: the answer is kept
    monkeypatch.setattr(autodetect, "RETRY_AFTER_S", 0.0)
    assert autodetect.only_model(s) == "tiny-llama"


# --- the room's offline switch -----------------------------------------------------------------------

def test_offline_switch_reaches_a_running_kernel(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`offline --room` writes one line; settings read on the next call switch, with no restart; `online` undoes it."""
    write(ws, "# room file", f'base_url = "{ONE_MODEL_URL}"', 'model = "m"', 'lessons = ["00"]')
    before = ws.read_text()
    assert not api.settings().is_offline
    workshop.set_backend(ws, "offline")
    s = api.settings()
    assert s.is_offline and s.source("backend") == "workshop file line 1: backend"
    assert api.ask("Hello").backend == "offline"
    workshop.set_backend(ws, "offline")  # twice is the same as once
    assert ws.read_text().count("backend") == 1 + workshop.SWITCH_NOTE.count("backend")
    workshop.set_backend(ws, None)
    assert ws.read_text() == before and not api.settings().is_offline
    ws.write_text(before + 'backend = "offline"\n')  # an edit in place, as an editor saves it, is seen too
    assert api.settings().is_offline


def test_offline_switch_beats_an_endpoint_set_in_the_environment(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hub that gives every learner OPENAI_BASE_URL still goes offline: the switch sets the backend itself."""
    monkeypatch.setenv("OPENAI_BASE_URL", ONE_MODEL_URL)
    write(ws, 'lessons = ["00"]')
    assert not api.settings().is_offline
    workshop.set_backend(ws, "offline")
    assert api.settings().is_offline
    monkeypatch.setenv("TUTOR_BACKEND", "openai")  # a learner's own explicit choice still wins
    assert not api.settings().is_offline


def test_offline_switch_command(ws: Path) -> None:
    """`python -m tutor offline --room` and `online --room` from a shell, on the file the course finds."""
    write(ws, f'base_url = "{ONE_MODEL_URL}"')
    env = dict(os.environ, COURSE_WORKSHOP=str(ws))
    done = subprocess.run([sys.executable, "-m", "tutor", "offline", "--room"], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 0 and "nobody needs to restart" in done.stdout, done.stdout + done.stderr
    assert workshop.read(ws).values["backend"] == "offline"
    done = subprocess.run([sys.executable, "-m", "tutor", "online", "--room"], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 0 and "backend" not in workshop.read(ws).values


def test_offline_switch_refuses_a_broken_file(ws: Path) -> None:
    """A file that does not parse is left as it is, with the reason."""
    write(ws, "model = ")
    with pytest.raises(workshop.WorkshopError, match="line 1"):
        workshop.set_backend(ws, "offline")
    assert ws.read_text() == "model = \n"


# --- open lessons, and progress in the room ---------------------------------------------------------

def test_closed_lesson_is_not_graded(ws: Path, tmp_path: Path) -> None:
    """An exercise of a lesson the workshop has not opened: a kind message, no grading, nothing recorded."""
    write(ws, 'lessons = ["00"]', f'room = "{tmp_path / "room"}"')
    ex = get_exercise("01.1")
    result = check("01.1", prompt=ex.reference.get("prompt"))
    assert "Lesson 01 is not open yet" in result.problem and not result.outcomes
    assert not (tmp_path / "room").exists()
    opened = check("00.1", prompt=get_exercise("00.1").reference.get("prompt"))
    assert opened.passed and opened.outcomes


def test_progress_lands_in_the_room(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a room, a Check writes ROOM/<learner>.progress.json, one file per learner."""
    room = tmp_path / "room"
    room.mkdir(mode=0o1733)  # the instructor creates the room, like /tmp; a learner's Check never does
    write(ws, f'room = "{room}"')
    for who in ("ada", "grace hopper"):
        monkeypatch.setenv("COURSE_LEARNER", who)
        assert check("00.1", prompt=get_exercise("00.1").reference.get("prompt")).passed
    names = sorted(p.name for p in room.glob("*.progress.json"))
    assert names == ["ada.progress.json", "grace_hopper.progress.json"]
    records = roster.records(room / "ada.progress.json")
    assert [(r["exercise"], r["learner"], r["passed"]) for r in records] == [("00.1", "ada", True)]


@pytest.mark.parametrize("user, name", [("ada", "ada"), ("a b/c", "a_b_c"), ("..", "_."), ("", "_"),
                                        ("józef", "j_zef"), ("x.y-z_1", "x.y-z_1")])
def test_safe_name(user: str, name: str) -> None:
    """Learner names become file names: letters, digits, '.', '_', '-'; never empty or hidden."""
    assert safe_name(user) == name
