"""The model's working view of a request, built from the shared analysis (tutor.analysis) plus few-shot examples.

The analysis decides what is instruction and what is data, and what the instruction asks for; this
module copies that into a mutable `Features` the behaviour rules can work on (e.g. dropping an
injected line from the data) and adds what only the model needs: examples, topic and vagueness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tutor.analysis import Analysis, Limit, analyse_parts
from tutor.analysis.examples import find_examples, outside_examples
from tutor.analysis.instructions import INJECTION  # re-exported for behaviours.py
from tutor.analysis.reasoning import Chain
from tutor.offline import fewshot, imitation, redteam
from tutor.offline.conversation import Conversation
from tutor.offline.text import topic_of

__all__ = ["Features", "detect", "INJECTION"]
DELIVERABLE = re.compile(r"\b(?:tagline|slogan|headline|title|name|tweet|haiku|poem|limerick|joke|story|email|letter|"
                         r"description|subject line|bio|caption|recipe|list|plan|outline)\b", re.I)


@dataclass
class Features:
    """Everything the model noticed about a request."""

    task: str = "answer"
    question: str = ""  # the user's own words (outside the data)
    instruction: str = ""  # system + user text outside the data
    data: str = ""  # the material to work on
    data_delimited: bool = False
    delimiters: list[str] = field(default_factory=list)
    topic: str = ""
    persona: str | None = None  # a known voice key, or "custom"
    persona_name: str = ""
    persona_text: str = ""
    persona_ai: bool = False  # the role is told to say it is an AI when asked who it is
    persona_unaware: str = ""  # what the character is told it does not know ('Europe'), when it is told to plead ignorance or asked about it by name
    audience: str | None = None
    reading_level: str | None = None
    tone: str | None = None
    limits: dict[str, int] = field(default_factory=dict)  # unit -> the count to aim for
    limit_specs: tuple[Limit, ...] = ()
    format: str | None = None
    keys: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    bare: bool = False
    wants_list: bool = False
    open_keys: bool = False  # more keys or columns invited than named
    separate: bool = False  # one JSON object per item asked for, with no list around them
    typed: list[str] = field(default_factory=list)  # keys whose value type the prompt states
    opening: str = ""  # the line the prompt dictates to start the reply with, printed as given
    closing: str = ""  # the line the prompt dictates to end the reply with, printed as given
    as_text: list[str] = field(default_factory=list)  # typed keys asked for as text, kept as written ('price (string)')
    form: str = ""  # the reply line dictated around a label: 'Urgency: {}'
    examples: list[tuple[str, str]] = field(default_factory=list)
    query: str | None = None  # the new input after few-shot examples
    own_words: str = ""  # the user's prompt with its examples cut out (what it asks in its own words)
    example_out: str = ""  # the label of the examples' outputs ('tag'), when their layout has one
    example_slot: bool = False  # the new input sits in the examples' layout with an empty output slot ('Tag:')
    query_question: str = ""  # a question of the prompt's own written before the new input ('What do you make of this one? ...')
    echo_key: str = ""  # the examples' output label as written ('Tag') when the new input stands outside their labelled lines with no empty slot
    reasoning: bool = False
    chain: Chain = field(default_factory=Chain)  # the reasoning request: its order and the answer's slot
    grounding: list[str] = field(default_factory=list)
    language: str | None = None
    prefill: str = ""
    injection: str | None = None
    injection_in_block: bool = False
    guarded: bool = False
    scope: str | None = None
    scope_mode: str = ""  # 'decline', 'redirect' (answer briefly, steer back) or 'blunt'
    refusal: str = ""  # the refusal sentence the prompt dictates
    avoid: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    vague: bool = False
    history: list[tuple[str, str]] = field(default_factory=list)  # earlier (role, text) turns
    empty_tags: list[str] = field(default_factory=list)  # tags the prompt points to that hold nothing
    guard: redteam.Reading = field(default_factory=redteam.Reading)  # lesson 12: a guarded secret and the attack, or an order hidden in the data
    parts: list[tuple[str, str]] = field(default_factory=list)  # the data blocks as (tag or label, text), for chain steps (lesson 11)
    drawn: list[str] = field(default_factory=list)  # the data blocks whose edges the writer drew (tags, quotes, fences, marker lines)
    raw: str = ""  # the system and user text as sent, for a JSON record handed over by an earlier step (lesson 11)
    tags: list[str] = field(default_factory=list)  # every <tag> name the prompt writes, in order (a reply skeleton's tags included)

    def exact(self, unit: str) -> bool:
        """True when the limit on this unit is 'exactly' (each limit keeps its own quantifier)."""
        return any(l.unit == unit and l.quantifier == "exactly" for l in self.limit_specs)

    def xray(self) -> dict[str, Any]:
        """The detected features, as short values for display (empty ones left out)."""
        shown: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if name == "guard":
                value = value.xray()
            if name in ("instruction", "persona_text", "question", "history", "limits", "parts", "drawn", "raw") or value in (None, "", [], {}, (), False):
                continue
            if name == "examples":
                value = f"{len(value)} example(s), labels {sorted({b[:30] for _, b in value})}"
            elif name == "limit_specs":
                name, value = "limits", ", ".join(l.describe() for l in value)
            elif name == "chain":
                value = value.describe()
                if not value:
                    continue
            elif isinstance(value, str) and len(value) > 80:
                value = value[:77] + "..."
            shown[name] = value
        return shown


def _unaware(analysis: Analysis) -> str:
    """What the character does not know, when that reaches the question: told to plead ignorance, or asked about the very thing."""
    p = analysis.persona
    if p is None or not p.unaware:
        return ""
    return p.unaware if p.pleads or _covers(p.unaware, analysis.question) else ""


def _covers(unaware: str, question: str) -> bool:
    """True when the question is about what the character does not know: by name ('Europe'), or by kind ('countries' covers France)."""
    from tutor.offline import knowledge

    if unaware.lower() in question.lower():
        return True
    entry = knowledge.find_fact_entry(question)
    return bool(entry and set(re.findall(r"[a-z]+", unaware.lower())) & set(entry.get("about", ())))


def _voice(analysis: Analysis) -> tuple[str | None, str, str]:
    """(voice key or 'custom', the character's name, the description) for the persona."""
    from tutor.offline import knowledge

    p = analysis.persona
    if p is None:
        return None, "", ""
    low = f" {p.name.lower()} {p.description.lower()} "
    voices = {k: v for k, v in knowledge.personas().items() if v.get("swap") or not p.name}  # a named character keeps a dialect (pirate), not a job's stock phrases
    key = next((k for k, voice in voices.items() if any(t in low for t in voice["triggers"])), None)
    if key and knowledge.personas()[key].get("swap") and _plain_speech(analysis.instruction, knowledge.personas()[key]["triggers"]):
        return "custom", p.name, p.description  # 'You are a pirate ... no slang or dialect': the role stays, its speech goes
    return key or _dialect(analysis.instruction, knowledge.personas()) or "custom", p.name, p.description


PLAIN_SPEECH = re.compile(r"\b(?:no|without|avoid(?:ing)?|never use|don't use|do not use|drop(?:ping)?|free of|skip(?:ping)?)\s+(?:any\s+)?(?:\w+\s+){0,2}?(?:slang|dialect|accent|lingo|jargon|vernacular)\b|"
                          r"\b(?:standard|normal|ordinary|everyday|regular|modern)(?:,?[ \t]+(?:and[ \t]+|or[ \t]+)?[\w-]+){0,3}?[ \t]+(?:english|speech|language)\b|"  # 'clear, standard, professional English' 
                          r"\b(?:never|don't|do not|not)\s+(?:\w+\s+)?(?:talk|speak|sound|write)\s+like\s+(?:an?\s+|the\s+)?\w+", re.I)  # the persona's way of speaking is switched off


def _plain_speech(instruction: str, triggers: list[str]) -> bool:
    """True when the prompt switches the persona's way of speaking off ('no slang', 'standard English', 'no pirate words')."""
    if PLAIN_SPEECH.search(instruction):
        return True
    said = "|".join(re.escape(t.strip()) for t in triggers if t.strip())
    return bool(said and re.search(rf"\b(?:no|without|avoid(?:ing)?|never use|don't use|do not use)\s+(?:any\s+)?(?:{said})(?:'s)?[\s-]+"
                                   r"(?:words?|talk|speak|speech|lingo|slang|phrases|expressions|terms|voice|accent|dialect|jargon)\b", instruction, re.I))


def _dialect(instruction: str, voices: dict) -> str | None:
    """A dialect the role is told to speak in ('always in pirate lingo', 'talk like a pirate'), when the role itself names none."""
    for key, voice in voices.items():
        if not voice.get("swap"):
            continue
        for trigger in voice["triggers"]:
            if re.search(rf"\b{re.escape(trigger)}(?:'s)?[\s-]+(?:lingo|talk|speak|speech|slang|voice|style|accent|dialect|language|english|words|tongue|idiom|jargon|vernacular|manner|fashion|patter)\b|"
                         rf"\b(?:like|as)\s+(?:an?\s+)?{re.escape(trigger)}\b|"
                         rf"\b(?:lingo|talk|speech|slang|voice|style|accent|dialect|language|tongue|manner|way|words)\s+of\s+(?:an?\s+|the\s+)?(?:\w+\s+)?{re.escape(trigger)}", instruction, re.I):
                return key
    return None


def _few_shot(conv: Conversation, user: str) -> tuple[list[tuple[str, str]], str | None]:
    """Examples from earlier turns or from the prompt itself, and the query they lead to."""
    pairs = fewshot.from_history(conv.history)
    if len(pairs) >= 2:
        return pairs, None
    found = find_examples(user)
    if found.pairs:
        return [(e.input, e.output) for e in found.pairs], found.query
    return fewshot.inline(user)


_CHAT_KEYS = frozenset({"user", "assistant", "human", "ai", "bot", "customer", "agent", "you", "me", "q", "question", "visitor", "guest"})


def _shown_in(conv: Conversation) -> str:
    """The text the examples are read from: the user's message, or the system prompt then the message when only the system shows them."""
    if not conv.system.strip() or find_examples(conv.user).pairs:
        return conv.user
    shown = find_examples(conv.system)
    if len(shown) < 2 or shown.in_key in _CHAT_KEYS:
        return conv.user  # one demo, or 'User:' / 'Assistant:' turns, shows how to behave in the chat, not a pattern to continue
    return f"{conv.system}\n\n{conv.user}"  # examples set up in the system prompt, the new input sent as the message


def _echo_key(user: str) -> str:
    """The examples' output label as written ('Tag'), when they are 'Review: ...' / 'Tag: ...' lines and the new input has no empty 'Tag:' after it.

    A chat model continuing such examples writes its answer as one more of those lines ('Tag: POS'), unless told to give the label alone.
    """
    found = find_examples(user)
    if found.layout != "labelled" or found.asked or not found.out_key or found.in_key.startswith("<"):
        return ""
    spelled = re.search(rf"(?im)^[ \t]*(?:\*\*)?({re.escape(found.out_key)})(?:\*\*)?[ \t]*:", user)
    return spelled.group(1) if spelled else ""


def _own_words(user: str) -> tuple[str, str]:
    """(the prompt without its examples, the label of the examples' outputs)."""
    found = find_examples(user)
    return (outside_examples(user, found), found.out_key) if found.pairs else (user, "")


SAY_EXACTLY = re.compile(r"^\W*(?:please\s+)?(?:just\s+)?(?:say|reply|respond|output|print|return|repeat|answer)"  # 'Say only: "..."': the reply handed over
                         r"(?:\s+(?:only|just|with|exactly|this|these|the|following|sentence|text|words?|phrase|and|nothing|else|back|verbatim))*"
                         r"\s*(?::\s*['\"“‘]?|\s['\"“‘])(.{1,200}?)['\"”’]?\s*$", re.I | re.S)


def _is_vague(f: Features) -> bool:
    """True when a generate/explain request gives no audience, format, limit, data or examples (a reply dictated word for word is not vague)."""
    if f.task not in ("generate", "explain") or DELIVERABLE.search(f.instruction) or SAY_EXACTLY.search(f.question or f.instruction):
        return False
    specifics = [f.audience, f.format, f.limits, f.data, f.examples, f.tone, f.reading_level, f.keys, f.scope, f.language]
    return len(f.instruction.split()) <= 12 and not any(specifics)


ADDED_AFTER = re.compile(  # 'Answer in one word, then add a short word of encouragement': more than the word is asked for
    r"\b(?:then|followed by|plus|and after(?:wards)?|after that|afterwards)[,\s]+(?:(?:add|append|include|give|write|offer|say|tack on|follow (?:it|up|that) with)\s+)?"
    r"(?:a|an|one|some)\s+(?:[\w-]+\s+){0,2}?(?P<what>word|words|note|line|phrase|sentence|remark|comment|message|fact|tip|joke|compliment|cheer|explanation|reason)s?\b"
    r"(?:\s+of\s+(?P<of>encouragement|praise|congratulations|support|cheer|motivation))?", re.I)
CHEER = "Great job, keep it up!"


def _added_after(f: Features) -> None:
    """A one-word answer with something asked for after it: the word, then that (a cheer for 'a word of encouragement'), not the word alone."""
    m = ADDED_AFTER.search(f.instruction) if f.format == "label" and not f.labels and not f.closing else None
    if not m:
        return
    if m.group("of") or m.group("what").lower() in ("compliment", "cheer"):
        f.closing, f.bare = CHEER, False
    else:
        f.format, f.bare = None, False


def from_analysis(a: Analysis, conv: Conversation) -> Features:
    """Features from the shared analysis of a conversation."""
    persona, name, text = _voice(a)
    f = Features(
        task=a.task, question=a.question, instruction=a.instruction, data=a.data_text, data_delimited=a.delimited,
        delimiters=sorted({b.kind for b in a.data if b.delimited}), persona=persona, persona_name=name, persona_text=text, persona_ai=bool(a.persona and a.persona.discloses_ai),
        persona_unaware=_unaware(a),
        audience=a.audience, reading_level=a.level, tone=a.tone, limits={l.unit: l.target for l in a.limits},
        limit_specs=a.limits, format=a.shape.kind, keys=list(a.shape.keys), labels=list(a.shape.labels), bare=a.shape.bare,
        wants_list=a.shape.wants_list, open_keys=a.shape.open_keys, separate=a.shape.separate, typed=list(a.shape.typed), as_text=list(a.shape.as_text), form=a.shape.form, opening=a.opening, closing=a.closing, reasoning=a.reasoning, chain=a.chain, grounding=list(a.grounding), language=a.language,
        prefill=a.prefill, injection=a.injection, injection_in_block=a.injection_in_block, guarded=a.data_policy,
        scope=a.scope, scope_mode=a.scope_mode, refusal=a.refusal, avoid=list(a.exclusions), include=list(a.inclusions), history=conv.history,
    )
    f.parts = [(b.tag, b.text) for b in a.data]
    f.drawn = [b.text for b in a.data if b.delimited]
    f.raw = f"{conv.system}\n{conv.user}"
    if a.empty_tags:  # 'the transcript in the <transcript> tags' and the tags hold nothing: there is no data to work on
        f.data, f.data_delimited, f.empty_tags = "", False, list(a.empty_tags)
    f.tags = list(dict.fromkeys(t.lower() for t in re.findall(r"<([A-Za-z][\w-]{0,30})>", f"{conv.system}\n{conv.user}"[:20_000])))
    f.topic = topic_of(a.question or a.instruction)
    f.guard = redteam.read(a, conv.system, conv.user)
    shown = _shown_in(conv)
    f.examples, f.query = _few_shot(conv, shown)
    if f.examples:
        f.query, f.query_question = fewshot.lead_question(f.query)
    if f.examples:
        f.own_words, f.example_out = _own_words(shown)
        f.example_slot = find_examples(shown).asked
        if not f.query_question and not f.example_slot:  # 'How would the owner reply to this new review?' on its own line, the review below it
            f.query_question = fewshot.question_above(imitation.last_question(f.own_words, f.query)) or fewshot.output_question(f.own_words)
        f.echo_key = _echo_key(shown)
    if f.examples and f.task not in ("translate", "summarise"):
        f.task = "classify"
    if f.format in ("json", "table", "csv") and f.task in ("generate", "answer", "list", "explain"):
        f.task = "extract"
    if f.task == "list" and f.format is None:
        f.format = "numbered"
    if f.format == "label" and f.task == "summarise" and any(l.unit in ("sentences", "bullets", "paragraphs") for l in f.limit_specs):
        f.format, f.labels, f.bare = None, [], False  # 'at most two sentences ... names, amounts or dates' asks for a summary, not a label
    if f.format not in ("label", "json", "table", "csv") and f.task in ("classify",) and f.bare:  # 'only a JSON object' keeps the JSON
        f.format = "label"
    if not (f.task in ("classify", "answer", "generate") or f.format == "label"):
        f.labels = []
    _added_after(f)
    f.vague = _is_vague(f)
    return f


def detect(conv: Conversation) -> Features:
    """All the features of a conversation."""
    return from_analysis(analyse_parts(conv.system, conv.user, conv.prefill), conv)
