"""Issue 11 hardening: each test reproduces one probe finding (it failed before the fix) and pins the fix."""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import fault_server
import httpx2
import nbformat
import pytest
import stub_openai

import checker
from checker import cli, csvsafe, grading, isolation, submissions
from tutor import api, cache, client, config, doctor, redact, retry
from tutor.errors import TutorError


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


# ---------------------------------------------------------------- 1. a crafted submission cannot stop the gradebook


def raw_notebook(path: Path, text: str) -> Path:
    """Write a notebook file's text as is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_long_chain_of_additions_is_folded_without_recursion(tmp_path: Path) -> None:
    """A 1,000-term "a" + "a" + ... raised RecursionError; it is now folded iteratively."""
    path = notebook(tmp_path / "nb.ipynb", ["prompt = " + " + ".join(['"a"'] * 1000) + "\nexercise('01.1', prompt=prompt)"])
    assert submissions.answers(path) == {"01.1": {"prompt": "a" * 1000}}


def test_doubling_strings_are_capped_not_grown(tmp_path: Path) -> None:
    """40 x `a = a + a` grew to 600 MB and a MemoryError; folding stops at MAX_FOLDED_CHARS."""
    cells = ["a = 'aaaaaaaaaaaaaaaa'\n" + "a = a + a\n" * 40 + "exercise('01.1', prompt=a)\nexercise('01.2', prompt='ok')"]
    path = notebook(tmp_path / "nb.ipynb", cells)
    assert path.stat().st_size < 2000
    found = submissions.answers(path)
    assert found == {"01.1": {}, "01.2": {"prompt": "ok"}}


def test_a_list_cell_source_with_non_text_is_skipped(tmp_path: Path) -> None:
    """A cell source that is a list of non-strings gave a TypeError; that cell is now ignored."""
    nb = {"cells": [{"cell_type": "code", "source": [1, {"x": 2}]},
                    {"cell_type": "code", "source": ["prompt = 'hi'\n", "exercise('01.1', prompt=prompt)"]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = raw_notebook(tmp_path / "nb.ipynb", json.dumps(nb))
    assert submissions.answers(path) == {"01.1": {"prompt": "hi"}}


def test_deeply_nested_json_is_a_notebook_error(tmp_path: Path) -> None:
    """Deeply nested JSON gave a RecursionError; it is now a NotebookError with a reason."""
    path = raw_notebook(tmp_path / "nb.ipynb", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(submissions.NotebookError, match="nested too deeply"):
        submissions.answers(path)


def test_collect_catches_everything_per_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`collect` caught only NotebookError: any other failure in one notebook now skips just that one."""
    notebook(tmp_path / "a.ipynb", ["exercise('01.1', prompt='fine')"])
    notebook(tmp_path / "b.ipynb", ["exercise('01.1', prompt='boom')"])
    real = submissions.answers

    def flaky(path: Path) -> dict:
        if path.name == "b.ipynb":
            raise MemoryError
        return real(path)

    monkeypatch.setattr(submissions, "answers", flaky)
    subs, bad = submissions.collect(tmp_path)
    assert [s.origin for s in subs] == ["a.ipynb"] and bad == [("b.ipynb", "could not be read (MemoryError)")]


# ---------------------------------------------------------------- 9. answers written in ordinary Python


@pytest.mark.parametrize("cell, expected", [
    ("prompt = 'Sum'\nprompt += 'marise.'\nexercise('01.1', prompt=prompt)", {"prompt": "Summarise."}),
    ("prompt: str = 'Annotated.'\nexercise('01.1', prompt=prompt)", {"prompt": "Annotated."}),
    ("exercise(exercise_id='01.1', prompt='By keyword.')", {"prompt": "By keyword."}),
    ("display(exercise('01.1', prompt='Wrapped.'))", {"prompt": "Wrapped."}),
    ("w = checker.exercise(exercise_id='01.1', system='S', prompt='Both.')", {"system": "S", "prompt": "Both."}),
    ("prompt = 'old'\nprompt += unknown()\nexercise('01.1', prompt=prompt)", {}),
])
def test_ordinary_python_answers_are_understood(tmp_path: Path, cell: str, expected: dict) -> None:
    """`+=`, `prompt: str =`, a keyword exercise id and wrapped calls grade the value the learner meant."""
    path = notebook(tmp_path / "nb.ipynb", [cell])
    assert submissions.answers(path) == {"01.1": expected}


