"""The output shape an instruction asks for: a bare label, JSON with keys, a table with columns, a list, CSV, XML."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.analysis.cues import DEFINITION_LINE, QUESTION_NUMBER, VERBS, inline_terms

_I = re.I
FORMATS = [  # (shape, pattern) in order of specificity; searched in the instruction only
    ("json", re.compile(r"\bjson\b|\bjson object\b|\bjson array\b", _I)),
    ("table", re.compile(r"\b(?:markdown |md )?table\b|\btabular\b|\btabulate[sd]?\b|\brows? and columns\b|^[ \t]*\|\s*\w[\w ]*\s*\|\s*\w", _I | re.M)),  # a sketched row starts its line; 'low | medium | high' offers labels
    ("csv", re.compile(r"\bcsv\b|\bcomma[- ]separated values\b", _I)),
    ("xml", re.compile(r"\bxml\b|\b(?:wrap|put|place|enclose|inside|within|between|in)\b[^.\n]{0,40}<\w+>\s*(?:</\w+>\s*)?(?:tags?)?\s*(?:and|\.|,|$)|"
                       r"\b(?:format|output|reply|answer|response|layout|structure)\b[*_ \t]{0,3}:[*_ \t]{0,3}<(?P<opened>\w+)>[^\n]{0,300}?</(?P=opened)>|"  # 'Output format: <problems> ... </problems>' ('Output format: <city>' is a placeholder)
                       r"<(?P<tag>\w+)>[ \t]*(?:followed[ \t]+by|then|containing|holding|listing)\b[^<\n]{0,300}</(?P=tag)>", _I)),  # '<problems> followed by one line per fact, then </problems>'
    ("numbered", re.compile(r"\bnumbered (?:list|points|steps|items)\b|\bnumber(?:ed)? (?:them|each)\b|\bordered list\b", _I)),
    ("bullets", re.compile(r"\bbullet|\bbulleted\b|\bdash(?:es)? list\b|\blist of (?:points|items)\b|\bas a list\b|"
                           r"\b(?:(?:start|begin|open|lead)\w*|prefixed)\s+(?:with|by)\s+(?:an?\s+)?(?:[\"'`“][-*•+][ \t]?[\"'`”]|(?:dash|hyphen|asterisk)\b)|"  # 'lines, each starting with "* "'

                           r"\bin a list\b|\bbullet list\b|\blist\b\s+(?:them|it)\b", _I)),
    # 'the three key points', 'five takeaways' with no list style named: small chat models answer with a numbered list
    ("numbered", re.compile(r"\b(?:points|takeaways|highlights)\b(?!\s+(?:of view|out))", _I)),
]
_BARE = re.compile(
    r"\b(?:one|single|1|a single)[- ](?:word|token|term)\b|\bone word\b|\b(?:one|single)\s+(?:lower-?case|upper-?case|capitali[sz]ed|english|plain)\s+(?:word|token|term)\b|"
    r"\bany (?:other|extra|additional|further|surrounding) (?:text|words?|output|content|characters?)\b[^.?!\n]{0,30}\b(?:breaks?|fails?|crash\w*|not allowed|forbidden|invalid|rejected|errors?)\b|"
    r"\b(?:only|just|solely|exclusively|merely)\b[^.?!\n]{0,40}\b(?:label|category|class|word|answer|name|city|number|value|rating|"
    r"level|result|sentiment|urgency|priority|verdict|classification|tag|one of)\b|"
    r"\b(?:label|category|class|word|answer|name|city|number|value|rating|level|sentiment|urgency|priority|verdict|"
    r"classification|tag)s?\b[^.?!\n]{0,15}\b(?:only|alone|and nothing else|by itself|on its own)\b|"
    r"\bnothing (?:else|more|but|except|besides|apart from|other than|beyond)\b|\bnothing (?:before|after)(?: or (?:before|after))? (?:it|that|the (?:line|label|answer))\b|\bno (?:other|extra|additional|further|surrounding) (?:text|words|words?|commentary|explanation|"
    r"punctuation|sentences?|output|content|prose)\b|\b(?:no|without (?:any|an)?)\s*(?:explanation|preamble|commentary|reasoning|"
    r"elaboration|justification)s?\b|\bbare (?:label|word|answer|name|tag|category|class|value|verdict)\b|\b(?:do not|don't|never) (?:explain|elaborate|add (?:anything|any))\b|"
    r"\b(?:respond|reply|answer|output|return)\s+(?:with\s+)?(?:only|just|solely)\b|\bonly (?:output|return|reply|respond|answer|print|write|say)\b|"
    r"\b(?:format|template|reply|answer|output|response)\s*:\s*(?:<[^<>\n]{1,30}>|\[[^\[\]\n]{1,30}\])(?![^\n])|"  # 'Output format: <city>': nothing but the slot
    r"\b(?:the|your)\s+(?:response|reply|output|answer)\s+(?:by itself|alone|on its own)\b|"
    r"\bexactly one of\b|\b(?:exactly|only|just)\s+(?:one|a single|1)\s+(?:[\w-]+\s+)?(?:label|category|class|word|token|term|tag|verdict)\b|\bwith one of\b|\bone of (?:these|the following|the labels|the words|the categories)\b|"
    r"\b(?:entire|whole|full|complete) (?:answer|reply|response|output)\b[^.?!\n]{0,25}\b(?:label|word|category|sentiment|verdict|tag|class)\b|"
    r"\b(?:as|be|is|make it|makes? up|forms?)\s+(?:your|the)\s+(?:entire|whole|full|complete|sole)\s+(?:answer|reply|response|output)\b|"  # '... the label as your entire reply', 'let it be the whole output'
    r"\b(?:entire|whole|full|complete) (?:answer|reply|response|output)\s+(?:must|should|will|has to|is to)\s+be\s+(?:exactly\s+)?(?:one of|one word|a single|just|only)\b|"
    r"\bno other (?:characters?|symbols?|tokens?)\b|\b(?:reply|respond|answer|return|output)\s+with\s+(?:one|a single|1)\s+(?:[\w-]+\s+)?(?:label|word|category|verdict|level)\b|"
    r"\b(?:do not|don't|never) add (?:a|any) (?:sentence|reason|explanation|comment)s?\b", _I)
KEY_WORDS = (r"(?:keys?|fields?|properties|property names|attributes|columns?|schema|"
             r"(?:column |table )?(?:headers?|headings?)(?: rows?| cells?| names)?|column names)")
_KEYS = re.compile(rf"\b{KEY_WORDS}\b(?P<rest>[^\n]*)", _I)
_TYPED_KEY = re.compile(  # 'name: string', 'price as a number', 'in_stock (true or false)': a key with its type
    r"(?:^|[,;({|\n:•*-]|\b(?:and|or|exactly|has|have|with|contains?|includes?|including|holds?)\b)[ \t]*[\"'`]?([A-Za-z_]\w{0,30})[\"'`]?[ \t]*(?::|=>?|->|→|\||\bas\b|\()[ \t]*(?:an?[ \t]+|plain[ \t]+)?(?:string|str|text|number|numeric|integer|int|float|decimal|"
    r"boolean|bool|true[ \t]*(?:/|or)[ \t]*false|array|list)\b", _I | re.M)
_NOT_KEY = re.compile(r"output|reply|respond|return|answer|it|them|this|that|values?|everything|each|all|both|format|data|json|only|just|"
                      r"structure|shape|type|result|response|objects?|items?|entries", _I)
_SCHEMA_KEY = re.compile(r"[\"'`](\w[\w ]{0,30}?)[\"'`]\s*(?::|=(?!=))")  # '"date": "..."' sketches a key; so does '"date" = the date of the move' 
_QUOTED_LIST = re.compile(r"[\"'`]\w[\w ]{0,30}[\"'`](?:\s*\([^()\n]{0,80}\))?(?:\s*(?:,|;|\band\b|\bor\b)\s*(?:and\s+)?"
                          r"[\"'`]\w[\w ]{0,30}[\"'`](?:\s*\([^()\n]{0,80}\))?)+")
_QUOTES_SPEECH = re.compile(r"\b(?:like|such as|e\.g\.?|for (?:example|instance)|say|says|write|writes|type|phrases?|sentences?|things)[\s:,]*$", _I)  # 'things like "mark this urgent" or "ignore ..."': quoted speech, not keys
_INLINE_ROW = re.compile(r"(?<=[`\"'“])\|(?:[^|\n`\"'“”\-]*[A-Za-z][^|\n`\"'“”]*\|){2,}(?=[`\"'”])")  # a header row quoted inline: `| Name | Price |`
_HEADER_ROW = re.compile(r"(?m)^\s*\|(\s*[^|\n]+\s*\|){2,}\s*$")
_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)]|[a-z][.)])?\s*[\"'`]?([A-Za-z_][\w ]{0,30}?)[\"'`]?\s*(?::|—|–|->|-|=>?|→|\(|$)")
_LEAD = re.compile(
    r"^(?:(?:the|a|an|these|those|following|exactly|only|just|must|should|will|shall|would|need to|needs to|has to|have to|be|are|is|"
    r"read|reads|say|says|names|named|called|then|titled|headed|labell?ed|as follows|in (?:this|that|the following|exactly this) order|in order|"
    r"(?:from )?left to right|like|such as|namely|viz|i\.?e\.?|that is|and|with|of|contain|contains|include|includes|"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten))\b[\s:,]*)+", _I)
_SENTENCE_END = re.compile(r"\.\s|\.$|;|[?!](?:\s|$)")  # a question ends the list too: "... the keys \"a\", \"b\" and \"c\"? Answer ..."
_STOP = re.compile(r"\bone (?:row|object|item|entry|line|record)s?\b|\b(?:an?|each) (?:row|object|entry|line|record) (?:for|per)\b|\bone [a-z]\w* (?:per|each|for each|for every)\b|\bfor each\b|\bper (?:product|item|row)\b|"
                   r"\b(?:where|which|whose|so that|that|use|make sure|sorted|ordered by|with (?:no|one))\b|"
                   r"(?<![,;][ \t])\b(?:giving|holding|containing|describing|storing|carrying|capturing)[ \t]+(?:the|its|their|each|every|a|an)\b|"  # 'keys date and address giving the move date ...' glosses the list ('date, giving ..., and address, giving ...' glosses each key)
                   r"(?<![,;][ \t])(?<!\band[ \t])\bthen\b|"  # 'Name, then Price, then In stock' lists in order; '... then use' ends the list
                   r"\b(?:appearing|arranged|placed|presented|shown|going)\s+(?:in|from|left|as|exactly)\b|"  # '..., In stock, appearing in that order' ends the list
                   r"\b(?:do not|don't|no other|no extra|nothing else)\b", _I)
_CUT = re.compile(r"\s+(?:first|last|next|for|of|from|to|in|into|with|that|which|as|is|are|must|should|will|holding|containing|giving|where|when|"
                  r"if|on|at|by|per|so|but|than)\b.*$", _I)
_ANNOTATION = re.compile(r"both|each|all|every|either|any|those|these|no|not|only|plus|also|etc|none|other|others|"
                         r"you|we|i|they|he|she|it|your|our|my|per", _I)
_PREPOSITION = re.compile(r"for|about|with|from|to|into|than|by", _I)  # 'a column for availability dates' names no key
_FUNCTION = re.compile(r"the|a|an|in|on|at|of|to|and|or|it|its|them|this|that|then|as|is|are|be|for|from|with", _I)
_TYPE_WORDS = {"string", "strings", "text", "number", "numbers", "numeric", "integer", "int", "float", "boolean", "booleans",
               "bool", "true", "false", "array", "list", "object", "null", "str", "yes", "no", "value", "values", "plain", "raw"}


@dataclass(frozen=True)
class Shape:
    """The reply's shape: kind ('label', 'json', 'table', 'csv', 'bullets', 'numbered', 'xml' or None) and its parts."""

    kind: str | None = None
    keys: tuple[str, ...] = ()  # JSON keys, table/CSV columns or XML tag names
    labels: tuple[str, ...] = ()  # the label set offered ('positive, negative or mixed')
    bare: bool = False  # 'only the label', 'nothing else': no words around the answer
    wants_list: bool = False  # a JSON array was asked for
    open_keys: bool = False  # 'add any other useful columns': the named keys first, then whatever else the model sees fit
    markdown: bool = False  # the table or list is asked for as markdown (named, or sketched with pipes)
    separate: bool = False  # 'a JSON object for each product' with no list asked for: the objects come one after another
    form: str = ""  # a dictated reply line with a slot for the answer: 'Urgency: <label>' -> 'Urgency: {}'
    typed: tuple[str, ...] = ()  # the keys whose value type the instruction states: 'price (a number)', 'numeric prices'
    as_text: tuple[str, ...] = ()  # the typed keys stated as text kept as written: 'price (string, with the $ sign)', '"price": "$89.99"'


def _clean_item(item: str) -> str:
    """'"price" (number, no $)' -> 'price'; '`in_stock`: true/false' -> 'in_stock'."""
    item = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", item)
    item = re.split(r"\s[-–—=]\s|\s*(?:->|=>|→)|:\s|\s+as\s+(?:a|an)\b|\s+\((?!\w)|\s+(?:which|that|holding|containing|giving|with)\b", item)[0]
    item = item.strip(" '\"`*_.?!{}<>[]()|—–-").strip()
    item = re.sub(r"\s+(?:only|alone|please|nothing else)$", "", item, flags=re.I)
    words = item.split()
    while words and words[-1].lower().strip(",") in _TYPE_WORDS and len(words) > 1:
        words.pop()
    while len(words) > 1 and words[0].lower() in ("numeric", "numerical", "integer", "decimal", "float", "boolean", "string"):
        words.pop(0)  # 'numeric price' names the key price
    return " ".join(words)


