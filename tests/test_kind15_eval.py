"""Round 15 (eval): label sets and reply lines read from slots, headings, glossed runs and example lines; reason lines asked for."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis.examples import find_examples
from tutor.analysis.shape import find_form, find_labels
from tutor.offline.adherence import asks_reason

TEAMS = ("billing", "technical", "account", "shipping")
MOODS = ("positive", "negative", "neutral")

# A slot that holds the alternatives: '<a|b|c>', '[a / b / c]', '{a, b, c}', in a line, a sentence or a code span.
SLOT_ALTERNATIVES = [
    ("Output exactly one line:\nCategory: <billing|technical|account|shipping>\n\nNothing else.", TEAMS, "Category: {}"),
    ("Reply with one line, Category: <billing / technical / account / shipping>, and nothing more.", TEAMS, "Category: {}"),
    ("Your answer must look like: Category: <billing, technical, account, shipping>", TEAMS, "Category: {}"),
    ("Format: Urgency: <low|medium|high>", ("low", "medium", "high"), "Urgency: {}"),
    ("Write `Sentiment: <positive|negative|neutral>` and stop.", MOODS, "Sentiment: {}"),
    ("Answer with <positive/negative/neutral> only.", MOODS, ""),
]


@pytest.mark.parametrize(("text", "labels", "form"), SLOT_ALTERNATIVES)
def test_alternatives_inside_a_slot(text: str, labels: tuple[str, ...], form: str) -> None:
    """The alternatives written inside an angle-bracket slot are the label set, and the slot's line is the reply line."""
    found = find_labels(text)
    assert found == labels
    assert find_form(text, found) == form


# A slot defined after the line: 'with <label> being ...', ', {level} being ...', '<label> is one of: ...'.
SLOT_DEFINED = [
    "The dashboard parses exactly one line of the form:\nCategory: <label>\nwith <label> being billing, technical, account or shipping.",
    "Reply as `Category: [label]`, with [label] one of billing, technical, account or shipping.",
    "One line: Category: <label>, where <label> is billing, technical, account or shipping.",
    'Use the line "Category: <label>" (and <label> must be billing, technical, account or shipping).',
    "Answer with one line of the form Category: <label>\n<label> is one of: billing, technical, account, shipping",
    "Reply with `Category: <x>` for <x> taken from billing / technical / account / shipping.",
    "Write Category: {cat} and nothing else, {cat} being billing, technical, account or shipping.",
]


@pytest.mark.parametrize("text", SLOT_DEFINED)
def test_slot_defined_after_the_line(text: str) -> None:
    """A slot's values given after the reply line ('with <label> being a, b or c') are the label set."""
    assert find_labels(text) == TEAMS


# Labels one per line under a heading that carries an aside.
HEADINGS = [
    "Labels (use exactly these spellings, all lowercase):\npositive\nnegative\nneutral",
    "Allowed answers (pick one):\n- positive\n- negative\n- neutral",
    "### Options (exactly as written)\npositive\nnegative\nneutral",
    "**Labels** (lowercase):\npositive\nnegative\nneutral",
]


@pytest.mark.parametrize("text", HEADINGS)
def test_labels_under_a_heading_with_an_aside(text: str) -> None:
    """A heading naming the labels may carry a parenthesised aside before its colon."""
    assert find_labels(text) == MOODS


# Every item of the set glossed, the glosses holding commas or 'or'.
GLOSSED_RUNS = [
    "Decide which fits best: billing (payments, charges, refunds), technical (something broken or erroring), account (access, login, profile), shipping (delivery and parcels).",
    "Pick one: billing (money or invoices), technical (bugs), account (login or profile), shipping (parcels).",
    "Categories are billing (charges; refunds), technical (crash or error), account (password, email) and shipping (late or lost parcels).",
]


@pytest.mark.parametrize("text", GLOSSED_RUNS)
def test_glossed_run_keeps_every_label(text: str) -> None:
    """A run of glossed items keeps all its labels, whatever the glosses hold."""
    assert find_labels(text) == TEAMS


# Example lines showing a few labels of a stated set; a 'Possible categories:' line is no example input.
EXAMPLE_LINES = [
    "Possible categories: billing, technical, account, shipping.\n\nFormat your reply as a single line, exactly like these examples:\nCategory: billing\nCategory: shipping",
    "Labels: billing, technical, account, shipping\nReply like this:\nCategory: technical\nCategory: account",
    "Allowed categories: billing, technical, account, shipping.\nFor example:\nCategory: shipping\nCategory: billing",
]


