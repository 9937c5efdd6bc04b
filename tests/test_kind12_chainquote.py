"""Round 12, exercise 11.1 (quote first, then answer): quotes handed over to answer from are no request to quote.

Two classes the grounding reader missed, so step 2 quoted its evidence again and wrote three sentences:
- a preposition (with an adverb or a participle determiner between) that makes the quotes the source
  ('rely strictly on the quotes', 'use only the following quotes', 'stick to these quotes');
- quotes presented to the model with a participle describing where they came from ('Below are quotes
  taken word for word from a report').
"""

from __future__ import annotations

import pytest

from checker.grading import check
from tutor.analysis import grounding

SOURCE_WORDINGS = [
    "You do not have the report, so rely strictly on the quotes.",
    "Use only the following quotes from the report:",
    "Draw solely on the quotes when you answer.",
    "Stick to the quotes and give the answer in one sentence.",
    "Keep strictly to these quotes when you reply.",
    "Depend entirely upon the quotes for the figure.",
    "Answer the question, working only from the quotes.",
    "Limit yourself to the quotes; nothing else counts.",
    "Using just the above quotes, answer the question in one sentence.",
    "Ground your reply exclusively in the selected quotes.",
]

PRESENTED_WORDINGS = [
    "Below are quotes taken word for word from a report, followed by a question.",
    "Here are some quotes, copied verbatim from the annual report.",
    "The following are quotations lifted word for word from the source.",
    "These quotes were pulled verbatim from a longer document.",
    "Below you will find quotes extracted word for word from the text.",
    "Here are the excerpts, all copied exactly from the report.",
    "Those quotes, taken verbatim from the report, are all you have.",
    "Here is the evidence, quoted word for word from the article.",
    "These are quotes reproduced verbatim from the museum's history.",
    "Above are quotes selected word for word from the report.",
]

STILL_ASKS = [  # requests to quote: still quote-first
    "Copy the sentences that answer the question word for word into <quotes> tags, then answer.",
    "First quote the relevant lines verbatim, then answer from the quotes.",
    "Give me the quotes copied word for word from the report, and only then the answer.",
    "Find the exact sentences in the report that answer the question and put them in <quotes></quotes>.",
    "Pull the supporting sentences out of the text verbatim before you answer.",
]


@pytest.mark.parametrize("sentence", SOURCE_WORDINGS + PRESENTED_WORDINGS)
def test_quotes_handed_over_ask_for_no_quoting(sentence: str) -> None:
    """Quotes named as the source, or presented as already copied, are no request to quote first."""
    assert grounding.quoting(sentence) == ""


@pytest.mark.parametrize("sentence", STILL_ASKS)
def test_requests_to_quote_still_read(sentence: str) -> None:
    """A request to copy quotes is still read as quote-first."""
    assert grounding.quoting(sentence) == "first"


STEP1 = ("Find the sentences in the report that answer the question. Copy them word for word inside <quotes></quotes> tags."
         "\n\n<question>{question}</question>\n<report>{document}</report>")
STEP2_GOOD = [
    "I need you to answer a question using only some quoted evidence. You do not have the original report, so rely strictly on the quotes."
    "\n\nQuotes:\n\"\"\"\n{step1}\n\"\"\"\n\nQuestion:\n\"\"\"\n{question}\n\"\"\"\n\nGive your answer as one sentence.",
    "Below are quotes copied verbatim from a report, then a question. Answer it in 1 sentence, based only on the quotes.\n\n{step1}\n\nQuestion: {question}",
    "Can you answer the question \"{question}\" in one sentence? Use only the following quotes from the report:\n{step1}",
    "Question: {question}\nQuotes:\n{step1}\n\nStick strictly to the quotes above and answer in a single sentence.",
]


@pytest.mark.parametrize("step2", STEP2_GOOD)
def test_step2_answers_in_one_sentence(step2: str) -> None:
    """Step 2 that hands the quotes over answers in one sentence and passes."""
    r = check("11.1", record=False, step1=STEP1, step2=step2)
    assert r.passed, [o.reason for o in r.outcomes if not o.passed]


def test_step2_without_restriction_still_fails() -> None:
    """Near-miss: quotes handed over but no 'only the quotes' restriction still fails."""
    step2 = "Below are quotes copied verbatim from a report. Answer the question in one sentence.\n\n{step1}\n\nQuestion: {question}"
    assert not check("11.1", record=False, step1=STEP1, step2=step2).passed
