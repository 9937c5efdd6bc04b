"""Round 17 (eval): placeholder words and routing verbs offer the labels, lines to copy are no form, a data header is no reply slot."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis.shape import find_form, find_labels, find_shape, line_choices, named_slots
from tutor.offline import conversation, features

TEAMS = ("billing", "technical", "account", "shipping")
MOODS = ("positive", "negative", "neutral")
LEVELS = ("low", "medium", "high")

# A slot word in capitals ('LABEL', 'CAT'), a letter defined with ', X being', 'whichever of', a routing verb, 'the exact words'.
FORMS = [
    ("Decide the team: billing, technical, account or shipping. Reply with one line, Category: LABEL, where LABEL is the team in lowercase, nothing else.", TEAMS),
    ("Pick billing, technical, account or shipping and print only `Category: CAT`, with CAT being your pick.", TEAMS),
    ("Which team (billing/technical/account/shipping)? Output only the line \"Category: Y\", Y being that team.", TEAMS),
    ("Answer with one line formatted as Category: <label>, where <label> is whichever of billing, technical, account or shipping fits best.", TEAMS),
    ("Write only Urgency: <level>, where <level> is any of low, medium or high.", LEVELS),
]


@pytest.mark.parametrize(("text", "labels"), FORMS)
def test_placeholder_form_read(text: str, labels: tuple[str, ...]) -> None:
    """The placeholder stands for the answer: the labels are offered and the line is the reply's form."""
    found = find_labels(named_slots(text))
    assert found == labels
    assert find_form(named_slots(text), found) in ("Category: {}", "Urgency: {}")


@pytest.mark.parametrize(("text", "labels"), [
    ("Route each support ticket to billing, technical, account or shipping.", TEAMS),
    ("Assign every request to billing, technical, account or shipping, one word only.", TEAMS),
    ("Send each ticket into low, medium or high.", LEVELS),
    ("The parser accepts only the exact words positive, negative or neutral.", MOODS),
    ("Use the literal words positive, negative or neutral and no others.", MOODS),
    ("Pick whichever of positive, negative or neutral best describes it.", MOODS),
])
def test_labels_offered(text: str, labels: tuple[str, ...]) -> None:
    """A routing verb, 'the exact words' or a trailing 'best' still offers the set, and no label swallows the next word."""
    assert find_labels(text) == labels


def test_best_is_no_label_word() -> None:
    """'... or shipping best describes the ticket' ends the set at 'shipping'."""
    assert find_labels("where <label> is whichever of billing, technical, account or shipping best describes the ticket") == TEAMS


# Text to copy as written: every line, or one line with its slashes; the same line after 'in this format' stays a form.
def test_reply_with_these_lines_is_no_choice() -> None:
    """'Reply with these lines' asks for all of them: no line is offered as a choice."""
    lines = "Category: billing\nCategory: technical\nCategory: account\nCategory: shipping"
    assert line_choices(f"Reply with these four lines exactly:\n{lines}\n") == ("", ())
    assert line_choices(f"Reply with the one line that fits:\n{lines}\n")[1] == TEAMS


@pytest.mark.parametrize("text", [
    "Reply with this single line and nothing else: Category: billing/technical/account/shipping",
    "Print exactly this line: Category: billing|technical|account|shipping",
    "Output the following line: Category: billing/technical/account/shipping",
])
def test_copied_line_is_no_form(text: str) -> None:
    """A line to copy as it stands is no pattern with a slot for the answer."""
    assert find_form(text, TEAMS) == ""


@pytest.mark.parametrize("text", [
    "Reply with one line in this format and nothing else: Category: billing/technical/account/shipping",
    "Your single line must match this pattern: Category: billing|technical|account|shipping",
])
def test_pattern_line_stays_a_form(text: str) -> None:
    """The same alternatives after 'format' or 'pattern' are a form to fill."""
    assert find_form(text, TEAMS) == "Category: {}"


# A closing 'Review:' that heads the data is no empty slot: the reply is not bare for it.
def _bare(user: str) -> bool:
    """The model's reading: is the reply the label alone?"""
    return features.detect(conversation.Conversation(user=user)).bare


def test_data_header_is_no_reply_slot() -> None:
    """'Review:' before the data sets no bare reply; a 'Sentiment:' left empty after the data does."""
    ask = "Decide whether the sentiment of this review is positive, negative or neutral."
    assert not _bare(f"{ask}\n\nReview:\n\"\"\"\nThe kettle is lovely.\n\"\"\"")
    assert not _bare(f"{ask}\n\nText:\n<review>The kettle is lovely.</review>")
    assert _bare(f"{ask}\n\nReview: The kettle is lovely.\nSentiment:")
    assert find_shape(f"{ask}\n\nSentiment:").bare


# Whole prompts, graded as a learner's.
PASS_10_2 = [
    "\"\"\"\n{ticket}\n\"\"\"\n\nThe text above is a support ticket. Decide which team it belongs to: billing, technical, account or shipping. "
    "Your answer is read by a script, so it must be one line, Category: TEAM, where TEAM is the team in lowercase, and nothing else.",
    "Read the ticket below and reply with a single line and nothing more, written as Category: <label>, where <label> is whichever of "
    "billing, technical, account or shipping best fits it: {ticket}",
    "Route every ticket to billing, technical, account or shipping. Reply to the last one with one line of the form Category: <label> "
    "and nothing else.\n\nTicket: My card was billed twice.\nCategory: billing\n\nTicket: The app freezes on start.\nCategory: technical\n\n"
    "Ticket: I cannot change my username.\nCategory: account\n\nTicket: The parcel never came.\nCategory: shipping\n\nTicket: {ticket}",
]
FAIL_10_2 = [
    "Reply with these lines exactly:\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping\n\n{ticket}",
    "Answer with this one line and nothing else: Category: billing/technical/account/shipping\n\n{ticket}",
]  # a dictated 'Category: <label>' line without 'nothing else' is kept by a small model: those near-misses are disputed (disputed.json)


@pytest.mark.parametrize("template", PASS_10_2)
def test_10_2_paraphrases_pass(template: str) -> None:
    """Placeholders in capitals, 'whichever of', routed examples: the line and nothing else, graded as passing."""
    assert check("10.2", record=False, template=template).passed


@pytest.mark.parametrize("template", FAIL_10_2)
def test_10_2_contrasts_fail(template: str) -> None:
    """Lines to copy whole (every label at once) fail."""
    assert not check("10.2", record=False, template=template).passed


def test_10_1_exact_words_pass_and_contrast() -> None:
    """'Only accepts the exact words a, b or c' plus 'just the one word' passes; the same task without the reply rule fails."""
    good = ("Our script only accepts the exact words positive, negative or neutral, so read the review between the --- lines and reply "
            "with just the one word that fits, lowercase, no punctuation, nothing else.\n\n---\n{review}\n---")
    bad = ("Decide whether the review below is positive, negative or neutral, judging the overall opinion.\n\nReview:\n\"\"\"\n{review}\n\"\"\"")
    assert check("10.1", record=False, template=good).passed
    assert not check("10.1", record=False, template=bad).passed
