"""How a prompt guards against made-up answers: an out, a restriction to the source, quotes first.

`read(instruction)` returns the grounding the instructions ask for, as names:

- `say_unknown`: the model may (or must) say it does not know: a state of not knowing joined to a
  condition or a permission ("if you're not sure, say so", "it's fine to answer I don't know",
  "if the answer isn't in the report, say it isn't there"), or a ban on guessing ("don't guess",
  "never make up figures"). An unconditional order ("Reply: I don't know") or a ban on admitting it
  ("never say you don't know") is no out.
- `only_from_text`: the answer must come from the given text alone ("use only the document",
  "based solely on the text", "don't use outside knowledge", "if it isn't in the report, say so").
- `quote_first`: the model must copy its evidence from the text before it answers ("first copy the
  sentences that support your answer into <quotes>", "cite the line, then answer").
- `quote_after`: quotes asked for only after the answer ("answer, then cite the line"): by then the
  answer is already written, so it is no quote-first.
- `answer_anyway`: an answer is demanded whatever is known ("give a number for each question", "if
  the report doesn't give it, estimate it"): a restriction to the text no longer saves the model from
  inventing a figure.

Each sentence is read on its own, so a negation or condition applies where it is written.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")

# -- not knowing ---------------------------------------------------------------------------------
_NEG = r"(?:do not|don't|dont|does not|doesn't|did not|didn't|cannot|can't|can not|could not|couldn't|are not|aren't|am not|is not|isn't|not|never)"
UNKNOWING = re.compile(
    rf"\b{_NEG}\s+(?:\w+\s+){{0,3}}?(?:know|sure|certain|confident|find|verify|confirm|tell|have (?:the|enough|reliable|reliable enough|that|this|an?)\b|exist|appear|found|given|give|say|says|mention|contain|include|cover|state|provide|answer|answered|stated|mentioned|included|contained|covered|answerable|available|real|listed|in|there|part of|recogni[sz]e)\b|"
    r"\b(?:would|'d|will|might|need to|have to)\s+(?:have\s+to\s+|need\s+to\s+)?guess\b|"  # 'if you would have to guess, ...': a guess is what not knowing leaves
    r"\b(?:unsure|uncertain|unknown|unanswerable|unverifiable|unfamiliar|unaware|no idea|not 100\s*%|fictional|fictitious|made[- ]up|invented|imaginary|nonexistent|non-existent)\b|"
    r"\b(?:lack|lacks|lacking|missing|absent)\b|\bno (?:reliable |solid |verified |real )?(?:information|data|answer|facts?|knowledge|record|evidence|source)\b|"
    r"\b(?:doubt|doubts|doubtful|in doubt|unclear)\b|\bnever heard of\b|\b(?:is|are|was|were|stays?|remains?|goes|keeps?)\s+(?:\w+\s+)?silent\b|"
    r"\b(?:says?|contains?|has|have|holds?|gives?|mentions?|includes?|offers?|provides?|covers?|states?)\s+nothing\b", _I)  # 'if the report contains nothing on it
CONDITION = re.compile(r"\b(?:if|when|whenever|where|unless|in case|otherwise|should (?:you|it|the)|in cases?|for (?:any|questions?|things?|anything))\b", _I)
PERMISSION = re.compile(r"\b(?:fine|ok|okay|acceptable|alright|all right|allowed|permitted|welcome|valid|legitimate|perfectly|better|good answer|no problem|free to|may|can|rather than|instead of|over guessing|prefer|prefers|preferred|rather(?= (?:hear|get|see|have|read|you))|over (?:a |an )?(?:guess|made-up|invented|fabricated|fake))\b"
                        r"(?!\s+not\b)", _I)  # 'you may not know the answer' is a caveat about knowing, not a permission
NO_GUESS = re.compile(
    rf"\b{_NEG}\s+(?:\w+\s+){{0,3}}?(?:guess|guessing|speculate|speculating|invent|inventing|fabricate|fabricating|make (?:\w+\s+){{0,2}}?up|making (?:\w+\s+){{0,2}}?up|bluff|bluffing|fill (?:in )?(?:the )?gaps?|hallucinate|pretend)\b|"
    r"\b(?:no|avoid|without|rather than|instead of|not)\s+(?:\w+\s+){0,1}?(?:guess|guesses|guessing|speculation|speculating|inventing|invention|fabricating|fabrication|making (?:\w+\s+){0,2}?up|bluffing|hallucinating|made-up answers?)\b|"
    r"\bonly (?:answer|respond|reply|give (?:an |the )?answer)\w*\b[^.\n]{0,40}\b(?:if|when)\b[^.\n]{0,30}\b(?:sure|certain|confident|know)\b|"
    r"\b(?:answer|respond|reply)\w*\s+only\s+(?:if|when)\b[^.\n]{0,30}\b(?:sure|certain|confident|know)\b", _I)
GAGGED = re.compile(  # 'never say you don't know', 'always give an answer, even if unsure': the out is taken away
    rf"\b(?:never|don't|do not|must not|mustn't|should not|shouldn't|not allowed to|avoid)\s+(?:ever\s+|\w+ly\s+)?(?:say|saying|admit|admitting|answer|answering|reply|replying|respond|responding|tell)\b"
    rf"(?:\s+(?:that|with|me|us|them|the user))?[\s:,\"'“]*(?:you|i|we)?\s*(?:{_NEG}\s+(?:know|sure)|unsure|no idea|have no idea)|"
    r"\beven (?:if|when)\b[^.\n]{0,25}\b(?:not sure|unsure|don't know|do not know|uncertain)|\b(?:always|must)\s+(?:give|provide)\s+(?:an?|some)\s+(?:answer|number|figure)|"
    r"\b(?:give|make|offer|provide|take|share|work out|come up with|calculate|derive|produce)\s+(?:me\s+|us\s+)?(?:your|a|an|my|some)?\s*(?:best|rough|educated|reasonable|plausible)\s+(?:guess|estimate)\b|\bguess anyway\b|\b(?:estimate|approximate) (?:it|the answer|one)\b|"
    r"\b(?:give|provide|state|put|include|return)\s+(?:a|an|one)\s+(?:(?:specific|exact|precise|concrete|definite|single|numeric|numerical|firm)\s+)?(?:number|figure|value|amount|answer|estimate)\s+(?:for|to|in)\s+(?:each|every|all|both)\b|"  # 'give a number for each question'
    r"\b(?:each|every|both|all)\s+(?:of the\s+)?(?:questions?|answers?|parts?)\s+(?:must|should|needs? to|has to|have to)\s+(?:have|get|include|be answered with|be)\s+(?:a|an)\s+(?:number|figure|value|answer)\b|"
    r"\b(?:each|every|both|all)\s+(?:of the\s+)?(?:answers?|replies)\b[^.\n]{0,40}?\b(?:with|giving|stating|including)\s+(?:the|a|its|one)\s+(?:number|figure|value|amount)\b", _I)  # 'keep each answer to one sentence with the figure

# -- the source ----------------------------------------------------------------------------------
SOURCE = (r"(?:text|texts|article|document|documents|doc|docs|passage|passages|context|email|transcript|report|reports|notes?|material|excerpts?|"
          r"sources?|data|information|info|content|figures|facts|records?|page|memo|letter|file|extract|tags?|block|section|(?:what|anything)\s+(?:is|was|'s)\s+(?:written|given|stated|provided|said))")
ONLY = re.compile(
    rf"\b(?:only|solely|strictly|exclusively|entirely|purely|just|alone|nothing but|nothing other than|no further than)\b[^.\n]{{0,50}}\b{SOURCE}\b|"
    rf"\b{SOURCE}\b[^.\n]{{0,30}}\b(?:alone|only|and nothing else|and nothing more|exclusively)\b|"
    r"\b(?:only|solely|strictly|exclusively|entirely|purely|wholly)\s+(?:on|in|from|upon|by|to|within)\s+(?:it|them)\b|"  # '..., and ground your answers solely in it': the pronoun names the source the sentence mentioned
    rf"\b(?:stick|keep|limit|restrict|confine|ground|anchor|tie)\w*\s+(?:\w+\s+){{0,3}}?(?:to|in|on)\s+(?:\w+\s+){{0,3}}?{SOURCE}\b|"
    r"\b(?:no|not|never|don't|do not|without|nor)\s+(?:\w+\s+){0,3}?(?:outside|prior|own|other|external|general|background|extra|additional|world|memorised|memorized|training)\s+(?:knowledge|information|info|facts|sources?|data|figures|numbers|assumptions)\b|"
    r"\b(?:nothing|anything|everything)\s+(?:that is |that's |which is )?(?:not|n't|outside|beyond|else)\b[^.\n]{0,20}\b(?:in|from|of)\s+(?:the|this|that)\b|"
    rf"\b(?:isn't|is not|aren't|are not|wasn't|was not|not)\s+(?:\w+\s+){{0,3}}?(?:in|from|within|inside|covered by|stated in|given in|mentioned in|found in|included in|contained in)\s+(?:the|this|that|your)\s+(?:\w+\s+){{0,2}}?{SOURCE}\b|"
    rf"\b(?:{SOURCE}|it)\s+(?:\w+\s+){{0,1}}?(?:does not|doesn't|do not|don't|did not|didn't|cannot|can't|fails? to)\s+(?:\w+\s+){{0,2}}?(?:say|mention|give|state|contain|include|cover|provide|answer|specify|list|show|report|tell)\b|"
    rf"\b(?:if|when|where|whenever)\s+(?:the|this|that|a|an)\s+(?:\w+\s+){{0,2}}?{SOURCE}\s+(?:\w+\s+){{0,2}}?(?:is silent|says nothing|has no|lacks|is missing)", _I)
_SOURCE_NEAR = re.compile(rf"\b(?:the|this|that|your|above|below|given|provided|attached|following)\s+(?:\w+\s+){{0,2}}?{SOURCE}\b|<\w+>|\btags?\b", _I)

# -- quotes --------------------------------------------------------------------------------------
_PIECE = r"(?:sentences?|passages?|lines?|excerpts?|snippets?|text|wording|words|parts?|bits?|phrases?|evidence|facts?|statements?)"
QUOTING = re.compile(
    r"(?<!triple )(?<!double )(?<!single )(?<!back)(?<!\bin )(?<!\ban )(?<!\ba )\bquot(?:e|es|ing|ation|ations)\b(?!\s*(?:marks|around))|\bcit(?:e|ing|ation|ations)\b|<quotes?>|<evidence>|<citations?>|<sources?>|"
    rf"\b(?:copy|copies|copying|reproduce|reproducing|paste|pasting|lift|lifting|transcribe)\b[^.\n]{{0,40}}\b{_PIECE}\b|"
    rf"\b(?:extract|extracting|pull|pulling)\b[^.\n]{{0,40}}\b(?!facts?\b){_PIECE}\b|"  # 'pull two facts out of the report' extracts values, it quotes nothing
    r"\b(?:evidence|quotes|quotations|citations|excerpts|supporting (?:sentences?|lines?|passages?))\b[^.\n]{0,25}?\b(?:first|before (?:the|your|any|giving|you)\b)|"  # 'I want to see the evidence before the answer'
    r"\b(?:see|read|have|get)\s+(?:\w+\s+)?(?:evidence|quotes|quotations|citations)\b|"
    rf"\b(?:give|show|list|include|provide|output|put|find|identify|locate|write|pick|select|gather|collect|present|set out|lay out|start with|begin with|open with)\w*\b[^.\n]{{0,40}}"
    rf"\b(?:verbatim|word[- ]for[- ]word|(?:the )?(?:exact|relevant|supporting|pertinent|original|key)\s+(?:\w+\s+)?{_PIECE}|(?<!from the )(?<!in the )(?<!on the )(?<!as the )(?:evidence|excerpts?))\b|"  # 'the figure from the evidence', 'the figure exactly as the evidence states it' name the source, they ask for no quote
    r"\b(?:verbatim|word[- ]for[- ]word)\b", _I)
NO_QUOTE = re.compile(r"\b(?:don't|do not|never|no need to|without)\s+(?:\w+\s+){0,1}?(?:quot\w*|cit\w*|cop\w+)\b", _I)
ANSWER_FIRST = re.compile(
    r"\b(?:answer|respond|reply)\w*\b[^.\n]{0,40}?\bfirst\b|\bfirst\b[^.\n]{0,20}\b(?:answer|respond|reply|give (?:the|your) answer)\b|"
    r"\b(?:after|once)\s+(?:you(?:'ve| have)?\s+)?(?:answer\w*|giv\w+ (?:the|your) answer|the answer|your answer)\b|"
    r"\b(?:answer|respond|reply)\w*\b[^.\n]{0,60}\b(?:then|afterwards|after that|after (?:it|this|which)|followed by|and back it up|and support it)\b[^.\n]{0,30}\b(?:quot\w*|cit\w*|cop\w+|evidence|support\w*)\b|"
    r"\b(?:back up|support|justify)\s+(?:it|your answer|the answer)\s+(?:with|by)\b|\bback (?:it|that|this|them|your answer|the answer) up\b", _I)  # 'then back it up by copying'
_THEN = re.compile(r"^\W*(?:\d{1,2}[.)]\s*|step \d{1,2}\W*|[A-Za-z]{1,20}[ \t]*:[ \t]*)?(?:then|next|after that|afterwards|after this|finally|second(?:ly)?|lastly)\b", _I)  # a sentence that follows on from the last, its stage label aside ('Evidence: then copy ...')
_ANSWER_REQ = re.compile(r"\b(?:answer|respond|reply)\b(?!\s+tags?\b)|<answer>|\b(?:give|state|write|put)\s+(?:\w+\s+)?answer\b", _I)
_QUOTE_MARKS = re.compile(r"\b(?:triple|double|single|three|back)[ \t-]*(?:quotes|quotation marks|quote marks)\b|\bquot(?:e|ation)[ \t]+marks\b", _I)  # a delimiter, not quotes
QUOTES_BEFORE = re.compile(  # the answer explicitly comes after the quotes
    r"\bbefore (?:you )?(?:answer\w*|respond\w*|reply\w*|giv\w+ (?:the|your|an) answer)\b|\bbefore (?:the|your|any) (?:answer|reply|conclusion)\b|\b(?:then|afterwards|after that|next|only then)\b[^.\n]{0,40}\b(?:answer\w*|respond|reply|conclu\w+)\b|"
    r"\bbased (?:only |solely |entirely |purely )?on (?:th(?:o|e)se|the|your) (?:quotes|quotations|evidence|sentences|excerpts|passages|citations)\b|\bfrom (?:th(?:o|e)se|the|your) (?:quotes|quotations|excerpts)\b|"
    r"(?:\b(?:quot(?:e|es|ations?)|cite|citations?|evidence|excerpts?)|<(?:quotes?|evidence|citations?)>)(?:\s+(?:section|block|part|tags?|box|list))?\s+(?:(?:go|goes|come|comes|(?:should|must|will) (?:go|come))\s+)?first\b|"  # 'Evidence first, answer second', 'the <quotes> section first': 'first' ranks the noun before it
    r"(?:\b(?:the|your|an|final)\s+answer|<answer>)(?:\s+(?:section|block|part|tags?|box))?\s+(?:(?:go|goes|come|comes|(?:should|must|will) (?:go|come))\s+)?(?:second|last|next|afterwards)\b", _I)  # 'the <answer> section second', 'your answer last'
_AFTER_ANSWER = re.compile(  # 'Then, after your answer, copy ...': the answer is the time the quotes come after, not what comes next
    r"\b(?:after|once)\s+(?:you(?:'ve| have)?\s+)?(?:answer\w*|giv\w+ (?:the|your) answer|(?:the|your) answer)\b", _I)


def _sentences(instruction: str) -> list[str]:
    """The instruction split into sentences and lines (short: each read on its own)."""
    return [s for s in _SPLIT.split(instruction[:20_000]) if s.strip()]


def _gagged(sentence: str) -> bool:
    """True when the sentence takes the out away ('never say you don't know', 'give a number for each question', 'estimate it')."""
    gag = GAGGED.search(sentence)
    if gag and not _NEGATED.search(sentence[max(0, gag.start() - 30):gag.start()]):  # 'don't give your best guess' is an out
        return True
    return _invites_guess(sentence) or _derives_missing(sentence)


_GUESS = re.compile(  # a guess or estimate asked for as part of the reply ('follow it with your best guess', 'then guess anyway')
    r"\b(?:best|educated|rough|reasonable|plausible|informed|likely|ballpark|approximate)[ \t]+(?:guess|estimate)(?:es|s)?\b|"
    r"\b(?:a|an|your|some|their)[ \t]+(?:guess|estimate|estimation)\b|"
    r"\b(?:always|still|also|then|just|anyway)[ \t]+(?:take[ \t]+a[ \t]+|make[ \t]+a[ \t]+|hazard[ \t]+a[ \t]+)?guess\b", _I)
_CLAUSE_CUT = re.compile(r"[,;:(]|\b(?:but|however|yet|though|although|and then)\b", _I)
_REFUSED = re.compile(rf"\b(?:{_NEG}|no|avoid|without|rather|than|prefer\w*\s+(?:\w+\s+){0,2}?to|instead of|nor|refrain from|stop)\b", _I)  # 'I'd rather hear that than a guess
_GUESS_BAD = re.compile(  # 'a plausible-looking estimate is a wrong answer', 'guesses are not welcome'
    r"^\W{0,3}(?:\w+[ \t]+){0,2}?(?:is|are|would be|counts? as|will be)[ \t]+(?:not|never|wrong|incorrect|unacceptable|forbidden|banned|useless|worse|a[ \t]+(?:wrong|bad|failed|incorrect)|an[ \t]+(?:error|incorrect|unacceptable))\b", _I)


def _invites_guess(sentence: str) -> bool:
    """True when the sentence asks for a guess or estimate in the reply, not ruling one out in its own clause ('say so, but always add your best guess')."""
    for m in _GUESS.finditer(sentence):
        clause = _CLAUSE_CUT.split(sentence[max(0, m.start() - 80):m.start()])[-1]
        if not _REFUSED.search(clause) and not _GUESS_BAD.search(sentence[m.end():m.end() + 60]):
            return True
    return False


_DERIVE = re.compile(  # the reply is to produce the missing value itself ('work it out from the other figures', 'infer it as best you can')
    r"\b(?:work|figure|reason)(?:[ \t]+\w+){0,3}?[ \t]+out\b|\b(?:calculate|compute|derive|infer|deduce|reconstruct|estimate|approximate|extrapolate|project|guess|"
    r"fill[ \t]+(?:it|them|that|those|the[ \t]+\w+|\w+)[ \t]+in|fill[ \t]+in|come[ \t]+up[ \t]+with|make[ \t]+(?:it|one|them)[ \t]+up)\w*\b", _I)


def _derives_missing(sentence: str) -> bool:
    """True when a condition of not knowing ('where the report doesn't state a figure') leads to working the value out, not to saying so."""
    for m in CONDITION.finditer(sentence):
        rest = sentence[m.end():m.end() + 200]
        cut = _CLAUSE_END_COMMA.search(rest)
        if not cut or not UNKNOWING.search(rest[:cut.start()]):
            continue
        then = _CLAUSE_CUT.split(rest[cut.end():], 1)[0]
        verb = _ORDERED.match(then)  # the consequent is an order ('work it out'), not a reason ('or you would only be guessing')
        if verb and _DERIVE.match(then, verb.end()):
            return True
    return False


_CLAUSE_END_COMMA = re.compile(r"[,;:]")
_ORDERED = re.compile(r"\s*(?:(?:then|just|please|simply|instead|yourself|try to|do your best to)\s+)*", _I)


def presses(instruction: str) -> bool:
    """True when some sentence demands an answer whatever is known: no out, and no restriction to the text saves the model from inventing."""
    return any(_gagged(s) for s in _sentences(instruction))


def gives_out(instruction: str) -> bool:
    """True when some sentence lets the model say it does not know, or forbids guessing, and none takes that away."""
    found, before = False, ""
    for s in _sentences(instruction):
        s = _WORDING.sub(" ", s)  # 'if the question is unclear, ask' is about the wording, not about knowing
        if _gagged(s):
            return False
        if NO_GUESS.search(s) or _if_unknowing(s) or PERMISSION.search(s) and UNKNOWING.search(s) or _if_not_knowing(s, before):
            found = True
        before = s
    return found


_WORDING = re.compile(  # the question's form is at fault, not the model's knowledge ('if the question is ambiguous or unclear')
    r"\b(?:question|questions|request|query|wording|phrasing|prompt|instructions?|task|input)\s+(?:itself\s+)?(?:is|are|seems?|looks?|appears?|reads?|sounds?|was|were|feels?)\s+"
    r"(?:\w+\s+){0,2}?(?:ambiguous|unclear|vague|confusing|confused|garbled|incomplete|open to (?:more than one|several|multiple) (?:readings|interpretations)|(?:badly|poorly) (?:worded|phrased))"
    r"(?:\s*(?:,|or|and|and/or)\s*(?:ambiguous|unclear|vague|confusing|garbled|incomplete|underspecified))*\b", _I)


_KNOWING = re.compile(r"\b(?:know|knew|sure|certain|confident|recogni[sz]e)\b", _I)


def _if_not_knowing(sentence: str, before: str) -> bool:
    """True for an elliptic condition whose left-out verb is knowing ('If you know, answer. If you don't - and that's fine - say so')."""
    for m in CONDITION.finditer(sentence):
        if _ELLIPSIS.match(sentence, m.end()) and _KNOWING.search(before[-200:] + " " + sentence[max(0, m.start() - 200):m.start()]):
            return True
    return False


_NEGATED = re.compile(rf"\b(?:{_NEG}|no|avoid|without)\s+(?:[\w-]+(?:\s+up)?(?:\s*,\s*(?:or\s+|nor\s+)?|\s+(?:or|nor)\s+)){{0,3}}(?:\w+\s+)?$", _I)  # 'do not invent or estimate one', 'never make up, guess or estimate one': one negation bans every verb it joins


def _if_unknowing(sentence: str) -> bool:
    """True when a condition is about not knowing ('if you're not sure', 'when the report doesn't say'), not about a topic ('unless it is about capitals')."""
    for m in CONDITION.finditer(sentence):
        clause = sentence[m.end():m.end() + 80]
        elliptic = _ELLIPSIS.match(clause)  # 'if you don't, say you don't know', 'if not, say so': like 'otherwise'
        if m.group(0).lower() != "otherwise" and not elliptic:  # 'otherwise, say you don't know' carries its state in the reply it asks for
            clause = _CLAUSE_END.split(clause, 1)[0]
        if UNKNOWING.search(clause):
            return True
    return False


_ELLIPSIS = re.compile(rf"\s*(?:not|no|(?:you|it|the \w+)\s+{_NEG})\s*(?:[,;:(]|[-–—](?!\w))", _I)  # a negated auxiliary with its verb left out, before a comma or an aside ('when you don't - say, because ... -'): the verb is the one before
_CLAUSE_END = re.compile(r"[,;:]|\b(?:then|say|reply|respond|write|tell|admit|just)\b", _I)


def restricts(instruction: str) -> bool:
    """True when some sentence limits the answer to the given text."""
    return any(ONLY.search(s) and _SOURCE_NEAR.search(s) or _OUTSIDE.search(s) or _ALLOWED_SOURCE.search(s) for s in _sentences(instruction))


_ALLOWED_SOURCE = re.compile(  # 'Allowed source (nothing else):', 'Permitted evidence:', 'your sole reference': the text named as the one thing to draw on
    r"\b(?:allowed|permitted|permissible|approved|authori[sz]ed|sole|exclusive)\s+(?:\w+\s+)?(?:sources?|evidence|references?|material|information|knowledge[ \t]+base)\b"
    r"(?!\s+(?:of|for|on|about)\s+(?:inspiration|ideas|style)\b)", _I)


_QUOTE_SOURCE = (r"(?:quotes?|quotations?|quoted[ \t]+(?:sentences?|lines?|text|passages?|evidence)|evidence|excerpts?|extracts?|"
                 r"(?:these|those|the[ \t]+above|the[ \t]+following|the[ \t]+given)[ \t]+(?:sentences|lines|passages)|"
                 r"(?:the|these|those)[ \t]+(?:\w+[ \t]+)?(?:copied|extracted|selected|quoted|gathered|collected|pulled|retrieved|supplied|provided|chosen|excerpted)"
                 r"[ \t]+(?:sentences|lines|passages|text|excerpts|material))")  # 'only the copied sentences', 'solely on the previously extracted lines'
_ONLY_QUOTES = re.compile(  # 'using only the quotes below', 'from the evidence alone', 'the quoted sentences and nothing else'
    rf"\b(?:only|solely|strictly|exclusively|purely|entirely|just|nothing[ \t]+(?:but|except|other[ \t]+than|beyond))\b(?![ \t]+(?:one|a|an|1|two|a[ \t]+single)\b)[^.\n]{{0,40}}?\b{_QUOTE_SOURCE}\b|"
    rf"\b{_QUOTE_SOURCE}\b[^.\n]{{0,30}}?\b(?:alone|only|and[ \t]+nothing[ \t]+(?:else|more))\b", _I)


def restricts_to_quotes(instruction: str) -> bool:
    """True when the answer is limited to the given text or to quotes handed over ('using only the quotes', 'from the evidence alone')."""
    return restricts(instruction) or any(_ONLY_QUOTES.search(s) for s in _sentences(instruction))


_OUTSIDE = re.compile(r"\b(?:no|not|never|don't|do not|without)\s+(?:\w+\s+){0,3}?(?:outside|prior|external|general|background|world|training)\s+(?:knowledge|information|facts|sources?)\b", _I)


_QUOTE_CONTEXT = re.compile(  # quotes taken from the source as evidence, not 'an inspirational quote about rain'
    rf"\b(?:from|in|of|into)\s+(?:the|this|that|your|above|below)\b|<\w+>|\btags?\b|\bsupport\w*|\brelevant\b|\bevidence\b|\bverbatim\b|word[- ]for[- ]word|\bexact\w*|"
    rf"\b(?:the|each|every|which|that)\s+(?:\w+\s+)?(?:lines?|sentences?|passages?|paragraphs?|parts?)\b|\b{SOURCE}\b|\b(?:before|first|then)\b|\banswer\w*", _I)


_QUOTE_NOUN = r"(?:quotes|quotations|excerpts|extracts|citations|quoted (?:sentences|lines|passages|text)|evidence)"
_TAKEN = (r"(?:[ \t,]+(?:(?:all|each|both|which|that)[ \t]+)?(?:(?:were|was|are|have[ \t]+been)[ \t]+)?(?:\w+ly[ \t]+)?"  # '..., copied word for word from a report': a participle
          r"(?:taken|copied|quoted|pulled|lifted|extracted|drawn|selected|reproduced|transcribed|cut)\b[^.;\n]{0,80})?")  # describes quotes already there
_RECEIVED = (  # the model is told it gets something ('you will receive', 'you are given', 'I'll send you'): what follows is handed over
    r"\b(?:you(?:'ll|\s+will|\s+are\s+going\s+to|\s+now)?\s+(?:receive|get|be\s+given|be\s+shown|be\s+handed|be\s+sent|see|have(?!\s+to\b))|"
    r"you(?:'re|\s+are|\s+were|\s+have\s+been|'ve\s+been)\s+(?:given|shown|handed|sent|provided(?:\s+with)?|receiving|getting)|"
    r"(?:I|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|\s+are\s+going\s+to)?\s+(?:send|give|pass|hand|show|provide)\s+you(?:\s+with)?)\s+")
_HANDED = (  # quotes already there to work from: placed ('the quotes below'), pointed at ('these quotes'), presented, described as done, or a block
    rf"(?:\b(?:verbatim|exact|word[- ]for[- ]word|literal|quoted|copied|relevant)[ \t]+)?\b{_QUOTE_NOUN}\s+(?:below|above|here|provided|supplied|given|that follows?|you (?:are|were|have been) given)\b(?!\s+(?:the|your|its|it)\b){_TAKEN}|"  # 'the verbatim excerpts below' describes them
    rf"\b(?:these|those)\s+(?:\w+\s+)?{_QUOTE_NOUN}\b{_TAKEN}|"
    rf"\b(?:here|below|above)\s+(?:are|is|you'll find|you will find)\s+(?:\w+\s+){{0,3}}?{_QUOTE_NOUN}\b{_TAKEN}|"
    rf"\b(?:from|using|use|on|by)\s+(?:the\s+)?(?:extracted|given|provided|supplied|following|selected|collected|copied|earlier|previous)\s+{_QUOTE_NOUN}\b|"
    rf"{_RECEIVED}(?:(?!(?:copy|copies|quote|extract|pull|find|list|write|return|give|pick|select|to|must|should|need|needs)\b)[\w,-]+\s+){{0,5}}?{_QUOTE_NOUN}\b|"  # 'You will receive a question and some quotes'
    r"\b(?:were|was|have been|has been|had been)\s+(?:already\s+)?(?:\w+ly\s+)?(?:copied|quoted|extracted|taken|pulled|lifted|selected)\b[^.\n]{0,60}|"
    r"\b(?:the|this|that|these|those)\s+(?:already\s+)?(?:gathered|collected|extracted|selected|copied|quoted|pulled|retrieved|supplied|provided)\s+(?:evidence|excerpts?|extracts?|quotes|quotations|sentences|lines|passages)\b|"  # 'the gathered evidence': a participle names quotes already handed over
    r"\b(?:they|these|those|it|this|which)\s+(?:are|is|were|was)\s+(?:\w+\s+){0,2}?(?:verbatim|word[- ]for[- ]word|exact)\b[^.;\n]{0,60}|"  # 'they are verbatim sentences from the report' describes them
    r"\bthe (?:quotes?|quotations?|evidence|excerpts?|extracts?|citations?) text\b")  # '<quotes>{step1}</quotes>' read as 'the quotes text': a block of data


_GIVEN_QUOTES = re.compile(  # quotes handed over as the source ('Based only on the quotes below, answer ...'): no request to quote
    r"\b(?:base[sd]?\s+(?:(?:your|the|its)\s+(?:answer|reply)\s+)?(?:only |solely |entirely |purely )?on|us(?:e|es|ing)|from|(?:up)?on|to|within|with|(?<!fill )(?<!filled )in)\s+"  # 'rely strictly on the quotes', 'stick to these quotes'
    r"(?:(?:only|solely|just|exclusively|strictly|entirely|purely|nothing\s+(?:but|except|other\s+than|beyond))\s+)?(?:th(?:o|e)se|the|those|some)\s+(?:(?:following|above|below|given|provided|supplied|selected|extracted|copied)\s+)?"  # 'use only the following quotes'
    r"(?:quotes|quotations|quoted (?:sentences|lines|passages|evidence|text))(?:\s+(?:below|above|here|provided|given))?\b|"
    rf"\b(?:here (?:are|is)|below (?:are|is)|these are|the following (?:are|is))\s+(?:some\s+|the\s+)?(?:quotes|quotations|excerpts)\b{_TAKEN}|"
    r"\b(?:here|below|above)\s+(?:are|is)\s+(?:some\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:sentences|lines|passages|extracts)\b[^.\n]{0,80}|"  # 'Below are sentences quoted verbatim from a report
    r"\b(?:the|these|those)\s+(?:quotes|quotations)\s+(?=(?:give|gives|say|says|show|shows|contain|contains|mention|mentions|have|has|are|is|do|don't|"
    r"doesn't|cover|covers|disagree|differ|conflict|support|supports|back|backs|state|states|answer|answers)\b)|"  # 'if the quotes give figures for several years' speaks of quotes already given
    r"\b(?:answer\w*|reply|respond)\s+(?:\w+\s+){0,4}?from\s+(?:quotes|quotations)\b|"  # 'answer a question from quotes': the quotes are the source
    r"(?m:^)[ \t#*]*(?:(?:the|extracted|selected|relevant|supporting)[ \t]+)?(?:quotes|quotations|excerpts|quoted (?:sentences|lines))\b[^.!?\n:]{0,60}:[ \t*]*(?m:$)|"  # 'Quotes from a report:' heads the quotes handed over
    rf"{_HANDED}", _I)


_PRINTED_PAIR = re.compile(  # 'Start your reply with <quotes></quotes>': an empty tag pair dictated as text to print, no request to fill it
    r"\b(?:start|begin|open|prefix)\w*[ \t]+(?:(?:your|the)[ \t]+(?:reply|answer|response|output)[ \t]+)?with[ \t]+(?:the[ \t]+(?:text|string)[ \t]+)?[\"'`]?<(\w{1,20})>[ \t]*</\1>", _I)


_CITE_SOURCE = re.compile(  # 'may only cite the source text provided': the whole source is what may be drawn on, no sentences are asked for (the noun in 'using only quotes from the report' does ask for quotes)
    r"\b(?:only|solely|exclusively|strictly|nothing\s+(?:but|beyond|other\s+than))\s+(?:cit(?:e|es|ing)|quot(?:e|ing)|draw(?:ing)?\s+on|refer(?:ring)?\s+to)\s+(?:from\s+)?"
    r"(?:the|this|that|your|its)\s+(?:(?:given|provided|supplied|original|source|attached)\s+)?(?:source|sources|report|document|text|article|material|context|memo|data|information)\b"
    r"(?!\s+(?:sentences?|lines?|passages?|that|which|where|word)\b)|"
    r"\b(?:cit(?:e|es|ing)|quot(?:e|ing))\s+(?:from\s+)?(?:only|solely|exclusively|nothing\s+(?:but|beyond|other\s+than))\s+(?:the|this|that|your|its)\s+(?:(?:given|provided|supplied|original|source)\s+)?(?:source|sources|report|document|text|article|material|context)\b"
    r"(?!\s+(?:sentences?|lines?|passages?|that|which|where|word)\b)", _I)


_STAGE_LABEL = re.compile(  # 'Answer: Then, relying on your quotes, give ...': the answer stage's name heads its line, it orders no answer first
    r"^[ \t#*>-]*(?:(?:step|stage|part)[ \t]+\w{1,6}[ \t]*[-–.:)][ \t]*)?(?:answer|answering|final[ \t]+answer|response|reply)[ \t*]*[:–][ \t*]*(?=\S)", _I)  # a quote stage's label ('Quotes: the exact sentences') is kept: it names what is asked


def without_source_citing(instruction: str) -> str:
    """The instruction with 'only cite the source text' read as the restriction it is ('only use the source'), not a request to quote."""
    return _CITE_SOURCE.sub(" only use the source ", instruction)


def quoting(instruction: str) -> str:
    """'first' when quotes are asked for before the answer, 'after' when only after it, '' when not at all."""
    said = [_STAGE_LABEL.sub("", s) for s in _sentences(without_source_citing(_QUOTE_MARKS.sub(" ", instruction)))]
    asked = [s for i, s in enumerate(said) if QUOTING.search(_GIVEN_QUOTES.sub(" ", _PRINTED_PAIR.sub(" ", s))) and _QUOTE_CONTEXT.search(s) and not NO_QUOTE.search(s)
             and not _unled_pairs(said, i)]
    if not asked:
        return ""
    if QUOTES_BEFORE.search(_AFTER_ANSWER.sub(" ", " ".join(asked))):
        return "first"
    return "after" if any(ANSWER_FIRST.search(s) for s in asked) or _answered_before(said, asked[0]) else "first"  # each sentence on its own: 'the answer in separate boxes. First, copy ...' orders nothing


_BARE_PAIRS = re.compile(r"[ \t]*(?:<(\w{1,20})>[ \t]*</\1>[ \t]*)+")  # '<quotes></quotes>' alone on its line: an empty pair, no slot described
_LAYOUT_LEAD = re.compile(r":[ \t*]*$|\b(?:format|shape|layout|template|structure|skeleton|like this|as follows|respond|reply|answer|output|fill|use)\b", _I)  # 'Respond in this format:' leads in a skeleton


def _unled_pairs(said: list[str], at: int) -> bool:
    """True for a line of empty tag pairs that no lead-in introduces ('<quotes></quotes>' atop the prompt, nothing asked): decoys, no request to quote."""
    if not _BARE_PAIRS.fullmatch(said[at]):
        return False
    before = next((s for s in reversed(said[:at]) if not _BARE_PAIRS.fullmatch(s)), "")
    return not _LAYOUT_LEAD.search(before)


def _answered_before(said: list[str], first_ask: str) -> bool:
    """True when the first request for quotes follows on ('Then ...') from an earlier sentence that asks for the answer."""
    at = said.index(first_ask)
    return bool(_THEN.match(first_ask)) and any(_ANSWER_REQ.search(s) for s in said[:at])


def hands_over_quotes(instruction: str) -> bool:
    """True when the instruction speaks of quotes already given to work from ('using only the quotes below', 'these quotes')."""
    return bool(_GIVEN_QUOTES.search(_QUOTE_MARKS.sub(" ", instruction[:20_000])))


def read(instruction: str) -> tuple[str, ...]:
    """The grounding names the instruction asks for (see the module docstring), in a fixed order."""
    names = []
    if gives_out(instruction):
        names.append("say_unknown")
    elif presses(instruction):
        names.append("answer_anyway")
    if restricts(instruction):
        names.append("only_from_text")
    order = quoting(instruction)
    if order:
        names.append("quote_first" if order == "first" else "quote_after")
    return tuple(names)
