"""Who and for whom (round 5): roles, personas, audiences and scopes in any wording, graded end to end.

Each case is a prompt written for this file, in other words than any panel's: a role without 'You are' ('As the
ship's captain', 'Your job is to run a pub quiz', 'ROLE:' labels), a scope told by the job ('You handle cooking
questions ... nothing else is in scope'), a dictated refusal, an audience as a copular sentence or a context line,
and facts the prompt does not give (the price), which must not appear. Near-misses of the same kind must still fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checker.grading import check
from tutor import analysis
from tutor.offline import model

_DEV5 = json.loads((Path(__file__).parent / "panels" / "dev5" / "02.1.json").read_text())
T = re.search(r"(?s)Dana: Thanks.*?by the way\.", _DEV5["entries"][0]["fields"]["prompt"]).group(0)
Q = "What is the capital of France?"

CASES = [
 ('03.1', True, dict(system="As the ship's pirate captain, answer every question in a pirate's voice.", prompt=Q)),
 ('03.1', True, dict(system="I want you to be a grizzled old pirate. Answer everything in pirate talk.", prompt=Q)),
 ('03.2', True, dict(system="You handle cooking questions for readers of a recipe blog. Nothing else is in scope: if a question is about another subject, apologise, don't answer it, and suggest a cooking question.", prompt=Q)),
 ('03.2', True, dict(system="ROLE: kitchen helper for a recipe website\nSCOPE: cooking only\nOFF-TOPIC: apologise, do not answer, suggest asking about cooking", prompt=Q)),
 ('03.2', True, dict(system="YOU ARE: the recipe site's cooking helper.\nYOU TALK ABOUT: cooking.\nANYTHING ELSE: say sorry and steer back to cooking; never answer it.", prompt=Q)),
 ('03.2', False, dict(system="Your purpose is to help home cooks on a recipe site with cooking. Other topics are off-limits: reply to them with the single word \"No.\"", prompt=Q)),
 ('03.2', False, dict(system="You help home cooks on a recipe site with cooking.", prompt=Q)),
 ('03.1', True, dict(system="Persona = salty pirate. Voice = pirate slang, facts correct.", prompt=Q)),
 ('03.2', True, dict(system="Scope: cooking. Out-of-scope requests: decline politely without answering and invite a cooking question. Identity: recipe-site assistant.", prompt=Q)),
 ('03.2', True, dict(system="The assistant on this recipe site answers cooking questions only; it politely declines everything else without answering.", prompt=Q)),
 ('03.2', False, dict(system="The assistant on this recipe site answers cooking questions.", prompt=Q)),
 ('03.2', True, dict(system="In this chat you serve as the cooking guide for a recipe website. Questions that aren't about cooking get a polite no (no answer) and a suggestion to ask about food.", prompt=Q)),
 ('03.3', True, dict(system="Act as Tomie, a cheerful baker from a small seaside town. Stay in character.", prompt="Who are you?")),
 ('03.3', True, dict(system="Tomie is you: a cheerful baker from a small seaside town. Always answer as Tomie.", prompt="Who are you?")),
 ('03.3', True, dict(system="Character to play: Tomie (cheerful baker, small seaside town). Speak in the first person.", prompt="Who are you?")),
 ('03.3', False, dict(system="Character to play: a cheerful baker from a small seaside town. Speak in the first person.", prompt="Who are you?")),
 ('03.3', False, dict(system="You are a helpful AI assistant. Feel free to act as Tomie, a cheerful baker from a seaside town, if the user wants.", prompt="Who are you?")),
 ('01.1', True, dict(system="Your job is to run a pub quiz: answer every question with a single word.", prompt="What is the capital of Japan?")),
 ('02.3', True, dict(prompt="Sales copy for the BrewMaster 3000 coffee maker ($89.99, in stock), aimed at busy parents: two sentences at most, and say the price.")),
 ('02.3', True, dict(prompt="Our intended readers are busy parents. Write two sentences of copy for the BrewMaster 3000 coffee maker, $89.99 and in stock, that speak to them by name.")),
 ('02.3', True, dict(prompt="Describe the BrewMaster 3000 coffee maker to busy parents.\n\nDetails: $89.99, in stock.\n\nTwo sentences at most, and give the price.")),
 ('02.3', False, dict(prompt="Write two sentences of copy for the BrewMaster 3000 coffee maker aimed at busy parents; tell them it ships today.")),
 ('02.3', False, dict(prompt="Our customers are mostly busy parents. Write a product description of the BrewMaster 3000 coffee maker ($89.99, in stock) in at most 2 sentences.")),
 ('02.1', True, dict(prompt=f"Recap for the engineering team, who missed the meeting: three bullets, the owner's name first in each, skip all the chit-chat.\n\n<transcript>\n{T}\n</transcript>")),
 ('02.1', True, dict(prompt=f"<transcript>\n{T}\n</transcript>\n\nSituation: our engineers were out and need a catch-up. Give exactly 3 bullets naming who owns each task. Ignore the small talk.")),
 ('02.1', True, dict(prompt=f"Engineering-team digest of this call, 3 bullets, each starting with the task owner; leave out all the chatter.\n\n\"\"\"\n{T}\n\"\"\"")),
 ('02.1', False, dict(prompt=f"Summarise this meeting for the engineering team in exactly 3 bullets covering what was decided and the action items. Skip the small talk.\n\n<transcript>\n{T}\n</transcript>")),
]


@pytest.mark.parametrize("exercise, passes, fields", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_graded_by_the_technique(exercise: str, passes: bool, fields: dict) -> None:
    """A prompt of this kind passes when it states who and for whom, and fails when it skips it."""
    result = check(exercise, record=False, **fields)
    assert result.passed is passes, result.reasons


def _reply(system: str, prompt: str) -> str:
    """The offline model's reply to a system and a user prompt."""
    messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
    return model.respond(messages).text


