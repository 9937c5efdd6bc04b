"""Questions about a given document (lesson 09): answer from it, admit what it does not say, or make it up.

How the simulator reads a document depends on what the prompt asks for, the way real models do:

- Without a request to quote, it *skims*: each question is answered from the first sentence on its
  topic, whatever date that sentence is about (a report with two years' figures gives the wrong
  year's figure: a near-miss).
- Asked to quote the evidence first, it reads *carefully*: it copies the sentence that matches the
  topic **and** the date asked about, then answers from that quote.
- A question the document does not answer is admitted when the prompt restricts the model to the
  document or lets it say it does not know; otherwise it is filled in with a confident, invented
  figure (simulated, and the x-ray says so).
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass

from tutor.analysis import cues, grounding
from tutor.analysis.instructions import _DELIVERABLE
from tutor.analysis.text import SLOT_NOTE
from tutor.offline import chaining, knowledge
from tutor.offline.draft import Draft
from tutor.offline.features import Features
from tutor.offline.text import sentences, stem, unframed

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
QUARTER = re.compile(r"\bQ([1-4])\b|\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b|\bquarter\s+([1-4])\b", re.I)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
FIGURE = re.compile(r"(?<![\w.])[$€£]?\d[\d,]*(?:\.\d+)?\s?(?:%|million|billion|m\b|bn\b)?")
WH = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?(?:and\s+)?(?:how (?:much|many|long|often|big|large)|what|which|who|whom|when|where|did|does|do|is|are|was|were)\b", re.I)
_SPLIT_PARTS = re.compile(r",?\s+(?:and|but|also)\s+(?:(?:then|next|also|finally|lastly|second(?:ly)?|third(?:ly)?)\s*,?\s+)?(?=(?:how|what|which|who|when|where)\b|(?:its|their)\s)|;\s*|\?\s*", re.I)  # 'X's bikes sold and its marketing spend' is two
_DATE_WORDS = {"quarter", "quarters", "year", "years", "first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "q1", "q2", "q3", "q4",
               "period", "month", "fiscal", "financial", "last", "previous", "prior", "same", "that", "this", "during", "throughout", "within", "across"}  # time prepositions
_FILLER = {"company", "firm", "business", "total", "overall", "figure", "amount", "number", "report", "according", "exactly", "roughly",
           "approximately", "give", "tell", "say", "said", "state", "stated", "document", "text", "question", "answer", "find", "out",
           "below", "above", "following", "given", "provided", "taken", "based", "using", "quote", "quotes", "evidence", "sentences", "can", "please", "look", "up", "check", "know", "want", "like",
           "word", "words", "verbatim", "into", "tags"}
_VERBS = {"spend", "spent", "sell", "sold", "go", "went", "gone", "goes", "make", "made", "earn", "earned", "pay", "paid", "cost", "get", "got", "take", "took", "open",
          "opened", "hire", "hired", "employ", "have", "has", "had", "reach", "reached"}
_IRREGULAR = {"sold": "sell", "spent": "spend", "made": "make", "paid": "pay", "got": "get", "took": "take", "employs": "employ",
              "employed": "employ", "employees": "employ", "staff": "employ", "people": "employ", "workers": "employ", "sales": "sell", "selling": "sell",
              "earn": "revenue", "earns": "revenue", "earned": "revenue", "earning": "revenue", "earnings": "revenue", "takings": "revenue", "turnover": "revenue"}  # what a company earns is its revenue
_NAMES = ("Dana Whitlock", "Marcus Feld", "Priya Anand", "Tomas Brennan")
_MONTHS = ("March", "June", "September", "November")


@dataclass(frozen=True)
class Date:
    """The years and quarters a question or sentence is about (empty sets: not said)."""

    years: frozenset[str] = frozenset()
    quarters: frozenset[int] = frozenset()

    def fits(self, wanted: Date) -> bool:
        """True when this date agrees with every kind of date the question names."""
        return (not wanted.years or bool(self.years & wanted.years)) and (not wanted.quarters or bool(self.quarters & wanted.quarters))


def date_of(text: str) -> Date:
    """The years and quarters a text names."""
    quarters = set()
    for m in QUARTER.finditer(text):
        quarters.add(int(m.group(1) or m.group(3)) if m.group(1) or m.group(3) else _ORDINAL[m.group(2).lower()])
    return Date(frozenset(YEAR.findall(text)), frozenset(quarters))


def _root(word: str) -> str:
    """A word's stem with irregular forms mapped and a final 'e' dropped, so 'bike' and 'bikes' ('bik') meet."""
    s = stem(_IRREGULAR.get(word, word))
    return s[:-1] if len(s) > 3 and s.endswith("e") else s


def _stems(text: str) -> set[str]:
    """The stems of a text's words, with a few irregular forms mapped ('sold' -> 'sell')."""
    out = set()
    for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text):
        w = w.lower().removesuffix("'s").removesuffix("’s").rstrip("'’")
        out.add(_root(w))
    return out


