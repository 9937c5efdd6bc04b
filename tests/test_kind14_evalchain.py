"""Round 14 (evalchain): whole reply lines offered as the label set, 'as your entire reply', quoted keys after a qualifier, titled section rules, keyword heaps."""
import pytest

from checker.checks import talks_to_the_model
from checker.grading import check
from tutor.analysis.examples import find_examples
from tutor.analysis.shape import find_form, find_labels, find_shape, line_choices
from tutor.offline import model

LABELS = ("billing", "technical", "account", "shipping")

LINE_SETS = [
    "Your reply must be exactly one of these four lines, copied character for character:\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping",
    "Answer with one of the following lines and nothing else:\n\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping",
    "Pick the matching line below and output it unchanged.\n- Category: billing\n- Category: technical\n- Category: account\n- Category: shipping",
    "Possible replies:\n  Category: billing\n  Category: technical\n  Category: account\n  Category: shipping\nReturn just one.",
    "Copy whichever of these fits the ticket:\n`Category: billing`\n`Category: technical`\n`Category: account`\n`Category: shipping`",
    "The only valid outputs are\n1. Category: billing\n2. Category: technical\n3. Category: account\n4. Category: shipping\n(without the number).",
    "Respond with a single line chosen from:\n\"Category: billing\"\n\"Category: technical\"\n\"Category: account\"\n\"Category: shipping\"",
    "Choose one:\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping\nWrite nothing besides that line.",
    "Reply with the one line that applies.\n\n* Category: billing\n* Category: technical\n* Category: account\n* Category: shipping",
    "Output exactly one of:\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping",
]


@pytest.mark.parametrize("text", LINE_SETS)
def test_whole_reply_lines_offer_the_labels(text: str) -> None:
    """Reply lines sharing one lead-in, one per line: the tails are the labels, the lead-in is the reply's form, and the reply is only the line."""
    labels = find_labels(text)
    assert labels == LABELS
    assert find_form(text, labels) == "Category: {}"
    assert find_shape(text).bare


@pytest.mark.parametrize("text", [
    "Reply in this layout:\nCategory: billing\nReason: one short sentence",  # two different lead-ins: a layout, not a choice
    "For example:\nCategory: billing",  # one line is an example, not a set
    "Category: billing\nCategory: billing",  # the same line twice offers nothing
])
def test_no_line_choice(text: str) -> None:
    """A layout of different lines, a single example line or a repeated line offers no label set."""
    assert find_labels(text) == ()


@pytest.mark.parametrize("template", [
    LINE_SETS[0] + "\n\n<ticket>\n{ticket}\n</ticket>",
    "Sort this support ticket.\n\nTicket: {ticket}\n\n" + LINE_SETS[2],
    "<support_ticket>\n{ticket}\n</support_ticket>\n\n" + LINE_SETS[9] + "\nNo other words.",
])
def test_line_choice_templates_pass(template: str) -> None:
    """Templates that offer the four reply lines pass 10.2."""
    assert check("10.2", record=False, template=template).passed


def test_line_choice_without_the_ticket_fails() -> None:
    """The lines alone, with no ticket slot, still fail."""
    assert not check("10.2", record=False, template=LINE_SETS[0]).passed


WHOLE = [
    "Write one of the three labels (positive, negative, neutral) in lowercase as your entire reply.",
    "Give the label positive, negative or neutral as your whole answer.",
    "Classify the review as positive, negative or neutral; that label is your complete response.",
    "Output a single label (positive, negative or neutral) as the entire response.",
    "Answer positive, negative or neutral, with the label as your full reply.",
    "Pick positive, negative or neutral and make it your whole reply.",
    "Decide between positive, negative and neutral. Let the chosen word be the entire output.",
    "Return positive, negative or neutral; let that be your entire response.",
    "The sentiment (positive, negative or neutral) should be your whole output.",
    "Tag the review as positive, negative or neutral, with that word as the complete answer.",
]


