"""Round 11, lesson 09: a report's questions are found and answered however the prompt is laid out, and quotes are read in the order asked."""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker.grading import check
from tutor.analysis import grounding
from tutor.analysis.instructions import _task

Q93 = "What was Brightwater's revenue in the third quarter of 2023?"


def _passes(exercise: str, prompt: str) -> bool:
    """True when the prompt solves the exercise."""
    return check(exercise, record=False, prompt=prompt).passed


# -- class 1: a way of writing forbidden ('do not shorten or reword them') names no task ----------------------------------------

@pytest.mark.parametrize("sentence", [
    "Copy the sentences into <quotes> tags. Do not shorten or reword them.",
    "Quote the lines exactly; don't summarise them.",
    "Copy each sentence whole, never trimming it.",
    "Do not condense the sentences you copy.",
    "Paste the lines as they are, without shortening them.",
    "Don't abridge or paraphrase the evidence.",
    "Copy the relevant text and do not truncate it.",
    "Never reword or summarise the passages you quote.",
    "Please do not rephrase or shorten the quoted lines.",
    "Give the exact sentence, no need to summarise it.",
])
def test_a_forbidden_way_of_writing_is_no_summary_task(sentence: str) -> None:
    """A negated 'shorten', 'summarise', 'reword' forbids a way of copying; the task stays what the rest asks."""
    assert _task(sentence, sentence, has_data=False) != "summarise"


@pytest.mark.parametrize("sentence", ["Shorten the report to two sentences.", "Summarise the report.", "Please condense this memo."])
def test_an_asked_summary_is_still_a_summary(sentence: str) -> None:
    """The same verbs, not negated, still name a summary."""
    assert _task(sentence, sentence, has_data=True) == "summarise"


@pytest.mark.parametrize("steps", [
    "1. Read the report in the <report> tags.\n2. Copy, word for word, the sentence(s) that answer the question into <quotes> tags. Do not shorten or reword them.\n"
    "3. After the quotes, give the answer in <answer> tags, using only your quotes.",
    "Step 1: copy the supporting sentences into <quotes> tags exactly; don't summarise them.\nStep 2: then answer in <answer> tags based on those quotes.",
    "First copy the relevant sentences verbatim into <quotes> tags (never condense or paraphrase them). Then answer in <answer> tags, based only on the quotes.",
])
def test_quote_steps_with_a_ban_on_shortening_give_quotes_and_answer(steps: str) -> None:
    """The quoting steps of 09.3 with a ban on shortening still get the quotes and the answer."""
    assert _passes("09.3", f"Question: {Q93}\n\n{steps}\n\n<report>\n{REPORT}\n</report>")


# -- class 2: 'the text in triple quotes' names a delimiter, not quotes handed over ---------------------------------------------

@pytest.mark.parametrize("prompt", [
    f'"""\n{REPORT}\n"""\n\nUsing nothing but the text in triple quotes above, answer:\n(a) How many bikes did Brightwater sell in Q3 2024?\n'
    "(b) How much did Brightwater spend on marketing in Q3 2024?\n\nIf the text doesn't state a figure, write that the report does not give it.",
    f'"""{REPORT}"""\n\nBased only on the report in triple quotes above: how many bikes did Brightwater sell in Q3 2024, and what did it spend on marketing then? '
    "If the report doesn't say, tell me it doesn't.",
    f'Answer from the passage between the double quotes only; if it lacks a figure, say the report does not give it.\n\n"{REPORT}"\n\n'
    "How many bikes did Brightwater sell in the third quarter of 2024? How much did it spend on marketing in that quarter?",
    f"The report sits inside quotation marks below. Answer using only that report, and say so if it does not contain an answer.\n\n\"{REPORT}\"\n\n"
    "1. Bikes sold in Q3 2024?\n2. Marketing spend in Q3 2024?",
    f"'''\n{REPORT}\n'''\nFrom the text in the triple quotes alone: how many bikes were sold in Q3 2024 and how much was spent on marketing? "
    "Where the text is silent, say it is not in the report.",
])
def test_a_report_in_quote_marks_is_answered_from(prompt: str) -> None:
    """A report fenced by quote marks and named by them is the document to answer from, not quotes handed over."""
    assert _passes("09.2", prompt)


@pytest.mark.parametrize("sentence", [
    "Using only the text in triple quotes above, answer.", "Read the passage in double quotes below.", "The report is between quotation marks.",
    "Answer from the text inside the triple quotes.", "Use what is inside the quote marks below.",
])
def test_quote_mark_delimiters_are_no_handed_quotes(sentence: str) -> None:
    """Naming the quote marks that fence a text hands over no quotes and asks for none."""
    assert not grounding.hands_over_quotes(sentence)
    assert grounding.quoting(sentence) == ""