def _subject(part: str, document: list[str]) -> tuple[list[str], set[str]]:
    """The question's subject words (as written) and the proper nouns among them the document's title does not name."""
    stop = knowledge.stopwords()
    title = next((s for s in document if len(s.split()) >= 3), "")  # the first real sentence: a bare label ('Source:') is no title
    words, proper = [], set()
    for raw in re.findall(r"[A-Za-z][A-Za-z'’]*", part):
        w = raw.removesuffix("'s").removesuffix("’s").rstrip("'’")  # 'Brightwater Bicycles' revenue': a plural's possessive
        low = w.lower()
        if low in stop or low in _DATE_WORDS or low in _FILLER or len(low) < 3:
            continue
        if w[:1].isupper() and not WH.match(w) and low not in _VERBS:
            if re.search(rf"\b{re.escape(w)}\b", title):
                continue  # the document's own company: every sentence is about it
            proper.add(low)
        words.append(low)
    return words, proper


_ASK = re.compile(r"\b(?:how (?:much|many|long|often|big|large)|what|which|who|whom|when|where)\b", re.I)
_ENUM = re.compile(r"(?:^|\s)(?:\(?(?:[a-f1-6]|i{1,3}|iv)\)|[1-6]\.)\s+|\n\s*(?:[-*•]\s+)?", re.I)
_NOUN_ASK = re.compile(rf"^(?:(?:the|its|their|our|this|that)\s+|(?:[A-Z]\w+\s+){{0,2}}[A-Z]\w*(?:'s|’s|s'|s’)\s+)(?:[\w'’-]+\s+){{0,3}}?{cues.VALUE_NOUN}\b", re.I)  # 'its bikes sold in 2024' asks a count


_VERB_ASK = re.compile(r"\b(?:tell (?:me|us)|give (?:me|us)|(?:i|we)\s+(?:need|want|would like|'d like)|give(?=\s+(?:[A-Z]\w+['’]s|its|their)\s)|state|find(?: out)?|work out|figure out|determine|report|provide|look up|know)\s+", re.I)
_TAGS_TALK = re.compile(r"\s*\b(?:in|inside|within|between|into)\s+(?:the\s+|an?\s+)?<?[\w-]+>?\s+tags?\b|\s*\b(?:in|inside|within|between|into)\s+(?:the\s+|an?\s+)?(?:<[^<>\n]{1,40}>\s*(?:and\s+)?)+|<[^<>\n]{1,40}>|"  # 'inside <answer></answer>'

                        r"\s*\b(?:in|inside|within|between)\s+(?:the\s+)?(?:[^\w\s]{1,6}\s+|triple\s+|three\s+|double\s+)?(?:lines|markers|quotes|quotation marks|backticks|dashes|hashes|delimiters|fences)\b", re.I)  # 'between the --- lines' names the fence


_SOURCE_CLAUSE = re.compile(  # a 'what' clause whose verb is the document speaking ('what it says', 'what the report states', 'what is written there') stands for the document
    r"what\s+(?:(?:it|they|the\s+[\w-]+(?:\s+(?:below|above|here|provided|given))?|this\s+[\w-]+|is|was|has\s+been)\s+)?(?:actually\s+|explicitly\s+)?(?:says?|said|states?|stated|contains?|shows?|mentions?|reports?|tells?(?:\s+you|\s+us)?|"
    r"provides?|gives?|written|given|provided|stated|printed|there|in\s+(?:it|them|there|(?:the|this|that|these|those|your|my|our)\b(?:\s+[\w-]+)?))\b(?!\s+(?:about|on|for|regarding)\b)|"
    r"what(?:'s|’s)\s+in\s+(?:it|them|there|(?:the|this|that|these|those|your|my|our)\b(?:\s+[\w-]+)?)|what\s+you(?:'ve|\s+have)?\s+(?:just\s+)?(?:quoted|copied|extracted|cited)\b", re.I)  # 'using only what is in your <quotes>', 'what you quoted


_MANNER = re.compile(r"\s+(?:by|through|while|after|before)\s+(?:(?:first|then|carefully|closely|only|just)\s+)?(?!\w+ing\s+(?:in|during|for)\b)\w+ing\b", re.I)  # '... by first copying the sentences', 'after reading the report': how to work, not what is asked
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|this|that|your|its|their|our)\s+$", re.I)  # 'the report', 'this state': a noun, not a verb that asks
_GIVEN = re.compile(r"[$€£]\d|\d%|\d[\d,]*\.\d|\b\d{1,3}(?:,\d{3})+\b")  # 'State the price as $89.99' hands the figure over: a writing rule, no question


def _up_to_comma(found: str) -> str:
    """The ask before its first comma, the date after it kept ('Brightwater revenue, Q3 2023' names the quarter; 'revenue, from the quotes' only says how)."""
    head, _, rest = found.partition(",")
    when = rest.split(",")[0]
    return f"{head} {when.strip()}" if rest and date_of(head) == Date() and date_of(when) != Date() and len(when.split()) <= 6 else head


