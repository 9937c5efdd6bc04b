"""The live path over real HTTP: a real OpenAI-compatible engine (llama.cpp) serving a tiny random model."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import tiny_gguf

from tutor import api, client, config

pytestmark = pytest.mark.llama

ALIAS = "tiny-llama"
START_TIMEOUT_S = 60.0
startup: dict[str, float] = {}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _require_llama_cpp() -> None:
    """Fail in CI, skip elsewhere, when llama-cpp-python is not installed."""
    try:
        import llama_cpp  # noqa: F401
    except ImportError as exc:
        reason = f"llama-cpp-python is not installed ({exc}); run `make install-test` (or deselect with -m 'not llama')"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the llama tests: {reason}")
        pytest.skip(reason)


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    """Poll /v1/models until it answers; fail with the server's log if it dies or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"llama_cpp.server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx2.get(f"{url}/models", timeout=1.0).status_code == 200:
                return
        except httpx2.HTTPError:
            pass
        time.sleep(0.1)
    pytest.fail(f"llama_cpp.server did not answer within {START_TIMEOUT_S:.0f} s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Terminate the server, killing it if it will not stop."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory, run_dir: Path) -> Iterator[str]:
    """A llama.cpp server on 127.0.0.1 serving a freshly written tiny GGUF model; yields its base URL."""
    _require_llama_cpp()
    started = time.perf_counter()
    model = tiny_gguf.write(tmp_path_factory.mktemp("gguf") / "tiny.gguf")
    startup["gguf_bytes"] = model.stat().st_size
    port = free_port()
    log = run_dir / "logs" / "llama-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
           "--port", str(port), "--model_alias", ALIAS, "--n_ctx", "512", "--verbose", "false"]
    with log.open("w") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_up(url, proc, log)
        startup["seconds"] = time.perf_counter() - started
        print(f"\nllama server up in {startup['seconds']:.2f} s ({startup['gguf_bytes']} byte model)")
        yield url
    finally:
        _stop(proc)


@pytest.fixture
def live(llama_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the course at the llama server through the environment, as a learner would."""
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server)
    monkeypatch.setenv("TUTOR_MODEL", ALIAS)
    monkeypatch.setenv("TUTOR_TIMEOUT", "30")
    monkeypatch.setattr(api, "_overrides", {})
    return llama_server


def test_model_file_is_tiny(llama_server: str) -> None:
    """The test writes its own model, and it stays small."""
    assert 0 < startup["gguf_bytes"] < 500_000


def test_ask_returns_the_engines_text(live: str) -> None:
    """ask() goes through OPENAI_BASE_URL to the engine and says who answered."""
    reply = api.ask("Tell me about llamas.", max_tokens=12)
    assert api.settings().backend == config.LIVE
    assert reply.backend == "openai"
    assert reply.model == ALIAS
    assert reply.text and "offline teaching model" not in reply.text
    assert reply.cached is False
    assert "live" in reply.badge and ALIAS in reply.badge


def test_usage_is_counted(live: str) -> None:
    """The engine reports prompt and completion tokens."""
    reply = api.ask("Count my tokens, please.", max_tokens=6)
    assert reply.usage.prompt_tokens > 0
    assert 0 < reply.usage.completion_tokens
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_max_tokens_cuts_off_with_length(live: str) -> None:
    """A small max_tokens ends the reply with finish_reason 'length'."""
    reply = api.ask("Write a long story.", max_tokens=3)
    assert reply.finish_reason == "length"
    assert "cut off at max_tokens" in reply.badge


def test_stream_in_terminal_prints_pieces(live: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """ask(stream=True) in a terminal prints the text as it arrives, then returns the whole reply."""
    monkeypatch.setenv("TUTOR_CACHE", "0")
    reply = api.ask("Stream to me.", max_tokens=10, stream=True)
    printed = capsys.readouterr().out
    assert reply.text and printed == reply.text + "\n"
    assert reply.finish_reason == "length" and reply.backend == "openai"


def test_stream_via_complete_delivers_pieces(live: str) -> None:
    """client.complete(on_text=...) hands over several pieces that add up to the reply."""
    pieces: list[str] = []
    s = config.override(api.settings(), cache=False)
    request = client.Request([{"role": "user", "content": "Piece by piece."}], ALIAS, max_tokens=10)
    reply = client.complete(s, request, on_text=pieces.append)
    assert len(pieces) >= 2
    assert "".join(pieces) == reply.text
    assert reply.usage.completion_tokens > 0


def test_second_identical_call_is_cached(live: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second identical request comes from the cache, without contacting the server."""
    first = api.ask("Cache this, please.", max_tokens=8)
    assert first.cached is False

    def no_network(_settings: config.Settings) -> None:
        raise AssertionError("the server was contacted for a cached request")

    monkeypatch.setattr(client, "openai_client", no_network)
    second = api.ask("Cache this, please.", max_tokens=8)
    assert second.cached is True
    assert (second.text, second.model, second.finish_reason) == (first.text, first.model, first.finish_reason)
    assert second.usage == first.usage
    assert "cached" in second.badge


def test_doctor_against_the_engine(live: str, planted_key: str) -> None:
    """`python -m tutor doctor` reaches the engine, names endpoint and model, and exits 0."""
    done = subprocess.run([sys.executable, "-m", "tutor", "doctor"], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ))
    assert done.returncode == 0, done.stdout + done.stderr
    assert live in done.stdout and ALIAS in done.stdout
    assert "round trip" in done.stdout and "All good." in done.stdout
    assert planted_key not in done.stdout + done.stderr
    assert config.mask_key(planted_key) in done.stdout


def test_workshop_file_end_to_end(llama_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A workshop file that names only the endpoint: the one model is found, a Check runs, progress lands in the room."""
    from checker import check, get_exercise, roster
    from tutor import autodetect

    room = tmp_path / "room"
    room.mkdir(mode=0o1733)  # the instructor creates the room
    workshop = tmp_path / "workshop.toml"
    workshop.write_text(f'base_url = "{llama_server}"\ntimeout = 30\nroom = "{room}"\nlessons = ["00"]\n')
    monkeypatch.setenv("COURSE_WORKSHOP", str(workshop))
    monkeypatch.setenv("COURSE_LEARNER", "ws-learner")
    monkeypatch.setattr(api, "_overrides", {})
    autodetect.forget()
    done = subprocess.run([sys.executable, "-m", "tutor", "doctor"], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{ALIAS:<40} (autodetected: the only model {llama_server} serves)" in done.stdout, done.stdout
    assert "(workshop file line 1: base_url)" in done.stdout and "All good." in done.stdout

    result = check("00.1", prompt=get_exercise("00.1").reference["prompt"])
    assert result.outcomes and result.reply is not None, str(result)
    assert (result.reply.backend, result.reply.model) == ("openai", ALIAS)
    assert "serves exactly one" in result.reply.notice
    records = roster.records(room / "ws-learner.progress.json")
    assert [(r["exercise"], r["learner"], r["backend"], r["model"]) for r in records] == \
        [("00.1", "ws-learner", "openai", ALIAS)]
    closed = check("01.1", prompt=get_exercise("01.1").reference["prompt"])
    assert "not open yet" in closed.problem and len(roster.records(room / "ws-learner.progress.json")) == 1
    autodetect.forget()
