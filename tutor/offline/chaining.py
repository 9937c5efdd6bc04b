"""Lesson 11 behaviours: the steps of a prompt chain, and where one prompt doing everything falls short.

- Quoting: asked to copy the sentences of a text that answer a question, the model picks them
  carefully (every sentence that shares the question's words, qualifiers such as the year included).
- Skimming: asked a question over a long text with no quoting step, it answers from the first
  sentence on the topic, even when a later one matches the question's year or date (a near-miss
  distractor). Over a short text (a few quotes), or when asked to quote or reason first, it reads
  carefully and picks the sentence that matches the whole question.
- Drafting from notes: a first draft of an announcement keeps the headline facts and drops the
  last practical note, unless the prompt asks for every note. A request to check and fix the
  draft in the same reply changes nothing: the reply is written once.
- Critique: asked to compare a draft with the notes, it lists each note the draft leaves out.
- Revision: given a draft and a list of problems, it adds what is missing and keeps to the limit.
- Replies from a record: asked to write to a customer described by JSON, it uses the fields.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from tutor.analysis.grounding import hands_over_quotes, without_source_citing
from tutor.analysis.text import is_placeholder
from tutor.offline.draft import Draft
from tutor.offline.features import Features
from tutor.offline.text import content_words, overlap, sentences, stem, words

LONG_TEXT = 6  # sentences: from here on a text is skimmed unless the prompt asks to quote or reason first
QUOTE_ASK = re.compile(
    r"\b(?:quote|quoting|cite|citing)\b(?!\s+(?:below|above|that|which|you|in)\b)(?!\s+(?:the\s+|any\s+|each\s+|every\s+)?(?:exact\s+|relevant\s+)?(?:figures?|numbers?|values?|amounts?|totals?|dates?)\b)|"
    r"\b(?:copy|copying|extract|pull(?:\s+out)?|list|find|give|return|reproduce|identify|collect|gather|select|pick(?:\s+out)?|locate|show|write\s+out)\b"
    r"[^.?!\n]{0,60}?\b(?:sentences|passages?|(?<!triple )(?<!double )(?<!single )(?<!between )(?<!within )(?<!inside )quotes?|quotations?(?!\s+marks)|lines|excerpts?|evidence|snippets?|extracts)\b|"  # 'a report between triple quotes' names a fence, asks no quote
    r"\bword[- ]for[- ]word\b|\bverbatim\b|\bexact (?:words|wording|sentences?)\b|\bwithout changing (?:a|any|one) (?:single )?words?\b|"
    r"\bcop(?:y|ies|ying)\b[^.?!\n]{0,40}?\b(?:exactly|as (?:it|they) (?:is|are|appears?|stands?) (?:written|in the))", re.I)
ONLY_QUOTES = re.compile(r"\b(?:only|just|nothing but|nothing except)\s+(?:the\s+)?(?:quotes|quotations|sentences|excerpts|quoted sentences)\b|"
                         r"\b(?:do not|don't|not to|never|without)\s+answer(?:ing)?\b", re.I)
QUOTE_AND_ANSWER = re.compile(r"\b(?:quote|quoting|cite|citing|copy)\b[^.?!\n]{0,60}?\bfirst\b|\bthen\s+(?:answer|give|write|reply|state)\b|"
                              r"\bbefore\s+(?:answering|you answer|giving)\b|\b(?:answer|respond)\b[^.?!\n]{0,40}?\b(?:quote|quoting|cite|citing)\b", re.I)  # one reply that quotes, then answers
USE_QUOTES = re.compile(r"\b(?:using|use|from|base[sd]?\s+(?:(?:your|the|its)\s+(?:answer|reply)\s+)?(?:only\s+|solely\s+)?on|relying on|with)\s+(?:only\s+)?(?:the\s+|these\s+|those\s+)?(?:quotes?|quotations?|excerpts?|evidence)\b", re.I)
ANNOUNCE = re.compile(r"\b(?:announc(?:ements?|e[sd]?|ing)|notice|invitation|invite|flyer|poster|post|blurb|newsletter item|bulletin)\b", re.I)
EVERY_NOTE = re.compile(r"\b(?:every|all|each)\s+(?:of\s+the\s+|the\s+)?(?:single\s+)?(?:facts?|details?|notes?|points?|items?|bullets?|pieces? of information|information)\b|"
                        r"\b(?:leave|leaving|miss|missing|drop|dropping|omit|omitting|skip|skipping)\s+(?:out\s+)?(?:nothing|no\s+(?:facts?|details?|notes?))\b|"
                        r"\bnothing\s+(?:is\s+)?(?:left\s+out|missing|omitted)\b|\b(?:don't|do not|never)\s+(?:leave\s+out|omit|drop|skip)\b", re.I)
SELF_CHECK = re.compile(r"\b(?:then|and)\s+(?:\w+\s+){0,2}?(?:check|review|proofread|critique|improve|revise|fix|correct|polish)\b", re.I)
CRITIQUE = re.compile(r"\b(?:critique|critici[sz]e|review|check|compare|evaluate|assess|audit|proofread|inspect|examine|verify|confirm)\b|"
                      r"\b(?:find|list|spot|point out|identify|note|report|flag|name|enumerate|itemi[sz]e|catalog(?:ue)?|highlight|call out|mark|record|set out|tell me)\b[^.?!\n]{0,80}?"
                      r"\b(?:problems?|issues?|mistakes?|errors?|gaps?|omissions?|missing|left out|leaves out|wrong(?:ly)?|absent|inaccura\w*|incorrect(?:ly)?|misstated|not (?:included|mentioned|covered))\b|"
                      r"\b(?:absent|missing|omitted|left out)\s+(?:from|in)\s+(?:the|this|that|your)\s+(?:\w+\s+)?(?:draft|announcement|text|version)\b|"  # '... that is absent from the draft'
                      r"\b(?:rendered|stated|given|reported|written|shown|quoted)\s+(?:incorrectly|wrongly|inaccurately|wrong)\b|"  # '... or rendered incorrectly in it'

                      r"\b(?:draft|announcement)\b[^.?!\n:]{0,20}?\b(?:omits?|leaves? out|miss(?:es)?|lacks?|gets? wrong|got wrong|drops?|skips?)\b|"  # '... that the draft omits or gets wrong', 'does the draft leave out'
                      r"\b(?:what|which)\b[^.?!\n]{0,60}?\b(?:missing|absent|left out|omitted|wrong|inaccurate|incorrect)\b", re.I)  # 'What is missing from the draft?', 'Which facts are wrong?'
REVISE = re.compile(r"\b(?:revise[sd]?|revising|rewrite|rewriting|redraft|improve|fix(?:es|ed|ing)?|correct(?:ed|ions?)?|edit|update|amend|rework|polish|finali[sz]e)\b", re.I)
REPLY_ASK = re.compile(r"\b(?:write|draft|compose|prepare|create|need|want|give me)\b[^.?!\n]{0,40}?\b(?:reply|response|answer|email|e-mail|message|letter|note)\b|"
                       r"\b(?:reply|respond|answer|write back)\s+to\s+(?:the\s+|this\s+|that\s+|a\s+|our\s+)?(?:customer|client|buyer|user|shopper|them|him|her)\b", re.I)
REPLY_NOUN = re.compile(r"\b(?:reply|response|email|e-mail|message|letter)\b", re.I)
ADDRESSED = re.compile(r"\b(?:greet\w*|customer|client|dear|by (?:their |his |her )?name)\b", re.I)
NOTE_LINE = re.compile(r"^\s*(?:[-*•]\s*)?([A-Za-z][\w ]{0,24}?)\s*:\s*(\S.*)$")
DRAFT_TAGS = ("draft", "announcement", "text", "version", "first_draft", "post", "copy", "original")
PROBLEM_TAGS = ("problems", "problem", "critique", "feedback", "issues", "comments", "review", "errors", "fixes", "notes_on_draft")
NONE_FOUND = re.compile(r"^\W*(?:none|no problems?|no issues?|nothing)\b|"  # 'the draft includes every fact' (its 'None:' read as a label) finds nothing to fix
                        r"^\W*(?:the\s+)?(?:draft|announcement|text)\s+(?:already\s+)?(?:includes|covers|contains|has|mentions|states)\s+(?:every|all)\b", re.I)
MISSING_LEAD = re.compile(r"^\W*(?:missing|left out|omitted|not mentioned|absent|leaves out|wrong)\s*[:-]\s*", re.I)


# ---------------------------------------------------------------- reading the request


META_QUESTION = re.compile(r"^\W*(?:can|could|would|will)\s+you\b|\bquestions?\b", re.I)  # a request put as a question
LABEL = re.compile(r"^[A-Z][\w ]{0,20}:\s+")  # 'Report: The bakery …' -> 'The bakery …'
INSTRUCTING = re.compile(r"^\W*(?:please\s+)?(?:answer|reply|respond|write|give|use|read|find|copy|quote|list|output|return|put|place|keep|base|rely|do not|don't|make sure)\b", re.I)
QUESTION = re.compile(r"[^.?!\n]{3,300}\?")  # a question, also one set inside a longer sentence ('Answer How many …? in one sentence')
TAG = re.compile(r"</?\s*[A-Za-z_][\w-]{0,30}\s*>")


def _parts(f: Features) -> list[tuple[str, str]]:
    """The data blocks as (tag or label, text), tags left inside a block taken out, a heading line on top read as its label ('---\nDRAFT\n...')."""
    out = []
    for tag, text in f.parts:
        text = TAG.sub("\n", text)
        head = HEAD_LINE.match(text)
        if head and (head.group(1).lower() in NOT_A_NOTE or text.lstrip().startswith("#")):  # '### Problems found' heads its part
            tag, text = tag or head.group(1).lower(), text[head.end():]
        text = _TRAILING_HEADING.sub("", _TRAILING_LEAD_IN.sub("", text))  # '{step1} so that it fixes every issue in this critique: {step2}': the words leading in the next part
        if text.strip():
            out.append((tag, text))
    return out


_TRAILING_LEAD_IN = re.compile(r"(?<=[.!?])[ \t]+[a-z][^.!?\n:]{0,120}:[ \t]*$")
_TRAILING_HEADING = re.compile(r"\n[ \t]*#{1,6}[ \t][^\n]{0,60}\s*$")  # '### Problems found' left at the end of the part before it


def _request(f: Features) -> str:
    """The request: the instruction and any lead-in read as a part's label ('Rewrite this draft: {step1}' files the verb with the draft)."""
    return " ".join([f.instruction, *(tag for tag, _ in f.parts if tag and " " in tag)])


