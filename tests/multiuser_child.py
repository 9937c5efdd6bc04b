"""Run by tests/test_multiuser.py as another Unix user: a JSON list of [action, args...] steps; prints the
user id and each step's findings as one JSON line.

    check [LEARNER]         run a Check offline (reference answer of the first exercise), save it in the library,
                            and read progress(); as LEARNER (COURSE_LEARNER) if given
    attack PATH...          try to read, append to, chmod, delete and replace each path (someone else's files)
    list ROOM               roster.progress_files(ROOM) as this user
    ask TEXT                a live call answered in-process with TEXT; prints the reply and whether it was cached
    plant FOLDER TEXT       write a cache entry for the `ask` request into FOLDER, answering TEXT
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

REQUEST_TEXT = "Say hi."


def check(learner: str | None = None) -> dict:
    """A recorded Check and this learner's progress, with any warnings."""
    import checker

    if learner:
        os.environ["COURSE_LEARNER"] = learner
    ex = checker.all_exercises()[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = checker.check(ex.id, **ex.reference)
        checker.save_prompt("mine", ex.id, **ex.reference)
        rows = checker.progress().rows
    attempts = sum(r.attempts for r in rows)
    return {"passed": result.passed, "attempts": attempts, "warnings": [str(w.message) for w in caught]}


def _try(action) -> str:
    """'ok' if action ran, else the error's name."""
    try:
        action()
        return "ok"
    except OSError as exc:
        return type(exc).__name__


def attack(paths: list[str]) -> dict:
    """What this user can do to each path."""
    out = {}
    for name in paths:
        path = Path(name)
        spare = path.with_name(f".attacker-{os.getpid()}")
        wrote = _try(lambda s=spare: s.write_text("{}\n")) == "ok"
        out[name] = {
            "read": _try(path.read_bytes),
            "append": _try(lambda p=path: p.open("ab").close()),
            "chmod": _try(lambda p=path: p.chmod(0o666)),
            "replace": _try(lambda p=path, s=spare: os.replace(s, p)) if wrote else "no-write",
            "delete": _try(path.unlink),
        }
        _try(lambda s=spare: s.unlink(missing_ok=True))
    return out


def listing(room: str) -> dict:
    """The room's progress files and problems as this user sees them."""
    from checker import roster

    files, problems = roster.progress_files(Path(room))
    return {"files": [p.name for p in files], "problems": [f"{name}: {why}" for name, why in problems]}


def _request():
    """The live request `ask` sends, and settings for an in-process backend with the configured cache."""
    from tutor import client, config

    settings = config.Settings(backend=config.LIVE, base_url="http://stub.invalid/v1", api_key=None,
                               cache_dir=os.environ["TUTOR_CACHE_DIR"], max_retries=0)
    return settings, client.Request([{"role": "user", "content": REQUEST_TEXT}], "stub-model")


def ask(text: str) -> dict:
    """One live call whose backend answers text."""
    import httpx2
    import openai

    from tutor import client

    body = {"id": "c1", "object": "chat.completion", "created": 0, "model": "stub-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, json=body))
    client.openai_client = lambda s: openai.OpenAI(api_key="none", base_url=s.endpoint, max_retries=0,
                                                   http_client=httpx2.Client(transport=transport))
    settings, request = _request()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reply = client.complete(settings, request)
    return {"text": reply.text, "cached": reply.cached, "warnings": [str(w.message) for w in caught]}


def plant(folder: str, text: str) -> dict:
    """Write a cache entry answering text for the `ask` request into folder."""
    from tutor import cache

    settings, request = _request()
    key = cache.request_key(settings.endpoint, request.model, request.messages, request.params())
    path = Path(folder) / f"{key}.json"
    path.write_text(json.dumps({"text": text, "model": "stub-model", "finish_reason": "stop", "usage": {}}))
    path.chmod(0o666)
    return {"planted": str(path)}


ACTIONS = {"check": check, "attack": lambda *paths: attack(list(paths)), "list": listing, "ask": ask, "plant": plant}


def main(argv: list[str]) -> None:
    """Run each step and print the findings as JSON."""
    steps = json.loads(argv[0])
    print(json.dumps({"uid": os.geteuid(), "results": [ACTIONS[name](*args) for name, *args in steps]}))


if __name__ == "__main__":
    main(sys.argv[1:])
