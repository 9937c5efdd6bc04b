"""Round 10, lesson 07: example layouts the reader missed, and 'then give the label' read as a request for more.

Classes: (1) 'study the examples, then give the label' hands over the output itself, not an explanation on top;
'explain ..., then give the tag' and 'then add a short reason' still ask for more. (2) an input written without
a label before a labelled output: '<review>...</review>' alone on its line, or a quoted input ('"..." Tag: POS',
numbered or not) followed by its labelled output. (3) examples strung along one sentence, a quoted input joined
to its output by '=', an arrow or a word ('becomes', 'gets'), separated by ';' or ','. (4) one example told in prose
with the reply first: 'in the voice of this reply (to "..."): "..."'. (5) a question asking what the model makes of
the new input, with no empty slot and no 'output only', gets the model's view and then the output (a chat answer),
as a real model gives. All prompts are written for these tests.
"""

from __future__ import annotations

import pytest
from lesson07_cases import E1, E2, FIELD, L1, L2, NEW, OLD, OWNER, R_MIX, R_NEG, R_POS

from checker.grading import check
from tutor.analysis.examples import find_examples
from tutor.offline import imitation

TAGS = f"Review: {R_POS}\nTag: POS\n\nReview: {R_NEG}\nTag: NEG\n\nReview: {R_MIX}\nTag: MIX\n\n"
LOGS = f"Email: {E1}\nLog: {L1}\n\nEmail: {E2}\nLog: {L2}\n\n"
IN_TAGS = f"<review>{R_POS}</review>\nTag: POS\n\n<review>{R_NEG}</review>\nTag: NEG\n\n<review>{R_MIX}</review>\nTag: MIX\n\n"
NUMBERED = f'1. "{R_POS}" Tag: POS\n2. "{R_NEG}" Tag: NEG\n3. "{R_MIX}" Tag: MIX\n'

CASES = [
    # class 1: 'then give the label' is the output itself
    ("07.1", True, f"Read the tagged reviews below, then give the tag for the last one. Answer with the tag only, nothing else.\n\n{TAGS}Review: {{review}}\nTag:"),
    ("07.1", True, f"Look over how we tagged these, then add the matching tag for the new review. Just the tag, please.\n\n{TAGS}Review: {{review}}\nTag:"),
    ("07.3", True, f"Go through the desk's entries first, then give the log line for the new email. The line alone.\n\n{LOGS}Email: {{email}}\nLog:"),
    ("07.1", False, f"Tag the new review like these, then add a short reason for your choice.\n\n{TAGS}Review: {{review}}\nTag:"),
    ("07.1", False, f"{TAGS}Explain what you notice about this review, then give the tag.\n\nReview: {{review}}\nTag:"),
    ("07.3", False, f"{LOGS}Email: {{email}}\n\nTell me which words gave you each part and why, then give the log line."),
    # class 2: inputs without a label, outputs labelled
    ("07.1", True, f"Tag reviews the way our team did below. The tag alone, please.\n\n{IN_TAGS}<review>{{review}}</review>\nTag:"),
    ("07.1", True, f"Our earlier tags:\n\n{NUMBERED}4. \"{{review}}\" Tag:\n\nWhich tag goes after number 4? Only the tag."),
    ("07.1", True, f'Copy how these were tagged.\n\n"{R_POS}"\nTag: POS\n\n"{R_NEG}"\nTag: NEG\n\n"{R_MIX}"\nTag: MIX\n\n"{{review}}"\nTag:'),
    ("07.3", True, f"Log requests like the desk did. Reply with the log line only.\n\n<email>{E1}</email>\nLog: {L1}\n\n<email>{E2}</email>\nLog: {L2}\n\n<email>{{email}}</email>\nLog:"),
    ("07.3", True, f'Past entries:\n- "{E1}" Log: {L1}\n- "{E2}" Log: {L2}\n- "{{email}}" Log:\n\nGive only the last log line.'),
    # near-miss / cheat variants in these layouts still fail
    ("07.1", False, f"Tag the reviews like this; the tags are POS, NEG and MIX.\n\n{IN_TAGS}<review>{{review}}</review>\nTag:"),
    ("07.1", False, f"Our earlier tags:\n\n{NUMBERED}\nWhat do you think about this one? {{review}}"),
    ("07.3", False, f"<email>{E1}</email>\nLog: {L1}\n\nLog this email in the same way: {{email}}"),
    # class 3: examples inline in one sentence
    ("07.1", True, f'Tag reviews like these: "{R_POS}" = POS; "{R_NEG}" = NEG; "{R_MIX}" = MIX. Tag "{{review}}" and give only the tag.'),
    ("07.1", True, f'Going by these examples ("{R_POS}" gets POS, "{R_NEG}" gets NEG, "{R_MIX}" gets MIX), answer with just the tag for "{{review}}".'),
    ("07.1", True, f'Our tagging, as examples: "{R_POS}" -> POS; "{R_NEG}" -> NEG; "{R_MIX}" -> MIX. What tag does "{{review}}" get? Tag only.'),
    ("07.3", True, f'Turn the email into one log line the way these examples do: "{E1}" becomes {L1}; "{E2}" becomes {L2}. Only the line, for: {{email}}'),
    ("07.3", True, f'Like these examples ("{E1}" = {L1}, and "{E2}" = {L2}), give just the log line for this email: {{email}}'),
    ("07.1", False, f'Tag like these: "{R_POS}" = POS; "{R_NEG}" = NEG. Now tag "{{review}}" with the tag alone.'),
    ("07.1", False, f'Tags are POS, NEG or MIX, like these: "{R_POS}" = POS; "{R_NEG}" = NEG; "{R_MIX}" = MIX. Tag "{{review}}", tag only.'),
    ("07.3", False, f'Like this example ("{E1}" becomes {L1}), give just the log line for: {{email}}'),
    # class 4: one example in prose, the reply first
    ("07.2", True, f'Write back to "{NEW}" in the voice of this owner reply (to "{OLD}"): "{OWNER}". Just the reply.'),
    ("07.2", True, f'Copy the style of the answer to "{OLD}": "{OWNER}" and answer "{NEW}" the same way. Only the reply text.'),
    ("07.2", True, f'This is how the owner responded to "{OLD}" — "{OWNER}". Now respond to "{NEW}" the same way, reply only.'),
    ("07.2", False, f'Reply to "{NEW}" in a warm, lower-case voice, signed "mo @ crumb & co".'),
    ("07.2", False, f'The owner once said "{OWNER}". Reply to "{NEW}", reply text only.'),
    # class 5: asked what it makes of the new input, no slot, no 'tag only'
    ("07.1", False, f"{TAGS}What do you make of the review below, and which tag fits?\n\n{{review}}"),
    ("07.1", False, f"Our team's tagging:\n\n{TAGS}What's your take on this one, and its tag?\n\n{{review}}"),
    ("07.1", False, f"{TAGS}Here is another.\n\n{{review}}\n\nWhat do you think of it, and how would you tag it?"),
    ("07.3", False, f"{LOGS}What do you make of this email, and what would its log line be?\n\n{{email}}"),
    ("07.1", True, f"{TAGS}What do you make of this one? Give the tag alone.\n\nReview: {{review}}\nTag:"),
    ("07.1", True, f"{TAGS}How would you tag the next review? Only the tag.\n\nReview: {{review}}\nTag:"),
]


