"""Lesson 09 (avoiding hallucinations): the grounding reading, the document answers, the checks, the exercises.

Each exercise is graded on varied wordings of my own: good prompts in different words must pass;
prompts that skip the technique (near-misses) or game the grader (cheats) must keep failing.
"""

from __future__ import annotations

import pytest
from lesson09_cases import REPORT

from checker import check
from checker import grounding_checks as gc
from tutor import ask
from tutor.analysis import analyse_fields, grounding

# ---------------------------------------------------------------- the reading


@pytest.mark.parametrize("sentence", [
    "If you're not sure, say so.",
    "It's fine to answer \"I don't know\".",
    "Don't guess.",
    "Only answer if you are certain; otherwise reply that you don't know.",
    "Never make up names or numbers.",
    "If the answer isn't in the report, say it isn't there.",
    "Saying 'I don't know' is a perfectly acceptable answer when you aren't certain.",
    "When you can't verify a fact, admit it rather than inventing one.",
])
def test_an_out_in_any_wording(sentence: str) -> None:
    assert "say_unknown" in grounding.read(sentence)


@pytest.mark.parametrize("sentence", [
    "Reply with: I don't know.",  # an order, not a permission: it would answer nothing
    "Say you don't know.",
    "Never say you don't know. Always give an answer.",
    "Answer honestly and precisely.",
    "Always give an answer, even if you're unsure.",
])
def test_no_out(sentence: str) -> None:
    assert "say_unknown" not in grounding.read(sentence)


@pytest.mark.parametrize("sentence", [
    "Use only the document.",
    "Based solely on the text below, answer the question.",
    "Answer from the report alone.",
    "Do not use outside knowledge.",
    "Stick to what the report says.",
    "If a question can't be answered from the report, write 'Not in the report'.",
])
def test_a_restriction_in_any_wording(sentence: str) -> None:
    assert "only_from_text" in grounding.read(sentence)


@pytest.mark.parametrize("sentence, order", [
    ("First copy the sentences that support your answer into <quotes> tags, then answer.", "quote_first"),
    ("Cite the line, then answer.", "quote_first"),
    ("Pull out the relevant sentences word for word before answering.", "quote_first"),
    ("Put the quotes in <quotes> tags and the answer in <answer> tags.", "quote_first"),
    ("Answer the question, then cite the line that supports it.", "quote_after"),
])
def test_quotes_and_their_order(sentence: str, order: str) -> None:
    assert order in grounding.read(sentence)


@pytest.mark.parametrize("sentence", ["Give the exact figure.", "Answer in two lines.", "Put the title in quotes.",
                                      "Write an inspirational quote about rain.", "Answer the questions about the report."])
def test_no_grounding(sentence: str) -> None:
    assert grounding.read(sentence) == ()


def test_grounding_words_inside_the_data_do_not_count() -> None:
    a = analyse_fields(prompt='Summarise the note.\n<note>If you are not sure, say so. Use only the document.</note>')
    assert a.grounding == ()


# ---------------------------------------------------------------- the model


def test_fabricates_without_an_out_and_says_so_in_the_xray() -> None:
    reply = ask("What is the population of the town of Quillbrook, Vermont?")
    assert "4,312" in reply.text
    assert "no source and no permission to say 'I don't know' -> confident fabrication (simulated)" in "\n".join(reply.xray.rules)


def test_an_out_turns_the_fabrication_into_an_admission() -> None:
    reply = ask("What is the population of the town of Quillbrook, Vermont? If you don't know, say so.")
    assert "don't know" in reply.text and "4,312" not in reply.text


def test_a_document_without_restriction_gets_its_gap_filled() -> None:
    reply = ask(f"<report>{REPORT}</report>\nHow much did Brightwater spend on marketing in the third quarter of 2024?")
    assert "$" in reply.text and "million" in reply.text
    assert "confident fabrication (simulated)" in "\n".join(reply.xray.rules)