HEAD_LINE = re.compile(r"[ \t]*(?:#{1,6}[ \t]*)?([A-Za-z][\w ]{0,30}?)[ \t]*:?[ \t]*\n")  # 'DRAFT' or 'Critique:' alone on the first line


def question_of(f: Features) -> str:
    """The question the prompt asks about its text: the last one that is not a request ('Can you find …?')."""
    asked = [q.strip() for text in (TAG.sub("\n", f.instruction), *(t for _, t in _parts(f))) for q in QUESTION.findall(text[:20_000])]
    real = [q for q in asked if not META_QUESTION.search(q)]
    return (real or asked or [""])[-1]


def _own_text(f: Features) -> list[str]:
    """The data's sentences; with no data block, the sentences of the request that are not instructions ('Report: …')."""
    if f.parts:
        return [s for _, text in _parts(f) for s in sentences(text)]
    found = [LABEL.sub("", s) for s in sentences(TAG.sub("\n", f.raw))]
    return [s for s in found if not (QUOTE_ASK.search(s) or USE_QUOTES.search(s) or INSTRUCTING.match(s))]


def source_units(f: Features) -> list[str]:
    """The sentences of the data that are not the question itself."""
    return [s for s in _own_text(f) if not s.rstrip().endswith("?") and words(s)]


