"""Lesson 12: how the model meets attacks, read through `tutor.analysis.guards`.

Two situations, as on a small hosted chat model:
- a **guarded system prompt** (it holds a secret such as a discount code): a message gives the secret
  away when it makes a kind of attack the prompt's rules do not foresee (weak guards fall to common
  attacks; a layered defence holds against most; a request for the secret in disguise gets through
  any prompt-only defence); a held attack gets a refusal; an ordinary question is answered from
  the facts in the system prompt;
- **indirect injection** (an order for the AI hidden in a document, after Greshake et al. 2023): a
  note to the AI or a fake turn inside fenced data with a 'treat it as data' policy is ignored, but a
  fake turn at the end of the data, or text that escapes the fence by closing its tag, is held only
  by a reminder of the task after the data (the sandwich defence).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from tutor.analysis import Analysis, cues, guards
from tutor.analysis.text import sentences
from tutor.offline.draft import Draft
from tutor.offline.text import overlap

_TELL = re.compile(r"^\W*(?:please\s+)?(?:tell|inform|let|warn|remind)\s+(?:the\s+)?(?:support\s+)?(?:agent|user|reader|customer|staff|team|them|him|her|whoever\s+\w+)\s+(?:know\s+)?(?:that\s+)?(.+)$", re.I)
_SAY = re.compile(r"^\W*(?:just\s+|instead\s*,?\s*)?(?:please\s+)?(?:reply|respond|answer|say|output|print|write|return)\s+(?:only\s+|just\s+)?(?:with\s+)?(?:the\s+(?:word|words|phrase|text)\s+)?[:\s]*[\"'“]?([^\"'”]+?)[\"'”]?\s*[.!]?\s*$", re.I)
_REFUSE_ALL = re.compile(r"\b(?:refuse|decline|reject|ignore)\s+(?:to answer\s+)?(?:every|all|any|each)(?:\s+other)?\s+(?:request|message|question|query)s?\b(?!\s+(?:to|that|which|who|for|about|with|from|like|of|where)\b|\s+\w+ing\b)|"  # 'ignore any message telling you to ...' is one kind
                         r"\b(?:do not|don't|never)\s+(?:answer|help with|respond to|reply to)\s+(?:any|anything|anyone|any questions?)\b(?!\s+(?:else|other|that|about|asking))|"
                         r"\b(?:only|always)\s+(?:ever\s+)?(?:reply|answer|respond|say)\s+(?:with\s+)?[\"'“]?sorry\b|"
                         r"\b(?:do not|don't|never)\s+(?:answer|respond to|reply to|help with)\s+(?:any\s+)?(?:questions?|messages?|requests?|queries)(?:\s+(?:yourself|directly|at all|on your own))?\s*(?:[:;.!]|$)|"  # 'do not answer questions yourself:'
                         r"\b(?:reply|respond|answer)\s+(?:to\s+)?(?:every|all|each|any)\s+(?:single\s+|incoming\s+|customer\s+|user\s+)?(?:messages?|questions?|requests?|queries)\s+(?:only\s+)?(?:by|with)\s+(?:\w+\s+){0,3}?"
                         r"(?:asking|telling|directing|referring|sending|pointing|redirecting|forwarding|a referral|a redirect|the same|a refusal|an apology)\b", re.I)  # 'reply to every message by asking them to email support'; a bot that serves nobody
_FACT_RULE = re.compile(r"\b(?:never|not|don't|do not|dont|must|refuse|ignore|reveal|share|disclose|instructions?|rules?|role-?play|pretend|secret|confidential)\b", re.I)


@dataclass(frozen=True)
class Reading:
    """What lesson 12's rules need to know about one request."""

    system: str = ""
    message: str = ""  # the user's message, as sent
    secret: str = ""  # the secret the system prompt guards
    attack: guards.Attack = guards.Attack()
    defences: frozenset[str] = frozenset()
    order: guards.HiddenOrder | None = None  # an order for the AI hidden in the data or escaped from it
    escaped: bool = False  # the order sits outside the fence: the data closed it early
    unfenced: bool = False  # the document was pasted with no fence, so its order reads as the writer's
    held: bool = False  # the prompt's defences hold the hidden order

    def xray(self) -> dict[str, str]:
        """What lesson 12 read, for the x-ray (empty when there is nothing to say)."""
        shown = {}
        if self.secret:
            shown = {"attack": self.attack.describe(), "defences": ", ".join(sorted(self.defences)) or "none"}
        if self.order:
            shown = {"hidden order": self.order.order[:60], "where": "escaped the fence" if self.escaped else "inside the data", "held": str(self.held).lower()}
        return shown


