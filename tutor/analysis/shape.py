"""The output shape an instruction asks for: a bare label, JSON with keys, a table with columns, a list, CSV, XML."""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.I
FORMATS = [  # (shape, pattern) in order of specificity; searched in the instruction only
    ("json", re.compile(r"\bjson\b|\bjson object\b|\bjson array\b", _I)),
    ("table", re.compile(r"\b(?:markdown |md )?table\b|\btabular\b|\|\s*\w[\w ]*\s*\|\s*\w", _I)),
    ("csv", re.compile(r"\bcsv\b|\bcomma[- ]separated values\b", _I)),
    ("xml", re.compile(r"\bxml\b|\b(?:wrap|put|place|enclose|inside|within|between|in)\b[^.\n]{0,40}<\w+>\s*(?:</\w+>\s*)?(?:tags?)?\s*(?:and|\.|,|$)", _I)),
    ("numbered", re.compile(r"\bnumbered (?:list|points|steps|items)\b|\bnumber(?:ed)? (?:them|each)\b|\bordered list\b", _I)),
    ("bullets", re.compile(r"\bbullet|\bbulleted\b|\bdash(?:es)? list\b|\blist of (?:points|items)\b|\bas a list\b|"
                           r"\b(?:points|takeaways|highlights)\b(?!\s+(?:of view|out))|\bin a list\b|\bbullet list\b|\blist\b\s+(?:them|it)\b", _I)),
]
_BARE = re.compile(
    r"\b(?:one|single|1|a single)[- ]word\b|\bone word\b|"
    r"\b(?:only|just|solely|exclusively|merely)\b[^.?!\n]{0,40}\b(?:label|category|class|word|answer|name|city|number|value|rating|"
    r"level|result|sentiment|urgency|priority|verdict|classification|tag|one of)\b|"
    r"\b(?:label|category|class|word|answer|name|city|number|value|rating|level|sentiment|urgency|priority|verdict|"
    r"classification|tag)s?\b[^.?!\n]{0,15}\b(?:only|alone|and nothing else|by itself|on its own)\b|"
    r"\bnothing (?:else|more|but)\b|\bno (?:other|extra|additional|further|surrounding) (?:text|words|words?|commentary|explanation|"
    r"punctuation|sentences?|output|content|prose)\b|\b(?:no|without (?:any|an)?)\s*(?:explanation|preamble|commentary|reasoning|"
    r"elaboration|justification)s?\b|\bbare (?:label|word|answer|name)\b|\b(?:do not|don't|never) (?:explain|elaborate|add (?:anything|any))\b|"
    r"\b(?:respond|reply|answer|output|return)\s+(?:with\s+)?(?:only|just|solely)\b|\bonly (?:output|return|reply|respond|answer|print|write|say)\b|"
    r"\bexactly one of\b|\bwith one of\b|\bone of (?:these|the following|the labels|the words|the categories)\b", _I)
KEY_WORDS = r"(?:keys?|fields?|properties|property names|attributes|columns?|headers?|headings|column (?:names|headers|headings))"
_KEYS = re.compile(rf"\b{KEY_WORDS}\b(?P<rest>[^\n]*(?:\n\s*(?:[-*•]|\d+[.)])\s+[^\n]+)*)", _I)
_SCHEMA_KEY = re.compile(r"[\"'`](\w[\w ]{0,30}?)[\"'`]\s*:")
_HEADER_ROW = re.compile(r"(?m)^\s*\|(\s*[^|\n]+\s*\|){2,}\s*$")
_FILLER = re.compile(
    r"^\s*(?:(?:and|with|exactly|only|just|these|those|the following|following|following ones|named|called|titled|headed|labelled|"
    r"labeled|in (?:this|that|the following|exactly this) order|in order|as follows|of|like|such as|:|,|-|–|—|=|"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten))\s*)+", _I)
