"""Round 14, lesson 09 (09.1 an out; 09.2 only the report, admit gaps): classes of wording the readers missed."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import grounding

Q2 = ("How many bikes did Brightwater sell in the third quarter of 2024?", "How much did Brightwater spend on marketing in the third quarter of 2024?")


# -- an out undercut by asking for a guess anyway: no out, the model guesses ---------------------------------------------------
@pytest.mark.parametrize("template", [
    "Answer the question. If you're unsure, say you don't know, but then add your best guess anyway.\nQuestion: {question}",
    "Question: {question}\nYou may admit you aren't certain; follow that with an educated guess so the reader has something.",
    "If you don't know, say so - and still give a rough estimate after it.\n{question}",
    "Answer this: {question}. It's fine to say you're not sure, as long as you always guess as well.",
    "When unsure, say 'not sure', then offer a plausible guess.\nQ: {question}",
    "Reply to {question}. Saying you don't know is allowed; however, include a guess every time.",
    "Answer {question}. If you lack the facts you can say so, but I still want your best estimate at the end.",
    "Say when you're not certain. Always attach a reasonable guess to the reply. Question: {question}",
])
def test_an_out_undercut_by_a_guess_is_no_out(template: str) -> None:
    """'Say you don't know, but add your best guess': the guess is still asked for, so the model invents; 09.1 fails."""
    assert not grounding.gives_out(template)
    assert not check("09.1", record=False, template=template).passed


@pytest.mark.parametrize("template", [
    "Answer the question. If you don't know the answer, say you don't know rather than giving your best guess.\nQuestion: {question}",
    "Question: {question}\nIf you aren't sure, say so. Do not offer a guess.",
    "Answer {question} if you know it; when you don't, say 'I don't know' - a plausible-looking estimate is a wrong answer.",
    "Answer the question below. If you're not sure, admit it instead of making a guess.\n\nQuestion: {question}",
    "Answer {question} only if you really know. If you don't, tell me so; I'd prefer that to a guess.",
    "1. Check whether you know the answer to {question}.\n2. If not (you have no information, or you would only be guessing), say you don't know.",
])
def test_an_out_that_refuses_the_guess_still_counts(template: str) -> None:
    """A guess named only to rule it out leaves the out in place."""
    assert grounding.gives_out(template)
    assert check("09.1", record=False, template=template).passed


# -- an out for an unclear question is not an out for not knowing ------------------------------------------------------------
@pytest.mark.parametrize("template", [
    "Answer the question correctly. If the question is ambiguous, ask me to clarify instead of answering.\n{question}",
    "Question: {question}\nShould the question seem vague or unclear, ask a follow-up question rather than answering.",
    "If the wording is confusing, ask what I mean instead of replying. Otherwise answer: {question}",
    "Answer {question}. When the request is unclear, you may ask for clarification instead.",
    "Reply accurately to {question}. If the question looks badly worded or unclear, say so and ask me to rephrase.",
])
def test_an_out_for_unclear_wording_is_no_out_for_not_knowing(template: str) -> None:
    """'If the question is unclear, ask': the question about a made-up company is clear, so the model answers it, inventing."""
    assert not grounding.gives_out(template)
    assert not check("09.1", record=False, template=template).passed


@pytest.mark.parametrize("template", [
    "Answer the question. If the question is unclear or you don't know the answer, say so instead of guessing.\n{question}",
    "Question: {question}\nIf it is unclear to you whether the thing exists, say you don't know.",
])
def test_an_unclear_wording_out_joined_to_not_knowing_counts(template: str) -> None:
    """The wording clause is dropped, the not-knowing clause beside it stays an out."""
    assert grounding.gives_out(template)
    assert check("09.1", record=False, template=template).passed


# -- 'where the report lacks a figure, work it out': an invitation to derive the missing value presses for one -----------------
@pytest.mark.parametrize("rule", [
    "Where the report doesn't state a figure directly, calculate it as best you can from the other numbers.",
    "If a figure isn't given, infer it from what the report does say.",
    "When the report is silent on something, work out a likely value from the related figures.",
    "In case a number is missing, derive it from the revenue and sales data.",
    "If the report does not mention a figure, figure it out yourself from the rest of the report.",
    "For anything not stated, reconstruct the number from the figures given.",
    "Where a value is absent, come up with the most reasonable number from the data.",
])
def test_deriving_a_missing_figure_presses_for_one(rule: str) -> None:
    """The condition is a gap, the order is to fill it: no out, so a figure is invented and 09.2 fails."""
    prompt = f"Answer the questions using only the report in <report> tags. {rule}\n<report>\n{REPORT}\n</report>\n1. {Q2[0]}\n2. {Q2[1]}"
    assert not grounding.gives_out(prompt)
    assert "answer_anyway" in grounding.read(prompt)
    assert not check("09.2", record=False, prompt=prompt).passed


