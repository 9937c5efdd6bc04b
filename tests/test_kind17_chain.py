"""Round 17, lesson 11 (prompt chaining): readers widened for classes of wording the dev18/dev17 experts used."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis import blocks, grounding
from tutor.analysis.examples import find_examples
from tutor.analysis.shape import find_keys
from tutor.offline import chaining

EMAIL = "Hello, my name is Dana Whitfield. I ordered a kettle (order number 58213) and the lid is cracked. Thanks, Dana"


def _kinds(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every data block the analysis finds."""
    return [(b.kind, b.text) for b in blocks.find_blocks(text)]


# --- quotes described as handed over ('the verbatim excerpts below') ask for no quoting


@pytest.mark.parametrize("sentence", [
    "You only have the verbatim excerpts below, which were chosen for the question.",
    "Work from the exact quotes provided, nothing else.",
    "The word-for-word excerpts given here are all you may use.",
    "You can rely on the relevant quotes below.",
])
def test_described_quotes_are_handed_over(sentence: str) -> None:
    assert grounding.quoting(sentence) == ""


@pytest.mark.parametrize("sentence", [
    "Copy the verbatim sentences that answer the question into <quotes> tags.",
    "Quote the exact sentences from the document below before you answer.",
])
def test_a_request_for_verbatim_quotes_is_still_one(sentence: str) -> None:
    assert grounding.quoting(sentence) == "first"


# --- a colon that opens a counted list of what to pull out opens no data


@pytest.mark.parametrize("lead", [
    "Could you pull out three things for me: their name, their order number and what went wrong?",
    "Please extract two details: the customer's name and the order number.",
    "I need these bits from it: who wrote it, the order number, plus the complaint.",
])
def test_a_counted_list_after_a_colon_is_no_data(lead: str) -> None:
    text = f'{lead} Reply with a JSON object only.\n\nThe email:\n"""\n{EMAIL}\n"""'
    assert [k for k, _ in _kinds(text)] == ["triple quotes"]


def test_a_counted_lead_in_over_data_still_opens_data() -> None:
    text = ("Pull out the three things the customer wants from this email: Hi team, the kettle arrived late, the lid is cracked "
            "and it leaks badly. Please send a new one soon. Dana")
    assert any("kettle" in t for _, t in _kinds(text))


# --- 'key "name" → the customer's name' lines are a schema, not few-shot examples


@pytest.mark.parametrize("lines", [
    ['- key "name" → the customer\'s name', '- key "order_id" → the order number', '- key "problem" → what went wrong'],
    ['* "name" -> the customer\'s full name', '* "order_id" -> the order number', '* "problem" -> a short summary of the issue'],
    ['1. field `name` => who wrote in', '2. field `order_id` => their order number', '3. field `problem` => what the complaint is'],
])
def test_key_arrow_lines_name_keys(lines: list[str]) -> None:
    text = "Build a JSON object from the email:\n" + "\n".join(lines) + "\nRespond with the JSON only."
    assert not find_examples(text).pairs
    assert find_keys(text, "json") == ("name", "order_id", "problem")


def test_arrow_examples_are_still_examples() -> None:
    text = 'Tag each review.\n"Great kettle" -> POS\n"Lid cracked" -> NEG\n"Fine but slow" -> MIX\n"Love it" ->'
    assert len(find_examples(text).pairs) == 3


# --- a JSON sketch under a lead-in about the reply's shape is no data


@pytest.mark.parametrize("lead", [
    "Example of the required output shape (values here are made up):",
    "Your answer should look like this:",
    "Expected output format:",
])
@pytest.mark.parametrize("brace", ["{", "{{"])
def test_a_reply_sketch_is_not_data(lead: str, brace: str) -> None:
    close = "}" * len(brace)
    text = (f"Turn the email into JSON.\n\n{lead}\n{brace}\"name\": \"Jane Doe\", \"order_id\": \"A-1\", \"problem\": \"late\"{close}\n\n"
            f"Reply with the JSON object alone.\n\n<email>{EMAIL}</email>")
    assert [k for k, _ in _kinds(text)] == ["xml tags"]


def test_a_record_handed_over_is_still_data() -> None:
    text = 'Here is the customer record:\n{"name": "Dana", "order_id": "58213", "problem": "cracked lid"}\n\nWrite a short reply to the customer.'
    assert any("Dana" in t for _, t in _kinds(text))


# --- critique wording: 'enumerate every fact absent from the draft or rendered incorrectly'


