"""Round 14, lesson 07 (few-shot): classes of wording the reader missed, in varied wordings of our own."""

from __future__ import annotations

import pytest

from checker.checks import voice_shown_not_described
from checker.grading import check
from tutor.analysis.examples import find_examples
from tutor.offline import model
from tutor.offline.imitation import fill_format

DANA = "Hi, Dana Reyes here. Order 48213 arrived with a cracked lid, so I'd like my 35 dollars back."
LUIS = "Hello! My name is Luis Ortega and the lamp from order 50917 never turned on. Please refund the $24.5 I paid."
OWNER = "ah thank you!! so glad the sourdough hit the spot. sorry about the queue, we're opening a second till in may. — mo @ crumb & co"
NEW = "Lovely croissants, but you ran out of almond ones by 10am."
TAGGED = ("Review: Arrived a day early and works perfectly. Very happy with it.\nTag: POS\n\n"
          "Review: The handle snapped off after a week and support never replied.\nTag: NEG\n\n"
          "Review: Great sound, but the battery barely lasts an hour.\nTag: MIX\n\n")


def _reply(prompt: str) -> str:
    """The offline model's reply to one user prompt."""
    return model.respond([{"role": "user", "content": prompt}]).text


def _passes(exercise: str, **fields: str) -> bool:
    """Whether the checker passes a prompt (nothing recorded)."""
    return check(exercise, record=False, **fields).passed


# class: one example per line, a quoted input, an arrow ('=>', '->', '→') and the output; the new input left open after its arrow
ARROW_LINES = [
    f'Turn a refund email into our log line. Copy the format of these:\n\n"{DANA}" => #48213 | Dana Reyes | $35.00\n"{LUIS}" => #50917 | Luis Ortega | $24.50\n"{{email}}" =>\n\nReply with the log line alone.',
    f'Log each email the way these are logged.\n"{DANA}" -> #48213 | Dana Reyes | $35.00\n"{LUIS}" -> #50917 | Luis Ortega | $24.50\n"{{email}}" ->',
    f'"{DANA}" => #48213 | Dana Reyes | $35.00\n"{LUIS}" => #50917 | Luis Ortega | $24.50\n\nFollow the pattern above for this one and write just the line:\n"{{email}}" =>',
    f'Examples of our returns log:\n- "{DANA}" => #48213 | Dana Reyes | $35.00\n- "{LUIS}" => #50917 | Luis Ortega | $24.50\n\nNow: "{{email}}" =>\nOutput the log line only.',
    f'We log refunds like this.\n"{DANA}" → #48213 | Dana Reyes | $35.00\n"{LUIS}" → #50917 | Luis Ortega | $24.50\n"{{email}}" →\nGive me only the line after the arrow.',
    f'Please complete the last line.\n\n"{DANA}"  =>  #48213 | Dana Reyes | $35.00\n"{LUIS}"  =>  #50917 | Luis Ortega | $24.50\n"{{email}}"  =>',
    f'I keep a returns log. Two past entries:\n"{DANA}" => #48213 | Dana Reyes | $35.00\n"{LUIS}" => #50917 | Luis Ortega | $24.50\nDo the same for "{{email}}" =>\nJust the log line, please.',
    f'Convert like so:\n"{DANA}" ⇒ #48213 | Dana Reyes | $35.00\n"{LUIS}" ⇒ #50917 | Luis Ortega | $24.50\n"{{email}}" ⇒',
]


@pytest.mark.parametrize("template", ARROW_LINES)
def test_arrow_lines_are_read_as_examples(template: str) -> None:
    """The arrow's outputs are whole log lines, not '> #48213 ...' (a '=>' is not read as '=' then '>')."""
    found = find_examples(template)
    assert len(found) >= 2
    assert [o.lstrip().startswith("#") for o in found.outputs] == [True] * len(found.outputs)


@pytest.mark.parametrize("template", ARROW_LINES[:1] + ARROW_LINES[2:4])
def test_arrow_lines_pass_07_3(template: str) -> None:
    """Experts laying out examples as quoted-email => log-line pass."""
    assert _passes("07.3", template=template)


def test_arrow_lines_that_spell_out_the_layout_still_fail() -> None:
    """A near-miss: the same arrow lines, but the instructions describe the marks ('a pipe between ...')."""
    template = ARROW_LINES[0].replace("Copy the format of these:", "Write a hash, the order number, a pipe, the name, a pipe and the amount with two decimals, like these:")
    assert not _passes("07.3", template=template)


