"""Read a library entry's guide (lesson 13): does it say when to use the template, and name a real limit?

A guide is read by meaning, sentence by sentence: a sentence about use says what the template is for
or when to reach for it ("Use it to sort…", "Good for…", "Works best on…"); a sentence about a limit
says what it gets wrong or cannot do ("It does not detect sarcasm", "may mislabel…", "Limit: …").
Either must say something concrete: "Limits: none" or a copy of the task's wording names nothing.

    >>> read("Use this to sort support tickets into queues. It may mislabel a ticket that mentions two problems.").limit
    'It may mislabel a ticket that mentions two problems.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.analysis.text import sentences

USE = re.compile(
    r"(?:\b|(?<=re))(?:use (?:it|this|the|me|when|for|to|on|with|if|whenever)|us(?:e|ed|ing) (?:\w+ ){0,3}(?:for|to|when|on|whenever|if)|useful|(?:good|great|fine|safe) (?:for|at|when|on|to)|"
    r"(?:choice|pick|option|tool|template) (?:for|when)|apply (?:it|this|the)|"
    r"works? (?:well|best|for|on|when)|best (?:for|when|used|on|with)|designed (?:for|to)|meant (?:for|to)|intended (?:for|to)|"
    r"built (?:for|to)|made (?:for|to)|suit(?:ed|able|s)|ideal (?:for|when)|handy|fits?\b|purpose|helps? (?:you|to|a|the|with)|"
    r"lets? (?:you|a|the)|use ?cases?|when to use|reach for it|(?:apply|run|call|feed) (?:it|this|the template|this template|me)(?: \w+)? (?:on|over|to|for|when|whenever|with|each|every)|"
    r"for (?:sorting|triag|routing|labell?ing|"
    r"classify|tagging|flagging|filtering|prioriti[sz]|reporting|dashboards?)|(?:sorts?|routes?|triages?|labels?|tags?|classif\w+|flags?|handles?|covers?|processes|supports?|reads?) "
    r"(?:[\w-]+ ){0,3}(?:[a-z]+-)?(?:tickets?|reviews?|messages?|emails?|requests?|feedback|comments?|mail))\b|"
    r"^\W*(?:when|use|uses|usage|for|scope|purpose|use ?case|good for|best for|when to use(?: it)?|who (?:it|this|the template)(?:'s|’s| is| was)? (?:for|meant for)|audience)\s*:|"
    r"\b(?:intended|typical|main|primary|recommended|ideal) (?:use|usage|purpose)\b|"
    r"\bwho (?:it|this(?: template| entry)?)(?:'s|’s| is) for\b|\b(?:for )?any(?:one|body) who (?:needs?|wants?|has to|must)\b", re.I | re.M)
LIMIT = re.compile(
    r"\b(?:limit(?:s|ed|ation|ations)?|weakness(?:es)?|caveats?|drawbacks?|downsides?|known issues?|does ?n[o']t|do ?n[o']t|can ?n[o']t|cannot|"
    r"won'?t|will not|isn'?t|is not|are not|aren'?t|not (?:\w+ )?(?:for|good|reliable|suit\w*|meant|designed|tested|able|built|always|sure|appropriate|intended|recommended)|"
    r"may (?:not|miss|mis\w+|get|fail|struggle|confuse|guess|pick|return|put|be|read|treat|lump|force|give|label|call)|might|could (?:mis\w+|get|fail|be)|"
    r"struggles?|fails?|weak|poor(?:ly)?|only (?:handles|covers|works|supports|knows|one|offers|returns|gives|four|three|two)|assumes?|"
    r"avoid|beware|careful|watch out|risk|wrong(?:ly)?|mistak\w*|unreliable|unable|ambiguous|confus\w*|sarcas\w*|irony|ironic|edge cases?|"
    r"breaks?|misses|ignores|forced?|squeez\w*|lumps?|loses|drops|guess(?:es)?|error-prone|less accurate|inaccurate|trouble|"
    r"never (?:sees|knows|reads|checks)|no way to|outside (?:the|its|these)|beyond|"
    r"badly|judg(?:e)?ment calls?|borderline|inconsisten\w*|uncertain\w*|unsure|hit[- ]or[- ]miss|depend(?:s|ing)? on (?:the )?(?:wording|phrasing))\b", re.I)  # 'What it does badly: ...', 'a judgement call'

NOTHING = re.compile(r"^\W*(?:(?:known\s+)?(?:limits?|limitations?|weakness(?:es)?|caveats?|issues?)\s*[:=-]?\s*)?"
                     r"(?:none|no(?:ne)? (?:known )?(?:limits?|limitations?|weakness(?:es)?|issues?|caveats?)|nothing|n/?a|-|tbd|todo|\?+)\W*$", re.I)
RESISTS = re.compile(r"\b(?:ignor\w*|(?:does ?n[o']t|do ?n[o']t|won'?t|will not|never|not) (?:follow|obey|act on|execute)\w*) (?:\w+ ){0,3}?"
                     r"(?:instructions?|commands?|orders?|requests?|injections?|attempts?|directions?)\b", re.I)  # a defence, no limit
_INPUT = (r"(?:\{\w+\}|(?:tickets?|reviews?|messages?|e-?mails?|mails?|texts?|articles?|documents?|comments?|feedback|posts?|requests?|complaints?|"
          r"quer(?:y|ies)|questions?|(?:in|en)quir(?:y|ies)|chats?|transcripts?|submissions?|responses?|replies|notes?|records?|tweets?|inputs?)\b)")  # what a template is fed
SCOPE = re.compile(  # a sentence naming the inputs the template is for, or how they go in: 'sentiment for single product reviews', 'one review per call'
    rf"\b(?:for|on|with|over|across)\s+(?:[\w'-]+\s+){{0,3}}?{_INPUT}|"
    rf"\b(?:one|a single|single|each|every|any)\s+(?:[\w'-]+\s+){{0,2}}?{_INPUT}\s+(?:per|at a time|each time|a (?:call|run|request))\b|"
    r"\b(?:one|a single)\s+(?:[\w'-]+\s+)?(?:per|at a time)\s*(?:call|request|run|prompt|message|go)?\b|"
    r"\b(?:paste|put|insert|drop|pass|give|feed|send|place|plug|fill|substitute|slot)\w*\b[^.;\n]{0,60}?\b(?:into|in|as)\s+"
    r"(?:\{\w+\}|the\s+(?:slot|placeholder|field|gap|blank|template|variable))|"
    rf"\b(?:turns?|converts?|maps?|transforms?)\s+(?:[\w'-]+\s+){{0,3}}?{_INPUT}\s+(?:into|to)\b|"
    rf"\b(?:takes?|accepts?|expects?)\s+(?:a|an|one|each|any|single|the)\s+(?:[\w'-]+\s+){{0,2}}?{_INPUT}|^\W*inputs?\s*:|"
    rf"(?<!\w){_INPUT}\s+in\s*(?:,|;|->|→|—|–|-|and)\s*(?:[\w'-]+\s+){{0,3}}?out\b", re.I | re.M)  # 'one review in, one label out
TESTING = re.compile(r"\btest(?:s|ed|ing)?\b|\bexamples?\b", re.I)  # 'tested on four reviews' reports the test set, not the use
META = frozenset(
    "a an the it its this that these those is are be been was were will would can could may might should must to of in on for "
    "with at by from as and or but if when then than so not no don't doesn't does do can't cannot won't isn't aren't known "
    "limit limits limitation limitations weakness weaknesses caveat caveats drawback use used using uses template prompt entry "
    "guide handle handles handled well least one thing things what which who whom work works good bad badly very really always "
    "any some all there here me my you your our we they them their model also just only".split())


@dataclass(frozen=True)
class Reading:
    """The guide's sentence about use and its sentence about a limit ('' when it has none)."""

    use: str
    limit: str