def _parts(text: str, loose: bool = False) -> list[str]:
    """One question or request split into its parts: 'how many X, and how much Y?', '(a) the number of X and (b) the Y'.

    With `loose`, the text is questions by their form (a line ending in '?', a 'Q1.' label): a part asks whatever its grammar ('Bikes sold in 2024?').
    """
    out = []
    for piece in _ENUM.split(_TAGS_TALK.sub(" ", text)):
        for part in _SPLIT_PARTS.split(piece):
            part = part.strip(" ,.:;-")
            if _SOURCE_CLAUSE.fullmatch(part.rstrip("?")):
                continue  # '... nothing but what it says': the source, split off at 'but'
            ask = next((a for a in itertools.islice(_ASK.finditer(part), 8) if not _SOURCE_CLAUSE.match(part, a.start())), None)  # 'using nothing but what it says' names the source, it asks nothing
            verb = next((v for v in itertools.islice(_VERB_ASK.finditer(part), 8) if not _NOUN_BEFORE.search(part[max(0, v.start() - 12):v.start()])
                         and _NOUN_ASK.match(part[v.end():])), None)  # 'the report text below, give X's Y': 'report' after 'the' is a noun; 'I need you to find X's Y' asks with 'find'
            if ask:
                found = part[ask.start():]
            elif _NOUN_ASK.match(part) and not _GIVEN.search(part):
                found = part
            elif verb and not _GIVEN.search(part):
                found = part[verb.end():]
            elif loose and len(part.split()) >= 3 and not _MODAL_ASK.match(part):
                found = part
            else:
                continue
            head = _MANNER.split(_up_to_comma(found), maxsplit=1)[0]
            found = head if len(head.split()) >= 3 else found  # 'revenue in 2023, taken from those quotes', '... by first copying the sentences': the rest is how to answer
            if len(found.split()) >= (3 if ask or loose else 4):
                out.append(found + "?")
    return out


_ASKING = re.compile(r"^\W*(?:(?:step\s+)?\d{1,2}[.)]\s+|\(?[a-h]\)\s+)?(?:[^.\n]{0,240}?(?:[,:–—]|\s-)\s*)?(?:(?:please|kindly)\s+)?(?:(?:i|we)(?:\s+need|\s+want|\s+would like|'d like)\s+you\s+to\s+)?(?:(?:in order )?to\s+)?(?<![<\[])(?:tell (?:me|us)|give (?:me|us)|give(?=\s+(?:[A-Z]\w+['’]s|its|their|\(?[a-f1-6]\))\s)|state|find(?: out)?|work out|figure out|determine|report|answer|provide|look (?:up|for)|(?:i|we)(?:\s+want|\s+would like|'d like|\s+need)\s+to\s+know|(?:i|we)(?:\s+want|\s+would like|'d like|\s+need)(?=\s+(?:the|its|their|[A-Z]\w+['’]s)\s)|let (?:me|us) know)\b"
                     r"[^.\n]{0,30}?(?:\b(?:how|what|which|who|when|where)\b|\b(?:the|its|their)\s|\b[A-Z]\w+(?:'s|’s|s'|s’)\s|\(?(?:[a-f1-6]|i{1,3}|iv)\)|:)", re.I)


_ITEM = re.compile(r"\s*(?:\(?[a-f1-9]\)|[1-9][.)]|[-*•]|Q\s?\d{1,2}\s*[.:)])\s", re.I)  # '(a) the number of X', '- its Y': an item of a list a request leads in with a colon
_ENUMERATED_ASK = re.compile(r"(?:^|[;,:]\s*)(?:and\s+)?(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth|next|then|also|finally|lastly)\s*[,:]?\s+(?:how|what|which|who|when|where)\b", re.I)  # 'First, how many X; second, how much Y'
_QUESTION_LABEL = re.compile(r"^\s*(?:[-*•]\s*)?(?:Q\s?\d{1,2}|question\s+(?:\d{1,2}|one|two|three|four|five|six)|(?:one|two|three|four|five|six))\s*[.:)]\s+(?=\S)", re.I)  # 'Q1. Number of X', 'Question 2: Y', 'One: how many X?'
_SOUGHT = re.compile(r"\b(?:sentences?|sentence\(s\)|lines?|passages?|parts?|excerpts?)(?:\s|\b)[^.\n]{0,40}?\b(?:giving|stating|showing|mentioning|containing|reporting|about|on|"
                     r"(?:that|which)\s+(?:gives?|states?|shows?|mentions?|contains?|reports?))\s+((?:the|its|their|[A-Z]\w+'s)\s[^.\n]{3,160})", re.I)  # 'quote the sentences giving X's revenue in 2023': the quote names what is asked
_COPY_VERB = re.compile(rf"\bcopy(?={cues.COPY_OBJECT})", re.I)  # 'copy, word for word, the sentences' copies; 'product copy' is a text to write


