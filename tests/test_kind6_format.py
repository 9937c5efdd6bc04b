"""Output formats read by structure (round 6): where a key or column list sits, what ends it, and nested JSON prefills.

Classes: a list on the line below a line that ends on a colon (what stands before the colon only qualifies the list);
lists sequenced with 'then'; a list inside a parenthetical aside ('(keys: date, address)?'); a list ended by a relative
clause ('whose values are strings', 'one product per row'); keys defined one per line ('- date: ...') with the JSON named
elsewhere; a second list introducer in the same sentence ('a list with one object per product, each holding ...'); a
prefill that opens an object inside another ('{"result": {"sentiment": "'), which the model continues and then closes.
Variants that skip the technique (no keys or columns named, a prefill that hands over the answer) must still fail.
"""

from __future__ import annotations

import json

import pytest

from checker.grading import check
from tutor.analysis import analyse_fields
from tutor.offline import model

CAT = ("Our spring range: the BrewMaster 3000 coffee maker costs $89.99 and is in stock. The TrailLite backpack (35 litres) costs $59.00, "
       "in stock. The Glow desk lamp costs $24.50 but is sold out until May. EchoBuds earphones cost $39.99 and are in stock.")
EMAIL = ("Hi everyone, our office moves to 14 Canal Street on Friday 20 June. Please pack your desks by Thursday afternoon; boxes are in the "
         "kitchen. IT will move computers over the weekend, so expect to log in from the new office on Monday 23 June. Parking passes for "
         "the new building are available from reception. Thanks, Nadia")
REV = "Is this review positive or negative?\n\n<review>The battery died after two days.</review>"
COLUMNS = ("Name", "Price", "In stock")

SHAPES = [
    # a list on the line below a colon: the words before the colon qualify it
    (f"Make a markdown table of the products in the tags. Use these column headers, spelled as shown and left to right:\nName, Price, In stock\n<c>{CAT}</c>", COLUMNS),
    (f"Build a markdown table. Its header cells, in exactly this sequence, are:\nName | Price | In stock\n\n<c>{CAT}</c>", COLUMNS),
    (f"<c>{CAT}</c>\nJSON array please. Every object gets these keys, named precisely as follows:\nname, price, in_stock", ("name", "price", "in_stock")),
    (f"Markdown table please. Columns should be labelled exactly like this -> Name, Price, In stock\n<c>{CAT}</c>", COLUMNS),
    (f"Make a markdown table. Three columns, namely Name, Price and In stock.\n<c>{CAT}</c>", COLUMNS),
    # a list in an aside right after the format's name
    (f"Put it in a markdown table (Name / Price / In stock).\n<c>{CAT}</c>", COLUMNS),
    (f"Send the move details back as JSON (date, address), nothing more.\n<email>{EMAIL}</email>", ("date", "address")),
    # lists sequenced with 'then'
    (f"Put the catalogue into a markdown table; columns: Name, then Price, then In stock.\n<c>{CAT}</c>", COLUMNS),
    (f"Table time! Header row is Name first, and then Price, and then In stock. Data: <c>{CAT}</c>", COLUMNS),
    # a list inside a parenthetical aside
    (f"Could you turn this email into JSON (fields: date, address)? <email>{EMAIL}</email>", ("date", "address")),
    (f"Make a markdown table of these (columns: Name, Price, In stock) please!\n<c>{CAT}</c>", COLUMNS),
    # a list ended by a relative clause or a distribution phrase
    (f"Write JSON with the keys date and address, whose values are plain strings.\n<email>{EMAIL}</email>", ("date", "address")),
    (f"Make a markdown table with the columns Name, Price and In stock, one product per line.\n<c>{CAT}</c>", COLUMNS),
    (f"Give me a table with columns Name, Price and In stock, one item each row.\n<c>{CAT}</c>", COLUMNS),
    # keys defined one per line, the JSON named elsewhere
    (f"Fill in a calendar entry from the email.\n\n* date = the day of the move\n* address = where the new office is\n\nReply as a JSON object using exactly those keys.\n<email>{EMAIL}</email>",
     ("date", "address")),
    (f"Build a calendar entry from the email.\n\n1. date: when the move happens\n2. address: the new street address\n\nOutput them as JSON, nothing else.\n<email>{EMAIL}</email>", ("date", "address")),
    # a second list introducer in the same sentence
    (f"Turn the tags' text into a JSON list with one entry per product, every entry containing just name, price (number) and in_stock (boolean).\n<c>{CAT}</c>",
     ("name", "price", "in_stock")),
]


@pytest.mark.parametrize("prompt,keys", SHAPES, ids=[f"shape-{i}" for i in range(len(SHAPES))])
def test_keys_and_columns_are_read_where_the_list_sits(prompt: str, keys: tuple[str, ...]) -> None:
    """The list is found by where it sits and what ends it, not by the words around it."""
    assert analyse_fields(prompt).shape.keys == keys


