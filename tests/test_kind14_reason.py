"""Round 14 (reason): the order of reasoning and answer read by meaning (a held-back answer, 'at first glance', a dash or a
verb of holding back ending a clause, 'only after that' opening the next clause), and a format offered as an optional aid."""
import pytest

from checker.grading import check
from tutor.analysis import reasoning
from tutor.analysis.shape import find_shape

PROBLEM = "A shop sells pens at 3 for $2. How much do 12 pens cost?"
BAT = "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?"


@pytest.mark.parametrize("wording", [
    "Don't give an answer straight away. Explain your reasoning, then write the final price inside <answer></answer> tags.",
    "Don't answer yet. Work through the numbers step by step, then put the price in <answer></answer> tags.",
    "Resist the urge to answer immediately. Work through it step by step, then put the final figure in <answer></answer>.",
    "Don't state the result right away — think it through, and when you're done, put it in <answer></answer> tags.",
    "Avoid jumping straight to the answer: go through the arithmetic slowly and only after that write the answer in <answer></answer> tags.",
    "Watch out for the answer that looks right at first sight. Work it out step by step and give the answer in <answer></answer>.",
    "Slow down: the obvious answer at first glance is wrong. Think step by step and answer in <answer></answer> tags.",
    "Be careful: the amount that springs to mind first is usually wrong. Show your reasoning, then close with <answer></answer>.",
    "The answer which comes first to mind is a trap, so work through it step by step and end with <answer></answer>.",
    "Beware the result that feels right first; reason it out slowly, then put it in <answer></answer> tags.",
    "Your answer must not come first. Walk through the steps and end with <answer></answer>.",
    "The answer should not appear at the top. Explain each step, and put the answer at the very end in <answer></answer>.",
    "Hold off on the answer. Lay out your working, check it, and once you've checked it, give the final price in <answer> tags.",
    "Before answering, work the problem out slowly and confirm the result; finish with the answer in <answer></answer>.",
    "Write the final price in <answer></answer> tags at the end, but before that, walk through the arithmetic step by step.",
])
def test_reasoning_first_wordings(wording: str) -> None:
    """A held-back answer ('don't answer yet', 'must not come first', 'only after that') puts the reasoning first."""
    chain = reasoning.read(f"{PROBLEM}\n\n{wording}")
    assert chain.asked and chain.order == "before", chain


@pytest.mark.parametrize("wording", [
    "Answer straight away in <answer></answer>, then explain your reasoning.",
    "Give the price in <answer></answer> first. Below it, show the working.",
    "First answer in <answer></answer>, then justify it.",
    "Begin your reply with <answer></answer>; explain the arithmetic underneath.",
    "Give the answer right away in <answer></answer> tags and then walk through your steps.",
    "Answer in <answer></answer> tags, then justify it step by step.",
    "Put the answer in <answer></answer> at the top; show your working below it.",
    "State the answer, then walk me through how you got it.",
])
def test_answer_first_wordings_stay_after(wording: str) -> None:
    """The answer asked for first, the reasoning after it: still read as reasoning after the answer."""
    chain = reasoning.read(f"{PROBLEM}\n\n{wording}")
    assert chain.asked and chain.order == "after", chain


@pytest.mark.parametrize("text", [
    "Work it out step by step; use a table if it helps, then give the answer in <answer></answer>.",
    "Feel free to sketch a table of the quantities, then put the final answer in <answer></answer> tags.",
    "Set up equations (or a small table, if useful) and then answer in <answer></answer>.",
    "You may draw a table for the working. End with the answer in <answer></answer>.",
    "If it helps, lay the numbers out in a table. Finish with <answer></answer>.",
    "Use a table where helpful, and put the result in <answer></answer>.",
    "Make a table if you find it useful; final answer in <answer></answer>.",
    "Define the unknowns, write equations or a table if it helps, and compute each step.",
])
def test_a_table_offered_as_an_aid_is_no_reply_shape(text: str) -> None:
    """A format the model may use along the way ('a table if it helps') is not the reply's shape."""
    assert find_shape(text).kind != "table"


@pytest.mark.parametrize("text", [
    "Return a markdown table with columns Name, Price.",
    "Put the results in a table with one row per product.",
    "Format the output as a table if there are several products.",
    "Return a markdown table, and add a note if needed.",
    "Output a table; feel free to add a summary below.",
    "Give a table of the products, then a one-line summary if useful.",
])
def test_a_table_asked_for_is_still_a_table(text: str) -> None:
    """A condition that belongs to another clause leaves the table asked for."""
    assert find_shape(text).kind == "table"


@pytest.mark.parametrize("template", [
    "{problem}\n\nBefore you reply, reason it through slowly: name the unknowns, set up equations or a table if that helps, and check each step. "
    "Finish with the final answer in <answer></answer> and nothing after the closing tag.",
    "{problem}\n\nDon't answer right away. Work through it step by step, test your answer against every condition, and only then put it in <answer></answer> tags, nothing after.",
    "<problem>\n{problem}\n</problem>\nResist the urge to answer immediately: go through the problem slowly and only after that give the final answer in <answer></answer> tags, with nothing after them.",
])
def test_reasoning_first_templates_pass_08_3(template: str) -> None:
    """Templates that hold the answer back until the working is done pass 08.3."""
    result = check("08.3", record=False, template=template)
    assert result.passed, result


