"""Round 16 (eval): one reading of the label set for model and checker (dashed asides, 'chosen from', a closing heading), and dictated reply lines."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis.shape import find_form, find_labels

TEAMS = ("billing", "technical", "account", "shipping")
MOODS = ("positive", "negative", "neutral")
LEVELS = ("low", "medium", "high")

# The set offered between dashes typed as hyphens, after 'chosen/taken/picked from', after 'the word', or under a heading that closes a line.
OFFERED = [
    ("Say how the buyer feels, using one word - positive, negative or neutral - and nothing more.", MOODS),
    ("Give a single lowercase word -- low, medium or high -- for how urgent this is.", LEVELS),
    ("Answer with one word picked from positive, negative or neutral.", MOODS),
    ("Your reply is a single word taken from low, medium or high, nothing else.", LEVELS),
    ("Respond with one term, drawn from low, medium or high.", LEVELS),
    ("Reply with just the word positive, negative or neutral. No other text.", MOODS),
    ("Sort the ticket by urgency. The permitted answers are:\nlow\nmedium\nhigh\n\nReply with the bare word.", LEVELS),
]


@pytest.mark.parametrize(("text", "labels"), OFFERED)
def test_label_set_offered(text: str, labels: tuple[str, ...]) -> None:
    """Each wording offers the set as a choice, for the model and the checker alike."""
    assert find_labels(text) == labels


# Words around the set that are no labels: 'as shown, and must ...', an aside filing cases under a label, a next command after 'and'.
NOT_LABELS = [
    ("Decide whether the review is positive, negative or neutral (mixed reviews count as neutral). Output the label only.", MOODS),
    ("Pick the label from positive, negative or neutral, spelled as listed, and should be lowercase.", MOODS),
    ("Please file this ticket into billing, technical, account or shipping and return only that word.", TEAMS),
]


@pytest.mark.parametrize(("text", "labels"), NOT_LABELS)
def test_no_extra_labels(text: str, labels: tuple[str, ...]) -> None:
    """The set is read without the words that follow it."""
    assert find_labels(text) == labels


def test_heaped_keywords_offer_no_set() -> None:
    """Labels heaped as bare keywords, with no choice said, are still no set; a dash with no list after it is none either."""
    assert find_labels("positive negative neutral {review}") == ()
    assert find_labels("Reply with exactly one word - in lowercase - and nothing else.") == ()


# A reply line dictated around the label in words.
FORMS = [
    "Label the ticket as billing, technical, account or shipping. Write one line that begins with 'Category: ' and ends with the label.",
    "Label the ticket as billing, technical, account or shipping, then give it prefixed by 'Category: ' on a single line.",
    "Is it billing, technical, account or shipping? Reply on one line laid out as:\nCategory: label\nnothing else.",
    "Classify the ticket as billing, technical, account or shipping; the line reads Category: followed by one space and this label.",
]


@pytest.mark.parametrize("text", FORMS)
def test_dictated_line(text: str) -> None:
    """The dictated line is read as 'Category: {}'."""
    labels = find_labels(text)
    assert labels == TEAMS
    assert find_form(text, labels) == "Category: {}"


def test_no_line_without_a_lead_in() -> None:
    """Without the lead-in, no line is dictated."""
    text = "Label the ticket as billing, technical, account or shipping. Write one line that ends with the label."
    assert find_form(text, find_labels(text)) == ""


def test_dashed_set_passes_10_1() -> None:
    """A sentiment template offering its set between hyphen dashes passes; without the set it fails."""
    good = check("10.1", record=False, template="Review:\n\"\"\"\n{review}\n\"\"\"\n\nHow does the reviewer feel overall? Answer in one word - positive, negative or neutral - lowercase, nothing else.")
    assert good.passed, [o.reason for o in good.outcomes if not o.passed]
    bad = check("10.1", record=False, template="Review:\n\"\"\"\n{review}\n\"\"\"\n\nHow does the reviewer feel overall? Answer in one word, lowercase, nothing else.")
    assert not bad.passed


def test_prefixed_line_passes_10_2() -> None:
    """A ticket template dictating 'Category: ' as the line's opening passes; the heaped-keyword line does not pass on its set."""
    good = check("10.2", record=False, template="<ticket>\n{ticket}\n</ticket>\n\nSort the ticket into billing, technical, account or shipping. "
                 "Answer with one line beginning with 'Category: ' and ending with the label in lowercase, and nothing else.")
    assert good.passed, [o.reason for o in good.outcomes if not o.passed]
    bad = check("10.2", record=False, template="<ticket>\n{ticket}\n</ticket>\n\nSort the ticket into billing, technical, account or shipping. "
                "Answer with the label in lowercase, and nothing else.")
    assert not bad.passed


# The set after 'which must be (exactly)', and after a contracted 'whether it's'.
MUST_BE = [
    ("Answer with one lowercase word for its urgency, which must be low, medium or high, and nothing else.", LEVELS),
    ("Give one word; it has to be precisely positive, negative or neutral.", MOODS),
    ("Tell me whether it's positive, negative or neutral, just that word.", MOODS),
    ("Say if that's low, medium or high; one word only.", LEVELS),
]


@pytest.mark.parametrize(("text", "labels"), MUST_BE)
def test_set_after_must_be(text: str, labels: tuple[str, ...]) -> None:
    """The whole set is read, not the tail after its first comma."""
    assert find_labels(text) == labels


def test_qualities_after_must_be_are_no_set() -> None:
    """Qualities joined by 'and' after 'which must be' are no choice."""
    assert find_labels("Write a short note, which must be brief, polite and friendly.") == ()


def test_graded_sample_replies_are_no_examples() -> None:
    """'Right:' / 'Wrong:' lines grade sample replies; they are no input-output examples, while 'Good reply:' outputs still are."""
    from tutor.analysis.examples import find_examples
    graded = "Ticket:\n{ticket}\n\nHow urgent is it?\nAllowed answers: low, medium, high\nCorrect: medium\nIncorrect: Medium.\nIncorrect: It is medium.\nAnswer: the word alone."
    assert find_examples(graded).pairs == ()
    shown = "Examples:\nReview: Great kettle.\nGood reply: positive\nReview: Broke fast.\nGood reply: negative\n\nReview: {review}\nGood reply:"
    assert len(find_examples(shown).pairs) == 2
