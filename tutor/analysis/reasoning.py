"""Chains of reasoning: does a prompt ask the model to reason, before or after the answer, and where does the answer go?

`read(instruction)` returns a `Chain`. The offline model lays its reply out from it (steps, then the
answer in its slot), and the checker grades with the same reading, so the two never disagree.
Wordings are read by class of meaning (a thinking verb with a manner, a request to show a kind of
work, a decomposition, a verification, a sketched layout), never from a list of accepted phrases.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tutor.analysis.cues import is_instruction
from tutor.analysis.text import FUNCTION_WORDS as _FUNCTION_WORDS
from tutor.analysis.text import keyword_heap, sentences

_I = re.I
_WORK_NOUN = (r"(?:work|working|workings|reasoning|thinking|thought process|thoughts|logic|steps?|calculations?|math|maths|arithmetic|"
              r"deductions?|derivation|chain of \w+|intermediate \w+|solution path|method|process|rationale|line of thought|sub-?totals?)")
_ANSWER_NOUN = r"(?:answers?|result|verdict|solution|conclusion|team|amount|price|number|total|value|figure|reply|response)"
REASONING_TAGS = frozenset({"thinking", "think", "thoughts", "thought", "reasoning", "reason", "scratchpad", "scratch", "working", "workings",
                             "work", "steps", "step", "analysis", "deductions", "deduction", "facts", "notes", "chain", "logic", "calculation",
                             "calculations", "plan", "explanation", "rationale", "justification", "subquestions", "sub_questions", "check"})
_ANSWERISH = re.compile(r"(?:final[_-]?)?(?:answer|result|solution|verdict|team|winner|output|response|reply|conclusion|amount|total)s?|final", _I)
_INSTRUCTION_HEADING = re.compile(r"\b(?:respond|response|reply|answer(?:ing)?|instructions?|method|steps?|procedure|approach|process|format|output|rules?|task|how to|what to do|"
                                  r"requirements?|guidelines?|plan|reasoning|working)\b", _I)
_NOT_A_TAG_NAME = frozenset({"xml", "html", "the", "some", "any", "angle", "its", "own", "a", "an", "these", "those", "separate", "two", "pair"})

_PLACED_WORK = r"(?:working|workings|reasoning|thinking|steps|calculations?|arithmetic|maths?|deductions?|derivation)"  # the reasoning, named as a thing to place next to the answer
_GATHER = (r"(?:find|determine|identify|work out|figure out|recall|state|list|establish|check|verify|calculate|compute|note|write down|look up|"
           r"decide|confirm|consider|restate|start from|start with|pull out|extract|set up|define|solve|when|which|who|what|how)\b")
_STEP_VERB = r"(?:find|determine|identify|work out|figure out|find out|recall|establish|check|verify|calculate|compute|look up|confirm|pin down)\b"  # three sentences in a row that each start with one are a plan
_ITEM_LABEL = r"(?:[A-Za-z][A-Za-z ]{0,15}?[ \t]*\d{0,2}[ \t]*(?:[-–—:]|\.\)?)[ \t]+)?"  # '* Link 1 - When was ...': a short label before the item's verb
_BLANK_LINE = r"[^\n:]{3,60}:[ \t]*(?:\.{3}|…|_{2,}|\[[^\]\n]{0,60}\]|<[^<>\n]{0,40}>|\([^()\n]{1,100}\)|\?{1,3})[ \t]*"  # 'Birth year: ...', 'Winner: (who won it)': a template line left blank to fill in
_TEMPLATE = re.compile(rf"(?m)^[ \t]*(?!(?:final |short )?answer\b|q(?:uestion)?\b|input\b|query\b){_BLANK_LINE}\n(?:[ \t]*{_BLANK_LINE}\n){{1,8}}?"
                       r"[ \t*#>_-]{0,6}(?:final |short )?(?:answer|result|team|solution|verdict|conclusion|winner)[ \t*_]{0,3}:", _I)
CUES = (  # (class, pattern): each class is one way of asking the model to reason
    ("steps", re.compile(r"\bstep[- ]?by[- ]?step\b|\bone step at a time\b|\bstep[- ]?wise\b|"
                         r"\b(?:in|as|into|with|using)\s+(?:\w+\s+){0,2}?steps\b|\b(?:follow|use|take|go through|complete|do|work through)\s+(?:these|the following|the|this|those|each of these)\s+(?:[\w-]+\s+)?steps\b|"
                         r"\b(?:solve|approach|tackle|analy[sz]e|calculate|compute|answer|do)\s+(?:it\s+|this\s+|the (?:problem|puzzle|question)\s+)?(?:methodically|logically|systematically|analytically|algebraically)\b", _I)),
    ("think", re.compile(r"\b(?:think|reason|work|figure|puzzle|walk|talk|reflect|deliberate|go|mull|ponder|chew)(?:s|ing|ed)?\s+"
                         r"(?:(?:it|this|that|things|everything|each (?:\w+)|these|the (?:problem|puzzle|question|maths?|numbers|logic|details|facts|steps|riddle|question below)|"
                         r"me|us)\s+)?(?:through|out|over|carefully|thoroughly|methodically|logically|systematically|aloud|out loud|hard|first|before|slowly)\b|"
                         r"\blet'?s think\b|\blet me think\b|\b(?:think|reason)(?:s|ing|ed)?\s+(?:it\s+|this\s+)?(?:out\s+)?(?:in (?:order|sequence|stages|phases|turn)|stage by stage|in (?:clear|separate|small|logical) (?:stages|phases|order))\b|\b(?:think|reason)\s+(?:it\s+)?(?:about it\s+)?(?=(?:then|and then|before|first)\b)|"
                         r"(?:^|[.!?;:\n]\s*|\b(?:please|first|to|and|should|must)\s+)(?:think|reason)\b(?=\s*(?:[,.;:!\n]|$|and\b|then\b|before\b|first\b|about (?:it|this|the \w+)))", _I | re.M)),
    ("show", re.compile(r"\b(?:show|explain|write(?:\s+(?:out|down))?|lay(?:ing)? out|set out|spell out|give|include|present|list|describe|outline|detail|"
                        r"provide|share|display|print|note(?:\s+down)?|document|record|narrate|sketch|talk me through|walk me through|walk us through|go through|"
                        r"take me through|run through|trace|put|place|keep|add|lay)(?:ing|s)?\s+(?:me\s+|us\s+)?(?:out\s+)?(?:all\s+|each\s+|every\s+)?(?:of\s+)?(?:your|the|its|their|my|any|his|her)?\s*"
                        rf"(?:[\w-]+\s+){{0,2}}?{_WORK_NOUN}\b", _I)),
    ("worked", re.compile(r"\b(?:worked|full|complete|detailed|step-by-step|written)[- ](?:out[- ])?(?:solution|working|explanation|derivation)s?\b", _I)),
    ("explain", re.compile(r"\bexplain\w*\s+(?:\w+\s+){0,2}?(?:how|why)\b|(?:^|[.!?;:,\n]\s*|\b(?:then|and|please|also|briefly)\s+)explain\b(?=\s*(?:[.!?;,\n]|$|briefly\b|afterwards\b|after\b|below\b))|\bjustif(?:y|ies|ying|ication)\b|\bexplanation\b|\bexplain (?:it|this|that|your answer)\b|"
                           r"\bwalk (?:me |us )?through\b|\bshow (?:me |us )?how\b|\b(?:on|about|explaining|saying|of|as to) (?:why|how)\b|\breasons? (?:why|for)\b|"
                           r"\b(?:say|tell (?:me|us)|state|mention|add|give|write|note) (?:[\w-]+ ){0,2}?(?:why|how)\b", _I)),
    ("method", re.compile(r"\b(?:set up|write|form|use|define|introduce|let)\b[^.\n]{0,25}?\b(?:equations?|variables?|algebra|an unknown)\b|\bscratch ?pad\b|\b(?:scratch|rough) work\b", _I)),
    ("chain", re.compile(r"\bchain[- ]of[- ](?:thought|deductions?|reasoning|logic|steps|inferences?)\b|\blogical (?:steps|deductions?|chain|reasoning|sequence|inferences?)\b|"
                         r"\bdeduc(?:e|es|ing|tions?|tive)\b|\binfer(?:ences?)?\b|\bderiv(?:e|es|ing|ation)\b|\b(?:reasoning|logical|deductive) chain\b", _I)),
    ("decompose", re.compile(r"\bbreak(?:s|ing)?\s+(?:(?:it|this|that|them|the\s+(?:[\w-]+\s+)?(?:problem|question|puzzle|task|riddle))\s+)?(?:down|up|apart|into)\b|"
                             r"\bdecompos\w*|\bsub-?\s?(?:questions?|problems?|steps?|goals?|tasks?|parts?)\b|\bsmaller (?:questions?|problems?|steps?|parts?|pieces?)\b|"
                             r"\bintermediate (?:steps?|questions?|facts?|results?|values?)\b|\bpiece by piece\b|\bpart by part\b|\bone (?:at a time|by one)\b|\bin turn\b|"
                             r"\banswer (?:these|the following|each of (?:these|the following)|the (?:two|three|four|smaller))\s+(?:[\w-]+\s+)?questions\b", _I)),
    ("facts", re.compile(r"\b(?:list|state|write(?:\s+(?:down|out))?|gather|collect|note(?:\s+down)?|identify|establish|lay out|set out|spell out|pin down|recall|"
                         r"determine|find|look up|name|work(?:ed|ing|s)? out|figur(?:e|ed|ing) out|establish(?:ed|ing)|start (?:by|from|with)|begin (?:by|from|with))\s*:?\s+"
                         r"(?:all\s+|each\s+|every\s+)?(?:of\s+)?(?:the\s+|your\s+|what\s+|any\s+)?(?:[\w-]+\s+){0,2}?"
                         r"(?:facts?|information|givens|quantities|knowns?|known values|premises|assumptions|what you know|what is given|what's given|relevant dates?|birth year|year)\b", _I)),
    ("verify", re.compile(r"\b(?:check|verify|double[- ]?check|re-?check|sanity[- ]check|confirm|test|validate)(?:s|ing|ed)?\s+(?:(?:your|the|each|every|all|that|this|its|my)\s+)?"
                          r"(?:[\w-]+\s+)?(?:answers?|results?|work|working|calculations?|math|maths|arithmetic|steps|reasoning|logic|solution|figures?|numbers|deductions?|facts)\b|"
                          r"\bdouble[- ]?check\b|\b(?:check|verify)\s+(?:it|that|this)\b|\b(?:check|verify|confirm)(?:ing)?\s+(?:by|using|against)\b|\bcheck (?:whether|if) (?:it|the|your|that)\b", _I)),
    ("before", re.compile(r"\bbefore\s+(?:(?:you(?:'ve| have)?\s+(?:\w+\s+)?(?:checked|worked|verified|reasoned|calculated|shown|done|finished|tested)\b)|(?:checking|verifying|working|reasoning|thinking|calculating)\s+(?:it|this|that|them|the|each|every|all|through|out)\b)|"
                          r"\b(?:until|till|unless)\s+(?:you(?:'ve| have)?\s+)?(?:\w+\s+){0,2}?(?:worked|figured|reasoned|thought|checked|found|established|listed|written|verified|calculated|gone|shown|done|finished|completed|explained|tested|laid)\b|"
                          r"\bbefore\s+(?:you\s+)?(?:give|giving|state|stating|write|writing|commit|committing|answer|answering|reply|replying|respond|responding|"
                          r"decid|conclud|settl|nam|put|putting|output|reach|jump|arriv)\w*|"
                          r"\b(?:until|till|unless|before)\s+(?:(?:all|every|each|the|these|those|your|this|that)\s+)(?:[\w-]+\s+){0,3}?(?:is|are|has been|have been)\s+(?:all\s+)?"
                          r"(?:complete|completed|done|finished|worked out|established|answered|resolved|filled in|settled|in place)\b", _I)),  # 'until the chain below is complete'
    ("plan", re.compile(r"\bfirst(?:ly)?\b(?!\s*,?\s*(?:just\s+)?(?:read|re-?read|look at|carefully read|skim)\b)[^\n]{0,160}?\b(?:then|next|second(?:ly)?|after that|afterwards|finally|and only then)\b|"
                        r"(?m:^[ \t]*(?:step\s*)?\d{1,2}[.):][^\n]{3,}\?[ \t]*\n[ \t]*(?:step\s*)?\d{1,2}[.):][^\n]{3,}\?)|"
                        rf"(?m:^[ \t]*(?:step\s*\d{{1,2}}[.):]?|\d{{1,2}}[.):]|[-*•])[ \t]*{_ITEM_LABEL}{_GATHER}[^\n]*\n(?:[^\n]*\n){{0,2}}?[ \t]*(?:step\s*\d{{1,2}}[.):]?|\d{{1,2}}[.):]|[-*•])[ \t]*{_ITEM_LABEL}{_GATHER})|"
                        r"\b(?:only then|and only then|only after (?:that|this|you|the|those|these|doing|all|each|every)|only once (?:you|the|that|this|those|these|all|each|every))\b|"
                        rf"\b{_STEP_VERB}[^.!?\n]{{2,160}}?(?:,|;|\band|\s-{{1,2}}|\s—)[ \t]*(?:and[ \t]+)?then[ \t]+(?:you[ \t]+)?{_STEP_VERB}|"  # 'find X, then find Y': gathering steps chained in one sentence
                        rf"(?:(?m:^)[ \t]*|(?<=[.!?:])[ \t]+){_STEP_VERB}[^.!?\n]{{2,160}}[.!?][ \t]+{_STEP_VERB}[^.!?\n]{{2,160}}[.!?][ \t]+{_STEP_VERB}", _I)),
    ("layout", re.compile(r"\b(?:your |the |all (?:the |your )?)?(?:reasoning|working|workings|steps|deductions|thinking|thought process|calculations?|chain)\s*"
                          r"(?:first\b|,?\s*(?:followed by|then|and then|before|ahead of)\b)|"
                          rf"\b(?:your|the|all (?:the|your))\s+(?:[\w-]+\s+)?{_PLACED_WORK}\s+(?:(?:goes|go|comes?|sits?|should (?:go|come|sit)|must (?:go|come)|is|are)\s+)?"
                          r"(?:above|before|ahead of|after|below|under(?:neath)?|beneath)\s+(?:it|that|them|the (?:final )?answer|your (?:final )?answer|<\w+>)|"  # 'the working goes above it'
                          rf"\b(?:after|before|below|beneath|under(?:neath)?|then|followed by)\s+(?:all\s+)?(?:the|your)\s+(?:[\w-]+\s+)?{_PLACED_WORK}\b|"
                          rf"\bbefore\s+(?:the|your)\s+(?:final\s+)?answer\b[ \t,:;-]+(?:all\s+)?(?:the|your)\s+{_PLACED_WORK}\b", _I)),  # 'before the answer, your working'  # 'last, after your working', '..., then the steps'
    ("label", re.compile(r"(?m)^[ \t*#>_-]{0,6}(?:reasoning|working|workings|work|steps|thinking|thoughts|explanation|logic|deductions|facts|analysis|"
                         r"scratchpad|solution steps|chain of thought|calculation|justification)[ \t*_]{0,3}:", _I)),
    ("tag", re.compile(r"<\s*(?:" + "|".join(sorted(REASONING_TAGS)) + r")\s*>", _I)),
    ("template", _TEMPLATE),
)
_ANSWER_SLOT_TAG = re.compile(r"<\s*([A-Za-z][\w-]{0,30})\s*>|"
                              r"\b(?:in|inside|within|between|into|using|with|wrap\w*(?:\s+(?:it|them|that))?\s+in|enclos\w*(?:\s+(?:it|them|that))?\s+in)\s+"
                              r"(?:the\s+|an?\s+|a pair of\s+|some\s+)?(?:xml\s+)?[\"'`“]?([A-Za-z][\w-]{0,30})[\"'`”]?\s+(?:xml\s+)?tags?\b", _I)
_ANSWER_LINE = re.compile(r"[\"'`“‘]((?:final |short |the )?(?:answer|result|team|solution|verdict|conclusion|winner|final))\s*:|"
                          r"(?m:^[ \t*#>_-]{0,6}((?:final |short )?(?:answer|result|team|solution|verdict|conclusion|winner))[ \t*_]{0,3}:)|"
                          r"\b(?:starts?|begins?|starting|beginning|prefixed|prefix|labell?ed|marked|headed|opens?|opening|ends?|ending|finish(?:es|ing)?|clos(?:e|es|ing)|conclud(?:e|es|ing))\s+"
                          r"(?:it\s+|your (?:reply|response|answer)\s+)?(?:with|by|as|on)?\s*(?:(?:a|the|one)\s+(?:final\s+|last\s+|single\s+)?(?:word|label|text|prefix|line)\s+(?:like\s+|saying\s+|reading\s+)?)?"
                          r"[\"'`“‘]?((?:final )?(?:answer|result|team|solution|verdict))\s*:|"
                          r"\b(?:write|put|print|output|add|type|give|end with|finish with|close with)\s+(?:the\s+(?:word|label|line)\s+)?[\"'`“‘]?((?:final )?answer)\s*:[\"'`”’]?\s+(?:followed by|then|and then|and|plus|with|\+)(?=\s)|"
                          r"\b((?:final )?answer)\s*:\s*(?:followed by\b|<[^>\n]{0,30}>|\[[^\]\n]{0,30}\]|\{[^}\n]{0,30}\}|\.\.\.|…|_{2,}|(?:true|false|yes|no|team|name|amount|number|x)\b)", _I)
_ANSWER_MENTION = re.compile(rf"\b(?:give|gives|giving|state|stating|write|writing|put|putting|name|naming|return|output|provide|print|report|say|present|wrap|place|"
                             rf"enclose|end with|finish with|conclude with|close with|commit to|reach)\b[^.\n]{{0,30}}?\b(?:final |short |direct )?{_ANSWER_NOUN}\b|"
                             r"(?:^|[.!?;:\n]\s*|\b(?:then|first|firstly|just|only)\s*,?\s*)answer\b(?!\s*:)(?!\s+(?:the|this|these|that|following|my)\s+(?:[\w-]+\s+)?(?:questions?|problems?|puzzles?|riddles?|query|queries)\b)", _I | re.M)
_AFTER = (  # explicit: the answer comes first, the reasoning after it
    re.compile(r"\b(?:answers?|result|verdict|solution|conclusion|team|amount)\b(?:(?!\b(?:but|and|then|so|yet)\b)[^.\n,;:]){0,30}?"
               r"\b(?<!\bat )(?:first|at the (?:very )?(?:top|start|beginning)|up ?front|immediately(?!\s+(?:after|before|once|when))|right away|straight away|on the first line)\b(?!\s+(?:instinct|guess|impression|thought|idea|answer))", _I),
    re.compile(rf"\b(?:start|begin|lead|open)(?:s|ning)?\s+(?:your (?:reply|response|answer) )?(?:with|by (?:giving|stating|writing|naming))\s+(?:the |your |a )?(?:final |short |direct )?(?:{_ANSWER_NOUN}\b(?!\s*:)|<)", _I),
    re.compile(rf"(?:^|[.!?;:,(\n]\s*|\b(?:and|then|please|you)\s+)first(?:ly)?\s*,?\s*(?:just\s+)?(?:answer\b(?!\s+(?:is|that|you|which|comes|from))|(?:give|state|write|put|say|name|output|provide)\b[^.\n]{{0,20}}?\b{_ANSWER_NOUN}\b)", _I),
    re.compile(rf"\b(?:after|once)\s+(?:you(?:'ve| have)?\s+)?(?:given|giving|give|stated|stating|state|written|writing|named|naming|answered|answering|put|putting)\s+(?:the |your |an? )?(?:final )?{_ANSWER_NOUN}\b", _I),
    re.compile(rf"\b{_WORK_NOUN}\b[^.\n]{{0,30}}?\b(?:after|below|under(?:neath)?|following|beneath)\s+(?:the|your)\s+(?:final\s+)?(?:{_ANSWER_NOUN}|<\w+>)", _I),
    re.compile(rf"\b{_ANSWER_NOUN}\b[^.\n,;:]{{0,30}}?\bbefore\s+(?:(?:the|your|any)\s+(?:[\w-]+\s+)?{_PLACED_WORK}\b|(?:working|reasoning|explaining|showing|justifying)\b)", _I),  # 'the answer before your reasoning'
    re.compile(rf"\b(?:{_WORK_NOUN}|facts|explanation|justification|reasons)\b(?:(?!\b(?:and|but|then|so|only)\b)[^.\n,;:]){{0,20}}?\b(?:underneath|beneath|afterwards|after it|after that|below it|below that|under it)\b", _I),
)
_WORKED_BEFORE = re.compile(r"\b(?:worked|full|complete|detailed|step[- ]by[- ]step|written|reasoned|long-?hand)[- ](?:out[- ])?$", _I)  # qualifies a noun as the working
_SUBPARTS = re.compile(r"\b(?:sub-?\s?)?(?:questions?|queries|parts?|steps?|facts?|sub-?problems?)\b", _I)
_SEQUEL = re.compile(r"\b(?:then|afterwards|after that|followed by|next|below that|underneath|later)\b", _I)
_POST_HOC = ("explain", "label")


@dataclass(frozen=True)
class Slot:
    """Where the final answer goes so code can find it: a tag (<answer>) or a labelled line (Answer:)."""

    kind: str  # "tag" or "line"
    name: str  # the tag name or the line's label, as the prompt writes it


@dataclass(frozen=True)
class Chain:
    """How a prompt asks for reasoning, and where the answer goes."""

    asked: bool = False
    order: str = ""  # "before" or "after" the answer; "" when no reasoning is asked for
    cue: str = ""  # the words that ask for reasoning
    kind: str = ""  # the class of the cue: steps, think, show, decompose, facts, verify, ...
    slot: Slot | None = None
    thinking_tag: str = ""  # the tag the reasoning goes in, when the prompt names one
    coda: bool = False  # an explanation is asked for after the answer as well ('..., then add a note on why')
    given: str = ""  # the value the prompt itself writes into the answer's slot as the answer to give ('the answer is <answer>5 cents</answer>')

    def describe(self) -> str:
        """A short line for the x-ray: 'reason before the answer, answer in <answer>', or '' when nothing was asked."""
        parts = [f"reason {self.order} the answer ({self.kind}: {self.cue[:40]!r})"] if self.asked else []
        if self.slot:
            parts.append(f"answer in <{self.slot.name}>" if self.slot.kind == "tag" else f"answer on a '{self.slot.name}:' line")
        return ", ".join(parts)

    @property
    def first(self) -> bool:
        """Reasoning is asked for, and not after the answer."""
        return self.asked and self.order == "before"


_NEGATION = re.compile(r"\b(?:not|never|don't|do not|doesn't|does not|mustn't|shouldn't|can't|cannot|no)\b", _I)


def negated(text: str, at: int) -> bool:
    """True when the clause leading up to position `at` negates what follows ('no explanation', "don't show your working")."""
    lead = re.split(r"[.;,!?:\n—–]|\s-\s|\b(?:but|instead|rather|and|then|so|until|unless|before|till)\b", text[max(0, at - 40):at], flags=_I)[-1]  # a dash ends a clause too
    return bool(re.search(r"\b(?:not|never|don't|do not|doesn't|does not|avoid|without|no|skip|omit|nor|resist|refrain|hold off)\b", lead, _I))  # a verb of holding back negates its object


_COPY_LEAD = re.compile(r"\b(?:copy|repeat|reproduce|paste|fill in|fill out|fill|complete)\b[^\n\"'“‘:]{0,60}?:?[ \t]*([\"'“‘])", _I)
_CLOSING = {'"': '"', "'": "'", "“": "”", "‘": "’"}


_OPENER_LEAD = re.compile(r"\b(?:begin|start|open|preface|lead off|kick off)\w*\s+(?:(?:your|the)\s+(?:reply|response|answer|output)\s+)?(?:with|by (?:saying|writing))\s+"
                          r"(?:the\s+(?:exact\s+)?(?:sentence|words?|phrase|line|text)\s*)?:?[ \t]*([\"'“‘])", _I)
_AT_ONCE = re.compile(r"[^\w\n]{0,4}[^.\n]{0,40}?\b(?:immediately|straight (?:away|to|on)|right away|directly|at once|instantly|without (?:any )?(?:further |more |actual )?(?:working|work|reasoning|steps|explanation))\b", _I)


def _quoted(text: str, lead: re.Pattern) -> Iterator[tuple[int, int]]:
    """(start, end) of each quoted text that the lead pattern introduces."""
    for m in itertools.islice(lead.finditer(text[:20000]), 20):
        close = text.find(_CLOSING[m.group(1)], m.end() + 1, m.end() + 2000)
        while m.group(1) == "'" and close >= 0 and close + 1 < len(text) and text[close + 1].isalpha():
            close = text.find("'", close + 1, m.end() + 2000)  # an apostrophe inside a word, not the closing quote
        if close > m.end():
            yield m.end(), close


_DONE_VERB = r"(?:worked|thought|reasoned|checked|verified|gone|walked|calculated|considered|deduced|figured|solved|traced|established|reviewed|weighed|analy[sz]ed)"
_DONE = re.compile(rf"\b(?:i|we)(?:'ve|’ve|'d|’d|\s+have|\s+had)?\s+(?:\w+\s+)?{_DONE_VERB}\b|\bhaving\s+(?:\w+\s+)?{_DONE_VERB}\b|"
                   r"\b(?:after|once|now that)\s+(?:(?:i|we)(?:'ve|\s+have)?\s+)?(?:carefully\s+)?(?:working|thinking|reasoning|checking|going|walking|worked|thought|reasoned|checked|gone)\b", _I)


def _claims_done(quote: str) -> bool:
    """A quoted opener that says the work is already done ('I have worked through ... step by step', 'Having reasoned carefully, ...'): a claim, not reasoning."""
    return _DONE.search(quote) is not None


def _copied(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text the prompt hands over to copy or fill in ("Copy this exactly: 'Step 1: ...'"), or to recite as an opener
    before answering at once ("Begin with 'Let me reason step by step.' and then immediately give the answer") or that claims the
    reasoning done ("Start with 'I have checked each fact step by step.'"): words to reproduce, not requests."""
    spans = list(_quoted(text, _COPY_LEAD))
    spans += [(a, b) for a, b in _quoted(text, _OPENER_LEAD) if _AT_ONCE.match(text, b + 1) or _claims_done(text[a:b])]
    return spans