def _content_words(sentence: str) -> list[str]:
    """The sentence's words that say something (not the guide's own vocabulary: limit, use, template, ...)."""
    return [w for w in re.findall(r"[a-z][a-z'-]*", sentence.lower()) if w not in META and len(w) > 2]


def _concrete(sentence: str, need: int) -> bool:
    """True when a sentence names at least `need` things beyond the guide's own vocabulary, and is not 'Limits: none'."""
    return not NOTHING.match(sentence) and len(_content_words(sentence)) >= need


def _pieces(text: str) -> list[str]:
    """The guide's sentences, with a 'Limits:' line split from what follows it on the same line."""
    out = []
    for s in sentences(text or ""):
        out += [p.strip() for p in re.split(r"(?<=[;])\s+|\s+(?=(?:but|however|though|although)\b)", s) if p.strip()]
    return out


def _limits(sentence: str) -> bool:
    """True when a sentence speaks of a limit, not counting a defence ('it ignores instructions hidden in reviews')."""
    return bool(LIMIT.search(RESISTS.sub(" ", sentence)))


def _scopes(sentence: str) -> bool:
    """True when a sentence that names no limit says which inputs the template is for or how one goes in ('one review per call in {review}')."""
    return bool(SCOPE.search(sentence)) and not _limits(sentence) and not TESTING.search(sentence) and _concrete(sentence, 2)


def read(text: str) -> Reading:
    """The first sentence that says when to use the template, and the first that names a concrete limit."""
    pieces = _pieces(text)
    use = next((p for p in pieces if USE.search(p) and _concrete(p, 2)), "") or next((p for p in pieces if _scopes(p)), "")
    whole = [s.strip() for s in sentences(text or "") if s.strip() not in pieces]  # 'Limits: the 'delivered but not received' kind ...'
    limit = next((p for p in pieces + whole if _limits(p) and _concrete(p, 2) and p != use), "")
    if not limit:  # 'Use it for short reviews, but it does not detect sarcasm': one sentence can say both
        limit = next((p for p in pieces if _limits(USE.sub(" ", p)) and _concrete(p, 4)), "")
    return Reading(use, limit)
