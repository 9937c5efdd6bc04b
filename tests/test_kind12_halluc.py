"""Round 12, lesson 09 (09.1, 09.2): an out worded as a condition or with an aside is an out, and a report's figures asked as noun phrases are found."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import grounding
from tutor.analysis.instructions import _exclusions, _unaware


def _passes(exercise: str, **fields: str) -> bool:
    """True when the fields solve the exercise."""
    return check(exercise, record=False, **fields).passed


# -- class 1: 'you have never heard of it' inside a condition is no character's ignorance ---------------------------------------

@pytest.mark.parametrize("template", [
    "Rules:\n- Answer briefly when you know.\n- If you lack reliable knowledge (say, you have never heard of the thing named), reply that you don't know.\n\nQuestion: {question}",
    "Answer {question}. Should you find that you know nothing about the subject, admit you don't know rather than guessing.",
    "{question}\nWhen the question is about something you have never heard of, say you don't know; otherwise answer it.",
    "You are a careful librarian. In case you know nothing of the place or firm it names, tell me you don't know instead of inventing.\n\n{question}",
    "Answer the question. Whenever it turns out you are completely unaware of what it mentions, say 'I don't know'.\nQ: {question}",
    "### Task\nAnswer: {question}\n### Rule\nIf you don't know anything about the town or company (for instance you have never heard of it), say so plainly; never guess.",
    "Please answer {question} accurately. Unless you have never heard of what it asks about, give the answer; if you have, say you don't know.",
    "As a fact-checker, answer {question}. Where you know nothing about the subject, just say you don't know instead of guessing.",
])
def test_a_conditional_never_heard_of_still_answers_what_it_knows(template: str) -> None:
    """The condition grants an out; the known question (the capital of Australia) is still answered."""
    assert _passes("09.1", template=template)


@pytest.mark.parametrize("text", [
    "You are a medieval monk who knows nothing of modern technology.",
    "Play a pirate who has never heard of Europe.",
    "You are a child who knows nothing about taxes. If asked, say you don't know.",
])
def test_a_stated_ignorance_is_still_the_characters(text: str) -> None:
    """Ignorance stated of the character, outside a condition, is still read."""
    assert _unaware(text)[0]


@pytest.mark.parametrize("text", [
    "If you have never heard of the company, say so.",
    "When you know nothing about the place (for example, you have never heard of it), reply that you don't know.",
])
def test_a_condition_of_ignorance_is_no_characters_ignorance(text: str) -> None:
    """'If you have never heard of it' is a condition on the reply, not a fact about a character."""
    assert _unaware(text)[0] == ""


# -- class 2: an elliptic condition followed by an aside ('When you don't - say, because ... - tell me') ------------------------

@pytest.mark.parametrize("sentence", [
    "When you know the answer, give it. When you don't - for example because you never heard of the place - tell me plainly.",
    "Answer it if you can. If you can't (say the company is one you have no record of), tell me so.",
    "Give the answer when you know it; when you don't — perhaps the town is new to you — say that.",
    "If you're sure, answer. If you aren't - and that's fine - just say so.",
    "Reply with the fact if you know it. If you do not (the subject may not exist), admit it.",
    "When you know, answer directly. When you don't – e.g. it names a firm you have no information on – say so plainly.",
    "Answer when you are certain. If you are not (perhaps it's obscure), tell me honestly.",
    "State the answer if you know it; if you don't -- for instance the person is unknown to you -- say that.",
])
def test_an_elliptic_condition_with_an_aside_gives_an_out(sentence: str) -> None:
    """The aside between 'when you don't' and the reply does not hide the condition."""
    assert grounding.gives_out(sentence)


@pytest.mark.parametrize("template", [
    "I need an answer. When you know it, give it directly. When you don't - say, because the place is new to you - tell me plainly that you don't know.\n\n{question}",
    "Answer this if you can: {question}\nIf you can't (for example the company is one you have no information on), just tell me you don't know.",
])
def test_an_elliptic_out_with_an_aside_solves_0901(template: str) -> None:
    """The out with an aside lets the model admit the made-up town and company."""
    assert _passes("09.1", template=template)


