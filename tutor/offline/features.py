"""Understand a prompt: detect the task, persona, audience, limits, format, delimiters, examples and more."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tutor.offline import delimiters, fewshot, knowledge
from tutor.offline.conversation import Conversation
from tutor.offline.text import clip, number, topic_of

_I = re.I
NUM = r"(\d{1,5}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a single|single|a)"
TASKS = [  # first match wins; matched against the instruction (not the data)
    ("translate", re.compile(r"\btranslat|\b(?:say|write) (?:it|this|that)? ?in (?:french|spanish|german|italian)\b", _I)),
    ("summarise", re.compile(r"\bsummar|\btl;?dr\b|\bkey points\b|\bmain points\b|\bgist\b|\brecap\b", _I)),
    ("classify", re.compile(r"\bclassif|\bcategori[sz]|\bsentiment\b|\blabel\b|\burgency\b|\bpositive or negative\b|\bwhich category\b|\bis (?:this|the) (?:review|ticket|email) (?:positive|negative)", _I)),
    ("extract", re.compile(r"\bextract|\bpull out\b|\baction items?\b|\bfind (?:all|every)\b|\bdecisions\b|\bconvert\b.*\bjson\b|\bjson\b", _I)),
    ("rewrite", re.compile(r"\brewrit|\brephrase|\bparaphrase|\bsimplif|\bproofread|\bpolish\b|\bmake (?:it|this) (?:more |sound )?\w+", _I)),
    ("list", re.compile(r"^\s*list\b|\bgive me (?:\d+|a list)|\bbrainstorm|\bname (?:\d+|three|five|some)\b|\bsuggest (?:\d+|some)", _I | re.M)),
    ("explain", re.compile(r"\bexplain\b|\bhow does\b|\bwhy (?:does|do|is)\b", _I)),
    ("generate", re.compile(r"\bwrite\b|\bdraft\b|\bcompose\b|\bcreate\b|\bgenerate\b|\bcome up with\b|\btell me about\b|\bdescribe\b|\bpoem\b|\bstory\b", _I)),
    ("answer", re.compile(r"\?|^\s*(?:who|what|when|where|which|how|why|is|are|does|do|can)\b", _I | re.M)),
]
AUDIENCE = re.compile(
    r"\b(?:for|to|aimed at|targeted at|audience(?: is)?:?)\s+(?:an?\s+|the\s+|our\s+|my\s+|some\s+)?"
    r"((?:[\w-]+\s){0,3}?(?:team|engineers?|engineering|developers?|executives?|managers?|ceo|board|children|kids|child|"
    r"\d+[- ]year[- ]olds?|beginners?|novices?|experts?|students?|customers?|parents|investors?|sales|marketing|"
    r"readers?|newcomers?|scientists?|doctors?|lawyers?|audience|adults|teenagers|teens|staff|colleagues|users?|"
    r"grandma|grandmother|non-experts?|[a-z]+(?:ers|ists|ians|ents|ees)))\b", _I)
SIMPLE_LEVEL = re.compile(r"\b(?:child|children|kids?|\d[- ]year[- ]old|five[- ]year[- ]old|kindergarten|beginners?|novices?|"
                          r"plain (?:english|language)|simple (?:words|language|terms)|non-technical|layperson|grade [1-6])\b", _I)
EXPERT_LEVEL = re.compile(r"\b(?:experts?|technical audience|in depth|in-depth|advanced|specialists?|engineers?|engineering)\b", _I)
TONE = re.compile(r"\b(formal|professional|casual|informal|friendly|warm|enthusiastic|excited|playful|serious|polite|"
                  r"apologetic|humorous|funny|empathetic|confident)\b(?:\s+(?:tone|voice|style|way|manner|language))?", _I)
LIMITS = {
    "words": re.compile(rf"\b(exactly|at most|no more than|under|fewer than|less than|maximum of|max|up to|within|in|of)?\s*{NUM}[- ]words?\b", _I),
    "sentences": re.compile(rf"\b(exactly|at most|no more than|under|fewer than|less than|up to|within|in|of)?\s*{NUM}[- ]sentences?\b", _I),
    "bullets": re.compile(rf"\b(exactly|at most|no more than|up to|in|of)?\s*{NUM}\s+(?:short\s+|key\s+|main\s+)?(?:bullet[- ]points?|bullets|points|items|key points|reasons|tips|ideas|examples|steps|benefits|things|ways|names|facts)\b", _I),
    "chars": re.compile(rf"\b(exactly|at most|no more than|under|fewer than|less than|maximum of|max|up to|within|in|of)?\s*{NUM}\s*(?:characters?|chars?)\b", _I),
}
FORMATS = [
    ("json", re.compile(r"\bjson\b", _I)),
    ("csv", re.compile(r"\bcsv\b|comma[- ]separated", _I)),
    ("table", re.compile(r"\btable\b", _I)),
    ("numbered", re.compile(r"\bnumbered\b|\bordered list\b", _I)),
    ("bullets", re.compile(r"\bbullet|\bbulleted\b|\bas a list\b|\bin a list\b|\blist format\b|\bkey points\b", _I)),
    ("xml", re.compile(r"\bxml\b|\bin <\w+>|\b<\w+>\s*</\w+>|<\w+> tags|\b(?:wrap|put|enclose|place|write)\b[^.\n]{0,40}\btags\b", _I)),
    ("label", re.compile(r"\b(?:single|one)[- ]word\b|\bonly (?:the|one|with the|with one|a) (?:label|category|word|answer|number|name)|"
                         r"\brespond (?:with )?only\b|\banswer (?:with (?:only|just)|only with|just with)\b|\bjust the (?:label|category|answer|number|name|word)|"
                         r"\bnothing else\b|\bno explanation\b|\bonly (?:output|return|reply with)\b", _I)),
]
KEYS = re.compile(r"\b(?:keys?|fields?|properties|columns?|headers?)\b\s*(?:named|called|for|of|:)?\s*[:\-]?\s*(.+?)(?:\.(?:\s|$)|\n|:|$)", _I)
LABEL_LIST = re.compile(r"(?:\b(?:as|into|one of|either|labels?|categories|category|options)\b\s*:?\s*|\()"
                        r"((?:['\"]?[\w-]+(?: [\w-]+)?['\"]?\s*(?:,|/|\bor\b|\band\b)\s*){1,8}['\"]?[\w-]+(?: [\w-]+)?['\"]?)", _I)
TAG_NAMES = re.compile(r"<(\w{1,30})>", _I)
REASONING = re.compile(r"step[- ]by[- ]step|\bthink (?:it )?(?:through|carefully|first)|\bshow (?:your |the )?(?:work|working|reasoning|steps)|"
                       r"\breason (?:it )?(?:out|through)|\bexplain your reasoning|\bchain of (?:thought|deductions?|reasoning)|"
                       r"\bwork it out\b|\bbefore (?:you )?answer|<thinking>|\blet'?s think\b|\bthink about it\b", _I)
GROUNDING = {
    "only_from_text": re.compile(r"\b(?:only|solely|strictly|exclusively)\b.{0,30}\b(?:text|article|document|passage|context|email|transcript|provided|given|above|below|source)|"
                                 r"\bbased (?:only|solely) on\b|\busing only\b|\b(?:do not|don't) use (?:outside|prior|your own|other) knowledge", _I),
    "say_unknown": re.compile(r"\b(?:if|when) (?:you )?(?:do not|don't|cannot|can't|are not sure|aren't sure|are unsure) (?:know|find|sure)|"
                              r"\bsay (?:that )?(?:you (?:do not|don't) know|i (?:do not|don't) know|so)\b|\badmit\b|\bif unsure\b|"
                              r"\b(?:is|are) not (?:in|found in|mentioned in) the\b|\brather than guess|\b(?:don't|do not) guess|"
                              r"\b(?:don't|do not|never) make (?:anything|things|it|facts) up|\bdon't know\b|\bdo not know\b", _I),
    "quote_first": re.compile(r"\bquote|\bcite\b|\bcitations?\b|\bexact (?:words|sentences?)\b|<quotes>", _I),
}
LANGUAGE = re.compile(r"\b(?:in|into|to)\s+(french|spanish|german|italian|japanese|chinese|portuguese|dutch|korean|russian|arabic|hindi|swahili|klingon)\b", _I)
INJECTION = re.compile(r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+|these\s+|those\s+)?"
                       r"(?:previous|prior|above|earlier|preceding|original|all|system)\s*(?:instructions?|prompts?|directions?|rules|commands?|text)?"
                       r"(?!\s+(?:in|inside|within|contained|found))[\s,.:;!-]*(?:and\s+|then\s+|instead\s*,?\s*)?([^\n]{0,200})", _I)
GUARD = re.compile(r"\btreat (?:it|this|that|them|everything|the [\w ]{1,40}?) (?:only |purely |strictly )?as (?:data|plain text|text|content|information)|"
                   r"\b(?:do not|don't|never) (?:follow|obey|execute|act on|carry out) (?:any )?(?:instructions|commands|directions|requests)|"
                   r"\bignore (?:any )?(?:instructions|commands|directions) (?:in|inside|within|contained|found)|"
                   r"\bis (?:data|untrusted|user input),? not (?:instructions|commands)|\buntrusted\b", _I)
SCOPE = re.compile(r"\b(?:only|just|exclusively)\s+(?:discuss(?:es)?|talks? about|answers? (?:questions )?(?:about|on|related to)|helps? (?:with|people with)|"
                   r"respond to (?:questions )?about|give advice (?:on|about)|know about)\s+([\w -]{2,40}?)(?:\s+(?:topics?|questions|related))?(?:[.,;!]|\band\b|$)", _I)
AVOID = re.compile(r"\b(?:do not|don't|never|avoid|without)\s+(?:mention(?:ing)?|say(?:ing)?|talk(?:ing)? about|discuss(?:ing)?|"
                   r"us(?:e|ing) the words?|includ(?:e|ing)|reveal(?:ing)?|refer(?:ring)? to|bring(?:ing)? up)\s+(?:the\s+(?:word|name|term)\s+)?"
                   r"['\"]?([\w -]{1,40}?)['\"]?(?:[.,;!]|\bor\b|\bin\b|$)", _I)
PERSONA = re.compile(r"\b(?:you are|you're|act as|acting as|pretend (?:to be|you are)|play the role of|role-?play as|speak (?:like|as)|"
                     r"talk like|respond as|answer as|reply as|in the (?:voice|style) of)\s+(?:an?\s+|the\s+)?([^.;\n]{1,160})", _I)
DELIVERABLE = re.compile(r"\b(?:tagline|slogan|headline|title|name|tweet|haiku|poem|limerick|joke|story|email|letter|"
                         r"description|subject line|bio|caption|recipe|list|plan|outline)\b", _I)
GENERIC_ROLE = re.compile(r"^(?:helpful|friendly|useful|smart|ai|large language|language model|assistant|chatbot|bot\b)", _I)


@dataclass
class Features:
    """Everything the model noticed about a request."""

    task: str = "answer"
    question: str = ""  # the user's own words (outside the data)
    instruction: str = ""  # system + user text outside the data
    data: str = ""  # the material to work on (delimited or after a colon)
    data_delimited: bool = False
    delimiters: list[str] = field(default_factory=list)
    topic: str = ""
    persona: str | None = None  # a known voice key, or "custom"
    persona_name: str = ""
    persona_text: str = ""
    audience: str | None = None
    reading_level: str | None = None
    tone: str | None = None
    limits: dict[str, int] = field(default_factory=dict)
    exact: bool = False
    format: str | None = None
    keys: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    examples: list[tuple[str, str]] = field(default_factory=list)
    query: str | None = None  # the new input after few-shot examples
    reasoning: bool = False
    grounding: list[str] = field(default_factory=list)
    language: str | None = None
    prefill: str = ""
    injection: str | None = None
    injection_in_block: bool = False
    guarded: bool = False
    scope: str | None = None
    avoid: list[str] = field(default_factory=list)
    vague: bool = False
    history: list[tuple[str, str]] = field(default_factory=list)  # earlier (role, text) turns

    def xray(self) -> dict[str, Any]:
        """The detected features, as short values for display (empty ones left out)."""
        shown: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if name in ("instruction", "persona_text", "question", "history") or value in (None, "", [], {}, False):
                continue
            if name == "examples":
                value = f"{len(value)} example(s), labels {sorted({b[:30] for _, b in value})}"
            elif isinstance(value, str) and len(value) > 80:
                value = value[:77] + "..."
            shown[name] = value
        return shown


def _split_data(user: str) -> tuple[str, str, list[str]]:
    """(instruction, data, delimiter kinds) for the user's turn."""
    blocks = delimiters.find(user)
    if blocks:
        data = "\n\n".join(b.text for b in blocks)
        instruction = delimiters.outside(user, blocks)
        for tag in {b.tag for b in blocks if b.tag}:
            # "the review in <review> tags" names the data, it does not ask for XML output
            instruction = re.sub(rf"<{re.escape(tag)}>(?:\s+tags?)?", f"the {tag} text", instruction, flags=re.I)
        return instruction, data, sorted({b.kind for b in blocks})
    head, sep, tail = user.partition(":")
    if sep and len(tail.strip()) > 40 and len(head) < 300 and "\n" not in head.strip():
        return head + ":", tail.strip(), []
    lead = re.match(r"([^.?!\n]{3,200}?\b(?:this|these|the following|below|review|text|email|article|ticket)\b[^.?!\n]*[.?!:])\s+(\S.{40,})", user, re.S)
    if lead:
        return lead.group(1), lead.group(2).strip(), []
    first, nl, rest = user.strip().partition("\n")
    if nl and len(rest.strip()) > 40:
        return first, rest.strip(), []
    return user, "", []


