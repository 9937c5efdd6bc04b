"""Round 11, lesson 10: label sets and reply lines in the many ways writers offer them (own wordings, not the panel's)."""

import pytest

from checker.grading import check
from tutor.analysis import analyse_fields

SENTIMENT = ("positive", "negative", "neutral")
CATEGORIES = ("billing", "technical", "account", "shipping")
URGENCY = ("low", "medium", "high")

# Class 1: the label set offered in other ways than 'as a, b or c' (a choosing verb, a spec sheet of keyed
# lines between rules, the set in its own tag, a definition list under a heading naming the set, a parenthesised set).
OFFERED_SETS = [
    ("10.1", "What mood does the review in the fence carry? Choose positive, negative or neutral.\n\n```\n{review}\n```\n\n"
             "Give back just that one word, lowercase, nothing else."),
    ("10.1", "Review mood check\n***\nOptions: positive / negative / neutral\nReply: the one option that fits, alone\n***\n"
             "Review:\n{review}\n***"),
    ("10.1", "<choices>\npositive\nnegative\nneutral\n</choices>\n\n<review>\n{review}\n</review>\n\n"
             "Select the entry of <choices> that matches the review's feeling and print only that word, exactly as spelled there."),
    ("10.1", "Possible answers and when to use them:\n- positive: the buyer is pleased\n- negative: the buyer is unhappy\n"
             "- neutral: plain facts, no feeling\n\nReview:\n{review}\n\nReply with the answer alone, in lowercase."),
    ("10.2", "Sort the message between the lines into one of four buckets (billing, technical, account, shipping).\n\n"
             "=====\n{ticket}\n=====\n\nRespond on one line as Category: <bucket>, lowercase, nothing more."),
    ("10.2", "<categories>billing | technical | account | shipping</categories>\n<ticket>{ticket}</ticket>\n\n"
             "Decide which entry of <categories> fits the ticket. Output exactly one line, 'Category: <label>', with the label "
             "copied from <categories>, and nothing else."),
    ("10.2", "Support routing sheet\n---\nAllowed values: billing, technical, account, shipping\nFormat: Category: <value>\n---\n"
             "{ticket}\n---"),
    ("10.3", "Urgency check\n===\nLevels: low | medium | high\nOutput: the level that applies, nothing before or after it\n===\n"
             "Ticket:\n{ticket}\n==="),
    ("10.3", "<levels>low, medium, high</levels>\n\n<ticket>\n{ticket}\n</ticket>\n\n"
             "Pick the item of <levels> that says how soon the ticket needs someone. Print that word only."),
    ("10.3", "Please go with low, medium or high for the urgency of the ticket below.\n\nTicket:\n{ticket}\n\n"
             "Reply with the urgency only, in lower case, with no punctuation."),
]


@pytest.mark.parametrize("exercise,template", OFFERED_SETS)
def test_an_offered_label_set_passes_in_other_words(exercise: str, template: str) -> None:
    """A label set offered by a verb, a spec sheet, a tag of its own or a definition list passes, as a real model would keep to it."""
    result = check(exercise, record=False, template=template)
    assert result.passed, [(o.title, o.reason) for o in result.outcomes if not o.passed]


# Class 2: the reply line described with an unbracketed slot, or as 'Lead: then one of a, b, c', or shown by examples
# that end on the empty slot.
REPLY_LINES = [
    "Label the ticket in <t> as billing, technical, account or shipping. Use this layout, one line, nothing else:\nCategory: label\n\n<t>\n{ticket}\n</t>",
    "Which of billing, technical, account or shipping is the ticket in <t>? Reply like so: Category: category\n\n<t>{ticket}</t>",
    "Read the ticket in <t>. Write Category: followed by one of billing, technical, account or shipping, on one line, and stop.\n\n<t>{ticket}</t>",
    "Classify the ticket in <t>. Your whole answer is a line reading Category: then either billing, technical, account or shipping.\n\n<t>{ticket}</t>",
    "Tickets get one of billing, technical, account or shipping. Answer as one line, 'Category: <label>', and nothing else.\n\n"
    "Ticket: My card was billed two times.\nCategory: billing\n\nTicket: The page shows error 500.\nCategory: technical\n\n"
    "Ticket: Please change my username.\nCategory: account\n\nTicket: The box never came.\nCategory: shipping\n\nTicket: {ticket}\nCategory:",
]


@pytest.mark.parametrize("template", REPLY_LINES)
def test_a_reply_line_passes_in_other_words(template: str) -> None:
    """'Category: label' as a format line, 'Category: followed by one of ...', or examples ending on the slot: the model writes the line."""
    result = check("10.2", record=False, template=template)
    assert result.passed, [(o.title, o.reason) for o in result.outcomes if not o.passed]


@pytest.mark.parametrize("instruction,labels", [
    ("Choose positive, negative or neutral.", SENTIMENT),
    ("Select billing, technical, account or shipping.", CATEGORIES),
    ("Assign it to one of 4 categories (billing, technical, account, shipping).", CATEGORIES),
    ("Write a line reading Category: followed by one space and one of billing, technical, account, shipping.", CATEGORIES),
    ("Put it in one of these tiers (low, medium, high).", URGENCY),
])
def test_the_label_reader_reads_the_whole_set(instruction: str, labels: tuple[str, ...]) -> None:
    """The whole set is read, not a middle stretch of it ('technical, account')."""
    assert analyse_fields(prompt=instruction + "\n\n<t>{ticket}</t>").shape.labels == labels


# Cheats and near-misses that must still fail.
STILL_FAIL = [
    ("10.1", "<notes>\nBe fair to the writer and think about what they meant overall before answering.\n</notes>\n\n"
             "What's the sentiment of this review? {review}"),  # a tag that holds no set: no labels offered
    ("10.1", "Review notes\n---\nOutput: one word\n---\n{review}\n---"),  # a spec sheet without the label set
    ("10.2", "Classify the ticket in <t> as Billing, Technical, Account or Shipping. Reply with one line, 'Category: <Label>', "
             "e.g. 'Category: Billing'.\n\n<t>{ticket}</t>"),  # capitalised labels: the dashboard reads 'Category: billing'
    ("10.2", "<categories>billing | technical | account | shipping</categories>\n<ticket>{ticket}</ticket>\n\n"
             "Decide which entry of <categories> fits the ticket."),  # no reply line
    ("10.3", "Levels and what they mean:\n- low: can wait\n- medium: soon\n- high: now\n\nHow urgent is this? {ticket}"),  # no 'the level alone'
    ("10.3", "Urgency triage\n---\nScale: low | medium | high\n---\n{ticket}\n---"),  # the set, but nothing says the reply is the value alone
]


@pytest.mark.parametrize("exercise,template", STILL_FAIL)
def test_cheats_and_near_misses_still_fail(exercise: str, template: str) -> None:
    """No label set, no reply line, or the wrong case: the exercise is not passed."""
    assert not check(exercise, record=False, template=template).passed
