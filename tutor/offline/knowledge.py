"""What the offline model knows: the bundled data set (tutor/data), loaded once and matched against prompts."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tutor import data


def _data(name: str) -> Any:
    """A data file, shared and read-only (not copied: the model only reads it)."""
    return data._raw(name)


_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    """Lower case with runs of whitespace collapsed, for matching."""
    return _SPACES.sub(" ", text.lower()).strip()


@lru_cache(maxsize=1024)
def _bundled_norm(text: str) -> str:
    """`_norm` of a bundled record's text: the bundled texts are few and fixed, so each is normalised once."""
    return _norm(text)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Common words that carry no topic."""
    return frozenset(_data("lexicon")["stopwords"])


@lru_cache(maxsize=1)
def lexicon_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The positive and negative sentiment words."""
    lex = _data("lexicon")
    return frozenset(lex["positive"]), frozenset(lex["negative"])


def word_table(name: str) -> dict[str, str]:
    """A word-replacement table from the lexicon: 'simple_words', 'formal_words' or 'casual_words'."""
    return _data("lexicon")[name]


def generic(name: str) -> Any:
    """Generic answer material (templates, synonyms) by name."""
    return _data("generic")[name]


def personas() -> dict[str, dict]:
    """Known voices (pirate, kindergarten teacher, ...) with their triggers and word swaps."""
    return _data("personas")


def topics() -> dict[str, list[str]]:
    """Topic names with the words that signal them (used for scope limits)."""
    return _data("topics")


def phrasebook() -> dict[str, Any]:
    """The small translation phrase book."""
    return _data("phrases")


def _all_match(keys: list[str], text: str) -> bool:
    """True when every key phrase occurs in the (normalised) text."""
    return all(k in text for k in keys)


def find_problem(text: str) -> dict | None:
    """The word problem or trick question a prompt asks, if it is one the model knows."""
    norm = _norm(text)
    return next((p for p in _data("problems") if _all_match(p["match"], norm)), None)


def find_unknown(text: str) -> dict | None:
    """A question from the 'no facts' list, if the prompt asks one."""
    norm = _norm(text)
    return next((q for q in _data("unknown_questions") if any(k in norm for k in q["match"])), None)


def find_fact_entry(text: str) -> dict | None:
    """The fact record (its answer, and a version for young readers when there is one) the prompt asks about."""
    norm = _norm(text)
    return next((f for f in _data("facts") if _all_match(f["match"], norm)), None)


def find_fact(text: str) -> str | None:
    """A general fact that answers the prompt, if the model knows one."""
    entry = find_fact_entry(text)
    return entry["answer"] if entry else None


def _contains_record(text: str, records: list[dict], field: str = "text", probe: int = 60) -> dict | None:
    """The record whose text (its first `probe` characters) appears in the given text."""
    norm = _norm(text)
    return next((r for r in records if _bundled_norm(r[field])[:probe] in norm), None)


def find_review(text: str) -> dict | None:
    """A bundled review quoted in the text."""
    return _contains_record(text, _data("reviews"))


def find_ticket(text: str) -> dict | None:
    """A bundled support ticket quoted in the text."""
    return _contains_record(text, _data("tickets"))


def find_injected(text: str) -> dict | None:
    """A bundled text with an injected instruction, quoted in the text."""
    return _contains_record(text, _data("injected_texts"), probe=50)


def find_document(text: str) -> dict | None:
    """A bundled article, email or the transcript quoted in (or named by) the text, with a 'kind' key."""
    for kind in ("articles", "emails"):
        found = _contains_record(text, _data(kind))
        if found:
            return {**found, "kind": kind[:-1]}
    transcript = _data("transcript")
    norm = _norm(text)
    if any(_bundled_norm(line["text"])[:40] in norm for line in transcript["lines"][1:4]):
        return {**transcript, "kind": "transcript"}
    return None


def transcript() -> dict:
    """The bundled meeting transcript."""
    return _data("transcript")


def catalogue() -> dict:
    """The bundled product catalogue."""
    return _data("catalogue")


def mentions_catalogue(text: str) -> bool:
    """True when the text is (or quotes) the product catalogue."""
    norm = _norm(text)
    return "catalogue" in norm or "catalog" in norm or _bundled_norm(catalogue()["text"])[:50] in norm


def find_products(text: str) -> list[dict]:
    """Catalogue products named in the text (by the first word of their name)."""
    low = text.lower()
    return [p for p in catalogue()["products"] if p["name"].split()[0].lower() in low]