# ---------------------------------------------------------------- 1. isolation: bounded time, memory and recursion


def _sleep_forever() -> None:
    """Work that never ends."""
    threading.Event().wait()


def _recurse(n: int = 0) -> int:
    """Work that recurses without end."""
    return _recurse(n + 1) + 1


def _hog_memory() -> int:
    """Work that asks for 2 GB."""
    return len(bytearray(2 * 2**30))


def _exit_7() -> None:
    """Work that ends its process."""
    os._exit(7)


def _key_error() -> None:
    """Work with an ordinary bug."""
    raise KeyError("missing")


def _ok() -> dict:
    """Work that succeeds."""
    return {"ok": [1, 2]}


@pytest.mark.skipif(not isolation.can_fork(), reason="isolation needs fork")
@pytest.mark.parametrize("work, limits, reason", [
    (_hog_memory, isolation.Limits(memory_mb=200), "needed more than 200 MB of memory"),
    (_sleep_forever, isolation.Limits(seconds=1), "took longer than 1 s"),
    (_recurse, isolation.Limits(recursion=500), "nested too deeply"),
    (_exit_7, isolation.Limits(), "stopped unexpectedly (exit code 7)"),
    (_key_error, isolation.Limits(), "failed (KeyError)"),
])
def test_isolated_work_that_breaks_a_bound_is_reported(work, limits: isolation.Limits, reason: str) -> None:
    """Each bound stops the child, not the caller, says which bound it was, and the next item gets a fresh child."""
    started = time.monotonic()
    with isolation.Runner(limits) as runner:
        assert runner.run(_ok) == {"ok": [1, 2]}
        with pytest.raises(isolation.LimitExceeded) as info:
            runner.run(work)
        assert runner.run(_ok) == {"ok": [1, 2]}
    assert str(info.value) == reason and time.monotonic() - started < 60  # a hang guard, not a speed test


def test_crafted_notebooks_are_skipped_and_the_gradebook_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture) -> None:
    """Deep JSON, a 1,000-term chain, 40 doublings and a notebook that exhausts memory aborted the run; now one row each is kept."""
    ex = checker.all_exercises()[0]
    root = tmp_path / "subs"
    raw_notebook(root / "deep.ipynb", "[" * 100_000 + "]" * 100_000)
    notebook(root / "chain.ipynb", ["prompt = " + " + ".join(['"a"'] * 1000) + f"\nexercise({ex.id!r}, prompt=prompt)"])
    notebook(root / "double.ipynb", ["a = 'a'\n" + "a = a + a\n" * 40 + f"exercise({ex.id!r}, prompt=a)"])
    notebook(root / "hog.ipynb", [f"exercise({ex.id!r}, prompt='x')"])
    notebook(root / "good.ipynb", [f"exercise({ex.id!r}, prompt={ex.reference['prompt']!r})"])
    real = submissions.answers

    def hog(path: Path) -> dict:
        if path.name == "hog.ipynb":
            raise MemoryError  # stands in for a notebook that breaks the memory bound
        return real(path)

    monkeypatch.setattr(submissions, "answers", hog)
    status, rows = gradebook(root, tmp_path / "out")
    err = capsys.readouterr().err
    assert status == 0
    assert "skipped deep.ipynb: not a readable notebook (its JSON is nested too deeply)" in err
    assert "skipped hog.ipynb: needed more than" in err or "skipped hog.ipynb: failed (MemoryError)" in err
    assert sorted((r["student"], r["passed"]) for r in rows) == [("chain", "False"), ("double", "False"), ("good", "True")]


# ---------------------------------------------------------------- 2. a dead backend stops the gradebook


def live(monkeypatch: pytest.MonkeyPatch, url: str, timeout: float = 1.0) -> None:
    """Point the course at a live endpoint with a short timeout, no retries and no cache."""
    monkeypatch.setattr(api, "_overrides", {})
    for var, value in {"OPENAI_BASE_URL": url, "TUTOR_TIMEOUT": str(timeout), "TUTOR_MAX_RETRIES": "0",
                       "TUTOR_CACHE": "0", "TUTOR_MODEL": "alpha-model"}.items():
        monkeypatch.setenv(var, value)


