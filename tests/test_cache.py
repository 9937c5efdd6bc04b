"""The reply cache: live replies only, identical requests only, never the key, and an off switch."""

from __future__ import annotations

from pathlib import Path

import pytest
import stub_openai

from tutor import api, cache, client, config

MESSAGES = [{"role": "user", "content": "What is a token?"}]


def ask(settings: config.Settings, messages: list[dict] = MESSAGES, **params: object) -> object:
    """One request through client.complete."""
    return client.complete(settings, client.Request(messages, settings.model_name, **params))


def files(folder: Path) -> list[Path]:
    """Every file under a folder."""
    return [p for p in folder.rglob("*") if p.is_file()]


def test_request_key_depends_on_what_shapes_the_answer() -> None:
    """Same request, same key; endpoint, model, messages or parameters change it."""
    base = ("http://a/v1", "m", MESSAGES, {"temperature": 0.0})
    key = cache.request_key(*base)
    assert key == cache.request_key(*base)
    assert key != cache.request_key("http://b/v1", *base[1:])
    assert key != cache.request_key(base[0], "other", *base[2:])
    assert key != cache.request_key(*base[:2], [{"role": "user", "content": "x"}], base[3])
    assert key != cache.request_key(*base[:3], {"temperature": 0.0, "max_tokens": 5})


def test_put_get_clear(tmp_path: Path) -> None:
    """Entries round-trip, unreadable ones count as misses, clear removes them all."""
    cache.put(tmp_path, "k1", {"text": "hi"})
    cache.put(tmp_path, "k2", {"text": "there"})
    (tmp_path / "bad.json").write_text("{not json")
    assert cache.get(tmp_path, "k1") == {"text": "hi"}
    assert cache.get(tmp_path, "bad") is None and cache.get(tmp_path, "missing") is None
    assert cache.clear(tmp_path) == 3 and files(tmp_path) == []


def test_default_folder_is_outside_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without TUTOR_CACHE_DIR the cache lives in the user's cache directory, not in the course folder."""
    repo = Path(__file__).resolve().parent.parent
    folder = cache.cache_dir(None)
    assert repo not in folder.parents and folder.name == "replies"
    assert cache.cache_dir("~/x") == Path.home() / "x"


def test_identical_request_hits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The second identical request is answered from disk, marked cached, with the same reply."""
    stub = stub_openai.install(monkeypatch)
    s = stub_openai.live_settings(str(tmp_path))
    first, second = ask(s), ask(s)
    assert len(stub.requests) == 1
    assert (first.cached, second.cached) == (False, True)
    assert (second.text, second.model, second.usage, second.finish_reason) == (first.text, first.model, first.usage, first.finish_reason)
    assert "cached" in second.badge and second.backend == "openai"


def test_different_requests_miss(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Other messages, parameters or base URL are new requests."""
    stub = stub_openai.install(monkeypatch)
    s = stub_openai.live_settings(str(tmp_path))
    ask(s)
    ask(s, [{"role": "user", "content": "Something else"}])
    ask(s, max_tokens=7)
    ask(config.override(s, base_url="http://other.invalid/v1"))
    assert len(stub.requests) == 4


def test_off_switch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """TUTOR_CACHE=0 (cache=False) sends every request and writes nothing."""
    stub = stub_openai.install(monkeypatch)
    s = stub_openai.live_settings(str(tmp_path), cache=False)
    assert not ask(s).cached and not ask(s).cached
    assert len(stub.requests) == 2 and files(tmp_path) == []
    monkeypatch.setenv("TUTOR_CACHE", "0")
    assert config.load().cache is False


def test_clear_then_miss(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """After clearing, the same request goes to the endpoint again; api.clear_cache() reports the count."""
    stub = stub_openai.install(monkeypatch)
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path))
    s = stub_openai.live_settings(str(tmp_path))
    ask(s)
    assert api.clear_cache() == 1
    assert not ask(s).cached and len(stub.requests) == 2


def test_key_never_reaches_the_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, planted_key: str) -> None:
    """The key is sent to the endpoint but appears in no cache file, not even masked pieces of it."""
    stub = stub_openai.install(monkeypatch)
    ask(stub_openai.live_settings(str(tmp_path), key=planted_key))
    assert stub.requests[0].headers["authorization"] == f"Bearer {planted_key}"
    written = files(tmp_path)
    assert written
    for path in written:
        text = path.read_text()
        assert planted_key not in text and planted_key[-12:] not in text


def test_offline_is_never_cached(tmp_path: Path) -> None:
    """The offline model answers in-process; nothing is written."""
    s = config.Settings(cache_dir=str(tmp_path))
    assert not ask(s).cached and not ask(s).cached
    assert files(tmp_path) == []


def test_sampling_without_seed_is_not_cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """temperature > 0 without a seed is meant to vary, so it is always sent; with a seed it is cached."""
    stub = stub_openai.install(monkeypatch)
    s = stub_openai.live_settings(str(tmp_path))
    assert not ask(s, temperature=0.8).cached and not ask(s, temperature=0.8).cached
    assert len(stub.requests) == 2
    ask(s, temperature=0.8, seed=1)
    assert ask(s, temperature=0.8, seed=1).cached and len(stub.requests) == 3


def test_prefill_is_restored_on_a_hit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A cached reply to a prefilled request still starts with the prefill."""
    stub_openai.install(monkeypatch)
    s = stub_openai.live_settings(str(tmp_path))
    msgs = MESSAGES + [{"role": "assistant", "content": "A token is"}]
    first, second = ask(s, msgs), ask(s, msgs)
    assert second.cached and second.text == first.text and second.text.startswith("A token is")
