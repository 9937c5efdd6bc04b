"""Token counts: one function counts a chat request for the offline model and for live usage estimates."""

from __future__ import annotations

from tutor import tokens


def test_messages_of_any_shape_are_counted_by_their_text() -> None:
    plain = tokens.count_messages([{"role": "user", "content": "Hello there"}])
    parts = tokens.count_messages([{"role": "user", "content": [{"type": "text", "text": "Hello"}, {"type": "text", "text": " there"}]}])
    assert plain == parts == 9
    assert tokens.count_messages([{"role": "user", "content": None}, None]) == 4 + 4 + 3
    assert tokens.count_messages(None) == tokens.count_messages("not a list") == 3


def test_long_texts_are_estimated_within_one_percent() -> None:
    text = "The quick brown fox jumps over the lazy dog. " * 10_000  # 450,000 characters
    assert len(text) > tokens.MAX_EXACT_CHARS
    estimate, exact = tokens.estimate(text), tokens.count(text)
    assert abs(estimate - exact) / exact < 0.01
    assert tokens.estimate("Hello there") == tokens.count("Hello there") == 2
