"""What a request asks for: a typed, frozen description built from its instruction text and its data.

`analyse(messages)` reads a whole chat request; `analyse_fields(prompt=..., system=..., prefill=...)` the
fields of an exercise. The offline model answers from this description and the checker grades with it,
so the two never read a prompt differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tutor.analysis import blocks as blocks_mod
from tutor.analysis.blocks import Block
from tutor.analysis.limits import Limit, find_limits
from tutor.analysis.shape import Shape, find_shape
from tutor.analysis.text import clip

_I = re.I
TASKS = [  # (task, pattern), most specific first; matched against the instruction, never the data
    ("translate", re.compile(r"\btranslat|\b(?:say|write|put) (?:it|this|that)? ?in (?:french|spanish|german|italian)\b", _I)),
    ("summarise", re.compile(r"\bsummar|\btl;?dr\b|\bkey (?:points|takeaways)\b|\bmain points\b|\bgist\b|\brecap\b|\bsum (?:it |this |that )?up\b|"
                             r"\bcondense\b|\bboil\b[^.?!\n]{0,40}?\bdown\b|\bdistil|\bin a nutshell\b|\boverview of\b|\bbrief(?:ly)? (?:describe|explain)\b|"
                             r"\bshorten\b|\bhighlights\b|\bcapture the (?:main|key|essential)", _I)),
    ("classify", re.compile(r"\bclassif|\bcategori[sz]|\bsentiment\b|\blabel\b|\burgency\b|\bpositive or negative\b|\bwhich category\b|"
                            r"\bhow urgent\b|\brate (?:the|its|this)\b|\btriage\b|\bpriority\b|\bis (?:this|the) (?:review|ticket|email) (?:positive|negative)", _I)),
    ("extract", re.compile(r"\bextract|\bpull out\b|\baction items?\b|\bfind (?:all|every)\b|\bdecisions\b|\bconvert\b|\bjson\b|\btable\b|\bcsv\b|"
                           r"\bparse\b|\bturn (?:it|this|the \w+) into\b|\blist (?:the|every|each|all) (?:products|items|people|dates|names)\b", _I)),
    ("rewrite", re.compile(r"\brewrit|\brephrase|\bparaphrase|\bsimplif|\bproofread|\bpolish\b|\bmake (?:it|this) (?:more |sound )?\w+", _I)),
    ("list", re.compile(r"^\s*list\b|\bgive me (?:\d+|a list)|\bbrainstorm|\bname (?:\d+|three|five|some)\b|\bsuggest (?:\d+|some)", _I | re.M)),
    ("explain", re.compile(r"\bexplain\b|\bhow does\b|\bwhy (?:does|do|is)\b|\bteach\b|\bhelp (?:me|a \w+) understand\b", _I)),
    ("generate", re.compile(r"\bwrite\b|\bdraft\b|\bcompose\b|\bcreate\b|\bgenerate\b|\bcome up with\b|\btell me about\b|\bdescribe\b|"
                            r"\bpoem\b|\bstory\b|\bdescription\b|\bblurb\b|\bcopy\b|\bpitch\b|\bad\b|\bintroduce\b", _I)),
    ("answer", re.compile(r"\?|^\s*(?:who|what|when|where|which|how|why|is|are|does|do|can|name|tell me)\b", _I | re.M)),
]
AUDIENCE = re.compile(
    r"\b(?:for|to|aimed at|targeted at|targeting|written for|addressed to|audience(?: is)?:?|reader(?:s)? (?:are|is):?)\s+"
    r"(?:an?\s+|the\s+|our\s+|my\s+|some\s+|your\s+)?"
    r"((?:[\w-]+\s){0,3}?(?:team|engineers?|engineering|developers?|executives?|managers?|ceo|board|children|kids|child|kid|"
    r"\d+[- ]year[- ]olds?|(?:five|six|seven|eight|nine|ten)[- ]year[- ]olds?|beginners?|novices?|experts?|students?|customers?|"
    r"parents|mums|moms|dads|families|investors?|sales|marketing|readers?|newcomers?|scientists?|doctors?|lawyers?|audience|adults|"
    r"teenagers|teens|staff|colleagues|users?|shoppers|buyers|grandma|grandmother|grandparents|non-experts?|laypeople|"
    r"[a-z]+(?:ers|ists|ians|ents|ees)))\b", _I)
_AUDIENCE_BEFORE = re.compile(r"\b([A-Za-z]+ team|[A-Za-z]+ (?:staff|readers|users|customers))(?:'s)?\s+(?:summary|update|brief|briefing|recap|digest|version|notes|edition)\b|"
                              r"\b(?:brief(?:ing)?|updat(?:e|ing)|inform(?:ing)?|tell(?:ing)?|address(?:ing)?|giv(?:e|ing)|send(?:ing)?|email(?:ing)?|writ(?:e|ing) to)\s+"
                              r"(?:the|our|your|my|an?)\s+((?:[\w-]+\s)?(?:team|engineers|developers|staff|managers|executives|colleagues|customers|readers|[a-z]+(?:ers|ists|ees)))\b", _I)
_TEAM = re.compile(r"\b(?:the|our|your|my)\s+((?:[\w-]+\s)?team|engineers|developers)\b(?!\s+(?:name|member|meeting|tags?)\b)", _I)  # a team the instruction names is who it writes for
SIMPLE_LEVEL = re.compile(r"\b(?:child|children|kids?|\d{1,2}[- ]year[- ]olds?|(?:four|five|six|seven|eight|nine|ten)[- ]year[- ]olds?|"
                          r"kindergarten|preschool|primary school|elementary|beginners?|novices?|plain (?:english|language|words)|"
                          r"simple (?:words|language|terms)|non-technical|layperson|laypeople|grade [1-6]|young readers?|no jargon|"
                          r"without jargon|eli5|like i'?m (?:five|5)|everyday (?:words|language))\b", _I)
EXPERT_LEVEL = re.compile(r"\b(?:experts?|technical audience|in depth|in-depth|advanced|specialists?|engineers?|engineering)\b", _I)
TONE = re.compile(r"\b(formal|professional|casual|informal|friendly|warm|enthusiastic|excited|playful|serious|polite|"
                  r"apologetic|humorous|funny|empathetic|confident|cheerful|upbeat|neutral)\b(?:\s+(?:tone|voice|style|way|manner|language))?", _I)
REASONING = re.compile(
    r"step[- ]by[- ]step|\bthink (?:it |this |things )?(?:through|carefully|first|aloud|out loud|before)|\bshow (?:your |the |all )?(?:work|working|reasoning|steps|calculations?)|"
    r"\breason (?:it |this )?(?:out|through|carefully|before|first|step)|\bexplain your (?:reasoning|thinking|steps)|\bchain of (?:thought|deductions?|reasoning|logic)|"
    r"\bwork (?:it |this )?out (?:step|carefully|first)|\bbefore (?:you )?(?:give |giving |state |stating )?(?:the |your )?(?:final )?answer|<thinking>|\blet'?s think\b|"
    r"\bwalk (?:me )?through\b|\breasoning (?:first|before)|\blogical (?:steps|deductions)\b|\bbreak (?:it|the problem|this) (?:down|into steps)", _I)
GROUNDING = {
    "only_from_text": re.compile(r"\b(?:only|solely|strictly|exclusively)\b.{0,30}\b(?:text|article|document|passage|context|email|transcript|provided|given|above|below|source|notes?)|"
                                 r"\bbased (?:only|solely|strictly) on\b|\busing only\b|\b(?:do not|don't|never) use (?:outside|prior|your own|other|any other|external) (?:knowledge|information|facts)|"
                                 r"\bnothing (?:that is not|not) in the\b|\bstick to (?:the|what)\b", _I),
    "say_unknown": re.compile(r"\b(?:if|when) (?:you )?(?:do not|don't|cannot|can't|are not sure|aren't sure|are unsure) (?:know|find|sure|tell)|"
                              r"\bsay (?:that )?(?:you (?:do not|don't) know|i (?:do not|don't) know|so)\b|\badmit\b|\bif unsure\b|"
                              r"\b(?:is|are) not (?:in|found in|mentioned in|stated in|given in) the\b|\brather than guess|\b(?:don't|do not|never) guess|"
                              r"\b(?:don't|do not|never) (?:make (?:anything|things|it|facts|up)|invent|fabricate)|\bdon't know\b|\bdo not know\b|\bnot sure\b", _I),
    "quote_first": re.compile(r"\bquote|\bcite\b|\bcitations?\b|\bexact (?:words|sentences?)\b|<quotes>", _I),
}
LANGUAGE = re.compile(r"\b(?:in|into|to)\s+(french|spanish|german|italian|japanese|chinese|portuguese|dutch|korean|russian|arabic|hindi|swahili|klingon)\b", _I)
INJECTION = re.compile(r"\b(?:ignore|disregard|forget|override|skip)\s+(?:all\s+|any\s+|everything\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+|these\s+|those\s+|what\s+)?"
                       r"(?:previous|prior|above|earlier|preceding|original|all|system|other|you were told|i said)\s*(?:instructions?|prompts?|directions?|rules|commands?|text|tasks?)?"
                       r"(?!\s+(?:in|inside|within|contained|found))[\s,.:;!-]*(?:and\s+|then\s+|instead\s*,?\s*)?([^\n]{0,200})", _I)
_POLICY = [  # a sentence that sets the policy for the data: it is material to work on, not orders to follow
    re.compile(r"\b(?:treat|consider|handle|regard|read|process|view|see)\b[^.\n]{0,80}\bas\b[^.\n]{0,20}\b(?:data|plain text|text|content|information|input|"
               r"material|quoted|a (?:review|quote|sample|string)|untrusted|(?:the )?(?:customer'?s?|user'?s?) (?:text|words|input))\b", _I),
    re.compile(r"\b(?:instructions?|commands?|directions?|requests?|orders?|prompts?|directives?)\b[^.\n]{0,80}\b(?:never|not|don't|do not|must not|mustn't|ignore|disregard|"
               r"should not|shouldn't|no effect|not (?:for|meant for|addressed to) you|are data|is data|as data|to be ignored|to ignore)\b", _I),
    re.compile(r"\b(?:never|not|don't|do not|must not|mustn't|should not|shouldn't|refuse to|without)\s+(?:to\s+)?(?:follow|obey|execute|act on|carry out|comply with|"
               r"respond to|react to|take orders from|heed|run|perform|do what)\b", _I),
    re.compile(r"\b(?:ignore|disregard)\b[^.\n]{0,60}\b(?:instructions?|commands?|directions?|requests?|orders?)\b[^.\n]{0,40}\b(?:in|inside|within|contained|found|from|embedded)\b", _I),
    re.compile(r"\b(?:is|are)\s+(?:only|just|merely|purely|simply)?\s*(?:data|untrusted|user input|input to (?:classify|analy[sz]e|summari[sz]e)|"
               r"(?:the )?(?:text|content|material) to (?:classify|summari[sz]e|analy[sz]e|label)),?\s*(?:not|never)\b", _I),
    re.compile(r"\b(?:never|not|no|rather than)\s+(?:an?\s+|as\s+)?(?:instructions?|commands?|orders?|directions?|requests? for you)\b", _I),
    re.compile(r"\bpart of the (?:\w+'s |\w+ )?(?:text|content|data|review|email|message|input|document)\b|"
               r"\b(?:never|do not|don't|cannot|can't|must not|should not)\s+(?:change|alter|override|replace) (?:your|the|my) (?:task|instructions|job|role|rules)\b", _I),
    re.compile(r"\buntrusted\b|\beven if (?:it|the \w+|they|something)\b[^.\n]{0,40}\b(?:says?|asks?|tells?|contains?|instructs?|looks?|seems?|reads?|sounds?|includes?)\b|\brather than (?:obey|follow|execute|act)\w*\b|"
               r"\bwhatever (?:it|the \w+) (?:says|asks|tells)\b|\bno matter what (?:it|the \w+) says\b|\bprompt injection\b|\binjected\b", _I),
]
_MENTION = (r"(?:mention(?:ing)?|say(?:ing)?|talk(?:ing)? about|discuss(?:ing)?|us(?:e|ing)|includ(?:e|ing)|reveal(?:ing)?|state|stating|"
            r"giv(?:e|ing)|list(?:ing)?|refer(?:ring)? to|bring(?:ing)? up|cover(?:ing)?|show(?:ing)?|add(?:ing)?|quot(?:e|ing)|repeat(?:ing)?|contain(?:ing)?|"
            r"specify(?:ing)?|print(?:ing)?|display(?:ing)?|put(?:ting)?)")
_OBJECT = (r"(?:(?:the|any|that)\s+(?:part|bit|section|line|sentence|paragraph|details?|info(?:rmation)?|note|stuff|point)\s+(?:about|on|regarding|concerning)\s+(?:the\s+)?|"
           r"the\s+(?:word|name|term)s?\s+|(?:anything|something|any(?:thing)? (?:details?|info(?:rmation)?))\s+(?:about|on|regarding|related to|to do with)\s+(?:the\s+)?|"
           r"any\s+|the\s+|a\s+|an\s+|its\s+|their\s+|his\s+|her\s+|any mention of\s+|mention of\s+|references? to\s+)?"
           r"['\"“`]?(?P<what>[\w$€£][\w $€£-]{0,40}?)['\"”`]?(?=\s*(?:[.,;:!?()]|\bor\b|\band\b|\bin\b|\bat all\b|\bwhatsoever\b|\bthat\b|\bwhich\b|"
           r"\bsuch as\b|\blike\b|\bfrom\b|\babout\b|\bregarding\b|\n|$))")
_EXCLUDE = (  # 'do not mention X' needs its verb; 'without X', 'leave out X', 'no X' do not; 'X must not be mentioned' is passive
    re.compile(rf"\b(?:do not|don't|does not|doesn't|never|must not|mustn't|should not|shouldn't|cannot|can't|will not|won't|may not)\s+(?:ever\s+)?{_MENTION}:?\s+{_OBJECT}", _I),
    re.compile(rf"(?<!not )(?<!n't )(?<!never )(?<!not to )(?<!without )\b(?:without|avoid(?:s|ing)?|omit(?:s|ting)?|ignor(?:e|es|ing)|disregard(?:s|ing)?|filter(?:s|ing)? out|minus|(?:there's |there is )?no need to (?:mention|include)|"
               rf"(?:,|\band|\bbut)\s+not|rather than|instead of|cut|remov(?:e|es|ing)|delet(?:e|es|ing)|strip(?:s|ping)?( out)?|exclud(?:e|es|ing)|leav(?:e|es|ing) out|skip(?:s|ping)?|drop(?:s|ping)?|(?:say(?:s|ing)?\s+)?nothing (?:about|on|regarding)|"
               rf"keep out|no)\b:?\s+(?:{_MENTION}\s+)?{_OBJECT}", _I),
    re.compile(r"\b(?P<what>[A-Za-z][\w -]{1,30}?)\s+(?:\([^()\n]{0,80}\)\s+)?(?:must|should|may|is|are|will)\s+(?:not|never)\s+"
               r"(?:be\s+(?:mentioned|included|discussed|referred to|named|brought up|covered|stated|given)|appear|come up|feature)\b", _I),
    re.compile(r"(?m)(?:^|(?<=[.;!?])[ \t]{1,3})[ \t*#>•-]{0,6}(?:forbidden|excluded?|avoid|leave out|omit|not allowed|off[- ]limits|never mention|don't mention|do not mention|don't include|do not include|must not include|"
               r"must not mention|banned|no-go|not wanted|must not|mustn't|should not|shouldn't|never|do not|don't|no|exclusions?|don'ts)\s*:\s*"
               rf"(?:{_MENTION}\s+)?(?:anything about\s+|any\s+|the\s+)?(?P<what>[\w$€£][\w $€£-]{{0,40}}?)(?=\s*(?:[.,;()]|\band\b|$))", _I),
    re.compile(r"\b(?P<what>[A-Za-z][\w -]{1,30}?)\s+(?:(?:is|are)\s+(?:irrelevant|not relevant|not needed|unnecessary|not important|off[- ]topic|out of scope|not wanted)|"
               r"(?:isn't|aren't)\s+(?:relevant|needed|necessary|important|wanted))\b", _I),
    re.compile(r"\b(?P<what>[A-Za-z][\w -]{1,30}?)\s+(?:must|should|can|is to|are to|needs? to)\s+be\s+(?:left out|omitted|excluded|skipped|dropped|removed|ignored)\b", _I),
    re.compile(r"\b(?:leav(?:e|es|ing)|keep(?:s|ing)?)\s+(?:the\s+|any\s+|all\s+)?(?P<what>[A-Za-z][\w -]{1,30}?)\s+out\b(?!\s+of\b)", _I),
    re.compile(r"(?:\bwith|\band|,)\s+(?:the\s+|any\s+|all\s+)?(?!with\b|and\b)(?P<what>[A-Za-z][\w -]{1,30}?)\s+(?:left out|omitted|excluded|removed|cut out|dropped|skipped|stripped out)\b", _I),
    re.compile(r"\b(?P<what>(?:include|cover|mention|keep|list|report|summari[sz]e) (?:only|just)|(?:only|just|solely|exclusively) (?:include|cover|mention|list|report)|"
               r"focus (?:only |just |solely )?on|stick to)\b", _I),
    re.compile(r"\b(?:ignore|skip|leave out|omit|drop|exclude|do not (?:mention|include)|don't (?:mention|include))\s+(?:anything|everything|whatever)\s+(?:that\s+)?"
               r"(?:is\s+|are\s+)?(?P<what>not about|unrelated to|off[- ]topic|irrelevant|social)\b", _I),
)
_NOT_EXCLUSIONS = re.compile(r"^(?:(?:more|less|fewer)\b.*|other|extra|additional|further|explanation|explanations|preamble|introduction|intro|commentary|"
                             r"text\b.*|words?\b.*|sentences?\b.*|markdown|code|fences?|bullets?|headings?|headers?|title|greeting|sign-off|emoji|emojis|"
                             r"exceed\b.*|go over\b.*|answer\b.*|follow\b.*|obey\b.*|instructions?|commands?|longer\b.*|matter\b.*|"
                             r"reasoning|instructions?\b.*|commands?\b.*|orders?\b.*|quotes|quotation marks|punctuation|formatting|repeat\b.*|need\b.*|one\b.*|two\b.*|three\b.*|"
                             r"\d+.*|than\b.*|guess\w*|make\b.*|invent\w*|up|way|doubt|problem|worries|thanks|change\w*|exceptions?|"
                             r"(?:leav\w* out|omit\w*|skip\w*|drop\w*|los\w*|cut\w*|forget\w*|miss\w*)\b.*|anything\b.*|everything\b.*|something\b.*|whatever\b.*|previous\b.*|prior\b.*|above\b.*|all\b.*|it|this|that|them|"
                             r"currency symbols?|dollar signs?|quotes? around.*|labels? other.*|capital\w*|uppercase|lowercase|caps)$", _I)
_SCOPE = re.compile(
    r"\b(?:only|just|exclusively|solely|strictly)\s+(?:discuss(?:es)?|talks? about|answers? (?:questions )?(?:about|on|related to|regarding)|helps? (?:with|people with)|"
    r"respond to (?:questions )?(?:about|on)|give advice (?:on|about)|know about|covers?|deal with|handle (?:questions )?about|about)\s+"
    r"(?P<a>[\w -]{2,40}?)(?:\s+(?:topics?|questions|related|subjects?|matters))?(?:[.,;!]|\band\b|\bor\b|$)|"
    r"\b(?:not|never|don't|do not|must not|refuse to|decline to)\s+(?:answer|discuss|respond to|help with|engage with|talk about)\s+(?:any\s+)?(?:questions?|topics?|requests?|anything)\s+"
    r"(?:that (?:are|is) )?(?:not (?:about|related to|on|regarding|concerning)|unrelated to|outside(?: of)?|other than|beyond|off)\s+(?:the topic of\s+)?(?P<b>[\w -]{2,40}?)(?:[.,;!]|\band\b|$)|"
    r"\b(?:stick|stay|keep)\s+(?:strictly\s+)?(?:to|on)\s+(?:the (?:topic|subject) of\s+)?(?P<c>[\w -]{2,30}?)(?:\s+(?:topics?|questions))?(?:[.,;!]|\band\b|$)|"
    r"\b(?:limited|restricted|confined)\s+to\s+(?P<d>[\w -]{2,30}?)(?:\s+(?:topics?|questions))?(?:[.,;!]|\band\b|$)|"
    r"\b(?:anything|questions?|topics?|requests?)\s+(?:not (?:about|related to)|unrelated to|outside(?: of)?|other than|beyond)\s+(?P<e>[\w -]{2,30}?)(?:[.,;!]|\band\b|$)", _I)
_DECLINE = re.compile(r"\b(?:politely\s+)?(?:decline|refuse|say (?:that )?you can(?:not|'t)|redirect|steer|bring (?:it|them|the conversation) back|"
                      r"only (?:help|answer|discuss)|off[- ]topic|anything else|unrelated|not related|other topics?|outside (?:your|that|this|the)|"
                      r"can't help with|cannot help with)\b", _I)
_PERSONA = re.compile(
    r"\b(?:you are|you're|you will be|you'll be|you act as|act as|acting as|pretend (?:to be|you are|you're)|play(?: the (?:role|part) of)?|"
    r"take on the (?:role|persona) of|assume the (?:role|persona) of|role-?play as|speak(?:ing)? (?:like|as)|talk(?:ing)? like|write like|"
    r"respond(?:ing)? (?:like|as)|answer(?:ing)? (?:like|as)|reply(?:ing)? (?:like|as)|in the (?:voice|style|persona) of|"
    r"(?:your |the )?(?:role|persona|character)\s*(?:is|:)|you(?:'re| are) playing|as if you were|as though you were|in character as)\s+"
    r"(?:an?\s+|the\s+)?(?P<who>[^.;\n!?]{1,160})", _I)
_AS_ROLE = re.compile(r"(?:^|[.!\n]\s*|\b(?:set(?:ting)? you up|configure you|deploy(?:ed|ing)? you|you(?:'ll| will)? (?:act|work|serve|function|operate))\s+)"
                      r"\bas\s+(?:an?|the|our|my)\s+(?P<who>[\w -]{2,50}?)(?=\s*(?:,|\.|\bfor\b|\byou\b|\bwho\b|\bthat\b|$))|"
                      r"^\W*(?:#+\s*)?(?:persona|role|character|identity)\s*[:\n]\s*(?:an?\s+|the\s+)?(?P<who2>[^.\n]{2,80})|"
                      r"\b(?P<who3>[\w -]{2,30}?)\s+mode\s+(?:is\s+)?(?:on|enabled|activated)\b", re.I | re.M)
_NAME_IS = re.compile(r"\b(?i:your name is|you are called|you're called|you go by|call yourself|named|name\s*[:=])\s*([A-Z][\w'-]{1,30})")
GENERIC_ROLE = re.compile(r"^(?:(?:very |really |an? )?(?:helpful|friendly|useful|smart|ai|large language|language model|assistant|chatbot|bot\b|"
                          r"model|llm|harmless|honest|good|nice)\b(?: ai)?(?: assistant| model| chatbot| bot)?)\s*$", _I)
_ROLE_NOUNS = re.compile(r"\b(?:assistant|bot|chatbot|helper|agent|advisor|adviser|expert|guide|specialist|consultant|coach|"
                         r"support|service|ai|model|who|that|for|on|at|with|from|and)\b.*$", _I)


@dataclass(frozen=True)
class Persona:
    """Who the model is asked to be: a name (for a character), the description, and its domain."""

    description: str
    name: str = ""
    domain: str = ""  # 'cooking' for 'a cooking assistant'

    @property
    def is_character(self) -> bool:
        """True for a named character (Tomie), not just a job (a cooking assistant)."""
        return bool(self.name)


@dataclass(frozen=True)
class Analysis:
    """One reading of a request, shared by the model and the checker."""

    instruction: str = ""  # system + user text outside the data
    question: str = ""  # the user's own words outside the data
    system: str = ""
    data: tuple[Block, ...] = ()
    task: str = "answer"
    limits: tuple[Limit, ...] = ()
    shape: Shape = field(default_factory=Shape)
    exclusions: tuple[str, ...] = ()
    inclusions: tuple[str, ...] = ()
    persona: Persona | None = None
    audience: str | None = None
    level: str | None = None  # "simple" or "expert"
    tone: str | None = None
    scope: str | None = None
    data_policy: bool = False  # the instruction says the data is data, not instructions
    reasoning: bool = False
    grounding: tuple[str, ...] = ()
    language: str | None = None
    injection: str | None = None  # an instruction hidden in the data (or after the first sentence)
    injection_in_block: bool = False
    prefill: str = ""
    empty_tags: tuple[str, ...] = ()  # tags the instruction points to that hold nothing (the data is missing)

    @property
    def data_text(self) -> str:
        """All the data, joined."""
        return "\n\n".join(b.text for b in self.data)

    @property
    def delimited(self) -> bool:
        """True when the main piece of data (the longest) sits inside drawn delimiters."""
        return bool(self.data) and max(self.data, key=lambda b: len(b.text)).delimited

    def limit(self, unit: str) -> Limit | None:
        """The limit on a unit ('words', 'sentences', ...), if the request sets one."""
        return next((l for l in self.limits if l.unit == unit), None)


def _policy(instruction: str) -> bool:
    """True when a sentence of the instruction says the data is data, not instructions to follow."""
    return any(p.search(instruction) for p in _POLICY)


def _exclusions(instruction: str) -> tuple[str, ...]:
    """What the reply must leave out ('do not mention the price' -> 'price')."""
    out = []
    instruction = instruction.replace("’", "'")
    for m in (m for pattern in _EXCLUDE for m in pattern.finditer(instruction)):
        if not m.group("what"):
            continue
        what = re.sub(r"^(?:the|a|an|any|its|their)\s+", "", m.group("what").strip().lower())
        what = re.sub(r"^(?:info(?:rmation)?|details?|news|mention|word|anything)\s+(?:on|about|of|regarding)\s+(?:the\s+)?", "", what)
        what = "off-topic" if re.match(r"not about|unrelated|off[- ]topic|irrelevant|social$|(?:include|cover|mention|keep|list|report|summari[sz]e|only|just|solely|exclusively|focus|stick)\b", what) else what
        what = re.sub(r"\s+(?:at all|whatsoever|either|anywhere|entirely|completely|altogether|in (?:it|the \w+))$", "", what).strip()
        what = re.sub(r"(?<=\w)\s+(?:info|information|details?|bits?|parts?|stuff|section|content|mentions?|news|notes?)$", "", what)  # 'parking details' -> 'parking'
        if what and not _NOT_EXCLUSIONS.match(what) and len(what.split()) <= 4:
            out.append(what)
    return tuple(dict.fromkeys(out))[:6]


def _inclusions(instruction: str) -> tuple[str, ...]:
    """What the reply must keep or mention ('mention the price', 'keep the 60-day window')."""
    pattern = re.compile(r"(?<!not )(?<!n't )\b(?:mention|include|keep|state|give|name|note|preserve|retain|cover|highlight|contain|with)s?\s+"
                         r"(?:the\s+|its\s+|a\s+)?([\w$€£][\w $€£.-]{1,40}?)(?=\s*(?:[.,;:!?]|\band\b|\bso\b|$))", _I)
    found = [m.group(1).strip().lower() for m in pattern.finditer(instruction)]
    return tuple(dict.fromkeys(f for f in found if len(f.split()) <= 5))[:8]


def _persona(system: str, own: str) -> Persona | None:
    """The role or character the model is asked to play, from the system prompt first."""
    for source in (system, own):
        name_m = _NAME_IS.search(source)
        m = _PERSONA.search(source)
        as_role = _AS_ROLE.search(source)
        if not m and not name_m and not as_role:
            continue
        desc = (m.group("who").strip() if m else "").rstrip(",")
        if (not desc or GENERIC_ROLE.match(desc)) and as_role:
            desc = next(g for g in as_role.groups() if g).strip()
        if m and GENERIC_ROLE.match(desc) and not name_m:
            continue
        name = name_m.group(1) if name_m else ""
        lead = re.match(r"([A-Z][a-z]{1,20})\b(?:\s*[,:(–—-]|\s+(?:a|an|the|who)\b|\s*$)", desc)
        if not name and lead and lead.group(1).lower() not in ("i", "a", "an", "the"):
            name = lead.group(1)
        if name and not desc:
            rest = source[name_m.end():]
            more = _PERSONA.search(rest)
            desc = more.group("who").strip() if more else name
        return Persona(desc, name, _domain(desc))
    return None


def _domain(description: str) -> str:
    """The subject a role is about: 'cooking assistant for a recipe website' -> 'cooking'."""
    low = re.sub(r"^(?:an?|the)\s+", "", description.lower())
    low = re.sub(r"^(?:friendly|helpful|cheerful|expert|professional|knowledgeable|patient|kind|warm|polite|experienced|)\s*", "", low)
    head = _ROLE_NOUNS.sub("", low).strip(" ,")
    return head if head and len(head.split()) <= 3 else ""


def _scope(instruction: str, persona: Persona | None) -> str | None:
    """The topic the model must stay within, if the instruction limits it."""
    m = _SCOPE.search(instruction)
    if m:
        topic = next(g for g in m.groups() if g)
        topic = re.sub(r"^(?:the|a|an)\s+|\s+(?:topics?|questions?|related|things)$", "", topic.strip().lower())
        if topic not in ("anything else", "that", "this", "it", "them", "the topic", "your role", "your job", "your purpose", "your domain"):
            return topic
    if persona and persona.domain and _DECLINE.search(instruction):
        return persona.domain
    return None


_SHORTEN = re.compile(r"\b(?:digest|gist|condense|boil\b.{0,30}\bdown|key (?:information|info|facts|details|news)|main (?:news|idea|message|facts)|"
                      r"short version|brief|summary|overview|takeaways?|what (?:it|this) (?:says|is about)|essentials?|bullet|in (?:one|a single|\w+) sentences?)\b", _I)


def _task(own: str, instruction: str, has_data: bool = False, shortened: bool = False) -> str:
    """The task named by the user's words, else by the whole instruction; data plus a shorter shape means a summary."""
    found = None
    for text in (own, instruction):
        if text.strip():
            found = next((name for name, pattern in TASKS if pattern.search(text)), None)
            if found:
                break
    if found == "extract" and not re.search(r"\b(?:json|table|csv|extract\w*|pull out|parse|fields?|keys?|columns?|action items?|decisions|entities|names|dates)\b", instruction, _I):
        found = None  # 'turn the email into two bullets' reshapes it: with data and a shorter shape that is a summary
    if has_data and found in (None, "generate", "explain", "answer", "list") and (shortened or _SHORTEN.search(instruction)) \
            and not re.search(r"\b(?:who|what|when|where|which|how many|how much)\b[^.?]{0,80}\?", own, _I):
        return "summarise"
    return found or "generate"