def split_list(text: str) -> list[str]:
    """'a, b and c' / 'a | b | c' / bullet lines -> ['a', 'b', 'c'] (quotes, types and notes removed)."""
    text = re.sub(r"\([^)]*\)", " ", text)
    parts = re.split(r"\s*(?:,|/|;|\|\s*|\band\b|\bor\b|\n\s*(?:[-*•]|\d+[.)])?\s*)\s*", text)
    cleaned = [_clean_item(p) for p in parts]
    return [p for p in cleaned if p and len(p) <= 30 and len(p.split()) <= 3 and p.lower() not in _TYPE_WORDS]


_QUALIFIED_KEY = re.compile(r"(?:[a-z][\w-]{0,20}[ \t]+){1,5}[\"`“]([A-Za-z_][\w ]{0,30}?)[\"`”]")  # lowercase words, then the quoted key ending the item


def _key_name(item: str) -> str:
    """One list item as a key or column name: 'must be exactly Name' -> 'Name', 'address for the move' -> 'address', 'both strings' -> ''."""
    if qualified := _QUALIFIED_KEY.fullmatch(item.strip(" .:,")):
        item = qualified.group(1)  # 'spelled exactly "name"', 'written in lowercase as "name"': the quotes mark the key, the words before qualify it
    item = _clean_item(_LEAD.sub("", item.strip(" '\"`*_.:,")))
    if quoted := re.match(r"([^\"`“”\s][^\"`“”]{0,30})[\"`”]\s", item):  # '"problem" extracted from …': the quotes close the name
        item = quoted.group(1)
    first, _, tail = item.partition(" ")
    if not first or _ANNOTATION.fullmatch(first) or not tail and _FUNCTION.fullmatch(first) or _PREPOSITION.fullmatch(first):
        return ""
    item = (first + " " + _CUT.sub("", " " + tail).strip()).strip().strip("'\"`“”")  # '"date" for the day of the move' -> 'date'
    words = item.split()
    if all(w.lower().strip(",") in _TYPE_WORDS for w in words) or len(words) > 3 or len(item) > 30 or _FORMAT_WORD.fullmatch(item):
        return ""
    return "" if any(_KEY_STOP.fullmatch(w) for w in words[1:]) else item


_FORMAT_WORD = re.compile(r"(?:markdown |md |the )?(?:table|json|csv|xml|markdown|list|array|output|reply|format)", _I)  # 'table only' names no column
_CARDINALS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}  # 'column two is Price'
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
             "sixth": 6, "6th": 6, "last": 99, "final": 99}
_ORDINAL = "|".join(_ORDINALS)
_NAME = r"[\"'`]?(?P<name>[A-Za-z_]\w*(?:[ \t]+[A-Za-z_]\w*){0,2}?)[\"'`]?(?=[ \t]*(?:[,.;:()\n]|\band\b|\bthen\b|$))"
_SHORT_NAME = r"[\"'`]?(?P<name>[A-Za-z_]\w*(?:[ \t]+[A-Za-z_]\w*)?)[\"'`]?"
_AT = rf"(?P<at>{_ORDINAL})\b"
_BY_POSITION = (  # 'the first column is Name, the second is Price', 'the second Price', 'Name first', 'column 2: Price', 'Name in the first column'
    re.compile(rf"\b{_AT}(?:[ \t]+(?:one|column|field|key|header|heading))?[ \t]+(?:is|should be|must be|will be|holds|shows|=|:|-)[ \t]+(?:the[ \t]+)?{_NAME}", _I),
    re.compile(rf"\bthe[ \t]+{_AT}(?:[ \t]+(?:column|field|header|heading))?[ \t]+(?-i:(?=[\"'`A-Z]){_NAME})", _I),
    re.compile(rf"(?<![\w-])(?-i:[\"'`]?(?P<name>[A-Z]\w*(?:[ \t]+\w+)?)[\"'`]?)[ \t]+{_AT}(?=[ \t]*(?:[,.;:)\n]|\band\b|$))", _I),
    re.compile(rf"\b(?:column|col\.?|field)[ \t]*(?:number[ \t]+)?(?P<at>\d|one|two|three|four|five|six)\b[ \t]*(?:is|should be|must be|will be|holds|shows|=|:|-)[ \t]*(?:the[ \t]+)?{_NAME}", _I),  # 'column 2: Price', 'Column one is Name (...)' 
    re.compile(rf"{_SHORT_NAME}[ \t]+(?:goes[ \t]+)?in[ \t]+the[ \t]+{_AT}", _I),
)


def _keys_by_position(instruction: str) -> list[str]:
    """Columns named by their position, in that order ('The first column is Name, the second is Price and the third is In stock')."""
    placed: dict[int, str] = {}
    for pattern in _BY_POSITION:
        for m in pattern.finditer(instruction):
            at = m.group("at")
            rank = int(at) if at.isdigit() else _ORDINALS.get(at.lower()) or _CARDINALS[at.lower()]
            name = re.sub(r"^(?:put|place|have|show|list|give|set|add|use)\s+", "", m.group("name"), flags=re.I)  # 'Put Name in the first column'
            if (name := _key_name(name)) and rank not in placed:
                placed[rank] = name
    return [placed[r] for r in sorted(placed)] if len(placed) >= 2 else []


def _names(segment: str) -> list[str]:
    """The key names listed in one stretch of text ('name, price and in_stock')."""
    parts = re.split(r"\s*(?:,|/|;|\|\s*|\band\b|\bor\b)\s*(?:then\b)?\s*", segment)
    return list(dict.fromkeys(k for k in map(_key_name, parts) if k))


def _glossed_keys(rest: str) -> list[str]:
    """Keys each glossed in its own ';' item: 'three keys: name, a string; price, a number; in_stock, a boolean' -> name, price, in_stock."""
    items = re.split(r"\.\s|\.$", rest, maxsplit=1)[0].split(";")
    ends = next((i for i, item in enumerate(items) if i and _STOP.match(item.strip())), len(items))
    items = items[:ends]  # 'Name, Price, In stock; one row for each product': the list ended at the semicolon
    if len(items) < 2:
        return []
    items[0] = items[0].split(":")[-1]
    names = [_key_name(re.split(r"[,:(]|\s[-–—=]\s|\s(?:->|=>|→)\s", item, maxsplit=1)[0]) for item in items]
    return names if all(names) and len(set(names)) == len(names) else []


def _keys_on_line(rest: str) -> list[str]:
    """Keys listed after a key word on its own line, up to the sentence's end ('columns, in this order: A, B' reads past the colon)."""
    rest = rest.replace("e.g.", "eg").replace("i.e.", "ie")
    rest = re.sub(r"(?:^|(?<=\s))\d{1,2}[.)][ \t]+(?=[\"'`]?[A-Za-z])", ", ", rest)  # 'Columns: 1. Name 2. Price 3. In stock' numbers its keys inline
    if glossed := _glossed_keys(re.sub(r"\([^()]*\)", " ", rest)):
        return glossed
    asides = re.findall(r"\(([^()]*)\)", rest)  # '3 columns (Name first, then Price, then In stock)'
    rest = _SENTENCE_END.split(re.sub(r"\([^()]*\)", " ", rest), maxsplit=1)[0].split(")")[0]  # '(keys: date, address)?': the aside ends the list
    pieces = [p for seg in re.split(rf"\b{KEY_WORDS}\b", rest, flags=re.I) for p in _after_lead(seg).split(":")]  # each key word starts its own list
    found = [names for names in map(_names, map(_before_stop, pieces)) if names]
    found += [names for names in map(_names, asides[:1]) if len(names) >= 2]
    return next((names for names in found if len(names) >= 2), found[0] if found else [])


_INTRODUCER = re.compile(r"(:|[ \t](?:->|=>|→)[ \t])")  # 'columns, exactly like this -> Name, Price': a colon or an arrow introduces the list


def _after_lead(segment: str) -> str:
    """A key word's list after its colon: 'headers, exactly as written and in this sequence: Name, Price' -> ' Name, Price' (what comes before only qualifies the list)."""
    lead, colon, after = _INTRODUCER.split(segment, maxsplit=1) if _INTRODUCER.search(segment) else (segment, "", "")
    if not colon or _STOP.search(lead):
        return segment  # '"date" and "address", whose values are strings: ...': the list came first, the colon glosses it
    listed = len(_names(_before_stop(after.split(":")[0])))
    return after if listed >= 2 or listed and not _names(_before_stop(lead)) else segment  # 'date and address, each a string: the day ...' glosses


def _before_stop(piece: str) -> str:
    """A stretch cut where the list ends ('..., one row per product', '... so that ...')."""
    stop = _STOP.search(piece)
    return piece[:stop.start()] if stop else piece


def _list_line(line: str) -> list[str]:
    """A line that is nothing but a list of names ('Name, Price, In stock', '`date` / `address`'), else [] ('- name: string' defines one key, '| key | type |' heads a table)."""
    if DEFINITION_LINE.match(line) or re.match(r"\s*(?:[-*•+|]|\d{1,2}[.)])\s", line) or re.search(r"[:=(]|\s[-–—]\s", line):
        return []
    parts = [p for p in re.split(r"\s*(?:,|/|;|\|\s*|\band\b|\bthen\b)\s*", line.strip().rstrip(".")) if p.strip()]
    names = [_key_name(p) for p in parts]
    return list(dict.fromkeys(names)) if len(parts) <= 12 and all(names) else []


_RULE_HEAD = re.compile(r"[ \t]*(?:(?:[-*•]|\d{1,2}[.)])[ \t]+)?(?:keys?|fields?|columns?|headers?|requirements?|rules?|constraints?|instructions?)[ \t]*:", _I)  # 'Requirements:', '- Keys: "name", ...'


_ITEM_LAYOUT = re.compile(r"([ \t]*)([-*•]|\d{1,2}[.)]|[a-z][.)])?")


def _item_layout(line: str) -> tuple[bool, str]:
    """How a list line opens: (indented, its marker's kind: '-', '1', 'a' or ''): the items of one list open alike."""
    m = _ITEM_LAYOUT.match(line)
    marker = m.group(2) or ""
    return bool(m.group(1)), "1" if marker[:1].isdigit() else "a" if marker[:1].isalpha() else "-" if marker else ""


def _keys_below(lines: list[str], introduced: bool = False) -> list[str]:
    """Keys given one per line under an introducing line ('- name: string', 'price — a number', '2. Price'), or on the one line
    after a line that ends on a colon ('... column headers, in this sequence:' then 'Name, Price, In stock')."""
    found, layout = [], None
    for line in lines:
        m = _LIST_LINE.match(line)
        name = _key_name(m.group(1)) if m else ""
        if not name or _RULE_HEAD.match(line) or layout is not None and _item_layout(line) != layout:
            break  # 'Requirements:' then '- Keys: "name", ...' head rules; an unindented 'How to set priority: ...' after indented keys ends them
        layout = _item_layout(line) if layout is None else layout
        found.append(name)
    if len(found) < 2 and introduced and len(inline := _list_line(next((line for line in lines if line.strip()), ""))) >= 2:
        return inline
    return list(dict.fromkeys(found))


def find_keys(instruction: str, kind: str | None) -> tuple[str, ...]:
    """JSON keys, table columns or XML tags the instruction names, in its order; for JSON, keys given with their value sets are the names."""
    listed = _listed_keys(instruction, kind)
    if kind != "json" or len(valued := key_values(instruction)) < 2:
        return listed
    return _with_valued(listed, valued, instruction)


def _listed_keys(instruction: str, kind: str | None) -> tuple[str, ...]:
    """JSON keys, table columns or XML tags the instruction names, in its order (read from lists, sketches and positions)."""
    if kind == "xml":
        return tuple(dict.fromkeys(t.lower() for t in re.findall(r"<(\w{1,30})>", instruction)))
    if kind not in ("json", "table", "csv"):
        return ()
    if kind == "table" and (row := _HEADER_ROW.search(instruction) or _INLINE_ROW.search(instruction)):
        return tuple(c.strip() for c in row.group(0).strip().strip("|").split("|") if c.strip())
    schema = _SCHEMA_KEY.findall(instruction)
    if len(schema) >= 2:
        return tuple(dict.fromkeys(k.strip() for k in schema))
    if kind == "json" and len(mapped := _mapped_keys(instruction)) >= 2:
        return mapped  # 'customer name → "name", order number → "order_id"': each thing to find points at its key
    if kind == "json" and len(described := _keys_in_schema_table(instruction)) >= 2:
        return described  # '| key | allowed values |' then '| category | billing, ... |': the first column names the keys
    if len(glossed := _glossed_after_key_word(instruction)) >= 2:
        return glossed  # 'the keys "category" (billing, ...)\nand "priority" (low, ...)': quoted names, each with its values in brackets
    if len(aside_named := list(dict.fromkeys(_HEADING_ASIDE_KEY.findall(instruction)))) >= 2:
        return tuple(aside_named)[:12]  # 'Queues ("category"): billing (...)' / 'Urgency ("priority"):': a plain name, then the key in brackets
    if len(quoted_named := list(dict.fromkeys(_QUOTED_NAMED.findall(instruction)))) >= 2:
        return tuple(quoted_named)[:12]  # 'a "category" field (billing, ...) and a "priority" field (...)': the glosses are values, not keys
    if len(placed := _keys_by_position(instruction)) >= 2:
        return tuple(placed)[:12]
    typed = tuple(dict.fromkeys(k for k in _TYPED_KEY.findall(instruction) if not _NOT_KEY.fullmatch(k)))[:12] if kind == "json" else ()
    single: list[str] = []
    for m in _KEYS.finditer(instruction):
        found = _keys_on_line(m.group("rest"))
        if kind == "json" and found and all(_SCHEMA_HEADER.fullmatch(k) for k in found):
            continue  # 'Key | Type | Note': the header of a table that describes the keys, not keys
        below = _keys_below(instruction[m.end():].split("\n")[1:13], m.group("rest").rstrip().endswith(":"))
        if len(found) < 2 or len(below) >= 2 and m.group("rest").rstrip().endswith(":"):
            found = below if len(below) >= 2 else found  # '... headers, exactly as written:' then 'Name, Price': the list is below the colon
        quoted = [k for k in found if re.search(rf"[\"'`“]{re.escape(k)}[\"'`”]", instruction)]
        if len(quoted) >= 2 and len(quoted) < len(found):
            found = quoted  # 'two keys, "category" and "priority", with lowercase values': a writer who quotes keys quotes them all
        if len(found) >= 2:
            return typed if set(found) < set(typed) else tuple(found)[:12]  # a list cut short where a key's type was described
        single = single or found
    if len(typed) >= 2:
        listed = _keys_after_with(instruction)
        return listed if set(typed) < set(listed) else typed  # 'with name, price (number), in_stock (boolean)': the untyped key too
    named = list(dict.fromkeys(k for k in map(_key_name, _NAMED_BEFORE.findall(instruction)) if k))
    if len(named) >= 2:
        return tuple(named)[:12]
    if kind == "json" and len(under := _keys_under_json_lead(instruction)) >= 2:
        return under  # 'Return one JSON object and nothing else:' then '- category: "billing", ...': the quoted words are values
    quoted = next((m for m in _QUOTED_LIST.finditer(instruction) if not _QUOTES_SPEECH.search(instruction[max(0, m.start() - 40):m.start()])), None)
    if quoted:
        return tuple(split_list(quoted.group(0)))[:12]
    listed = _keys_after_with(instruction)
    return listed if len(listed) >= 2 else _defined_keys(instruction) or _aside_keys(instruction) or tuple(single) or listed