_STOP = re.compile(r"(?::\s+(?=[A-Z\"'])|\.\s|\.$|;|\bone (?:row|object|item|entry|line|record) (?:per|for)\b|\bfor each\b|\bper (?:product|item|row)\b|"
                   r"\b(?:where|which|so that|then|that|use|do not|don't|no other|nothing else|make sure|sorted|ordered by|with (?:no|one))\b|\n\s*\n)", _I)
_TYPE_WORDS = {"string", "text", "number", "numeric", "integer", "int", "float", "boolean", "bool", "true", "false",
               "array", "list", "object", "null", "str", "yes", "no"}


@dataclass(frozen=True)
class Shape:
    """The reply's shape: kind ('label', 'json', 'table', 'csv', 'bullets', 'numbered', 'xml' or None) and its parts."""

    kind: str | None = None
    keys: tuple[str, ...] = ()  # JSON keys, table/CSV columns or XML tag names
    labels: tuple[str, ...] = ()  # the label set offered ('positive, negative or mixed')
    bare: bool = False  # 'only the label', 'nothing else': no words around the answer
    wants_list: bool = False  # a JSON array was asked for


def _clean_item(item: str) -> str:
    """'"price" (number, no $)' -> 'price'; '`in_stock`: true/false' -> 'in_stock'."""
    item = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", item)
    item = re.split(r"\s[-–—=]\s|:\s|\s+as\s+(?:a|an)\b|\s+\((?!\w)|\s+(?:which|that|holding|containing|giving|with)\b", item)[0]
    item = item.strip(" '\"`*_.{}<>|").strip()
    item = re.sub(r"\s+(?:only|alone|please|nothing else)$", "", item, flags=re.I)
    words = item.split()
    while words and words[-1].lower().strip(",") in _TYPE_WORDS and len(words) > 1:
        words.pop()
    return " ".join(words)


def split_list(text: str) -> list[str]:
    """'a, b and c' / 'a | b | c' / bullet lines -> ['a', 'b', 'c'] (quotes, types and notes removed)."""
    text = re.sub(r"\([^)]*\)", " ", text)
    parts = re.split(r"\s*(?:,|/|;|\|\s*|\band\b|\bor\b|\n\s*(?:[-*•]|\d+[.)])?\s*)\s*", text)
    cleaned = [_clean_item(p) for p in parts]
    return [p for p in cleaned if p and len(p) <= 30 and len(p.split()) <= 3 and p.lower() not in _TYPE_WORDS]


def find_keys(instruction: str, kind: str | None) -> tuple[str, ...]:
    """JSON keys, table columns or XML tags the instruction names, in its order."""
    if kind == "xml":
        return tuple(dict.fromkeys(t.lower() for t in re.findall(r"<(\w{1,30})>", instruction)))
    if kind not in ("json", "table", "csv"):
        return ()
    if kind == "table" and (row := _HEADER_ROW.search(instruction)):
        return tuple(c.strip() for c in row.group(0).strip().strip("|").split("|") if c.strip())
    schema = _SCHEMA_KEY.findall(instruction)
    if len(schema) >= 2:
        return tuple(dict.fromkeys(k.strip() for k in schema))
    for m in _KEYS.finditer(instruction):
        rest = re.sub(r"\([^()]*\)", " ", m.group("rest").replace("e.g.", "eg").replace("i.e.", "ie"))
        bulleted = re.findall(r"(?m)^\s*(?:[-*•]|\d+[.)])\s+[`'\"]?([A-Za-z_][\w ]{0,30}?)[`'\"]?\s*(?::|\(|-|–|—|=|$)", rest)
        if len(bulleted) >= 2:
            return tuple(dict.fromkeys(b.strip() for b in bulleted))[:12]
        rest = _FILLER.sub("", rest)
        stop = _STOP.search(rest)
        found = [k for k in split_list(rest[:stop.start()] if stop else rest) if _key_like(k, kind)]
        if found:
            return tuple(dict.fromkeys(found))[:12]
    return _keys_after_with(instruction)


