"""Round 6, who and for whom: roles, characters, voices, audiences, scopes and feigned ignorance read by grammar, not trigger words."""

from __future__ import annotations

import pytest

from checker.checks import sets_role
from checker.grading import check
from tutor import analysis
from tutor.offline import model

CAPITAL = "What is the capital of France?"


def _persona(system: str) -> analysis.Persona | None:
    """The persona the shared analysis reads from a system prompt."""
    return analysis.analyse_fields(system=system).persona


def _reply(system: str, user: str) -> str:
    """The offline model's reply to a system prompt and one user turn."""
    return model.respond([{"role": "system", "content": system}, {"role": "user", "content": user}]).text


@pytest.mark.parametrize("system", [
    "You power a pub-quiz app whose screen only has room for one word. Output the answer as a single word.",
    "Your job: answer quiz questions. Constraint: your whole reply must be one word.",
    "Your task - handle support tickets for a bike shop. Keep replies short.",
    "You run the trivia night at the Fox and Hound. Give one-word answers.",
    "You field geography questions from students. One word per answer.",
    "Your mission: moderate the comments on our cooking forum.",
    "You staff the help desk of a public library. Be brief.",
    "Your role is to answer customer questions for an online bakery.",
])
def test_a_standing_job_is_a_role(system: str) -> None:
    """A second-person job verb with what it serves, or a 'Your job:' label with a deed, gives the model a role."""
    assert sets_role({"system": system})[0], system


@pytest.mark.parametrize("system", [
    "Your task: answer in one word.",
    "You answer in one word and nothing else.",
    "Answer quiz questions in one word.",
    "You are a helpful assistant.",
    "Answer the question as briefly as possible.",
    "Reply to the user in one word.",
])
def test_a_manner_or_a_generic_identity_is_no_role(system: str) -> None:
    """How to answer, or a generic assistant, is not a role."""
    assert not sets_role({"system": system})[0], system


@pytest.mark.parametrize("system, name, desc", [
    ("Play the character Tomie, a sunny, cheerful baker who runs a bakery by the sea. Speak in the first person as Tomie.", "Tomie", "baker"),
    ("Your identity: Tomie. Your life: you are a cheerful baker in a small seaside town. Stay in character.", "Tomie", "baker"),
    ("You're Tomie! A cheerful baker who lives in a small seaside town.", "Tomie", "baker"),
    ("Character rules:\n- You are Tomie.\n- You are a cheerful baker.\n- You live by the sea.", "Tomie", "baker"),
    ('"""Tomie, a cheerful baker who lives in a small seaside town."""\nThat is who you are. Answer as that person.', "Tomie", "baker"),
    ("A grumpy lighthouse keeper named Brann. This is you.", "Brann", "lighthouse keeper"),
    ("Take on the role Captain Mira, a starship pilot. Reply to everyone as Mira.", "Mira", "pilot"),
    ("Tomie, that's you: a cheerful baker living in a small seaside town.", "Tomie", "baker"),
])
def test_a_character_keeps_its_description(system: str, name: str, desc: str) -> None:
    """Whatever the grammar, the character's name and what they are both reach the persona."""
    p = _persona(system)
    assert p is not None and name in p.name and desc in p.description, (system, p)


def test_a_new_sentence_after_the_name_is_no_description() -> None:
    """'You are Tomie. A customer will ask ...' is a new sentence, not a verbless description of Tomie."""
    p = _persona("You are Tomie. A customer will ask you things.")
    assert p is not None and "customer" not in p.description


@pytest.mark.parametrize("system", [
    "I want you to respond to the user as a pirate would. Keep the facts accurate.",
    "Answer to everyone as a pirate would, with pirate grammar.",
    "Speak to users as a pirate, but keep the facts right.",
])
def test_a_voice_told_with_its_listener_is_taken(system: str) -> None:
    """'Respond to the user as a pirate would' gives the pirate voice and the right fact."""
    reply = _reply(system, CAPITAL)
    assert "Paris" in reply and any(w in reply.lower() for w in ("arr", "matey", "ahoy", "aye"))


@pytest.mark.parametrize("prompt, who", [
    ("We sell coffee makers. The people we want to reach are busy parents. Write a two-sentence description of the BrewMaster 3000 ($89.99).", "busy parents"),
    ("Write a product description of the BrewMaster 3000 ($89.99). Aim it at busy parents.", "busy parents"),
    ("The customers we're targeting are students. Write one sentence about the BrewMaster 3000.", "students"),
    ("Write one sentence about the BrewMaster 3000 and gear the text towards retirees.", "retirees"),
])
def test_an_audience_in_any_grammar(prompt: str, who: str) -> None:
    """Who the text is for, told as a targeting sentence or an 'aim it at' verb, is the audience."""
    assert analysis.analyse_fields(prompt=prompt).audience == who