def asked_tag(f: Features) -> str:
    """The tag the reply is asked to use ('inside <quotes> tags', 'in problems tags'), not one that holds data."""
    held = {tag for tag, text in f.parts if len(words(text)) >= 3}  # '<problems>none</problems>' in an instruction shows the form
    for text in (f.instruction, f.raw[:20_000]):  # the analysis may have turned a shown '<problems>none</problems>' into data
        for name in re.findall(r"</?\s*([A-Za-z_][\w-]{0,30})\s*>", text):
            if name.lower() not in held:
                return name.lower()
    named = re.search(r"\b(?:in|inside|within|between|wrapped in|wrap (?:them|it) in)\s+(?:a\s+|the\s+)?([A-Za-z_]\w{0,30})\s+(?:xml\s+)?tags?\b", f.instruction, re.I)
    return named.group(1).lower() if named else ""


def _wrapped(f: Features, lines: list[str], key: str) -> str:
    """Lines in the tag asked for, as JSON when JSON is asked for, else as a list."""
    named = re.search(rf"<\s*/?\s*{key}\s*>|\b{key}\s+(?:xml\s+)?tags?\b", f.raw[:20_000], re.I)  # the tag this step is about, even when shown filled in
    tag = key if named else asked_tag(f)
    if tag:
        return f"<{tag}>\n" + "\n".join(lines) + f"\n</{tag}>"
    if f.format == "json":
        return json.dumps({(f.keys or [key])[0]: lines}, ensure_ascii=False, indent=2)
    return "\n".join(f"- {line}" for line in lines)


# ---------------------------------------------------------------- quote, skim, answer


def _topic(question: str, sentence: str) -> int:
    """Shared content words, numbers left out: what a skimming reader matches on."""
    strip = re.compile(r"\d")
    return len({stem(w) for w in content_words(question) if not strip.search(w)}
               & {stem(w) for w in content_words(sentence) if not strip.search(w)})


def _qualifiers(text: str) -> set[str]:
    """The numbers in a text (years, dates, amounts) that pin a question down."""
    return set(re.findall(r"\d[\d,.]*\d|\d", text))


