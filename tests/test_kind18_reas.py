"""Round 18 (reas): lesson 08's keyword heap with the problem run on after it, empty tags set out with no request, and an opener that claims the reasoning done."""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis import reasoning

BAT = "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?"
Q = "Which NFL team won the Super Bowl in the year Justin Bieber was born?"

# a heap of keywords run straight into the pasted problem, with no full stop between them
HEAPS = [
    "reasoning steps careful logic slow thinking final result answer tags end output step by step " + BAT,
    "piece by piece arithmetic careful verification numbers final answer <answer></answer> last line end " + BAT,
    "chain of thought birth year Super Bowl winner calendar year final team tags Answer: " + Q,
    "deductions sequence careful facts birth year championship game winner step by step Team: " + Q,
]
# the same cue in a sentence, however terse, is a request
TERSE = [
    "Solve step by step. Show your working, then put the final amount in <answer></answer> tags at the very end.\n\n" + BAT,
    "Step by step reasoning first, then the final answer in <answer></answer> tags at the end: " + BAT,
    "Think it over step by step and put the amount in <answer></answer> tags last " + BAT,
    "Work through the facts one at a time: the year Bieber was born, the Super Bowl played in that calendar year, its winner. "
    "Then write Answer: and the team.\n" + Q,
]
# empty tags set out with nothing that asks for them to be filled
SKELETONS = [
    "<thinking></thinking>\n<answer></answer>\n" + BAT,
    BAT + "\n\n<scratchpad></scratchpad>\n<final_answer></final_answer>",
    "<steps>\n</steps>\n<team>\n</team>\n\n" + Q,
]
# the same tags with a sentence that asks for the layout
LAID_OUT = [
    "Use this layout:\n<thinking></thinking>\n<answer></answer>\n" + BAT,
    BAT + "\n\nReply in this format:\n<scratchpad>your working</scratchpad>\n<answer>the amount</answer>",
    "Fill in both tags, in order.\n<steps></steps>\n<team></team>\n\n" + Q,
    "Your reply must look like this:\n<reasoning>...</reasoning>\n<answer>...</answer>\n\n" + BAT,
]
# an opener to recite that says the reasoning is already done
DONE = [
    "Start your answer with \"Having reasoned through every fact step by step, I can say:\" and then write Answer: and the team.\n\n" + Q,
    "Open with the line 'We have checked the arithmetic carefully and step by step.' Then give the amount in <answer></answer> tags.\n" + BAT,
    "Begin by writing 'After thinking it through step by step, the answer is' and finish with <answer></answer> holding the amount. " + BAT,
]
# an opener that starts the reasoning
FORWARD = [
    "Start your reply with 'Let's think step by step.' and then give the amount in <answer></answer> tags. " + BAT,
    "Begin with \"I will work through each fact in turn:\" then list the birth year, the Super Bowl that year and its winner, "
    "and end with Answer: and the team.\n" + Q,
]


@pytest.mark.parametrize("text", HEAPS + SKELETONS + DONE)
def test_no_request_to_reason(text: str) -> None:
    """A heap of keywords, bare empty tags or a recited claim of work asks for no reasoning."""
    assert not reasoning.read(text).asked


@pytest.mark.parametrize("text", TERSE + LAID_OUT + FORWARD)
def test_request_to_reason_first(text: str) -> None:
    """The contrast: the same cues in a sentence, the tags with a request, a forward-looking opener."""
    assert reasoning.read(text).first


@pytest.mark.parametrize("exercise,text", [("08.1", HEAPS[0]), ("08.1", SKELETONS[0]), ("08.1", DONE[1]), ("08.2", HEAPS[2]), ("08.2", DONE[0])])
def test_cheats_fail(exercise: str, text: str) -> None:
    """Graded end to end, these prompts fail."""
    assert not check(exercise, record=False, prompt=text).passed


@pytest.mark.parametrize("exercise,text", [("08.1", TERSE[1]), ("08.1", LAID_OUT[0]), ("08.1", FORWARD[0]), ("08.2", TERSE[3])])
def test_contrasts_pass(exercise: str, text: str) -> None:
    """Graded end to end, the contrasts pass."""
    assert check(exercise, record=False, prompt=text).passed


def test_template_of_empty_tags_fails_and_with_a_request_passes() -> None:
    """08.3: '{problem}' under empty tags fails; asking for the layout passes."""
    bare = "{problem}\n<scratchpad></scratchpad>\n<answer></answer>"
    asked = ("Reply in exactly this layout, working first, and write nothing after </answer>:\n"
             "<scratchpad></scratchpad>\n<answer></answer>\n\nProblem: {problem}")
    assert not check("08.3", record=False, template=bare).passed
    assert check("08.3", record=False, template=asked).passed
