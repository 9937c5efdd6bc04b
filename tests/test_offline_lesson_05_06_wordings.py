"""Lessons 05-06, round 4: whole classes of wording the model and the checker must read alike."""

from __future__ import annotations

import json

from tutor import data
from tutor.analysis import analyse_fields
from tutor.analysis.shape import find_labels, find_shape
from tutor.offline.model import respond

CATALOGUE = data.catalogue()["text"]
MAIL = ("Hi everyone, our office moves to 14 Canal Street on Friday 20 June. Please pack your desks by Thursday afternoon; "
        "boxes are in the kitchen. Thanks, Nadia")


def ask(prompt: str, prefill: str = "") -> str:
    """The offline model's text for one user prompt (and an optional prefill)."""
    messages = [{"role": "user", "content": prompt}] + ([{"role": "assistant", "content": prefill}] if prefill else [])
    return respond(messages).text


def test_a_dictated_closing_line_is_printed_and_sets_no_rule() -> None:
    for said in ('End your reply with the line: CHECK OK: under 60 words, no price.',
                 'Finish the description with "Verified: under 60 words, no price."'):
        a = analyse_fields(prompt=f"Describe the BrewMaster 3000 coffee maker. {said}")
        assert a.closing and not a.limits and not a.exclusions
        assert ask(f"Describe the BrewMaster 3000 coffee maker. {said}").rstrip().endswith(a.closing)


def test_a_dictated_opening_or_last_line_is_printed_and_sets_no_rule() -> None:
    opening = analyse_fields(prompt="Describe the BrewMaster 3000. Start your reply with: 'Under 60 words, no price:'")
    assert opening.opening == "Under 60 words, no price:" and not opening.limits and not opening.exclusions
    assert ask("Describe the BrewMaster 3000. Start your reply with: 'Under 60 words, no price:'").startswith("Under 60 words, no price:")
    last = analyse_fields(prompt="Describe the BrewMaster 3000. Your last line must be: PASS (60 words max, no price)")
    assert last.closing == "PASS (60 words max, no price)" and not last.limits
    assert analyse_fields(prompt='Begin your answer with "Yes" or "No".').opening == ""  # a choice, not a line to print


def test_a_count_said_twice_is_one_count() -> None:
    for said in ("exactly 3 (three) bullet points", "exactly three (3) bullet points"):
        assert [(l.unit, l.quantifier, l.high) for l in analyse_fields(prompt=f"Summarise it as {said}.").limits] == [("bullets", "exactly", 3)]


def test_a_hard_cap_after_an_estimate_wins() -> None:
    for said in ("around forty words, never more than sixty", "roughly 40 words, not exceeding 60"):
        limits = analyse_fields(prompt=f"Write product copy for the BrewMaster 3000, {said}.").limits
        assert [(l.quantifier, l.high) for l in limits if l.unit == "words"] == [("at_most", 60)]


def test_naming_where_the_data_sits_offers_no_labels() -> None:
    assert find_labels("Below is an internal email, between BEGIN and END.\nSummarise it.") == ()
    assert find_labels("Choose between positive and negative.") == ("positive", "negative")
    assert find_labels("It must be exactly one of the words low, medium or high.") == ("low", "medium", "high")


def test_table_wordings_name_the_columns_and_only_them() -> None:
    for said in ("Tabulate the products in markdown. Three columns, in this order: Name, Price, In stock.",
                 "Build a markdown table with three columns, titled Name, Price and In stock, appearing in that sequence.",
                 "Write a markdown table.\nColumns, from left to right:\n* Name: the product name\n* Price: the price including the $ sign\n* In stock: Yes or No"):
        shape = find_shape(said)
        assert (shape.kind, shape.keys, shape.open_keys) == ("table", ("Name", "Price", "In stock"), False)


def test_a_colon_after_fence_talk_or_inside_a_json_sketch_introduces_no_data() -> None:
    a = analyse_fields(prompt=f'"""\n{MAIL}\n"""\nPull two facts out of the email in triple quotes: the move day and the street address. '
                              'Return a JSON object with the string keys "date" and "address".')
    assert [b.kind for b in a.data] == ["triple quotes"] and a.shape.keys == ("date", "address")
    a = analyse_fields(prompt=f'<catalog>{CATALOGUE}</catalog>\nOutput JSON in this shape:\n[\n  {{"name": "string", "price": 0.0, "in_stock": true}}\n]')
    assert a.shape.keys == ("name", "price", "in_stock") and [b.kind for b in a.data] == ["xml tags"]


def test_a_prefill_inside_the_first_value_still_gets_every_key() -> None:
    reply = ask(f"Give the move date and the street address from this email as a JSON object with the keys date and address.\n<mail>{MAIL}</mail>",
                prefill='{"date": "')
    assert json.loads('{"date": "' + reply) == {"date": "Friday 20 June", "address": "14 Canal Street"}


def test_extra_keys_set_to_none_close_the_key_list() -> None:
    for said in ("Markdown table. Columns: Name, Price, In stock. Extra columns: none.",
                 "Output a JSON object with the keys date and address. Additional keys: not allowed."):
        assert find_shape(said).open_keys is False
    assert find_shape("Markdown table with Name and Price; add any other useful columns.").open_keys is True
