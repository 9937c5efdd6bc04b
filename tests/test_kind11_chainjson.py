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