@pytest.mark.parametrize("text", EXAMPLE_LINES)
def test_example_lines_show_part_of_a_stated_set(text: str) -> None:
    """Example reply lines that show two labels of a stated set of four keep the whole set and read as the reply line."""
    labels = find_labels(text)
    assert labels == TEAMS
    assert find_form(text, labels) == "Category: {}"
    assert not find_examples(text).pairs


def test_example_lines_alone_are_the_set() -> None:
    """With no other set stated, the offered reply lines are the set."""
    text = "Reply with one of these lines:\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping"
    assert find_labels(text) == TEAMS


# A slot with a note after it is a placeholder, not an example's answer.
def test_slot_with_a_note_is_no_example() -> None:
    """'Category: <label>, label in lowercase.' in a numbered step is a reply line, not a worked example."""
    text = ("Step 1: Decide which of these four labels fits best: billing, technical, account, shipping.\n"
            "Step 2: Reply with a single line of the form Category: <label>, label in lowercase.")
    assert not find_examples(text).pairs
    assert find_form(text, find_labels(text)) == "Category: {}"


# Label lists with a verb before them, an object between, or a clause after.
LISTS = [
    "Use positive, negative or neutral for the review below.",
    "Pick positive, negative or neutral, and let that be your whole reply.",
    "Label the review positive, negative or neutral.",
    "Mark the review positive, negative or neutral and say nothing else.",
    "Choose positive, negative or neutral, and make that the entire answer.",
    "Call it positive, negative or neutral.",
    "Rate the review positive, negative or neutral, then stop.",
    "Apply one of positive, negative or neutral, and let it stand alone.",
    "Classify this customer review positive, negative or neutral.",
    "Is it positive, negative, or neutral?",
]


@pytest.mark.parametrize("text", LISTS)
def test_label_list_boundaries(text: str) -> None:
    """The set is exactly the labels: no opening verb, no word from the clause after, none dropped after an object."""
    assert find_labels(text) == MOODS


REASONS = [
    "Reply in the form 'Category: <label>', then add a line 'Reason:' with one sentence on why.",
    "Give the label, then a sentence about why.",
    "Write the category and a line explaining why.",
    'Add a second line "Why: ..." after the label.',
]


@pytest.mark.parametrize("text", REASONS)
def test_reason_line_asked(text: str) -> None:
    """A reason line asked for after the label is read as asking for a justification."""
    assert asks_reason(text)


@pytest.mark.parametrize("text", ["Do not add a 'Reason:' line.", "Reply with the label only, no sentence on why."])
def test_reason_line_ruled_out(text: str) -> None:
    """A reason line ruled out is not asked for."""
    assert not asks_reason(text)


TEMPLATES_102 = [
    "Output exactly one line:\nCategory: <billing|technical|account|shipping>\n\nPick the label that best fits the support ticket below. Nothing else in the reply.\n\n<t>{ticket}</t>",
    "Sort this support ticket.\n\n'''\n{ticket}\n'''\n\nThe reply is parsed as exactly one line:\nCategory: <label>\nwith <label> being billing, technical, account or shipping. Return only that line.",
    "Which category fits this ticket?\n\n```\n{ticket}\n```\n\nAllowed categories: billing, technical, account, shipping.\n\nReply with one line only, like these examples:\nCategory: technical\nCategory: account\n\nNo other text.",
]


@pytest.mark.parametrize("template", TEMPLATES_102)
def test_102_layouts_pass(template: str) -> None:
    """Own-wording 10.2 templates in the new layouts pass at temperature 1."""
    assert check("10.2", record=False, template=template).passed


def test_102_reason_line_near_miss_fails() -> None:
    """Asking for a reason line after the category line (no one-line constraint) still fails 10.2."""
    template = ("Classify the ticket in the <ticket> tags as billing, technical, account or shipping. Reply as 'Category: <label>', "
                "then a line 'Reason:' with one sentence on why.\n\n<ticket>\n{ticket}\n</ticket>")
    assert not check("10.2", record=False, template=template).passed


def test_102_slot_without_labels_fails() -> None:
    """A reply line with a bare slot and no label set anywhere still fails (the labels are left to chance)."""
    template = "Output exactly one line:\nCategory: <label>\n\nNothing else.\n\n<t>{ticket}</t>"
    assert not check("10.2", record=False, template=template).passed


def test_101_heading_list_passes() -> None:
    """10.1 with the labels one per line under a heading with an aside passes."""
    template = ("Read one review and return one label.\n\nLabels (exact spelling, lowercase):\npositive\nnegative\nneutral\n\n"
                "Output only the label, one word, nothing else.\n\n<<REVIEW>>\n{review}\n<<END>>")
    assert check("10.1", record=False, template=template).passed