def _task(instruction: str) -> str:
    """The task named by the instruction."""
    return next((name for name, pattern in TASKS if pattern.search(instruction)), "generate")


_LIMIT_WORDS = {"words": "word", "sentences": "sentence", "chars": "char"}


def _limits(instruction: str) -> tuple[dict[str, int], bool]:
    """Word/sentence/bullet/character limits and whether any is 'exactly'."""
    limits, exact = {}, False
    lowered = instruction.lower()
    for kind, pattern in LIMITS.items():
        if kind in _LIMIT_WORDS and _LIMIT_WORDS[kind] not in lowered:
            continue  # a cheap test first: these patterns are the slowest the model runs
        match = pattern.search(instruction)
        if match and (value := number(match.group(2))) and 0 < value <= 5000:
            limits[kind] = value
            exact = exact or (match.group(1) or "").lower() == "exactly"
    return limits, exact


def _format(instruction: str, prefill: str) -> str | None:
    """The requested output format, if any (a '{' or '[' prefill means JSON)."""
    if prefill.lstrip()[:1] in ("{", "["):
        return "json"
    if re.match(r"\s*<\w+>", prefill):
        return "xml"
    return next((name for name, pattern in FORMATS if pattern.search(instruction)), None)


def _split_list(text: str) -> list[str]:
    """'a, b and c' -> ['a', 'b', 'c'] (quotes and backticks removed)."""
    parts = re.split(r"\s*(?:,|/|;|\bor\b|\band\b|\|)\s*", text)
    cleaned = [p.strip(" '\"`*()[]{}").strip() for p in parts]
    return [p for p in cleaned if p and len(p) <= 30 and len(p.split()) <= 3]