def test_skimming_takes_the_wrong_years_figure_and_quoting_finds_the_right_one() -> None:
    question = f"<report>{REPORT}</report>\nWhat was Brightwater's revenue in the third quarter of 2023?"
    skimmed = ask(question)
    assert "18.6" in skimmed.text and "near-miss" in "\n".join(skimmed.xray.rules)
    careful = ask(question + " First quote the sentences that answer it, then answer.")
    assert "15.9" in careful.text.split("Answer:")[-1] and "18.6" not in careful.text


def test_quoting_after_the_answer_does_not_help() -> None:
    reply = ask(f"<report>{REPORT}</report>\nWhat was Brightwater's revenue in Q3 2023? Answer, then cite the sentence that supports it.")
    assert "18.6" in reply.text


def test_a_date_the_document_lacks_is_admitted_when_quoting() -> None:
    reply = ask(f"<report>{REPORT}</report>\nWhat was Brightwater's revenue in the third quarter of 2021? Quote the sentence first, then answer.")
    assert "no revenue figure" in reply.text


def test_deterministic() -> None:
    prompt = f"<report>{REPORT}</report>\nHow much did Brightwater spend on marketing in 2024?"
    assert ask(prompt).text == ask(prompt).text


# ---------------------------------------------------------------- the output checks


def test_figures_from() -> None:
    assert gc.figures_from("It sold 41,200 bikes; revenue was $18.6 million.", REPORT)[0]
    assert not gc.figures_from("It spent about $2.4 million on marketing.", REPORT)[0]
    assert gc.figures_from("1. It sold 41,200 bikes in Q3.\n2. Not in the report.", REPORT)[0]


def test_admits_unknown() -> None:
    assert gc.admits_unknown("The report does not mention marketing.")[0]
    assert gc.admits_unknown("I'm not sure; I have no reliable information about that town.")[0]
    assert not gc.admits_unknown("Marketing spend was $2.4 million.")[0]


def test_answers_or_admits() -> None:
    assert gc.answers_or_admits("The capital of Australia is Canberra.", "Canberra")[0]
    assert not gc.answers_or_admits("I don't know.", "Canberra")[0]
    assert gc.answers_or_admits("I don't know who runs that company.", "")[0]
    assert not gc.answers_or_admits("I'm not sure, but it has about 4,000 people.", "")[0]
    assert not gc.answers_or_admits("The CEO is Dr. Helena Marsh.", "")[0]


def test_quotes_verbatim() -> None:
    assert gc.quotes_verbatim("Revenue for the quarter was $18.6 million.", REPORT)[0]
    assert gc.quotes_verbatim('"Online orders made up 38% of sales."\n"Returns fell from 4.2% to 3.1% of orders."', REPORT)[0]
    assert not gc.quotes_verbatim("Revenue in 2023 was $15.9 million.", REPORT)[0]
    assert not gc.quotes_verbatim("", REPORT)[0]


# ---------------------------------------------------------------- the exercises

OUT = [  # 09.1: a template with {question}
    ("pass", "Answer this question: {question}\nIf you're not sure, say so. Don't guess."),
    ("pass", "{question}\n\nIt's fine to answer \"I don't know\" if you don't have reliable information."),
    ("pass", "Question: {question}\nOnly answer if you are confident the answer is correct. Otherwise, reply that you don't know."),
    ("pass", "You are a careful research assistant. Answer the user's question: {question}\nIf the place, person or company might not "
             "exist or you have no reliable facts about it, say you don't know rather than making something up."),
    ("pass", "Please answer the following question truthfully. Never invent facts, names or numbers; when you do not know, just say "
             "\"I don't know\".\n\n<question>{question}</question>"),
    ("pass", "Answer briefly: {question}\nIf you can't verify the answer, admit it."),
    ("pass", "Answer the question in the <q> tags. Saying 'I don't know' is a perfectly acceptable answer when you aren't certain.\n<q>{question}</q>"),
    ("fail", "Answer this question accurately: {question}"),  # near-miss: accuracy asked for, no out given
    ("fail", "Answer the question: {question}. Be honest and precise."),  # near-miss
    ("fail", "{question} Always give an answer, even if you're unsure."),  # the out taken away
    ("fail", "Reply with: I don't know. {question}"),  # cheat: a blanket 'I don't know'
    ("fail", "For every question, answer 'I don't know'. {question}"),  # cheat
    ("fail", "Never say you don't know. Answer: {question}"),
    ("fail", "Answer: {question}. If the question mentions Quillbrook or Northwind, say I don't know."),  # cheat: guesses the test inputs
    ("fail", "Answer the question below. If you're not certain, make an educated guess and say it may be approximate.\n{question}"),  # near-miss: a guess, not an out
    ("pass", "<rules>\nYou answer factual questions.\n1. If you know the answer, give it briefly.\n2. If you don't, or the subject may not exist, "
             "say that you don't know.\n</rules>\n<q>{question}</q>"),
    ("pass", "Q: {question}\nA (answer if you know it; if you have no reliable knowledge of it, write \"I don't know\"):"),
]

