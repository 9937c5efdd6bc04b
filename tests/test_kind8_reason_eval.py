"""Round 8, lessons 08 and 10: prompts read by class of wording, each written for this file (not the panel's).

Lesson 08 classes: a tag named for the answer is the answer's slot even in a clause that mentions the steps
('once the steps are done, output ... <answer>$X</answer>'); 'answer the intermediate questions first' asks
for the sub-questions first, not the answer; three imperative fact-finding sentences in a row are a plan
('Determine ... Find ... Identify ...'); a cue doubled in a row is keyword stuffing; a chain steered to 'the
season of that year' reaches the season's Super Bowl (so it misses the game played in the calendar year).
Lesson 10 classes: an empty tag pair the instruction points to holds no data to classify; a label set after
'whether it is about', after 'where <label> is', after a scale's parenthesis; a reply line dictated without
quotes ('Category: followed by the label'), by a slot with words after the answer word ('<category in
lowercase>'), by an example line on its own; 'nothing before or after it' asks for the line alone; a colon
inside an aside introduces no data; a label reply asked to explain itself carries the explanation. Failure
reasons never name a held-out input's golden answer. Variants that skip the technique still fail.
"""

from __future__ import annotations

import pytest

from checker import checks, specs
from checker.grading import check, golden, hide_golden
from tutor.analysis import analyse_fields, reasoning
from tutor.analysis.shape import find_form, find_labels, find_shape
from tutor.offline import model

BAT = "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?"
BIEBER = "Which NFL team won the Super Bowl in the year Justin Bieber was born?"
TICKETS = {"billing": "I was charged twice for my subscription this month. Please refund the extra payment immediately.",
           "shipping": "My order was supposed to arrive on Monday and the tracking has not updated for three days."}
CATS = ("billing", "technical", "account", "shipping")


def _reply(prompt: str, temperature: float = 0.0, seed: int | None = None) -> str:
    """The offline model's reply text to one user prompt."""
    return model.respond([{"role": "user", "content": prompt}], temperature=temperature, seed=seed).text


# ---------------------------------------------------------------- lesson 08


@pytest.mark.parametrize("prompt", [
    f"Problem: {BAT}\n\nWalk through your steps one by one. When the steps are finished, write the amount as <answer>$X.XX</answer> on the last line.",
    f"{BAT}\nShow your working in numbered steps, and after those steps put the ball's price like <answer>$0.00</answer> at the very end.",
    f"Work this out carefully, step by step: {BAT} Once your steps are complete, give the amount in <final_answer>...</final_answer>.",
])
def test_an_answer_named_tag_is_the_slot_even_next_to_the_steps(prompt: str) -> None:
    chain = reasoning.read(prompt)
    assert chain.first and chain.slot is not None and chain.slot.kind == "tag"
    reply = _reply(prompt)
    assert f"<{chain.slot.name}>5 cents</{chain.slot.name}>" in reply and reply.index("1.") < reply.index(f"<{chain.slot.name}>")


@pytest.mark.parametrize("prompt", [
    f"Question: {BIEBER}\n\nGuidelines:\n- Answer the smaller questions first, one per numbered line.\n- Count the game played in that calendar year.\n- Last line: Answer: <team>",
    f"{BIEBER}\nAnswer these sub-questions first: his birth year, the Super Bowl played in that calendar year, its winner. Then give the team in <team></team> tags.",
    f"{BIEBER} Settle the intermediate facts first (the Super Bowl held that year), each on its own line, and only then write 'Answer:' with the team.",
])
def test_answering_the_smaller_questions_first_is_reasoning_before_the_answer(prompt: str) -> None:
    assert reasoning.read(prompt).first
    assert "Dallas Cowboys" in _reply(prompt).splitlines()[-1]


@pytest.mark.parametrize("prompt", [
    f"Question: {BIEBER}\n\nWork like this. Find the date Justin Bieber was born. Identify the Super Bowl played in that calendar year. Determine who won that game. Then put the team in <answer></answer> tags.",
    f"{BIEBER}\nEstablish his year of birth. Look up the Super Bowl held during that year. Confirm its winner. Output the team inside <winner></winner> tags last.",
])
def test_three_fact_finding_sentences_in_a_row_are_a_plan(prompt: str) -> None:
    chain = reasoning.read(prompt)
    assert chain.first
    assert check("08.2", record=False, prompt=prompt).passed