def _keys(instruction: str, fmt: str | None) -> list[str]:
    """JSON keys, table columns or XML tag names the prompt asks for."""
    if fmt == "xml":
        return list(dict.fromkeys(t.lower() for t in TAG_NAMES.findall(instruction)))
    match = KEYS.search(instruction) if fmt in ("json", "table", "csv") else None
    return _split_list(match.group(1))[:12] if match else []


def _labels(instruction: str) -> list[str]:
    """The label set the prompt offers (e.g. 'positive, negative or neutral')."""
    for match in LABEL_LIST.finditer(instruction):
        found = _split_list(match.group(1))
        if len(found) >= 2 and not any(w in ("json", "csv", "table") for w in found):
            return found
    return []


def _persona(system: str, user: str) -> tuple[str | None, str, str]:
    """(voice key or 'custom', the persona's name, its description) from 'You are ...' phrasing."""
    for source in (system, user):
        match = PERSONA.search(source)
        if not match or GENERIC_ROLE.match(match.group(1).strip()):
            continue
        desc = match.group(1).strip()
        name = re.match(r"([A-Z][a-z]+)\b", desc)
        if name and name.group(1).lower() not in knowledge.personas():
            return "custom", name.group(1), desc
        low = f" {desc.lower()} "
        for key, voice in knowledge.personas().items():
            if any(t in low for t in voice["triggers"]):
                return key, "", desc
        return "custom", name.group(1) if name else "", desc
    return None, "", ""