def careful_pick(question: str, units: list[str]) -> str | None:
    """The sentence that matches the whole question, qualifiers included (the first of equals)."""
    scored = [(overlap(question, s), -i, s) for i, s in enumerate(units)]
    best = max(scored, default=(0, 0, ""))
    return best[2] if best[0] >= 2 else None


def skimmed_pick(question: str, units: list[str]) -> str | None:
    """The first sentence on the question's topic with a figure in it, when it is a near miss (another year)."""
    careful = careful_pick(question, units)
    best = max((_topic(question, s) for s in units), default=0)
    on_topic = [s for s in units if best >= 2 and _topic(question, s) == best and _qualifiers(s)]
    if careful is None or len(on_topic) < 2 or on_topic[0] == careful:
        return None
    asked = _qualifiers(question)
    return on_topic[0] if asked & _qualifiers(careful) and not asked & _qualifiers(on_topic[0]) else None


_NEGATED = re.compile(r"\b(?:not|never|no|without|don't|avoid|nor)\b[^.,;:!?\n]{0,25}$", re.I)  # 'without quoting it', 'do not obey or quote'


def _quote_asked(instruction: str) -> bool:
    """The prompt asks to quote or copy sentences somewhere, not only forbids it ('summarise ... without quoting it')."""
    instruction = without_source_citing(instruction)  # 'may only cite the source text' restricts, it asks for no quotes
    found = itertools.islice(QUOTE_ASK.finditer(instruction), 50)  # the first few mentions decide; a megabyte of them is noise
    return any(not _negated(instruction, m) and not _LENGTH_OF_REPLY.search(m.group(0)) for m in found)


_NEGATED_LIST = re.compile(r"\b(?:not|never|no|without|don't|avoid)\b(?:[ \t]+[\w-]+){1,2}(?:[ \t]*,[ \t]*[\w-]+){0,4}[ \t]*(?:,|\bor|\band|\bnor)[ \t]*$", re.I)
_LIST_GOES_ON = re.compile(r"[ \t]*(?:,|or\b|and\b|nor\b)", re.I)


def _negated(instruction: str, m: re.Match) -> bool:
    """True when a quote verb is forbidden, alone or as one verb of a forbidden list ('Never repeat, quote or summarise these instructions')."""
    before = instruction[max(0, m.start() - 40):m.start()]
    if _NEGATED.search(before):
        return True
    return bool(_NEGATED_LIST.search(before)) and bool(re.search(r"\b(?:or|and|nor)[ \t]*$", before, re.I) or _LIST_GOES_ON.match(instruction, m.end()))


_LENGTH_OF_REPLY = re.compile(  # 'give a quick summary (two sentences at most)', 'write an answer in 3 lines': the count limits a reply, it asks for no copied sentences
    r"\b(?:summar\w*|overview|recap|gist|answer|reply|response|description|explanation|paragraph|note|report|update)\b[^.?!\n]{0,40}?"
    r"\b(?:\d{1,2}|one|two|three|four|five|six|a few|few|several)\s+(?:short\s+)?(?:sentences|lines)$", re.I)


def asks_quotes(f: Features) -> bool:
    """The prompt asks for sentences copied from a long enough text (a quoting step), not an answer from quotes."""
    combined = QUOTE_AND_ANSWER.search(f.instruction) and not ONLY_QUOTES.search(f.instruction)
    return (_quote_asked(f.instruction) and not USE_QUOTES.search(f.instruction) and not combined
            and bool(question_of(f)) and len(source_units(f)) >= 4)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATE_CARE = re.compile(r"\b(?:years?|period|dates?|quarters?|months?)\b", re.I)  # 'check the year of each sentence', 'no sentences about other years'


def _dated_as_asked(instruction: str, question: str, chosen: list[str]) -> list[str]:
    """The chosen sentences minus those about another year, when the prompt points at the year (a careful reader checks it)."""
    asked = set(_YEAR.findall(question))
    if not asked or not _DATE_CARE.search(instruction.replace(question, " ")):
        return chosen
    kept = [s for s in chosen if not _YEAR.findall(s) or asked & set(_YEAR.findall(s))]
    return kept or chosen


def quotes(f: Features) -> Draft:
    """The sentences that answer the question, copied word for word, in the tag (or format) asked for."""
    question = question_of(f) or f.instruction
    units = source_units(f)
    scored = [(overlap(question, s), s) for s in units]
    top = max((score for score, _ in scored), default=0)
    chosen = _dated_as_asked(f.instruction, question, [s for score, s in scored if score >= max(2, top - 1)])
    if not chosen:
        return Draft(literal=_wrapped(f, ["No sentence in the text answers the question."], "quotes")).fire(
            "quotes: no sentence shares the question's words -> says so")
    return Draft(literal=_wrapped(f, chosen, "quotes")).fire(
        f"quotes: {len(chosen)} sentence(s) copied word for word, read closely against the whole question (qualifiers such as years included)")