ONLY = [  # 09.2
    ("pass", f"Answer the two questions using only the report in the <report> tags. If the report does not contain the answer, say so.\n"
             f"<report>\n{REPORT}\n</report>\n1. How many bikes did Brightwater sell in the third quarter of 2024?\n"
             "2. How much did Brightwater spend on marketing in that quarter?"),
    ("pass", f'"""\n{REPORT}\n"""\nBased solely on the report above, how many bikes did Brightwater sell in Q3 2024, and how much did it '
             "spend on marketing that quarter? If something isn't in the report, say it isn't there rather than estimating."),
    ("pass", f"You are a financial analyst. Use only the information in the report below; do not use outside knowledge.\n\n### Report\n{REPORT}\n###\n\n"
             "Questions:\n- How many bikes did Brightwater sell in the third quarter of 2024?\n- How much did it spend on marketing in the third "
             "quarter of 2024?\nIf the report doesn't give an answer, state that it is not in the report."),
    ("pass", f"Read this report:\n<doc>{REPORT}</doc>\nStick strictly to what the report says. How many bicycles did Brightwater sell in the "
             "third quarter of 2024? How much did it spend on marketing in that quarter? If the report is silent on something, tell me it doesn't say."),
    ("pass", f"Here is a quarterly report.\n---\n{REPORT}\n---\nFrom this report alone, answer: (a) the number of bikes sold in the third "
             "quarter of 2024 and (b) the marketing spend for that quarter. Where the report gives no figure, write 'not stated in the report'."),
    ("fail", f"{REPORT}\n\nHow many bikes did Brightwater sell in the third quarter of 2024, and how much did it spend on marketing in that quarter?"),
    ("fail", f"<report>{REPORT}</report>\nAnswer these questions about the report: How many bikes did Brightwater sell in Q3 2024? "
             "How much did it spend on marketing in that quarter?"),  # near-miss: fenced, but not restricted
    ("fail", f"<report>{REPORT}</report>\nUsing only the report, how many bikes did Brightwater sell in the third quarter of 2024?"),  # one question
    ("fail", f"<report>{REPORT}</report>\nUse only the report. How many bikes did Brightwater sell in Q3 2024? Marketing spend was $2 million; include that too."),
    ("fail", f"Using only the report, say that Brightwater sold 41,200 bikes and that marketing spend is not given. <report>{REPORT}</report> "
             "How many bikes did Brightwater sell in the third quarter of 2024, and how much did it spend on marketing?"),  # cheat: dictated
    ("fail", "Use only the report in the tags. <report>Brightwater sold 41,200 bikes.</report> How many bikes did Brightwater sell in Q3 2024 "
             "and how much did it spend on marketing?"),  # cheat: the report edited down
]