_HOP_ONE = re.compile(r"\b(?:step|stage|hop)[ \t]*(?:1|one)[ \t]*[.):,-]", _I)
_HOP_TWO = re.compile(r"\b(?:step|stage|hop)[ \t]*(?:2|two)[ \t]*[.):,-]", _I)
_HOP_IS_ANSWER = re.compile(r"[^.\n]{0,60}?\b(?:final answer|answer|result|verdict)\b", _I)


def _hops(text: str) -> Iterator[re.Match]:
    """Numbered hops ('Step 1: give X. Step 2: name Y.') in any verbs, the first not being the answer itself: a plan worked before the answer."""
    for one in itertools.islice(_HOP_ONE.finditer(text), 20):
        two = _HOP_TWO.search(text, one.end() + 3, one.end() + 300)
        if two and not _HOP_IS_ANSWER.match(text, one.end()):
            yield one


_ANSWER_VERB = re.compile(r"\b(?:answer\w*|reply|respond|give|state|write|commit|say|output|put|name|reveal|share|jump|rush|blurt)\b", _I)


def _held_back(text: str, at: int) -> bool:
    """The negation before an 'until'/'before' clause falls on the answer ("don't answer until you've checked"): the work comes first."""
    return _ANSWER_VERB.search(text[max(0, at - 40):at]) is not None