_ARROW = r"[ \t]*(?:->|=>|→|⇒|➔|➜|⟶)[ \t]*"
_KEY_WORD = r"(?:the[ \t]+)?(?:json[ \t]+)?(?:key|field|property|attribute|column)"
_MAPPING = re.compile(  # 'order number → "order_id"', 'the issue -> `problem`', '"name" <- the customer's name', '"order_id" ⇐ order number'
    rf"(?:{_ARROW}|[ \t]+(?:into|under|in(?:to)?[ \t]+the[ \t]+field|as[ \t]+the[ \t]+key)[ \t]+)[\"'`“](?P<key>[A-Za-z_]\w{{0,30}})[\"'`”]"
    r"|[\"'`“](?P<back>[A-Za-z_]\w{0,30})[\"'`”][ \t]*(?:<-|<=|←|⇐|⟵)"
    rf"|^[ \t]*(?:(?:[-*•]|\d{{1,2}}[.)])[ \t]+)?(?:{_KEY_WORD}[ \t]+)?[\"'`“](?P<fwd>[A-Za-z_]\w{{0,30}})[\"'`”]{_ARROW}(?=[^\"'`“\s])", _I | re.M)  # '- key "name" → the customer's name'
_KEY_LEFT = re.compile(rf"(?:{_KEY_WORD}[ \t]+[\"'`“]?[A-Za-z_]\w{{0,30}}[\"'`”]?|[\"'`“][A-Za-z_]\w{{0,30}}[\"'`”])", _I)
_DESCRIBED = re.compile(r"(?:the|a|an|their|his|her|its|what|which|who|whom|whose|when|where|how|why|whether|any|one|short|brief)\b", _I)


def describes_key(left: str, right: str) -> bool:
    """True for a schema line that names a key and says what goes in it: 'key "name" → the customer's name', '"order_id" -> the order number'."""
    m = _KEY_LEFT.fullmatch(left.strip(" \t-*•"))
    return bool(m) and (m.group(0)[:1] not in "\"'`“" or bool(_DESCRIBED.match(right.strip())))


def _mapped_keys(instruction: str) -> tuple[str, ...]:
    """Keys each given as the target of a mapping from what to find: 'customer name → "name", order number → "order_id"'."""
    return tuple(dict.fromkeys(m.group("key") or m.group("back") or m.group("fwd") for m in _MAPPING.finditer(instruction[:20000])))[:12]


def _keys_under_json_lead(instruction: str) -> tuple[str, ...]:
    """Keys given one per line under a line that asks for the JSON and ends on a colon ('Return one JSON object:' then '- category: ...').
    A lead that names its keys itself ('JSON with "category" (...) and "priority":') is followed by a key's values, not by keys."""
    lines = instruction[:20000].split("\n")
    for i, line in enumerate(lines):
        if line.rstrip().endswith(":") and "json" in line.lower() and not _VALUED_QUOTED.search(line) \
                and len(below := _keys_below(lines[i + 1:i + 13])) >= 2:
            return tuple(below)[:12]
    return ()


_FORMAT_ASIDE = re.compile(r"\b(?:table|json(?:[ \t]+(?:object|array|list))?|csv)[ \t]*\(([^()\n]{3,120})\)", _I)


def _aside_keys(instruction: str) -> tuple[str, ...]:
    """Keys given in an aside right after the format's name: 'a markdown table (Name / Price / In stock)', 'as JSON (date, address)'."""
    return next((tuple(names)[:12] for m in _FORMAT_ASIDE.finditer(instruction) if len(names := _list_line(m.group(1))) >= 2), ())


_SCHEMA_HEADER = re.compile(r"(?:data )?types?|notes?|descriptions?|examples?|required|format|meaning|comments?|rules?|constraints?|"
                            r"keys?|fields?|names?|(?:allowed |possible |valid )?values?|options|choices|labels?", _I)
_MARKDOWN = re.compile(r"\b(?:markdown|md|gfm|github[- ]flavou?red)\b|\bpipe[- ](?:delimited |separated )?table|^\s*\|[^|\n]+\|[^|\n]+\|", _I | re.M)
_NAMED_BEFORE = re.compile(r"\b(?:an?|the|one)\s+([A-Za-z_][\w]{0,20}(?: [\w]{1,20}){0,2}?)\s+(?:column|field|key)\b", _I)
_QUOTED_GLOSSED = re.compile(r"[\"'`“](\w[\w ]{0,30}?)[\"'`”][ \t]*\(")  # '"category" (billing, technical ...)'


def _keys_in_schema_table(instruction: str) -> tuple[str, ...]:
    """The first column of a pipe table whose header describes keys ('| key | type |', '| field | allowed values |')."""
    for lines in (re.findall(r"(?m)^[ \t]*\|[^\n]*\|[ \t]*$", instruction)[:40], _bare_pipe_rows(instruction)):
        rows = [[c.strip(" `*\"'") for c in r.strip().strip("|").split("|")] for r in lines]
        rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", c) for c in r if c)]
        if len(rows) >= 3 and all(_SCHEMA_HEADER.fullmatch(c) for c in rows[0] if c):
            return tuple(dict.fromkeys(r[0] for r in rows[1:] if r and re.fullmatch(r"[A-Za-z_][\w ]{0,30}", r[0])))[:12]
    return ()


def _bare_pipe_rows(instruction: str) -> list[str]:
    """The first run of lines laid out as a table without outer pipes ('Key | Allowed values' then 'category | billing / ...')."""
    run: list[str] = []
    for line in instruction[:20000].split("\n"):
        if re.fullmatch(r"[ \t]*[^|\n]*\S[^|\n]*(?:\|[^|\n]*)+", line) and not line.strip().startswith("|"):
            run.append(line)
        elif len(run) >= 3:
            return run
        else:
            run = []
    return run if len(run) >= 3 else []


def _glossed_after_key_word(instruction: str) -> tuple[str, ...]:
    """Quoted names, each followed by a bracketed gloss, right after 'keys'/'fields': the keys, whatever the glosses list."""
    m = re.search(rf"\b{KEY_WORDS}\b", instruction, _I)
    if not m:
        return ()
    return tuple(dict.fromkeys(_QUOTED_GLOSSED.findall(instruction[m.end():m.end() + 400])))[:12]


_QUOTED_NAMED = re.compile(r"[\"'`“](\w[\w ]{0,30}?)[\"'`”][ \t]+(?:field|key|property|column|attribute|entry)\b", _I)  # '"priority" field'
_WITH_LIST = re.compile(r"\b(?:with|containing|holding|having|giving|include|including|showing|listing)\s+([^\n]{3,200})", _I)
_HEADING_ASIDE_KEY = re.compile(r"^[ \t]*(?:[-*•#][ \t]*)*[A-Za-z][\w -]{0,30}?[ \t]*\([ \t]*(?:key[ \t]+|field[ \t]+)?[\"'`“](\w[\w ]{0,30}?)[\"'`”][ \t]*\)[ \t]*[:=-]",
                                _I | re.M)  # 'Urgency ("priority"):', '- Queue (key "category"):': a line headed by a plain name with its key in brackets
_MORE_KEYS = re.compile(rf"\b(?:any|other|extra|additional|more|further)\s+(?:\w+\s+){{0,2}}?{KEY_WORDS}\b", _I)
_NEGATION = re.compile(r"\b(?:no|not|never|don't|dont|without|nothing|only)\b|n't\b", _I)
_KEY_STOP = re.compile(r"\b(?:these|those|else|exactly|nothing|is|are|the|a|an|of|to|be|must|should|has|have|each|every|one|per|only|no|not|that|which|it|its|for|in|on)\b", re.I)


def _keys_after_with(instruction: str) -> tuple[str, ...]:
    """'objects with name, price and in_stock', 'Include Name, Price and In stock': a list after 'with' / 'containing' / 'include'."""
    at = 0
    while m := _WITH_LIST.search(instruction, at):  # each 'with' / 'holding' in turn: 'a list with one object per product, each holding name, ...'
        found = _keys_on_line(m.group(1))
        if len(found) >= 2:
            return tuple(found)[:12]
        at = m.start(1)
    return ()


_PREFILL_SCAN = 2000  # a prefill is read up to this many characters, as the analysis clips it


def open_containers(prefill: str) -> list[int]:
    """Where each '{' or '[' the prefill opened and left open stands, strings skipped: '{"result": {"sentiment": "' -> [0, 11]."""
    stack: list[int] = []
    if len(prefill) > _PREFILL_SCAN:
        return stack
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"?|[{}\[\]]', prefill):
        c = m.group(0)
        if c in "{[":
            stack.append(m.start())
        elif c in "}]" and stack:
            stack.pop()
    return stack


def innermost(prefill: str) -> str:
    """The part of a JSON prefill inside its deepest open container: '{"result": {"sentiment": "' -> '{"sentiment": "'."""
    stack = open_containers(prefill)
    return prefill[stack[-1]:] if len(stack) > 1 else prefill


def _prefill_keys(prefill: str, instruction: str = "") -> tuple[str, ...]:
    """Keys a JSON prefill already wrote ('{"sentiment": "', '{\\n"sentiment"'): strings in a key's place, after '{' or ','; a key cut off
    at the end ('"addr') is completed from a word of the instruction ('address')."""
    keys = re.findall(r'[{,][ \t\r\n]{0,20}"([A-Za-z_][\w ]{0,30})"', prefill[:2000])
    if (cut := re.search(r'[{,][ \t\r\n]{0,20}"([A-Za-z_]\w{1,30})$', prefill[-60:])) and (
            word := re.search(rf"\b{re.escape(cut.group(1))}\w*", instruction, _I)):
        keys.append(word.group(0).lower())
    return tuple(dict.fromkeys(keys))[:12]


def _sample_keys(samples: tuple[str, ...]) -> tuple[str, ...]:
    """Keys of a JSON sketch fenced off like data ('```json [{"name": "Example", "price": 1.5}] ```')."""
    for text in samples:
        if text.lstrip()[:1] in ("{", "[") and len(text) <= 1000 and len(keys := _SCHEMA_KEY.findall(text)) >= 2:
            return tuple(dict.fromkeys(k.strip() for k in keys))[:12]
    return ()


_OPEN_LIST = re.compile(r"\b(?:including|such as|e\.g\.|for example|for instance|among others|at least)\b", _I)  # 'the details, including the date'
_DEFINITION_HEAD = re.compile(r"\s*(?:[-*•]|\d{1,2}[.)])?\s*[\"'`]?[A-Za-z_][\w ]{0,30}?[\"'`]?\s*(?::|—|–|=|\bis\b|\bmeans\b)", _I)  # 'Price: ...', '- in_stock — ...'
_NONE_AFTER = re.compile(r"[ \t]*(?:[:=(—–-][ \t]*)?(?:none|no|nil|zero|0|n/a|not allowed|forbidden|never)\b", _I)
_CLOSED = re.compile(r"\b(?:exactly|only|just|solely|no other|no extra|no additional|no more|nothing else|none)\b", _I)


def _open_keys(instruction: str) -> bool:
    """True when the instruction invites more keys or columns than it names ('add any other useful columns', 'details including the date'), not when it forbids them."""
    for m in _OPEN_LIST.finditer(instruction):
        before = re.split(r"[.;!?\n]", instruction[max(0, m.start() - 80):m.start()])[-1]
        if _DEFINITION_HEAD.match(before):
            continue  # '* Price: the price including the $ sign' describes one key's value, it invites no more keys
        if not _CLOSED.search(instruction) and not _NEGATION.search(before):  # 'do not add columns such as notes' closes the list
            return True
    for m in _MORE_KEYS.finditer(instruction):
        before = re.split(r"[.;!?\n]", instruction[max(0, m.start() - 50):m.start()])[-1]
        if _NONE_AFTER.match(instruction, m.end()):
            continue  # 'Extra keys: none', 'other columns - not allowed' closes the list
        if not _NEGATION.search(before):
            return True
    return False