@pytest.mark.parametrize("sentence", ["Using only the quotes above, answer the question.", "Answer from these quotes alone."])
def test_quotes_handed_over_are_still_seen(sentence: str) -> None:
    """Real quotes handed over are still read as the source."""
    assert grounding.hands_over_quotes(sentence)


# -- class 3: 'pull two facts out of the report' extracts values and asks for no quotes -------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Your task is to pull two facts out of the report.", "Extract the facts the questions ask for.",
    "Please extract two facts from the document below.", "Pulling each fact from the report, fill in the list.",
])
def test_extracting_facts_is_no_quoting(sentence: str) -> None:
    """Extracting facts asks for values, not word-for-word quotes."""
    assert grounding.quoting(sentence) == ""


@pytest.mark.parametrize("sentence", ["Extract the exact sentences that answer it, then answer.", "Pull the relevant lines out verbatim first, then reply."])
def test_extracting_sentences_is_still_quoting(sentence: str) -> None:
    """Extracting sentences or lines is still quoting."""
    assert grounding.quoting(sentence) == "first"


# -- class 4: a headed list of noun phrases ('Facts to find:') holds the questions -----------------------------------------------

@pytest.mark.parametrize("head", ["Facts to find:", "Questions:", "Information needed:", "What I need:", "Figures to look up:", "Details requested:"])
def test_a_headed_list_of_things_to_find_is_answered(head: str) -> None:
    """Items under a heading that asks for them are the questions, answered from the report or admitted."""
    prompt = (f"Pull two facts out of the report between the ===== lines. Answer only from that text. For any fact the report does not contain, "
              f'write "not in the report" instead of a value.\n\n=====\n{REPORT}\n=====\n\n{head}\n'
              "1. The number of bikes Brightwater sold in the third quarter of 2024\n2. The amount Brightwater spent on marketing in the third quarter of 2024")
    assert _passes("09.2", prompt)


# -- class 5: the evidence asked for before the answer in a noun phrase, or by a reply template ---------------------------------

@pytest.mark.parametrize("sentence", [
    "I want to see the evidence before the answer.", "Show me the quotes first, then your answer.",
    "The supporting sentences come before your answer.", "I'd like to read the quotations before the answer.",
    "Let me see the citations first and the conclusion after.",
])
def test_evidence_before_the_answer_is_quote_first(sentence: str) -> None:
    """Asking to see the evidence before the answer is asking for quotes first."""
    assert grounding.quoting(sentence) == "first"


@pytest.mark.parametrize("lead", [
    "I want to see the evidence before the answer. Reply in exactly this structure:",
    "Evidence first, then the answer. Use this layout:",
])
def test_a_reply_template_with_quotes_then_answer_gets_both(lead: str) -> None:
    """A template with <quotes> before <answer> gets the quotes and the answer, in that order."""
    prompt = (f"<report>\n{REPORT}\n</report>\n\n{Q93}\n\n{lead}\n\n<quotes>\n[exact sentence(s) from the report]\n</quotes>\n"
              "<answer>\n[revenue figure]\n</answer>\n\nThe quoted text must match the report exactly.")
    assert _passes("09.3", prompt)


# -- class 6: the answer asked for first and the quotes only in a following sentence is no quote-first (near-misses fail) -------

@pytest.mark.parametrize("steps", [
    "Give your answer to the question in <answer> tags. Then back it up by copying the supporting sentence(s) word for word into <quotes> tags.",
    "Answer in <answer> tags. After that, copy the sentence that supports it into <quotes> tags.",
    "Put your answer in <answer> tags. Next, quote the exact supporting sentence in <quotes> tags.",
    "1. Answer the question in <answer> tags.\n2. Then copy the evidence, verbatim, into <quotes> tags.",
    "State the answer inside <answer> tags. Finally, paste the relevant sentences into <quotes> tags, word for word.",
    "Reply with the answer in <answer> tags; afterwards, cite the exact sentence in <quotes> tags.",
])
def test_quotes_after_the_answer_fail(steps: str) -> None:
    """Quotes asked for only after the answer are read as 'after', and 09.3 fails."""
    prompt = f"Using the report in <report> tags: {steps}\n\n<report>\n{REPORT}\n</report>\n\nQuestion: {Q93}"
    assert "quote_after" in grounding.read(steps)
    assert not _passes("09.3", prompt)


@pytest.mark.parametrize("steps", [
    "Read the report. Then copy the sentences that answer the question into <quotes> tags. Then answer in <answer> tags.",
    "Find the answer's evidence: first copy it word for word into <quotes> tags, then give your answer in <answer> tags.",
])
def test_quotes_then_answer_stay_first(steps: str) -> None:
    """A 'then' before the quotes, after a sentence that asks for no answer, leaves the quotes first."""
    assert "quote_first" in grounding.read(steps)
