"""Checks for lesson 09 (avoiding hallucinations): an out, a restriction to the source, quotes first,
and replies that admit what they do not know, take their figures from the source and quote it word for word.

The prompt checks read the prompt through `tutor.analysis` (the same reading the offline model uses);
the output checks read the reply with plain, linear-time patterns.
"""

from __future__ import annotations

import re

from checker.checks import Outcome, _analysis, _has_phrase, quote, register
from tutor.analysis import grounding
from tutor.analysis import instructions as _instructions  # noqa: F401

# ---------------------------------------------------------------- prompt checks


@register("prompt", (), ())
def gives_out(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The instructions let the model say it does not know ("if you're not sure, say so", "don't guess")."""
    if "say_unknown" in _analysis(fields, field).grounding:
        return True, "the prompt lets the model say it does not know"
    return False, (f"the {field} never tells the model that 'I don't know' is an acceptable answer: give it an out "
                   "(e.g. 'If you are not sure, say you don't know instead of guessing')")


@register("prompt", (), ())
def restricts_to_source(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The instructions restrict the answer to the given text ("use only the report", "based solely on the text")."""
    a = _analysis(fields, field)
    if "only_from_text" in a.grounding:
        return True, "the prompt restricts the model to the given text"
    return False, (f"the {field} does not restrict the model to the document: say the answer must come only from it "
                   "(e.g. 'Answer using only the report; if it is not there, say so')")


@register("prompt", (), ())
def restricts_to_quotes(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The instructions restrict the answer to the quotes handed over ("using only the quotes below", "from the evidence alone")."""
    if grounding.restricts_to_quotes(_analysis(fields, field).instruction) or grounding.restricts_to_quotes(fields.get(field, "")):  # the learner's words, slots unfilled
        return True, "the prompt restricts the answer to the quotes"
    return False, (f"the {field} lets the model answer from anywhere: say the answer must come only from the quotes "
                   "(e.g. 'Answer using only the quotes below')")


@register("prompt", (), ())
def asks_quotes_first(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The instructions ask for word-for-word quotes from the text before the answer."""
    a = _analysis(fields, field)
    if "quote_first" in a.grounding:
        return True, "the prompt asks for the supporting quotes before the answer"
    if "quote_after" in a.grounding:
        return False, ("the prompt asks for the quotes after the answer: by then the answer is written. "
                       "Ask for the quotes first, then the answer based on them")
    return False, (f"the {field} does not ask the model to quote its evidence before answering "
                   "(e.g. 'First copy the sentences that answer the question into <quotes> tags, then answer')")


# ---------------------------------------------------------------- output checks

NUMBER = re.compile(r"(?<![\w.,])[$€£]?\d[\d,]*(?:\.\d+)?(?:\s?%|\s?(?:million|billion|thousand|m|bn)\b)?(?![\w])", re.I)
LIST_MARK = re.compile(r"^[ \t]*\(?\d{1,2}[.)][ \t]", re.M)  # [ \t], not \s: a run of blank lines must not be rescanned from every line start


def _value(token: str) -> str:
    """A figure reduced to its digits and decimal point ('$41,200' -> '41200')."""
    return re.sub(r"[^\d.]", "", token).rstrip(".")


def figures(text: str) -> list[str]:
    """The figures in a text: numbers with their currency, percent or 'million', without list numbering."""
    body = LIST_MARK.sub(" ", text)
    found = []
    for m in NUMBER.finditer(body):
        token = m.group(0)
        plain = token.isdigit() and len(token) == 1
        if not plain:  # 'two questions', '1 of 2': a lone small digit is no claimed figure
            found.append(token.strip())
    return found


@register("output", ("text",), ())
def figures_from(output: str, text: str, case_sensitive: bool = False) -> Outcome:
    """Every figure in the reply (numbers, amounts, percentages) appears in the given source text."""
    known = {_value(f) for f in figures(text)}
    invented = [f for f in figures(output) if _value(f) not in known]
    if invented:
        return False, f"the reply gives {', '.join(quote(f, 20) for f in invented[:3])}, which the source does not contain: an invented figure"
    return True, "every figure in the reply comes from the source"


ADMITS = re.compile(
    r"\b(?:i|we)\s+(?:(?:really|honestly|simply|just)\s+)?(?:do not|don't|dont|cannot|can't|can not|am not able to|am unable to|have no (?:way to|reliable))\s*(?:\w+\s+){0,2}?"
    r"(?:know|say|tell|find|confirm|verify|answer|determine|provide|give|access)\b|"
    r"\bi(?:'m| am)\s+(?:not\s+(?:sure|certain|aware)|unsure|uncertain|unaware)\b|"
    r"\b(?:no|not\s+(?:any|enough))\s+(?:reliable\s+|verified\s+|specific\s+|available\s+)?(?:information|data|record|records|details|knowledge|figures?|mention|answer)\b|"
    r"\b(?:does|do|did)\s*(?:not|n't)\s+(?:\w+\s+){0,2}?(?:say|mention|give|state|include|contain|provide|specify|report|list|cover|show|disclose)\b|"
    r"\b(?:is|are|was|were)\s*(?:not|n't)\s+(?:\w+\s+){0,2}?(?:in|given|mentioned|stated|included|provided|listed|specified|reported|available|known|found)\b|"
    r"\b(?:unknown|not known|no idea|unanswerable|cannot be (?:answered|determined|found))\b|\bi don'?t know\b", re.I)


def admits(text: str) -> bool:
    """True when the text says plainly that it does not know, or that the source does not give the answer."""
    return bool(ADMITS.search(text.replace("’", "'")))


@register("output", (), ())
def admits_unknown(output: str, case_sensitive: bool = False) -> Outcome:
    """The reply says plainly that it does not know, or that the source does not give the answer."""
    if admits(output):
        return True, "the reply says what it does not know"
    return False, "the reply never says that the answer is unknown or not in the source: it answered anyway"


@register("output", ("expected",), ())
def answers_or_admits(output: str, expected: str, case_sensitive: bool = False) -> Outcome:
    """With an expected answer, the reply gives it; with none (empty), it admits it does not know and invents no figure."""
    if expected.strip():
        if _has_phrase(output, expected, case_sensitive):
            return True, f"the reply answers {quote(expected, 30)}"
        if admits(output):
            return False, f"the reply says it does not know {quote(expected, 30)}, which it does know: keep the out conditional"
        return False, f"expected the reply to answer {quote(expected, 30)}"
    if not admits(output):
        return False, f"the question has no known answer, but the reply answers it anyway: {quote(output, 60)}"
    made_up = [f for f in figures(output) if not re.fullmatch(r"(?:19|20)\d\d", f)]
    if made_up:
        return False, f"the reply admits it is unsure but still offers a figure ({quote(made_up[0], 20)})"
    return True, "the reply admits it does not know"


QUOTE_SPAN = re.compile(r"\"([^\"\n]{8,600})\"|“([^”\n]{8,600})”")


def _pieces(quoted: str) -> list[str]:
    """The passages a quotes block holds: its quoted spans, or its lines without bullets and quote marks."""
    spans = [a or b for a, b in QUOTE_SPAN.findall(quoted)]
    if not spans:
        spans = [re.sub(r"^\s*(?:[-*•>]|\d{1,2}[.)])\s*", "", line) for line in quoted.splitlines()]
    out = []
    for span in spans:
        for part in re.split(r"\.\.\.|…|\[\.\.\.\]", span):
            part = part.strip().strip("\"'“”‘’").strip()
            if len(re.findall(r"\w+", part)) >= 3:
                out.append(part)
    return out


def _flat(text: str) -> str:
    """Text folded for a verbatim comparison: straight quotes, one space, case folded, end punctuation dropped."""
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
    return " ".join(text.translate(table).split()).casefold().rstrip(".;:,")


@register("output", ("text",), ())
def quotes_verbatim(output: str, text: str, case_sensitive: bool = False) -> Outcome:
    """The reply (or its `tag`) quotes at least one passage, and every passage is copied word for word from the text."""
    source = _flat(text)
    pieces = _pieces(output)
    if not pieces:
        return False, "the reply quotes nothing from the source"
    altered = [p for p in pieces if _flat(p) not in source]
    if altered:
        return False, f"this quote is not word for word from the source: {quote(altered[0], 60)}"
    return True, f"{len(pieces)} quote{'s' if len(pieces) > 1 else ''}, copied word for word"