_NOT_LABEL = re.compile(r"^(?:shown|listed|given|written|stated|specified|described|follows|must|should|shall|may|might|can|could|will|would)\b|^(?:no|not|never|so|thus|hence|therefore|please|do|does|did|don|doesn|only|just|nothing|something|anything|everything|ignore|disregard|else|one|two|three|single|and|or|i|we|you|they|it|he|she|using|being|making|keeping|with|without|for|to|from|by|when|whenever|if|unless|because|while|whilst|although|though|since|either|neither|whether)\b|^(?:the|a|an|this|that|these|those|my|your|its|their)\s|\b(?:keys?|fields?|columns?|words?|sentences?|punctuation|explanation|text|answer|reply|"
                        r"output|label|labels|lowercase|uppercase|quotes|bullets?|instructions?|it|them|me|us|the|an?|any|this|that|these|those|above|below|here|"
                        r"anything|everything|nothing|something|else|write|return|print|respond|then)\b", re.I)
_CHOICES = re.compile(r"\b((?:[\w-]+\s*,\s*){0,7}[\w-]+,?\s+or\s+[\w-]+)\s*\?")  # 'Is it positive, negative or mixed?' offers a choice


_ANAPHOR = r"(?!\s+(?:the|these|those|its|their|them|my|our|your|both)\b(?:\s+(?:two|three|four|several|various))?\s+(?:figures?|numbers?|amounts?|questions?|things?|items?|facts?|details?|points?|parts?|pieces?|values?\s+(?:I|we|you)\b))"  # 'one of these figures' points back at what was asked: no set offered
_LABEL_LIST = r"((?:[\"'`*]?[A-Za-z][\w-]*(?: [\w-]+)?[\"'`*]?\s*(?:,|/|\||\bor\b|\band\b)\s*(?:or\s+|and\s+)?){1,8}[\"'`*]?[A-Za-z][\w-]*(?: [\w-]+)?[\"'`*]?)"
_OFFERED = re.compile(
    r"(?:\b(?:(?<!such )as|into|(?:(?<=word )|(?<=label )|(?<=answer )|(?<=value )|(?<=option )|(?<=choose )|(?<=pick )|(?<=select )|(?<=chosen )|(?<=picked )|(?<=taken )|(?<=drawn )|(?<=selected ))from|(?:(?<=urgency )|(?<=priority )|(?<=severity )|(?<=rating )|(?<=sentiment )|(?<=verdict )|(?<=grade )|(?<=category ))of(?![ \t]+(?:this|that|the|these|those|each|every|a|an|your|its|their)\b)|one of (?:the|these|those)[ \t]+(?:[a-z]+[ \t]+)?(?:words|terms|strings|tokens|labels|values|options|categories|answers)|one of"+_ANAPHOR+r"|which(?:ever)? of|pick|choose|select|(?:accept|allow|permit|understand|recogni[sz]e|take|expect|handle)(?:s|ed)?[ \t]+(?:only|just|solely|nothing[ \t]+but)|(?:(?<=only )|(?<=just ))(?:accept|allow|permit|understand|recogni[sz]e|take|expect|handle)(?:s|ed)?|(?:(?<=the )|(?<=exact )|(?<=literal )|(?<=following ))(?:words?|terms|strings|tokens)|(?<=followed )by|either|labels?|categories|category|options|choices|values|set|scale|among|between|answers?|replies|reply|responses?|respond|say|outputs?|return|is it|(?<!along )with|(?:must|should|has to|have to|needs? to)[ \t]+be[ \t]+(?:exactly|strictly|precisely)|(?:(?<=which )|(?<=word )|(?<=label ))(?:must|should|has to|needs? to)[ \t]+be)\b"
    r"\s*:?\s*|[(:—–]\s*|(?<=\s)--?\s+|^\s*)" + _LABEL_LIST, _I)  # ' - low, medium or high - ' is a dash typed as hyphens
_VERB_OBJECT = re.compile(  # 'Label the review positive, negative or neutral', 'Call it low, medium or high': a verb, its object, then the labels
    r"\b(?:label|tag|mark|rate|call|classify|categori[sz]e|sort|file|grade|judge|score|flag|class|deem|consider|rank|route|assign|send|direct|forward)\s+"
    r"(?:it|this|that|them|(?:the|this|that|each|every|a|an|its|their|your|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:(?:as|to|into)\s+)?" + _LABEL_LIST, _I)  # 'Route each ticket to billing, technical or shipping'
_RELATIVE_SET = re.compile(  # 'a single word that must be positive, negative or neutral', 'the label, which can only be low or high', 'the word after the colon is a, b or c': the answer's noun, then a clause naming its values
    r"\b(?:word|label|answer|value|term|token|category|class|level|option|reply|response|output|verdict|rating|sentiment|urgency|priority|grade|tag|result)s?"
    r"(?:[ \t]+(?:after|before|in|on|at|inside|you|we|I)\b[^.,;:!?\n]{0,30}?)?,?[ \t]+(?:(?:that|which|and[ \t]+(?:it|this|that))[ \t]+)?(?:(?:must|should|has[ \t]+to|have[ \t]+to|needs?[ \t]+to|is[ \t]+to|can|may|will|shall)[ \t]+(?:only[ \t]+|always[ \t]+)?be|is|'s)[ \t]+"
    r"(?:(?:exactly|strictly|only|just|either)[ \t]+)?(?:(?:one|any)[ \t]+of[ \t]+(?:the[ \t]+following[ \t]*)?:?[ \t]*)?" + _LABEL_LIST, _I)
_ONE_OF = re.compile(r"\b(?:one|any) of" + _ANAPHOR + r"\s*:?\s*" + _LABEL_LIST, _I)  # '... followed by one space and one of billing, technical, account': the set after an earlier lead-in
_COMMA_CHOICE = re.compile(r",\s*" + _LABEL_LIST + r"\s*[,:?]", _I)  # 'Tell me, in one word, positive or negative: ...' offers the labels mid-sentence
_WHETHER = re.compile(r"\b(?:whether|if) (?:(?:it|this|that)['’]s|(?:it|(?:this|that|the|its|their|his|her) (?:[\w'-]+ ){0,8}?\w+|this|that) (?:is|was|counts as|seems|sounds|looks|reads|feels|comes across as|should be|would be))\s+(?:more\s+)?"
                      r"(?:(?:about|related to|a matter of|an? issue of|a question of)\s+)?" + _LABEL_LIST, _I)  # 'decide whether it is low, medium or high'
_SLOT_IS = re.compile(r"(?:\b(?:where|with|and|for)\s+|[,;(\n][ \t]*)(?:<[^<>\n]{1,30}>|\[[^\[\]\n]{1,30}\]|\{[^{}\n]{1,30}\}|(?:the\s+)?(?:label|category|value|answer|level))\s+(?:is|being|must be|can be|should be|may be|is one of|being one of|comes from|taken from|drawn from|chosen from)\s*:?\s*"
                      r"(?:(?:whichever|any|either)\s+(?:one\s+)?of\s+(?:the\s+following\s*:?\s*)?)?" + _LABEL_LIST, _I)  # '"Category: <label>", where <label> is billing, technical or shipping': the slot's values
_LABEL_TAIL = re.compile(r"(?<=\w)\s+(?:is|are|fits|applies|if|when|unless|for|about|to|of|at|from|by|with|per|this|that|the|a|an|each|every|in|as|only|exactly|best|most|better|closest)$", re.I)  # 'which of billing or shipping is it', '... or shipping for this ticket', '... or high in capitals': the word after the last label ('... or shipping best describes it')
_AFTER_LAST = re.compile(r"(\b(?:or|and)\s+[^,/|]+?)\s*,(?!\s*(?:or|and)\s+[\w-]+\s*(?:[,.;:?!)]|$|(?:if|when|where|otherwise|for)\b)).*$", re.I | re.S)  # 'low, medium or high, answering with ...', '... or neutral, and let that be ...': the item after or/and ends the list (', or mixed if both' goes on)
_SIZE_ITEM = re.compile(r"(?:just |only )?(?:one|a single|a|1) (?:single )?(?:word|label|token|term)(?: only)?", re.I)
_LABEL_LEAD = re.compile(r"^(?:(?:with|as|into|either|from|chosen|picked|taken|drawn|selected|between|among|in|of|is|are|be|choose|pick|answer|reply|say|return|only|just|solely|simply|select|opt for|go with)\s+)+(?=\S)|^(?:the\s+)?(?:words|terms|labels|values|strings|tokens)\s+(?=\S)", re.I)


_VOCABULARY = re.compile(r"\b(?:speak\w*|talk\w*|sound\w*|slang|lingo|dialect|accent|(?:words|phrases|expressions) like)\b", re.I)
_PLACE = re.compile(r"(?:\b(?:everything|anything|whatever|text|content|lines?|part|all|written|sits?|appears?|found|placed|put|is|are|below|above|here)\s*,?|^|[.!?:;,(\n])\s*between\s+\S{0,30}$", re.I)


_GLOSS = re.compile(r"(?<=\w)(?<!scale)(?<!labels)(?<!levels)(?<!options)(?<!categories)(?<!values)(?<!choices)[ \t]{0,3}\((?![^()\n]{0,80}(?:\bor\b|/|\|))[^()\n]{1,80}\)(?=[ \t]{0,3}(?:,|/|\||\bor\b|\band\b))", _I)  # 'positive (only praise), negative (...) or mixed': a gloss inside a label list
_GLOSS_RUN = re.compile(r"(?:[\w-]{1,30}[ \t]{0,3}\([^()\n]{1,80}\)[ \t]*(?:,|;|\bor\b|\band\b)[ \t]*(?:or[ \t]+|and[ \t]+)?){2,7}[\w-]{1,30}(?:[ \t]{0,3}\([^()\n]{1,80}\))?", _I)  # 'billing (charges, refunds), technical (broken or erroring), ...': every item glossed
_PAREN = re.compile(r"[ \t]{0,3}\([^()\n]{1,80}\)")


def _unglossed(instruction: str) -> str:
    """The instruction with the glosses of a run of glossed items removed, whatever the glosses hold ('or', commas)."""
    return _GLOSS_RUN.sub(lambda m: _PAREN.sub("", m.group(0)), instruction)


_LAST_GLOSS = re.compile(r"(\|[ \t]*[\w-]{1,30})[ \t]{0,3}\([^()\n|]{1,80}\)(?=[ \t]*$)", re.M)  # '... | mixed (both praise and criticism)' ends a set


_BRACKETED = re.compile(r"[\[{<][ \t]*((?:[\"'`]?[\w-]{1,30}[\"'`]?[ \t]*[,|/][ \t]*){1,7}[\"'`]?[\w-]{1,30}[\"'`]?)[ \t]*[\]}>]")  # '["low", "medium", "high"]', '{low|medium|high}', '<low|medium|high>': a set written as code or as a slot's alternatives


_BETWEEN = re.compile(r"\b(?!(?:choose|choosing|decide|deciding|pick|picking|select|selecting|classify|distinguish|rate|sort|judge|label|tag|answer)\b)\w+\s*,?\s*between\s+\S{0,30}$", re.I)  # 'the email, between BEGIN and END' names a place; 'choose between yes and no' offers labels


_ORDERS = frozenset(w for w in VERBS.split("|") if w.isalpha()) - {"positive", "negative", "mixed", "neutral"}  # plain command verbs


_GLOSSED_LABEL = re.compile(r"[(\[][ \t]*[\"'`]?([A-Za-z][\w-]{0,20})[\"'`]?[ \t]*[)\]]")  # '(positive)', '["mixed"]': one word in brackets
_GLOSS_JOIN = re.compile(r"[ \t]*(?:,|;|/|\bor\b|\band\b)", _I)  # the next item of a list starts after the bracket
_GLOSS_CHOICE = re.compile(r"\b(?:whether|if|decide|which|one of|choose|pick|say if|tell (?:me )?if|is (?:it|the \w+)|classif\w*|categori[sz]\w*|label\w*|rate|judge|tag|sort|"
                           r"sentiment|verdict|mood|tone)\b", _I)


def _glossed_labels(instruction: str) -> tuple[str, ...]:
    """Labels each written in brackets after its meaning: 'overall happy (positive), unhappy (negative), or both (mixed)'."""
    for sentence in re.split(r"[.!?\n]+(?=\s|$)", instruction[:20000]):
        if not _GLOSS_CHOICE.search(sentence):
            continue
        run: list[str] = []
        last = None
        for m in _GLOSSED_LABEL.finditer(sentence):
            gap = sentence[last.end():m.start()] if last else ""
            if last and not (len(gap) <= 120 and "(" not in gap and "[" not in gap and _GLOSS_JOIN.match(gap)):
                run = []
            run.append(m.group(1).lower())
            last = m
            if len(run) >= 2 and _label_set(run) and not _GLOSS_JOIN.match(sentence[m.end():]):
                return tuple(dict.fromkeys(run))
    return ()


_RECORD_WORDS = re.compile(r"\b(?:json|keys?|fields?|columns?|objects?|csv|table|yaml)\b", _I)  # 'date = the day of the move; address = ...' defines a record's fields


def _inline_defined_labels(instruction: str) -> tuple[str, ...]:
    """Labels defined side by side on one line: 'positive = satisfied | negative = dissatisfied | mixed = both', 'positive: happy; negative: unhappy'."""
    if _RECORD_WORDS.search(instruction[:20000]):
        return ()
    for line in instruction[:20000].splitlines():
        found = [t.lower() for t in inline_terms(line)]
        if _label_set(found) and len(set(found)) == len(found):
            return tuple(found)
    return ()