# class: an example's input gives the amount in words ('twelve dollars'), the output in digits
SPELLED = [
    ("Hey, Sam Okafor. Order 39077, the mug was chipped. Refund of twelve dollars please.", "#39077 | Sam Okafor | $12.00"),
    ("It's Ana Costa: order 40001 broke. I'd like forty-two dollars back.", "#40001 | Ana Costa | $42.00"),
    ("This is Tom Reid, order 40102. Refund one hundred and five dollars, please.", "#40102 | Tom Reid | $105.00"),
    ("Order 40203 was wrong. Twenty dollars and fifty cents back please. Thanks, Lea Moss", "#40203 | Lea Moss | $20.50"),
    ("I'm Raj Patel and order 40304 never came: return my thirty five bucks.", "#40304 | Raj Patel | $35.00"),
    ("My name is Eve Stone; order 40405 leaked. A hundred dollars refund, please.", "#40405 | Eve Stone | $100.00"),
]


@pytest.mark.parametrize(("given", "logged"), SPELLED)
def test_spelled_amount_in_an_example_is_read_as_money(given: str, logged: str) -> None:
    """An example whose amount is in words still teaches a money slot: the new input's own amount is filled in."""
    pairs = [(DANA, "#48213 | Dana Reyes | $35.00"), (given, logged)]
    text, how = fill_format(pairs, "Hi, I'm Maria Silva. You charged me twice for order 33118, please return the extra $15.50.")
    assert text == "#33118 | Maria Silva | $15.50"
    assert "different layouts" not in how


def test_spelled_amount_expert_passes_07_3() -> None:
    """Examples first (one with the amount in words), instruction, then the open slot."""
    template = (f"Email: {DANA}\nLog: #48213 | Dana Reyes | $35.00\n\nEmail: {LUIS}\nLog: #50917 | Luis Ortega | $24.50\n\n"
                f"Email: {SPELLED[0][0]}\nLog: {SPELLED[0][1]}\n\nLog the next email the same way; write only the log line.\n\nEmail: {{email}}\nLog:")
    assert _passes("07.3", template=template)


# class: labelled examples, then the new input given outside their lines (no empty 'Tag:'), and nothing asks for the tag alone:
# a chat model writes one more labelled line ('Tag: POS'), not the bare tag
LOOSE_QUERY = [
    TAGGED + "Now tag this review:\n{review}",
    TAGGED + "Tag the following one too.\n\n{review}",
    "These are reviews with the tags the team gave them.\n\n" + TAGGED + "Here's another: {review}",
    TAGGED + "Please do the same for this review:\n\"{review}\"",
    "Tag reviews like these:\n\n" + TAGGED + "Review to tag:\n{review}",
    TAGGED + "Next up:\n{review}",
    TAGGED + "Classify the review below the same way.\n{review}",
    TAGGED + "New review: {review}",
]


@pytest.mark.parametrize("template", LOOSE_QUERY)
def test_loose_query_gets_a_labelled_line(template: str) -> None:
    """The near-miss: the reply mirrors the examples' 'Tag:' line, so it is not the tag alone and 07.1 fails."""
    reply = _reply(template.replace("{review}", "Absolutely love this kettle: it boils in a minute and looks great."))
    assert reply.startswith("Tag: ")
    assert not _passes("07.1", template=template)


ALONE = [
    TAGGED + "Now tag this review. Reply with the tag only.\n{review}",
    TAGGED + "Tag this one; your whole reply is a single tag.\n{review}",
    TAGGED + "Give the bare tag for this review:\n{review}",
    TAGGED + "Review: {review}\nTag:",
    TAGGED + "Tag this one, nothing else:\n{review}",
]


@pytest.mark.parametrize("template", ALONE)
def test_tag_alone_when_asked_or_slotted(template: str) -> None:
    """An empty 'Tag:' slot or a request for the tag alone still gets the bare tag, and 07.1 passes."""
    assert _reply(template.replace("{review}", "Absolutely love this kettle: it boils in a minute and looks great.")) == "POS"
    assert _passes("07.1", template=template)