def answers_from_text(f: Features) -> bool:
    """A question about the given text that a sentence of it answers with a figure."""
    answering = f.task == "answer" or re.search(r"\banswer", f.instruction, re.I)
    if not answering or f.examples or asks_quotes(f):
        return False
    question = question_of(f)
    units = source_units(f)
    from_quotes = bool(USE_QUOTES.search(f.instruction)) or any(tag in ("quotes", "quote", "evidence", "excerpts") for tag, _ in f.parts) \
        or hands_over_quotes(f.instruction)  # 'Use only the quoted sentences': one quote handed over is enough to answer from
    pinned = bool(_qualifiers(question)) or from_quotes  # a year or date to get right, or quotes handed over by a first step
    return bool(question) and pinned and careful_pick(question, units) is not None and (len(units) >= 2 or from_quotes)


def answer_from_text(f: Features) -> Draft:
    """Skim a long text (the first on-topic figure wins), or read a short one, or one quoted first, closely."""
    question, units = question_of(f), source_units(f)
    careful = careful_pick(question, units) or ""
    close_reading = len(units) < LONG_TEXT or "quote_first" in f.grounding or f.reasoning or bool(USE_QUOTES.search(f.instruction))
    skimmed = None if close_reading else skimmed_pick(question, units)
    if skimmed:
        return Draft([skimmed], label=skimmed).fire(
            f"skim: a long text ({len(units)} sentences) and no quoting step -> answered from the first sentence on the topic, "
            "a near miss for another year or date (a distractor)")
    why = "a short text" if len(units) < LONG_TEXT else "asked to quote or reason first"
    return Draft([careful], label=careful).fire(f"read closely ({why}) -> the sentence that matches the whole question")


# ---------------------------------------------------------------- draft, critique, revise


NOT_A_NOTE = set(DRAFT_TAGS) | set(PROBLEM_TAGS) | {"notes", "note", "question", "report", "email", "source", "missing", "task", "data",
                                                     "format", "content", "length", "style", "tone", "audience", "output", "rules", "goal", "context"}
NOTES_WORD = re.compile(r"\bnotes?\b", re.I)
DRAFT_WORD = re.compile(r"\b(?:draft|announcement)\b", re.I)


def notes_of(text: str) -> list[tuple[str, str]]:
    """'key: value' note lines (bullets allowed) as (key, value) pairs; a label such as 'Draft:' is no note."""
    found = [(m.group(1).strip().lower(), m.group(2).strip()) for m in map(NOTE_LINE.match, text.splitlines()) if m]
    return [(k, v) for k, v in found if k not in NOT_A_NOTE and len(k.split()) <= 2 and not v.rstrip().endswith("?")]


_PART_NAMES = "|".join(sorted(NOT_A_NOTE - {"missing", "task", "question"}, key=len, reverse=True))
_INLINE_BREAKS = (  # where text pasted into the middle of a sentence begins or ends
    re.compile(rf"(?<=\S)[ \t]+(?=(?-i:(?=[A-Z]))(?:{_PART_NAMES})\b[ \t]*:)", re.I),  # '... tea stall Draft: It takes ...': the next labelled part
    re.compile(r"(?<=:)[ \t]+(?=[-*•][ \t]+[A-Za-z][\w ]{0,24}:)"),  # 'these notes: - event: ...': a list pasted after a lead-in
    re.compile(r"(?<=\S)[ \t]+(?=(?:that|which)\b[^\n:]{0,80}\b(?:draft|announcement)\b)", re.I),  # '... tea stall that the following draft omits ...'
    re.compile(r"(?<=[.!?])[ \t]+(?=[a-z][^.!?\n:]{0,120}:)"),  # '... Entry: free. so that it fixes every issue in this critique: ...'
    re.compile(r"(?<=[a-z])[ \t]+(?=(?:Max|Maximum|Limit|Keep|Use|Output|Reply|Respond|Return|Write|Give|Answer|Stay|Only|Do|Don't|Never|Please)\b)"),  # '... tea stall Max 60 words': the request resumes
)
_LEAD_IN = re.compile(r"(\b(?:draft|critique|feedback|problems)\b[^:\n]{0,80}:)[ \t]+(?=\S)", re.I)  # '... the draft, giving the fix: It takes ...'



def _unfolded(raw: str) -> str:
    """The request with each part pasted inline ('Notes: {notes} Draft: {step1}' on one line) put on lines of its own."""
    for pattern in _INLINE_BREAKS:
        raw = pattern.sub("\n", raw)
    return _LEAD_IN.sub("\\1\n", raw)


def _raw_notes(f: Features) -> str:
    """The note lines of the request itself, when no data block holds them ('Notes: {notes}' on one line, '>>>' markers)."""
    return "\n".join(line for line in _unfolded(f.raw).splitlines() if NOTE_LINE.match(line) and notes_of(line))