def test_a_then_that_starts_a_new_clause_still_ends_the_list() -> None:
    """'Name, Price, In stock, then sort by price': 'then' before a clause ends the list, it names no column."""
    shape = analyse_fields(f"Make a markdown table with columns Name, Price and In stock, then sort the rows by price.\n<c>{CAT}</c>").shape
    assert shape.keys == COLUMNS


def test_an_aside_that_is_no_list_names_no_keys() -> None:
    """'JSON (no markdown, no prose)' rules things out; it names no keys."""
    assert analyse_fields(f"Reply in JSON (no markdown, no prose).\n<email>{EMAIL}</email>").shape.keys == ()


def test_a_prose_line_after_a_colon_is_no_column_list() -> None:
    """A sentence after a line ending on a colon is not read as columns: only a line that is nothing but names is."""
    shape = analyse_fields(f"Put the catalogue into a markdown table with the columns Name, Price and In stock. Here it is:\n{CAT}").shape
    assert shape.keys == COLUMNS


CASES = [
    ("06.2", True, dict(prompt=f"Please produce a markdown table. The column headers must read, in order and exactly as I write them:\nName, Price, In stock\n\n<c>{CAT}</c>")),
    ("06.2", True, dict(prompt=f"I'd like a markdown table of this. Header row: Name, then Price, then In stock. One product per row, no other columns.\n\n```\n{CAT}\n```")),
    ("06.2", True, dict(prompt=f"Could you put these into a markdown table with the columns Name, Price and In stock (in that order), one product per row?\n\n\"\"\"\n{CAT}\n\"\"\"")),
    ("06.2", False, dict(prompt=f"Please produce a markdown table of this.\n\n<c>{CAT}</c>")),
    ("06.3", True, dict(prompt=f"Can you pull the move date and new address out of this email as JSON (keys: date, address)?\n\n<email>{EMAIL}</email>", prefill="{")),
    ("06.3", True, dict(prompt=f"Return a JSON object with two keys, \"date\" and \"address\", whose values are strings.\n\n<email>{EMAIL}</email>", prefill="{")),
    ("06.3", True, dict(prompt=f"For a calendar entry:\n\n- date: the day the office moves\n- address: the new office's street address\n\nGive me those two as one JSON object, strings only, no commentary.\n\n\"\"\"\n{EMAIL}\n\"\"\"", prefill="{")),
    ("06.3", False, dict(prompt=f"Give me the important details of this email as JSON.\n\n<email>{EMAIL}</email>", prefill="{")),
    ("06.1", True, dict(prompt=f"Can you make the text in the tags into JSON? I'd like an array with one object per product, each object having only name (string), price (number) and in_stock (boolean). Only the JSON.\n\n<data>{CAT}</data>")),
    ("06.1", False, dict(prompt=f"Can you make the text in the tags into JSON? Only the JSON.\n\n<data>{CAT}</data>")),
    ("01.2", True, dict(prompt=REV, prefill='{"result": {"sentiment": "')),
    ("01.2", True, dict(prompt=REV, prefill='{"review": {"label":')),
    ("01.2", True, dict(prompt=REV, prefill='{"results": [{"sentiment": "')),
    ("01.2", True, dict(prompt=REV, prefill='{"analysis": {')),
    ("01.2", False, dict(prompt=REV, prefill='{"result": {"sentiment": "negative"')),
    ("01.2", False, dict(prompt=REV, prefill="")),
]


@pytest.mark.parametrize("exercise,passes,fields", CASES, ids=[f"{c[0]}-{i}-{'pass' if c[1] else 'fail'}" for i, c in enumerate(CASES)])
def test_format_kind6_is_graded_by_its_technique(exercise: str, passes: bool, fields: dict) -> None:
    """A format stated in the learner's own structure passes; the same request without the technique fails."""
    result = check(exercise, record=False, **fields)
    assert result.passed is passes, str(result)


def _reply(prompt: str, prefill: str = "") -> str:
    """The offline model's whole reply (prefill included)."""
    messages = [{"role": "user", "content": prompt}] + ([{"role": "assistant", "content": prefill}] if prefill else [])
    return prefill + model.respond(messages).text


@pytest.mark.parametrize("prefill,expected", [
    ('{"result": {"sentiment": "', {"result": {"sentiment": "negative"}}),
    ('{"review": {"sentiment":', {"review": {"sentiment": "negative"}}),
    ('{"results": [{"sentiment": "', {"results": [{"sentiment": "negative"}]}),
    ('{"a": {"b": {"sentiment": "', {"a": {"b": {"sentiment": "negative"}}}),
    ('[{"sentiment": "', [{"sentiment": "negative"}]),
])
def test_nested_prefill_is_continued_and_every_container_closed(prefill: str, expected: object) -> None:
    """A prefill that opens an object inside others is continued inside it, then each container it opened is closed."""
    assert json.loads(_reply(REV, prefill)) == expected


def test_nested_prefill_keys_are_the_inner_objects() -> None:
    """'{"result": {"sentiment": "' asks for the key sentiment: the key that holds an object is a wrapper, not a value to fill."""
    assert analyse_fields(REV, prefill='{"result": {"sentiment": "').shape.keys == ("sentiment",)