@pytest.mark.parametrize("prompt", [
    f"Find the cost of the ball. Put it in <answer></answer> tags.\n\n{BAT}",  # one sentence of finding, then the answer: no plan
    f"Answer the question in <answer></answer> tags. Find the price quickly.\n\n{BAT}",
])
def test_a_single_finding_sentence_is_no_plan(prompt: str) -> None:
    assert not reasoning.read(prompt).asked
    assert not check("08.1", record=False, prompt=prompt).passed


@pytest.mark.parametrize("template", [
    "think step by step think step by step <answer></answer> {problem}",
    "reasoning first, reasoning first. answer tags <answer> </answer> {problem}",
])
def test_a_cue_doubled_in_a_row_is_keyword_stuffing(template: str) -> None:
    assert not reasoning.read(template).asked
    assert not check("08.3", record=False, template=template).passed


def test_a_cue_said_once_is_still_a_request() -> None:
    assert reasoning.read("Think step by step, then give the answer in <answer></answer> tags. {problem}").first


@pytest.mark.parametrize("prompt,team", [
    (f"{BIEBER}\nFirst list as numbered steps: his birth year, the NFL season of that year and its Super Bowl, its winner. Then the team in <team></team> tags.", "San Francisco 49ers"),
    (f"{BIEBER}\nStep by step: find his birth year, then that year's NFL season and the Super Bowl that ended it, then the winner. Team in <answer></answer> tags.", "San Francisco 49ers"),
    (f"{BIEBER}\nStep by step: his birth year, then the Super Bowl played in that calendar year (not the season that began that year), then the winner. Team in <answer></answer> tags.", "Dallas Cowboys"),
    (f"{BIEBER}\nReason step by step: birth year, the Super Bowl played that year, its winner. Then the team in <answer></answer> tags.", "Dallas Cowboys"),
])
def test_a_chain_steered_to_the_season_reaches_the_seasons_game(prompt: str, team: str) -> None:
    assert team in _reply(prompt).splitlines()[-1]
    assert check("08.2", record=False, prompt=prompt).passed == (team == "Dallas Cowboys")


# ---------------------------------------------------------------- lesson 10


@pytest.mark.parametrize("template", [
    "<review></review>\nLabel the sentiment of the review in the <review> tags: positive, negative or neutral. Only the label.\n{review}",
    "Rate the sentiment (positive, negative or neutral) of the text between the <text></text> tags. One word.\n{review}",
])
def test_empty_tags_pointed_to_hold_nothing_to_classify(template: str) -> None:
    filled = template.replace("{review}", "The kettle boils fast and looks lovely on the counter. Great value.")
    assert "empty" in _reply(filled)
    assert not check("10.1", record=False, template=template).passed


def test_an_empty_answer_tag_is_no_pointer_to_data() -> None:
    prompt = "Classify this review as positive, negative or neutral and write the label in <sentiment></sentiment> tags: The kettle boils fast and looks lovely. Great value."
    assert "empty" not in _reply(prompt)


@pytest.mark.parametrize("text", [
    "Decide whether the ticket in triple quotes is about billing, technical, account or shipping.",
    "Tell me if the support ticket below is related to billing, technical, account or shipping.",
    'Write one line "Category: <label>", where <label> is billing, technical, account or shipping.',
    "Reply as Category: <value>, where the value must be billing, technical, account or shipping.",
])
def test_label_sets_read_in_other_wordings(text: str) -> None:
    assert find_labels(text) == CATS


def test_a_scale_in_parentheses_offers_its_levels() -> None:
    assert find_labels("On a three-level scale (low, medium, high), how soon must we act? Return only the level word.") == ("low", "medium", "high")


@pytest.mark.parametrize("text", [
    "Reply with a single line: Category: followed by a space and the label.",
    "Answer in one line:\nCategory: then the category name",
    "Give exactly one line, Category: <category in lowercase>, nothing else.",
    "Return one line only, shaped exactly like this (with the right label):\nCategory: technical",
    "One line, nothing before or after it.\nFor example: Category: shipping",
])
def test_reply_lines_dictated_in_other_wordings(text: str) -> None:
    assert find_form(text, CATS) == "Category: {}"


def test_nothing_before_or_after_asks_for_the_line_alone() -> None:
    assert find_shape("Categories: billing, technical, account, shipping. Exactly one line, nothing before or after it.").bare