@pytest.mark.parametrize("template", [
    "{problem}\n\nGive the final answer in <answer></answer> tags straight away, then explain your reasoning step by step.",
    "{problem}\n\nAnswer first inside <answer></answer>, and justify it afterwards.",
    "{problem}\n\nUse a table if it helps. Put the answer in <answer></answer> tags.",
])
def test_answer_first_or_no_reasoning_fails_08_3(template: str) -> None:
    """The answer asked for first, or no reasoning asked for at all, still fails 08.3."""
    assert not check("08.3", record=False, template=template).passed


@pytest.mark.parametrize("prompt", [
    f"Here is a puzzle:\n\n```\n{BAT}\n```\n\nDon't give an answer straight away. Walk through the arithmetic step by step, check your answer against the puzzle, "
    "and only then write the final price inside <answer></answer> tags at the end of your reply.",
    f"<problem>{BAT}</problem>\nThe answer that seems right at first glance is wrong. Reason step by step and put the final amount in <answer></answer> tags at the end.",
])
def test_reasoning_first_prompts_pass_08_1(prompt: str) -> None:
    """Prompts that hold the answer back until the working is done pass 08.1."""
    result = check("08.1", record=False, prompt=prompt)
    assert result.passed, result


def test_answer_first_prompt_fails_08_1() -> None:
    """'Answer straight away, then explain' still fails 08.1."""
    prompt = f"{BAT}\nGive the final price in <answer></answer> tags straight away, then explain your reasoning."
    assert not check("08.1", record=False, prompt=prompt).passed


@pytest.mark.parametrize(("wording", "order"), [
    ("Put <answer></answer> last, after your working.", "before"),
    ("Hold the final answer back until you have shown every step. Then <answer></answer>.", "before"),
    ("The answer goes last, in <answer></answer>; the working goes above it.", "before"),
    ("Your calculations come before the answer, which goes in <answer></answer>.", "before"),
    ("Write <answer></answer> at the end, below your reasoning.", "before"),
    ("Don't answer until you've done the arithmetic; the answer goes in <answer></answer>.", "before"),
    ("Put the answer in <answer></answer> up front, with the working after it.", "after"),
    ("Reply with the answer immediately in <answer></answer>, then the steps.", "after"),
    ("Give <answer></answer> straight away, followed by your reasoning.", "after"),
    ("Answer in <answer></answer> first; the arithmetic goes below it.", "after"),
])
def test_reasoning_placed_next_to_the_answer(wording: str, order: str) -> None:
    """The working named as a thing placed before or after the answer ('after your working', 'then the steps') asks for reasoning in that order."""
    chain = reasoning.read(f"{PROBLEM}\n\n{wording}")
    assert chain.asked and chain.order == order, chain


@pytest.mark.parametrize("wording", [
    "Answer by following the steps your teacher gave you. Put the answer in <answer></answer>.",
    "Give only the answer in <answer></answer>, with no working after it.",
    "Work silently, then reply with only the answer in <answer></answer>.",
])
def test_no_reasoning_on_the_page(wording: str) -> None:
    """Obeying steps, refusing the working, or hiding it asks for no reasoning on the page."""
    assert not reasoning.read(f"{PROBLEM}\n\n{wording}").first


@pytest.mark.parametrize(("wording", "first"), [
    ("Don't answer until you've done the arithmetic; the answer goes in <answer></answer>.", True),
    ("Never give the price before you have checked it. Put it in <answer></answer>.", True),
    ("Do not write anything in <answer></answer> until you have worked it out.", True),
    ("Don't overthink before answering; just put the price in <answer></answer>.", False),
    ("No need to think before you answer: the price in <answer></answer> is enough.", False),
])
def test_a_negation_that_holds_the_answer_back(wording: str, first: bool) -> None:
    """'Don't answer until ...' holds the answer back (reasoning first); 'don't overthink before answering' denies the work."""
    assert reasoning.read(f"{PROBLEM}\n\n{wording}").first is first


@pytest.mark.parametrize(("wording", "order"), [
    ("Give the answer before the working, in <answer></answer>.", "after"),
    ("Put the answer in <answer></answer> before your reasoning.", "after"),
    ("Give the answer in <answer></answer> before working it out step by step.", "after"),
    ("Never give the price before checking it. Put it in <answer></answer>.", "before"),
    ("Don't give the answer before working it out step by step; use <answer></answer>.", "before"),
    ("Before the answer, your working. The answer goes in <answer></answer>.", "before"),
])
def test_before_placed_by_its_object(wording: str, order: str) -> None:
    """'The answer before your reasoning' puts the answer first; 'never give the price before checking it' puts the work first."""
    chain = reasoning.read(f"{PROBLEM}\n\n{wording}")
    assert chain.asked and chain.order == order, chain
