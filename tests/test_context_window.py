"""The teaching model's context window (tutor.window): megabytes of prompt are refused up front, as a hosted model
refuses them, so no check and no model reads them (1 MB once cost a whole check() about 10 s). The tests count work
(characters tokenised, checks run, model calls), not seconds: bench/bench_adversarial.py has the timings."""

from __future__ import annotations

import json

import pytest

import checker
import tutor
from checker import checks, grading
from tutor import api, tokens, window
from tutor.analysis import blocks, cues
from tutor.offline import transport

LIMIT = window.CONTEXT_WINDOW_TOKENS
HOSTILE = ["<a>", "\n", "a", "中", "- a: b\n", "{\"a\": "]


@pytest.fixture(autouse=True)
def default_settings():
    """Start each test from the configured (offline) settings."""
    api._overrides = {}
    yield
    api._overrides = {}


def hostile(unit: str, size: int = 1_000_000) -> str:
    """unit repeated to size characters."""
    return (unit * (size // len(unit) + 1))[:size]


def test_a_request_over_the_window_gets_the_hosted_api_error() -> None:
    """HTTP 400 with code context_length_exceeded, the tokens sent and the limit, as OpenAI's API answers."""
    text = "word " * (LIMIT + 100)
    response = transport.chat({"messages": [{"role": "user", "content": text}]})
    error = json.loads(response.content)["error"]
    sent = tokens.count_messages([{"role": "user", "content": text}])
    assert response.status_code == 400 and error["code"] == "context_length_exceeded"
    assert f"maximum context length is {LIMIT} tokens" in error["message"] and f"resulted in {sent} tokens" in error["message"]


def test_a_request_inside_the_window_is_answered() -> None:
    text = "word " * (LIMIT - 200)
    assert transport.chat({"messages": [{"role": "user", "content": text}]}).status_code == 200


def test_ask_explains_a_prompt_over_the_window() -> None:
    """The learner reads what happened and the fix (shorten the prompt), not a raw 400."""
    with pytest.raises(tutor.TutorError) as info:
        tutor.ask(hostile("<a>"))
    assert info.value.kind == "request" and "context window" in info.value.cause and f"{LIMIT} tokens" in info.value.cause
    assert "Shorten the prompt" in info.value.fix


class Counted:
    """Wraps a function and counts its calls and the characters of its first argument."""

    def __init__(self, fn):
        self.fn, self.calls, self.chars = fn, 0, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        self.chars += len(args[0]) if args and isinstance(args[0], str) else 0
        return self.fn(*args, **kwargs)


@pytest.mark.parametrize("unit", HOSTILE, ids=[repr(u) for u in HOSTILE])
def test_the_window_is_measured_on_a_bounded_prefix(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """Deciding that 1 MB does not fit tokenises a few window-sizes of it, not the megabyte."""
    counted = Counted(tokens.count)
    monkeypatch.setattr(tokens, "count", counted)
    assert window.texts_overflow([hostile(unit)] * 4) is not None
    assert counted.chars <= 4 * tokens.MAX_EXACT_CHARS // 2, counted.chars


def test_a_text_that_fits_is_counted_exactly() -> None:
    text = "The battery died after two days. " * 300
    assert tokens.estimate(text, stop_above=LIMIT) == tokens.count(text)
    assert window.texts_overflow([text]) is None


@pytest.mark.parametrize("unit", HOSTILE, ids=[repr(u) for u in HOSTILE])
def test_check_refuses_a_megabyte_before_any_check_or_model_reads_it(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """1 MB in a field: a clear problem, and no check runs and the model is never asked (each took seconds)."""
    runs, asks = Counted(checks.run), Counted(grading.ask_model)
    monkeypatch.setattr(checks, "run", runs)
    monkeypatch.setattr(grading, "ask_model", asks)
    result = checker.check("04.1", prompt=hostile(unit), record=False)
    assert "too long to grade" in result.problem and "context window" in result.problem and "Shorten the prompt" in result.problem
    assert runs.calls == 0 and asks.calls == 0 and not result.passed


def test_spaces_that_pack_into_few_tokens_are_refused_by_their_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    """1 MB of spaces fits the token window (a token holds 100+ spaces) but not the character cap: refused by both."""
    text = hostile(" ")
    assert window.request_overflow([{"role": "user", "content": text}]) is None  # the token window alone lets it in
    response = transport.chat({"messages": [{"role": "user", "content": text}]})
    error = json.loads(response.content)["error"]
    assert response.status_code == 400 and error["code"] == window.CODE and f"{len(text)} characters" in error["message"]
    runs = Counted(checks.run)
    monkeypatch.setattr(checks, "run", runs)
    result = checker.check("00.1", prompt="What is the capital of Australia? One word." + text, record=False)
    assert "too long to grade" in result.problem and "characters" in result.problem and runs.calls == 0


def test_check_still_grades_an_answer_inside_the_window() -> None:
    result = checker.check("00.1", prompt="What is the capital of Australia? Answer with one word.", record=False)
    assert result.passed and not result.problem


def test_unclosed_openings_cost_one_lookup_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """Instruction containers (<task>...</task>) were unwrapped by a lazy regex that scanned to the end of the text
    from every unclosed opening: 8 k '<a>' took seconds. Each opening now costs one search from where it starts."""
    searched = []
    opening = blocks._OPENING

    class Spy:
        def search(self, text: str, at: int):
            searched.append(at)
            return opening.search(text, at)

    monkeypatch.setattr(blocks, "_OPENING", Spy())
    text = hostile("<a>", 24_000)
    assert blocks.unwrap_containers(text) == text
    assert len(searched) == text.count("<a>") + 1 and searched == sorted(searched)


def test_unwrap_containers_reads_what_the_regex_read() -> None:
    import random
    import re

    def old(text: str) -> str:
        return re.sub(r"<([A-Za-z][\w-]{0,30})>(.{12,}?)</\1>", r"\n\2\n", text, flags=re.S)

    rng = random.Random(11)
    parts = ["<a>", "</a>", "<b>", "</b>", "<A>", "</a", "<a", "x", "hello world ", "\n", "<ab>", "</ab>", ">", "<", "-", "<a->"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 15)))
        assert blocks.unwrap_containers(text) == old(text), text


def test_a_colon_lead_in_reads_the_long_tail_only_when_the_head_offers_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    """'- a: b' lines: each of the first 100 colons read the whole rest of the prompt as a possible statement
    (100 x 20 k characters, seconds per check). Only a head that offers labels needs that reading."""
    counted = Counted(cues.is_statement)
    monkeypatch.setattr(cues, "is_statement", counted)
    text = hostile("- a: b\n", 20_000)
    blocks.find_blocks(text)
    assert counted.chars <= 2 * len(text), counted.chars