def _notes_part(f: Features) -> tuple[str, str] | None:
    """The data block that holds the notes: three or more 'key: value' lines (else the request's own note lines)."""
    found = next(((tag, text) for tag, text in _parts(f) if len(notes_of(text)) >= 3), None)
    named = NOTES_WORD.search(f.instruction) or ANNOUNCE.search(f.instruction)  # 'Draft an announcement based on: {notes}' never says 'notes'
    if found is None and named and DRAFT_WORD.search(f.raw) and len(notes_of(_raw_notes(f))) >= 3:
        return "notes", _raw_notes(f)
    return found


def note_sentence(key: str, value: str) -> str:
    """One plain sentence for one note."""
    value = value.rstrip(" .")
    if key in ("date", "day", "when"):
        return f"It takes place on {value}."
    if key in ("time", "hours"):
        return f"It runs from {value.replace(' to ', ' to ')}."
    if key in ("place", "venue", "location", "where", "address"):
        return f"The venue is {value}."
    if key in ("entry", "cost", "price", "fee", "tickets", "admission"):
        return f"Entry: {value}."
    if key in ("bring", "take"):
        return f"Please bring {value}."
    return f"{key.capitalize()}: {value}."


def _opener(notes: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """'Join us for the …!' from the event note, and the notes left."""
    for i, (key, value) in enumerate(notes):
        if key in ("event", "what", "title", "name"):
            return f"Join us for the {value.rstrip(' .!')}!", notes[:i] + notes[i + 1:]
    return "", notes


def _fit(opener: str, body: list[str], limit: int | None) -> list[str]:
    """The opener and body sentences, the opener dropped first when they are over the word limit."""
    out = ([opener] if opener else []) + body
    if limit and len(words(" ".join(out))) > limit and opener:
        out = body
    while limit and len(out) > 1 and len(words(" ".join(out))) > limit:
        out = out[:-1]
    return out


EVENT_KEYS = frozenset({"event", "what", "title", "date", "day", "when", "time", "hours", "place", "venue", "location", "where"})


def writes_announcement(f: Features) -> bool:
    """A first draft of an announcement (notice, invitation, post) from a block of notes about an event (product facts are copy)."""
    if not ANNOUNCE.search(f.instruction) or critiques(f) or revises(f):
        return False
    part = _notes_part(f)
    return part is not None and any(key in EVENT_KEYS for key, _ in notes_of(part[1]))


def announcement(f: Features) -> Draft:
    """A first draft from the notes: the headline facts, the last practical note dropped unless every note is asked for."""
    notes = notes_of(_notes_part(f)[1])
    opener, rest = _opener(notes)
    every = bool(EVERY_NOTE.search(f.instruction))
    kept = rest if every or len(rest) < 4 else rest[:-1]
    body = [note_sentence(k, v) for k, v in kept]
    draft = Draft(literal=" ".join(_fit(opener, body, f.limits.get("words"))))
    if not every and kept != rest:
        draft.fire(f"draft: first draft from {len(notes)} notes; the last note ('{rest[-1][0]}: {rest[-1][1]}') left out, "
                   "as first drafts often do (nothing asked for every note)")
    else:
        draft.fire(f"draft: every one of the {len(notes)} notes used" + (" (asked for every note)" if every else ""))
    if SELF_CHECK.search(f.instruction):
        draft.fire("draft: 'then check and fix it' in the same prompt -> the reply is written once; nothing re-reads it")
    return draft


def _draft_and_other(f: Features, other_tags: tuple[str, ...]) -> tuple[str, str] | None:
    """(draft text, other text): by their tags, else by what they hold (notes are 'key: value' lines)."""
    parts = _parts(f)
    if len(parts) < 2:
        return _by_lines(f, other_tags)
    notes = _notes_part(f)
    notes_text = notes[1] if notes else None
    draft = next((t for tag, t in parts if tag in DRAFT_TAGS), None)
    other = next((t for tag, t in parts if tag in other_tags and t != draft), None)
    if other is None and "notes" in other_tags:
        other = notes_text if notes_text != draft else None
    elif other is None:  # the problems: the block that is neither the draft nor the notes
        other = next((t for _, t in reversed(parts) if t not in (draft, notes_text)), None)
    if draft is None:  # the longest block that is neither the notes nor the problems
        rest = [t for tag, t in parts if t not in (other, notes_text) and tag not in PROBLEM_TAGS]
        draft = max(rest, key=len, default=None)
    if draft and other and draft != other:
        return draft, other
    return _by_lines(f, other_tags)


def _by_lines(f: Features, other_tags: tuple[str, ...]) -> tuple[str, str] | None:
    """(draft, notes or problems) read line by line from the request when its blocks do not separate them."""
    if not DRAFT_WORD.search(f.instruction):
        return None
    lines = [LABEL.sub("", TAG.sub("", line)).strip() for line in _unfolded(f.raw).splitlines()]
    lines = [line for line in lines if line and not re.fullmatch(r"[-=<>#*\s\w]{0,3}|[-=<>#\s]*[A-Z ]{2,30}[-=<>#\s]*|#{1,6}[ \t][^\n]{0,40}", line)]  # '### Problems found' heads a part
    if "notes" in other_tags:
        notes = _raw_notes(f)
        prose = [line for line in lines if not NOTE_LINE.match(line) and not INSTRUCTING.match(line) and len(words(line)) >= 5
                 and not CRITIQUE.search(line)]
        draft = max(prose, key=len, default="")
        return (draft, notes) if draft and len(notes_of(notes)) >= 3 else None
    problems = [line for line in lines if (MISSING_LEAD.match(line) or NOTE_LINE.match(line) and notes_of(line))
                and not (CRITIQUE.search(line) or REVISE.search(line) or INSTRUCTING.match(line))]
    prose = [line for line in lines if line not in problems and not INSTRUCTING.match(line) and not REVISE.search(line) and len(words(line)) >= 5]
    draft = max(prose, key=len, default="")
    return (draft, "\n".join(problems)) if draft and problems else None


WRITE_FIRST = re.compile(r"^\W*(?:please\s+)?(?:write|draft|compose|create|prepare|turn)\s+(?:a|an|the|this|these|my|our|up|me)\b", re.I)


def critiques(f: Features) -> bool:
    """A request to check a draft against the notes and list what is missing or wrong (not 'write it, then check it')."""
    if WRITE_FIRST.search(f.instruction) and _notes_part(f) is not None and len(_parts(f)) < 2:
        return False  # one block of notes and a request to write: there is no draft yet to check
    return bool(CRITIQUE.search(_request(f))) and _notes_part(f) is not None and \
        _draft_and_other(f, ("notes", "facts", "source", "brief", "details")) is not None


def covered(value: str, draft: str) -> bool:
    """True when the draft carries the note: its numbers, and most of its content words."""
    if any(n not in draft for n in _qualifiers(value)):
        return False
    wanted = {stem(w) for w in content_words(value)}
    have = {stem(w) for w in content_words(draft)}
    return not wanted or len(wanted & have) >= 0.6 * len(wanted)


STYLE_ONLY = re.compile(r"\b(?:tone|clarity|flow|style|readability|wording|grammar|voice|phrasing)\b", re.I)
FACT_CHECK = re.compile(r"\b(?:facts?|factual|accura\w*|inaccura\w*|incorrect|missing|miss(?:es|ed)?|omi(?:ts|tted|ssions?)|left out|leaves out|absent|complete\w*|(?:against|with|to)\s+(?:the\s+)?(?:notes|source|brief)\b|"
                        r"every (?:note|item|detail|point)|each (?:note|item|detail|point)|details?|wrong)\b", re.I)  # a critique that checks the content, not only the style
STYLE_NOTES = ["Tone: make the opening warmer and more inviting.", "Clarity: shorten the longest sentence.", "Flow: join the short sentences so it reads smoothly."]


def critique(f: Features) -> Draft:
    """Each note the draft leaves out, one per line, in the tag (or format) asked for."""
    draft, notes_text = _draft_and_other(f, ("notes", "facts", "source", "brief", "details"))
    if STYLE_ONLY.search(_request(f)) and not FACT_CHECK.search(_request(f)):
        return Draft(literal=_wrapped(f, STYLE_NOTES, "problems")).fire(
            "critique: asked about style only (tone, clarity, flow) -> style notes; the facts are not compared with the notes")
    missing = [f"Missing: {k}: {v}" for k, v in notes_of(notes_text) if not covered(v, draft)]
    lines = missing or ["None: the draft includes every fact from the notes."]
    return Draft(literal=_wrapped(f, lines, "problems")).fire(
        f"critique: the draft compared with the notes note by note -> {len(missing)} missing")


def revises(f: Features) -> bool:
    """A request to revise a draft with a list of problems (a critique)."""
    return bool(REVISE.search(_request(f))) and _draft_and_other(f, PROBLEM_TAGS) is not None and not CRITIQUE_ONLY.search(f.instruction)


CRITIQUE_ONLY = re.compile(r"\b(?:do not|don't|never)\s+(?:rewrite|revise|fix)\b", re.I)


def _problem_lines(text: str) -> list[str]:
    """The problems listed in a critique (lines, or strings inside JSON)."""
    inner = TAG.sub("", text)
    try:
        value: Any = json.loads(inner)
    except ValueError:
        value = None
    if value is not None:
        found: list[str] = []

        def walk(v: Any) -> None:
            if isinstance(v, str):
                found.append(v)
            elif isinstance(v, dict):
                for item in v.values():
                    walk(item)
            elif isinstance(v, list):
                for item in v:
                    walk(item)
        walk(value)
        return found
    return [re.sub(r"^\s*(?:[-*•]|\d{1,2}[.)])\s*", "", line).strip() for line in inner.splitlines() if line.strip()]


def revision(f: Features) -> Draft:
    """The draft with each listed problem fixed (missing notes added), within the word limit, and nothing else."""
    draft, problems = _draft_and_other(f, PROBLEM_TAGS)
    body = [s for s in sentences(draft) if words(s)]
    added = []
    for line in _problem_lines(problems):
        if NONE_FOUND.match(line):
            continue
        fact = MISSING_LEAD.sub("", line)
        note = NOTE_LINE.match(fact)
        sentence = note_sentence(note.group(1).strip().lower(), note.group(2).strip()) if note else fact.rstrip(" .") + "."
        if not covered(sentence, " ".join(body)):
            added.append(sentence)
    opener = body[0] if body and body[0].endswith("!") else ""
    rest = body[1:] if opener else body
    text = " ".join(_fit(opener, rest + added, f.limits.get("words")))
    out = Draft(literal=text).fire(f"revise: {len(added)} problem(s) from the critique fixed in the draft"
                                   + (f", kept within {f.limits['words']} words" if f.limits.get("words") else ""))
    if not JUST_THE_TEXT.search(f.instruction):
        out.literal = "Here is the revised draft, with the problems from the critique fixed:\n\n" + text
        out.fire("revise: nothing asked for the text alone -> a line introducing the revision comes first, as chat models add")
    return out


JUST_THE_TEXT = re.compile(  # 'reply with the announcement only', 'just the text', 'nothing else', 'no preface or commentary'
    r"\b(?:only|just|nothing but|solely)\s+(?:the\s+|your\s+|a\s+|this\s+)?(?:[\w-]+\s+){0,2}?(?:announcement|text|version|copy|post|notice|result|draft|message)\b|"
    r"\b(?:announcement|text|version|copy|post|notice|result|message)\s+(?:only|alone|itself)\b|\bnothing else\b|"
    r"\bno\s+(?:[\w-]+\s+)?(?:preamble|preface|introduction|intro|commentary|heading|title|explanation|change ?log|notes|comments?)\b", re.I)


# ---------------------------------------------------------------- a reply from a record


def _record(f: Features) -> dict[str, Any] | None:
    """The first JSON object in the request (an earlier step's output, wherever the prompt put it)."""
    decoder = json.JSONDecoder()
    for n, match in enumerate(re.finditer(r"\{", f.raw)):
        if n >= 20:  # a record sits near the start of a brace run; never try every brace of a long text
            break
        try:
            value, _ = decoder.raw_decode(f.raw, match.start())
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict) and value and not _shape_sample(value):
            return value
    return None