def learners(root: Path, n: int) -> Path:
    """n learners who each answered the first exercise with its reference."""
    ex = checker.all_exercises()[0]
    for i in range(n):
        notebook(root / f"learner{i}" / "nb.ipynb", [f"exercise({ex.id!r}, prompt={ex.reference['prompt']!r})"])
    return root


@pytest.mark.parametrize("scenario", ["slow", "server-error"])
def test_dead_backend_stops_the_gradebook_after_one_answer(server: fault_server.FaultServer, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, capsys, scenario: str) -> None:
    """A dead backend graded every learner as failed, waited the timeout per answer, and exited 0.

    Now the first backend failure stops the run: non-zero exit, a clear message, no CSV, one request.
    """
    live(monkeypatch, server.url(scenario))
    before = server.hits[scenario]
    status, rows = gradebook(learners(tmp_path / "subs", 3), tmp_path / "out")
    err = capsys.readouterr().err
    assert status == 3 and rows == [] and not (tmp_path / "out" / "gradebook.csv").exists()
    assert "Stopped: the model could not grade" in err and "How to fix:" in err
    assert server.hits[scenario] - before == 1


def test_unreachable_backend_stops_the_gradebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Nothing listening: the gradebook says it could not connect and exits non-zero."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    live(monkeypatch, f"http://127.0.0.1:{port}/v1")
    status, rows = gradebook(learners(tmp_path / "subs", 2), tmp_path / "out")
    assert status == 3 and rows == [] and "Could not connect" in capsys.readouterr().err


def test_a_request_the_backend_refuses_is_not_graded_as_failed(server: fault_server.FaultServer, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch, planted_key: str) -> None:
    """A 400 for one answer is that answer's problem: its row says 'not graded', never False."""
    live(monkeypatch, server.url("echo-key"))
    status, rows = gradebook(learners(tmp_path / "subs", 1), tmp_path / "out")
    assert status == 0 and [r["passed"] for r in rows] == ["not graded"] and rows[0]["score"] == ""
    assert rows[0]["reasons"].startswith("not graded:") and planted_key not in rows[0]["reasons"]


# ---------------------------------------------------------------- 7. library and cache files recover or explain