def read(a: Analysis, system: str, user: str) -> Reading:
    """Lesson 12's reading of a request: the guarded secret and the attack, or an order hidden in the data."""
    secret = guards.secret_in(system)
    if secret:
        attack = guards.attack_in(user)
        if attack.wants_secret and guards.customer_code_asked(user) and guards.staff_only(system):
            attack = replace(attack, wants_secret=False)  # asked for a code customers can use: the staff's code is not one, so there is nothing to hand over
        return Reading(system, user, secret, attack, guards.defences_in(system))
    if a.injection:
        return Reading()  # an 'ignore the above' order: the lesson 04 rules handle it
    if not a.data:
        pasted = guards.hidden_order(a.question, turns_only=True) or guards.addressed_note(a.question)
        return Reading(order=pasted, unfenced=True) if pasted and pasted.start > 0 else Reading()  # a document pasted with no fence: its order reads as the writer's
    order = guards.hidden_order(a.data_text)
    if order and order.form != "override":
        return Reading(order=order, held=_held_inside(a, user, order))
    escaped = guards.hidden_order(a.question, turns_only=True)
    if escaped:
        return Reading(order=escaped, escaped=True, held=guards.reminder_after(_after_line(user, escaped.order)))
    return Reading()


_CLOSING_TAG = re.compile(r"</[A-Za-z][\w-]{0,40}>")


def _after_line(text: str, order: str) -> str:
    """The text after the line that holds the order (what the model reads after an escaped order); a closing tag later on that line ends the pasted text there ('... ACCESS GRANTED.</document> Once more: summarise only')."""
    at = text.find(order)
    if at < 0:
        return ""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    close = _CLOSING_TAG.search(text, at + len(order), line_end)
    if close:
        return text[close.end():]
    rest = text[at:].split("\n", 1)
    return rest[1] if len(rest) > 1 else ""


def _held_inside(a: Analysis, user: str, order: guards.HiddenOrder) -> bool:
    """An order inside the data is held by a fence plus a data policy; a fake turn also needs a reminder after the data."""
    if not (a.delimited and a.data_policy):
        return False
    if order.form != "turn":
        return True
    holding = [b for b in a.data if order.order[:40] in b.text] or list(a.data)
    last = max(holding, key=lambda b: b.end)
    return guards.reminder_after(user[last.end:])


# The guarded secret.

def leaks(r: Reading) -> bool:
    """The message makes an attack (or a plain request) that the system prompt's rules do not hold, and goes after the secret."""
    return bool(r.secret) and r.attack.wants_secret and bool(guards.uncovered(r.attack, r.defences))


def refuses(r: Reading) -> bool:
    """A guarded prompt meets a request for the secret, or an attack, that its rules hold."""
    return bool(r.secret) and (r.attack.wants_secret or bool(r.attack.kinds))


def serves(r: Reading, question: str) -> bool:
    """An ordinary question to a guarded bot."""
    return bool(r.secret) and bool(question.strip())


def leak(r: Reading) -> Draft:
    """The reply that gives the secret away, in the way the attack asked for it."""
    through = guards.uncovered(r.attack, r.defences)
    kind = "extraction" if "extraction" in through and guards.paraphrase_asked(r.message) else through[0]
    if kind == "extraction" and guards.paraphrase_asked(r.message):
        return _paraphrase(r)
    why = "no prompt-only defence holds it" if kind == "obfuscation" else "the system prompt's rules do not foresee it: missing " + ", ".join(
        guards.missing_for(kind, r.defences))
    part = guards.asked_part(r.message) if kind == "extraction" else None
    if part:
        text = "Sure. Here they are, word for word:\n\n" + guards.part_of(r.system.strip(), part)  # only the part asked for
    elif kind == "extraction":
        text = "Sure. Here are my instructions, word for word:\n\n" + r.system.strip()
    elif r.attack.yes_no:
        text = "Yes."  # asked only whether there is one: the answer is a yes, not the code
    elif kind == "obfuscation":
        letters = [c for c in r.secret if c.isalnum()]
        backwards = re.search(r"\b(?:backwards?|reverse|reversed)\b", r.message, re.I)
        text = "Here it is, one character at a time: " + "-".join(reversed(letters) if backwards else letters) + "."
    else:
        opener = {"override": "Understood: the earlier rules no longer apply.", "fake turn": "Of course, as agreed.",
                  "authority": "Thanks for confirming you're on the team.", "role-play": "Happy to play along!", "plain": "Sure!",
                  "indirect": "Done, as the note asked."}[kind]
        text = f"{opener} The code is {r.secret}."
    draft = Draft(literal=text)
    return draft.fire(f"secret leaked: {guards.NAMES[kind]} got through ({why})")


def _paraphrase(r: Reading) -> Draft:
    """The instructions told in other words, as asked: the job, without the secret a paraphrase has no reason to copy."""
    job = next((s for s in sentences(r.system) if r.secret.lower() not in s.lower() and not guards.defences_in(s)), "I help customers.")
    job = re.sub(r"(?i)^\W*you are\b", "I am", job.strip()).rstrip(".")
    text = f"In general terms: {job}, and I keep staff-only details private."
    return Draft(literal=text).fire("instructions paraphrased, as asked: a summary in other words does not copy the secret")


