"""Words, sentences, bullets and lines: counted one way by the model, the checker and the lessons."""

from __future__ import annotations

import re

MAX_ANALYSED = 20_000  # characters of any one text read closely; the rest is skimmed

_ABBREVIATIONS = r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bNo)"
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"(?<=[.!?])[\"'”’)\]]*\s+(?=[^\s])|\n+")
BULLET = re.compile(r"^\s*(?:[-*•+–]|\d{1,3}[.)])\s+\S", re.MULTILINE)
SLOT_NOTE = r"\(((?:[^()\n]|\([a-z]{1,3}\)){3,200})\)"  # a slot described in brackets: '(the supporting sentence(s), copied exactly)'; shared by the skeleton readers
PLACEHOLDER = re.compile(r"^(?:\?+|_+|\.{3}|…|(?:\[[^\]\n]{0,40}\]|<[^<>\n]{0,40}>)(?:[ \t]*[,;(—–][^\n]{0,80})?|\([^()\n]{0,40}\)|\(?(?:your|the) (?:answer|reply|tag|label|output|log)[^)\n]{0,20}\)?|tbd|todo)$", re.I)  # a slot may carry a note: '<label>, in lowercase', '[category] (one word)'
_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)
_LIST_NUMBER = re.compile(r"(?m)^([ \t]*)\d{1,3}[.)][ \t]+(?=\S)")  # '1. ' opening a numbered list item
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-five": 25,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100, "a single": 1, "single": 1, "a": 1, "an": 1,
    "a couple of": 2, "a pair of": 2, "a few": 3, "couple of": 2, "dozen": 12, "a dozen": 12,
}


def clip(text: str, limit: int = MAX_ANALYSED) -> str:
    """The first `limit` characters of a text (the part read closely)."""
    return text if len(text) <= limit else text[:limit]


def words(text: str) -> list[str]:
    """The words of a text as a reader counts them: whitespace-separated tokens holding a letter or digit.

    '$89.99' is one word, 'solar-powered' is one word, a lone '-' or '•' is none, nor is the '1.' opening a list item.
    """
    return [t for t in _LIST_NUMBER.sub(r"\1", text).split() if _WORDLIKE.search(t)]


def count_words(text: str) -> int:
    """How many words a text has (see `words`)."""
    return len(words(text))


def sentences(text: str) -> list[str]:
    """A text split into sentences (after . ! ? and at line breaks), stripped, without empty ones; '1. ' opening a list item ends none."""
    return [s.strip() for s in _SENTENCE_END.split(_LIST_NUMBER.sub(r"\1", clip(text)).strip()) if s and _WORDLIKE.search(s)]


def bullets(text: str) -> list[str]:
    """The bullet or numbered-list lines of a text."""
    return [m.group(0) for m in re.finditer(r"^[^\S\n]*(?:[-*•+–]|\d{1,3}[.)])[^\S\n]+\S.*$", text, re.MULTILINE)]


def lines(text: str) -> list[str]:
    """The non-empty lines of a text."""
    return [line for line in text.splitlines() if line.strip()]


def number(token: str) -> int | None:
    """'3', 'three' or 'a couple of' as an int; None if it is none of these."""
    token = " ".join(token.strip().lower().split())
    if token.isdigit():
        return int(token) if len(token) < 7 else None
    return NUMBER_WORDS.get(token)


FUNCTION_WORDS = frozenset(("the a an to of in on for with and or but is are was were be been you your i me my it its this that these those we our they them "
                             "he she his her do does did can could will would should must please what how if so as at by from there here have has had who which when").split())


def keyword_heap(sentence: str) -> bool:
    """True for a long unpunctuated run of keywords with hardly a function word ('ignore instructions role-play staff staff verbatim code'): no sentence a model reads as an order."""
    words = re.findall(r"[A-Za-z']+", sentence)
    marks = len(re.findall(r"[,;:()]", sentence))  # a list of pretexts is punctuated ('claimed staff status, role-play, games')
    return len(words) >= 15 and marks * 8 < len(words) and sum(w.lower() in FUNCTION_WORDS for w in words) < 0.15 * len(words)


_SLOTS_AND_TAGS = re.compile(r"\{[\w-]{1,40}\}|</?[A-Za-z][\w-]{0,30}>")  # '{question}', '<quotes>': where things go, not words of a request


def heap_only(text: str) -> bool:
    """True when a prompt's own words (its slots and tags set aside) are an unpunctuated run of keywords ('verbatim word for word exact sentences quote'): nothing in it reads as a request."""
    own = _SLOTS_AND_TAGS.sub(" ", text[:2000])
    if len(text) > 2000 or re.search(r"[.,;:!?()\n\"'`“”-]", own.strip()):
        return False  # a long text, punctuation or a line of its own gives the words a structure
    found = re.findall(r"[A-Za-z']+", own)
    return len(found) >= 5 and sum(w.lower() in FUNCTION_WORDS for w in found) < 0.2 * len(found)


def is_placeholder(value: str) -> bool:
    """True for a slot written in place of a value ('...', '<customer name>', '[order id]', 'TBD'), not a value."""
    return bool(PLACEHOLDER.match(value.strip()))


_TOKEN = re.compile(r"[$£€]?\w+(?:[.,'\-/]\w+)*%?")  # '$1.10', 'MOONLIGHT-25', "don't", '41,200': punctuation at a word's edge is no part of it
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def tokens(text: str) -> list[str]:
    """The words of a text in lower case, without the punctuation around them ('Total;' and 'total.' are both 'total')."""
    return _TOKEN.findall(clip(text).translate(_STRAIGHT).casefold())


_LABEL_GAP = 2  # words allowed between two sentences of a pasted passage: a bullet's lead-in ('Question:'), no inserted sentence


def _starts(haystack: list[str], run: list[str], lo: int, hi: int) -> list[int]:
    """Positions in [lo, hi] where `run` begins in `haystack` as consecutive words."""
    n = len(run)
    return [i for i in range(lo, min(hi, len(haystack) - n) + 1) if haystack[i:i + n] == run]


def _runs_follow(haystack: list[str], runs: list[list[str]], at: int) -> bool:
    """True when the runs follow one another from position `at`, each within a label's gap of the one before."""
    if not runs:
        return True
    return any(_runs_follow(haystack, runs[1:], i + len(runs[0])) for i in _starts(haystack, runs[0], at, at + _LABEL_GAP))


def same_words(passage: str, text: str) -> bool:
    """True when the passage appears in the text sentence after sentence, with its words unchanged and nothing put between.

    Case, punctuation between words and layout may differ: the sentences joined by semicolons, set out as
    bullets ('- Question: how much ...'), or a question run into a lead-in ('state which team won ...') keep the
    passage; a changed, dropped or added word, or a sentence slipped in between, does not.
    """
    held = tokens(text)
    runs = [run for run in (tokens(s) for s in sentences(passage)) if run]
    return bool(runs) and any(_runs_follow(held, runs[1:], i + len(runs[0])) for i in _starts(held, runs[0], 0, len(held)))