_KEY_STOP = re.compile(r"\b(?:is|are|the|a|an|of|to|be|must|should|has|have|each|every|one|per|only|no|not|that|which|it|its|for|in|on)\b", re.I)


def _key_like(item: str, kind: str | None) -> bool:
    """True when an item reads as a key or column name ('in_stock', 'In stock'), not a phrase ('in_stock is the')."""
    words = item.split()
    return len(words) == 1 or (len(words) <= 3 and not any(_KEY_STOP.fullmatch(w) for w in words[1:]))


def _keys_after_with(instruction: str) -> tuple[str, ...]:
    """'objects with name, price and in_stock': keys listed after 'with' / 'containing'."""
    m = re.search(r"\b(?:with|containing|holding|having|giving)\s+(?:the\s+)?((?:[`'\"]?\w+[`'\"]?\s*(?:\([^)]*\))?\s*,\s*)+(?:and\s+)?[`'\"]?\w+[`'\"]?)", instruction, _I)
    return tuple(split_list(m.group(1))) if m else ()


_NOT_LABEL = re.compile(r"^(?:no|not|never|only|just|and|or)\b|\b(?:keys?|fields?|columns?|words?|sentences?|punctuation|explanation|text|answer|reply|"
                        r"output|label|labels|lowercase|uppercase|quotes|bullets?|instructions?|it|them|the|an?|any|this|that|these|those|above|below|here)\b", re.I)


def find_labels(instruction: str) -> tuple[str, ...]:
    """The label set offered: 'as positive, negative or mixed', 'one of: low / medium / high'."""
    pattern = re.compile(
        r"(?:\b(?:as|into|one of|either|labels?|categories|category|options|choices|values|among|between|answer|reply|respond|say|output|return|is it|with)\b\s*:?\s*|[(:]\s*|^\s*)"
        r"((?:[\"'`*]?[A-Za-z][\w-]*(?: [\w-]+)?[\"'`*]?\s*(?:,|/|\||\bor\b|\band\b)\s*(?:or\s+|and\s+)?){1,8}[\"'`*]?[A-Za-z][\w-]*(?: [\w-]+)?[\"'`*]?)", _I)
    choices = re.compile(r"\b((?:[\w-]+\s*,\s*){1,7}[\w-]+,?\s+or\s+[\w-]+)\s*\?")  # 'Is it positive, negative or mixed?' offers a choice
    for m in [*pattern.finditer(instruction), *choices.finditer(instruction)]:
        found = split_list(m.group(1))
        if 2 <= len(found) <= 8 and not any(w.lower() in ("json", "csv", "table", "markdown") or _NOT_LABEL.search(w) for w in found) \
                and all(len(w.split()) <= 2 for w in found):
            return tuple(found)
    return ()


def find_shape(instruction: str, prefill: str = "") -> Shape:
    """The shape the instruction (or a prefill such as '{') asks for."""
    kind = next((name for name, pattern in FORMATS if pattern.search(instruction)), None)
    start = prefill.lstrip()[:1]
    if start in ("{", "["):
        kind = "json"
    elif re.match(r"\s*<\w+>", prefill):
        kind = "xml"
    labels = find_labels(instruction)
    bare = bool(_BARE.search(instruction)) or bool(labels) and bool(re.search(
        r"\b(?:only|nothing else|alone|single|just)\b|\b(?:answer|reply|respond|say|output|return)\s+(?:with\s+)?(?:either\s+)?[\"'`]?\w+[\"'`]?\s*(?:,|or|/)", instruction, _I))
    if kind is None and bare and (labels or re.search(r"\b(?:one|single|1)[- ]word\b|\b(?:label|category|class|city|name|number|value|rating|level|verdict)\b", instruction, _I)):
        kind = "label"
    keys = find_keys(instruction, kind)
    wants_list = kind == "json" and bool(re.search(r"\b(?:array|list)\b", instruction, _I)) or start == "["
    return Shape(kind, keys, labels, bare, wants_list)
