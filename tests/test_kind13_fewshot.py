"""Round 13, lessons 07 (few-shot) and 08 (chains of reasoning): classes of wording the reader missed, in varied wordings of our own."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis.examples import find_examples
from tutor.analysis.instructions import analyse_parts
from tutor.analysis.reasoning import read as read_chain
from tutor.offline import model

TRIVIA = "Which NFL team won the Super Bowl in the year Justin Bieber was born?"


def _reply(prompt: str) -> str:
    """The offline model's reply to one user prompt."""
    return model.respond([{"role": "user", "content": prompt}]).text


def _passes(exercise: str, **fields: str) -> bool:
    """Whether the checker passes a prompt (nothing recorded)."""
    return check(exercise, record=False, **fields).passed


# class: an empty tag pair named for the answer is the reply's slot, not a promise of missing data
ANSWER_SLOT_TAGS = [
    f"Answer the question in the <q> tags by chaining facts.\n\n<q>{TRIVIA}</q>\n\nStep 1: Give the year Bieber was born.\n"
    "Step 2: Give the Super Bowl played in that calendar year.\nStep 3: Give its winner.\n\nThen write the team inside <final_team></final_team> tags.",
    f"{TRIVIA}\n\nFirst establish Bieber's birth year, then the Super Bowl played in that calendar year, then who won it. "
    "Close with the team in <winner></winner> tags.",
    f"<trivia>{TRIVIA}</trivia>\nThink it through step by step, anchoring on the calendar year the game was played. "
    "Put only the team in <final_answer></final_answer>.",
    f"Break the trivia question into smaller questions (birth year, the game played in that calendar year, its winner) and answer each.\n"
    f"<puzzle>{TRIVIA}</puzzle>\nWrap the team name in <team></team> tags at the very end.",
    f"Question: {TRIVIA}\nReason one step at a time about the year the game itself was played, then output the club in <result></result> tags.",
]


@pytest.mark.parametrize("prompt", ANSWER_SLOT_TAGS)
def test_an_empty_answer_tag_is_a_slot_not_missing_data(prompt: str) -> None:
    """The empty tag the answer goes into does not make the model think the question is missing."""
    assert not analyse_parts("", prompt).empty_tags, prompt
    assert "Dallas Cowboys" in _reply(prompt), prompt


def test_an_empty_data_tag_still_means_missing_data() -> None:
    """'the review in <review></review>' with nothing inside is still data that never came."""
    assert analyse_parts("", "Summarise the review in the <review></review> tags.").empty_tags == ("review",)


# class: a fill-in template of labelled blank lines ending in the answer's line is a reasoning scaffold
TEMPLATES = [
    f"Question: {TRIVIA}\n\n---\nFill in this template, completing each line before moving to the next:\nBieber's birth year: ...\n"
    "Super Bowl played in that calendar year: ...\nWinner of that game: ...\nAnswer: ...\n---\nThe 'Answer:' line must be the last line and hold only the team name.",
    f"{TRIVIA}\n\nComplete the form below, one line at a time:\nBirth year: ___\nSuper Bowl held in that calendar year: ___\nWinner: ___\nFinal answer: ___",
    f"{TRIVIA}\nReply using this layout:\nYear of birth: [year]\nGame played that calendar year: [game and date]\nAnswer: [team]",
    f"Use this worksheet for the trivia question.\n\n{TRIVIA}\n\nBieber born in: ?\nSuper Bowl played in that calendar year: ?\nChampion: ?\nAnswer: ?",
    f"{TRIVIA}\n\n###\nCopy and complete:\nStep A, birth year: ...\nStep B, the Super Bowl played in that calendar year: ...\nResult: ...\n###",
]


@pytest.mark.parametrize("prompt", TEMPLATES)
def test_a_fill_in_template_asks_for_reasoning_first(prompt: str) -> None:
    """The blank lines above the answer's line are filled first: the model reasons, then answers right."""
    reply = _reply(prompt)
    assert "Dallas Cowboys" in reply and "Green Bay" not in reply, prompt
    assert reply.index("1994") < reply.index("Dallas Cowboys"), prompt


@pytest.mark.parametrize("text", [
    "Question: ...\nAnswer: ...",  # a Q/A sketch is no scaffold
    "Input: ...\nOutput: ...\nAnswer: ...",
    "Answer: ...\nWhy: ...",  # the answer first
    "Answer: ...",
])
def test_a_question_answer_sketch_is_not_a_scaffold(text: str) -> None:
    """A sketch with no intermediate blank lines before the answer asks for no reasoning."""
    assert not read_chain(text).asked, text


def test_a_template_with_only_the_answer_line_still_blurts() -> None:
    """Near-miss: a template with only the answer line gets the tempting answer."""
    assert "Green Bay" in _reply(f"{TRIVIA}\n\n---\nFill in this template:\nAnswer: ...\n---")


# class: the question in <question> or <query> tags, the tag also named empty in the instruction
QUESTION_TAGS = [
    f"I'll give you a trivia question in <question></question> tags. Before answering, establish the birth year and the Super Bowl "
    f"played in that calendar year. Finish with a line 'Answer: <team>'.\n\n<question>\n{TRIVIA}\n</question>",
    f"The <query></query> tags below hold a question. Work through it step by step, using the year the game was played, "
    f"and end with the team in <answer></answer> tags.\n<query>{TRIVIA}</query>",
    f"Read the question between <question> and </question>. Think it through first (the game played in that calendar year), then answer on a line 'Answer:'.\n"
    f"<question>{TRIVIA}</question>",
]