def test_no_audience_when_none_is_named() -> None:
    """A product and a length say nothing about who reads the copy."""
    assert analysis.analyse_fields(prompt="Write a two-sentence product description of the BrewMaster 3000 ($89.99).").audience is None


@pytest.mark.parametrize("system", [
    "You are ChefBot, the assistant on a recipe site. You talk about cooking, nothing else. Off-topic: apologise, say it is outside what you can help with.",
    "I'd like you to be the cooking assistant on our recipe site. If someone asks something unrelated, be courteous and tell them you can only help with cooking questions rather than answering.",
    "Your job: answer cooking questions for a recipe website. Your limit: cooking is the only subject you discuss. Politely decline anything else.",
])
def test_a_scope_is_the_subject_not_a_clause(system: str) -> None:
    """A relative clause ('what you can help with') or a 'rather than' tail is no topic: the scope is cooking and the refusal says so."""
    assert analysis.analyse_fields(system=system, prompt=CAPITAL).scope == "cooking"
    reply = _reply(system, CAPITAL)
    assert "cooking" in reply and "Paris" not in reply


def test_a_character_told_not_to_know_pleads_ignorance() -> None:
    """A pirate who 'knows nothing of Europe' and is told to say so does not give Paris (the 03.1 near-miss fails)."""
    system = ("You are Pegleg Pete, a pirate who has never left the Caribbean and knows nothing of Europe. "
              "If asked about a place ye've never seen, say ye don't know it. Always speak in pirate slang.")
    assert "Paris" not in _reply(system, CAPITAL)
    assert not check("03.1", record=False, system=system, prompt=CAPITAL).passed


@pytest.mark.parametrize("system", [
    "You are a pirate. If you do not know something, say you don't know. Speak in pirate slang.",
    "You are a medieval knight who knows nothing of computers. Speak like a knight.",
])
def test_honest_uncertainty_or_unrelated_ignorance_still_answers(system: str) -> None:
    """'Say you don't know if you don't know' is no feigned ignorance; ignorance of computers does not reach France."""
    assert "Paris" in _reply(system, CAPITAL)


def test_named_job_roles_pass_01_1() -> None:
    """The 01.1 exercise passes a standing job told in the learner's own grammar."""
    system = "You power a pub-quiz app whose screen only has room for one word. For each question, output the answer as a single word and nothing else."
    assert check("01.1", record=False, system=system, prompt="What is the capital of Japan?").passed


@pytest.mark.parametrize("system", [
    "Act like a pirate when you answer.",
    "Adopt the persona of a salty pirate.",
    "Channel a pirate in every reply.",
    "Think of yourself as a pirate captain.",
    "Use the voice of a pirate captain.",
    "Write your answers like a pirate would.",
])
def test_imperative_identities_give_the_voice(system: str) -> None:
    """Any imperative identity ('act like', 'adopt the persona of', 'channel', 'like a pirate would') sets the role and its voice."""
    assert sets_role({"system": system})[0]
    reply = _reply(system, CAPITAL)
    assert "Paris" in reply and "arr" in reply.lower()


@pytest.mark.parametrize("system", ["Answer as briefly as you would for a child.", "Answer as clearly as possible."])
def test_a_comparison_is_no_role(system: str) -> None:
    """'as briefly as ...' compares a manner; it casts no one."""
    assert not sets_role({"system": system})[0]


@pytest.mark.parametrize("system", [
    "Imagine being Tomie, a cheerful baker in a seaside town.",
    "Your character for this chat is Tomie, a cheerful baker.",
])
def test_more_character_grammars(system: str) -> None:
    """'Imagine being X, a ...' and 'Your character for this chat is X' name the character and what they are."""
    p = _persona(system)
    assert p is not None and p.name == "Tomie" and "baker" in p.description


@pytest.mark.parametrize("system", [
    "Help users with cooking. Anything unrelated to cooking gets a polite no.",
    "You are a cooking assistant. If a question has nothing to do with cooking, apologise and do not answer it.",
])
def test_an_off_topic_clause_names_the_scope(system: str) -> None:
    """'unrelated to cooking gets a polite no', 'has nothing to do with cooking': the topic stops at the verb."""
    assert analysis.analyse_fields(system=system, prompt=CAPITAL).scope == "cooking"


def test_an_audience_kept_in_mind() -> None:
    """'with busy parents in mind' names the readers; 'with a friendly tone' names none."""
    assert analysis.analyse_fields(prompt="Write two sentences about the BrewMaster 3000 with busy parents in mind.").audience == "busy parents"
    assert analysis.analyse_fields(prompt="Write two sentences about the BrewMaster 3000 with a friendly tone.").audience is None
