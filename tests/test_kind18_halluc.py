"""Round 18, lesson 09: classes of wording the readers now understand, with contrasts that must still fail."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis import analyse, grounding, shape

REPORT = ("Brightwater Bicycles, third-quarter report 2024. In the third quarter of 2024, Brightwater Bicycles sold 41,200 bikes, "
          "its best quarter so far. Revenue for the quarter was $18.6 million. Online orders made up 38% of sales. The company "
          "opened two new stores, in Leeds and Bristol, and now employs 214 people. For comparison, in the third quarter of 2023 "
          "the company sold 35,700 bikes and revenue was $15.9 million. Returns fell from 4.2% to 3.1% of orders. Management "
          "expects fourth-quarter revenue of between $19 million and $20 million.")


@pytest.mark.parametrize("text", [
    "Put the evidence block first and your answer last.",
    "Fill the <quotes> part first, the <answer> part second.",
    "Copy the supporting lines word for word. The answer goes last.",
    "My screen shows the evidence and the answer side by side.\n- first, lift the exact sentences into <quotes>\n- then the answer in <answer>",
])
def test_rank_words_put_quotes_first(text: str) -> None:
    """'X first', 'the answer last/second' rank the nouns they follow; a sentence naming both orders nothing."""
    assert grounding.quoting(text) == "first"


@pytest.mark.parametrize("text", [
    "Give your answer first and the quotes second.",
    "Write the <answer> section first and the <quotes> section second.",
    "Answer the question. Then cite the sentence that supports it in <quotes> tags.",
])
def test_answer_first_still_after(text: str) -> None:
    """The contrast: the answer ranked first is still quotes after the answer."""
    assert grounding.quoting(text) == "after"


def test_bare_tag_pairs_ask_nothing() -> None:
    """Empty tag pairs with no lead-in are decoys; introduced as a layout they ask for the reply's shape."""
    assert grounding.quoting("<quotes></quotes>\n<answer></answer>\n\nWhat was revenue in 2023?") == ""
    assert grounding.quoting("Reply in this layout:\n<quotes></quotes>\n<answer></answer>") == "first"


def test_one_of_these_figures_offers_no_labels() -> None:
    """'one of these figures' points back at what was asked; 'one of: a, b, c' still offers labels."""
    assert shape.find_labels("If the report lacks one of these numbers, say plainly that it is missing.") == ()
    assert shape.find_labels("Reply with one of: low, medium, high.") == ("low", "medium", "high")


@pytest.mark.parametrize("ask", [
    "Report Brightwater's revenue for the third quarter of 2023",
    "Find Brightwater Bicycles' revenue for the third quarter of 2023",
    "Work out the revenue figure for the third quarter of 2023",
])
def test_value_orders_are_questions(ask: str) -> None:
    """An order for a value of the data is a question to answer from it, not copy to write."""
    prompt = (f"Steps:\n1. Lift, unchanged, the sentence giving it from the report between the --- lines into <quotes> tags.\n"
              f"2. {ask}, drawing only on what is in your <quotes>, inside <answer> tags.\n\n---\n{REPORT}\n---")
    r = check("09.3", record=False, prompt=prompt)
    assert r.passed, [o.reason for o in r.outcomes if not o.passed]


def test_copy_noun_is_still_a_writing_task() -> None:
    """The contrast: 'copy' the noun still asks for ad copy; a price handed over asks no question."""
    assert analyse("Write some punchy copy for our new kettle.").task == "generate"
    assert analyse("Sell the BrewMaster kettle to students; give the price of $29.99 and say it ships free.").task != "answer"


@pytest.mark.parametrize("prompt", [
    f"Relying only on the report in <doc> tags, give me Brightwater's bike sales for Q3 2024 and its advertising spend then, "
    f"and if it lacks either of those numbers, say so plainly instead of offering a guess. <doc>{REPORT}</doc>",
])
def test_question_lists_and_anaphora_09_2(prompt: str) -> None:
    """A heading over a list of questions is the writer's request; 'either of those numbers' offers no labels."""
    r = check("09.2", record=False, prompt=prompt)
    assert r.passed, [o.reason for o in r.outcomes if not o.passed]


def test_09_2_contrast_without_out_fails() -> None:
    """The contrast: the same list of questions with no out and no restriction fails."""
    prompt = (f"\"\"\"\n{REPORT}\n\"\"\"\n\nQuestions for you:\n1. How many bikes did Brightwater sell in Q3 2024?\n"
              "2. What did it spend on advertising that quarter?")
    assert not check("09.2", record=False, prompt=prompt).passed


def test_09_3_skeleton_with_bracketed_slots() -> None:
    """A response skeleton whose slots are described in brackets lays out the reply; without quoting it fails."""
    body = f"Evidence must be verbatim.\n\n<report>\n{REPORT}\n</report>\n\nWhat revenue did Brightwater report for Q3 2023?\n\nUse this layout:\n"
    good = body + "<quotes>\n(the sentence(s) that support it, exactly as written)\n</quotes>\n<answer>\n(the figure, from the quotes only)\n</answer>"
    assert check("09.3", record=False, prompt=good).passed
    bare = f"<report>\n{REPORT}\n</report>\n\nWhat revenue did Brightwater report for Q3 2023? Put it in <answer> tags."
    assert not check("09.3", record=False, prompt=bare).passed


@pytest.mark.parametrize("said", [
    "Give the figure exactly as the evidence states it.",
    "Report the number exactly as the evidence gives it, in one sentence.",
    "Write the amount just as the evidence puts it.",
])
def test_a_figure_given_as_the_evidence_states_it_is_no_request_to_quote(said: str) -> None:
    """'as the evidence states it' names where the figure comes from: no quotes are asked for (dev9 11.1 expert, broken in round 18)."""
    assert grounding.quoting(said) == ""


@pytest.mark.parametrize("said", ["Give the evidence first, then the answer.", "Show the exact sentences from the evidence before you answer."])
def test_asking_for_the_evidence_itself_is_still_quoting(said: str) -> None:
    """The contrast: the evidence as the thing to give is a request to quote, before the answer."""
    assert grounding.quoting(said) == "first"
