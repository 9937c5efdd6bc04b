"""Regressions for lessons 02 (clear instructions) and 03 (roles and personas) on the offline model."""

from __future__ import annotations

import pytest

from tutor import ask
from tutor.analysis import count_words, sentences

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


@pytest.mark.parametrize("system", [
    "Your name is Mira. You're a cheerful gardener who grows roses by the river.",
    "Play Mira, a cheerful gardener who grows roses by the river.",
    "I'm casting you as Mira, the cheerful gardener of a riverside cottage.",
    "Mira, that's you: a cheerful gardener who grows roses by the river.",
    "<character>\nName: Mira\nJob: gardener\nPersonality: cheerful\n</character>\nYou are this character.",
])
def test_a_character_is_read_from_many_wordings(system: str) -> None:
    reply = ask("Who are you?", system=system).text
    assert reply.startswith("I'm Mira, ") and "gardener" in reply and "simulator" not in reply


def test_an_ai_that_plays_a_character_says_it_is_an_ai() -> None:
    reply = ask("Who are you?", system="You are a language model playing Mira, a cheerful gardener.").text
    assert reply.startswith("I'm a language model")


@pytest.mark.parametrize("system", [
    "You are a gardening assistant. Stick to gardening.",
    "You are a gardening assistant. Your sole topic is gardening.",
    "You are a gardening assistant: discuss gardening only and politely decline anything else.",
    "You are a gardening assistant. If the question is about anything other than gardening, decline politely.",
    "You help visitors of a garden centre.\nRules:\n- Talk only about gardening.\n- Politely decline other subjects.",
])
def test_a_scope_is_read_from_many_wordings_and_the_decline_is_whole(system: str) -> None:
    reply = ask("What is the capital of France?", system=system).text
    assert "Paris" not in reply and "gardening" in reply and reply.rstrip().endswith(("?", "."))


def test_the_refusal_the_prompt_dictates_is_used_and_a_blunt_one_is_blunt() -> None:
    own = ask("What is the capital of France?", system="You are a gardening assistant. Only discuss gardening. "
              "For anything else, say 'Sorry, I only talk about plants!'").text
    assert own == "Sorry, I only talk about plants!"
    blunt = ask("What is the capital of France?", system="You are a gardening assistant. Only discuss gardening. Refuse anything else bluntly.").text
    assert "sorry" not in blunt.lower() and "gardening" in blunt


def test_a_scope_that_allows_a_brief_answer_answers_then_steers_back() -> None:
    reply = ask("What is the capital of France?", system="You are a gardening assistant. Focus on gardening; "
                "for other questions, keep your answer brief and bring the conversation back to gardening.").text
    assert "Paris" in reply and "gardening" in reply


@pytest.mark.parametrize("prompt", [
    "Write a product description of the TrailLite backpack ($59.00, in stock) for hikers in at most 2 sentences. Mention the price.",
    "<product>\nName: TrailLite backpack\nPrice: $59.00\n</product>\n<audience>hikers</audience>\nWrite a two-sentence description of the product above for the audience above.",
    "Product: TrailLite backpack\nPrice: $59.00\nTarget audience: hikers\nLength: 2 sentences maximum\n\nTask: write the product description.",
])
def test_product_copy_names_the_audience_and_the_price_in_whole_sentences(prompt: str) -> None:
    reply = ask(prompt).text
    assert "hikers" in reply and "$59.00" in reply and "TrailLite" in reply
    assert len(sentences(reply)) <= 2 and reply.rstrip().endswith((".", "!"))


@pytest.mark.parametrize("prompt", [
    "Write a product blurb for the TrailLite backpack in at most 40 words. Leave the price out.",
    "Write a description of the TrailLite backpack, at most 40 words, saying nothing about its price.",
    "Requirements:\n- Product: TrailLite backpack\n- max_words: 40\n- Must not include: the price\n\nWrite the product description.",
])
def test_product_copy_leaves_the_price_out_and_keeps_whole_sentences_within_the_limit(prompt: str) -> None:
    reply = ask(prompt).text
    assert "TrailLite" in reply and "$" not in reply and "price" not in reply.lower()
    assert count_words(reply) <= 40 and reply.rstrip().endswith((".", "!"))


def test_copy_for_an_unknown_product_invents_no_price() -> None:
    reply = ask("Write a two-sentence description of the Zephyr kettle for students. Mention that it is in stock.").text
    assert "$" not in reply and "students" in reply


def test_a_child_gets_short_plain_sentences_and_an_adult_gets_the_fact() -> None:
    child = ask("Explain photosynthesis to a 7-year-old in at most 2 short sentences.").text
    adult = ask("Explain photosynthesis.").text
    assert len(sentences(child)) <= 2 and "chlorophyll" not in child and "sunlight" in child
    assert "chlorophyll" in adult
    kindergarten = ask("How fast does light travel?", system="You are a kindergarten teacher.").text
    assert "299,792" not in kindergarten and "300,000" in kindergarten


@pytest.mark.parametrize("rules", [
    "### Must not include\n- Anything about parking",
    "Avoid in the summary:\n- the parking passes",
    "Success criteria:\n[ ] 2 bullet points\n[ ] no mention of parking",
    "What to leave out\n- parking",
])
def test_exclusions_under_a_negative_heading_or_in_a_checklist(rules):
    from tutor.analysis.instructions import _exclusions
    assert "parking" in " ".join(_exclusions(rules))


@pytest.mark.parametrize("prompt, audience", [
    ("Write a product description.\n---\nItem: kettle\nWritten for: busy parents\n---", "busy parents"),
    ("Aimed at: students\nWrite a blurb for the kettle.", "students"),
    ('Say only: "For busy parents: $89.99."', None),
])
def test_audience_labels_count_and_dictated_quotes_do_not(prompt, audience):
    from tutor import analysis
    assert analysis.analyse_fields(prompt=prompt).audience == audience