def _first_cue(text: str) -> tuple[int, str, str]:
    """(position, words, class) of the earliest reasoning cue that is not negated nor inside a text to copy, or (-1, '', '')."""
    found, copied = [], _copied(text)
    for kind, matches in itertools.chain(((k, p.finditer(text)) for k, p in CUES), [("plan", _hops(text))]):
        m = next((m for m in matches if (not negated(text, m.start()) or kind == "before" and _held_back(text, m.start()))
                  and not any(a <= m.start() < b for a, b in copied)), None)
        if m:
            found.append((m.start(), m.group(0).strip() if m.re is not _HOP_ONE else text[m.start():m.start() + 40].strip(), kind))
    return min(found) if found else (-1, "", "")


def sketched(text: str) -> bool:
    """A fill-in template of labelled blank lines that ends in the answer's line ('Birth year: ...' then 'Answer: ...'): a reasoning scaffold."""
    return _TEMPLATE.search(text[:20000]) is not None


def is_answer_tag(name: str) -> bool:
    """A tag named for the answer ('answer', 'final_answer', 'team', 'result'), which holds no data even with a placeholder in it."""
    return bool(_ANSWERISH.fullmatch(name or ""))


def instruction_heading(label: str) -> bool:
    """A section heading that introduces instructions ('How to respond', 'Method', 'Output format'), not data."""
    return bool(_INSTRUCTION_HEADING.search(label or ""))