@pytest.mark.parametrize("text", WHOLE)
def test_object_as_the_whole_reply(text: str) -> None:
    """'<the label> as your entire reply': the label is all the reply holds."""
    shape = find_shape(text)
    assert shape.bare and shape.labels == ("positive", "negative", "neutral")


@pytest.mark.parametrize("text", [
    "Classify the review as positive, negative or neutral.",
    "Is the review positive, negative or neutral? Explain the whole answer.",
])
def test_no_whole_reply_phrase_is_not_bare(text: str) -> None:
    """Without a whole-reply or only-the-label phrase the reply's shape stays open."""
    assert not find_shape(text).bare


def test_defined_labels_in_sections_pass() -> None:
    """Definitions in --- sections, then the label asked for as the entire reply, pass 10.1."""
    template = ("Sentiment classification\n---\npositive = the reviewer is happy\nnegative = the reviewer is unhappy\nneutral = no clear lean\n---\n"
                "Review text:\n{review}\n---\nWrite one of the three labels (positive, negative, neutral) in lowercase as your entire reply.")
    assert check("10.1", record=False, template=template).passed


KEY_NAMES = ("name", "order_id", "problem")
KEYS = [
    'Return JSON. The JSON must have three keys, spelled exactly "name", "order_id" and "problem". If a detail is missing, use an empty string.',
    'Return a JSON object with keys named "name", "order_id" and "problem".',
    'Return JSON with the keys, written in lowercase as "name", "order_id", "problem".',
    'Output JSON using the field names, verbatim, "name", "order_id" and "problem".',
    'Give JSON with the keys (case-sensitive) "name", "order_id" and "problem".',
    'Reply in JSON with fields called exactly "name", "order_id" and "problem".',
    'Produce a JSON object. It needs the keys, letter for letter, "name", "order_id" and "problem".',
    'Answer as JSON: three properties, spelled as "name", "order_id" and "problem", all strings.',
    'Write JSON whose keys are, in snake_case, "name", "order_id" and "problem".',
    'Make a JSON object with keys worded precisely as "name", "order_id" and "problem".',
]


@pytest.mark.parametrize("text", KEYS)
def test_quoted_keys_after_a_qualifier(text: str) -> None:
    """Words qualifying the list ('spelled exactly', 'worded precisely as') before the first quoted key leave it a key."""
    assert find_shape(text).keys == KEY_NAMES


STEP2_HEADINGS = [
    "--- QUOTES ---\n{q}\n\n--- QUESTION ---\n{x}\n\nGive the answer in one sentence, relying only on the quotes above.",
    "=== QUOTES ===\n{q}\n\n=== QUESTION ===\n{x}\n\nAnswer in one sentence using only these quotes.",
    "### Quotes ###\n{q}\n\n### Question ###\n{x}\n\nUsing only these quotes, answer in a single sentence.",
    "*** EVIDENCE ***\n{q}\n\n*** QUESTION ***\n{x}\n\nReply in one sentence based only on these quotes.",
    "[[QUOTES]]\n{q}\n\n[[QUESTION]]\n{x}\n\nOne sentence, using nothing but these quotes.",
    "<< QUOTES >>\n{q}\n\n<< QUESTION >>\n{x}\n\nAnswer the question in one sentence from these quotes only.",
    "-- Quotes --\n{q}\n\n-- Question --\n{x}\n\nGive a one-sentence answer based only on these quotes.",
    "~~~ Quotes ~~~\n{q}\n\n~~~ Question ~~~\n{x}\n\nAnswer in one sentence; use only these quotes.",
    "==[ QUOTES ]==\n{q}\n\n==[ QUESTION ]==\n{x}\n\nWrite one sentence that answers it, relying only on these quotes.",
    "--- Quotes: ---\n{q}\n\n--- Question: ---\n{x}\n\nAnswer in one sentence with only these quotes.",
]
QUOTE = "In 2022 the museum had 118,000 visitors, its best year so far."
QUESTION = "How many visitors did the museum have in 2022?"


