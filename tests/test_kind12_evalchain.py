"""Round 12, lessons 10-11: reply-line slots that list the choices, concatenated lead-ins, label lists with a case note,
'no explanation' as nothing else, prose words that are no label set, and chain parts pasted inline (own wordings)."""

import pytest

from checker.grading import check
from tutor.analysis import analyse_fields
from tutor.analysis.shape import find_labels

CATEGORIES = ("billing", "technical", "account", "shipping")

# Class 1: the reply line's slot lists the choices ('Category: <one of a, b, c>'), or the lead-in is joined to the label with '+'.
REPLY_LINES = [
    "Put the ticket below in a bucket.\n\n<t>{ticket}</t>\n\nAnswer with this single line only:\nCategory: <either billing, technical, account or shipping>",
    "Ticket:\n{ticket}\n\nRespond with one line and nothing else:\nCategory: [one of billing / technical / account / shipping]",
    "Does the ticket in <t> concern billing, technical, account or shipping? One line, no other text:\nCategory: <any of billing, technical, account, shipping>\n\n<t>{ticket}</t>",
    "Options: billing, technical, account, shipping\nOutput: one line, \"Category: \" + label, nothing else\n<t>{ticket}</t>",
    "Route the ticket in <t> to one of billing, technical, account or shipping. Print 'Category: ' & the label, on one line, and nothing more.\n\n<t>{ticket}</t>",
    "Valid labels: billing / technical / account / shipping\nReply format: 'Category: ' plus category, lowercase, no other words\nTicket: {ticket}",
]


@pytest.mark.parametrize("template", REPLY_LINES)
def test_a_reply_line_with_a_listing_slot_or_a_joined_label_passes(template: str) -> None:
    """The model writes the dictated 'Category: <label>' line, as a real model would."""
    result = check("10.2", record=False, template=template)
    assert result.passed, [(o.title, o.reason) for o in result.outcomes if not o.passed]


# Class 2: a label list followed by how to write the labels.
@pytest.mark.parametrize("sentence,labels", [
    ("The label is one of billing, technical, account, shipping in lowercase.", CATEGORIES),
    ("Answer with one of low, medium, high in lower case.", ("low", "medium", "high")),
    ("Pick one of positive, negative or neutral as written.", ("positive", "negative", "neutral")),
    ("Choose billing, technical, account or shipping only.", CATEGORIES),
])
def test_a_case_note_after_the_labels_is_no_label(sentence: str, labels: tuple[str, ...]) -> None:
    """'..., shipping in lowercase' offers 'shipping', not 'shipping in'."""
    assert find_labels(sentence) == labels


def test_definition_lines_with_a_spaced_hyphen_define_the_labels() -> None:
    """'billing - money: charges, refunds' defines billing, not a set 'charges, refunds'."""
    text = ("Decide which category fits:\nbilling - money: charges, refunds\ntechnical - the app is broken\n"
            "account - logging in, passwords\nshipping - delivery or tracking")
    assert find_labels(text) == CATEGORIES


# Class 3: 'no explanation' rules out text around the answer.
@pytest.mark.parametrize("sentence", [
    "Do not use markdown, code fences or any explanation.",
    "You never write explanations.",
    "Give the JSON without explaining it.",
    "Skip any remarks.",
])
def test_no_explanation_is_nothing_else(sentence: str) -> None:
    """A reply told to carry no explanation holds the answer alone."""
    assert analyse_fields(prompt="Return a JSON object with the keys name and city. " + sentence + "\n\n<t>{email}</t>").nothing_else


# Class 4: topic words side by side in a sentence ('which order it concerns') are prose, not a label set for a key.
STEP2 = "Write a reply of at most 60 words to the customer in this JSON. Greet them by name and mention the order number. Reply only.\n\n<c>{step1}</c>"
EXTRACTORS = [
    "Read the email and identify who wrote it, which order it concerns, and what went wrong. Return only a JSON object with the keys \"name\", \"order_id\" and \"problem\".\n\n<e>{email}</e>",
    "From the email below work out which order it is about, who sent it and the problem. Output nothing but JSON with keys \"name\", \"order_id\", \"problem\".\n\nEmail:\n{email}",
]


@pytest.mark.parametrize("step1", EXTRACTORS)
def test_prose_words_are_no_label_set(step1: str) -> None:
    """'name' is read from the email, not sorted onto 'order' or 'it'."""
    result = check("11.2", record=False, step1=step1, step2=STEP2)
    assert result.passed, [(o.title, o.reason) for o in result.outcomes if not o.passed]


# Class 5: chain parts pasted inline, several on one line ('Notes: {notes} Draft: {step1}').
INLINE_CHAINS = [
    {"step1": "Write a short announcement from these notes: {notes}",
     "step2": "Compare the draft with the notes and list every fact the draft leaves out or gets wrong inside <problems></problems>. Notes: {notes} Draft: {step1}",
     "step3": "Revise the draft to fix every problem, at most 60 words, announcement only. Draft: {step1} Problems: {step2}"},
    {"step1": "Draft an announcement based on: {notes}",
     "step2": "Inside <problems></problems>, list each fact in these notes: {notes} that this draft omits or gets wrong: {step1}",
     "step3": "Rewrite this draft: {step1} so that it fixes each problem in this critique: {step2} Keep it under 60 words and reply with the announcement only."},
]


@pytest.mark.parametrize("fields", INLINE_CHAINS)
def test_inline_parts_are_found(fields: dict[str, str]) -> None:
    """Notes, draft and critique pasted mid-line are told apart, as a real model reads them."""
    result = check("11.3", record=False, **fields)
    assert result.passed, [(o.title, o.reason) for o in result.outcomes if not o.passed]


# Still failing: no reply line asked for; step 2 that does not check facts.
def test_no_reply_line_still_fails() -> None:
    """A bare label asked for gives a bare label: the 'Category:' line is missing."""
    assert not check("10.2", record=False, template="Label the ticket as billing, technical, account or shipping in lowercase.\n\n<t>{ticket}</t>").passed


def test_a_critique_that_skips_the_notes_still_fails() -> None:
    """Step 2 never given the notes cannot list what the draft left out."""
    fields = {"step1": "Write a short announcement from these notes: {notes}",
              "step2": "List any problems with this draft inside <problems></problems>. Draft: {step1}",
              "step3": "Revise the draft to fix every problem, at most 60 words, announcement only. Draft: {step1} Problems: {step2}"}
    assert not check("11.3", record=False, **fields).passed


@pytest.mark.parametrize("verdict", [
    "None: the draft includes every fact from the notes.",
    "The draft already covers all the notes.",
    "No problems found.",
])
def test_a_critique_that_finds_nothing_adds_nothing(verdict: str) -> None:
    """A revision whose critique found no problem returns the draft, not the critique's words."""
    from tutor.offline import model
    draft = "Join us for the bake sale! It takes place on Friday 3 May. The venue is the school hall."
    prompt = (f"### Draft\n{draft}\n\n### Problems found\n{verdict}\n\n### Task\nRewrite the draft so that every problem above is fixed. "
              "At most 60 words. Output only the announcement: no preface, no notes.")
    reply = model.respond([{"role": "user", "content": prompt}]).text
    assert "notes" not in reply and "problem" not in reply.lower() and "3 May" in reply, reply
