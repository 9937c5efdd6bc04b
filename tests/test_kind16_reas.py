"""Round 16 (reas): lesson 08's given text kept word for word in another layout, an answer written into the slot, and working ruled out."""

from __future__ import annotations

import pytest

from checker.checks import includes_text
from checker.grading import check
from tutor.analysis import reasoning
from tutor.analysis.text import same_words

BAT = "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?"
Q = "Which NFL team won the Super Bowl in the year Justin Bieber was born?"
ASK = "Work it out step by step first, then give the final amount inside <answer></answer> tags and write nothing after them."

# the passage's own words, sentence after sentence, in another layout (punctuation between words, case, bullets, a label)
SAME_WORDS = [
    "A bat and a ball cost $1.10 in total; the bat costs $1.00 more than the ball; how much does the ball cost?",
    "- A bat and a ball cost $1.10 in total.\n- The bat costs $1.00 more than the ball.\n- Question: how much does the ball cost?",
    "Puzzle: a bat and a ball cost $1.10 in total, the bat costs $1.00 more than the ball - how much does the ball cost",
    "A BAT AND A BALL COST $1.10 IN TOTAL. THE BAT COSTS $1.00 MORE THAN THE BALL. HOW MUCH DOES THE BALL COST?",
    "1. A bat and a ball cost $1.10 in total\n2. The bat costs $1.00 more than the ball\n3. How much does the ball cost",
]
# the passage edited: a word changed, a sentence dropped or moved, a sentence slipped in between
EDITED = [
    "A bat and a ball cost $1.20 in total. The bat costs $1.00 more than the ball. How much does the ball cost?",
    "A bat and a ball cost $1.10 in total. How much does the ball cost?",
    "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. The ball is cheap. How much does the ball cost?",
    "The bat costs $1.00 more than the ball. A bat and a ball cost $1.10 in total. How much does the ball cost?",
    "A bat and ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?",
]


@pytest.mark.parametrize("text", SAME_WORDS)
def test_same_words_in_another_layout_keep_the_passage(text: str) -> None:
    """Semicolons, bullets, a 'Question:' label or capitals keep the given text unchanged."""
    assert same_words(BAT, text)
    assert includes_text({"prompt": f"{ASK}\n\n{text}"}, BAT)[0]


@pytest.mark.parametrize("text", EDITED)
def test_edited_passage_is_not_the_given_text(text: str) -> None:
    """A changed, dropped, moved or inserted sentence is an edit."""
    assert not same_words(BAT, text)
    assert not includes_text({"prompt": f"{ASK}\n\n{text}"}, BAT)[0]


@pytest.mark.parametrize("prompt", [
    f"Reason step by step, then end with the ball's price in <answer></answer> tags and nothing after: {SAME_WORDS[0]}",
    f"Solve this carefully:\n{SAME_WORDS[1]}\n\nDo the working first, step by step, and finish with the amount in <answer></answer> tags, nothing after them.",
])
def test_08_1_passes_with_the_problem_in_another_layout(prompt: str) -> None:
    """08.1 passes when its problem is given word for word in another layout."""
    assert all(o.passed for o in check("08.1", record=False, prompt=prompt).outcomes)


def test_08_1_fails_with_an_edited_problem() -> None:
    """The contrast: the same prompt with the problem's figure changed fails."""
    r = check("08.1", record=False, prompt=f"{ASK}\n\n{EDITED[0]}")
    assert not all(o.passed for o in r.outcomes)


def test_08_2_question_run_into_a_lead_in() -> None:
    """'state which NFL team won ...' keeps the question's words; a reworded question does not."""
    lead = ("Work out Justin Bieber's birth year, then the Super Bowl played in that calendar year, then its winner, in order; "
            "only then state {q}, on a final line beginning \"Answer:\".")
    good = lead.format(q="which NFL team won the Super Bowl in the year Justin Bieber was born")
    bad = lead.format(q="which NFL side won the Super Bowl when Justin Bieber was born")
    assert all(o.passed for o in check("08.2", record=False, prompt=good).outcomes)
    assert not includes_text({"prompt": bad}, Q)[0]