def _wrapper(text: str, lower: str, m: re.Match) -> bool:
    """An opening tag that wraps a long stretch of the prompt (<instructions>...</instructions>): a container, not a slot."""
    close = lower.find(f"</{m.group(1).lower()}", m.end(), m.end() + 5000)
    return close >= 0 and (close - m.end() > 40 or "<" in text[m.end():close])


def _tags(text: str) -> list[tuple[int, str]]:
    """(position, name) of every tag the instruction mentions that could hold the answer or the reasoning."""
    out, lower = [], text.lower()
    for m in itertools.islice(_ANSWER_SLOT_TAG.finditer(text), 60):
        name = m.group(1) or m.group(2)
        if m.group(1) and _wrapper(text, lower, m):
            continue
        placeholder = m.group(1) and text[max(0, m.start() - 3):m.start()].rstrip().endswith(":") and f"</{name.lower()}" not in text.lower()
        if name.lower() not in _NOT_A_TAG_NAME and not placeholder:  # 'Answer: <team>' is a placeholder, not a tag
            out.append((m.start(), name))
    return out


def _tag_roles(text: str, data_tags: frozenset[str]) -> tuple[str, str, int]:
    """(answer tag, thinking tag, position of the answer tag) from the tags the instruction mentions (data tags left out)."""
    answer, thinking, where = "", "", -1
    for pos, name in _tags(text):
        if name.lower() in data_tags:
            continue
        clause = re.split(r"[.;!?\n]|\band\b|\bthen\b", text[max(0, pos - 60):pos])[-1]
        reasoning = name.lower() in REASONING_TAGS or (not is_answer_tag(name) and re.search(rf"\b{_WORK_NOUN}\b", clause, _I)
                                                       and not re.search(rf"\b{_ANSWER_NOUN}\b", clause, _I))
        if reasoning and name.lower() not in ("answer", "final", "result") and not thinking:
            thinking = name
        elif not reasoning and (not answer or is_answer_tag(name) and not is_answer_tag(answer)):
            answer, where = name, pos
    return answer, thinking, where


