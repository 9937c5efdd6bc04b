"""Round 9, lesson 07: the new input asked about in a question instead of laid out like the examples, and examples written inconsistently.

Classes: (1) a question of the prompt's own written before the new input on its line ('What do you make of
this one? ...') gets a chat answer (the model's own words, or a lead-in before the output), not the bare
output an empty slot asks for; an instruction asking for the output alone, or a question naming the label,
still gets the bare output. (2) example outputs whose written form differs (separators, fixed words, how an
amount is spelled) are inconsistent layouts: the layout copied varies with the input. All prompts are
written for these tests.
"""

from __future__ import annotations

import pytest
from lesson07_cases import E1, E2, FIELD, L1, L2, NEW, OLD, OWNER, R_MIX, R_NEG, R_POS

from checker.grading import check
from tutor.offline import fewshot, imitation, model

TAGS = f"Review: {R_POS}\nTag: POS\n\nReview: {R_NEG}\nTag: NEG\n\nReview: {R_MIX}\nTag: MIX\n\n"
VOICE = f"Review: {OLD}\nReply: {OWNER}\n\n"
LOGS = f"Email: {E1}\nLog: {L1}\n\nEmail: {E2}\nLog: {L2}\n\n"

CASES = [
    # near-misses: the new input asked about in a question, no empty slot, no 'only the output'
    ("07.1", False, f"{TAGS}What do you make of this one? {{review}}"),
    ("07.1", False, f"Our team tagged these.\n\n{TAGS}How would you read this one? {{review}}"),
    ("07.1", False, f"{TAGS}What about this one? {{review}}"),
    ("07.2", False, f"{VOICE}How would the owner answer this one, in the same voice? {NEW}"),
    ("07.2", False, f"{VOICE}What would you write back to this one? {NEW}"),
    ("07.3", False, f"{LOGS}What would the desk log for this one? {{email}}"),
    ("07.3", False, f"Two refund requests as the desk logged them.\n\n{LOGS}How should this one be logged? {{email}}"),
    # near-miss: the examples' outputs written in two different layouts
    ("07.3", False, f"Log the request like the examples.\n\nEmail: {E1}\nLog: {L1}\n\nEmail: {E2}\nLog: order 50917, Luis Ortega, 24.5 dollars\n\nEmail: {{email}}\nLog:"),
    ("07.3", False, f"Email: {E1}\nLog: {L1}\n\nEmail: {E2}\nLog: 50917 / Luis Ortega / $24.50\n\nEmail: {{email}}\nLog:"),
    # experts: an empty slot, or the question then 'only the output', keep passing
    ("07.1", True, f"{TAGS}Which tag does this one get? Reply with the tag alone.\n\nReview: {{review}}\nTag:"),
    ("07.1", True, f"Tag the last review the way the examples do.\n\n{TAGS}Review: {{review}}\nTag:"),
    ("07.3", True, f"Log the last email like the examples.\n\n{LOGS}Email: {{email}}\nLog:"),
    ("07.2", True, f"Reply to the new review the way the owner does.\n\n{VOICE}Review: {NEW}\nReply:"),
]


@pytest.mark.parametrize("exercise,passes,text", CASES, ids=[f"{c[0]}-{'expert' if c[1] else 'miss'}-{i}" for i, c in enumerate(CASES)])
def test_asked_about_or_inconsistent_fails_and_slots_pass(exercise: str, passes: bool, text: str) -> None:
    """Each prompt lands on its side of the bar."""
    result = check(exercise, record=False, **{FIELD[exercise]: text})
    assert result.passed is passes, str(result)


@pytest.mark.parametrize("query,question", [
    ("What do you make of this one? Great kettle.", "What do you make of this one?"),
    ("How would the owner reply to this, in the same voice? Lovely croissants.", "How would the owner reply to this, in the same voice?"),
    ("Why does nobody make a decent kettle? This one leaks.", ""),
    ("Great kettle, would you believe it? Boils fast.", ""),
    (None, ""),
])
def test_a_lead_question_is_split_from_the_new_input(query: str | None, question: str) -> None:
    """Only a question asking about 'this one' is taken off the front of the new input; a review's own question stays."""
    rest, asked = fewshot.lead_question(query)
    assert asked == question
    assert rest == (query.removeprefix(question).strip() if question else query)


def test_a_question_then_only_the_output_gets_the_bare_output() -> None:
    """'What would the desk log for this one? ... Just the line.' keeps the line alone."""
    reply = model.respond([{"role": "user", "content": f"{LOGS}What would the desk log for this one? Hi, Aiko Tanaka. Order 61002, refund $42 please.\n\nGive only the log line, nothing else."}])
    assert reply.text == "#61002 | Aiko Tanaka | $42.00"


def test_outputs_written_differently_are_different_layouts() -> None:
    """'#1 | A B | $5.00' and 'order 1, A B, 5 dollars' are two layouts; the same layout with other values is one."""
    same, _ = imitation.fill_format([(E1, L1), (E2, L2)], "Hi, Aiko Tanaka. Order 61002, refund $42 please.")
    assert same == "#61002 | Aiko Tanaka | $42.00"
    _, how = imitation.fill_format([(E1, L1), (E2, "order 50917, Luis Ortega, 24.5 dollars")], "Hi, Aiko Tanaka. Order 61002, refund $42 please.")
    assert "different layouts" in how


@pytest.mark.parametrize("text,labels", [
    ("Reply with one line, 'Category: <label>', where <label> is billing, technical, account or shipping for this ticket: {ticket}", ("billing", "technical", "account", "shipping")),
    ("Answer billing, technical, account or shipping for the ticket below: {ticket}", ("billing", "technical", "account", "shipping")),
    ("Pick one of billing, technical, account or shipping about this message: {ticket}", ("billing", "technical", "account", "shipping")),
    ("Classify as positive, negative or mixed from the review below: {review}", ("positive", "negative", "mixed")),
    ("Rate it as low, medium or high with one word: {ticket}", ("low", "medium", "high")),
    ("Is this ticket billing, technical, account or shipping? {ticket}", ("billing", "technical", "account", "shipping")),
    ("Which of billing or shipping is it? {ticket}", ("billing", "shipping")),
    ("Sort it into billing, account or shipping with nothing else: {ticket}", ("billing", "account", "shipping")),
])
def test_a_preposition_after_the_last_label_is_not_part_of_it(text: str, labels: tuple[str, ...]) -> None:
    """'... or shipping for this ticket' offers 'shipping', not 'shipping for'."""
    from checker.checks import _analysis
    assert _analysis({"template": text}, "template").shape.labels == labels