_MODAL_ASK = re.compile(r"(?:can|could|would|will|may|do|please|i|we)\b", re.I)  # 'Can you check the report and answer two things?' asks for the work, it is no question about the document


def _asks(line: str) -> bool:
    """True for a line that asks for something ('Tell me X', 'I want to know X', 'First, how many X')."""
    return bool(_ASKING.search(line) or _ENUMERATED_ASK.search(line)) or _clause_asks(line)


_CLAUSE_VERB = re.compile(  # a later clause's request for a value: '..., then give X's revenue in <answer>', '; next, state the number of Y', 'read the report and find X's revenue'
    r"(?:[,;:]|\b(?:then|next|afterwards|finally|lastly|and))\s*(?:(?:and\s+)?then\s*,?\s+|next\s*,?\s+|finally\s*,?\s+)?(?:please\s+)?"
    r"(?:give|state|report|provide|find|tell)\s+(?:me\s+|us\s+)?", re.I)


def _clause_asks(line: str) -> bool:
    """True when a clause after the first asks for a named value ('Quote the sentences, then give X's Q3 revenue'), not for 'that figure' already asked."""
    return bool(_clause_asked(line))


def _clause_asked(line: str) -> str:
    """What a later clause asks for ('Read the report and give the revenue X made' -> 'the revenue X made'), or ''."""
    for m in itertools.islice(_CLAUSE_VERB.finditer(line[:2_000]), 8):
        rest = line[m.end():m.end() + 200]
        if (_NOUN_ASK.match(rest) or _WH_START.match(rest)) and not re.match(r"(?:this|that)\b", rest, re.I):
            return rest
    return ""


_WH_START = re.compile(r"(?:how (?:much|many)|what|which)\b", re.I)  # '..., and find how much revenue X earned'


_LIST_HEAD = re.compile(  # 'Facts to find:', 'Questions to answer:', 'Information needed:', 'What I need:' heads a list of things asked for
    r"(?m:^)[ \t#*]*(?:[\w'-]+[ \t]+){0,3}?(?:(?:to|I|we)[ \t]+(?:find|answer|extract|pull|look[ \t]+up|report|give|check|need|want)|(?:I|we)?(?:['’]m|['’]re|[ \t]+am|[ \t]+are)[ \t]+(?:looking[ \t]+for|after)|"
    r"questions?|needed|wanted|required|requested|asked(?:[ \t]+for)?)[ \t*]*(?::|(?<=\*\*)|(?<=__))?[ \t*]*(?m:$)", re.I)  # '### Questions', '**Questions**', 'QUESTIONS' head a list as 'Questions:' does


_LEAD_ASK = re.compile(r"^\W*(?:(?:now|so|then|next|finally|and|also|okay|ok|please)\b[ \t,]*){0,2}(?:answer|tell|give|find|list|provide|report|state|pull|extract|look[ \t]+up)\b[^\n]{0,100}:[ \t]*$", re.I)  # 'Now answer, using only the report:' leads in what is asked


def _led_items(f: Features) -> list[str]:
    """The list items a request ending in a colon leads in ('Give me:\n1. the number of X\n2. its Y'), wherever the analysis filed them."""
    own = {s.strip() for s in _lines(f.question)}
    out, lead = [], False
    for s in _lines(f.raw[:20_000]) if ":" in f.question or _LIST_HEAD.search(f.raw[:20_000]) else []:
        if s.strip() in own and (_asks(s) or _LEAD_ASK.match(s.strip())) or _LIST_HEAD.fullmatch(s.strip()):
            lead = s.rstrip().endswith(":") or bool(_LIST_HEAD.fullmatch(s.strip()))  # a heading leads in the list below it, colon or not
        elif lead and _ITEM.match(s):
            out.append(s.strip())
        else:
            lead = False
    return out


def _lines(text: str) -> list[str]:
    """A request's sentences and lines."""
    return [s for s in re.split(r"(?m)(?<=[?.!])(?<!^\d\.)(?<!^\d\d\.)\s+(?=[A-Z(])|\n+", text) if s.strip()]  # '1. The number of X' is one item


_SLOT = re.compile(r":\s*((?:the|its|their|[A-Z]\w+'s)\s[^.\n]{5,120})")


_RULE_ITEM = re.compile(r"\W*(?:if|when|whenever|unless|where|otherwise|always|never|only|do not|don't|base)\b", re.I)  # a list item that is a rule, not a figure asked for


def _enumerated(lines: list[str]) -> list[str]:
    """Items of an inline or stacked enumeration that each name a figure ('(1) X's bike sales in 2024. (2) its marketing spend'), two or more."""
    items = [s for s in lines if _ITEM.match(s) and not _RULE_ITEM.match(body := _ITEM.sub("", s, count=1))
             and not cues.is_imperative(body) and (_NOUN_ASK.match(body) or _NOUN_ASK.match(f"the {body}") or _ASK.match(body)) and not _GIVEN.search(body)]  # '1) Number of bikes sold' names a figure too
    return items if len(items) >= 2 else []


