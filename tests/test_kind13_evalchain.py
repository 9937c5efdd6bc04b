"""Round 13 (evalchain): label lists after a dangling preposition, labels defined one per line under a heading, reply lines spelled in words."""
import pytest

from checker.grading import check
from tutor.analysis.shape import find_form, find_labels

LABELS = ("billing", "technical", "account", "shipping")


@pytest.mark.parametrize("text", [
    "Which category does this ticket fall under, billing, technical, account or shipping?",
    "Tell me which queue the message belongs to, billing, technical, account or shipping?",
    "What team should it go to, billing, technical, account or shipping?",
    "Which bucket would you put it in, billing, technical, account or shipping?",
    "Which group is it about, billing, technical, account or shipping?",
    "Which area does the customer write about, billing, technical, account or shipping?",
    "Say which desk it is for, billing, technical, account or shipping?",
    "Which of our teams should it be sent to, billing, technical, account or shipping?",
])
def test_dangling_preposition_is_no_label(text: str) -> None:
    """A clause ending on a preposition before the list does not add the preposition to the labels."""
    assert find_labels(text) == LABELS


@pytest.mark.parametrize("text", [
    "Categories:\nbilling: charges, invoices, refunds\ntechnical: bugs, errors, crashes\naccount: login, password, profile\nshipping: delivery, tracking, parcels",
    "Labels:\nbilling = money, payments, invoices\ntechnical = errors, crashes\naccount = sign-in, password\nshipping = parcels, delivery",
    "Options\nbilling: anything about paying or refunds\ntechnical: the app or site is broken\naccount: logging in or profile\nshipping: where the parcel is",
    "### Categories\nbilling — charges, refunds, invoices\ntechnical — crashes, bugs\naccount — login, email change\nshipping — delivery, tracking",
])
def test_labels_defined_under_a_heading(text: str) -> None:
    """Labels each defined on a line (with a comma list as the definition) under a heading: the terms are the labels."""
    assert find_labels(text) == LABELS


def test_placeholder_lines_under_a_heading_are_no_labels() -> None:
    """'Output:' then 'Category: <label>' / 'Reason: <why>' is a reply layout, not a label set."""
    assert find_labels("Output:\nCategory: <label>\nReason: <why>") == ()


@pytest.mark.parametrize("text", [
    "Your whole reply must be a single line made of the word Category, a colon, a space, then the lowercase team name.",
    "Write the word Category, then a colon, then a space and the chosen queue name.",
    "Print the word Category followed by a colon and then the category name in lowercase.",
    "The reply is the word Category, a colon, one space, and then the label.",
    "Reply with one line only, Category: followed by billing, technical, account or shipping.",
    "One line, Category: then billing, technical, account or shipping.",
    "Answer on a single line, Category: followed by one of billing, technical, account or shipping.",
])
def test_reply_line_in_words(text: str) -> None:
    """The reply line described in words or with the lead-in followed by the label list."""
    assert find_form(text, LABELS) == "Category: {}"


TEMPLATES_PASS = [
    "<support_ticket>\n{ticket}\n</support_ticket>\n\nWhich team should handle the ticket above: billing, technical, account or shipping? "
    "Your whole reply must be a single line made of the word Category, a colon, a space, then the lowercase team name. No other text before or after it.",
    "Reply with one line only, Category: followed by billing, technical, account or shipping, for this support ticket: {ticket}",
    "Can you tell me which category this support ticket falls under, billing, technical, account or shipping?\n\nTicket: {ticket}\n\n"
    "Format your answer as one line, Category: <label>, using the lowercase label, and say nothing else.",
]
TEMPLATES_FAIL = [
    "Which category does this ticket fall under, billing, technical, account or shipping?\n\nTicket: {ticket}",  # no reply line
    "Reply with one line only, Category: followed by the category, for this support ticket: {ticket}",  # no label set
]


@pytest.mark.parametrize("template", TEMPLATES_PASS)
def test_102_passes(template: str) -> None:
    """Experts in their own words pass 10.2."""
    assert check("10.2", record=False, template=template).passed


