"""The offline model end to end: `ask()` with no configuration answers from it, through the openai client."""

from __future__ import annotations

import json

import pytest

import tutor
from tutor import api, data
from tutor.offline import transport
from tutor.offline.model import respond


@pytest.fixture(autouse=True)
def default_settings():
    """Start each test from the configured (offline) settings."""
    api._overrides = {}
    yield
    api._overrides = {}


def test_ask_defaults_to_the_offline_model_with_xray():
    reply = tutor.ask("Which NFL team won the Super Bowl in the year Justin Bieber was born? Count the game played in that calendar year. Think step by step.")
    assert reply.backend == "offline" and "Dallas Cowboys" in reply.text
    assert reply.xray is not None and reply.xray.features["reasoning"] is True
    assert any("reasoning requested" in r for r in reply.xray.rules)
    assert "simulator" in str(reply.xray)


def test_ask_prefill_gives_parseable_json():
    reply = tutor.ask("Give the EchoBuds' name and price as JSON with keys name and price.", prefill="{")
    assert reply.text.startswith("{") and json.loads(reply.text) == {"name": "EchoBuds", "price": 39.99}
    assert json.loads("{" + reply.completion) == json.loads(reply.text)


def test_ask_usage_and_truncation_through_the_client():
    reply = tutor.ask("Tell me about the meeting.", max_tokens=12)
    assert reply.finish_reason == "length" and reply.usage.completion_tokens == 12
    assert reply.usage.prompt_tokens > 0


def test_ask_sampling_with_seed_matches_direct_call():
    reply = tutor.ask("Write a tagline for a bakery.", temperature=1.5, seed=4)
    direct = respond([{"role": "user", "content": "Write a tagline for a bakery."}], temperature=1.5, seed=4)
    assert reply.text == direct.text


def test_streamed_answer_equals_the_plain_one():
    pieces: list[str] = []
    from tutor.client import Request, complete
    s = api.settings()
    request = Request([{"role": "user", "content": "Summarise the transcript for the team."}], s.model_name)
    streamed = complete(s, request, on_text=pieces.append)
    plain = complete(s, request)
    assert "".join(pieces) == streamed.text == plain.text
    assert streamed.xray is not None and streamed.xray.rules == plain.xray.rules


def test_ask_passes_streamed_pieces_to_on_text():
    """The public `ask(on_text=...)` (what the checker uses) streams the same reply the plain call returns."""
    pieces: list[str] = []
    streamed = tutor.ask("Summarise the transcript for the team.", on_text=pieces.append)
    plain = tutor.ask("Summarise the transcript for the team.", stream=False)
    assert len(pieces) > 1 and "".join(pieces) == streamed.text == plain.text


def test_transport_reports_xray_in_the_body():
    response = transport.chat({"messages": [{"role": "user", "content": "Hello"}], "model": "offline-teacher"})
    body = response.json()
    assert body["xray"]["features"]["model"] == "offline simulator"
    assert body["choices"][0]["message"]["content"]


def test_public_data_api_returns_fresh_copies():
    first = data.reviews()
    first[0]["text"] = "changed"
    assert data.reviews()[0]["text"] != "changed"
    assert data.version() and data.transcript()["action_items"] and data.catalogue()["products"]
    assert {"problems", "unknown_questions", "injected_texts", "tickets", "articles", "emails"} <= set(data.__all__)
