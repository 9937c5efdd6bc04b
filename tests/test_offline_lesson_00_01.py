"""Regressions for behaviours lessons 00 and 01 rely on (general rules, not exercise strings)."""

from __future__ import annotations

import pytest

from tutor import ask
from tutor.offline.tasks import short_answer


@pytest.mark.parametrize("question, expected", [
    ("What is the capital of Japan?", "Tokyo"),
    ("Who wrote Hamlet?", "William Shakespeare"),
    ("What is the largest planet?", "Jupiter"),
])
def test_a_one_word_request_on_a_known_fact_gives_just_the_answer(question, expected):
    assert ask(f"{question} Answer with one word.").text == expected
    assert ask(question).text.endswith(".") and expected in ask(question).text  # without it: a full sentence


def test_short_answer_skips_words_the_question_repeats_and_falls_back_to_the_sentence():
    assert short_answer("The capital of France is Paris.", "What is the capital of France?") == "Paris"
    assert short_answer("2 + 2 = 4.", "What is 2 + 2?") == "4"
    sentence = "A language model reads and writes text as tokens: short pieces of words, about four characters of English each."
    assert short_answer(sentence, "What are tokens in a language model?") == sentence


def test_a_name_given_at_the_start_of_a_sentence_is_remembered():
    history = [{"role": "user", "content": "My name is Sam."}, {"role": "assistant", "content": "Nice to meet you, Sam."}]
    assert ask("What is my name?", messages=history).text == "Your name is Sam."
    assert ask("What is my name?", messages=[{"role": "user", "content": "I'm Ada."}]).text == "Your name is Ada."
    assert ask("What is my name?").text == "You haven't told me your name yet."