@pytest.mark.parametrize("sentence", [
    "Enumerate every fact from the notes that is absent from the draft or rendered incorrectly in it.",
    "Itemise the facts the draft gets wrong or leaves out.",
    "Which notes are missing from the announcement? Highlight any that are stated wrongly.",
    "Call out each detail that is not included in the draft.",
])
def test_critique_wording(sentence: str) -> None:
    assert chaining.CRITIQUE.search(sentence)


@pytest.mark.parametrize("sentence", ["Write a first draft of the announcement from the notes.", "Enumerate the notes in a friendly post."])
def test_no_critique_in_a_writing_request(sentence: str) -> None:
    assert not chaining.CRITIQUE.search(sentence)


# --- a request heading over bullet specs ('Write a first draft:' then '- plain, friendly tone') is no data


NOTES = "- event: open day\n- date: Saturday 14 June\n- place: Elm Road allotments\n- bring: your own cup"


@pytest.mark.parametrize("head,bullets", [
    ("Write a first draft:", "- a short announcement for the audience\n- based on the notes above\n- plain, friendly tone"),
    ("Compose the first version:", "* keep it brief\n* warm and welcoming\n* use the notes above"),
])
def test_a_request_heading_over_specs_is_no_data(head: str, bullets: str) -> None:
    text = f"You are a communications writer.\n\nNotes for an announcement:\n{NOTES}\n\n{head}\n{bullets}"
    assert all("Elm Road" in t or "event" in t for _, t in _kinds(text))


def test_bullets_under_a_request_naming_the_data_stay_data() -> None:
    text = "Summarise these notes:\n- the open day is on Saturday\n- it is at Elm Road allotments\n- bring a cup"
    assert any("open day" in t for _, t in _kinds(text))


# --- whole chains in the learners' own words


def test_chatty_extraction_chain_passes() -> None:
    step1 = ('Hi! Could you grab three things for me: the customer\'s name, the order number and the complaint? '
             'It goes straight into code, so reply with nothing but a JSON object with the keys "name", "order_id" and "problem".\n\n'
             'The email:\n"""\n{email}\n"""')
    step2 = 'Write a short reply to the customer using these details. Greet them by name, mention the order number, 60 words max.\n\n"""\n{step1}\n"""'
    assert check("11.2", step1=step1, step2=step2, record=False).passed


def test_arrow_schema_chain_passes_and_its_contrast_fails() -> None:
    step1 = ("<email>\n{email}\n</email>\n\nMake a JSON object from the email:\n- \"name\" -> the customer's name\n"
             "- \"order_id\" -> the order number\n- \"problem\" -> what went wrong\n\nReturn the JSON only, nothing else.")
    step2 = "<record>\n{step1}\n</record>\n\nWrite our reply to this customer: greet them by name, mention the order number, at most 60 words, reply text only."
    assert check("11.2", step1=step1, step2=step2, record=False).passed
    assert not check("11.2", step1=step1.replace("Return the JSON only, nothing else.", ""), step2=step2, record=False).passed


def test_roles_per_step_chain_passes() -> None:
    step1 = "You are a press officer. Draft an announcement from these notes.\n\n<notes>{notes}</notes>"
    step2 = ("You are a fact checker.\n\n<notes>\n{notes}\n</notes>\n\n<draft>\n{step1}\n</draft>\n\n"
             "Itemise each fact from the notes that is absent from the draft or stated wrongly in it, inside <problems></problems> tags.")
    step3 = ("You are the press officer again.\n\n<draft>\n{step1}\n</draft>\n\n<problems>\n{step2}\n</problems>\n\n"
             "Revise the draft to fix every problem. No more than 60 words. Output the announcement only.")
    assert check("11.3", step1=step1, step2=step2, step3=step3, record=False).passed
    assert not check("11.3", step1=step1, step2=step2, step3=step3.replace(" No more than 60 words.", ""), record=False).passed


def test_verbatim_excerpts_handed_to_step_two_pass() -> None:
    step1 = ("<document>\n{document}\n</document>\n\nQuestion: {question}\n\n"
             "Copy the sentences that answer the question, word for word, into <quotes></quotes> tags. Do not answer yet.")
    step2 = ("You have only the verbatim excerpts below, chosen for the question.\n\n<excerpts>\n{step1}\n</excerpts>\n\n"
             "Question: {question}\n\nAnswer in one sentence, using only the excerpts.")
    assert check("11.1", step1=step1, step2=step2, record=False).passed
