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


@pytest.mark.parametrize("fence", ['"""{q}"""', "---\n{q}\n---", "```\n{q}\n```"])
def test_a_delimited_question_the_instruction_points_to_is_answered(fence):
    prompt = fence.format(q="What is the capital of Australia?") + "\nRespond to the question above with the city name only: one word."
    assert ask(prompt).text == "Canberra"


@pytest.mark.parametrize("extra", ["then one line on why", "followed by a short explanation", "and add a fun fact about it"])
def test_a_one_word_answer_with_more_asked_after_it_is_not_one_word(extra):
    assert len(ask(f"What is the capital of Australia? Answer in one word, {extra}.").text.split()) > 1
    assert ask("What is the capital of Australia? Answer in one word, then stop.").text == "Canberra"


@pytest.mark.parametrize("system", [
    "You run a pub quiz. Reply with the answer alone, in one word.",
    "You teach geography during a quiz game. Every answer is one word.",
    "Your job: quiz bot.\nFormat: 1 word per answer.",
    "Your role - quizmaster. Reply with one word only.",
    "Please behave as the answer key of a quiz: one word per answer.",
    "Serve as the scorekeeper of a trivia game and answer with one word only.",
])
def test_roles_stated_by_deed_label_or_verb_of_acting_are_roles(system):
    from tutor import analysis
    assert analysis.analyse_fields(system=system).persona is not None
    assert analysis.analyse_fields(system="Your job: answer every question in one word.").persona is None