@pytest.mark.parametrize("template", TEMPLATES_FAIL)
def test_102_near_miss_fails(template: str) -> None:
    """Without the line format or without the label set, 10.2 still fails."""
    assert not check("10.2", record=False, template=template).passed


from tutor.analysis.instructions import analyse_fields  # noqa: E402


@pytest.mark.parametrize("text", [
    "Return a JSON object with the keys a and b. Output the object alone.",
    "Give the JSON object by itself, with the keys a and b.",
    "Produce the array on its own: a list of the names.",
    "Write the answer alone, as one word.",
    "Send the message by itself, no greeting from you.",
    "The record alone, please: keys name and age.",
    "Print the code on its own.",
    "Give me the result by itself.",
])
def test_thing_alone_rules_out_other_text(text: str) -> None:
    """'the object alone', 'the result by itself': nothing but the answer."""
    assert analyse_fields(text).nothing_else


@pytest.mark.parametrize("text", [
    "Return a JSON object with the keys a and b.",
    "Leave the customer alone if they did not write.",
])
def test_without_alone_nothing_else_is_not_read(text: str) -> None:
    """No 'alone'-type wording about the output: nothing_else stays unset."""
    assert not analyse_fields(text).nothing_else


STEP1 = 'Extract the fields from this email.\n<email>\n{email}\n</email>\nReturn only a JSON object with the keys "name", "order_id" and "problem", nothing else.'


@pytest.mark.parametrize("step2", [
    "Write a reply of at most 60 words to the customer in the JSON below. Greet them by name, mention the order_id and respond to the problem.\n<t>{step1}</t>",
    "<data>\n{step1}\n</data>\nReply to this customer in at most 60 words: greet them by name, cite their order_id and answer the problem.",
])
def test_112_key_name_reads_as_words(step2: str) -> None:
    """'mention the order_id' asks for the order number: the key names the words it joins."""
    assert check("11.2", record=False, step1=STEP1, step2=step2).passed


def test_112_without_order_still_fails() -> None:
    """A step 2 that never names the order still fails."""
    assert not check("11.2", record=False, step1=STEP1,
                     step2="Write a reply of at most 60 words to the customer in the JSON below. Greet them by name and respond to the problem.\n<t>{step1}</t>").passed


NOTES1 = "Write a first draft of a short announcement based on these notes.\n\n<notes>\n{notes}\n</notes>"
REVISE3 = "Revise the draft so that it fixes every problem in the critique. Use at most 60 words and reply with the announcement only.\n\n<draft>\n{step1}\n</draft>\n<critique>\n{step2}\n</critique>"
TAIL2 = " Put it inside <problems></problems> tags.\n\n<notes>\n{notes}\n</notes>\n<draft>\n{step1}\n</draft>"


@pytest.mark.parametrize("ask", [
    "Go through the notes one by one and confirm each appears in the draft. Report every item that is absent or inaccurate.",
    "Confirm that every note made it into the draft, and flag any that are missing or incorrect.",
    "Name each fact from the notes that the draft leaves out or gets wrong.",
    "Report the notes that are absent from the draft.",
    "Compare the draft with the notes and list the missing facts.",
    "Check the draft against the notes for tone and for any missing facts.",
])
def test_113_fact_critique_passes(ask: str) -> None:
    """A critique request that checks the draft's content against the notes, in other verbs ('confirm', 'report', 'flag')."""
    assert check("11.3", record=False, step1=NOTES1, step2=ask + TAIL2, step3=REVISE3).passed


@pytest.mark.parametrize("ask", [
    "Critique the draft for tone, clarity and flow, and suggest improvements.",
    "Review the draft's style and readability.",
    "Point out problems with the wording and grammar of the draft.",
])
def test_113_style_critique_fails(ask: str) -> None:
    """A critique about style only does not compare the facts: the missing notes stay missing and 11.3 fails."""
    assert not check("11.3", record=False, step1=NOTES1, step2=ask + TAIL2, step3=REVISE3).passed
