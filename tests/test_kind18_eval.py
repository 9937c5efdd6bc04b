"""Round 18, lesson 10: label sets glossed one per line under a lead-in sentence, a relative clause naming the answer's values,
an unquoted reply line 'formatted as Category: followed by ...', an example line after a blank line, and a reason asked for with any modifier."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis import analyse_fields
from tutor.analysis.shape import find_form, find_labels
from tutor.offline.adherence import asks_reason


def _passes(exercise: str, template: str) -> bool:
    """True when the template passes every check of the exercise."""
    return check(exercise, record=False, template=template).passed


# Class 1: labels glossed one per line (no bullets) under a sentence that ends introducing the set, a blank line between or not.
GLOSSED_UNDER_LEAD = [
    ("Sort the review into one of these three labels:\n\npositive: the buyer liked it overall\nnegative: the buyer disliked it overall\n"
     "neutral: no clear leaning either way\n\nReturn the label alone, lowercase, nothing else.\n\nReview: {review}", ("positive", "negative", "neutral")),
    ("Please pick from the allowed values below:\nhigh: people cannot work at all right now\nmedium: annoying, but there is a workaround\n"
     "low: a question or a cosmetic glitch\nOnly the value, in lowercase, no other words.\n\n<ticket>{ticket}</ticket>", ("high", "medium", "low")),
]


@pytest.mark.parametrize("template,labels", GLOSSED_UNDER_LEAD)
def test_glossed_labels_under_a_lead_in_are_the_set_not_data(template: str, labels: tuple[str, ...]) -> None:
    a = analyse_fields(prompt=template)
    assert a.shape.labels == labels
    assert all(label + ":" in a.instruction for label in labels)  # the glossary stays in the instruction, it is not pasted data


def test_glossed_set_passes_10_1_and_10_3() -> None:
    assert _passes("10.1", GLOSSED_UNDER_LEAD[0][0])
    assert _passes("10.3", GLOSSED_UNDER_LEAD[1][0])


def test_a_data_paragraph_under_a_lead_in_stays_data() -> None:
    """Contrast: a form of 'Field: value' lines that are no label set is still read as data."""
    template = ("Here are the following details:\n\nCustomer: Dana Reyes wrote in about her order yesterday\nOrder: 48213 arrived with a cracked lid and she wants money back\n\n"
                "Classify the review as positive, negative or neutral. Only the label.\n\nReview: {review}")
    a = analyse_fields(prompt=template.replace("{review}", "Nice kettle."))
    assert "Dana Reyes" not in a.instruction


def test_lead_in_without_its_glossary_fails() -> None:
    """Contrast: the same prompt with the glossary lines cut offers no label set."""
    template = GLOSSED_UNDER_LEAD[0][0]
    cut = template.replace("positive: the buyer liked it overall\nnegative: the buyer disliked it overall\nneutral: no clear leaning either way\n\n", "")
    assert analyse_fields(prompt=cut).shape.labels == ()
    assert not _passes("10.1", cut)


# Class 2: a relative clause on the answer's noun names its values ('a word that must be a, b or c').
@pytest.mark.parametrize("sentence,labels", [
    ("Reply with one lowercase word that must be positive, negative or neutral and nothing more:", ("positive", "negative", "neutral")),
    ("Give back one label, which can only be low, medium or high.", ("low", "medium", "high")),
    ("Your answer is a single word and it has to be billing, technical, account or shipping.", ("billing", "technical", "account", "shipping")),
    ("Output a verdict that is either spam or ham.", ("spam", "ham")),
])
def test_relative_clause_offers_the_set(sentence: str, labels: tuple[str, ...]) -> None:
    assert find_labels(sentence) == labels


def test_relative_clause_listing_qualities_offers_no_set() -> None:
    assert find_labels("Write a short reply that must be polite, warm and friendly.") == ()


def test_relative_clause_passes_10_1() -> None:
    assert _passes("10.1", "Label the sentiment of this review using just one lowercase word that has to be positive, negative or neutral; "
                           "write nothing else at all: {review}")


# Class 3: an unquoted reply line after 'formatted as' / 'in the form', the labels after 'exactly one of'.
@pytest.mark.parametrize("sentence,form", [
    ("Reply on one line formatted as Category: followed by a space and exactly one of billing, technical, account or shipping.", "Category: {}"),
    ("Answer in the form Urgency: then the level, nothing more.", "Urgency: {}"),
    ("Give one line written as Team: followed by just one of sales, ops or legal.", "Team: {}"),
])
def test_unquoted_line_after_formatted_as(sentence: str, form: str) -> None:
    assert find_form(sentence, find_labels(sentence)) == form


def test_unquoted_line_passes_10_2_and_without_only_rule_slips() -> None:
    good = ("Sort this ticket and answer with a single line, written as Category: followed by a space and exactly one of billing, technical, "
            "account or shipping, lowercase, and no other words at all. Ticket: {ticket}")
    assert _passes("10.2", good)
    assert not _passes("10.2", good.replace("Category: followed by a space and exactly one of", "one of"))


# Class 4: the example reply line under 'like this:' / 'in this format:' with a blank line between.
def test_example_line_after_blank_line_is_the_form() -> None:
    template = ("Our tool reads exactly one line in this format:\n\nCategory: shipping\n\nThe word after the colon is billing, technical, account or shipping, "
                "lowercase. Add nothing else.\n\nTicket:\n{ticket}")
    labels = find_labels(template)
    assert find_form(template, labels) == "Category: {}"
    assert _passes("10.2", template)


# Class 5: a reason asked for with any modifier ('a one-sentence reason', 'a quick, plain explanation'); negations still rule it out.
@pytest.mark.parametrize("sentence,asked", [
    ("Begin with the line, then give a one-sentence reason for your pick.", True),
    ("Write the label, then provide a quick, plain-English justification.", True),
    ("Answer with the label. Give no reason.", False),
    ("Do not add a two-line explanation.", False),
    ("Only the label, with no other words, punctuation or explanation.", False),
])
def test_reason_asked_with_any_modifier(sentence: str, asked: bool) -> None:
    assert asks_reason(sentence) is asked


def test_line_then_a_reason_fails_10_2() -> None:
    template = ("Classify the ticket between the triple quotes as billing, technical, account or shipping. Open your reply with 'Category: <label>' "
                "and then give a two-sentence reason.\n\n\"\"\"\n{ticket}\n\"\"\"")
    assert not _passes("10.2", template)


# Class 6: a verb of acceptance names the set ('accepts only a, b or c', 'only understands a, b or c'); a glossary under 'Guide:' is no data.
@pytest.mark.parametrize("sentence,labels", [
    ("A script reads your answer and accepts only low, medium or high.", ("low", "medium", "high")),
    ("Our parser only understands billing, technical, account or shipping; answer with one of them.", ("billing", "technical", "account", "shipping")),
    ("The dashboard takes just positive, negative or neutral.", ("positive", "negative", "neutral")),
])
def test_acceptance_verb_offers_the_set(sentence: str, labels: tuple[str, ...]) -> None:
    assert find_labels(sentence) == labels


def test_acceptance_verb_without_a_set_offers_none() -> None:
    assert find_labels("We accept returns within 30 days.") == ()


def test_guide_glossary_stays_in_the_instruction() -> None:
    template = ("Please rate how urgent this ticket is.\n\n<t>\n{ticket}\n</t>\n\nGuide:\n- high: many people are blocked right now\n"
                "- medium: a real problem with a workaround\n- low: a question or an idea\n\nOur bot takes only low, medium or high, so give that word alone.")
    a = analyse_fields(prompt=template.replace("{ticket}", "The app crashes on start."))
    assert "high: many people" in a.instruction
    assert a.shape.labels == ("high", "medium", "low")