def _slot(text: str, data_tags: frozenset[str]) -> tuple[Slot | None, str, int]:
    """The answer's slot, the thinking tag, and the slot's position in the instruction."""
    answer, thinking, where = _tag_roles(text, data_tags)
    if answer:
        return Slot("tag", answer), thinking, where
    line = _ANSWER_LINE.search(text)
    if line:
        label = next(g for g in line.groups() if g)
        label = re.sub(r"^the ", "", label.strip(), flags=_I)
        return Slot("line", label[:1].upper() + label[1:]), thinking, line.start()
    return None, thinking, -1


def _explicitly_after(text: str) -> bool:
    """The prompt says outright that the answer comes first (and no negation turns it round)."""
    for pattern in _AFTER:
        for m in pattern.finditer(text):
            span = m.group(0)
            if re.search(r"\b(?:after|once|when|until|before|only)\b", span, _I) and pattern is _AFTER[0]:
                continue  # 'answer only after you first list the facts': the facts come first
            if pattern is _AFTER[0] and re.match(r"\w+\s+(?:that|which)\b", span, _I):
                continue  # 'the amount that springs to mind first': a relative clause describes the tempting answer, it places nothing
            if pattern is _AFTER[0] and _SUBPARTS.search(span):
                continue  # 'answer the intermediate questions first': the verb 'answer' with the smaller questions as its object
            if pattern is _AFTER[0] and _WORKED_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                continue  # 'write your step-by-step solution first': a worked solution is the reasoning, not the answer
            if not negated(text, m.start()) and not _NEGATION.search(span):
                return True  # 'your answer must not come first' turns the order round
    return False