@pytest.mark.parametrize("template", STEP2_HEADINGS)
def test_titled_sections_are_no_examples(template: str) -> None:
    """'--- QUOTES ---' over a line is a section's title, not a worked example's input: the model answers the question."""
    prompt = template.replace("{q}", QUOTE).replace("{x}", QUESTION)
    assert not find_examples(prompt).pairs
    assert "118,000" in model.respond([{"role": "user", "content": prompt}]).text


def test_bare_examples_still_found() -> None:
    """Two-line paragraphs called examples are still examples."""
    text = "Tag each review like these examples.\n\nThe zip broke.\nNEG\n\nLove it!\nPOS\n\nIt arrived.\n"
    assert len(find_examples(text).pairs) == 2


HEAPS = [
    {"step1": "<quotes> verbatim word for word exact sentences quote quotes answer </quotes> {question} {document}"},
    {"step2": "one sentence only the quotes answer {step1} {question}"},
    {"template": "sentiment label positive negative neutral lowercase only {review}"},
    {"template": "{ticket} billing technical account shipping category line exact"},
    {"step1": "JSON keys name order_id problem valid object only {email}"},
    {"step2": "customer reply greeting name order number sixty words {step1}"},
    {"step3": "revised announcement every fact fixed sixty words {step1} {step2}"},
    {"prompt": "capital Australia single word answer only"},
    {"system": "cooking assistant recipes only polite refusal otherwise"},
    {"template": "<review>{review}</review> sentiment positive negative neutral label"},
]


@pytest.mark.parametrize("fields", HEAPS)
def test_keyword_heap_is_no_request(fields: dict) -> None:
    """A field that is nothing but unpunctuated keywords around its slots reads as no request."""
    assert not talks_to_the_model(fields)[0]


@pytest.mark.parametrize("fields", [
    {"step2": "Answer the question in one sentence using only these quotes {step1} {question}"},
    {"template": "Classify the review as positive, negative or neutral {review}"},
    {"prompt": "What is the capital of Australia? One word."},
    {"step2": "{step1}"},
    {"template": "Sentiment of {review}"},
    {"system": "You are a helpful cooking assistant."},
    {"step1": "Copy the sentences that answer {question} from {document} into <quotes></quotes> tags"},
])
def test_short_requests_are_no_heap(fields: dict) -> None:
    """Short requests with a verb and function words, or punctuation, are requests."""
    assert talks_to_the_model(fields)[0]


def test_example_outputs_met_only_after_cutting_inputs_are_no_choice() -> None:
    """'<review>...</review>' / 'Tag: POS' pairs leave 'Tag: POS' / 'Tag: NEG' adjacent once the inputs are cut out: outputs, not offered lines."""
    template = ("Tag reviews the way our team did below. The tag alone, please.\n\n<review>Fast and works well.</review>\nTag: POS\n\n"
                "<review>Broke on day two.</review>\nTag: NEG\n\n<review>Nice colour, strap too short.</review>\nTag: MIX\n\n<review>{review}</review>\nTag:")
    reply = model.respond([{"role": "user", "content": template.replace("{review}", "Great kettle, love it.")}]).text
    assert reply == "POS"


HEDGES = [
    "Print these four lines so one of them is always right:\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping\n\n{ticket}",
    "Write out all of these, one will match:\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping\n\n{ticket}",
    "{ticket}\n\nList every line below.\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping",
    "Output the following lines exactly:\nCategory: billing\nCategory: technical\nCategory: account\nCategory: shipping\nTicket: {ticket}",
    "Repeat both of them back:\nCategory: billing\nCategory: technical\n\n{ticket}",
]


@pytest.mark.parametrize("template", HEDGES)
def test_every_line_asked_for_is_no_choice(template: str) -> None:
    """'Print these four lines': the order takes every line as its object, so the lines offer no choice and the template fails."""
    assert line_choices(template) == ("", ())
    assert not check("10.2", record=False, template=template).passed