_QUOTED = re.compile(r"\"[^\"\n]{1,120}\"|“[^”\n]{1,120}”|‘[^’\n]{1,120}’|(?<!\w)'[^'\n]{1,120}'(?!\w)")


def _injection(user: str, blocks: list[Block]) -> tuple[str | None, bool]:
    """An instruction hidden in the data (or after the user's first sentence), and whether it sat in a delimited block."""
    for b in blocks:
        m = INJECTION.search(b.text)
        if m:
            return m.group(0).strip(), b.delimited
    first_end = re.search(r"[.:\n]", user)
    rest = user[first_end.end():] if first_end else ""
    rest = _QUOTED.sub(" ", rest)  # 'for example "ignore the above"' names an attack, it makes none
    m = INJECTION.search(rest)
    return (m.group(0).strip(), False) if m else (None, False)


def analyse_parts(system: str, user: str, prefill: str = "") -> Analysis:
    """The analysis of a system text, the last user turn and a prefill."""
    system, user, prefill = clip(system), clip(user), clip(prefill, 2000)
    own, found = blocks_mod.split(user)
    for tag in {b.tag for b in found if b.kind == "xml tags"}:  # 'the review in <review> tags' names the data, it asks for no XML
        own = re.sub(rf"</?{re.escape(tag)}>(?:\s+tags?)?", f"the {tag} text", own, flags=re.I)
    instruction = f"{system}\n{own}".strip()
    everything = f"{system}\n{user}"
    persona = _persona(system, own)
    injection, in_block = _injection(user, found)
    level = "simple" if SIMPLE_LEVEL.search(instruction) else "expert" if EXPERT_LEVEL.search(instruction) else None
    audience = AUDIENCE.search(instruction) or _AUDIENCE_BEFORE.search(instruction) or _TEAM.search(instruction)
    tone = TONE.search(instruction)
    language = LANGUAGE.search(own or instruction)
    limits, shape = tuple(find_limits(instruction)), find_shape(instruction, prefill)
    return Analysis(
        instruction=instruction, question=own.strip(), system=system, data=tuple(found),
        task=_task(own, instruction, bool(found), bool(limits) or shape.kind in ("bullets", "numbered")), limits=limits, shape=shape,
        exclusions=_exclusions(instruction), inclusions=_inclusions(instruction), persona=persona,
        audience=next(g for g in audience.groups() if g).strip().lower() if audience else None, level=level,
        tone=tone.group(1).lower() if tone else None, scope=_scope(instruction, persona),
        data_policy=_policy(instruction), reasoning=bool(REASONING.search(everything)),
        grounding=tuple(n for n, p in GROUNDING.items() if p.search(everything)),
        language=language.group(1).lower() if language else None, injection=injection, injection_in_block=in_block,
        prefill=prefill, empty_tags=tuple(t for t in blocks_mod.empty_tags(user) if re.search(rf"\b{re.escape(t)}\b", own, re.I)),
    )


def content_of(message: Any) -> str:
    """A message's text, whatever shape its content has."""
    if not isinstance(message, dict):
        return "" if message is None else str(message)
    content = message.get("content")
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return "" if content is None else str(content)


def analyse(messages: list[dict]) -> Analysis:
    """The analysis of a chat request: system/developer text, the last user turn, a trailing assistant prefill."""
    items = [m for m in messages if isinstance(m, dict)] if isinstance(messages, (list, tuple)) else []
    prefill = content_of(items.pop()) if items and items[-1].get("role") == "assistant" else ""
    system = "\n\n".join(content_of(m) for m in items if m.get("role") in ("system", "developer"))
    users = [content_of(m) for m in items if m.get("role") == "user"]
    return analyse_parts(system, users[-1] if users else "", prefill)


def analyse_fields(prompt: str = "", system: str = "", prefill: str = "") -> Analysis:
    """The analysis of an exercise's fields."""
    return analyse_parts(system or "", prompt or "", prefill or "")