def _order(text: str, cue_at: int, kind: str, cue: str, answer_at: int) -> str:
    """'after' when the answer is asked for first (explicitly, by a sequence word, or with a post-hoc explanation), else 'before'."""
    if _explicitly_after(text):
        return "after"
    if 0 <= answer_at < cue_at:
        between = text[answer_at:cue_at]
        if re.search(r"\bbefore\b|\bfirst\b", between, _I):
            return "before"
        if _SEQUEL.search(between) or kind in _POST_HOC or re.match(r"(?:explain|justify|describe|defend)", cue, _I):
            return "after"
    return "before"


_HIDDEN = re.compile(r"\b(?:silently|in your head|internally|privately|mentally|to yourself|behind the scenes|without (?:showing|writing|printing|displaying|sharing)\b)|"
                     r"\b(?:reply|respond|output|return|print|answer|write|give)\w*\s+(?:with\s+)?(?:only|just|nothing but|solely)\s+(?:the\s+)?(?:final\s+)?(?:answer|result|number|amount|<\w+>(?:\s*</\w+>)?)(?:\s+tags?)?"
                     r"[ \t]*(?:[.;!]|\n[ \t]*\n|$|,?\s*(?:and\s+)?nothing (?:else|more)\b)", _I)


_PLACED = re.compile(r"[^.;!?\n]{0,12}?\b(?:after|before|below|above|beneath|under|outside|inside|within|between|in|into|at|first|until|till|yet)\b", _I)