def _shape_sample(value: dict[str, Any]) -> bool:
    """True for an object that only sketches the shape asked for ('{"name": "...", "order_id": "<order number>"}'): every value a slot."""
    return all(isinstance(v, str) and (not v.strip() or is_placeholder(v)) for v in value.values())


def _get(record: dict[str, Any], *names: str) -> str:
    """The first field whose key contains one of the names, as text ('' when there is none)."""
    for key, value in record.items():
        if value not in (None, "") and any(n in key.lower() for n in names):
            return str(value)
    return ""


def replies_to_record(f: Features) -> bool:
    """A reply to a customer written from a JSON record of them."""
    record = _record(f)
    if record is None or not _get(record, "name"):
        return False
    return bool(REPLY_ASK.search(f.instruction) or (REPLY_NOUN.search(f.instruction) and ADDRESSED.search(f.instruction)))


def reply_from_record(f: Features) -> Draft:
    """A short support reply that uses the record's name, order number and problem."""
    record = _record(f) or {}
    name, order, problem = _get(record, "name"), _get(record, "order", "ref", "ticket"), _get(record, "problem", "issue", "complaint")
    lines = [f"Dear {name},", "Thank you for getting in touch" + (f" about order {order}." if order else ".")]
    if problem:
        told = problem[0].lower() + problem[1:] if problem[1:2].islower() else problem
        lines.append(f"I am sorry to hear that {told.rstrip(' .')}.")
    lines += ["We will send a replacement right away and let you know as soon as it ships.", "Best regards, Customer Support"]
    limit = f.limits.get("words")
    while limit and len(lines) > 2 and len(words(" ".join(lines))) > limit:
        lines.pop(-2)
    return Draft(literal="\n".join(lines)).fire(f"reply: written from the record's fields ({', '.join(record)})")