@pytest.mark.parametrize("template", [
    "When you answer - and please be brief - give names and dates.\n\n{question}",
    "Answer the question below. When you reply (in one paragraph), be specific.\n\n{question}",
    "{question}\nIf you can - and I'm sure you can - give the exact figure.",
])
def test_an_aside_without_an_out_still_fails(template: str) -> None:
    """Near-misses: an aside in a sentence that grants no out is still no out."""
    assert not _passes("09.1", template=template)


# -- class 3: figures asked as noun phrases, in a list a lead-in introduces or after 'give' ------------------------------------

@pytest.mark.parametrize("lead, items", [
    ("I'm looking for:", ["the number of bikes Brightwater sold in Q3 2024", "Brightwater's marketing spend for Q3 2024"]),
    ("What we're after:", ["the bikes Brightwater sold in the third quarter of 2024", "its marketing spend in that quarter"]),
    ("Now answer, using only facts found in that report:", ["Bikes sold by Brightwater in the third quarter of 2024", "Marketing spend by Brightwater in the third quarter of 2024"]),
    ("So, give me, from the report alone:", ["Number of bikes Brightwater sold in Q3 2024", "Money spent on marketing by Brightwater in Q3 2024"]),
    ("Next, find in the report:", ["Bikes Brightwater sold during Q3 2024", "Marketing budget Brightwater spent in Q3 2024"]),
    ("Please answer from the report only:", ["Brightwater bikes sold, third quarter of 2024", "Brightwater marketing spend, third quarter of 2024"]),
])
def test_noun_phrase_items_under_a_lead_in_are_answered(lead: str, items: list[str]) -> None:
    """Each listed item is a figure asked for: the bikes are found and the missing spend admitted."""
    listed = "\n".join(f"{k}. {item}" for k, item in enumerate(items, 1))
    prompt = (f"Use only the report in the <report> tags.\n\n<report>\n{REPORT}\n</report>\n\n{lead}\n{listed}\n\n"
              "If the report does not give a figure, say that it is not in the report; do not make one up.")
    assert _passes("09.2", prompt=prompt)


@pytest.mark.parametrize("ask", [
    "Using only the <report> below, give Brightwater's bikes sold in Q3 2024 and its marketing spend in Q3 2024; for anything the report doesn't state, say 'not in the report'.",
    "From the <report> alone, state Brightwater's bikes sold in the third quarter of 2024 and its marketing spend in that quarter. If the report does not mention something, say it is not in the report.",
    "Based only on the <report>, give its bikes sold in Q3 2024 and its marketing spend in Q3 2024; where the text doesn't say, reply 'not in the report'.",
])
def test_give_with_noun_phrases_asks_two_figures(ask: str) -> None:
    """'give X's bikes sold and its marketing spend' is two questions about the report."""
    assert _passes("09.2", prompt=f"{ask}\n<report>{REPORT}</report>")


def test_noun_phrase_items_without_grounding_still_fail() -> None:
    """Near-miss: the same list with no restriction to the report and no out gets an invented spend."""
    prompt = (f"<report>\n{REPORT}\n</report>\n\nI'm looking for:\n- the number of bikes Brightwater sold in Q3 2024\n"
              "- Brightwater's marketing spend for Q3 2024")
    assert not _passes("09.2", prompt=prompt)


# -- class 4: a clause saying what the source lacks is no ban on a word ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "For anything the report doesn't state, say 'not in the report'.",
    "If the text does not mention it, say 'not given'.",
    "Where the document doesn't give, say 'unknown'.",
    "Whatever the source doesn't say, reply 'not stated'.",
])
def test_what_the_source_lacks_is_no_exclusion(text: str) -> None:
    """The source's silence names nothing the reply must leave out."""
    assert _exclusions(text) == ()


@pytest.mark.parametrize("text", ["Do not mention the price.", "Don't state, imply or hint at the discount."])
def test_a_ban_is_still_a_ban(text: str) -> None:
    """A ban addressed to the model is still read."""
    assert _exclusions(text)