def _forbidden_work(text: str) -> bool:
    """Showing any working is ruled out ('Do not write any actual working', 'no explanation'), not merely moved ('no working after the tags')."""
    for kind, pattern in CUES:
        if kind not in ("show", "worked"):
            continue
        for m in itertools.islice(pattern.finditer(text[:20000]), 20):
            clause = re.split(r"[.;:!?\n]", text[max(0, m.start() - 40):m.start()])[-1]
            if negated(text, m.start()) and not _PLACED.match(text, m.end()) and not _ANSWER_VERB.search(clause) \
                    and not re.search(r"\b(?:answer|before|until)\b", m.group(0), _I):  # "don't give the answer before working it out" holds the answer  # "don't answer until you show your work" holds the answer back
                return True
    return False


def _hidden(text: str) -> bool:
    """The reasoning is to stay off the page ('think silently', 'reply with only the answer'): the reply shows none."""
    return any(not negated(text, m.start()) for m in _HIDDEN.finditer(text[:20000]))


def _stuffed(text: str, cue: str) -> bool:
    """A cue repeated three times or more, or twice in a row ('step by step think step by step'), is a heap of keywords, not a request."""
    words = " ".join(cue.lower().split()[:3])
    if len(words) < 4:
        return False
    head = text.lower()[:20000]
    return len(re.findall(re.escape(words), head)) >= 3 or re.search(rf"{re.escape(words)}(?:\W{{1,3}}\w{{1,12}})?\W{{0,3}}{re.escape(words)}", head) is not None


def _heaped(text: str, at: int) -> bool:
    """The cue sits in a heap of keywords with no sentence around it ('step by step reasoning first answer last ... trap'): no request a model follows."""
    start = max(text.rfind(".", 0, at), text.rfind("\n", 0, at), text.rfind("!", 0, at), text.rfind("?", 0, at)) + 1
    end = min((p for p in (text.find(c, at) for c in ".\n!?") if p >= 0), default=len(text))
    segment = re.sub(r"</?[\w-]{1,30}>", " ", text[start:min(end, at + 160)])  # a tag names a place, it is no keyword ('<thinking></thinking>')
    return keyword_heap(segment) or _bare_run(segment, at - start)  # up to a line past the cue: a problem pasted after a heap is no part of it


_IDIOM = re.compile(r"\b(\w+)\s+by\s+\1\b|\bchain[- ]of[- ]\w+|\bone at a time\b", _I)  # 'step by step', 'chain of deductions': one keyword each
_RUN_BREAK = re.compile(r"[.!?:;\n]|(?<=[a-z0-9])\s+(?=(?:A|An|The|Which|What|How|Who|When|If|In|There|This|Given)\b)")  # a run-on sentence starts at a capital function word


def _bare_run(segment: str, at: int) -> bool:
    """The cue sits in a run of ten or more bare keywords, cut off where the pasted problem begins ('... chain of thought A bat and ...'): a heap, not a request."""
    cuts = [0] + [m.end() for m in _RUN_BREAK.finditer(segment)] + [len(segment)]
    lo = max(c for c in cuts if c <= max(at, 0))
    hi = min((c for c in cuts if c > lo), default=len(segment))
    run = _IDIOM.sub("KEY", segment[lo:hi])
    found = re.findall(r"[A-Za-z']+", run)
    function = sum(w.lower() in _FUNCTION_WORDS for w in found)
    return (len(found) >= 10 and len(re.findall(r"[,()]", run)) * 8 < len(found) and function < 0.15 * len(found)
            and not is_instruction(segment[lo:hi].strip()))  # 'Show your reasoning step by step before stating any answer' is a command


def _unspoken(text: str) -> bool:
    """No sentence around the tags asks anything ('<reasoning></reasoning>' and '<answer></answer>' set above a bare problem): empty tags are no request to fill them."""
    own = re.sub(r"</?[A-Za-z][\w-]{0,30}>|\{[\w-]{1,40}\}", " ", text[:20000])
    return not any(is_instruction(s) for s in sentences(own))