def questions(f: Features) -> list[str]:
    """The questions asked about the document, split into their parts ('how many X, and how much Y?' is two)."""
    lines = _lines(f.question)
    bare = re.sub(r"</?[\w-]+>?", " ", f.data)
    in_data = [s for s in re.split(r"(?<=\?)\s+|\n+", bare) if s.strip().endswith("?") and len(s) < 300]  # '<question>...?</question>'
    brief = bool(_DELIVERABLE.search(_COPY_VERB.sub(" ", f.instruction)))  # a writing brief's 'give me the description' asks nothing
    led = [] if brief else _led_items(f)
    requests = [] if brief else [s for s in lines if _asks(s)] + led
    clauses = [] if brief else [c for s in lines if not (_ASKING.search(s) or _ENUMERATED_ASK.search(s)) and (c := _clause_asked(s))]  # 'Go through the report and give X's Y': last resort
    items = [_ITEM.sub("", s, count=1) for s in led]
    named = [] if any(cues.is_imperative(s) or _RULE_ITEM.match(s) for s in items) else led  # '1. Bikes sold in 2024' names a figure; '- If it does, give the figure' makes the list rules
    labelled = [body for s in [*lines, *bare.split("\n")] if _QUESTION_LABEL.match(s) and len(s) < 300
                and ((body := _QUESTION_LABEL.sub("", s)).rstrip().endswith("?") or not cues.is_instruction(body))]  # 'One: read the report and copy ...' is a step, no question
    slots = [m.group(1) for s in lines if (m := _SLOT.search(s)) and date_of(m.group(1)) != Date()]  # 'Part two, <answer>: X's revenue in 2023'
    sought = [m.group(1) for s in lines if (m := _SOUGHT.search(s))]
    marked = [s for s in lines if "?" in s]
    listed = [] if brief else _enumerated(lines)
    for asked, loose in ((marked, False), (named, True), (requests, False), (marked, True), (in_data, True), (labelled, True), (listed, True), (slots, False), (sought, False), (clauses, False)):  # a led-in item asks by its place ('1. Bikes sold in 2024')
        parts = _parts("\n".join(asked), loose)
        if parts:
            return parts[:6]
    return []


def document(f: Features) -> list[str]:
    """The document's sentences (questions inside the data left out, 'Q1. Number of X' included)."""
    asked = set(_led_items(f))
    slots = {text.strip() for tag, text in f.parts if tag and _SKELETON.fullmatch(text) and (_QUOTE_TAG.match(tag) or _ANSWER_TAG.match(tag))}  # '<answer>the revenue figure</answer>' shapes the reply
    text = "\n".join(line for line in f.data.split("\n") if not _QUESTION_LABEL.match(line) and line.strip() not in asked | slots) if "\n" in f.data else f.data
    return [s for s in sentences(text) if not _TAG.sub("", s).rstrip().endswith("?")]  # '<q2>How much ...?</q2>' is a question in its own tags


_TAG = re.compile(r"</?[A-Za-z][\w-]{0,30}>")


_ANSWER_ASKED = re.compile(r"<answer>|\banswer\s*(?:tags?|:)|\b(?:then|and then|after that|next|afterwards|part two|second)\b[^.\n]{0,40}\b(?:answer|reply|respond|state|give)\w*", re.I)  # quotes and an answer


_QUOTE_DATA = re.compile(r"quotes?|quotations?|evidence|excerpts?|citations?", re.I)


def _handed_quotes(f: Features) -> bool:
    """True when the data is quotes handed over to answer from ('Using only these quotes, answer ...'), not a document to quote."""
    if "quote_first" in f.grounding or "quote_after" in f.grounding:
        return False
    tagged = any(_QUOTE_DATA.fullmatch(tag or "") and not _SKELETON.fullmatch(text) for tag, text in f.parts)
    return tagged or bool(chaining.USE_QUOTES.search(f.instruction)) or grounding.hands_over_quotes(f.instruction)


def applies(f: Features) -> bool:
    """A document with figures is given and the prompt asks questions about it."""
    if not f.data or f.task in ("translate", "rewrite", "classify") or f.examples or f.format in ("json", "table", "csv"):
        return False
    if f.task == "summarise" and not _enumerated(_lines(f.question)):
        return False  # 'I need two facts: (1) X's sales in 2024. (2) its spend' names the figures asked for: no summary
    if chaining.asks_quotes(f) and not (_ANSWER_ASKED.search(f.instruction) or "answer" in f.tags):  # '<answer>' in a reply template counts
        return False  # a chain's quoting step, which asks for the quotes alone (lesson 11's chain.quote)
    if _handed_quotes(f):
        return False  # a chain's answering step, working from quotes a first step handed over (lesson 11's chain.answer)
    if len(re.findall(r"(?m)^\w[\w ]{0,20}:", f.data)) >= 3:
        return False  # a transcript or a form: its lines, not its sentences, hold the answers (tasks.answer reads those)
    doc = document(f)
    if len(FIGURE.findall(" ".join(doc))) < 2 or not questions(f):
        return False
    return not (chaining.critiques(f) or chaining.revises(f))  # 'which facts from the notes does the draft miss?' checks a draft: lesson 11's critique


