"""Round 17, lesson 09: numbered question lines after fenced data, questions in their own tags, know/don't-know verdict labels,
'only the information provided' with none given."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import shape


def _result(exercise: str, **fields: str):
    """The graded result of the fields (nothing recorded)."""
    return check(exercise, record=False, **fields)


# -- class 1: 'Q1: ...?' lines after the fenced report are questions to the model, not pasted data or a label set --------------

_NUMBERED_AFTER = [
    "Report:\n<report>\n{r}\n</report>\nQ1: Bikes sold in Q3 2024?\nQ2: Marketing spend in Q3 2024?\nUse the report only. If it is not there, say it is not in the report. Don't guess.",
    "<doc>\n{r}\n</doc>\nQuestion 1: Bikes sold, third quarter of 2024?\nQuestion 2: Marketing spend, third quarter of 2024?\nUse only the doc. If a figure is not in the doc, say the doc does not state it. No guessing.",
    "Source:\n<report>\n{r}\n</report>\nQ1) Number of bikes sold, Q3 2024?\nQ2) Marketing budget, Q3 2024?\nAnswer strictly from the report. Not in it? Say so. No estimates.",
]


@pytest.mark.parametrize("prompt", _NUMBERED_AFTER)
def test_numbered_questions_after_the_report_are_answered(prompt: str) -> None:
    """The lines are asked, the rules after them obeyed: 41,200 given and the marketing figure admitted missing."""
    assert _result("09.2", prompt=prompt.format(r=REPORT)).passed


@pytest.mark.parametrize("prompt", _NUMBERED_AFTER)
def test_numbered_questions_without_the_rules_still_fail(prompt: str) -> None:
    """The same questions with no restriction and no out: the marketing figure is made up."""
    bare = prompt.format(r=REPORT).rsplit("\n", 1)[0]
    assert not _result("09.2", prompt=bare).passed


@pytest.mark.parametrize("text", ["Q1: Bikes sold, Q3 2024?", "Question 2: revenue, 2023?", "Q3. Staff, Leeds?"])
def test_a_numbered_question_offers_no_labels(text: str) -> None:
    """The colon after a question's number leads in the question, not a label set."""
    assert shape.find_labels(text) == ()


@pytest.mark.parametrize("text", ["Which is it: positive, negative or mixed?", "Label: positive, negative, mixed"])
def test_a_plain_colon_still_offers_labels(text: str) -> None:
    """Contrast: a colon with no question number still leads in the labels."""
    assert shape.find_labels(text) == ("positive", "negative", "mixed")


# -- class 2: a question in its own tags ('<q2>...?</q2>') is asked, not a sentence of the document ------------------------------

@pytest.mark.parametrize("tag", ["q", "item", "question_two"])
def test_tagged_questions_are_not_read_as_the_report(tag: str) -> None:
    """Each question wrapped in its own tag: the missing figure is admitted, not answered with the question's own words."""
    prompt = (f"<rules>\nAnswer only from the report. If the report does not contain an answer, say it does not give it.\n</rules>\n"
              f"<report>\n{REPORT}\n</report>\n<questions>\n<{tag}>How many bikes did Brightwater sell in the third quarter of 2024?</{tag}>\n"
              f"<{tag}>How much did Brightwater spend on marketing in the third quarter of 2024?</{tag}>\n</questions>")
    r = _result("09.2", prompt=prompt)
    assert r.passed and "<" not in r.reply.text


def test_tagged_questions_without_an_out_still_fail() -> None:
    """Contrast: the same tagged questions with no restriction and no out get an invented figure."""
    prompt = (f"<report>\n{REPORT}\n</report>\n<questions>\n<q>How many bikes did Brightwater sell in the third quarter of 2024?</q>\n"
              "<q>How much did Brightwater spend on marketing in the third quarter of 2024?</q>\n</questions>")
    assert not _result("09.2", prompt=prompt).passed


# -- class 3: a two-label verdict on knowing ('KNOWN or UNKNOWN') is answered with the label, not the fact -----------------------

@pytest.mark.parametrize("template", [
    "Read the question and tell me whether you know the answer. Reply with just KNOWN or UNKNOWN.\n\nQuestion: {question}",
    "Do you know this for sure? Answer with one word, SURE or UNSURE, and nothing else.\n{question}",
    "Classify your own knowledge of the question below as CONFIDENT or NOT SURE. One label only.\n\n{question}",
])
def test_a_knowing_verdict_answers_with_the_label(template: str) -> None:
    """The reply is the label ('KNOWN'), so the known question is not answered: the near-miss fails."""
    r = _result("09.1", template=template)
    assert not r.passed and "canberra" not in r.reply.text.lower()


def test_an_out_without_verdict_labels_still_answers() -> None:
    """Contrast: the same prompt asking for the answer with an out answers the known question."""
    assert _result("09.1", template="Answer the question if you know it; if you don't, reply UNKNOWN rather than guessing.\n\nQuestion: {question}").passed


# -- class 4: 'use only the information provided' with none provided: even the known question is refused -----------------------

@pytest.mark.parametrize("template", [
    "Answer the question using only the information provided. If the information provided doesn't contain the answer, say you don't know.\n\nQuestion: {question}",
    "Rely solely on the context given. When the context does not contain the answer, reply 'I don't know'.\n{question}",
    "Answer based only on the provided context. If the context lacks the answer, say you don't know.\n\nQuestion: {question}",
])
def test_only_the_text_with_no_text_refuses(template: str) -> None:
    """No text is given, so the model says it does not know: the known question goes unanswered and the prompt fails."""
    r = _result("09.1", template=template)
    assert not r.passed and "canberra" not in r.reply.text.lower()


def test_an_out_without_a_restriction_still_answers() -> None:
    """Contrast: the out alone lets the known question be answered."""
    assert _result("09.1", template="Answer the question. If you don't know or are unsure, say you don't know rather than guessing.\n\nQuestion: {question}").passed


# -- class 6: a request in a numbered step ('2. Find how many ...', '3. Look for ...') or 'Kindly state (i) ... (ii) ...' asks ---

_STEPPED = [
    "Work through these steps:\n1. Read the report in <report> tags.\n2. Find how many bikes Brightwater sold in the third quarter of 2024.\n"
    "3. Look for how much Brightwater spent on marketing in the third quarter of 2024. If the report does not say, state that it does not contain it. Use nothing else.\n\n<report>\n{r}\n</report>",
    "<report>\n{r}\n</report>\nUsing only this report, kindly state (i) the number of bikes Brightwater sold in the third quarter of 2024 and "
    "(ii) the amount Brightwater spent on marketing in that quarter. If the report lacks a figure, say it is not in the report.",
]


@pytest.mark.parametrize("prompt", _STEPPED)
def test_stepped_and_roman_numbered_requests_are_questions(prompt: str) -> None:
    """Both figures are asked: 41,200 given and the marketing spend admitted missing."""
    assert _result("09.2", prompt=prompt.format(r=REPORT)).passed


def test_stepped_requests_without_the_out_still_fail() -> None:
    """Contrast: the same steps with no restriction and no out: the marketing figure is made up."""
    prompt = ("Work through these steps:\n1. Read the report in <report> tags.\n2. Find how many bikes Brightwater sold in the third quarter of 2024.\n"
              "3. Look for how much Brightwater spent on marketing in the third quarter of 2024.\n\n<report>\n{r}\n</report>")
    assert not _result("09.2", prompt=prompt.format(r=REPORT)).passed