def read(instruction: str, data_tags: tuple[str, ...] = ()) -> Chain:
    """How the instruction asks for reasoning (if at all), in which order, and where the answer goes; `data_tags` hold the data."""
    text = instruction or ""
    cue_at, cue, kind = _first_cue(text)
    slot, thinking, slot_at = _slot(text, frozenset(t.lower() for t in data_tags))
    if cue_at < 0 and thinking:  # 'put your working in <scratchpad> tags' asks for reasoning by naming its place
        cue_at, cue, kind = text.lower().find(thinking.lower()), f"<{thinking}>", "tag"
    given = dictated_answer(text, slot)
    if cue_at < 0 or _stuffed(text, cue) or _hidden(text) or _forbidden_work(text) or _heaped(text, cue_at) or kind == "tag" and _unspoken(text):
        return Chain(slot=slot, given=given)
    mention = next((m for m in itertools.islice(_ANSWER_MENTION.finditer(text), 40) if not negated(text, m.start())), None)  # "don't give an answer yet" asks for none
    answer_at = min(p for p in (slot_at, mention.start() if mention else -1, 10**9) if p >= 0)
    answer_at = answer_at if answer_at < 10**9 else -1
    order = _order(text, cue_at, kind, cue, answer_at)
    return Chain(asked=True, order=order, cue=cue, kind=kind, slot=slot, thinking_tag=thinking, given=given,
                 coda=order == "before" and _coda(text, slot_at if slot_at >= 0 else max(answer_at, cue_at), slot_at >= 0))


_FILLED = re.compile(r"<\s*([A-Za-z][\w-]{0,30})\s*>([^<>\n]{1,60})<\s*/\s*\1\s*>")
_STATED_LEAD = re.compile(r"(?:\b(?:answer|result|solution|verdict|amount|team)\s+(?:is|will be|should be|must be|has to be|=)|"  # 'the answer is <answer>5 cents</answer>'
                          r"\b(?:reply|respond|answer|write|output|print|return|put|give|say|type|end|finish|close|conclude|always\s+\w+)(?:s|ing)?\b)"  # 'reply with <answer>0</answer>'
                          r"(?:[ \t]+(?:with|exactly|only|just|this|the following|back|simply))*[ \t]*:?[ \t]*$", _I)
_EXAMPLE_LEAD = re.compile(r"\b(?:e\.?g|i\.?e|for example|for instance|such as|like|form|format|shape|template|pattern|sample|as in)\b|\bif\b|\bunless\b|\botherwise\b|->|=>", _I)
_PLACEHOLDER = re.compile(r"[\W_xX]*|[A-Z][A-Z\s_'’.-]*|\{[^{}]*\}.*|"
                          rf"(?i:.*\b(?:{_ANSWER_NOUN[3:-1]}|price|cost|name|word|label|choice|here|figure|number|amount|value|x)\b.*)", re.S)


def dictated_answer(text: str, slot: Slot | None) -> str:
    """The value the prompt writes into the answer's tags as the answer itself ('the answer is <answer>5 cents</answer>',
    'reply with <answer>0</answer>'); '' for a format shown by example ('e.g. <answer>$X.XX</answer>'), a placeholder
    ('<answer>your final answer</answer>'), or a value offered only on a condition ('if unsure, ...')."""
    if slot is None or slot.kind != "tag":
        return ""
    for m in itertools.islice(_FILLED.finditer(text[:20000]), 20):
        value = m.group(2).strip()
        lead = re.split(r"[.!?;\n]", text[max(0, m.start() - 60):m.start()])[-1]
        if (m.group(1).lower() == slot.name.lower() and value and not _PLACEHOLDER.fullmatch(value)
                and _STATED_LEAD.search(lead) and not _EXAMPLE_LEAD.search(lead) and not negated(text, m.start())):
            return value
    return ""


_CODA_NOUN = r"(?:sentences?|lines?|notes?|check|comments?|remarks?|explanation|summary|justification|verification|recap)\b"
_CODA = re.compile(r"\b(?:after|below|under(?:neath)?|following|beneath)\s+(?:the|your|that|those|these|it|them)\b[^.\n]{0,30}?\b(?:add|append|write|include|give|put|provide|state|say|offer|print|follow)\b|"
                   r"\b(?:then|afterwards|after that|finally)\s*,?\s+(?:also\s+)?(?:add|append|include|follow (?:it|up|that) with|close with|finish with|sign off)\b(?!\s+(?:the|your)\s+(?:final\s+)?answer)|"
                   r"\b(?:followed|trailed)\s+by\b(?!\s+(?:nothing|no\b))|"  # '<answer></answer> tags, followed by a one-sentence check'
                   rf"\b(?:plus|and then|and also|and afterwards)\s+(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{_CODA_NOUN}|"  # '..., plus a short note on why'
                   rf"\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{_CODA_NOUN}\s+(?:after|below|under|beneath)\s+(?:it|them|that|the\s+(?:closing\s+)?(?:tags?|answer)|</answer>)", _I)  # 'a check line after the closing tag'


def _coda(text: str, after: int, at_slot: bool) -> bool:
    """True when, after the answer is asked for, more text is asked for as well ('..., then say why', 'after the tags, add a summary')."""
    if after < 0:
        return False
    rest = text[after:]
    for m in _CODA.finditer(rest):
        if not negated(rest, m.start()) and not re.search(r"\b(?:nothing|no more|no other|anything)\b", rest[m.start():m.end() + 30], _I):
            return True
    for kind, pattern in CUES:
        if kind not in ("explain", "show"):
            continue
        for m in pattern.finditer(rest):
            if (at_slot or _ANSWER_MENTION.search(rest, 0, m.start())) and _SEQUEL.search(rest, 0, m.start()) and not negated(rest, m.start()):
                return True
    return False
