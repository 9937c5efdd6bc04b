"""Round 8, lesson 07: few-shot examples in the layouts people actually use, and the model imitating them.

Classes widened: label runs on one line ('Review: ... Tag: POS | Review: ...'), bulleted label lines, an
arrow line under its input (a triple-quoted input, then '-> POS'), '?' and '(...)' as the empty slot, renamed tag pairs
(<past_review>/<owner_reply>/<review_to_answer>), a fenced pattern ending in an empty slot, the new input
quoted before the examples, examples wrapped in tags of their own name. Near-misses that must keep failing:
a layout spelled out in words next to the examples, several reply options instead of one reply, labels
listed in the instructions. All prompts are written for these tests.
"""

from __future__ import annotations

import pytest
from lesson07_cases import E1, E2, FIELD, L1, L2, NEW, OLD, OWNER, R_MIX, R_NEG, R_POS

from checker.grading import check
from tutor.analysis.examples import find_examples

CASES = [
    # 07.1: tags
    ("07.1", True, f"Reply with the tag only. Review: {R_POS} Tag: POS ; Review: {R_NEG} Tag: NEG ; Review: {R_MIX} Tag: MIX ; Review: {{review}} Tag:"),
    ("07.1", True, f"'''{R_POS}'''\n=> POS\n\n'''{R_NEG}'''\n=> NEG\n\n'''{R_MIX}'''\n=> MIX\n\n'''{{review}}'''\n=>\n\nWhat comes after the last arrow? Just that."),
    ("07.1", True, f"Past reviews and their tags:\n* \"{R_POS}\" -> POS\n* \"{R_NEG}\" -> NEG\n* \"{R_MIX}\" -> MIX\n* \"{{review}}\" -> ?\n\nAnswer with what replaces the ?, nothing else."),
    ("07.1", True, f"Tag the last one like the others.\n\n- Review: {R_POS}\n  Tag: POS\n- Review: {R_NEG}\n  Tag: NEG\n- Review: {R_MIX}\n  Tag: MIX\n- Review: {{review}}\n  Tag: ?"),
    ("07.1", False, f"Use POS, NEG or MIX. Review: {R_POS} Tag: POS | Review: {R_NEG} Tag: NEG | Review: {R_MIX} Tag: MIX | Review: {{review}} Tag:"),
    ("07.1", False, f"\"{R_POS}\"\n-> POS\n\n\"{R_NEG}\"\n-> NEG\n\n\"{{review}}\"\n->\n\nContinue the pattern."),
    # 07.2: the owner's voice
    ("07.2", True, f"Answer this one in the owner's voice: \"{NEW}\" Here is how the owner wrote before. Review: \"{OLD}\" Reply: \"{OWNER}\" Only the reply."),
    ("07.2", True, f"~~~\nReview: {OLD}\nReply: {OWNER}\n\nReview: {NEW}\nReply:\n~~~\n\nComplete the final Reply in the same person's style. Reply text only."),
    ("07.2", True, f"Write the owner's answer to the new review, modelled on the earlier one.\n\n<earlier_review>{OLD}</earlier_review>\n<earlier_reply>{OWNER}</earlier_reply>\n<new_review>{NEW}</new_review>\n\nOnly the answer."),
    ("07.2", True, f"The owner has already answered this review:\n\nReview: \"\"\"{OLD}\"\"\"\nOwner reply: \"\"\"{OWNER}\"\"\"\n\nNow this one:\n\nReview: \"\"\"{NEW}\"\"\"\n\nGive only the owner's reply to it."),
    ("07.2", True, f"Examples of how the owner answers:\n• Review: {OLD}\n• Reply: {OWNER}\n\nNew one:\n• Review: {NEW}\n\nWrite just the reply."),
    ("07.2", False, f"Reply like the owner does in the example.\n\nReview: {OLD}\nReply: {OWNER}\n\nReview: {NEW}\n\nWrite 3 alternative replies so we can choose."),
    ("07.2", False, f"Reply to this review in a casual, warm, lower-case voice, signed '— mo @ crumb & co': {NEW}"),
    # 07.3: the log line
    ("07.3", True, f"Email: {E1} Log: {L1} / Email: {E2} Log: {L2} / Email: {{email}} Log: (just the line)"),
    ("07.3", True, f"\"\"\"{E1}\"\"\"\n-> {L1}\n\n\"\"\"{E2}\"\"\"\n-> {L2}\n\n\"\"\"{{email}}\"\"\"\n->\n\nWrite only what goes after the last arrow."),
    ("07.3", True, f"Log the request at the bottom the same way. One line only.\n\n```text\nEmail: {E1}\nLog: {L1}\n\nEmail: {E2}\nLog: {L2}\n\nEmail: {{email}}\nLog:\n```"),
    ("07.3", True, f"Learn the layout from these.\n\n<done>\nEmail: {E1}\nLog: {L1}\n</done>\n<done>\nEmail: {E2}\nLog: {L2}\n</done>\n\n<todo>\n{{email}}\n</todo>\n\nReply with the todo's log line only."),
    ("07.3", True, f"Already logged:\n- Email: {E1}\n  Log: {L1}\n- Email: {E2}\n  Log: {L2}\n\nTo log:\n- Email: {{email}}\n  Log: ?\n\nReplace the ? and reply with that line."),
    ("07.3", False, f"Log it like the examples, with a hash before the order number and vertical bars between the parts.\n\nEmail: {E1}\nLog: {L1}\n\nEmail: {E2}\nLog: {L2}\n\nEmail: {{email}}\nLog:"),
    ("07.3", False, f"Follow the examples; put ' | ' between fields and always write the amount with two decimal places.\n\nEmail: {E1}\nLog: {L1}\n\nEmail: {E2}\nLog: {L2}\n\nEmail: {{email}}\nLog:"),
    ("07.3", False, f"Email: {E1}\nLog: {L1}\n\nEmail: {{email}}\nLog:"),
]