def write_library(folder: Path, payload: str) -> None:
    """Put a library.json with the given text in the data folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "library.json").write_text(payload, encoding="utf-8")


def test_a_library_record_missing_a_field_is_skipped_and_reported(tmp_path: Path) -> None:
    """A record without a name raised KeyError in every library() call; it is now skipped with a notice."""
    good = {"name": "mine", "exercise": "01.1", "title": "t", "fields": {"prompt": "p"}, "tags": ["x"]}
    bad = [{"exercise": "01.1"}, {"name": "n", "exercise": 5}, {"name": "n", "exercise": "01.1", "fields": {"prompt": 3}}]
    write_library(tmp_path / "data", json.dumps({"version": 1, "prompts": [good, *bad]}))
    lib = checker.library(include_reference=False)
    assert [e.name for e in lib] == ["mine"] and "Skipped 3 damaged records" in lib.notice and lib.notice in str(lib)


def test_a_deeply_nested_library_is_explained(tmp_path: Path) -> None:
    """A deeply nested library.json raised RecursionError in every library() call; it is now backed up and explained."""
    write_library(tmp_path / "data", '{"version": 1, "prompts": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.warns(UserWarning, match="nested too deeply"):
        lib = checker.library()
    assert "nested too deeply" in lib.notice and len(lib) == len(checker.all_exercises())
    assert len(list((tmp_path / "data").glob("library.json.corrupt-*"))) == 1
    ex = checker.all_exercises()[0]
    assert checker.save_prompt("mine", ex.id, prompt=ex.reference["prompt"]).passed
    assert [e.name for e in checker.library(include_reference=False)] == ["mine"]


@pytest.mark.parametrize("entry", [[1, 2], {"text": 5}, {"text": "hi", "usage": {"prompt_tokens": "x"}},
                                   {"text": "hi", "usage": {"bogus": 1}}, {"text": "hi", "model": ["m"]}])
def test_a_cache_entry_of_the_wrong_shape_is_a_miss(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, entry: object) -> None:
    """Valid JSON of the wrong shape failed on every run until `cache clear`; it is now a miss, and is replaced."""
    stub = stub_openai.install(monkeypatch)
    settings = stub_openai.live_settings(str(tmp_path / "cache"))
    request = client.Request([{"role": "user", "content": "Hi"}], "stub-model")
    key = cache.request_key(settings.endpoint, request.model, request.messages, request.params())
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / f"{key}.json").write_text(json.dumps(entry), encoding="utf-8")
    first = client.complete(settings, request)
    assert first.text == "stub reply" and not first.cached and len(stub.requests) == 1
    assert client.complete(settings, request).cached


def test_a_cache_folder_that_is_a_file_keeps_the_paid_reply(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A cache 'folder' that is a file raised after the request was paid for; the reply now arrives, with a warning."""
    stub_openai.install(monkeypatch)
    (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
    settings = stub_openai.live_settings(str(tmp_path / "cache"))
    with pytest.warns(UserWarning, match="could not be cached.*TUTOR_CACHE_DIR"):
        reply = client.complete(settings, client.Request([{"role": "user", "content": "Hi"}], "stub-model"))
    assert reply.text == "stub reply"


# ---------------------------------------------------------------- 8. secrets never leak


def test_save_prompt_scrubs_a_pasted_key(tmp_path: Path, planted_key: str) -> None:
    """save_prompt stored a pasted key in library.json; the key (and any sk-... key) is now removed."""
    ex = checker.all_exercises()[0]
    other = "sk-proj-" + "Z" * 30
    prompt = ex.reference["prompt"] + f"\n\n(my key is {planted_key}, the old one {other})"
    result = checker.save_prompt("with key", ex.id, prompt=prompt, tags=[planted_key])
    assert result.passed, str(result)
    stored = (tmp_path / "data" / "library.json").read_text(encoding="utf-8")
    assert planted_key not in stored and other not in stored and "[API key removed]" in stored
    assert checker.library("with key", include_reference=False)["with key"].fields["prompt"].count("[API key removed]") == 2


def test_a_key_echoed_near_the_cut_is_masked_before_truncation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                               planted_key: str) -> None:
    """An error body was cut to 300 characters before masking, so a key straddling the cut leaked its start."""
    for at in range(client.MAX_DETAIL_CHARS - len(planted_key), client.MAX_DETAIL_CHARS + 1, 7):
        body = {"error": {"message": "x" * at + planted_key + " was refused", "type": "invalid_request_error"}}
        stub_openai.install(monkeypatch, lambda request, body=body: httpx2.Response(400, json=body))
        settings = stub_openai.live_settings(str(tmp_path / "cache"), planted_key, max_retries=0)
        with pytest.raises(TutorError) as info:
            client.complete(settings, client.Request([{"role": "user", "content": "Hi"}], "stub-model"))
        assert planted_key[:12] not in str(info.value), f"key start leaked with the key at {at}"