@pytest.mark.parametrize("exercise,passes,text", CASES, ids=[f"{c[0]}-{'expert' if c[1] else 'miss'}-{i}" for i, c in enumerate(CASES)])
def test_each_prompt_lands_on_its_side(exercise: str, passes: bool, text: str) -> None:
    """Each prompt lands on its side of the bar."""
    result = check(exercise, record=False, **{FIELD[exercise]: text})
    assert result.passed is passes, str(result)


@pytest.mark.parametrize("words,want", [
    ("Study the examples, then give the label for the new review.", ""),
    ("Read them all, then give the tag.", ""),
    ("Tag it, then give a one-line reason.", "after"),
    ("Explain your thinking, then give the tag.", "after"),
    ("Tag it and then add a note on what went wrong.", "after"),
    ("First describe the review's mood, then the tag.", "before"),
])
def test_then_give_the_label_is_not_an_extra(words: str, want: str) -> None:
    """Handing over the output 'then' asks for nothing more; an explanation or a note does."""
    assert imitation.extra(words) == want


def test_one_tagged_line_is_data_not_an_example() -> None:
    """A single '<review>...</review>' line before a labelled line is not read as an example layout."""
    assert not find_examples(f"Summarise this.\n\n<review>{R_MIX}</review>\nNote: be brief.").pairs


def test_inline_and_prose_pairs_are_read_with_their_new_input() -> None:
    """An inline '=' chain and a 'reply (to "...")' example are read as examples, each with the new input quoted in the request."""
    inline = find_examples(f'Tag like these: "{R_POS}" = POS; "{R_NEG}" = NEG. Now tag "{R_MIX}", tag only.')
    assert inline.layout == "inline" and inline.outputs == ["POS", "NEG"] and inline.query == R_MIX
    prose = find_examples(f'Answer "{NEW}" in the voice of this reply (to "{OLD}"): "{OWNER}".')
    assert prose.layout == "prose" and prose.outputs == [OWNER] and prose.query == NEW


@pytest.mark.parametrize("unit", ['"a b c" = d; ', '"ab" becomes c, ', '<r>a</r>\nTag: b\n', '1. "a b" Tag: c\n', 'reply (to "a b"): "c d" ', '"x" '])
def test_new_readers_grow_linearly(unit: str) -> None:
    """The readers added here cost time in proportion to a hostile input's size (the suite's linear-time bound)."""
    from test_linear_time import GROWTH, LARGE, SMALL, _model, _timings
    small, large = (unit * (SMALL // len(unit) + 1))[:SMALL], (unit * (LARGE // len(unit) + 1))[:LARGE]
    bound = GROWTH * min(_timings(_model, small)) + 0.05
    assert min(_timings(_model, large, enough=bound)) < bound
