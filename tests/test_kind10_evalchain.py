"""Round 10, exercises 10.2 and 11.1: class-level fixes found on the dev10 panel.

- 10.2: a reply line described in words or as a template (a fixed lead-in and a placeholder for the
  label) is read as the reply's form, by the checker and the model alike.
- 11.1: a step-1 prompt that points at the year keeps only the sentences about the year asked; a
  heading or lead-in that hands quotes over is no request to quote; step 2 must restrict the answer
  to the quotes; an empty tag pair dictated as text to print is no quoting step.
"""
import pytest

from checker.grounding_checks import restricts_to_quotes
from tutor.analysis.grounding import quoting
from tutor.analysis.instructions import analyse
from tutor.analysis.shape import find_shape
from tutor.offline import model

TICKET = "I was charged twice for my subscription this month and need one payment refunded."

DESCRIBED_LINES = [
    "Label the ticket as billing, technical, account or shipping. Write one line: the text Category: followed by a space and the label.\n\n<t>{ticket}</t>",
    "Sort this ticket into billing, technical, account or shipping. The reply is a line that begins with Category: and ends with the category name in lowercase.\n\n\"\"\"{ticket}\"\"\"",
    "Which of billing, technical, account or shipping fits this ticket? Answer with the word Category, a colon, one space, then the label. Nothing more.\n\nTicket:\n{ticket}",
    "Classify the message below (billing, technical, account, shipping). Print exactly one line:\nCategory: <billing|technical|account|shipping>\nwith the placeholder swapped for the right label.\n\n<msg>{ticket}</msg>",
    "Decide which of billing, technical, account or shipping fits this ticket and reply with a single line formatted like Category: technical (use the correct label instead).\n\n```\n{ticket}\n```",
    "Give only the line \"Category: Y\", where Y is billing, technical, account or shipping, for this customer ticket: {ticket}",
    "Put the ticket into one of billing, technical, account or shipping. One line only, e.g. Category: shipping, and nothing else.\n\n---\n{ticket}\n---",
    "Ticket:\n{ticket}\n\nCategories: billing, technical, account, shipping. Output a single line starting with Category: then a space and then the category.",
    "I need you to route this ticket. The possible categories are billing, technical, account and shipping.\n\n```\n{ticket}\n```\n\nYour entire reply must be one line starting with Category: and ending with the lowercase category name. Add nothing else.",
]


@pytest.mark.parametrize("template", DESCRIBED_LINES)
def test_described_reply_line_is_the_form(template: str) -> None:
    """A reply line described in words or sketched with a placeholder dictates 'Category: <label>'."""
    prompt = template.replace("{ticket}", TICKET)
    a = analyse([{"role": "user", "content": prompt}])
    assert a.shape.form == "Category: {}", (a.shape, a.task)
    reply = model.respond([{"role": "user", "content": prompt}]).text
    assert reply == "Category: billing", reply


BARE_LABEL = [  # near-misses: the old bare-label format, or a dash instead of the dictated line
    "Classify the ticket as billing, technical, account or shipping. Reply with the label only.\n\n<t>{ticket}</t>",
    "Classify the ticket as billing, technical, account or shipping and answer with just the category word.\n\n\"\"\"{ticket}\"\"\"",
]


@pytest.mark.parametrize("template", BARE_LABEL)
def test_bare_label_prompts_still_get_the_bare_label(template: str) -> None:
    """No line dictated: the reply stays the bare label, so the new format is not met."""
    prompt = template.replace("{ticket}", TICKET)
    reply = model.respond([{"role": "user", "content": prompt}]).text
    assert not reply.startswith("Category:"), reply


DOC = ("Harbour Lane Bakery: annual report.\nThe bakery opened in 2015 on the corner of Harbour Lane.\nIt bakes bread every morning.\n"
       "In 2023 the bakery sold 41,000 loaves of bread, most of them sourdough.\nMost customers live nearby.\nThe shop employs nine people.\n"
       "A second oven was installed in February 2024.\nIn 2024 the bakery sold 52,000 loaves of bread, helped by the second oven.\n"
       "Pastry sales stayed about the same.\nThe bakery plans to open a café next spring.")
QUESTION = "How many loaves of bread did the bakery sell in 2024?"

YEAR_MINDED = [
    "Copy word for word the sentences of the report that answer the question, inside <quotes></quotes>. Make sure each sentence is about the same year as the question.\n\nQuestion: {question}\n\n<report>{document}</report>",
    "Question: {question}\n\nReport:\n{document}\n\nQuote verbatim, in <quotes> tags, the sentences that answer it. Leave out sentences about any other year.",
    "Steps: 1. Note the year the question is about. 2. Find the sentences for that year in the report. 3. Copy them exactly inside <quotes></quotes>.\nQuestion: {question}\n<doc>{document}</doc>",
    "Extract, word for word, the report sentences that answer the question; the period in each must match the period asked about. Wrap them in <quotes></quotes>.\n{question}\n\"\"\"{document}\"\"\"",
]


@pytest.mark.parametrize("template", YEAR_MINDED)
def test_year_minded_quoting_keeps_the_asked_year(template: str) -> None:
    """A quoting step told to mind the year copies only the sentence for the year asked."""
    prompt = template.replace("{document}", DOC).replace("{question}", QUESTION)
    reply = model.respond([{"role": "user", "content": prompt}]).text
    assert "52,000" in reply and "41,000" not in reply, reply