def _injection(user: str, data: str, delimited: bool) -> tuple[str | None, bool]:
    """An instruction hidden in the user's data (or after its first sentence), and whether it sat in a delimited block."""
    if data:
        match = INJECTION.search(data)
        if match:
            return match.group(0).strip(), delimited
    first_end = re.search(r"[.:\n]", user)
    rest = user[first_end.end():] if first_end else ""
    match = INJECTION.search(rest)
    return (match.group(0).strip(), False) if match else (None, False)


def _few_shot(conv: Conversation, user: str) -> tuple[list[tuple[str, str]], str | None]:
    """Examples from earlier turns or from the prompt itself, and the query they lead to."""
    pairs = fewshot.from_history(conv.history)
    if len(pairs) >= 2:
        return pairs, None
    return fewshot.inline(user)


def _is_vague(f: Features) -> bool:
    """True when a generate/explain request gives no audience, format, limit, data or examples."""
    if f.task not in ("generate", "explain") or DELIVERABLE.search(f.instruction):
        return False
    specifics = [f.audience, f.format, f.limits, f.data, f.examples, f.tone, f.reading_level, f.keys, f.scope, f.language]
    short = len(f.instruction.split()) <= 12
    return short and not any(specifics)


def detect(conv: Conversation) -> Features:
    """All the features of a conversation."""
    user, system, prefill = clip(conv.user), clip(conv.system), clip(conv.prefill, 2000)
    own, data, kinds = _split_data(user)
    instruction = f"{system}\n{own}".strip()
    f = Features(instruction=instruction, data=data, data_delimited=bool(kinds), delimiters=kinds, prefill=prefill)
    f.question = own.strip()
    f.history = conv.history
    f.task = _task(own) if own.strip() else _task(instruction)
    f.topic = topic_of(own or instruction)
    _style(f, system, own, instruction)
    _techniques(f, conv, system, user, own)
    f.vague = _is_vague(f)
    return f