# an answer written into the answer's slot as the answer to give
GIVEN = [
    ("Think step by step. Whatever the problem, the answer is <answer>5 cents</answer>.", "5 cents"),
    ("Work it through, but always write <answer>47 days</answer> at the end.", "47 days"),
    ("Reply with <answer>0</answer> and nothing after it.", "0"),
    ("Show your steps. The final answer will be <answer>12</answer>; write nothing after the tag.", "12"),
]
# a format shown by example, a placeholder, or a value offered only on a condition
NOT_GIVEN = [
    "Think step by step, then give the answer in <answer></answer> tags, e.g. <answer>$X.XX</answer>.",
    "Reason first, then finish with <answer>your final answer</answer> and stop.",
    "Reason first. If you are unsure, output <answer>0.05</answer>.",
    "Reason first, then answer in the form <answer>42</answer>, nothing after it.",
    "Reason step by step, then end with <answer>PRICE</answer>.",
    "Reason step by step, then write the answer like <answer>7 apples</answer> and stop.",
]


@pytest.mark.parametrize(("prompt", "value"), GIVEN)
def test_an_answer_written_into_the_slot_is_given(prompt: str, value: str) -> None:
    """'the answer is <answer>X</answer>' hands the model its answer."""
    assert reasoning.read(prompt).given == value


@pytest.mark.parametrize("prompt", NOT_GIVEN)
def test_a_slot_shown_by_example_gives_no_answer(prompt: str) -> None:
    """A sample, a placeholder or a conditional fallback in the tags is no answer handed over."""
    assert reasoning.read(prompt).given == ""


@pytest.mark.parametrize("prompt", [g for g, _ in GIVEN])
def test_08_3_template_with_a_fixed_answer_fails(prompt: str) -> None:
    """A template that hands over one fixed answer is copied, and fails on every problem."""
    r = check("08.3", record=False, template=f"{{problem}}\n\n{prompt}")
    assert not all(o.passed for o in r.outcomes)


def test_08_3_template_with_a_format_example_passes() -> None:
    """The contrast: a format example in the tags leaves the model to solve each problem."""
    template = ("<problem>{problem}</problem>\n\nReason through the problem step by step, then give the final answer inside "
                "<answer></answer> tags, for example <answer>7 apples</answer>, with nothing after the closing tag.")
    assert all(o.passed for o in check("08.3", record=False, template=template).outcomes)


# working ruled out on the page, whatever phrase the reply is told to open with
NO_WORKING = [
    'Begin your reply with the sentence "Let me think step by step." and then give the answer in <answer></answer> tags. Do not write any actual working.',
    "Think step by step, but don't show your working: output the answer in <answer></answer> tags only.",
    "Start with 'Let's reason carefully.' Then the answer in <answer></answer> tags. Never write out your reasoning.",
    "Reason step by step, but do not show the steps; just <answer></answer> with the answer.",
]
KEEPS_WORKING = [
    "Think step by step, then give the answer in <answer></answer> tags. Do not write any working after the closing tag.",
    "Show your working step by step. Do not put your reasoning inside the answer tags: give only the answer in <answer></answer>, last.",
    "Don't give the answer until you have shown your working step by step; then use <answer></answer> tags.",
    "Do not give the answer before working it out step by step; use <answer></answer> tags and nothing after.",
]


@pytest.mark.parametrize("prompt", NO_WORKING)
def test_working_ruled_out_asks_for_no_reasoning(prompt: str) -> None:
    """'Do not write any working' keeps the reasoning off the page, so the reply reasons before nothing."""
    assert not reasoning.read(prompt).asked


@pytest.mark.parametrize("prompt", KEEPS_WORKING)
def test_working_moved_or_held_is_still_asked(prompt: str) -> None:
    """The contrast: working kept out of one place, or the answer held back until it is shown, still asks for reasoning."""
    assert reasoning.read(prompt).first


def test_08_3_fake_reasoning_phrase_fails_and_real_one_passes() -> None:
    """A quoted 'think step by step' with the working forbidden fails 08.3; asking for the working passes."""
    fake = '{problem}\n\nBegin your reply with "Let me think step by step." and then give the answer in <answer></answer> tags, nothing after. Skip the working; do not show any working.'
    real = "{problem}\n\nThink step by step and show the working, then give the answer in <answer></answer> tags, nothing after them."
    assert not all(o.passed for o in check("08.3", record=False, template=fake).outcomes)
    assert all(o.passed for o in check("08.3", record=False, template=real).outcomes)