def test_quoting_without_a_year_cue_copies_both_years() -> None:
    """No word about the year: the careful reader still copies every sentence on the topic."""
    prompt = f"Copy word for word the sentences that answer the question, inside <quotes></quotes>.\n\nQuestion: {QUESTION}\n\n<report>{DOC}</report>"
    reply = model.respond([{"role": "user", "content": prompt}]).text
    assert "52,000" in reply and "41,000" in reply, reply


QUOTES = "<quotes>\nIn 2023 the bakery sold 41,000 loaves of bread, most of them sourdough.\nIn 2024 the bakery sold 52,000 loaves of bread, helped by the second oven.\n</quotes>"

HANDED_QUOTES = [
    "Quotes from the report:\n\"\"\"\n{step1}\n\"\"\"\n\nQuestion: {question}\n\nAnswer in one sentence, relying solely on the quotes above.",
    "Below are sentences copied from a report, then a question.\n\n{step1}\n\nQuestion: {question}\n\nAnswer in one sentence using only those sentences.",
    "### Evidence\n{step1}\n\n### Question\n{question}\n\n### Rules\n- Answer in one sentence.\n- Use only the evidence above.\n- Give the exact figure from the evidence.",
    "Relevant quotes:\n{step1}\n\nQuestion: {question}\nOne sentence, drawing only on the quotes.",
    "Here are the extracted lines from the report.\n{step1}\nAnswer {question} in a single sentence, based purely on them and nothing else.",
]


@pytest.mark.parametrize("template", HANDED_QUOTES)
def test_quotes_handed_over_are_answered_from(template: str) -> None:
    """Quotes already given (a heading, 'below are sentences ...', 'the figure from the evidence') ask for an answer, not for more quoting."""
    prompt = template.replace("{step1}", QUOTES).replace("{question}", QUESTION)
    a = analyse([{"role": "user", "content": prompt}])
    assert quoting(a.instruction) == "", a.instruction
    reply = model.respond([{"role": "user", "content": prompt}]).text
    assert "52,000" in reply and "41,000" not in reply and "<quotes>" not in reply, reply


RESTRICTED = [
    "Answer the question in one sentence, using only the quotes below.\n{step1}\nQuestion: {question}",
    "Quotes: {step1}\nQuestion: {question}\nOne sentence, based strictly on the evidence above.",
    "Rely on these sentences alone and answer {question} in a single sentence.\n{step1}",
    "{step1}\nUsing nothing but the quoted lines, answer in one sentence: {question}",
    "Answer from the excerpts only, in one sentence. {step1} Question: {question}",
    "Reply in one sentence to {question}. Use the quotes and nothing else.\n{step1}",
]
UNRESTRICTED = [
    "Answer the question in one sentence. The quotes below might be useful.\n{step1}\nQuestion: {question}",
    "Answer in just one sentence: {question}\nFor reference: {step1}",
    "Here are some quotes: {step1}\nNow answer {question} in only one sentence.",
    "Answer {question} in one sentence; you may look at these quotes too: {step1}",
]


@pytest.mark.parametrize("step2", RESTRICTED)
def test_step2_restricted_to_the_quotes(step2: str) -> None:
    """'only the quotes', 'the evidence alone', 'and nothing else' restrict step 2."""
    ok, why = restricts_to_quotes({"step1": "x", "step2": step2}, "step2")
    assert ok, why


@pytest.mark.parametrize("step2", UNRESTRICTED)
def test_step2_not_restricted(step2: str) -> None:
    """Quotes offered as help, or 'only one sentence', restrict nothing."""
    ok, _ = restricts_to_quotes({"step1": "x", "step2": step2}, "step2")
    assert not ok


PRINTED_PAIRS = [
    "Start your reply with <quotes></quotes> and then answer this question about the report: {question}\n\nReport: {document}",
    "Begin the answer with <evidence></evidence>, then answer: {question}\n{document}",
]


@pytest.mark.parametrize("template", PRINTED_PAIRS)
def test_empty_tag_pair_to_print_is_no_quoting_step(template: str) -> None:
    """An empty tag pair dictated as opening text asks for no quotes: no quote-first reading."""
    prompt = template.replace("{document}", DOC).replace("{question}", QUESTION)
    a = analyse([{"role": "user", "content": prompt}])
    assert "quote_first" not in a.grounding


def test_filled_tag_pair_still_quotes() -> None:
    """'Put the sentences inside <quotes></quotes>' is still a quoting request."""
    a = analyse([{"role": "user", "content": f"Copy the sentences that answer the question inside <quotes></quotes>, then answer it.\n{QUESTION}\n<doc>{DOC}</doc>"}])
    assert "quote_first" in a.grounding


RULE_HEADED_KEYS = [
    "Pull fields out of the email into JSON.\nRequirements:\n- Keys: \"name\", \"order_id\", \"problem\".\n- Values are strings.",
    "Turn the message into a JSON object.\nRules:\n* Fields: name, order_id, problem\n* Nothing but the JSON.",
    "Extract the data from the email as JSON.\nConstraints:\n1. Keys: \"name\", \"order_id\" and \"problem\"\n2. No prose.",
    "Convert the email below into JSON.\n- Keys: name, order_id, problem\n- Every value is a string.",
]


@pytest.mark.parametrize("text", RULE_HEADED_KEYS)
def test_rule_headings_are_no_keys(text: str) -> None:
    """'Requirements:' then '- Keys: ...': the headings head rules; the keys are the ones listed."""
    assert find_shape(text).keys == ("name", "order_id", "problem")
