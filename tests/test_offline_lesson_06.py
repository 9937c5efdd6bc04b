"""Offline model behaviour that lesson 06 (output formatting) relies on."""

import json

from tutor import data
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