_FORBIDDEN = re.compile(r"[ \t]*(?:never|not|don'?t|do not|no)[ \t]+\w", re.I)  # a list opened by a negation names what not to do


_NUMBERED_QUESTION = re.compile(rf"(?:^|[\n.;!?])[ \t*#-]*{QUESTION_NUMBER}[ \t]*$", _I)  # 'Q1', 'Question 2': a question's number before its colon


def _offers(instruction: str) -> list[re.Match[str]]:
    """Every offer of a set, a later lead inside an earlier match included: 'with one word, chosen from a, b or c' also offers from 'chosen from'."""
    found: list[re.Match[str]] = []
    pos = 0
    while (m := _OFFERED.search(instruction, pos)) and len(found) < 1000:
        found.append(m)
        pos = max(m.start(1), m.start() + 1)
    return found


def find_labels(instruction: str, lines: bool = True) -> tuple[str, ...]:
    """The label set offered: 'as positive, negative or mixed', 'one of: low / medium / high', 'whether it is low, medium or high' (`lines`: also whole reply lines)."""
    shown = lines and line_choices(instruction)[1]
    if shown:
        stated = find_labels(instruction, lines=False)
        return stated if {w.lower() for w in shown} < {w.lower() for w in stated} else shown  # example lines may show a few of a stated set
    defined = _defined_labels(instruction) or labels_under_heading(instruction) or _glossed_labels(instruction)
    if defined:
        return defined
    instruction = _BRACKETED.sub(r" \1 ", _LAST_GLOSS.sub(r"\1", _GLOSS.sub("", _unglossed(instruction))))
    instruction = _BRACKETED.sub(r" \1 ", _GLOSS.sub("", instruction))
    matches = [*_offers(instruction), *_RELATIVE_SET.finditer(instruction), *_WHETHER.finditer(instruction), *_VERB_OBJECT.finditer(instruction), *_SLOT_IS.finditer(instruction), *_ONE_OF.finditer(instruction),
               *_CHOICES.finditer(instruction), *_COMMA_CHOICE.finditer(instruction)]
    weak: tuple[str, ...] = ()
    for i, m in enumerate(matches):
        if _VOCABULARY.search(re.split(r"[.!?\n]", instruction[max(0, m.start() - 120):m.start()])[-1]):
            continue  # 'speak like a pirate: arr, matey, ye' offers words to use, not labels to choose from
        if _PLACE.search(instruction[max(0, m.start() - 40):m.start() + 8]) or _BETWEEN.search(instruction[max(0, m.start() - 40):m.start() + 8]):
            if m.re is _OFFERED and m.start(1) > m.start() and (inner := _OFFERED.search(instruction, m.start(1), m.end())) and inner.start() > m.start():
                matches.insert(i + 1, inner)  # 'the text between <r> and </r> as positive, negative or mixed': the place, then the labels
            continue  # 'everything between REVIEW START and REVIEW END' names where the data sits, not labels
        if m.re is _OFFERED and m.group(0).lstrip()[:1] == ":" and _NUMBERED_QUESTION.search(instruction[max(0, m.start() - 20):m.start()]):
            continue  # 'Q1: Bikes sold, Q3 2024?': the colon follows a question's number, what comes after is the question, not labels
        if m.re is _WHETHER and m.group(0)[:3].lower() == "if " and _RULED_LABEL.search(instruction[max(0, m.start() - 40):m.start()]):
            continue  # 'positive if the shopper is happy overall, negative if ...': the 'if' opens a label's rule, it offers no set
        if m.re is _WHETHER and m.group(0)[:3].lower() == "if " and _THEN_VERB.search(m.group(1)):
            continue  # 'If the reviewer is happy overall, answer positive': a condition, then the label to give; no set
        if m.re is _OFFERED and m.group(0).lstrip()[:1] == "(" and _PAREN_RULE.match(instruction, m.end()):
            continue  # '... or neutral (mixed or purely factual reviews count as neutral)': an aside that files cases under a label
        if m.re is _OFFERED and (_MUST_BE.search(m.group(0)[:m.start(1) - m.start()]) or _DASH_LEAD.fullmatch(m.group(0)[:m.start(1) - m.start()])) \
                and not _ALTERNATIVES.search(m.group(1)):
            continue  # 'a note, which must be short, polite and friendly' lists qualities, '- expected, even -' is an aside; 'which must be low, medium or high' and '- low, medium or high -' offer a choice
        if m.re is _RELATIVE_SET and not _ALTERNATIVES.search(m.group(1)):
            continue  # 'a note that must be short, polite and friendly' lists qualities; '... that must be low, medium or high' offers a choice
        items = split_list(_AFTER_LAST.sub(r"\1", m.group(1)))
        if items and _FORBIDDEN.match(items[0]):
            continue  # 'never execute, repeat or answer instructions': forbidden actions, not labels
        items = items[1:] if len(items) >= 3 and _SIZE_ITEM.fullmatch(items[0]) else items  # 'one word, positive, negative or mixed': the size, then the labels
        found = _shared_noun(_labels_prefix(_dangling_preposition(_named_dimension(_without_order([_LABEL_TAIL.sub("", _LABEL_LEAD.sub("", w)) for w in items])))))
        if found and found[-1].lower() in _ORDERS and re.match(r"[ \t]+[\"“'\w]", instruction[m.end():]):
            continue  # 'if it is missing, say "Not given"', 'say so plainly and give no number': a verb with its object, no label
        if m.re is _RELATIVE_SET and found and not re.search(rf"(?:\bor\b|/|\|)[ \t]*[\"'`*]?{re.escape(found[-1])}", m.group(1), _I):
            continue  # 'the answer you write is short and clear, or it fails': the values are no alternatives
        if _label_set(found):
            if _weak_offer(m, found):
                weak = weak or (tuple(found) if _CHOOSING.search(re.split(r"[.!?\n]", instruction[max(0, m.start() - 200):m.start()])[-1]) else ())
                continue
            if weak and {w.lower() for w in found} < {w.lower() for w in weak}:
                continue  # 'Classify it (billing, technical, account, shipping)': a middle stretch of the aside's set is no set of its own
            return tuple(found)
    return weak or _ruled_labels(instruction) or _conditioned_labels(instruction) or _inline_defined_labels(instruction)


_MUST_BE = re.compile(r"\b(?:must|should|has to|have to|needs? to)[ \t]+be\b", _I)
_ALTERNATIVES = re.compile(r"\bor\b|/|\|", _I)
_DASH_LEAD = re.compile(r"\s*(?:--?|[—–])\s*")  # a list opened by a dash alone: an aside unless it offers alternatives
_PAREN_RULE = re.compile(r"[ \t]*(?:[\w-]+[ \t]+){0,2}?(?:counts?|are|is|go|goes|fall|falls|belongs?|should be|get|gets|mean|means)[ \t]+(?:as|under|in|into|with|to)?\b", _I)  # '(mixed reviews count as neutral)'


_THEN_VERB = re.compile(r",\s*(?:then\s+)?(?:answer|say|reply|respond|output|return|write|give|choose|pick|use|select|put|label|tag|mark|call)\b", _I)
_CONDITIONED = re.compile(r"\b(?:if|when|whenever|where)\b[^.;\n]{1,120}?,\s*(?:then\s+)?(?:answer|say|reply|respond|output|return|write|give|choose|pick|use|select|put|"
                          r"(?:label|tag|mark|call|classify)\s+it(?:\s+as)?)\s+(?:with\s+)?(?:the\s+(?:word|label)\s+)?[\"'`]?(?P<l>[A-Za-z][\w-]{1,30})[\"'`]?(?=\s*(?:[.;,!\n]|$))", _I)


def _conditioned_labels(instruction: str) -> tuple[str, ...]:
    """Labels each given after its condition, sentence by sentence: 'If they are happy, answer positive. If not, answer negative.'"""
    found = list(dict.fromkeys(m.group("l").lower() for m in _CONDITIONED.finditer(instruction[:20000])))
    return tuple(found) if len(found) >= 2 and _label_set(found) else ()


_RULED_LABEL = re.compile(r"(?:[:;,(]|\bor|\band)[ \t]*[\"'`]?[A-Za-z][\w-]{1,30}[\"'`]?[ \t]+$", _I)  # 'positive ' before 'if the shopper ...'
_RULED = re.compile(r"(?:^|(?<=[:;,(\n])|(?<=\bor )|(?<=\band ))[ \t]*[\"'`]?(?P<l>[A-Za-z][\w-]{1,30})[\"'`]?[ \t]+(?:if|when|whenever)\b", _I | re.M)


def _ruled_labels(instruction: str) -> tuple[str, ...]:
    """Labels each given with its rule in one sentence: 'positive if they are happy, negative if not, or mixed if both'."""
    for sentence in re.split(r"[.!?\n]", instruction[:20000]):
        found = list(dict.fromkeys(m.group("l").lower() for m in _RULED.finditer(sentence)))
        if len(found) >= 2 and _label_set(found):
            return tuple(found)
    return ()


_DISJUNCTION = re.compile(r"\bor\b|/|\|", _I)
_CHOOSING = re.compile(r"\b(?:classif\w*|categori[sz]\w*|label\w*|rate|rating|tag|sort|judge|grade|sentiment|urgency|priority|severity|category|categories|classes|"
                       r"options|choices|levels|buckets|tiers|assign\w*|route|routing|verdict|mood|tone|scale)\b", _I)


def _weak_offer(m: re.Match, found: list[str]) -> bool:
    """A bare aside such as '(verbatim, untrusted, ...)': no choosing word before it and no 'or' inside; any offered set wins over it."""
    lead = m.group(0)[:m.start(1) - m.start()].strip()
    return m.re is _OFFERED and lead in ("", "(") and not _DISJUNCTION.search(m.group(1))


_DIMENSION = re.compile(r"urgency|priority|sentiment|severity|importance|risk|level|rating|tone|mood|review|ticket|one", _I)


_DIMENSION_NAME = re.compile(r"sentiment|urgency|priority|severity|category|classification|verdict|rating|label|mood|tone|answer", _I)


def _named_dimension(found: list[str]) -> list[str]:
    """'Sentiment, positive or negative' or 'Review sentiment, positive/negative' -> positive, negative: a leading item that names what is judged is no label."""
    head = found[0].strip("\"'`* ").split() if found else []
    return found[1:] if len(found) > 2 and head and _DIMENSION_NAME.fullmatch(head[-1]) else found


_LIST_LEAD_PREPOSITION = re.compile(r"under|about|into|onto|within|of|in|on|at|as|to|for|from|by|with|among|between|beneath|inside", _I)


def _dangling_preposition(found: list[str]) -> list[str]:
    """'which category it falls under, billing, technical or account?' -> billing, technical, account: a clause's last word before the list is no label."""
    return found[1:] if len(found) > 2 and _LIST_LEAD_PREPOSITION.fullmatch(found[0].strip()) else found


def _shared_noun(found: list[str]) -> list[str]:
    """'low, medium or high urgency' -> low, medium, high: the last label's noun is shared by all of them."""
    if len(found) >= 2 and all(" " not in w for w in found[:-1]) and len(last := found[-1].split()) == 2 and _DIMENSION.fullmatch(last[1]):
        return found[:-1] + [last[0]]
    return found


def _is_label(word: str) -> bool:
    """True for a short item that can be a label (not a format word or a phrase about the reply)."""
    return len(word.split()) <= 2 and word.lower() not in ("json", "csv", "table", "markdown") and not _NOT_LABEL.search(word)


def _without_order(found: list[str]) -> list[str]:
    """The list without the command verb that opens it: 'Use positive, negative or neutral' -> positive, negative, neutral."""
    first = found[0].split() if found else []
    if len(first) == 2 and first[0].lower() in _ORDERS and all(len(w.split()) == 1 for w in found[1:]):
        return [first[1], *found[1:]]
    return found


def _labels_prefix(found: list[str]) -> list[str]:
    """The items before the first that is no label: 'low, medium or high, one word only' -> low, medium, high."""
    bad = next((i for i, w in enumerate(found) if not _is_label(w)), len(found))
    return _without_next_order(found[:bad])


def _without_next_order(found: list[str]) -> list[str]:
    """The list without a next command joined on by 'and': 'into billing, technical or shipping and send back ...' -> billing, technical, shipping."""
    last = found[-1].split() if found else []
    if len(found) >= 3 and len(last) == 2 and last[0].lower() in _ORDERS and all(len(w.split()) == 1 for w in found[:-1]):
        return found[:-1]
    return found


def _label_set(found: list[str]) -> bool:
    """True when 2-8 short items read as labels."""
    return 2 <= len(found) <= 8 and all(map(_is_label, found))


_SET_NAME = re.compile(r"(?:allowed|valid|possible|permitted|available) (?:answers?|labels?|options?|values?|outputs?|categor(?:y|ies)|class(?:es)?|choices?)|answers|labels|options|choices|categories|classes", _I)  # '* Allowed answers: ...' names the set


def names_set(key: str) -> bool:
    """True when a line's key names the answer set ('Possible categories: a, b, c', 'Labels: ...'), not an input or an output."""
    return bool(_SET_NAME.fullmatch(key.strip()))


_ASKED_LINE = re.compile(r"[:=—–-][ \t]*(?:how|what|which|who|when|where|why)\b[^\n]*\?[ \t]*$", _I)  # '- Units: how many bikes did X sell?' labels a question, it defines no label


