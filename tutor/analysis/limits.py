"""Length limits, each with its own quantifier and unit: 'exactly 2 bullets', 'at most 40 words'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.analysis.text import number

_NUM = (r"\d{1,5}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
        r"sixteen|seventeen|eighteen|nineteen|twenty(?:-five)?|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
        r"(?:a |one )?hundred|a single|single|a couple of|a pair of|a few|a dozen|an?")
_UNITS = {
    "words": r"words?",
    "sentences": r"sentences?",
    "bullets": r"(?:bullet[- ]?points?|bullets?|bulleted (?:points|items|lines)|points|key points|main points|takeaways|"
               r"items|reasons|tips|ideas|steps|benefits|things|ways|facts|highlights|action items)",
    "lines": r"lines?",
    "chars": r"(?:characters?|chars?)",
    "paragraphs": r"paragraphs?",
}
_ADJ = r"(?:,?\s+(?:short|brief|concise|simple|clear|key|main|plain|full|complete|separate|crisp|punchy|bulleted|bullet|"\
       r"distinct|single|little|compact|tight|plain-english|plain-language|easy|friendly|summary|markdown|numbered|"\
       r"[a-z]{2,15}(?:-(?!words?\b|sentences?\b|lines?\b|bullets?\b|points?\b)[a-z]{2,15}){1,3}))"  # any compound modifier: 'a single plain-prose sentence', 'two well-chosen sentences'
_BEFORE = (r"exactly|precisely|just|only|at most|at the most|no more than|not more than|never more than|never over|not over|not exceeding|never exceeding|up to|a maximum of|maximum of|"
           r"maximum|max\.?|under|below|fewer than|less than|within|at least|no fewer than|no less than|not fewer than|"
           r"a minimum of|minimum of|minimum|min\.?|more than|over|around|about|roughly|approximately|in|of|into|as|using|"
           r"with|to|than|limit(?:ed)? to|limit of|cap(?:ped)? at|keep it to|stick to")
_AFTER = r"or (?:fewer|less|under|so)|or more|max(?:imum)?|tops|at most|at the most|or shorter|at least|minimum|long|maximum"
LIMIT = re.compile(
    rf"\b(?:(between)\s+({_NUM})\s+(?:and|to)\s+({_NUM})|(\d{{1,4}})\s*(?:-|–|to)\s*(\d{{1,4}})|(?:({_BEFORE})\s+)?({_NUM}))"
    rf"{_ADJ}{{0,2}}[\s-]+(?P<unit>{'|'.join(f'(?P<{k}>{v})' for k, v in _UNITS.items())})\b"
    rf"(?:\s*\(?\s*(?P<after>{_AFTER})\b)?",
    re.I)
_AT_MOST = {"at most", "at the most", "no more than", "not more than", "never more than", "never over", "not over", "not exceeding", "never exceeding", "up to", "a maximum of", "maximum of", "maximum",
            "max", "max.", "under", "below", "fewer than", "less than", "within", "limit to", "limited to", "limit of", "cap at",
            "capped at", "keep it to", "stick to"}
_AT_LEAST = {"at least", "no fewer than", "no less than", "not fewer than", "a minimum of", "minimum of", "minimum", "min",
             "min.", "more than", "over"}


@dataclass(frozen=True)
class Limit:
    """One length limit: unit ('words', 'sentences', 'bullets', 'lines', 'chars', 'paragraphs') and bounds."""

    unit: str
    quantifier: str  # "exactly", "at_most", "at_least", "between", "about"
    low: int | None
    high: int | None

    @property
    def target(self) -> int:
        """The count a careful writer aims for: the upper bound, else the lower bound."""
        return self.high if self.high is not None else (self.low or 0)

    def allows(self, n: int) -> bool:
        """True when a count of n meets this limit."""
        return (self.low is None or n >= self.low) and (self.high is None or n <= self.high)

    def describe(self) -> str:
        """'at most 40 words', 'exactly 2 bullets'."""
        unit = self.unit if self.target != 1 else self.unit.rstrip("s")
        if self.quantifier == "between":
            return f"between {self.low} and {self.high} {self.unit}"
        return f"{self.quantifier.replace('_', ' ')} {self.target} {unit}"


def _quantified(before: str, after: str, n: int, unit: str) -> Limit:
    """A Limit from the words before and after the number."""
    before, after = (before or "").lower().strip(), (after or "").lower().strip()
    if before in ("more than", "over"):
        return Limit(unit, "at_least", n + 1, None)
    if before in ("fewer than", "less than", "under", "below"):  # strictly fewer; "under 80 characters" is a budget
        loose = before in ("under", "below") and unit in ("words", "chars") or before == "less than" and unit == "chars"
        return Limit(unit, "at_most", None, n if loose else max(n - 1, 0))
    if before in _AT_LEAST or after in ("or more", "at least", "minimum"):
        return Limit(unit, "at_least", n, None)
    if before in _AT_MOST or after in ("or fewer", "or less", "or under", "max", "maximum", "tops", "at most", "at the most", "or shorter"):
        return Limit(unit, "at_most", None, n)
    if before in ("exactly", "precisely", "just", "only") or unit in ("bullets", "sentences", "paragraphs", "lines"):
        return Limit(unit, "exactly", n, n)
    if before in ("around", "about", "roughly", "approximately", "or so"):
        return Limit(unit, "about", None, n)
    return Limit(unit, "at_most", None, n)  # "in 30 words", "a 30-word summary": a budget


_SETTING = re.compile(rf"(?m)(?:^|[.;,(][ \t]{{0,3}})[ \t*#>•-]{{0,6}}(?:(?P<pre>max(?:imum)?|min(?:imum)?|number of|no\.? of|total|target)\s+)?(?P<unit>word|sentence|bullet|bullet point|line|character|char)s?"
                      rf"(?:\s+(?:limit|count|cap|max(?:imum)?|budget|allowed|total))?\s*[:=]\s*(?P<q>≤|<=|<|at most|max(?:imum)?|up to|no more than|under|exactly|=)?\s*(?P<n>\d{{1,4}}|{_NUM})\b(?!\s*[-/])", re.I)
_NAMED = re.compile(rf"\b(?P<unit>word|sentence|bullet|line|character|char)s?[ \t]+(?:limit|count|cap|maximum|max|budget)\b[ \t]*(?:is|of|:|=)?[ \t]*"
                    rf"(?:(?P<before>{_BEFORE})[ \t]+)?(?P<n>\d{{1,4}})\b(?![ \t]*(?:{'|'.join(_UNITS.values())}))(?:[ \t]*\(?[ \t]*(?P<after>{_AFTER})\b)?", re.I)


_TRAILING = re.compile(rf"\b(?P<unit>bullet[- ]?points?|bullets|sentences|words|lines|paragraphs)[ \t]{{0,3}}[,(—–:-][ \t]{{0,3}}(?:(?P<before>{_BEFORE})[ \t]+)?(?P<n>{_NUM})\b"
                       rf"(?=[ \t]{{0,3}}(?:of them|in total|in all|total|(?P<after>{_AFTER}|no more)\b|[,;.)]|$))", re.I)


_ELIDED = re.compile(  # 'Count your words: it may contain no more than 30.': the unit named first, the number later in the sentence, bare
    rf"\b(?P<unit>word|sentence|bullet[- ]?point|bullet|line|character)s?\b[^.!?\n]{{0,80}}?\b(?P<before>at most|at the most|no more than|not more than|never more than|never over|not over|not exceeding|never exceeding|"
    rf"up to|a maximum of|maximum of|under|below|fewer than|less than|within|exactly|precisely|at least|no fewer than|a minimum of)[ \t]+"
    rf"(?P<n>\d{{1,4}}|{_NUM})\b(?=[ \t]*(?:[.,;!?)]|\n|$|\band\b|\bor\b|\b(?:of them|in total|in all|total|tops|max(?:imum)?)\b))", re.I)


def _elided(instruction: str) -> list[Limit]:
    """Counts whose unit was named earlier in the sentence: 'Count your words: no more than 30', 'the word count must stay under 30'."""
    out = []
    for m in _ELIDED.finditer(instruction):
        n = number(m.group("n"))
        unit = next(k for k, v in _UNITS.items() if re.fullmatch(v, m.group("unit") + "s", re.I))
        if n is not None and 0 < n <= 5000 and m.group("n").lower() not in ("a", "an"):
            out.append(_quantified(m.group("before"), "", n, unit))
    return out


def _trailing(instruction: str) -> list[Limit]:
    """Counts given after the unit: 'bullet points, exactly three of them', 'sentences (two at most)'."""
    out = []
    for m in _TRAILING.finditer(instruction):
        n = number(m.group("n"))
        unit = next(k for k, v in _UNITS.items() if re.fullmatch(v, m.group("unit"), re.I))
        if n is not None and 0 < n <= 5000 and m.group("n").lower() not in ("a", "an"):
            after = "at most" if (m.group("after") or "").lower() == "no more" else m.group("after")
            out.append(_quantified(m.group("before"), after, n, unit))
    return out


def _named(instruction: str) -> list[Limit]:
    """Limits stated as a setting: 'Word limit: 30 (maximum)', 'sentence count: 1'."""
    out = []
    for m in _NAMED.finditer(instruction):
        unit = {"word": "words", "sentence": "sentences", "bullet": "bullets", "line": "lines"}.get(m.group("unit").lower(), "chars")
        lim = _quantified(m.group("before"), m.group("after"), int(m.group("n")), unit)
        out.append(Limit(unit, "at_most", None, lim.target) if lim.quantifier == "exactly" and "count" not in m.group(0).lower() else lim)
    for m in _SETTING.finditer(instruction):  # 'Bullets: 2', 'Max words: 40', 'Word count: <= 40'
        n = number(m.group("n"))
        unit = {"word": "words", "sentence": "sentences", "bullet": "bullets", "bullet point": "bullets", "line": "lines"}.get(m.group("unit").lower(), "chars")
        if n is None or not 0 < n <= 5000:
            continue
        pre, q = (m.group("pre") or "").lower(), (m.group("q") or "").lower()
        if pre.startswith("min"):
            out.append(Limit(unit, "at_least", n, None))
        elif q in ("exactly", "=") or (pre in ("", "number of", "no of", "no. of") and not q and unit in ("bullets", "sentences", "lines")):
            out.append(Limit(unit, "exactly", n, n))
        else:
            out.append(Limit(unit, "at_most", None, n - 1 if q == "<" else n))
    return out


_ECHO = re.compile(rf"\b((?:{_NUM}))[ \t]*\([ \t]*(?:{_NUM})[ \t]*\)", re.I)  # '3 (three) bullets', 'thirty (30) words': the count said twice


def find_limits(instruction: str) -> list[Limit]:
    """Every length limit in an instruction, one per unit (the first stated wins)."""
    instruction = _ECHO.sub(r"\1", instruction)
    found: dict[str, Limit] = {l.unit: l for l in reversed(_named(instruction) + _trailing(instruction))}
    elided = {l.unit: l for l in reversed(_elided(instruction))}
    for m in LIMIT.finditer(instruction):
        unit = next(k for k in _UNITS if m.group(k))
        if unit in found and found[unit].quantifier != "about":
            continue  # the first limit stated wins, but a hard one overrides an estimate ('about 30 words get cut; write 30 or fewer')
        if m.group(1):  # between A and B
            lo, hi = number(m.group(2)), number(m.group(3))
            if lo is not None and hi is not None:
                found[unit] = Limit(unit, "between", min(lo, hi), max(lo, hi))
            continue
        if m.group(4):  # A-B
            lo, hi = int(m.group(4)), int(m.group(5))
            found[unit] = Limit(unit, "between", min(lo, hi), max(lo, hi))
            continue
        n = number(m.group(7))
        if n is None or not 0 < n <= 5000 or _not_a_limit(instruction, m, unit):
            continue
        vague = m.group(7).lower() in _VAGUE and (m.group(6) or "in").lower() in _PREPOSITIONS and not m.group("after")
        limit = Limit(unit, "about", None, n) if vague else _quantified(m.group(6), m.group("after"), n, unit)
        if unit not in found or limit.quantifier != "about":
            found[unit] = limit
    return [elided[u] if u in elided and l.quantifier == "about" else l for u, l in found.items()] + [l for u, l in elided.items() if u not in found]


_VAGUE = ("a few", "a couple of")  # 'in a few bullet points' sets a rough size, not a count
_PREPOSITIONS = ("in", "of", "into", "as", "using", "with", "to")  # the words before a count that do not quantify it


def _not_a_limit(text: str, m: re.Match, unit: str) -> bool:
    """True for counts that name things rather than limit the reply ('the word "price"', 'a point')."""
    word = (m.group(7) or "").lower()
    if word in ("a", "an") and unit in ("words", "bullets", "lines", "chars"):
        return True  # "a word", "an item": not a limit
    clause = re.split(r"[.;:!?\n]|\band\b", text[max(0, m.start() - 60):m.start()])[-1].lower()
    after = text[m.end():m.end() + 25].lower()
    clause = _WHOLE_REPLY.sub("", clause)  # 'each notification must be 30 words' limits the reply itself
    clause = _OBJECT.sub("", clause)  # 'fix every problem, in at most 60 words': what is fixed is not a part of the reply
    return bool(re.search(r"\b(?:each|every|per)\b", clause) or re.match(r"[ \t]*(?:each|per|for each|apiece)\b", after))  # '3 words each', not a new line 'Each bullet ...'


_OBJECT = re.compile(r"\b(?:fix|correct|address|resolve|solve|repair)(?:e?s|ed|ing)?\s+(?:each|every)\b|"
                     r"\b(?:each|every)\s+\w+[^.;!?\n]{0,40}?\s(?:(?:is|are|gets?|has been|have been)\s+)?(?:fixed|corrected|addressed|resolved|solved|repaired)\b", re.I)
_WHOLE_REPLY = re.compile(r"\b(?:each|every)\s+(?:notification|summary|reply|answer|response|message|tweet|post|output|version|description|alert|text)\b", re.I)