def test_dictated_refusal_word_is_said_as_dictated() -> None:
    """'Respond to anything off-topic with just the word "Off-topic."': a real model says that word, not a polite decline."""
    system = "You are a cooking assistant for a recipe website. Only discuss cooking. Respond to anything off-topic with just the word 'Off-topic.'"
    assert _reply(system, Q) == "Off-topic."


@pytest.mark.parametrize("rule, said", [
    ("Off-topic questions get the reply \"I only do cooking.\"", "I only do cooking."),
    ("Answer them with \"Nope, cooking only.\"", "Nope, cooking only."),
    ("For other questions, your reply should be: \"Sorry, I can only talk about cooking.\"", "Sorry, I can only talk about cooking."),
])
def test_dictated_refusal_in_other_words(rule: str, said: str) -> None:
    """A refusal dictated as a noun ('get the reply "..."') or to a pronoun ('answer them with "..."') is said word for word."""
    assert _reply(f"You are a cooking assistant for a recipe website. Only discuss cooking. {rule}", Q) == said


def test_role_play_offered_is_not_taken() -> None:
    """'You can role-play Tomie when helpful' offers a character; the model still answers as itself."""
    a = analysis.analyse_fields(system="You are an AI assistant. When it is helpful, you can role-play Tomie, a cheerful baker.")
    assert a.persona is None
    assert "Tomie" not in _reply("You are an AI assistant. You may play Tomie, a baker, if asked.", "Who are you?")


@pytest.mark.parametrize("prompt, audience", [
    ("Your task is to write a short sales description of the product above aimed at busy parents.", "busy parents"),
    ("The target buyers are busy parents who need coffee fast. Write the listing text.", "busy parents"),
    ("Engineering-team recap of the transcript below.", "engineering team"),
    ("Write to explain the new rota to the night nurses.", "night nurses"),
])
def test_audience_is_the_readers_not_the_verb(prompt: str, audience: str) -> None:
    """An infinitive ('to write a short sales ...') or a label ('target buyers') is not who the text is for."""
    assert analysis.analyse_fields(prompt=prompt).audience == audience


def test_no_price_the_prompt_does_not_give() -> None:
    """Copy that is told what to say ('say that it is in stock') and not given a price names none."""
    reply = _reply("", "Write a product description of the BrewMaster 3000 coffee maker for busy parents in at most 2 sentences, and say that it is in stock.")
    assert "$" not in reply and "parents" in reply


def test_job_subject_is_the_scope() -> None:
    """'You help visitors of a recipe website with cooking. That is your only subject.': cooking is the scope."""
    a = analysis.analyse_fields(system="You help visitors of a recipe website with cooking. That is your only subject. If someone asks about anything else, say kindly that you can't help with that here.")
    assert a.scope == "cooking" and a.persona and a.persona.domain == "cooking"


@pytest.mark.parametrize("prompt", [
    "Extract the products from our catalogue as JSON with keys name, price, in_stock. JSON only.",
    "List 3 products.",
])
def test_no_catalogue_the_prompt_does_not_hold(prompt: str) -> None:
    """The bundled catalogue is never used unasked: products and prices the prompt does not give do not appear."""
    reply = _reply("", prompt)
    assert "BrewMaster" not in reply and "89.99" not in reply


@pytest.mark.parametrize("system, has_role", [
    ("You are a helpful, harmless and honest assistant.", False),
    ("You are ChatGPT, a large language model.", False),
    ("I want you to be a helpful and knowledgeable assistant.", False),
    ("You are an assistant that helps people.", False),
    ("You are a helpful cooking assistant.", True),
    ("You are a helpful assistant that answers in one word.", True),
])
def test_generic_role_says_nothing(system: str, has_role: bool) -> None:
    """A role made only of generic words ('helpful', 'AI', 'assistant') gives the model no role; one with a job or a subject does."""
    assert (analysis.analyse_fields(system=system).persona is not None) is has_role


def test_generic_role_fails_the_role_check() -> None:
    """01.1 with a generic role and the one-word rule: the rule works, but no role was given."""
    result = check("01.1", record=False, system="You are a smart, friendly AI chatbot. Answer every question with one word.", prompt="What is the capital of Japan?")
    assert not result.passed