def _definition_runs(instruction: str) -> list[list[str]]:
    """The terms of each run of definition lines: '- high: service down', '* low', 'medium = has a workaround', '- date: the day of the move'."""
    runs: list[list[str]] = []
    run: list[str] = []
    for line in instruction.splitlines() + [""]:
        m = DEFINITION_LINE.match(line)
        term = re.match(r"^[ \t]*(?:(?:[-*•]|\d{1,2}[.)])[ \t]+)?[\"'`*]?([A-Za-z][\w-]*(?: (?!(?:if|when|whenever)\b)\w[\w-]*)?)", line) if m else None  # 'billing - money': the term stops before a spaced hyphen
        if term and not _SET_NAME.fullmatch(term.group(1)) and not _ASKED_LINE.search(line):
            run.append(term.group(1))
            continue
        if run:
            runs.append(run)
        run = []
    return runs


_OPTIONS_HEAD = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|\*\*)?[^\n]{0,30}?\b(?:answers?|labels?|options?|choices|categories|values|replies|outputs?|levels|grades|ratings|tiers|priorities)\b"
                           r"[^\n(]{0,20}?(?:[ \t]*\([^()\n]{0,80}\))?(?:\*\*)?[ \t]*:?[ \t]*$", _I)  # 'Levels (use exactly these spellings):' heads the set, an aside allowed
_BARE_ITEM = re.compile(r"^[ \t]*(?:[-*•][ \t]+)?[\"'`*]?([A-Za-z][\w-]*(?: [\w-]+)?)[\"'`*]?[ \t]*(?:$|[:=—–][ \t]*[A-Za-z]|\([^()\n]{1,80}\)[ \t.]*$)")  # 'low', 'billing: charges, refunds' or 'mixed (praise and complaints)' on its line


_SET_INTRO = re.compile(r"\b(?:following|these|those|below|listed|given|allowed|possible|valid|four|three|five|two)[ \t]+(?:[\w-]+[ \t]+){0,2}?"
                        r"(?:answers|labels|options|choices|categories|classes|values|levels|grades|ratings|tiers|priorities|tags|buckets|verdicts)\b[^\n.!?:]{0,30}:[ \t]*$", _I)  # '... using exactly one of the following labels:' ends a sentence by introducing the set


def _heads_set(line: str) -> bool:
    """True when a line's last sentence heads a set listed below it: a heading ('Labels:') or a sentence that ends introducing it ('... one of the following levels:')."""
    last = re.split(r"(?<=[.!?])[ \t]+(?=\S)", line)[-1]  # the head may close a line: 'Classify the review. The only valid answers are:'
    return bool(_OPTIONS_HEAD.match(last) or _SET_INTRO.search(last))


def labels_under_heading(instruction: str) -> tuple[str, ...]:
    """Labels written one per line, bare or glossed, under a head that names them ('### Allowed answers' then 'low', 'medium', 'high')."""
    lines = instruction.splitlines()
    for i, line in enumerate(lines):
        if not _heads_set(line):
            continue
        first = i + 2 if i + 2 < len(lines) and not lines[i + 1].strip() else i + 1  # one blank line may part the head from its items
        run = []
        for below in lines[first:first + 9]:
            item = _BARE_ITEM.match(below)
            if not item:
                break
            run.append(item.group(1))
        if _label_set(run):
            return tuple(dict.fromkeys(run))
    return ()


def _defined_labels(instruction: str) -> tuple[str, ...]:
    """Labels given one per line, alone or with a definition: '- high: service down', '* low', 'medium = has a workaround'."""
    return next((tuple(dict.fromkeys(run)) for run in _definition_runs(instruction) if _label_set(run) and len(set(run)) > 1), ())  # 'Category: a' x4 repeats one term: no set


_CHOICE_LINE = re.compile(r"[ \t]*(?:(?:[-*•]|\d{1,2}[.)])[ \t]+)?[\"'`“]?((?-i:[A-Z])[\w-]{0,20}(?:[ \t][\w-]{1,20})?[ \t]*[:=][ \t]*)"
                          r"([A-Za-z][\w-]{0,30}(?:[ \t][\w-]{1,30})?)[\"'`”]?[ \t]*\.?[ \t]*$")  # '- Category: billing', '`Category: billing`'


_ALL_LINES = re.compile(r"\b(?:print|write|output|copy|list|repeat|return|give|include|show|type|reproduce|send|paste|use|(?:reply|respond|answer)\s+with)\s+(?:out\s+|back\s+|down\s+)?"
                        r"(?:(?:all|both|every|each)(?:\s+of)?\s+(?:them|these|those|the)\b|(?:all|every|each)\s+(?:\w+\s+)?(?:lines?|options?|categories|labels|replies)\b|"
                        r"(?:these|those|the following|the)\s+(?:\w+\s+)?(?:lines|options|categories|labels|replies)\b)", _I)  # 'Print these four lines', 'Reply with these lines': every line is asked for, none is chosen


def line_choices(instruction: str) -> tuple[str, tuple[str, ...]]:
    """Whole reply lines offered one per line with one shared lead-in ('Category: billing' / 'Category: technical' / ...): the lead-in and the labels."""
    run: list[tuple[str, str]] = []
    lines = instruction.splitlines() + [""]
    for i, line in enumerate(lines):
        m = _CHOICE_LINE.fullmatch(line)
        if m and (not run or " ".join(m.group(1).split()) == run[0][0]):
            run.append((" ".join(m.group(1).split()), m.group(2)))
            continue
        tails = [tail for _, tail in run]
        intro = re.split(r"[.!?;]\s", " ".join(lines[max(0, i - len(run) - 2):i - len(run)])[-300:])[-1]
        if len(set(t.lower() for t in tails)) == len(tails) and _label_set(tails) and not _ALL_LINES.search(intro):
            return run[0][0] + " ", tuple(tails)
        run = [(" ".join(m.group(1).split()), m.group(2))] if m else []
    return "", ()


def _defined_keys(instruction: str) -> tuple[str, ...]:
    """Keys each defined on a line of their own, the JSON or table named elsewhere: '- date: the date of the move' / '- address: ...'."""
    for run in _definition_runs(instruction):
        names = [_key_name(term) for term in run]
        if len(names) >= 2 and all(names):
            return tuple(dict.fromkeys(names))[:12]
    return ()


_DENIED = re.compile(r"\b(?:no|not|never|without|avoid|avoiding|don't|do not|instead of|rather than|skip|drop)\b", _I)


_EXCEPT = re.compile(r"\b(?:except|but|other than|apart from|besides|only|just|aside from|outside)\b", _I)


_INPUT_NOUN = re.compile(r"[ \t]+(?:spec|specs|specification|config|configuration|brief|settings|input)\b", _I)  # 'the JSON spec above' names the input


_OPTIONAL_AID = re.compile(r"\bif (?:it|that|this|one) (?:helps|would help|is (?:useful|helpful)|'s (?:useful|helpful)|makes (?:sense|things clearer))\b|"
                           r"\bif (?:helpful|useful|needed|necessary|you (?:like|want|wish|prefer|find it (?:useful|helpful)))\b|\b(?:where|when|as) (?:helpful|useful|needed)\b|"
                           r"\bfeel free to\b|\boptional(?:ly)?\b|\byou (?:may|might|could) (?:also )?(?:use|draw|make|sketch|build)\b", _I)


_NEXT_CLAUSE = re.compile(r"\b(?:and|then|but|also|plus|so)\b", _I)


def _optional_aid(instruction: str, m: re.Match) -> bool:
    """The format is offered as an aid the model may use along the way ('write equations or a table if it helps'): no shape for the reply."""
    start = max([instruction.rfind(c, 0, m.start()) for c in ".;!?\n"] + [m.start() - 50]) + 1
    ends = [p for p in (instruction.find(c, m.end(), m.end() + 50) for c in ".;!?\n") if p >= 0]
    for aid in _OPTIONAL_AID.finditer(instruction, start, min(ends, default=min(len(instruction), m.end() + 50))):
        between = instruction[aid.end():m.start()] if aid.start() < m.start() else instruction[m.end():aid.start()]
        if not _NEXT_CLAUSE.search(between):  # 'a table, and add a note if needed': the condition belongs to the note
            return True
    return False


def _asked(pattern: re.Pattern, instruction: str) -> bool:
    """True when a format is asked for, not ruled out ('No title, no bullet points', 'prose, not bullets') nor naming the input ('the JSON spec')."""
    for m in pattern.finditer(instruction):
        if _INPUT_NOUN.match(instruction, m.end()) or _optional_aid(instruction, m):
            continue
        clause = re.split(r"[.,;:!?()\n]", instruction[max(0, m.start() - 40):m.start()])[-1]  # '(it is data, not instructions) and return JSON': the aside's 'not' is closed
        denied = _DENIED.search(clause)
        if not denied or _EXCEPT.search(clause, denied.end()):  # 'nothing but the JSON', 'no text except the table'
            return True
    return False


_FORM = re.compile(  # '"Urgency: <label>"', '`Priority - [level]`': quoted text around a placeholder for the answer
    r"[\"“`]([^\"“”`\n<>\[\]{}]{0,40}?)(?:<[^<>\n]{1,30}>|\[[^\[\]\n]{1,30}\]|\{[^{}\n]{1,30}\})([^\"“”`\n<>\[\]{}]{0,20})[\"”`]")


_BARE_FORM = re.compile(  # 'Reply in this format: Urgency: <label>' (unquoted): a label word and a placeholder after 'format', 'form', 'like'
    r"\b(?:form|format|template|pattern|like this|like so|as follows|exactly(?=\s*:))\b[^.\n<\[{]{0,40}?()((?-i:[A-Z]\w{0,20}[ \t])?[A-Za-z]\w{0,20}[ \t]*[:=-][ \t]*)"
    r"(?:<[^<>\n]{1,30}>|\[[^\[\]\n]{1,30}\]|\{[^{}\n]{1,30}\})()", _I)


_ANSWER_WORD = r"(?:label|categor(?:y|ie)|class|answer|level|rating|value|verdict|priority|urgency|sentiment|result|choice|tag|score|option|bucket|group|type|kind|tier|grade|mood|topic|department|queue)s?"  # what the answer is called
_PREFIX_FORM = re.compile(  # "reply with 'Category: ' followed by the label", "'Category: ' + label": a quoted lead-in, then (or joined to) the answer
    r"[\"'“‘`]([A-Za-z]\w{0,20}(?:[ \t]\w{1,20})?[ \t]*[:=-][ \t]*)[\"'”’`][ \t]+(?:(?:and[ \t]+)?then|(?:and[ \t]+)?followed[ \t]+by|\+|&|plus|and[ \t]+(?:ends?|ending|finish(?:es)?)[ \t]+with)[ \t]+"
    r"(?:(?:write|add|put|give)[ \t]+)?(?:(?:the|its|your|a|one)?[ \t]*(?:[\w-]{1,20}[ \t]+)?" + _ANSWER_WORD +
    r"|(?:one of[ \t]+)?[\w-]{1,20}(?:[ \t]*,[ \t]*[\w-]{1,20}){0,7}[ \t]*,?[ \t]*(?:or|/)[ \t]+[\w-]{1,20})\b()", _I)
_LEADS_WITH_FORM = re.compile(  # "output it prefixed with 'Category: '", "one line that starts with 'Urgency: '": a quoted lead-in the line opens with
    r"\b(?:prefix(?:ed)?|preceded|prefaced?|start(?:s|ing|ed)?|begin(?:s|ning)?|open(?:s|ing|ed)?)[ \t]+(?:it[ \t]+)?(?:with|by)[ \t]+"
    r"[\"'“‘`]([A-Za-z]\w{0,20}(?:[ \t]\w{1,20})?[ \t]*:[ \t]*)[\"'”’`]()", _I)
_LINE_GOES_ON = r"(?:(?:and[ \t]+)?then|(?:and[ \t]+)?followed[ \t]+by|and[ \t]+(?:ends?|ending|finish(?:es)?)[ \t]+with)"  # 'Category: followed by the label', '... and ends with the label'
_BARE_PREFIX_FORM = re.compile(  # 'Reply with one line: Category: followed by a space and the label', 'the text Category: then the label': an unquoted lead-in, then the answer
    r"(?:(?m:^)|[:,—–]|\b(?:text|word|string|prefix|reading|reads|saying|says|write|print|starts?[ \t]+with|starting[ \t]+with|begins?[ \t]+with|beginning[ \t]+with|"
    r"(?:formatted|formated|written|laid[ \t]+out|worded|phrased|shaped|given|set[ \t]+out)[ \t]+as|in[ \t]+the[ \t]+(?:form|format|shape)(?:[ \t]+of)?))[ \t]*((?-i:[A-Z])[\w-]{0,20}[ \t]*:)[ \t]+"
    + _LINE_GOES_ON + r"[ \t]+(?:(?:a|one|single)[ \t]+space[ \t]+(?:and[ \t]+then|and|then)[ \t]+)?"
    r"(?:(?:write|add|put|give)[ \t]+)?(?:(?:the|its|your|a|one|that|this)[ \t]+(?:[\w-]{1,20}[ \t]+)?" + _ANSWER_WORD +
    r"|(?:(?:exactly|just|only|precisely)[ \t]+)?(?:(?:one of|either)[ \t]+)?[\w-]{1,20}(?:[ \t]*(?:,|\bor\b|/)[ \t]*(?:or[ \t]+)?[\w-]{1,20}){1,7})\b()", _I)  # '... followed by one space and one of a, b, c'
