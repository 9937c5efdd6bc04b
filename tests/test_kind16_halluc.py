"""Round 16 (halluc): lesson 09's readers. Figures asked for without a question mark, a writer's own summary,
a plural possessive, a bare 'QUESTION' frame, elliptic 'If no, ...' outs and 'after it' quoting."""
import pytest

from checker.grading import check
from tutor.analysis import grounding
from tutor.analysis.instructions import _NEGATED_TASK

REPORT = ("Harbour Kites, second-quarter report 2025. In the second quarter of 2025, Harbour Kites sold 12,400 kites, "
          "a record. Revenue for the quarter was $3.2 million. The firm opened a shop in Hull and now employs 58 people. "
          "For comparison, in the second quarter of 2024 the firm sold 9,800 kites and revenue was $2.5 million. "
          "Management expects third-quarter revenue of about $3.5 million.")

ASK_TWO = [  # two figures named (one in the report, one not), in the writer's own words
    f"Relying only on the report between the <report> tags, and saying plainly that it does not give a figure wherever it does not "
    f"rather than estimating, which matters a great deal to our finance team and to me, please state (1) the number of kites "
    f"Harbour Kites sold in the second quarter of 2025 and (2) the amount Harbour Kites spent on advertising in that quarter.\n\n<report>\n{REPORT}\n</report>",
    f"From the report between the markers, please give (1) the number of kites Harbour Kites sold in the second quarter of 2025 and "
    f"(2) the amount it spent on advertising in the second quarter of 2025. If the report lacks either, say so instead of giving a value."
    f"\n\n=== REPORT START ===\n{REPORT}\n=== REPORT END ===",
    f"I need two figures from Harbour Kites' quarterly report, and they must come from the report alone.\n\n\"\"\"\n{REPORT}\n\"\"\"\n\n"
    f"1) Kites sold in the second quarter of 2025.\n2) Advertising spend in the second quarter of 2025.\n\n"
    f"Answer each using only the text in the triple quotes. If it has no figure, tell me the report doesn't say; don't invent one.",
    f"We're putting together a summary for the board and nothing may be made up. Going only by the report below: how many kites did "
    f"Harbour Kites sell in the second quarter of 2025, and how much did it spend on advertising then? If the report doesn't say, "
    f"tell me it's not in the report.\n\n<report>\n{REPORT}\n</report>",
    f"You are an analyst who never speculates. The report is fenced by ---.\n---\n{REPORT}\n---\nQuestions about Q2 2025:\n"
    f"- Kites: how many kites did Harbour Kites sell?\n- Advertising: how much did Harbour Kites spend on advertising?\n"
    f"Use only the report. Saying \"The report does not mention this\" is fine; an invented figure is wrong.",
]


@pytest.mark.parametrize("prompt", ASK_TWO)
def test_named_figures_are_answered_from_the_report(prompt: str) -> None:
    r = check("09.2", record=False, prompt=prompt)
    assert "12,400" in r.reply.text
    assert "not" in r.reply.text.lower() and "advertising" in r.reply.text.lower()


def test_contrast_no_out_still_fails() -> None:
    prompt = ASK_TWO[1].replace(" If the report lacks either, say so instead of giving a value.", "")
    prompt = prompt.replace("From the report between the markers, please give", "Please give")
    assert not check("09.2", record=False, prompt=prompt).passed


QUOTES_FIRST = [  # the question in the writer's own words, quotes first
    f"<report>\n{REPORT}\n</report>\n\nQuestion: What was Harbour Kites' revenue in the second quarter of 2024?\n\n"
    f"First copy the sentence(s) that state this, word for word, into <quotes></quotes>. Then answer in <answer></answer>, using only the quotes.",
    f"Q: Harbour Kites' revenue in Q2 2024?\nSource: <doc>{REPORT}</doc>\nOutput: first <quotes> with the supporting sentence(s), "
    f"copied verbatim; then <answer> based only on those quotes.",
    f"Quote, then answer.\n\n<report>{REPORT}</report>\n\nQ2 2024 revenue?\n\n<quotes>: the exact supporting sentence(s).\n<answer>: the figure, from the quotes only.",
    f"From the report between the markers, work out Harbour Kites' revenue in the second quarter of 2024. Put the supporting sentences "
    f"in <quotes> tags first, copied exactly. Then put the answer in <answer> tags, drawing only on what you quoted.\n\n"
    f"=== REPORT START ===\n{REPORT}\n=== REPORT END ===",
    f"Read the report in the <report> tags and, to answer the question of what the firm's revenue was in the second quarter of 2024, "
    f"first reproduce word for word inside <quotes></quotes> the sentence that states it, and only then answer inside <answer></answer>, "
    f"based solely on the quote.\n\n<report>\n{REPORT}\n</report>",
    f"You answer questions about documents and show your evidence. For the report below, answer: What revenue did Harbour Kites report for the second quarter of 2024?\n\nReport:\n---\n{REPORT}\n---\n\n"
    f"Rules:\n- Start with <quotes></quotes> holding the exact sentence(s) from the report that support the answer; do not paraphrase, shorten or merge them.\n"
    f"- Then give <answer></answer> with a one-line answer drawn only from those quotes.",
]


@pytest.mark.parametrize("prompt", QUOTES_FIRST)
def test_quotes_first_finds_the_dated_sentence(prompt: str) -> None:
    text = check("09.3", record=False, prompt=prompt).reply.text
    assert "<quotes>" in text and "2.5" in text.split("<answer>")[-1]


def test_contrast_answer_then_quotes_fails() -> None:
    prompt = (f"Using the report in <report> tags, answer the question below. Give your answer in <answer> tags, and after it copy the "
              f"exact sentence(s) that support it, word for word, into <quotes> tags.\n\n<report>\n{REPORT}\n</report>\n\n"
              f"Question: What was Harbour Kites' revenue in the second quarter of 2024?")
    assert "quote_after" in grounding.read(prompt.split("\n\n")[0])
    assert not check("09.3", record=False, prompt=prompt).passed


OUTS = [
    "Ask yourself whether you know this. If yes, answer. If no, say you don't know.",
    "Check whether you really know it. If yes, give the answer; if no - or if the town is not one you know exists - say so plainly and admit you don't know.",
    "If you would have to guess, reply only that you don't know.",
    "If you don't recognise the place in the question, say that you don't know.",
]


@pytest.mark.parametrize("text", OUTS)
def test_elliptic_and_guessing_outs(text: str) -> None:
    assert grounding.gives_out(text)


@pytest.mark.parametrize("text", ["If yes, answer. If no, answer anyway.", "If you would have to guess, guess.", "Answer the question."])
def test_contrast_no_out(text: str) -> None:
    assert not grounding.gives_out(text)


FRAMED = [
    "---\nQUESTION\n{question}\n---\n\nBefore answering, ask yourself whether you know this. If yes, answer. If no, say that you don't know.",
    "===\nQuestion:\n{question}\n===\n\nIf you are not sure of the answer, say you don't know rather than guessing.",
]


@pytest.mark.parametrize("template", FRAMED)
def test_framed_question_template_passes(template: str) -> None:
    assert check("09.1", record=False, template=template).passed


def test_contrast_framed_question_without_out_fails() -> None:
    assert not check("09.1", record=False, template="---\nQUESTION\n{question}\n---\n\nAnswer the question.").passed


def test_negated_list_of_ways() -> None:
    assert "shorten" not in _NEGATED_TASK.sub("#", "do not paraphrase, shorten or merge them")
    assert "summarise" in _NEGATED_TASK.sub("#", "Do not rewrite it, summarise it")