def question_in_data(f: Features) -> bool:
    """One short question to answer, in the data ('<q>...?</q>') or with an out ('Q: ...? A (say if you don't know):'), not a topic to explain or write about."""
    if f.task not in ("generate", "explain", "answer", "list") or f.examples:
        return False
    bare = unframed(f.data)
    if f.data:
        return 0 < len(bare) < 300 and bare.endswith("?") and bare.count("?") == 1 and bool(WH.match(bare))
    asked = [q for chunk in re.split(r"[.!\n:]", f.question) for q in chunk.split("?")[:-1] if WH.match(q.strip())]  # split, not findall: linear
    return "say_unknown" in f.grounding and len(asked) == 1  # 'Q: ...? A (if you don't know, say so):' asks for an answer, not an essay


def _dated(doc: list[str]) -> list[Date]:
    """Each sentence's date: its own, else the document's headline date."""
    default = next((d for d in map(date_of, doc) if d.years or d.quarters), Date())
    out = []
    for s in doc:
        d = date_of(s)
        out.append(Date(d.years or default.years, d.quarters or default.quarters))
    return out


_EXCLUDED_DATE = re.compile(  # '(not 2024)', 'rather than Q3 2024', 'not the 2024 figure': a date ruled out is no date asked about
    r"\b(?:not|rather\s+than|instead\s+of|as\s+opposed\s+to|excluding|except|other\s+than|never)\s+(?:(?:the|for|in|that\s+of)\s+)?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?:\s+of)?\s+|Q[1-4]\s+)?(?:19|20)\d\d\b", re.I)


def _find(part: str, doc: list[str], careful: bool, previous: Date) -> tuple[str | None, str | None, Date]:
    """(the sentence a careful reader quotes, the sentence a skimming reader takes, the date asked about)."""
    part = _EXCLUDED_DATE.sub(" ", part)  # '2023 (not 2024)': the date ruled out is neither asked about nor a subject word
    words, proper = _subject(part, doc)
    wanted = date_of(part)
    if not (wanted.years or wanted.quarters) and re.search(r"\b(?:that|the same|this)\s+(?:quarter|year|period)\b", part, re.I):
        wanted = previous
    need = {_root(w) for w in words}
    if not need:
        return None, None, wanted
    light = (_light_verb(part) & need) - {_root(w) for w in proper}  # the verb that only carries the value's noun: it counts when present, it is not required
    dates = _dated(doc)
    scored = []
    for i, s in enumerate(doc):
        have = _stems(s)
        hits = len(need & have)
        proper_ok = all(_root(p) in have for p in proper)
        scored.append((hits, i, s, proper_ok))
    enough = max(1, (len(need) if len(need) <= 2 else len(need) - 1) - len(light))  # 'who designed the library': a sentence about the library alone does not answer it
    topical = [t for t in scored if t[0] >= enough and t[0] > 0]
    skim = max(topical, key=lambda t: (t[0], -t[1]))[2] if topical else None
    exact = [t for t in topical if t[3] and dates[t[1]].fits(wanted)]
    quote = max(exact, key=lambda t: (t[0], -t[1]))[2] if exact else None
    return quote, skim, wanted


_MEASURE_VERB = re.compile(  # 'how much revenue did X make', 'how many bikes has X sold': the noun names the figure, the verb after the subject only carries it
    r"\bhow\s+(?:much|many)\s+(?:[\w-]+\s+){1,3}?(?:did|does|do|has|have|had|will|would|was|were)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,2}?([a-z]+)\b(?=\s*(?:in|during|for|over|by|across|\?|$))", re.I)


_RELATIVE_VERB = re.compile(  # 'the revenue Brightwater made in Q3', 'the earnings the company had': a relative clause's verb after the value's noun
    r"\b(?:the|its|their)\s+(?:[a-z][\w-]*\s+){1,2}?(?:(?:that|which)\s+)?(?:[A-Z][\w'’-]*|the\s+(?:company|firm|business)|it|they)\s+([a-z]+)\b(?=\s*(?:in|during|for|over|across|\?|\.|,|$))")


def _light_verb(part: str) -> set[str]:
    """The root of the verb that only carries the value's noun: 'how much N did X make', 'the N X earned' (empty when there is none)."""
    found = set()
    m = _MEASURE_VERB.search(part[:500])
    if m:
        found.add(m.group(1).lower())
    m = _RELATIVE_VERB.search(part[:500])
    if m and (m.group(1) in _VERBS or m.group(1).endswith("ed")):
        found.add(m.group(1))
    return {_root(w) for w in found}