def test_urls_are_shown_without_credentials(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """A base URL with user:password@ was printed as is in errors, describe() and doctor."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(api, "_overrides", {})
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://alice:hunter2secret@127.0.0.1:{port}/v1")
    monkeypatch.setenv("TUTOR_TIMEOUT", "2")
    with pytest.raises(TutorError) as info:
        api.ask("Hello", stream=False)
    lines: list[str] = []
    doctor.run(lines.append)
    shown = "\n".join([str(info.value), api.describe(), repr(api.settings()), *lines, capsys.readouterr().out])
    assert "hunter2secret" not in shown and "alice" not in shown
    assert f"http://127.0.0.1:{port}/v1" in str(info.value) and f"127.0.0.1:{port}/v1" in "\n".join(lines)


def test_redact_url_and_scrub() -> None:
    """The helpers: credentials dropped from any URL, keys replaced in any text."""
    assert redact.url("https://u:p@host:8/v1?q=1") == "https://host:8/v1?q=1"
    assert redact.url("https://host/v1") == "https://host/v1" and redact.url("not a url") == "not a url"
    assert redact.scrub("a sk-abcdefghijklmnopqrstu b", None) == "a [API key removed] b"
    assert redact.scrub("short sk-abc and key12345678", "key12345678") == "short sk-abc and [API key removed]"


# ---------------------------------------------------------------- 7. no raw tracebacks: .env encodings and arguments


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_env_file_in_any_common_encoding_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    """A UTF-16 .env (Notepad's 'Unicode') broke every ask, check and doctor; it is now read."""
    path = tmp_path / ".env"
    path.write_bytes("TUTOR_MODEL=from-env\r\nTUTOR_TIMEOUT=7\r\n".encode(encoding))
    monkeypatch.setenv("TUTOR_ENV_FILE", str(path))
    monkeypatch.setattr(api, "_overrides", {})
    s = api.settings()
    assert s.model == "from-env" and s.timeout == 7.0 and s.source("model") == ".env: TUTOR_MODEL"
    assert api.ask("Say hello.").text


def test_an_unreadable_env_file_is_refused_naming_file_and_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bytes that are no common encoding give a TutorError naming the file and how to save it."""
    path = tmp_path / ".env"
    path.write_bytes(b"TUTOR_MODEL=\xff\xfe\xfa\x80\x81")
    monkeypatch.setenv("TUTOR_ENV_FILE", str(path))
    monkeypatch.setattr(api, "_overrides", {})
    with pytest.raises(TutorError) as info:
        api.ask("Say hello.")
    assert str(path) in info.value.cause and "UTF-8" in info.value.cause


@pytest.mark.parametrize("kwargs, words", [
    ({"max_retries": -1}, "use(max_retries=-1)"),
    ({"max_retries": 2.5}, "use(max_retries=2.5)"),
    ({"max_retries": True}, "use(max_retries=True)"),
    ({"timeout": "abc"}, "use(timeout='abc')"),
    ({"timeout": -1}, "use(timeout=-1)"),
    ({"timeout": float("inf")}, "use(timeout=inf)"),
    ({"timeout": float("nan")}, "use(timeout=nan)"),
    ({"cache": "no"}, "use(cache='no')"),
    ({"model": 3}, "use(model=3)"),
    ({"base_url": "localhost:11434"}, "use(base_url='localhost:11434')"),
    ({"backend": b"openai"}, "use(backend=b'openai')"),
])
def test_use_refuses_bad_values_naming_the_argument(kwargs: dict, words: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """use(max_retries=-1) gave AssertionError: unreachable; timeout='abc', -1, inf or nan gave raw or misleading errors."""
    monkeypatch.setattr(api, "_overrides", {})
    with pytest.raises(TutorError) as info:
        api.use(**kwargs)
    assert words in info.value.cause and api.settings().is_offline


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0", "1e999"])
def test_env_timeout_must_be_finite_and_positive(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """TUTOR_TIMEOUT=inf or nan were accepted; they are now refused, naming the variable."""
    monkeypatch.setenv("TUTOR_TIMEOUT", value)
    with pytest.raises(TutorError, match=f"TUTOR_TIMEOUT={value!r}"):
        api.settings()


@pytest.mark.parametrize("kwargs, words", [
    ({"prompt": 42}, "prompt must be text (a str), not int"),
    ({"prompt": ["a", "b"]}, "prompt must be text (a str), not list"),
    ({"prompt": b"hi"}, "prompt must be text (a str), not bytes"),
    ({"prompt": "hi", "system": ["be kind"]}, "system must be text"),
    ({"prompt": "hi", "prefill": 5}, "prefill must be text"),
    ({"prompt": "hi\ud800"}, "prompt contains a lone surrogate"),
    ({"prompt": "hi", "seed": "abc"}, "seed='abc'"),
    ({"prompt": "hi", "seed": 1.5}, "seed=1.5"),
    ({"prompt": "hi", "max_tokens": True}, "max_tokens=True"),
    ({"prompt": "hi", "temperature": float("nan")}, "temperature=nan"),
    ({"prompt": "hi", "temperature": True}, "temperature=True"),
    ({"prompt": "hi", "stream": "yes"}, "stream='yes'"),
    ({"prompt": "hi", "on_text": "print"}, "on_text must be a function"),
    ({"messages": [{"role": "user", "content": 7}]}, "messages[0]['content'] must be text"),
])
def test_ask_refuses_what_it_used_to_coerce_or_crash_on(kwargs: dict, words: str) -> None:
    """ask(42), ask([...]), seed='abc', max_tokens=True were coerced; system=[...] and surrogates crashed."""
    with pytest.raises(TutorError) as info:
        api.ask(**kwargs)
    assert "ask()" in info.value.cause and words in info.value.cause and info.value.fix


@pytest.mark.parametrize("kwargs, words", [
    ({"prompt": 42}, "prompt must be text (a str), not int"),
    ({"prompt": "hi", "system": 5}, "system must be text (a str), not int"),
    ({"prompt": b"hi"}, "Decode it first"),
    ({"prompt": "x\udfff"}, "lone surrogate"),
    ({"prompt": "hi", "record": "yes"}, "record='yes'"),
])
def test_check_refuses_bad_arguments_naming_them(kwargs: dict, words: str) -> None:
    """check(prompt=42), check(system=5) and check(prompt=b'...') gave raw AttributeError or TypeError."""
    with pytest.raises(TutorError) as info:
        checker.check("01.1", **kwargs)
    assert words in str(info.value)


def test_lone_surrogate_on_the_live_path_is_refused_before_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lone surrogate gave a raw UnicodeEncodeError live; it is refused before any request."""
    stub = stub_openai.install(monkeypatch)
    monkeypatch.setattr(api, "_overrides", {})
    monkeypatch.setenv("OPENAI_BASE_URL", "http://stub.invalid/v1")
    with pytest.raises(TutorError, match="lone surrogate"):
        api.ask("hello \ud83d", stream=False)
    assert stub.requests == []


def test_save_prompt_tags_must_be_a_list() -> None:
    """tags='polite' was split into letters; a bare string is now refused."""
    ex = checker.all_exercises()[0]
    with pytest.raises(TutorError, match="tags must be a list"):
        checker.save_prompt("n", ex.id, prompt=ex.reference["prompt"], tags="polite")


# ---------------------------------------------------------------- 4. an overall deadline on a live call


def complete_in_thread(settings: config.Settings, *, stream: bool = False,
                       sleep: Callable[[float], None] = lambda s: None) -> tuple[object, float, list[str]]:
    """complete() in a thread with a generous hang guard: (reply or error, seconds, pieces); fails if it hangs."""
    pieces: list[str] = []
    box: list[object] = []
    request = client.Request([{"role": "user", "content": "Hi"}], "alpha-model")

    def call() -> None:
        try:
            box.append(client.complete(settings, request, on_text=pieces.append if stream else None, sleep=sleep))
        except TutorError as exc:
            box.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the call was still waiting after 30 s"
    return box[0], time.monotonic() - started, pieces


def live_settings(url: str, key: str, **changes: object) -> config.Settings:
    """Live settings for a fault scenario: 1 s per read, no cache."""
    base = dict(backend=config.LIVE, base_url=url, api_key=key, timeout=1.0, max_retries=2, cache=False)
    return config.Settings(**{**base, **changes})


@pytest.mark.parametrize("scenario, stream", [("trickle", False), ("stream-trickle", True)])
def test_a_trickling_server_is_stopped_by_the_deadline(server: fault_server.FaultServer, planted_key: str,
                                                       scenario: str, stream: bool) -> None:
    """A byte every 0.2 s reset the 1 s read timeout for ever (killed at 330 s in the probe); the deadline ends it."""
    result, elapsed, pieces = complete_in_thread(live_settings(server.url(scenario), planted_key, deadline=2.0),
                                                 stream=stream)
    assert isinstance(result, TutorError) and result.kind == "timeout"
    assert "within 2 s" in result.cause and "TUTOR_DEADLINE" in result.fix and planted_key not in str(result)
    assert elapsed >= 2.0
    assert pieces == (["Once "] if stream else [])


def test_a_long_retry_after_is_reported_at_once(server: fault_server.FaultServer, planted_key: str) -> None:
    """Retry-After: 30 was honoured on every retry (95-106 s per call); above MAX_RETRY_WAIT_S it is not waited for."""
    sleeps: list[float] = []
    result, _, _ = complete_in_thread(live_settings(server.url("ratelimit-30"), planted_key), sleep=sleeps.append)
    assert isinstance(result, TutorError) and result.kind == "rate_limit" and "wait 30 s" in result.cause
    assert sleeps == [] and retry.MAX_RETRY_WAIT_S < 30


def test_retry_waits_stay_inside_the_deadline(server: fault_server.FaultServer, planted_key: str) -> None:
    """A wait that would run past the deadline is not started: the learner hears at once."""
    sleeps: list[float] = []
    result, _, _ = complete_in_thread(live_settings(server.url("ratelimit-always"), planted_key, deadline=0.5),
                                      sleep=sleeps.append)
    assert isinstance(result, TutorError) and result.kind == "rate_limit" and sleeps == []


def test_connecting_has_its_own_shorter_timeout(planted_key: str) -> None:
    """Opening a connection waits at most CONNECT_TIMEOUT_S, even with a long per-read timeout."""
    c = client.openai_client(live_settings("http://127.0.0.1:9/v1", planted_key, timeout=300.0))
    assert c.timeout.connect == client.CONNECT_TIMEOUT_S and c.timeout.read == 300.0


@pytest.mark.parametrize("value", ["0", "inf", "nan", "soon"])
def test_the_deadline_setting_is_validated(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """TUTOR_DEADLINE takes positive finite seconds, like TUTOR_TIMEOUT."""
    monkeypatch.setenv("TUTOR_DEADLINE", value)
    with pytest.raises(TutorError, match="TUTOR_DEADLINE"):
        api.settings()


def test_a_lone_surrogate_in_a_widget_field_is_a_learner_problem() -> None:
    """Offline, a lone surrogate gave a misleading 'not an OpenAI-compatible reply'; now it is named as the input's problem."""
    ex = checker.get_exercise("01.1")
    result = grading.evaluate(ex, {"prompt": "Explain tokens \udc80 to me."})
    assert not result.passed and "not valid text" in result.problem and "'\\udc80'" in result.problem


def test_the_learner_hears_about_each_retry_wait(server: fault_server.FaultServer, planted_key: str,
                                                 capsys: pytest.CaptureFixture) -> None:
    """Retries waited in silence; each wait is now announced with its length."""
    sleeps: list[float] = []
    before = server.hits["ratelimit-always"]
    result, _, _ = complete_in_thread(live_settings(server.url("ratelimit-always"), planted_key), sleep=sleeps.append)
    err = capsys.readouterr().err
    assert isinstance(result, TutorError) and len(sleeps) == 2 and server.hits["ratelimit-always"] - before == 3
    assert f"(429: too many requests), retrying 1/2 in {sleeps[0]:.1f} s" in err and "retrying 2/2" in err


def test_listing_models_has_the_deadline_too(server: fault_server.FaultServer, planted_key: str) -> None:
    """doctor's model list from a trickling server hung like a completion; it ends at the deadline."""
    box: list[object] = []

    def call() -> None:
        try:
            box.append(client.list_models(live_settings(server.url("trickle"), planted_key, deadline=1.5)))
        except TutorError as exc:
            box.append(exc)

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive() and isinstance(box[0], TutorError) and "within 1.5 s" in box[0].cause


def test_a_notebook_that_takes_too_long_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture) -> None:
    """A notebook whose grading never ends no longer holds up the run: it is skipped after --notebook-seconds."""
    ex = checker.all_exercises()[0]
    root = tmp_path / "subs"
    notebook(root / "a_slow.ipynb", [f"exercise({ex.id!r}, prompt='x')"])
    notebook(root / "b_good.ipynb", [f"exercise({ex.id!r}, prompt={ex.reference['prompt']!r})"])
    real = submissions.answers

    def slow(path: Path) -> dict:
        if path.name == "a_slow.ipynb":
            _sleep_forever()
        return real(path)

    monkeypatch.setattr(submissions, "answers", slow)
    status, rows = gradebook(root, tmp_path / "out", "--notebook-seconds", "2")
    assert status == 0 and [(r["student"], r["passed"]) for r in rows] == [("b_good", "True")]
    assert "skipped a_slow.ipynb: took longer than 2 s" in capsys.readouterr().err
    assert cli.main(["gradebook", str(root), "--notebook-seconds", "0"]) == 2


@pytest.mark.parametrize("kwargs, words", [({"search": 3}, "search must be text"), ({"tag": ["a"]}, "tag must be text"),
                                           ({"include_reference": "no"}, "include_reference='no'")])
def test_library_refuses_bad_arguments(kwargs: dict, words: str) -> None:
    """library(3) raised AttributeError from deep inside; it now names the argument."""
    with pytest.raises(TutorError, match=re.escape(words)):
        checker.library(**kwargs)
