"""Pull fields and entities out of text: emails, dates, money, names, and the sentence that mentions a key."""

from __future__ import annotations

import re
from typing import Any

from tutor.offline import knowledge
from tutor.offline.text import keywords, sentences, sentiment

PATTERNS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "date": re.compile(r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?\d{1,2}\s+(?:January|February|March|April|May|June|July|August|"
                       r"September|October|November|December)(?:\s+\d{4})?\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"),
    "money": re.compile(r"[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,.]*\s?(?:dollars|euros|pounds)\b"),
    "phone": re.compile(r"\+?\d[\d ()-]{7,}\d"),
    "time": re.compile(r"\b\d{1,2}:\d{2}\b"),
    "name": re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b|\b(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z][a-z]+"),
    "address": re.compile(r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Way|Square|Place|Drive|Boulevard)\b"),
    "number": re.compile(r"\b\d[\d,.]*\b"),
}
KEY_KINDS = {
    "email": "email", "e-mail": "email", "mail": "email", "date": "date", "due": "date", "deadline": "date", "when": "date",
    "day": "date", "price": "money", "cost": "money", "amount": "money", "total": "money", "phone": "phone", "time": "time",
    "name": "name", "person": "name", "people": "name", "owner": "name", "author": "name", "who": "name", "count": "number",
    "address": "address", "street": "address", "location": "address", "order": "order",
}
ORDER = re.compile(r"\b(?:order|booking|reference|ref|ticket|invoice)\b(?:\s+(?:number|no\.?|id|#))?\s*[:#]?\s*#?([A-Z]{0,4}-?\d[\d-]{2,})", re.I)
CLAUSE = re.compile(r",?\s+(?:but|and|so|however|yet)\s+|[,;:]\s+")  # where a clause starts
PROBLEM_KEYS = ("problem", "issue", "complaint", "fault", "defect")
TROUBLE = re.compile(r"\b(?:broken|broke|cracked|damaged|missing|leaks?|leaking|faulty|wrong|late|never|not|cannot|can't|won't|doesn't|"
                     r"didn't|stopped|failed|fails|torn|dented|defective|scratched|refund|without|chipped|bent|stuck|lost)\b", re.I)


def kind_of(key: str) -> str | None:
    """The entity kind a key asks for ('due_date' -> 'date')."""
    low = key.lower()
    return next((kind for word, kind in KEY_KINDS.items() if word in low), None)


def find_all(kind: str, text: str) -> list[str]:
    """Every entity of a kind in the text, first-seen order, without repeats."""
    return list(dict.fromkeys(m.group(0).strip() for m in PATTERNS[kind].finditer(text)))


def field_value(key: str, text: str) -> Any:
    """The best value for a requested key from free text (None when nothing fits)."""
    low = key.lower()
    if low in ("sentiment", "tone", "mood"):
        return sentiment(text)
    if low in ("keywords", "topics", "tags"):
        return keywords(text, 5)
    if low in ("summary", "gist", "tldr"):
        found = sentences(text)
        return found[0] if found else None
    if any(word in low for word in PROBLEM_KEYS):
        return problem_of(text)
    kind = kind_of(low)
    if kind == "order":
        found = ORDER.search(text)
        return found.group(1) if found else None
    if kind:
        found = find_all(kind, text)
        return found[0] if found else None
    mentions = [s for s in sentences(text) if low.replace("_", " ") in s.lower()]
    return mentions[0] if mentions else None


def problem_of(text: str) -> str | None:
    """What went wrong, in the writer's words: the clause after 'but' in the sentence with the most trouble words."""
    scored = [(len(TROUBLE.findall(s)), -i, s) for i, s in enumerate(sentences(text))]
    best = max(scored, default=(0, 0, ""))
    if best[0] == 0:
        return None
    sentence = best[2]
    first = TROUBLE.search(sentence).start()
    cuts = [m.end() for m in CLAUSE.finditer(sentence, 0, first)]
    return sentence[cuts[-1] if cuts else 0:].rstrip(" .!")


def record_from_text(keys: list[str], text: str) -> dict[str, Any]:
    """One record with each requested key filled from the text (null when the text does not say)."""
    return {k: field_value(k, text) for k in keys}


def more_fields(record: dict[str, Any], text: str) -> dict[str, Any]:
    """Fields a model adds when the keys were only examples: the text's other dates, and its sentences no field covers yet."""
    given = [str(v) for v in record.values() if v]
    dates = [d for d in find_all("date", text) if not any(d in v or v in d for v in given)]
    notes = [s for s in sentences(text) if not any(v in s for v in given) and len(s.split()) > 3]
    return {k: v for k, v in (("other_dates", dates), ("notes", notes)) if v and k not in record}


def entities(text: str) -> dict[str, list[str]]:
    """Names, dates, money amounts and emails found in a text (kinds with no hits left out)."""
    found = {kind: find_all(kind, text) for kind in ("name", "date", "money", "email")}
    return {k: v[:8] for k, v in found.items() if v}


def pick(record: dict[str, Any], keys: list[str], more: bool = False) -> dict[str, Any]:
    """A record cut down (or filled with nulls) to the requested keys, matching names loosely; with `more`, its other fields follow."""
    if not keys:
        return dict(record)
    out, used = {}, set()
    for key in keys:
        norm = key.lower().replace(" ", "_")
        match = next((k for k in record if k.lower() == norm), None)
        match = match or next((k for k in record if norm in k.lower() or k.lower() in norm), None)
        out[key] = record.get(match) if match else None
        used.add(match)
    if more:
        out.update((k, v) for k, v in record.items() if k not in used)
    return out


def catalogue_records(keys: list[str], more: bool = False, text: str = "") -> list[dict[str, Any]]:
    """The catalogue's products the text names (all of them without a text), cut to the requested keys (then their other fields, when more were invited)."""
    products = knowledge.find_products(text) if text else knowledge.catalogue()["products"]
    return [pick(p, keys, more) for p in products]


def as_written(record: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """The record with these money keys kept the way the text writes them ('$89.99'), as a small model does."""
    return {k: f"${v:,.2f}" if k in keys and isinstance(v, (int, float)) and not isinstance(v, bool) else v
            for k, v in record.items()}

