"""Offline model behaviour that lesson 06 (output formatting) relies on."""

import json

from tutor import data
from tutor.analysis import analyse_fields
from tutor.offline.extract import field_value, kind_of
from tutor.offline.model import respond


def run(prompt, prefill=None):
    messages = [{"role": "user", "content": prompt}]
    if prefill:
        messages.append({"role": "assistant", "content": prefill})
    return respond(messages)


def test_address_key_is_filled_from_a_street_address():
    assert kind_of("address") == "address" and kind_of("email_address") == "email"
    assert field_value("address", "We meet at 221 Baker Street on Monday.") == "221 Baker Street"
    assert field_value("address", "No street is named here.") is None


def test_email_date_and_address_as_prefilled_json():
    email = data.emails()[0]["text"]
    c = run(f"Extract the date and the address of the move from the email below as JSON with the keys date and address.\n\n"
            f"<email>\n{email}\n</email>", prefill="{")
    assert json.loads("{" + c.text) == {"date": "Friday 20 June", "address": "14 Canal Street"}


TICKET = "I was charged twice for my subscription this month. Please refund the extra payment immediately."
CATALOGUE = (
    "Our spring range: the BrewMaster 3000 coffee maker costs $89.99 and is in stock. The TrailLite backpack (35 litres) costs $59.00, "
    "in stock. The Glow desk lamp costs $24.50 but is sold out until May. EchoBuds earphones cost $39.99 and are in stock.")


def test_a_label_is_written_as_the_prompt_writes_it_even_when_no_label_set_is_read():
    for prompt in (f"Urgency? low / medium / high. One word only.\n<ticket>{TICKET}</ticket>",
                   f"Answer with exactly one word, low, medium or high, for the urgency of this ticket: <t>{TICKET}</t>",
                   f"Sort this ticket into an urgency bucket.\n<request>{TICKET}</request>\nThe only valid buckets are low, medium and high. "
                   "Reply with the bucket name alone."):
        assert run(prompt).text == "high", prompt
    assert run(f"How urgent is this ticket? Answer with one word.\n<ticket>{TICKET}</ticket>").text == "High"
    assert run(f"<ticket>{TICKET}</ticket>\nRate its urgency. Respond with one of low | medium | high and nothing more.").text == "high"


def test_a_dictated_reply_line_wraps_the_label():
    for form, expected in (('Reply in the form "Urgency: <label>" and nothing else.', "Urgency: high"),
                           ("Use the format `Priority - [level]` and nothing else.", "Priority - high"),
                           ('Answer only as "Level: {low|medium|high}".', "Level: high"),
                           ("Reply in this format: Urgency: <label>", "Urgency: high"),
                           ("Format your answer as Urgency: [level].", "Urgency: high")):
        assert run(f"Classify the urgency of the ticket below as low, medium or high. {form}\n\n<ticket>\n{TICKET}\n</ticket>").text == expected
    said = run(f'Rate urgency: low, medium or high. Do not write "Urgency: <label>", just the label.\n<ticket>{TICKET}</ticket>').text
    assert said == "high"


def test_columns_named_by_position_or_with_the_table_word_in_the_list():
    for ask in ("The first column is Name, the second is Price and the third is In stock.",
                "Column 1: Name. Column 2: Price. Column 3: In stock.",
                "Put Name in the first column, Price in the second and In stock in the third.",
                "Columns Name | Price | In stock (that order), one row each, table only.",
                "Column order: Name first, Price second, In stock third.",
                "Use three columns: the first is Name, the second Price, the third In stock."):
        text = run(f"Make a markdown table of the products in the catalogue below. {ask}\n\n<catalogue>\n{CATALOGUE}\n</catalogue>").text
        assert text.splitlines()[0] == "| Name | Price | In stock |", ask
    quoted = analyse_fields('Give me a JSON object with two string fields: "date" for the day of the move and "address" for the street.')
    assert quoted.shape.keys == ("date", "address")


def test_json_objects_one_per_item_without_a_list_come_out_unwrapped():
    one_each = run(f"For each product in the catalogue, write a JSON object with exactly the keys name (text), price (a number) and in_stock "
                   f"(true or false). Output only JSON.\n\n<catalogue>\n{CATALOGUE}\n</catalogue>").text
    assert one_each.startswith("{") and "}\n\n{" in one_each
    sketched = run(f'Return the catalogue as JSON shaped like [{{"name": "...", "price": 0.0, "in_stock": true}}, ...], one object per product. '
                   f"No commentary.\n\n<catalogue>\n{CATALOGUE}\n</catalogue>").text
    assert isinstance(json.loads(sketched), list)
    typed = run(f"Return a JSON list; each object has exactly name (string), price (number) and in_stock (true or false). JSON only.\n\n"
                f"<catalogue>\n{CATALOGUE}\n</catalogue>").text
    assert set(json.loads(typed)[0]) == {"name", "price", "in_stock"}


def test_keys_given_as_examples_let_the_model_add_more():
    email = data.emails()[0]["text"]
    c = run(f"Extract the details of the office move from the email below as a JSON object, including the date and the address.\n\n"
            f"<email>\n{email}\n</email>", prefill="{")
    assert {"date", "address"} < set(json.loads("{" + c.text))
    c = run(f"Extract the move's details from the email below as a JSON object including the date and the address, and nothing else.\n\n<email>\n{email}\n</email>", prefill="{")
    assert set(json.loads("{" + c.text)) == {"date", "address"}


def test_rules_given_as_spec_fields_and_reply_edges_are_read():
    from tutor.analysis import analyse_fields as analyse

    tagged = analyse("<task>Write a product description</task>\n<constraints>\n<max_words>60</max_words>\n"
                     "<exclude>price, cost</exclude>\n</constraints>\nWrite it now.")
    assert "price" in tagged.exclusions and tagged.limit("words").high == 60
    keyed = analyse("```\nproduct: BrewMaster 3000\nword_limit: 60\nforbidden_topics: price, cost\n```\nUsing the spec above, write a product description.")
    assert "price" in keyed.exclusions
    as_json = analyse('{"product": "BrewMaster 3000", "max_words": 60, "exclude": ["price", "cost"]}\nFollow the JSON spec above.')
    assert "price" in as_json.exclusions and as_json.limit("words").high == 60 and as_json.shape.kind is None
    edges = analyse("Article: Some text here about a library.\n\nInstructions: Summarise the article above in exactly 3 bullet points. "
                    "Begin your reply directly with the first bullet and stop right after the third.")
    assert edges.nothing_else
    assert not analyse("Write a story that should end at the fifth chapter.").nothing_else