@pytest.mark.parametrize("prompt", QUESTION_TAGS)
def test_a_question_in_question_tags_is_the_question(prompt: str) -> None:
    """A tag named like an instruction that holds the question is not empty, so the question is answered."""
    assert not analyse_parts("", prompt).empty_tags, prompt
    assert "Dallas Cowboys" in _reply(prompt), prompt


# class: few-shot labels followed by an arrow instead of a colon ('Review → ...', 'Reply → ...')
ARROW_LABELLED = [
    "Here's how the owner replied last week:\n\nReview → \"The bread was stale.\"\nReply → \"oh no!! so sorry, fresh batch tomorrow. — mo\"\n\n"
    "New one:\n\nReview → \"Nice cake, but the shop was cold.\"\n\nWrite the owner's reply in that same voice.",
    "Example:\nReview -> The bread was stale.\nOwner -> oh no!! so sorry, fresh batch tomorrow. — mo\n\nReview -> Nice cake, but the shop was cold.\nOwner ->",
    "Match this example's voice.\n\nreview => The bread was stale.\nreply => oh no!! so sorry, fresh batch tomorrow. — mo\n\nreview => Nice cake, but the shop was cold.\nreply =>",
    "Two samples:\nEmail ⇒ Hi, Ann Lee here, order 11111, refund 5 dollars.\nLog ⇒ #11111 | Ann Lee | $5.00\n"
    "Email ⇒ Bo Chan, order 22222, I paid $7.5.\nLog ⇒ #22222 | Bo Chan | $7.50\n\nEmail ⇒ Cy Dorn, order 33333, 9 dollars.\nLog ⇒",
]


@pytest.mark.parametrize("prompt", ARROW_LABELLED)
def test_arrow_labels_are_read_as_example_labels(prompt: str) -> None:
    """'Label → value' lines with recurring labels are labelled examples: the label is not the input."""
    found = find_examples(prompt)
    assert found.pairs and all(not e.input.lower().startswith(("review", "email")) for e in found.pairs), found
    assert found.query and ("cake" in found.query or "Cy Dorn" in found.query), found


def test_input_output_arrows_stay_arrows() -> None:
    """'input -> label' lines, a different input on each line, are still arrow examples."""
    found = find_examples("Great kettle -> POS\nBroke in a week -> NEG\nFine, a bit loud -> MIX\nLovely mug ->")
    assert found.layout == "arrows" and len(found.pairs) == 3 and found.query == "Lovely mug"


def test_arrow_labelled_bakery_voice_expert_passes() -> None:
    """An arrow-labelled example with a request for the same voice passes 07.2."""
    prompt = ("This is how the owner answered a review:\n\nReview → \"The sourdough was perfect but the queue was long.\"\n"
              "Reply → \"ah thank you!! so glad the sourdough hit the spot. sorry about the queue, we're opening a second till in may. — mo @ crumb & co\"\n\n"
              "Review → \"Lovely croissants, but you ran out of almond ones by 10am.\"\n\nWrite the reply to this one in exactly the same voice, reply text only.")
    assert _passes("07.2", prompt=prompt)


# class: a voice example shown only for reference, with no request to follow it and no open slot to continue
BAKERY = ("Review: The sourdough was perfect but the queue was long.\n"
          "Reply: ah thank you!! so glad the sourdough hit the spot. sorry about the queue, we're opening a second till in may. — mo @ crumb & co\n\n")
NEW = "Review: Lovely croissants, but you ran out of almond ones by 10am."


@pytest.mark.parametrize("prompt", [
    f"For background, a past review and its reply:\n\n{BAKERY}Write a reply to this new review.\n\n{NEW}",
    f"FYI, this is an older exchange.\n\n{BAKERY}Please answer the following review. Output just the reply.\n\n{NEW}",
    f"Some context first.\n\n{BAKERY}Now respond to this customer:\n\n{NEW}",
])
def test_an_example_shown_for_reference_is_not_imitated(prompt: str) -> None:
    """Near-miss: nothing asks for the example's voice, so the model writes its own polite reply (and 07.2 fails)."""
    assert "crumb & co" not in _reply(prompt), prompt
    assert not _passes("07.2", prompt=prompt), prompt


@pytest.mark.parametrize("prompt", [
    f"Here is a past review and my reply.\n\n{BAKERY}Write my reply to this new review, just the reply.\n\n{NEW}",
    f"{BAKERY}Reply to the review below so it sounds exactly like the reply above. Only the reply.\n\n{NEW}",
    f"Match the owner's voice from this example.\n\n{BAKERY}{NEW}\nReply:",
    f"{BAKERY}{NEW}\nReply:",
])
def test_an_example_to_follow_is_imitated(prompt: str) -> None:
    """Asked for the voice, or the example's layout left open for the reply: the model writes in the owner's voice."""
    assert _reply(prompt).endswith("crumb & co"), prompt