# class: the voice described in words (two or more qualities) alongside the example: the task asks to show it instead
DESCRIBED = [
    f"Reply in the owner's voice, which is casual, warm, all lowercase, with lots of exclamation marks. Example:\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:",
    f"Write like the owner: chatty and friendly, lower case throughout.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:",
    f"Review: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:\n\n(Keep it playful and upbeat, with emoji.)",
    f"Our replies are warm and informal. Here's one:\n<review>The sourdough was perfect but the queue was long.</review>\n<reply>{OWNER}</reply>\n\nNow reply to: {NEW}",
    f"Tone: relaxed, enthusiastic, exclamation points welcome.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:",
]
SHOWN = [
    f"Reply to the new review the way the owner replies in the example.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:",
    f"Match the example's voice exactly; don't switch to a formal or professional tone.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:",
    f"Copy the same casing, punctuation and sign-off as the owner's reply below.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:",
    f"Answer as the owner would, in the same warm voice as this past reply.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:",
]


@pytest.mark.parametrize("prompt", DESCRIBED)
def test_voice_described_fails(prompt: str) -> None:
    """Two or more qualities of the voice in the prompt's own words: described, not shown."""
    assert not voice_shown_not_described({"prompt": prompt})[0]


@pytest.mark.parametrize("prompt", SHOWN)
def test_voice_pointed_at_passes(prompt: str) -> None:
    """Pointing at the example ('the same casing'), disowning a tone ('not formal') or one word is not a description."""
    assert voice_shown_not_described({"prompt": prompt})[0]
    assert _passes("07.2", prompt=prompt)


# class: a past reply shown 'for context' and a reply asked 'on behalf of' the business: nothing asks for the example's voice
FOR_CONTEXT = [
    f"For context, here is a past review and the reply we posted.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nPlease write a reply to this new review on behalf of the bakery:\n\n{NEW}",
    f"Background, a previous exchange:\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nWrite a response on behalf of Crumb & Co to: {NEW}",
    f"Here's an old review and our answer, just so you know the shop.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nCould you answer this one on behalf of our shop?\n{NEW}",
]


@pytest.mark.parametrize("prompt", FOR_CONTEXT)
def test_for_context_example_gets_a_stock_reply(prompt: str) -> None:
    """On behalf of a business names who replies, not whose voice: the model writes its own stock reply and 07.2 fails."""
    assert "mo @ crumb & co" not in _reply(prompt)
    assert not _passes("07.2", prompt=prompt)


def test_on_behalf_of_the_owner_follows_the_voice() -> None:
    """On behalf of the owner (a person, the example's writer) asks to speak as them."""
    prompt = f"You write replies on behalf of the owner.\n\nReview: The sourdough was perfect but the queue was long.\nReply: {OWNER}\n\nReview: {NEW}\nReply:"
    assert _reply(prompt).endswith("mo @ crumb & co")


# class: the example told in prose around drawn blocks ('... answered this review:' [block] 'with this reply:' [block]), the new input in a later block
REVIEW = "The sourdough was perfect but the queue was long."
PROSE_BLOCKS = [
    f"The owner of a small bakery answered this review:\n\n---\n{REVIEW}\n---\n\nwith this reply:\n\n---\n{OWNER}\n---\n\n"
    f"Now a new review has come in:\n\n---\n{NEW}\n---\n\nWrite the owner's reply to it, in the same voice as the reply above. Print only the reply.",
    f'Mo replied to a review:\n"""\n{REVIEW}\n"""\nand the reply was:\n"""\n{OWNER}\n"""\nHere is the next review:\n"""\n{NEW}\n"""\nAnswer it the same way, reply only.',
    f"Last week we received this review:\n```\n{REVIEW}\n```\nMo responded:\n```\n{OWNER}\n```\nNew review:\n```\n{NEW}\n```\nWrite Mo's reply in the same voice. Output the reply only.",
    f"The owner responded to this comment:\n<comment>{REVIEW}</comment>\nwith the response:\n<response>{OWNER}</response>\n"
    f"Reply to this one like the owner did, reply text only:\n<comment>{NEW}</comment>",
]


@pytest.mark.parametrize("prompt", PROSE_BLOCKS)
def test_prose_around_blocks_is_an_example(prompt: str) -> None:
    """The pair is an example whose input is the first block and output the second; the later block is the new input."""
    found = find_examples(prompt)
    assert found.outputs == [OWNER]
    assert found.query == NEW


def test_prose_blocks_expert_passes() -> None:
    """The narrative framing with --- blocks passes 07.2."""
    assert _passes("07.2", prompt=PROSE_BLOCKS[0])


def test_blocks_without_the_reply_framing_are_data() -> None:
    """Two drawn blocks with no 'answered this ...' / 'with this reply' around them are data, not an example."""
    prompt = f"Compare these two texts:\n---\n{REVIEW}\n---\nand\n---\n{NEW}\n---\nWhich is more positive?"
    assert not find_examples(prompt).pairs