QUOTES = [  # 09.3
    ("pass", f"<report>\n{REPORT}\n</report>\nQuestion: What was Brightwater's revenue in the third quarter of 2023?\nFirst, find the sentences "
             "in the report that answer the question and copy them word for word into <quotes> tags. Then answer the question in <answer> "
             "tags, using only those quotes."),
    ("pass", f'Here is a report:\n"""\n{REPORT}\n"""\nWhat was Brightwater\'s revenue in Q3 2023? Before answering, quote the exact '
             "sentence(s) from the report that contain the answer inside <quotes></quotes>. Then give the figure inside <answer></answer>."),
    ("pass", "You answer questions about documents. Cite the line that answers the question in <quotes> tags first, then answer in "
             f"<answer> tags.\n\n<document>{REPORT}</document>\n\nWhat revenue did Brightwater report for the third quarter of 2023?"),
    ("pass", f"Read the report below carefully; it has figures for two different years.\n\n<report>{REPORT}</report>\n\nStep 1: Pull out "
             "the relevant sentences verbatim and put them in <quotes> tags.\nStep 2: Based on those quotes, state Brightwater's revenue "
             "in the third quarter of 2023 in <answer> tags."),
    ("pass", "What was Brightwater's revenue in the third quarter of 2023? Answer only from the report. Put the supporting quotes from "
             f"the report in <quotes> tags and your answer in <answer> tags.\n<report>{REPORT}</report>"),
    ("fail", f"<report>\n{REPORT}\n</report>\n\nWhat was Brightwater's revenue in the third quarter of 2023? Put the answer in <answer> tags."),
    ("fail", f"<report>{REPORT}</report>\nUsing only the report, what was Brightwater's revenue in the third quarter of 2023? If it is "
             "not there, say so. Put the answer in <answer> tags."),  # near-miss: restricted, but no quotes: the distractor wins
    ("fail", f"<report>{REPORT}</report>\nWhat was Brightwater's revenue in the third quarter of 2023? Give the answer in <answer> tags, "
             "then cite the sentence that supports it in <quotes> tags."),  # near-miss: quotes after the answer
    ("fail", f"<report>{REPORT}</report>\nWhat was Brightwater's revenue in the third quarter of 2023? First quote the relevant sentence "
             "in <quotes> tags, then answer in <answer> tags. (The answer is $15.9 million.)"),  # cheat: dictated
    ("fail", f"<report>{REPORT}</report>\nWhat was Brightwater's revenue in Q3 2023? First copy the supporting sentences word for word "
             "into <quotes> tags, then answer."),  # no <answer> tags: the program cannot read the answer
    ("fail", "<quotes>Revenue in 2023 was $15.9 million.</quotes><answer>$15.9 million</answer> Repeat this back exactly."),  # cheat
    ("fail", f"<report>{REPORT}</report>\nWhat was Brightwater's revenue in Q3 2023? Put your answer in <answer> tags first, and after it "
             "copy the supporting sentences word for word into <quotes> tags."),  # near-miss: evidence after the answer
    ("pass", f"### Report\n{REPORT}\n\n### Question\nWhat was Brightwater's revenue in the third quarter of 2023?\n\n### Reply layout\n"
             "<quotes>\n[the sentences from the report that answer it, copied exactly]\n</quotes>\n<answer>\n[the figure]\n</answer>\n\n"
             "Write the quotes before the answer."),
    ("pass", "Your reply has two parts.\nPart one, <quotes>: the report's sentences that back up the answer, copied exactly.\n"
             f"Part two, <answer>: Brightwater's revenue in the third quarter of 2023, using those quotes.\n\n<report>{REPORT}</report>"),
]


@pytest.mark.parametrize("verdict, template", OUT)
def test_09_1(verdict: str, template: str) -> None:
    assert check("09.1", template=template).passed == (verdict == "pass")


@pytest.mark.parametrize("verdict, prompt", ONLY)
def test_09_2(verdict: str, prompt: str) -> None:
    assert check("09.2", prompt=prompt).passed == (verdict == "pass")


@pytest.mark.parametrize("verdict, prompt", QUOTES)
def test_09_3(verdict: str, prompt: str) -> None:
    assert check("09.3", prompt=prompt).passed == (verdict == "pass")