@pytest.mark.parametrize("exercise,passes,text", CASES, ids=[f"{c[0]}-{'expert' if c[1] else 'miss'}-{i}" for i, c in enumerate(CASES)])
def test_layouts_people_use_pass_and_near_misses_fail(exercise: str, passes: bool, text: str) -> None:
    """Each prompt lands on its side of the bar."""
    result = check(exercise, record=False, **{FIELD[exercise]: text})
    assert result.passed is passes, str(result)


def test_label_runs_on_one_line_are_pairs() -> None:
    """'Review: ... Tag: POS | Review: ... Tag:' holds two examples and the new input."""
    found = find_examples("Tag only. Review: Love it. Tag: POS | Review: Broke at once. Tag: NEG | Review: Meh, but fine. Tag:")
    assert [(e.input, e.output) for e in found.pairs] == [("Love it.", "POS"), ("Broke at once.", "NEG")]
    assert found.query == "Meh, but fine." and found.asked


def test_a_name_before_a_label_stays_in_the_value() -> None:
    """'Thanks, Ben Cole Log:' mid-line: the label is 'Log', the name belongs to the email."""
    found = find_examples(f"Email: {E1} Log: {L1} || Email: {E2} Log: {L2} || Email: Refund 9.99 dollars for order 70345. Thanks, Ben Cole Log:")
    assert found.query.endswith("Ben Cole")


def test_an_arrow_line_takes_the_line_above_as_its_input() -> None:
    """'"Great"' then '-> POS': one example; a bare last '->' marks the new input."""
    found = find_examples('"Great kettle."\n-> POS\n\n"It leaked."\n-> NEG\n\n"Fine, but loud."\n->\n\nContinue.')
    assert found.outputs == ["POS", "NEG"] and found.query == "Fine, but loud."


def test_a_transcript_in_a_fence_is_still_data() -> None:
    """Speakers taking turns in a fence, with no empty slot, are not examples."""
    text = "Summarise the chat.\n```\nDana: Can we move the launch to June?\nMarco: Yes, if QA signs off by Friday.\nDana: Great, I will tell the team today.\nMarco: Thanks, and book the room too.\n```"
    assert not find_examples(text).pairs


def test_unrelated_tags_do_not_make_a_query() -> None:
    """<article> then <summary> then <notes>: no new input of the same kind, so no tag-pair example."""
    assert find_examples("<article>Long text about bees.</article>\n<summary>Bees matter.</summary>\n<notes>keep it short</notes>").layout != "tags"


SYSTEM_TAGS = (f"You tag reviews for the shop dashboard. Reply with the tag only.\n\nReview: {R_POS}\nTag: POS\n\n"
               f"Review: {R_NEG}\nTag: NEG\n\nReview: {R_MIX}\nTag: MIX")


