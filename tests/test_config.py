"""Settings precedence (defaults < .env < environment < use()), masking wherever settings are shown, doctor."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor import api, config, doctor
from tutor.errors import TutorError

NOTHING = Path("/nonexistent/.env")


@pytest.fixture
def env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A .env file the course reads (through TUTOR_ENV_FILE), and use() reset."""
    path = tmp_path / ".env"
    monkeypatch.setenv("TUTOR_ENV_FILE", str(path))
    monkeypatch.setattr(api, "_overrides", {})
    return path


def test_defaults() -> None:
    """With nothing configured: the offline model, 60 s, 3 retries, cache on, every source 'default'."""
    s = config.load(environ={}, dotenv=NOTHING)
    assert (s.backend, s.model, s.api_key, s.base_url) == ("offline", None, None, None)
    assert (s.timeout, s.max_retries, s.cache) == (60.0, 3, True)
    assert s.model_name == config.OFFLINE_MODEL and s.is_offline
    assert all(s.source(name) == "default" for name in config.ENV_VARS)


def test_dotenv_then_environment(tmp_path: Path) -> None:
    """.env values apply, the environment beats them, and each records where it came from."""
    dotenv = tmp_path / ".env"
    dotenv.write_text("TUTOR_MODEL=from-dotenv\nTUTOR_TIMEOUT=5\nTUTOR_BACKEND=openai\nOPENAI_API_KEY=\n")
    s = config.load(environ={"TUTOR_TIMEOUT": "7"}, dotenv=dotenv)
    assert (s.model, s.timeout, s.backend) == ("from-dotenv", 7.0, "openai")
    assert s.source("model") == ".env: TUTOR_MODEL"
    assert s.source("timeout") == "environment: TUTOR_TIMEOUT"
    assert s.source("api_key") == "default"  # an empty value counts as unset


def test_use_beats_environment(env_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """use() overrides the environment, says who answers now, and use() with no arguments undoes it."""
    env_file.write_text("TUTOR_MODEL=dotenv-model\n")
    monkeypatch.setenv("TUTOR_BACKEND", "openai")
    monkeypatch.setenv("TUTOR_MODEL", "env-model")
    assert api.settings().model == "env-model"
    api.use(model="use-model")
    assert api.settings().model == "use-model" and api.settings().source("model") == "tutor.use()"
    assert "use-model" in capsys.readouterr().out
    api.use("offline")
    assert api.settings().is_offline and api.settings().model is None
    api.use()
    assert api.settings().model == "env-model"


def test_base_url_implies_live(monkeypatch: pytest.MonkeyPatch) -> None:
    """OPENAI_BASE_URL alone means the live backend; an explicit TUTOR_BACKEND still wins."""
    s = config.load(environ={"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1/"}, dotenv=NOTHING)
    assert s.backend == "openai" and s.endpoint == "http://127.0.0.1:8080/v1"
    assert s.source("backend") == "implied by environment: OPENAI_BASE_URL"
    s = config.load(environ={"OPENAI_BASE_URL": "http://x/v1", "TUTOR_BACKEND": "offline"}, dotenv=NOTHING)
    assert s.is_offline
    assert config.override(config.load(environ={}, dotenv=NOTHING), base_url="http://y/v1").backend == "openai"


def test_env_file_variable(env_file: Path) -> None:
    """TUTOR_ENV_FILE chooses the .env file."""
    env_file.write_text("TUTOR_MAX_RETRIES=9\n")
    assert config.env_file() == env_file and config.load().max_retries == 9


@pytest.mark.parametrize("var, value, words", [
    ("TUTOR_BACKEND", "gpt", "not a backend"),
    ("TUTOR_TIMEOUT", "soon", "not a number"),
    ("TUTOR_TIMEOUT", "0", "must be positive"),
    ("TUTOR_MAX_RETRIES", "-1", "must be positive"),
    ("TUTOR_CACHE", "maybe", "should be 1 or 0"),
])
def test_bad_values_explain_themselves(env_file: Path, monkeypatch: pytest.MonkeyPatch, var: str, value: str, words: str) -> None:
    """A bad value names the variable, where it came from and what would work, as a TutorError for learners."""
    monkeypatch.setenv(var, value)
    with pytest.raises(TutorError) as info:
        api.settings()
    assert var in info.value.cause and words in info.value.cause and "environment" in info.value.cause


def test_use_rejects_unknown_backend(env_file: Path) -> None:
    """use('gpt') is refused and leaves the settings as they were."""
    with pytest.raises(TutorError, match="not a backend"):
        api.use("gpt")
    assert api.settings().is_offline


@pytest.mark.parametrize("key", ["sk-proj-abcdefghijklmnopqrstuvwxyz0123", "short-key", "sk-planted-" + "x" * 40])
def test_mask_key_hides_the_key(key: str) -> None:
    """A masked key keeps at most a 3-character prefix and the last 4 characters."""
    masked = config.mask_key(key)
    assert key not in masked and len(masked.replace("…", "")) <= 7
    assert config.mask_key(None) == config.mask_key("") == "(not set)"


def test_repr_of_settings_masks_the_key(planted_key: str) -> None:
    """repr/str of Settings, and the sources, never show the key."""
    s = config.load()
    assert s.api_key == planted_key
    for shown in (repr(s), str(s), f"{s}", str(dict(s.sources)), api.describe(s)):
        assert planted_key not in shown
    assert config.mask_key(planted_key) in repr(s)


def test_doctor_offline_masks_key_and_passes(planted_key: str, env_file: Path) -> None:
    """doctor offline: every setting with its source, the key masked, a round trip, exit 0."""
    lines: list[str] = []
    assert doctor.run(lines.append) == 0
    text = "\n".join(lines)
    assert planted_key not in text and config.mask_key(planted_key) in text
    assert "environment: OPENAI_API_KEY" in text and "(default)" in text
    assert "round trip" in text and "All good." in text
    assert "A key alone never switches backends" in text  # the planted key is set, the backend is offline


def test_doctor_says_what_to_fix(planted_key: str, env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """doctor with an endpoint nobody listens on: the cause, the fix, exit 1, key still masked."""
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("TUTOR_TIMEOUT", "2")
    lines: list[str] = []
    assert doctor.run(lines.append) == 1
    text = "\n".join(lines)
    assert "Could not connect" in text and "How to fix" in text and planted_key not in text


def test_doctor_bad_setting(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """doctor with a bad value says which and exits 1."""
    monkeypatch.setenv("TUTOR_BACKEND", "bogus")
    lines: list[str] = []
    assert doctor.run(lines.append) == 1 and "TUTOR_BACKEND" in "\n".join(lines)


def test_command_line(planted_key: str) -> None:
    """`python -m tutor doctor | ask | cache clear` run offline, exit 0 and never print the key."""
    for args in (["doctor"], ["ask", "Hello there"], ["cache", "clear"]):
        done = subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True, timeout=60,
                              env=dict(os.environ))
        assert done.returncode == 0, done.stdout + done.stderr
        assert planted_key not in done.stdout + done.stderr
    assert "offline" in done.stdout or "Removed" in done.stdout
