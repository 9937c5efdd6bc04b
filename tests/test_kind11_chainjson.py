"""Round 11 (capjson): a quoted question named inside an instruction, with the data after the sentence's colon."""
import pytest

from tutor.analysis import blocks
from tutor.offline import model

FACT = "In 2022 the museum had 118,000 visitors, its best year so far."
Q = "How many visitors did the museum have in 2022?"

WORDINGS = [
    f'Using only these quotes, answer "{Q}" in one sentence: {FACT}',
    f'Relying only on this excerpt, answer "{Q}" in a single sentence: {FACT}',
    f'With nothing but the following quote, reply to "{Q}" in one sentence: {FACT}',
    pytest.param(f'Based only on these lines, answer the question “{Q}” briefly: {FACT}',
                 marks=pytest.mark.xfail(reason="not yet read: 'the question \"...\" briefly:' lead-in", strict=True)),
    pytest.param(f'From this evidence alone, answer "{Q}", in one sentence: {FACT}',
                 marks=pytest.mark.xfail(reason="not yet read: comma after the quoted question", strict=True)),
    f'Answer "{Q}" in one sentence, using only these quotes: {FACT}',
    f'Use only the quotes below to answer "{Q}" in one sentence:\n{FACT}',
    f'Only from this passage, respond to "{Q}" with one sentence: {FACT}',
]


@pytest.mark.parametrize("prompt", WORDINGS)
def test_quoted_question_is_not_the_data(prompt: str) -> None:
    """The data is the text after the colon, not the quoted question the instruction names."""
    found = blocks.find_blocks(prompt)
    assert found and found[-1].text.strip() == FACT


@pytest.mark.parametrize("prompt", WORDINGS[:3])
def test_answer_comes_from_the_quotes(prompt: str) -> None:
    """The model answers the named question from the quoted evidence."""
    assert "118,000" in model.respond([{"role": "user", "content": prompt}]).text


def test_a_quoted_passage_is_still_data() -> None:
    """A long quoted passage (not a single question) stays data."""
    prompt = 'Summarise "The museum opened in 2009 in a former tram depot by the river and grew fast." in one sentence.'
    assert any("tram depot" in b.text for b in blocks.find_blocks(prompt))


from tutor.analysis import grounding  # noqa: E402
from tutor.analysis.instructions import _NOT_TOPICS  # noqa: E402

HANDED_OVER = [
    "Use only what the gathered evidence says.",
    "Answer from the collected excerpts alone.",
    "Rely on the extracted sentences and nothing else.",
    "Work only from these selected lines.",
    "You may use only the excerpts below; they are verbatim sentences from the report.",
    "Use the lines that follow; these were copied word for word from the minutes.",
    "Base the answer on the passages below, which are exact extracts of the report.",
    "Stick to the retrieved passages when you answer.",
]


@pytest.mark.parametrize("instruction", HANDED_OVER)
def test_evidence_already_handed_over_asks_for_no_quotes(instruction: str) -> None:
    """Quotes described as already gathered or verbatim are the source, not a request to quote first."""
    assert grounding.quoting(instruction) == ""


@pytest.mark.parametrize("instruction", [
    "First gather the evidence: copy the relevant sentences word for word, then answer.",
    "Quote the exact sentences that support your answer before you answer.",
])
def test_a_request_to_quote_is_still_read(instruction: str) -> None:
    """Asking for quotes still asks for them."""
    assert grounding.quoting(instruction) == "first"


@pytest.mark.parametrize("word", ["the", "an", "The"])
def test_a_bare_article_is_no_topic(word: str) -> None:
    """'do not write anything outside the <quotes> tags' names a delimiter, not a topic to stay within."""
    assert _NOT_TOPICS.match(word)
