"""Round 16, lesson 11 (prompt chaining): readers widened for classes of wording the dev16/dev17 experts used."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis import blocks, cues, grounding
from tutor.analysis.instructions import _NOTHING_ELSE
from tutor.analysis.text import is_placeholder


@pytest.mark.parametrize("sentence", [
    "You will receive a question and some quotes taken from a report.",
    "You are given a few quotations copied out of an article.",
    "I'll send you excerpts pulled from a memo, plus a question.",
    "We will pass you the extracted quotes and the question.",
])
def test_quotes_the_model_receives_are_handed_over(sentence: str) -> None:
    assert grounding.hands_over_quotes(sentence)
    assert grounding.quoting(sentence) == ""


@pytest.mark.parametrize("sentence", [
    "You will receive a report; copy the quotes that answer the question into <quotes> tags.",
    "You get a report and need to produce quotes in <quotes> tags.",
    "You have to copy the exact quotes from the report into <quotes> tags.",
])
def test_a_request_for_quotes_is_still_a_request(sentence: str) -> None:
    assert grounding.quoting(sentence) == "first"


@pytest.mark.parametrize("text", ["Allowed source (nothing else):", "Permitted evidence:", "Treat the quotes as your sole source."])
def test_a_named_allowed_source_restricts(text: str) -> None:
    assert grounding.restricts_to_quotes(text)


@pytest.mark.parametrize("text", ["Source:", "Evidence:", "Answer the question in one sentence.", "Any source is fine."])
def test_a_bare_label_does_not_restrict(text: str) -> None:
    assert not grounding.restricts_to_quotes(text)


@pytest.mark.parametrize("sentence", [
    "Emit exactly one JSON object and no other characters.",
    "Print a single JSON object; nothing may precede or follow it.",
    "Nothing should come before or after the JSON.",
    "Return the JSON object, not one character more.",
])
def test_no_other_characters_rules_out_text_around(sentence: str) -> None:
    assert _NOTHING_ELSE.search(sentence)


@pytest.mark.parametrize("sentence", ["Return a JSON object with the keys name and order_id.", "Return JSON with no other keys."])
def test_keys_alone_rule_out_nothing(sentence: str) -> None:
    assert not _NOTHING_ELSE.search(sentence)


@pytest.mark.parametrize("sentence", [
    "Based only on those quotes, nothing else, please answer this question.",
    "Relying solely on the excerpts, answer in one sentence.",
    "and copy out word for word, without changing anything, the sentences.",
    "Reproduce the lines exactly.",
])
def test_lead_ins_and_copy_verbs_read_as_requests(sentence: str) -> None:
    assert cues.is_instruction(sentence)


@pytest.mark.parametrize("sentence", ["Based on customer feedback, the product was popular.", "Copy of the invoice is attached."])
def test_statements_stay_statements(sentence: str) -> None:
    assert not cues.is_instruction(sentence)


def test_placeholders() -> None:
    assert is_placeholder("...") and is_placeholder("<customer's name>") and is_placeholder("[sentence copied exactly]")
    assert not is_placeholder("Dana Whitfield")


def test_begins_ends_sentences_mark_data() -> None:
    text = "Read the memo.\n\nMemo begins.\nTitle: staff party\nThe party is on Friday.\nMemo ends.\n\nSummarise it in one sentence."
    found = [b for b in blocks.find_blocks(text) if b.delimited]
    assert found and found[0].text.startswith("Title: staff party") and "Memo ends" not in found[0].text


def test_tag_sketch_of_slots_is_no_data_but_a_passage_is() -> None:
    sketch = "Return the lines in this format:\n<quotes>\n[line copied exactly]\n[another line, if needed]\n</quotes>"
    assert not [b for b in blocks.find_blocks(sketch) if b.kind == "xml tags"]
    data = "Summarise this:\n<quotes>\nThe shop opened in 2015.\nIt sells bread.\n</quotes>"
    assert [b for b in blocks.find_blocks(data) if b.kind == "xml tags"]


def test_text_slotted_between_commas_is_data() -> None:
    text = ("Check this draft note, Hello all! The office closes at noon on Friday., against the notes it was built from, "
            "- day: Friday\n- time: noon, and list the missing facts inside <missing> tags.")
    found = [b.text for b in blocks.find_blocks(text)]
    assert any(t.startswith("Hello all!") for t in found) and any(t.startswith("- day: Friday") for t in found)


QUOTE_STEP = ("Please look through the following report, {document}, and copy out exactly the sentences answering the question "
              "\"{question}\", putting them between <quotes> and </quotes>.")


@pytest.mark.parametrize("step2", [
    "You will be handed a question and a few quotes lifted from a report.\n\nQUESTION: {question}\n\nQUOTES:\n{step1}\n\n"
    "Give a one-sentence answer that rests only on the quotes.",
    "Question: {question}\nPermitted source (nothing else):\n~~~\n{step1}\n~~~\nAnswer in one sentence:",
    "Below are the quotes:\n\n{step1}\n\nRelying solely on those quotes and nothing more, please reply in one sentence: {question}",
    "Drawing on nothing but the quoted lines here, {step1}, answer \"{question}\" in a single sentence.",
])
def test_quote_chain_paraphrases_pass(step2: str) -> None:
    assert check("11.1", record=False, step1=QUOTE_STEP, step2=step2).passed


def test_quote_chain_without_restriction_fails() -> None:
    step2 = "Question: {question}\nSource:\n~~~\n{step1}\n~~~\nAnswer in one sentence:"
    assert not check("11.1", record=False, step1=QUOTE_STEP, step2=step2).passed


REPLY_STEP = "Customer record:\n{step1}\n\nWrite them a reply of at most 60 words that greets them by name, cites the order number and acknowledges the problem."


@pytest.mark.parametrize("step1", [
    "Pull data out of this email.\n\n## Email\n{email}\n\n## Output\nA JSON object shaped like:\n{\"name\": \"...\", \"order_id\": \"...\", \"problem\": \"...\"}\n"
    "No extra keys and no text outside the JSON, no code fences.",
    "Work as a parser. For the email in <mail> tags, output one JSON object and no other characters, no code fences.\n"
    "Keys: {\"name\": string, \"order_id\": string, \"problem\": string}\n\n<mail>\n{email}\n</mail>",
])
def test_json_chain_paraphrases_pass(step1: str) -> None:
    assert check("11.2", record=False, step1=step1, step2=REPLY_STEP).passed


def test_json_chain_without_nothing_else_fails() -> None:
    step1 = ("Work as a parser. For the email in <mail> tags, output one JSON object.\n"
             "Keys: {\"name\": string, \"order_id\": string, \"problem\": string}\n\n<mail>\n{email}\n</mail>")
    assert not check("11.2", record=False, step1=step1, step2=REPLY_STEP).passed