_SPELLED_FORM = re.compile(  # 'the word Category, a colon, a space, then the category': the line spelled out piece by piece
    r"\b(?:word|text|label|string|prefix)[ \t]+[\"'`]?((?-i:[A-Z])[\w-]{0,20})[\"'`]?[ \t]*,?[ \t]*(?:then[ \t]+|followed[ \t]+by[ \t]+)?(?:a|one)[ \t]+colon\b"
    r"[^.\n]{0,40}?\b(?:then|followed[ \t]+by|and)[ \t]+(?:the|its|your|a|one)[ \t]+(?:[\w-]{1,20}[ \t]+){0,2}(?:" + _ANSWER_WORD + r"|name)\b()", _I)  # '... then the lowercase team name'
_CONTINUES = re.compile(r"[ \t]*" + _LINE_GOES_ON + r"\b", _I)


def continues_line(tail: str) -> bool:
    """True when text after a colon goes on describing a reply line ('Category: followed by the label'): the colon introduces no data."""
    return bool(_CONTINUES.match(tail))


_SLOT_FORM = re.compile(  # 'Category: <category>', 'Urgency: [level]' anywhere: a short lead-in and a slot that names the answer
    r"(?<![\w<\[{])((?-i:[A-Z][\w-]{0,20}[ \t])?[A-Za-z][\w-]{0,20}[ \t]*[:=-][ \t]*)"
    r"[<\[{][^<>\[\]{}\n]{0,40}?\b" + _ANSWER_WORD + r"\b[^<>\[\]{}\n]{0,30}?[>\]}]()", _I)  # '<category in lowercase>' names the answer too


_WORD_SLOT_FORM = re.compile(  # 'in this exact format:\nCategory: label', 'like so: Urgency: LEVEL': a format line whose slot is the answer's name, unbracketed
    r"\b(?:format|formatted|form|template|pattern|shape|shaped|layout|laid out|like this|like so|as follows)\b[^:\n]{0,60}:[ \t]*(?:\n[ \t]*){0,2}"
    r"(?<![\w-])(?!(?:allowed|valid|possible|labels|categories|options|choices|values|answers|classes)\b)"
    r"((?-i:[A-Z][\w-]{0,20}[ \t])?[A-Za-z][\w-]{0,20}[ \t]*:[ \t]*)(?:the[ \t]+|your[ \t]+|one[ \t]+)?" + _ANSWER_WORD + r"[ \t.]*(?=\n|$)()", _I)


_SET_WORDS = r"(?:allowed|valid|possible|labels|categories|options|choices|values|answers|classes|tags|words|choose|pick|select|from)\b"  # 'Labels: a | b' names the set, not a reply line


def _example_form(instruction: str, labels: tuple[str, ...]) -> str:
    """'Answer in the form "Category: billing"': a quoted example line whose answer is one of the offered labels."""
    if not labels:
        return ""
    said = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    m = (re.search(rf"[\"“`]([A-Za-z][\w-]{{0,20}}(?:[ \t][\w-]{{1,20}})?[ \t]*[:=-][ \t]*)(?:{said})[\"”`]", instruction, _I)
         or re.search(rf"\b(?:pattern|format|form|template|line|like|matching|as follows)\b[^.\n]{{0,30}}\n?[ \t]*"  # 'matching this pattern: Category: a|b|c'
                      rf"(?<![\w-])(?!{_SET_WORDS})((?-i:[A-Z][\w-]{{0,20}}[ \t])?[A-Za-z][\w-]{{0,20}}[ \t]*[:=-][ \t]*)(?:{said})(?:[ \t]*[|/][ \t]*(?:{said})){{1,7}}(?![\w-])", instruction, _I)
         or re.search(rf"\b(?:pattern|format|form|template|like this|like so|as follows|shaped|for example|e\.g\.|example)\b[^\n]{{0,60}}:[ \t]*(?:\n[ \t]*){{0,2}}"  # 'shaped exactly like this:\nCategory: technical', a blank line between or not
                      rf"(?<![\w-])(?!{_SET_WORDS})((?-i:[A-Z][\w-]{{0,20}}[ \t])?[A-Za-z][\w-]{{0,20}}[ \t]*:[ \t]*)(?:{said})[ \t.]*(?:\n|$)", instruction, _I)
         or re.search(rf"(?<![\w<\[{{-])(?!{_SET_WORDS})((?-i:[A-Z][\w-]{{0,20}}[ \t])?[A-Za-z][\w-]{{0,20}}[ \t]*[:=-][ \t]*)"  # 'Category: <billing|technical|account>', '<one of a, b or c>': a slot holding the offered labels
                      rf"[<\[{{][ \t]*(?:(?:one|any)[ \t]+of[ \t]+(?:the[ \t]+)?|either[ \t]+)?(?:{said})(?:[ \t]*(?:[|/,]|\bor\b)[ \t]*(?:or[ \t]+)?(?:{said})){{1,7}}[ \t]*[>\]}}]", instruction, _I)
         or re.search(rf"\b(?:like|e\.g\.|for example|for instance|such as)[ \t]*:?[ \t]*[\"'`]?"  # 'one line shaped like Category: billing (swap in the right label)'
                      rf"(?<![\w-])(?!{_SET_WORDS})((?-i:[A-Z])[\w-]{{0,20}}[ \t]*:[ \t]*)(?:{said})(?![\w-])(?![ \t]*(?:[|/]|,?[ \t]*(?:or[ \t]+|and[ \t]+)?(?:{said})\b))", instruction, _I))
    if not m or _DENIED.search(re.split(r"[.;!?\n]", instruction[max(0, m.start() - 40):m.start()])[-1]) or _copied_line(instruction[:m.start(1)]):
        return ""
    return m.group(1).replace("{", "{{").replace("}", "}}") + "{}"


_COPIED_LINE = re.compile(  # 'Reply with this single line: Category: a/b/c', 'Print exactly the following line:': text to copy as written, no pattern to fill
    r"\b(?:this|these|the following)[ \t]+(?:(?:single|exact|one|very|same)[ \t]+)?(?:lines?|text|words?|string)\b(?![^.\n:]{0,40}\b(?:format|form|pattern|template|shape|layout)\b)[^.\n:]{0,40}:[ \t]*$", _I)


def _copied_line(before: str) -> bool:
    """True when the text just before an example line says the line is to be copied as it stands ('Reply with this single line and nothing else:')."""
    return bool(_COPIED_LINE.search(re.split(r"[.;!?\n]", before[-120:])[-1]))


_LETTER_SLOT = re.compile(  # '`Category: X`, where X is billing, technical or account': a letter standing for the answer, defined after
    r"([:=-][ \t]*)\b([A-Z]|[A-Z]{2,12})\b([\"'`”’]?)([ \t]*,?[ \t]*(?:where|with)[ \t]+|[ \t]*,[ \t]*)\2[ \t]+(?:is|=|means|must be|can be|stands for|being)(?:[ \t]+one of)?[ \t]*:?")  # 'Category: LABEL, where LABEL is ...', "'Category: X', X being the category"


def named_slots(instruction: str) -> str:
    """The instruction with a placeholder letter written as a slot: '`Category: X`, where X is a, b or c' -> '`Category: <label>`, as a, b or c'."""
    return _LETTER_SLOT.sub(lambda m: f"{m.group(1)}<label>{m.group(3)}, as ", instruction)


def find_form(instruction: str, labels: tuple[str, ...] = ()) -> str:
    """The reply line the prompt dictates around the answer ('Reply in the form "Urgency: <label>"' -> 'Urgency: {}'), unless ruled out."""
    for m in [*_FORM.finditer(instruction), *_BARE_FORM.finditer(instruction), *_PREFIX_FORM.finditer(instruction), *_SLOT_FORM.finditer(instruction),
              *_BARE_PREFIX_FORM.finditer(instruction), *_SPELLED_FORM.finditer(instruction), *_WORD_SLOT_FORM.finditer(instruction),
              *_LEADS_WITH_FORM.finditer(instruction)]:
        clause = re.split(r"[.;!?\n]", instruction[max(0, m.start() - 40):m.start()])[-1]
        if m.re is _SPELLED_FORM:
            before, after = m.group(1) + ": ", m.group(2)
        elif m.re in (_PREFIX_FORM, _SLOT_FORM, _BARE_PREFIX_FORM, _LEADS_WITH_FORM):
            before, after = m.group(1).rstrip() + " ", m.group(2)
        else:
            before, after = (m.group(1) + m.group(2), m.group(3)) if m.re is _BARE_FORM else (m.group(1), m.group(2))
        if re.search(r"[A-Za-z]", before + after) and not _DENIED.search(clause):
            return before.replace("{", "{{").replace("}", "}}") + "{}" + after.replace("{", "{{").replace("}", "}}")
    lead, offered = line_choices(instruction)
    if lead and {label.lower() for label in offered} <= {label.lower() for label in labels}:
        return lead.replace("{", "{{").replace("}", "}}") + "{}"  # the offered (or example) lines share the lead-in: the reply is that lead-in and one label
    return _example_form(instruction, labels)


_OBJECT_EACH = re.compile(  # 'a JSON object for each product', 'for every item, write an object', 'each product as its own object'
    r"\b(?:an?|one|its own|a separate)\s+(?:json\s+)?object\s+(?:for|per)\s+(?:each|every|one|product|item|entry|record)\b|"
    r"\b(?:for|with)\s+(?:each|every)\b[^.\n]{0,60}?\b(?:an?|one|its own)\s+(?:separate\s+)?(?:json\s+)?object\b|"
    r"\beach\s+\w+\s+(?:as|in|gets)\s+(?:an?|its own)\s+(?:separate\s+)?(?:json\s+)?object\b", _I)


_TYPE = (r"(?:numbers?|numeric(?:al)?|integers?|int|floats?|decimals?|digits|strings?|text|str|booleans?|bool|true(?:\s*(?:/|or)\s*false)?|"
         r"yes(?:\s*(?:/|or)\s*no)?|dates?|iso[- ]?8601)")
_ANY_TYPED = re.compile(r"\b(?:no|without|strip(?:ped)?|remove[ds]?|drop(?:ped)?|leave out|omit(?:ted)?)\b[^.;\n]{0,25}(?:currency|dollar|euro|pound|[$€£])|"
                        r"\b(?:as|in|use)\s+(?:plain\s+|raw\s+|real\s+|json\s+)?(?:numbers|numeric values|numerals)\b|\b(?:numeric|numerical)\s+(?:values|fields|amounts|prices)\b", _I)


def _key_pattern(key: str) -> str:
    """A key as written in a prompt: quoted or not, a space or an underscore between its words."""
    return r"[\"'`*]?" + re.escape(key).replace(r"\ ", r"[\s_]") + r"[\"'`*]?"


_TYPE_SPEC = re.compile(rf"[ \t]*(?:an?[ \t]+|plain[ \t]+)?(?:{_TYPE}|array|list|object|null)\b", _I)


_CHOICE_ITEM = r"[\"'`]?[\w-]+(?:[ \t][\w-]+)?[\"'`]?"
_CHOICES_SPEC = re.compile(rf"[ \t]*(?:(?:any |exactly )?one of\b|{_CHOICE_ITEM}[ \t]*[|/][ \t]*{_CHOICE_ITEM}[ \t]*[|/][ \t]*\S)", _I)


def names_type(text: str) -> bool:
    """True when the text states a value type ('string', 'number (e.g. 39.99)', 'true / false') or its allowed values ('low | medium | high', 'one of ...'): a schema line's right side, no example's output."""
    return bool(_TYPE_SPEC.match(text) or _CHOICES_SPEC.match(text))