@pytest.mark.parametrize("user,tag", [
    ("Absolutely love this kettle, it boils in a minute.", "POS"),
    ("Review: Cheap plastic, it leaked on day one.\nTag:", "NEG"),
    ("Comfortable chair, but the armrest squeaks.", "MIX"),
])
def test_examples_in_the_system_prompt_are_imitated(user: str, tag: str) -> None:
    """Examples set up in the system prompt and the new review sent as the message: the tag, spelled as shown."""
    from tutor.offline import model
    assert model.respond([{"role": "system", "content": SYSTEM_TAGS}, {"role": "user", "content": user}]).text == tag


def test_a_system_prompt_without_examples_changes_nothing() -> None:
    """A role in the system prompt is no example: the message is answered as it stands."""
    from tutor.offline import model
    reply = model.respond([{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": "Tag this review: Great kettle."}]).text
    assert reply not in ("POS", "NEG", "MIX")


def test_two_labels_on_one_line_keep_a_name_before_the_second() -> None:
    """'Email: ... Thanks, Ben Cole Log:' holds the email (with its signature) and an empty log slot."""
    found = find_examples(f"Email: {E1}\nLog: {L1}\n\nEmail: {E2}\nLog: {L2}\n\nEmail: Refund 89.99 dollars for order 70345. Thanks, Ben Cole Log:")
    assert found.query.endswith("Ben Cole") and len(found) == 2


def test_asking_for_options_gives_numbered_options() -> None:
    """'Give me three reply options' in the owner's voice: three numbered replies under a line of the model's own."""
    from tutor.offline import model
    text = model.respond([{"role": "user", "content": f"Reply the way the owner does.\n\nReview: {OLD}\nReply: {OWNER}\n\nReview: {NEW}\n\nGive me three reply options."}]).text
    assert text.startswith("Here are 3 options") and "\n3. " in text and "\n4. " not in text


@pytest.mark.parametrize("mark", [":", "=", "—", "|"])
def test_quoted_inputs_with_a_mark_before_the_tag_pass(mark: str) -> None:
    """'"review" : POS' (or '=', '—', '|') for each example and the new review left empty after the mark."""
    text = f'Tag each review like these, the tag alone:\n"{R_POS}" {mark} POS\n"{R_NEG}" {mark} NEG\n"{R_MIX}" {mark} MIX\n"{{review}}" {mark}'
    assert check("07.1", record=False, template=text).passed


def test_the_new_input_may_come_before_the_examples() -> None:
    """'Tag the review in <r> tags' with <r>{review}</r> first and the examples after it."""
    text = f"Tag the review in the <r> tags, tag only.\n<r>{{review}}</r>\n\nExamples:\nReview: {R_POS}\nTag: POS\nReview: {R_NEG}\nTag: NEG\nReview: {R_MIX}\nTag: MIX"
    assert find_examples(text).query == "{review}" and check("07.1", record=False, template=text).passed


@pytest.mark.parametrize("text", [
    'Return JSON like this:\n{\n  "order number": "48213",\n  "customer name": "Dana Reyes",\n  "amount": 35\n}',
    'Use these definitions:\n"the full refund amount": the money back\n"the order number here": five digits',
])
def test_json_members_and_glossaries_are_not_quoted_examples(text: str) -> None:
    """Quoted keys with values, or quoted terms with meanings never called examples, teach no pattern."""
    assert not find_examples(text).pairs


NOTES = "- event: open day\n- date: Saturday 14 June\n- entry: free\n- bring: your own cup"


@pytest.mark.parametrize("text", [
    f"Notes: {NOTES}\n\nDraft: Join us on Saturday 14 June. Entry: free.\n\nWhich facts from the notes are missing from the draft?",
    "Product: BrewMaster 3000\nPrice: $89.99\nStock: in stock\n\nWrite a blurb. Price: say it once.",
])
def test_two_fields_of_a_record_are_not_a_one_shot_example(text: str) -> None:
    """Neighbouring 'key: value' lines among other fields are a record, even when one key comes back later in prose."""
    assert not find_examples(text).pairs


def test_a_one_shot_called_an_example_still_counts() -> None:
    """The same record guard leaves a lone pair alone when the prompt calls it an example."""
    text = f"Here is an example:\nReview: {R_POS}\nTag: POS\n\nReview: {{review}}\nTag:"
    assert len(find_examples(text).pairs) == 1