def _style(f: Features, system: str, own: str, instruction: str) -> None:
    """Persona, audience, reading level, tone, limits, format, keys and labels."""
    f.persona, f.persona_name, f.persona_text = _persona(system, own)
    if m := AUDIENCE.search(instruction):
        f.audience = m.group(1).strip().lower()
    f.reading_level = "simple" if SIMPLE_LEVEL.search(instruction) else "expert" if EXPERT_LEVEL.search(instruction) else None
    if m := TONE.search(instruction):
        f.tone = m.group(1).lower()
    f.limits, f.exact = _limits(instruction)
    f.format = _format(instruction, f.prefill)
    f.keys = _keys(instruction, f.format)
    f.labels = _labels(instruction) if f.task in ("classify", "answer", "generate") or f.format == "label" else []
    if f.format in ("json", "table", "csv") and f.task in ("generate", "answer", "list", "explain"):
        f.task = "extract"
    if f.task == "list" and f.format is None:
        f.format = "numbered"


def _techniques(f: Features, conv: Conversation, system: str, user: str, own: str) -> None:
    """Few-shot examples, reasoning, grounding, language, injection, guard, scope and exclusions."""
    instruction = f.instruction
    f.examples, f.query = _few_shot(conv, user)
    if f.examples and f.task not in ("translate", "summarise"):
        f.task = "classify"
    everything = f"{system}\n{user}"  # such instructions are often written after the data
    f.reasoning = bool(REASONING.search(everything))
    f.grounding = [name for name, pattern in GROUNDING.items() if pattern.search(everything)]
    if m := LANGUAGE.search(own or instruction):
        f.language = m.group(1).lower()
    f.injection, f.injection_in_block = _injection(user, f.data, f.data_delimited)
    f.guarded = bool(GUARD.search(instruction))
    if m := SCOPE.search(system or instruction):
        f.scope = m.group(1).strip().lower()
    f.avoid = [re.sub(r"^(?:the|a|an|any)\s+", "", a.strip().lower()) for a in AVOID.findall(instruction) if a.strip()][:5]