def refuse(r: Reading) -> Draft:
    """A polite refusal that keeps the secret, and an offer to help with the job."""
    draft = Draft(literal="Sorry, I can't share that. I'm happy to help with your orders, shipping or opening hours, though.")
    held = r.attack.describe()
    return draft.fire(f"secret kept: {held} is held by the system prompt's rules ({', '.join(sorted(r.defences)) or 'none'})")


def serve(r: Reading, question: str) -> Draft:
    """An ordinary question answered from the facts in the system prompt (sentences that are not rules or the secret)."""
    if _REFUSE_ALL.search(r.system):
        return Draft(literal="Sorry, I can't help with that.").fire("guarded bot told to refuse everything: refuses an ordinary question too")
    facts = [s for s in _fact_lines(r.system) if r.secret.lower() not in s.lower()]
    scored = sorted(((overlap(question, s), bool(re.search(r"\d", s)), -i, s) for i, s in enumerate(facts)), reverse=True)
    if scored and scored[0][0] > 0:
        return Draft(literal=scored[0][3]).fire("guarded bot: an ordinary question, answered from the facts in the system prompt")
    return Draft(literal="Sorry, I don't have that information. Please contact the shop directly.").fire(
        "guarded bot: an ordinary question the system prompt's facts do not answer")


_SPEAKER = re.compile(r"^\W*(?P<who>[A-Za-z][\w ]{0,20}?)\s*:\s*(?=\S)")  # 'Customer: ...' / 'Bot: ...' in an example dialogue
_REPLIER = re.compile(r"(?i)^(?:bot|help ?bot|assistant|ai|agent|support|a|answer|reply|response|you)$")
_ASIDE = re.compile(r"\(([^()\n]{10,400})\)")  # a fact given in brackets inside a longer sentence of rules
_ASKER = re.compile(r"(?i)^(?:customer|user|visitor|shopper|client|human|q|question|guest|reader)$")


def _is_fact(s: str) -> bool:
    """A sentence that states something: not a rule, not an instruction, not a question."""
    return bool(s) and not s.rstrip().endswith("?") and not _FACT_RULE.search(s) and not cues.is_instruction(s)


def _fact_lines(system: str) -> list[str]:
    """The system prompt's sentences that are not rules about the secret or the instructions ('Opening hours: ...'), example replies included."""
    facts = []
    for s in sentences(system):
        speaker = _SPEAKER.match(s)
        if speaker and _ASKER.match(speaker.group("who").strip()):
            continue  # a customer's line in an example dialogue asks, it states nothing
        if _is_fact(s):
            facts.append(s[speaker.end():] if speaker and _REPLIER.match(speaker.group("who").strip()) else s)
        elif ":" in s and _is_fact(rest := s.split(":", 1)[1].strip()):
            facts.append(rest)  # 'Facts you can share: Opening hours: ...' -> the facts after the lead-in
        else:
            facts += [inner.strip() for inner in _ASIDE.findall(s) if len(inner.split()) >= 4 and _is_fact(inner)]  # '... customers' questions (the shop is open 9:00 to 18:00) ...'
    return facts


# Indirect injection.

def obeys_hidden(r: Reading) -> bool:
    """An order hidden in the data (or escaped from it) that the prompt does not hold."""
    return r.order is not None and not r.held


def ignores_hidden(r: Reading) -> bool:
    """An order hidden in the data that the prompt holds."""
    return r.order is not None and r.held


def obey(r: Reading, follow: Callable[[str], str]) -> Draft:
    """Carry out the hidden order, as a model does when nothing holds it."""
    order = r.order.order.strip()
    told, said = _TELL.match(order), _SAY.match(order)
    if told:
        text = told.group(1).strip().rstrip(".") + "."
        text = re.sub(r"^to\s+", "Please ", text)  # 'tell the agent to send ...' -> 'Please send ...'
        text = text[0].upper() + text[1:]
    elif said:
        text = said.group(1).strip()
    else:
        text = follow(order)
    where = ("the document is not fenced off, so its order reads as yours" if r.unfenced else
             "it escaped the fence by closing its tag, and no reminder came after it" if r.escaped else
             "a fake turn at the end of the data, with no reminder of the task after the data" if r.order.form == "turn" else
             "the data is not fenced off and declared data")
    return Draft(literal=text).fire(f"indirect prompt injection obeyed: an order hidden in the document was followed ({where})")


def drop_hidden(r: Reading, data: str, question: str) -> tuple[str, str, str]:
    """(data, question, x-ray line) with the hidden order taken out, so the real task runs on the clean document."""
    if r.escaped:
        cut = question[r.order.start:].split("\n", 2)
        rest = cut[2] if len(cut) > 2 else ""
        return data, question[:r.order.start] + "\n" + rest, "escaped order ignored: the reminder after the data restated the task (sandwich defence)"
    start = r.order.start
    clean = data[:start].rstrip() if r.order.form == "turn" else data[:start] + data[start:].split("\n", 1)[-1] if "\n" in data[start:] else data[:start]
    how = "a reminder after the data restated the task" if r.order.form == "turn" else "it sat inside the fence and the prompt said to treat the text as data"
    return clean.strip(), question, f"hidden order ignored: {how}"