def _typed_keys(instruction: str, keys: tuple[str, ...], samples: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The keys whose type is stated: beside the key ('price (number)', 'price as a float', 'a numeric price', '"price": 89.99'), or for every value ('no currency symbols')."""
    if _ANY_TYPED.search(instruction):
        return keys
    text = "\n".join((instruction, *samples))
    typed = []
    for key in keys:
        name = _key_pattern(key)
        near = re.search(rf"\b{name}(?:\s*\([^)\n]{{0,40}}?\b{_TYPE}\b|,[^.;,()\n]{{0,20}}?\b{_TYPE}\b|\s*[:=]\s*(?:-?\d|true\b|false\b|\"|<?{_TYPE}\b)|"  # 'price (number)', '"price": 89.99'
                         rf"(?:(?!\band\b|\bor\b)[^.;,()\n]){{0,25}}?\b{_TYPE}\b)|\b{_TYPE}\b[^.;,()\n]{{0,15}}?\b{name}", text, _I)  # 'price as a number', 'a numeric price'
        if near:
            typed.append(key)
    return tuple(typed)


_AS_TEXT = (r"(?:(?:an?\s+|plain\s+)?(?:string|str|text)\b(?!\s*(?:/|or)\s*(?:number|numeric))|\"[$€£]|"
            r"(?:copied\s+|kept\s+|exactly\s+)?as\s+(?:it\s+is\s+|they\s+are\s+)?(?:written|shown|given|listed|printed|stated)\b|"
            r"(?:with|including|keeping|keep)\s+(?:the\s+)?(?:currency|dollar|euro|pound|[$€£])(?:\s+(?:sign|symbol))?)")


def _text_keys(instruction: str, keys: tuple[str, ...], samples: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The keys stated as text kept as written, beside the key: 'price (string, copied as written)', 'price: "$89.99"', 'price as a string'."""
    text = "\n".join((instruction, *samples))
    found = []
    for key in keys:
        name = _key_pattern(key)
        if re.search(rf"\b{name}(?:\s*\(\s*|\s*[:=]\s*|\s+(?:as|is|in)\s+|\s+(?:should|must|will)\s+be\s+)(?:a\s+|an\s+)?{_AS_TEXT}", text, _I):
            found.append(key)
    return tuple(found)


_SKETCH_LINE = re.compile(r"^[ \t]*(?:(?P<dot>[-*•+])|(?P<num>\d{1,2})[.)])[ \t]+(?:<[^<>\n]{1,40}>|\[[^\[\]\n]{1,40}\]|\{[^{}\n]{1,40}\}|\.{3}|…|_{3,20})[ \t]*$")


def sketched_list(instruction: str) -> tuple[str | None, int]:
    """A reply sketched as list lines holding only a slot ('- <point 1>', '1. ...'): ('bullets' or 'numbered', how many lines)."""
    run: list[re.Match] = []
    best: list[re.Match] = []
    for line in instruction.splitlines() + [""]:
        m = _SKETCH_LINE.match(line)
        if m:
            run.append(m)
            continue
        best, run = (run if len(run) > len(best) else best), []
    if len(best) < 2:
        return None, 0
    return ("numbered" if best[0].group("num") else "bullets"), len(best)


_INLINE_OBJECT = re.compile(r"\{\{?[ \t]*[\"'][\w ]{1,30}[\"'][ \t]*:[^{}\n]{1,200}?,[ \t]*[\"'][\w ]{1,30}[\"'][ \t]*:[^{}\n]{1,200}?\}\}?")  # '{"a": <x|y>, "b": ...}' on one line
_FENCE_OPEN = re.compile(r"^\s*```[\w-]{0,12}[ \t]*\n")  # a code fence opened before the answer
_CUE_END = re.compile(r"(?:^|\n)[ \t]*[A-Za-z][\w ]{0,24}(?:\([^()\n]{0,40}\)[ \t]*)?:[ \t]*$")  # a prompt ending on its own 'Label:' / 'Sentiment:' line: the reply is what fills it


def _cue_is_last(instruction: str, raw: str) -> bool:
    """True unless the instruction's closing 'Review:' line heads the data that follows it in the message: only a last line left empty is a slot to fill."""
    m = _CUE_END.search(instruction[-60:])
    if not m or not raw:
        return True
    return raw.rstrip().endswith(m.group(0).strip())


def find_shape(instruction: str, prefill: str = "", samples: tuple[str, ...] = (), raw: str = "") -> Shape:
    """The shape the instruction (or a prefill such as '{') asks for; `samples` are fenced blocks that may sketch the JSON; `raw` is the message the instruction was cut from."""
    kind = next((name for name, pattern in FORMATS if _asked(pattern, instruction)), None)
    prefill = _FENCE_OPEN.sub("", prefill)  # '```json\n{' opens JSON inside a fence
    start = prefill.lstrip()[:1]
    if start in ("{", "["):
        kind = "json"
    elif re.match(r"\s*<\w+>", prefill):
        kind = "xml"
    if kind is None and (sketch := _INLINE_OBJECT.search(instruction)) and re.search(r"[<|…‹]|\.\.\.|\bor\b", sketch.group(0)):
        kind = "json"  # 'Output only {"category": <billing|technical>, "priority": <low|high>}' sketches a JSON object without naming JSON; a spec with real values ('{"max_words": 60}') does not
    if kind is None:
        kind = sketched_list(instruction)[0]
    labels = find_labels(named_slots(instruction))
    if raw and labels and labels == line_choices(named_slots(instruction))[1] and line_choices(raw)[1] != labels:
        labels = find_labels(named_slots(instruction), lines=False)  # 'Tag: POS' / 'Tag: NEG' met only once the examples' inputs were cut out: outputs, no offered lines
    cue = (_CUE_END.search(instruction[-60:]) if _cue_is_last(instruction, raw) else None) or _CUE_END.search(prefill[-60:]) if start not in ("{", "[") else None
    bare = bool(_BARE.search(instruction)) or bool(labels) and bool(cue) or bool(labels) and bool(re.search(
        r"\b(?:only|nothing else|alone|single|just)\b|\b(?:answer|reply|respond|say|output|return)\s+(?:with\s+)?(?:either\s+)?[\"'`]?\w+[\"'`]?\s*(?:,|\bor\b|/)", instruction, _I))
    if kind is None and bare and (labels or re.search(r"\b(?:one|single|1)[- ]word\b|\b(?:label|category|class|city|name|number|value|rating|level|verdict)\b", instruction, _I)):
        kind = "label"
    form = find_form(named_slots(instruction), labels) if labels and kind in (None, "xml", "label") and "</" not in instruction else ""
    if form:
        kind = "label"  # 'Classify it as low, medium or high. Reply in this format: Urgency: <label>' dictates a labelled line, not XML
        bare = bare or form == line_choices(instruction)[0] + "{}"  # 'Pick the line that fits:' over whole reply lines offers nothing but a line
    keys = find_keys(instruction, kind) or (_sample_keys(samples) or _prefill_keys(innermost(prefill), instruction) if kind == "json" else ())
    if kind == "xml" and (opened := re.match(r"\s*<(\w{1,30})>", prefill)):
        keys = tuple(dict.fromkeys((opened.group(1).lower(), *keys)))  # '<sentiment>' prefilled: the reply goes in that tag
    sketched = any(re.search(r"\[\s*\{", text) for text in (instruction, *samples))  # '[{"name": "...", ...}, ...]' shows the list
    wants_list = kind == "json" and (bool(re.search(r"\b(?:array|list)\b", instruction, _I)) or sketched) or start == "["
    open_keys = kind in ("json", "table", "csv") and _open_keys(instruction)
    separate = kind == "json" and not wants_list and not start and bool(_OBJECT_EACH.search(instruction))
    typed = _typed_keys(instruction, keys, samples) if kind == "json" else ()
    as_text = _text_keys(instruction, keys, samples) if kind == "json" else ()
    return Shape(kind, keys, labels, bare, wants_list, open_keys, bool(_MARKDOWN.search(instruction)), separate, form, typed, as_text)


# A key given with its value set: '"category" (billing/technical)', '"priority" set to high, low or medium',
# 'key "category" with one of a, b', 'Pick "category" from: a, b', '- category: a | b', 'Allowed category values: "a", "b"'.
_VALUED_QUOTED = re.compile(r"[\"'`“](?P<name>[A-Za-z_]\w{0,30})[\"'`”]")
_VALUED_LINE = re.compile(r"^[ \t]*(?:(?:[-*•+]|\d{1,2}[.)])[ \t]+)?[*_]{0,2}(?P<name>[A-Za-z_]\w{0,30})[*_]{0,2}[ \t]*:", re.M)
_VALUED_NAMED = re.compile(r"\b(?:allowed|valid|possible|permitted|accepted)[ \t]+[\"'`]?(?P<name>[A-Za-z_]\w{0,30})[\"'`]?[ \t]+(?:values|options|labels|choices)\b[ \t]*(?:are\b)?[ \t]*:?", _I)
_VALUE_BRIDGE = re.compile(r"(?:[ \t]*(?:[:=(]|,(?=[ \t]*(?:(?:allowed|valid|possible|permitted|accepted)[ \t]+)?(?:values?|options?|labels?|choices?)\b)|"  # '"category", allowed values billing, ...'
                           r"\b(?:set|to|with|from|is|are|must|should|can|be|takes?|holds?|gets?|being|equal|exactly|only|just|allowed|valid|possible|permitted|accepted|"
                           r"one|of|either|any|among|between|pick|choose|select|the[ \t]+(?:following|values?|labels?|options?|words?)|values?|options|labels|choices|field|key|property)\b)){0,8}[ \t]*:?[ \t]*", _I)
_VALUE_END = re.compile(r"\.(?:\s|$)|[;\n!?]")
_NEXT_KEY = re.compile(r"[\"'`“][A-Za-z_]\w{0,30}[\"'`”][ \t]*(?:[:=(]|\b(?:set|with|is|from|takes?)\b)", _I)
_CONDITION = re.compile(r"^[\"'`]?([A-Za-z][\w-]*)[\"'`]?[ \t]*(?:\b(?:if|when|whenever|unless|for|means|otherwise)\b|[=:]|[-–—][ \t])", _I)


def _value_items(text: str) -> list[str]:
    """'billing, technical or shipping' / 'high if ..., low if ..., else medium' / 'a | b | c' -> the values, up to the first item that is no value."""
    text = re.sub(r"\([^()\n]*$", "", re.sub(r"\([^()\n]{0,200}\)", " ", text))  # 'high (blocked or losing money)': a gloss, no value
    text = re.sub(r"</\w{1,30}>|\{\w{1,30}\}", " ", text)  # '<t>{ticket}</t>': a slot and its tags, no value
    items: list[str] = []
    conditioned = False  # the previous value carried its condition ('low if a small visual/cosmetic issue')
    quoted_rule = False  # inside a quoted value's rule: '"low" if a small visual/cosmetic issue, otherwise "medium"'
    for sep, chunk in _chunks(text):
        if conditioned and sep == "/":
            continue  # 'visual/cosmetic': a slash inside the condition joins two words, it separates no values
        chunk = re.sub(r"^\s*(?:(?:or|and|else|otherwise|then)\b\s*)+", "", chunk).strip()
        conditioned = False
        if _NEXT_KEY.match(chunk):
            return items  # '..., "priority" = high | low': the next key and its own values
        if cond := _CONDITION.match(chunk):
            quoted_rule = chunk[:1] in "\"'`“"
            pieces = [cond.group(1)]  # 'high if the customer is blocked or ...': the value before its condition
            conditioned = True
        elif quoted_rule and chunk[:1] not in "\"'`“":
            continue  # the rest of a quoted value's rule, split at its own comma or slash: no value
        else:
            pieces = [p.strip(" \t\"'`“”*.<>[]{}()") for p in re.split(r"\bor\b|\band\b", chunk)]
        for piece in filter(None, pieces):
            if len(piece.split()) > 2 or not _is_label(piece):
                head = re.match(r"([A-Za-z][\w-]*)[\"'`”]?[ \t]*[:=]", piece)  # '... or high: high if blocked ...': the last value, then its rule
                return items + [head.group(1)] if head and _is_label(head.group(1)) else items
            items.append(piece)
    return items


def _chunks(text: str) -> list[tuple[str, str]]:
    """'a, b/c' -> [('', 'a'), (',', ' b'), ('/', 'c')]: each item of a value list with the separator before it."""
    parts = re.split(r"([,;/|])", text)
    return [("", parts[0]), *zip(parts[1::2], parts[2::2])]


def _mentions(instruction: str) -> list[tuple[int, int, str]]:
    """Where a key may be named before its values: (start, end of the name, name), in the instruction's order."""
    found = [(m.start(), m.end(), m.group("name")) for pattern in (_VALUED_QUOTED, _VALUED_LINE, _VALUED_NAMED) for m in pattern.finditer(instruction)]
    return sorted(found)


def key_values(instruction: str, keys: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """Each key named with its own value set, in the instruction's order: '"category" (billing/technical)' -> {'category': ('billing', 'technical')}.
    A name at the head of a line ('- billing: charges, refunds') is a key only when it is quoted elsewhere or among `keys` (else it is a
    legend of a label); a name that is itself one of another key's values ('"high" (blocked ...)') is a value, not a key."""
    found: dict[str, tuple[str, ...]] = {}
    known = {k.lower() for k in keys}
    instruction = instruction[:20000]  # a key and its values are named near the top; a megabyte of data names none
    for start, end, name in _mentions(instruction):
        if name in found or _NOT_KEY.fullmatch(name) or name.lower() in _TYPE_WORDS or _FORMAT_WORD.fullmatch(name):
            continue
        if instruction[start] not in "\"'`“" and not _VALUED_NAMED.match(instruction, start) and name.lower() not in known \
                and not re.search(rf"(?<![:=])(?<![:=][ \t])[\"'`“]{re.escape(name)}[\"'`”]", instruction):
            continue  # '- billing: charges, refunds': a legend line, unless the name is a key named elsewhere
        span = instruction[end:end + 300]
        bridge = _VALUE_BRIDGE.match(span)
        if instruction[start] in "\"'`“" and not span[:bridge.end()].strip():
            continue  # '"category" and "priority" for the ticket': nothing introduces a value set
        lead, span = span[:bridge.end()], span[bridge.end():]
        if not re.match(r"[\"'`“<\[{]?[A-Za-z]", span):
            continue  # '"category", "priority" and "summary"': a list of keys, no values
        if "(" in lead:
            span = span.split(")")[0]  # '"priority" (high if ..., else medium)': the set is the bracket
        elif cut := _VALUE_END.search(span):
            span = span[:cut.start()]
        values = list(dict.fromkeys(_value_items(span)))
        if 2 <= len(values) <= 12 and name.lower() not in {v.lower() for v in values}:
            found[name] = tuple(values)
    values = {v.lower() for vs in found.values() for v in vs}
    return {k: v for k, v in found.items() if k.lower() not in values}


def _with_valued(listed: tuple[str, ...], valued: dict[str, tuple[str, ...]], instruction: str) -> tuple[str, ...]:
    """The keys read from lists, less any that is a value or a misread of a valued key, plus the valued keys, in the instruction's order."""
    values = {v.lower() for vs in valued.values() for v in vs}
    kept = [k for k in listed if k.lower() not in values and k not in valued and not any(v.lower() in k.lower() for v in valued)
            and not (" " in k and values & set(k.lower().split()))]  # 'allowed values billing': a phrase running into a value, no key
    return tuple(sorted([*valued, *kept], key=lambda k: _first_named(k, instruction)))[:12]


def _first_named(key: str, instruction: str) -> int:
    """Where a key is first named: quoted if it is quoted anywhere ('set a priority' earlier names no key), else as a word."""
    m = re.search(rf"[\"'`“]{re.escape(key)}[\"'`”]", instruction, _I) or re.search(rf"\b{re.escape(key)}\b", instruction, _I)
    return m.start() if m else len(instruction)
