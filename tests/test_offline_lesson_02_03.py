"""Regressions for lessons 02 (clear instructions) and 03 (roles and personas) on the offline model."""

from __future__ import annotations

import pytest

from tutor import ask

TOMIE = "You are Tomie, a cheerful baker who lives in a small seaside town."


@pytest.mark.parametrize("question", ["Who are you?", "Hi!", "What is your name?", "Please introduce yourself."])
def test_a_named_character_answers_identity_questions_in_character(question: str) -> None:
    reply = ask(question, system=TOMIE)
    assert "Tomie" in reply.text
    assert "cheerful baker who lives in a small seaside town" in reply.text
    assert "simulator" not in reply.text


def test_a_name_alone_still_answers_in_character() -> None:
    assert ask("Who are you?", system="You are Kofi.").text.count("Kofi") >= 1
    assert "simulator" not in ask("Who are you?", system="You are Kofi.").text


def test_without_a_role_the_identity_answer_is_honest_and_with_one_it_stays_in_role() -> None:
    assert "simulator" in ask("Who are you?").text
    assert "simulator" in ask("Who are you?", system="You are a helpful assistant.").text
    pirate = ask("Who are you?", system="You are a pirate.").text
    assert "pirate" in pirate and "simulator" not in pirate


def test_a_scope_limit_still_wins_over_the_character() -> None:
    reply = ask("What is the capital of France?", system=TOMIE + " Only discuss cooking.")
    assert "only help with cooking" in reply.text
    assert "Paris" not in reply.text