_DATE_PHRASE = re.compile(r"\b(?:in|for|during)\s+(?:the\s+)?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?:\s+of)?\s+(?:19|20)\d\d|Q[1-4]\s+(?:19|20)\d\d|(?:19|20)\d\d)\b", re.I)


def reply_from(sentence: str, part: str) -> str:
    """The answer a reader gives from a sentence: the clause that holds the subject and a figure, dated as the question is."""
    words, proper = _subject(part, [])
    need, core = {_root(w) for w in words}, {_root(w) for w in words if w not in proper}
    clauses = [c.strip(" ,.") for c in re.split(r",\s+(?!\d)|\s+and\s+(?=[a-z]+\s+(?:was|were|is|are|fell|rose|reached|made)\b)", sentence)]
    fitting = sorted((c for c in clauses if FIGURE.search(c) and need & _stems(c)), key=lambda c: -len(core & _stems(c)))  # 'Harbour Kites' revenue': the revenue clause, not the one selling kites
    if not fitting:
        return sentence
    clause = fitting[0]
    if re.match(r"(?:and|but|or|so|which|while|who)\b", clause, re.I):
        return sentence  # 'and now employs 214 people' needs the sentence's subject
    clause = re.sub(r"^(?:for comparison|meanwhile|by contrast|in comparison|overall)\s+", "", clause, flags=re.I)
    asked = _DATE_PHRASE.search(part)
    if asked and not date_of(clause).years:
        clause += " " + asked.group(0)
    return clause[:1].upper() + clause[1:] + "."


def _name(f: Features) -> str:
    """What the prompt calls the document ('report' for <report> tags), else 'text'."""
    for d in f.delimiters:
        m = re.search(r"<(\w+)>", d)
        if m and m.group(1).lower() not in ("quotes", "answer", "question", "questions"):
            return m.group(1).lower()
    for text in (f.question, f.data[:200]):
        m = re.search(r"\b(report|document|article|memo|email|transcript|passage|statement|minutes)\b", text, re.I)
        if m:
            return m.group(1).lower()
    return "text"


def _missing(part: str, doc: list[str]) -> str:
    """The subject of an unanswered question, as a short noun phrase ('marketing')."""
    words, _ = _subject(part, doc)
    nouns = [w for w in words if w not in _VERBS] or words
    if not nouns:
        return "that"
    phrase = " ".join(nouns[:3])
    det = re.search(rf"\b(the|its|their|his|her|our)\s+(?:[\w-]+\s+){{0,2}}?{re.escape(nouns[0])}\b", part, re.I)
    return f"{det.group(1).lower()} {phrase}" if det else phrase


def _cap(phrase: str) -> str:
    """A noun phrase that can open a sentence ('its chief executive' -> 'Its chief executive', 'marketing' -> 'The marketing')."""
    phrase = phrase if re.match(r"(?:the|its|their|his|her|our)\b", phrase) else "the " + phrase
    return phrase[:1].upper() + phrase[1:]


def _fabricate(part: str, doc: list[str]) -> str:
    """A confident, invented answer to a question the document does not answer."""
    n = zlib.crc32(part.lower().encode())
    topic = _missing(part, doc)
    low = part.lower()
    if low.startswith("how much") or re.search(r"\b(?:spend|spent|cost|budget|revenue|profit|price)\b", low):
        money = f"${1 + n % 4}.{n % 10} million"
        verb = "spent" if re.search(r"\bspen[dt]\b", low) else "came to"
        return f"It {verb} about {money} on {topic} in that period." if verb == "spent" else f"{_cap(topic)} came to about {money}."
    if low.startswith("how many"):
        return f"The number of {topic} was {120 + n % 880:,}."
    if low.startswith("who"):
        return f"{_cap(topic)} is {_NAMES[n % len(_NAMES)]}."
    if low.startswith("when"):
        return f"That was in {_MONTHS[n % len(_MONTHS)]} {2019 + n % 5}."
    return f"{_cap(topic)} was about {10 + n % 90}%."


SHORT_TEXT = 3  # sentences: a text this short is read in full, date and all, even without a request to quote