@pytest.mark.parametrize("rule", [
    "If the report doesn't give a figure, say it is not given; don't calculate it from other numbers.",
    "Where a figure is missing, say so rather than working it out from the other figures.",
])
def test_refusing_to_derive_is_an_out(rule: str) -> None:
    """Deriving named only to forbid it keeps the out."""
    prompt = f"Answer the questions using only the report in <report> tags. {rule}\n<report>\n{REPORT}\n</report>\n1. {Q2[0]}\n2. {Q2[1]}"
    assert grounding.gives_out(prompt)
    assert check("09.2", record=False, prompt=prompt).passed


# -- 'may only cite the source' restricts the model to the source; it asks for no quotes --------------------------------------
@pytest.mark.parametrize("lead", [
    "You are a fact-checker who may only cite the source text provided.",
    "Act as an auditor: cite only the report, nothing else.",
    "As a researcher, you can only quote from the document given.",
    "Only cite the report below when you answer.",
    "You're a careful analyst who must cite nothing but the source provided.",
    "Play a librarian who may only draw on the attached report.",
])
def test_citing_only_the_source_is_a_restriction(lead: str) -> None:
    """The whole source is what may be drawn on: both questions are answered, the gap admitted, no quote step."""
    prompt = (f"{lead}\n\n<source>\n{REPORT}\n</source>\n\n(a) {Q2[0]}\n(b) {Q2[1]}\n\n"
              "If the source is silent on a question, write that the source does not contain that information.")
    assert grounding.quoting(lead) == ""
    result = check("09.2", record=False, prompt=prompt)
    assert result.passed, result


def test_quoting_sentences_from_only_the_source_is_still_a_quote_request() -> None:
    """'Quote only the sentences from the report that ...' still asks for quotes."""
    assert grounding.quoting("First quote only the report sentences that give revenue, then answer.") == "first"
    assert grounding.quoting("Cite only the relevant passages of the report in <quotes> tags before you answer.") == "first"


# -- 09.3: the value asked for in a second coordinated verb ('read the report and find X'), 'earned' naming revenue -----------
Q3_REPLY = ("Your reply has two parts, in this order. First, <quotes>: the supporting sentence(s) copied exactly from the report. "
            "Second, <answer>: the figure, based on those quotes alone.")


@pytest.mark.parametrize("ask", [
    "Please read the report between the markers and find the revenue Brightwater earned in the third quarter of 2023.",
    "Go through the report below and give the revenue Brightwater made in Q3 2023.",  # round 15: the relative clause's verb only carries the value's noun
    "Look over the report and report Brightwater's revenue for the third quarter of 2023.",
    "Read the text carefully and state the revenue the company earned in the third quarter of 2023.",
    "Check the report, and find how much revenue Brightwater earned in Q3 2023.",
    "Study the report and tell me the earnings Brightwater had in the third quarter of 2023.",
])
def test_a_coordinated_request_names_the_value(ask: str) -> None:
    """'Read X and find Y': the second verb asks for the value; quotes first, then the 2023 figure."""
    prompt = f"{ask}\n\nBEGIN REPORT\n{REPORT}\nEND REPORT\n\n{Q3_REPLY}"
    result = check("09.3", record=False, prompt=prompt)
    assert result.passed, result


# -- 09.3: a stage's name heading its line ('Answer: Then ...') is no order to answer first -----------------------------------
@pytest.mark.parametrize("prompt", [
    f"Extract, then answer.\n\nExtract: copy every sentence of the report that states Brightwater's revenue for the third quarter of 2023, exactly, into <quotes> tags.\nAnswer: Then, relying only on your quotes, give the Q3 2023 revenue in <answer> tags.\n\n<<<\n{REPORT}\n>>>",
    f"Step 1 - Quotes: copy word for word the sentences giving Brightwater's revenue in Q3 2023 into <quotes>.\nStep 2 - Answer: after that, using only those quotes, write the revenue in <answer>.\n\n<doc>{REPORT}</doc>",
    f"<doc>{REPORT}</doc>\nEvidence: put the exact sentences that report Brightwater's revenue for the third quarter of 2023 in <quotes> tags.\nFinal answer: next, from those quotes, give the revenue in <answer> tags.",
])
def test_a_stage_label_orders_nothing(prompt: str) -> None:
    """'Answer:' names a stage: the quotes still come first, so the careful reader finds the 2023 sentence."""
    result = check("09.3", record=False, prompt=prompt)
    assert result.passed, result


def test_answer_stage_first_then_quotes_is_still_quote_after() -> None:
    """Stages in the wrong order still ask for the quotes after the answer is written."""
    assert grounding.quoting("Answer: give the Q3 2023 revenue in <answer> tags.\nEvidence: then copy the sentences that support it into <quotes> tags.") == "after"