@pytest.mark.parametrize("template", [
    "### Job\nPut the support ticket into one category.\n\n### Allowed\n- billing\n- technical\n- account\n- shipping\n\n### Reply\nOne line, nothing before or after it:\nCategory: <category in lowercase>\n\n### Ticket\n{ticket}",
    "The ticket is in triple quotes.\n\"\"\"\n{ticket}\n\"\"\"\nDecide whether it is about billing, technical, account or shipping. Reply with a single line: Category: followed by a space and the label. Nothing else.",
    "Sort the ticket below into billing, technical, account or shipping.\n```\n{ticket}\n```\nOne line only, exactly like this:\nCategory: account",
])
def test_category_line_templates_pass_at_temperature_one(template: str) -> None:
    assert check("10.2", record=False, template=template).passed


@pytest.mark.parametrize("template", [
    "Classify the ticket in <ticket> tags as billing, technical, account or shipping. Begin with 'Category: <label>', then add a sentence explaining why.\n<ticket>{ticket}</ticket>",
    "Sort this ticket into billing, technical, account or shipping and reply with 'Category: <label>' followed by a short justification.\n<ticket>{ticket}</ticket>",
    "Work out the ticket's category and reply with exactly one line 'Category: <label>' and nothing else.\n<ticket>{ticket}</ticket>",  # no label set
])
def test_category_line_near_misses_still_fail(template: str) -> None:
    assert not check("10.2", record=False, template=template).passed


def test_a_label_reply_asked_to_explain_carries_the_explanation() -> None:
    prompt = f"Classify the ticket in <ticket> tags as billing, technical, account or shipping. Start with 'Category: <label>', then add a short sentence explaining your choice.\n<ticket>{TICKETS['billing']}</ticket>"
    lines = _reply(prompt).splitlines()
    assert lines[0] == "Category: billing" and len(lines) > 1


@pytest.mark.parametrize("template,passes", [
    ("Urgency of this ticket (one word only: low, medium or high): {ticket}", True),
    ("Rate how urgent this ticket is (pick one: low, medium or high): {ticket}", False),  # the label set, but not 'only the word'
])
def test_a_colon_inside_an_aside_introduces_no_data(template: str, passes: bool) -> None:
    filled = template.replace("{ticket}", TICKETS["billing"])
    a = analyse_fields(prompt=filled)
    assert a.shape.labels == ("low", "medium", "high") and a.data and a.data[0].text.startswith("I was charged")
    assert check("10.3", record=False, template=template).passed == passes


def test_reply_with_a_word_then_or_needs_a_word_boundary() -> None:
    assert not find_shape("Classify it as billing, technical, account or shipping. Start your reply with 'Category: <label>', then explain.").bare


# ---------------------------------------------------------------- held-out answers stay hidden


@pytest.mark.parametrize("exercise,field,text", [
    ("10.1", "template", "What is the sentiment of this review? {review}"),
    ("10.2", "template", "Which category (billing, technical, account or shipping) is this ticket? Say Category: <label>. {ticket}"),
    ("10.3", "template", "How urgent is this support ticket? {ticket}"),
    ("10.3", "template", "Is this support ticket urgent? Answer low, medium or high. {ticket}"),
    ("08.3", "template", "{problem} Give the answer in <answer></answer> tags."),
])
def test_failure_reasons_never_name_a_held_out_answer(exercise: str, field: str, text: str) -> None:
    ex = specs.get(exercise)
    result = check(exercise, record=False, **{field: text})
    answers = {i["expected"].lower() for i in ex.inputs}
    for o in result.outcomes:
        if not o.passed:
            for answer in answers:
                assert f"'{answer}'" not in o.reason.lower() and f'"{answer}"' not in o.reason.lower(), (o.title, o.reason)


def test_a_wrong_label_is_counted_by_held_out_input() -> None:
    result = check("10.3", record=False, template="Tell me how urgent this support ticket is: {ticket}")
    golden_check = next(o for o in result.outcomes if "golden" in o.title)
    assert not golden_check.passed and "of 4 held-out inputs got a wrong answer" in golden_check.reason


def test_golden_answers_are_the_non_slot_values_of_hidden_inputs() -> None:
    values = {"ticket": "The app crashes.", "expected": "high"}
    assert golden({"expected": "{expected}"}, values, "Rate it: {ticket}") == ["high"]
    assert golden({"pattern": "Category: (?:a|b)"}, values, "Rate it: {ticket}") == []
    assert golden({"expected": "{expected}"}, {**values, "_own_case": "1"}, "Rate it: {ticket}") == []
    assert "high" not in hide_golden("expected 'high', got 'urgent'", "urgent", ["high"])
    kept = "expected the answer inside <answer>...</answer>, the reply has no such tag"
    assert hide_golden(kept, "5 minutes", ["47 days"]) == kept
    assert checks.quote("urgent") in hide_golden("expected 'high', got 'urgent'", "urgent", ["high"])