def answer(f: Features) -> Draft:
    """Answer each question from the document: quote first, skim, admit, or invent (see the module docstring)."""
    doc, parts = document(f), questions(f)
    careful = "quote_first" in f.grounding
    pressed = "answer_anyway" in f.grounding  # 'give a number for each question': a figure is produced whatever the text says
    honest = (bool({"only_from_text", "say_unknown"} & set(f.grounding)) or careful) and not pressed
    name = _name(f)
    said: list[str] = []
    quotes: list[str] = []
    draft = Draft()
    previous = Date()
    for k, part in enumerate(parts, 1):
        quote, skim, wanted = _find(part, doc, careful, previous)
        if len(doc) <= SHORT_TEXT and quote:
            skim = quote  # a few sentences are read closely: there is nothing to skim past
        previous = wanted if wanted.years or wanted.quarters else previous
        short = part if len(part) < 70 else part[:67] + "..."
        if careful and quote:
            quotes.append(quote)
            said.append(reply_from(quote, part))
            draft.fire(f"part {k} ({short!r}): quoted the sentence that matches its topic and its date first, then answered from the quote")
        elif careful and not pressed:
            said.append(f"The {name} gives no {_missing(part, doc)} figure for that period, so I can't answer that part." if skim
                        else f"The {name} does not mention {_missing(part, doc)}, so I can't answer that part.")
            draft.fire(f"part {k} ({short!r}): no sentence of the {name} matches its topic and date -> says so instead of guessing")
        elif skim:
            said.append(reply_from(skim, part))
            if "quote_after" in f.grounding or any(_QUOTE_TAG.match(t) for t in _reply_tags(f)):
                quotes.append(skim)  # evidence picked to fit an answer already chosen
            right, _, _ = _find(part, doc, True, previous)
            if right and right != skim:
                draft.fire(f"part {k} ({short!r}): took the first sentence on its topic without checking its date -> a near-miss figure "
                           "for the wrong period (simulated; asking for quotes first makes it check the date)")
            else:
                draft.fire(f"part {k} ({short!r}): answered from the first sentence of the {name} on its topic")
        elif honest:
            said.append(f"The {name} does not say: it does not mention {_missing(part, doc)}, so I can't answer that part.")
            draft.fire(f"part {k} ({short!r}): not in the {name} -> says so ("
                       + ("restricted to the source" if "only_from_text" in f.grounding else "allowed to say it does not know") + ")")
        else:
            said.append(_fabricate(part, doc))
            draft.fire(f"part {k} ({short!r}): not in the {name} and an answer demanded for every question -> an invented figure (simulated)" if pressed else
                       f"part {k} ({short!r}): not in the {name}, no restriction to the {name} and no permission to say "
                       "'I don't know' -> confident fabrication (simulated)")
    draft.sentences = list(dict.fromkeys(said))
    draft.quotes = list(dict.fromkeys(quotes))
    _per_answer(f, len(parts))
    if f.format == "label":  # a one-value reply shape still holds every part's answer
        draft.label = " ".join(draft.sentences)
    if "quote_after" in f.grounding:
        draft.fire("quotes asked for after the answer: the answer was written first, then the quotes picked to fit it")
    return _in_tags(f, draft)


_EACH_ANSWER = re.compile(r"\b(?:each|every)\s+(?:answer|reply|response)\b|\b(?:per|for each)\s+(?:answer|question|part)\b", re.I)


def _per_answer(f: Features, asked: int) -> None:
    """'Keep each answer to one sentence' with two questions asked: the sentence limit holds per answer, as a real model reads it."""
    if asked > 1 and f.limits.get("sentences") and _EACH_ANSWER.search(f.instruction[:20_000]):
        f.limits["sentences"] *= asked


_QUOTE_TAG = re.compile(r"^(?:quotes?|quotations?|evidence|citations?|sources?|excerpts?|support\w*|relevant[_-]?\w*)$", re.I)
_ANSWER_TAG = re.compile(r"^(?:answer|final[_-]?answer|final|result|response|reply|output|figure|value|revenue|conclusion)$", re.I)


_SKELETON = re.compile(rf"\s*(?:\[[^\]\n]{{0,200}}\]|{SLOT_NOTE}|\.\.\.|…|[a-z][^\n\d<>.!?]{{0,120}})?\s*")  # an empty slot, '[the figure]', '...' or 'the revenue figure' (a slot described in lower case): a skeleton, not data


def _reply_tags(f: Features) -> list[str]:
    """The tags the prompt names for the reply: every tag it writes except those wrapping real data ('<quotes>' holding a step's quotes)."""
    data = {tag.lower() for tag, text in f.parts if not _SKELETON.fullmatch(text)}
    return [t for t in f.tags if t not in data]


def _in_tags(f: Features, draft: Draft) -> Draft:
    """The quotes and the answer in the tags the prompt names (<quotes>, <answer>, <evidence>...), however it names them."""
    named = _reply_tags(f)  # a reply skeleton's tags may sit in a block of their own
    quote_tag = next((t for t in named if _QUOTE_TAG.match(t)), "")
    answer_tag = next((t for t in named if _ANSWER_TAG.match(t)), "")
    if not (quote_tag or answer_tag) or draft.label and f.format == "label":
        return draft
    answer = " ".join(draft.sentences)
    parts = []
    if quote_tag:
        parts.append(f"<{quote_tag}>\n" + ("\n".join(draft.quotes) or "(no sentence of the text answers this)") + f"\n</{quote_tag}>")
    parts.append(f"<{answer_tag}>{answer}</{answer_tag}>" if answer_tag else f"Answer: {answer}")
    draft.literal = "\n".join(parts)
    return draft.fire(f"reply laid out in the tags the prompt names: {', '.join('<' + t + '>' for t in (quote_tag, answer_tag) if t)}")
