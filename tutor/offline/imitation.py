"""Imitate few-shot examples the way a small chat model does: their label set, their output format, their tone.

- Labels: the new input gets the label the examples give to inputs like it (by sentiment, else by the
  words it shares with an example); spelled exactly as the examples spell it. An input unlike every
  example gets a label in the model's own words (as a real model does when a class was never shown).
- Format: each part of an example output is traced back to its input (a name, an order number, an
  amount, a fixed word) and the same parts are taken from the new input, laid out the same way.
- Tone: a prose example lends its opener, its sign-off, its case, its punctuation and its length.
Inconsistent examples (one kind of input, several labels or layouts) give inconsistent results.
"""

from __future__ import annotations

import re
from collections import Counter

from tutor.analysis.instructions import says_nothing_else
from tutor.analysis.text import NUMBER_WORDS
from tutor.offline import extract
from tutor.offline.text import content_words, overlap, sentiment, stem

_CONTRAST = re.compile(r"\b(?:but|however|although|though|yet|except|whereas|sadly|unfortunately|only downside|the downside)\b|;", re.I)
_COMPLAINT = re.compile(r"\b(?:squeak\w*|stain\w*|leak\w*|broke\w*|break\w*|snapp?\w*|crack\w*|barely|hardly|ran out|run out|sold out|"
                        r"slow\w*|late|never|missing|noisy|stale|wait\w*|queue|rude|expensive|pricey|flimsy|damaged|scratch\w*|"
                        r"dent\w*|torn|tore|ripped|faded|fades|stiff|stick(?:s|ing|y)|jamm?\w*|overheat\w*|rust\w*|peel\w*|weak|wrong|"
                        r"fell apart|falls apart|avoid|regret\w*|worse|worst|mediocre|bland|soggy|burnt|tiny|cramped|uncomfortable|"
                        r"(?:does|did|do|is|was|are|were|would|could|wo|ca)n[o']?t|no longer|too (?:small|big|short|long|salty|sweet|hot|cold|heavy|tight|loose|noisy|loud)|long (?:wait|queue|line)|hard to|"
                        r"died|dies|stopped|fails?|failed|wobbl\w*)\b", re.I)
_PRAISE = re.compile(r"\b(?:adore\w*|thrilled|comfy|cosy|cozy|tasty|delicious|fresh|stylish|pretty|cute|handy|roomy|spacious|sharp|clear|crisp|"
                     r"bright|evenly|well made|good value|great value|worth every|quick\w*|prompt\w*|early|on time|gorgeous|elegant|soft|durable|powerful|"
                     r"accurate|beautiful\w*|perfect\w*|flawless\w*|five stars|5 stars|favou?rite|pleasure|decent|fits|works|cheerful|"
                     r"generous|lovely|love[sd]?|great|excellent|super|brilliant|fantastic|amazing|wonderful|happy|pleased|delight\w*)\b", re.I)
_NAME_POLARITY = {
    "positive": re.compile(r"^(?:pos|positive|good|great|happy|satisfied|praise|like|love|yes|up|thumbs[ -]?up|\+1?|👍|😀|😊|🙂|:\))$", re.I),
    "negative": re.compile(r"^(?:neg|negative|bad|poor|unhappy|angry|complaint|dislike|no|down|thumbs[ -]?down|-1?|👎|😞|🙁|☹️|:\()$", re.I),
    "mixed": re.compile(r"^(?:mix|mixed|both|ambivalent|mixed feelings|so-so|\+/-|±)$", re.I),
    "neutral": re.compile(r"^(?:neu|neut|neutral|none|meh|ok|okay|😐|0)$", re.I),
}


_NEGATED = re.compile(r"\b(?:not|never|nothing|no|hardly|(?:is|was|does|did|do|are|were)n[o']?t)\s+(?:\w+\s+)?"
                      r"(?:like|good|great|worth|happy|nice|well|works?|working|comfortable|easy|fast|as (?:described|advertised|pictured|shown))\b", re.I)


def _lean(text: str) -> str:
    """The polarity of one clause: praise and complaint words counted (the shared lexicon plus common review words), 'nothing like' reversed."""
    negated = len(_NEGATED.findall(text))
    base = sentiment(text)
    score_p = max(0, len(_PRAISE.findall(text)) + (base in ("positive", "mixed")) - negated)
    score_n = len(_COMPLAINT.findall(text)) + (base in ("negative", "mixed")) + negated
    if score_p and score_n:
        return "mixed" if min(score_p, score_n) * 2 > max(score_p, score_n) else "positive" if score_p > score_n else "negative"
    return "positive" if score_p else "negative" if score_n else "neutral"


def polarity(text: str) -> str:
    """'positive', 'negative', 'mixed' or 'neutral': praise and a complaint in one review read as mixed ('Grinds evenly, but too noisy')."""
    parts = [_lean(p) for p in _CONTRAST.split(text) if p and p.strip(" ,.;")]
    if "mixed" in parts or ("positive" in parts and "negative" in parts):
        return "mixed"
    if len(parts) >= 2 and parts[0] == "positive" and "neutral" in parts[1:]:
        return "mixed"  # 'Comfy, but they run a size small': what follows the 'but' is the drawback
    return _lean(text)


def name_polarity(label: str) -> str | None:
    """The polarity a label's own name means ('POS', 'thumbs down', '😐'), if any."""
    bare = label.strip().strip(".!:").strip()
    return next((p for p, pattern in _NAME_POLARITY.items() if pattern.match(bare)), None)


def kind(pairs: list[tuple[str, str]]) -> str:
    """'tone' (prose outputs), 'format' (outputs built from their inputs' values) or 'labels'."""
    if all(_traced(a, b) for a, b in pairs if a):
        return "format"
    mean = sum(len(b.split()) for _, b in pairs) / len(pairs)
    if mean >= 6 or any(not a for a, _ in pairs):
        return "tone"
    return "labels"


def _traced(given: str, output: str) -> bool:
    """True when an output copies a number or a name out of its input and is laid out in parts ('#48213 | Dana Reyes')."""
    if not given or len(output.split()) > 20:
        return False
    parts = [p for p in _SEP.split(output) if p and not _SEP.fullmatch(p)]
    return len(parts) >= 2 and any(_slot(p, given)[0] in ("id", "money", "name") for p in parts)


# ------------------------------------------------------------------ labels


def _style(word: str, labels: list[str]) -> str:
    """The model's own word for a class, cased like the examples' labels."""
    if all(l.isupper() for l in labels):
        return word.upper()
    if all(l.islower() for l in labels):
        return word.lower()
    return word.capitalize()


def classify(pairs: list[tuple[str, str]], query: str) -> tuple[str, str]:
    """The label for the new input, copied from the examples: (label, how it was chosen)."""
    labels = list(dict.fromkeys(b for _, b in pairs))
    by_label: dict[str, Counter] = {l: Counter(polarity(a) for a, b in pairs if b == l) for l in labels}
    polar = sum(1 for l in labels if by_label[l].most_common(1)[0][0] != "neutral" or name_polarity(l)) >= max(2, len(labels) - 1)
    if not polar:
        return _nearest(pairs, query)
    q = polarity(query)
    options = [l for l in labels if by_label[l][q]]
    named = [l for l in labels if name_polarity(l) == q]
    if options and named and not set(options) & set(named):
        return named[0], (f"the examples give {q} inputs the label {options[0]!r}, but {named[0]!r} means {q}: a small model keeps "
                          "the label's meaning (label set and format come from the examples, after Min et al. 2022)")
    if len(options) == 1:
        return options[0], f"copied the examples' label for {q} inputs"
    if len(options) > 1 and len(set(options) & set(named)) == 1:
        choice = next(l for l in options if l in named)
        return choice, f"examples of {q} inputs carry several labels {options}; {choice!r} means {q}"
    if len(options) > 1:
        choice = options[sum(map(ord, query)) % len(options)]
        return choice, f"the examples label {q} inputs inconsistently {options}: picked one arbitrarily"
    if named:
        choice = named[sum(map(ord, query)) % len(named)]
        return choice, f"no example of a {q} input; the label {choice!r} means {q}"
    own = _style(q, labels)
    return own, f"no example of a {q} input and no label for it: answered in its own word {own!r} (show every class in the examples)"


def _nearest(pairs: list[tuple[str, str]], query: str) -> tuple[str, str]:
    """The label of the example whose input shares most words with the new input (or whose label it names)."""
    scores: Counter = Counter()
    asked = {stem(w) for w in content_words(query)}  # once, not once per example
    for given, label in pairs:
        scores[label] += len({stem(w) for w in content_words(given)} & asked) + 2 * (stem(label.lower()) in asked)
    label, score = max(scores.items(), key=lambda kv: (kv[1], -list(scores).index(kv[0])))
    return label, f"closest example by shared words (score {score})"


# ------------------------------------------------------------------ format

_SEP = re.compile(r"(\s*[|;\t]\s*|\s*,\s+|\s+[-–—/·•]\s+|\s*→\s*|\s*:\s+)")
_MONEY = re.compile(r"(?:[$€£]\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s*(?:dollars?|usd|euros?|eur|pounds?|gbp|bucks)\b|"
                    r"\b(?:paid|pay|paying|cost|costs|costing|charged?|charging|refund(?:ed|ing)?|reimburse\w*|price[ds]?|spent|spend|owed?|total(?:led|ing)?|worth)"
                    r"(?:\s+(?:me|us|you|of|was|is|were|are|the|for|back|a|an|in|total|sum|amount|full|extra|about|around|just|only|exactly)\b){0,3}\s+(\d[\d,]*(?:\.\d+)?)(?![\d.,]*\d)|"
                    r"(?<![\w.,#$€£])(\d[\d,]*\.\d\d)(?![\d.,%]))", re.I)  # '$42', '35 dollars', 'I paid 129.99', 'refund of 12', 'the 89.99': an amount with or without its currency
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_NAME_CUE = re.compile(r"(?:\bthis is|\bI'm|\bI am|\bmy name is|\bname's|\bit's|\bthanks,?|\bthank you,?|\bregards,?|\bcheers,?|\bbest,?|\bsincerely,?|"
                       r"[—–-])\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z']+){1,2})|(?P<here>[A-Z][a-z]+\s+[A-Z][a-z']+)\s+here\b")
_NOT_NAMES = re.compile(r"^(?:Good|Hi|Hello|Dear|Hey|Thanks|Thank|Order|Please|Refund|Best|Kind)\b")


_CURRENCY_WORD = re.compile(r"\b(?:dollars?|bucks|euros?|pounds?|quid)\b(?:[ \t]+and[ \t]+(?P<cents>[a-z][a-z \t-]{0,40}?)[ \t]+cents?\b)?", re.I)
_SMALL = {w: n for w, n in NUMBER_WORDS.items() if " " not in w and n < 100 and w not in ("a", "an", "single", "dozen")}
_SCALES = {"hundred": 100, "thousand": 1000}


def _spelled(tokens: list[str]) -> float | None:
    """The value of number words ('forty two', 'a hundred and five'); None when the last word is not a number word."""
    if not tokens or tokens[-1] not in _SMALL and tokens[-1] not in _SCALES:
        return None
    total = current = 0
    for word in tokens:
        if word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if word == "thousand":
                total, current = total + current, 0
        elif word in _SMALL:
            current += _SMALL[word]
        elif word == "a":
            current += 1  # 'a hundred'; 'and' adds nothing ('one hundred and five')
    return float(total + current)


def _words_before(text: str, end: int) -> list[str]:
    """The run of number words (and 'and', 'a') that ends right before `end`: 'refund of twelve' -> ['twelve']."""
    tokens = re.split(r"[\s-]+", text[max(0, end - 60):end].lower().strip())
    run: list[str] = []
    for word in reversed(tokens):
        if word not in _SMALL and word not in _SCALES and word not in ("a", "and"):
            break
        run.insert(0, word)
    while run and run[0] == "and":
        run.pop(0)
    return run


def _money_digits(m: re.Match) -> str:
    """The digits of one amount found by _MONEY, whichever way it was written."""
    return next(g for g in m.groups() if g)


def _amounts(text: str) -> list[float]:
    """The money amounts a text names, in order ('$42', '35 dollars', '€9.50', 'twelve dollars', 'forty-two bucks and fifty cents')."""
    found = [(m.start(), float(_money_digits(m).replace(",", ""))) for m in _MONEY.finditer(text)]
    for m in _CURRENCY_WORD.finditer(text):
        value = _spelled(_words_before(text, m.start()))
        if value is not None:
            cents = _spelled(m.group("cents").lower().replace("-", " ").split()) if m.group("cents") else None
            found.append((m.start(), value + (cents or 0) / 100))
    return [value for _, value in sorted(found)]


def _names(text: str) -> list[str]:
    """The people a text names: after 'this is', 'I'm', a sign-off, or two capitalised words in a row."""
    cued = [m.group("name") or m.group("here") for m in _NAME_CUE.finditer(text)]
    loose = [n for n in extract.find_all("name", text) if not _NOT_NAMES.match(n)]
    return [n for n in dict.fromkeys(cued + loose) if not _NOT_NAMES.match(n)]


def _slot(part: str, given: str) -> tuple[str, dict]:
    """What one part of an example output is: ('money'|'id'|'name'|'text', how to write it), traced to its input."""
    number = _NUMBER.search(part)
    if number:
        value = float(number.group(0).replace(",", ""))
        prefix, suffix = part[: number.start()], part[number.end():]
        if value in _amounts(given):
            decimals = len(number.group(0).split(".")[1]) if "." in number.group(0) else 0
            return "money", {"prefix": prefix, "suffix": suffix, "decimals": decimals}
        if number.group(0) in given:
            before = re.search(rf"(\w+)\W{{0,3}}{re.escape(number.group(0))}", given)
            return "id", {"prefix": prefix, "suffix": suffix, "cue": before.group(1).lower() if before else ""}
    if part.lower() in given.lower() and re.fullmatch(r"[A-Za-z][A-Za-z'-]+(?: [A-Za-z][A-Za-z'-]+){0,2}", part) and " " in part:
        before = re.search(rf"(\w+)\W{{1,3}}{re.escape(part)}", given, re.I)
        names = [n.lower() for n in _names(given)]
        rank = names.index(part.lower()) if part.lower() in names else 0
        return "name", {"upper": part.isupper(), "lower": part.islower(), "cue": before.group(1).lower() if before else "", "rank": rank}
    return "text", {"text": part}


def _template(given: str, output: str) -> list[tuple[str, dict]]:
    """An example output as a list of parts: separators and fixed words kept, values traced to slots."""
    out = []
    for piece in _SEP.split(output):
        if not piece:
            continue
        out.append(("sep", {"text": piece}) if _SEP.fullmatch(piece) else _slot(piece, given))
    return out


def _fill(slot: str, how: dict, query: str) -> str | None:
    """The value of one slot taken from the new input, written the way the example writes it."""
    if slot in ("sep", "text"):
        return how["text"]
    if slot == "money":
        found = _amounts(query)
        return f"{how['prefix']}{found[0]:,.{how['decimals']}f}{how['suffix']}".replace(",", "") if found else None
    if slot == "id":
        money = {_money_digits(m) for m in _MONEY.finditer(query)}
        numbers = [m.group(0) for m in _NUMBER.finditer(query) if m.group(0) not in money and len(m.group(0).replace(",", "")) >= 3]
        cued = [n for n in numbers if how["cue"] and re.search(rf"{re.escape(how['cue'])}\W{{0,3}}{re.escape(n)}", query, re.I)]
        pick = (cued or numbers or [None])[0]
        return f"{how['prefix']}{pick}{how['suffix']}" if pick else None
    names = _names(query)
    if not names:
        return None
    cues = how.get("cues") or {how["cue"]}
    cued = [n for n in names if re.search(rf"\b(?:{'|'.join(map(re.escape, filter(None, cues))) or '(?!)'})\W{{1,3}}{re.escape(n)}", query, re.I)]
    name = cued[0] if cued else names[min(how["rank"], len(names) - 1)]  # the name in the same place: after 'from', or the second one named
    return name.upper() if how["upper"] else name.lower() if how["lower"] else name


_WRITTEN = ("text", "prefix", "suffix", "decimals", "upper", "lower")  # what shows on the page; a name's cue or rank does not


def _form(template: list[tuple[str, dict]]) -> tuple:
    """How a template is written: its parts, separators, fixed words and how each value is spelled ('#48213 | ...' is not 'order 50917, ...')."""
    return tuple((slot, tuple(how.get(k) for k in _WRITTEN)) for slot, how in template)


def fill_format(pairs: list[tuple[str, str]], query: str) -> tuple[str, str]:
    """The new input's values in the examples' layout: (reply, how)."""
    templates = [_template(a, b) for a, b in pairs if a]
    shapes = list(dict.fromkeys(_form(t) for t in templates))
    pick = templates[0] if len(shapes) == 1 else templates[sum(map(ord, query)) % len(templates)]
    for i, (slot, how) in enumerate(pick):  # a name is found after any of the words the examples' names follow ('from', 'at')
        if slot == "name":
            how["cues"] = {t[i][1].get("cue", "") for t in templates if len(t) > i and t[i][0] == "name"}
    values = [_fill(slot, how, query) for slot, how in pick]
    missing = sum(v is None for v in values)
    text = "".join(v if v is not None else "unknown" for v in values).strip()
    how = f"copied the examples' layout ({' '.join(s for s, _ in pick if s != 'sep')}) and filled it from the new input"
    if len(shapes) > 1:
        how += f"; the examples use {len(shapes)} different layouts: followed one arbitrarily"
    if missing:
        how += f"; {missing} part(s) not found in the input"
    return text, how


# ------------------------------------------------------------------ tone

_SIGN_OFF = re.compile(r"(?:\s+[—–-]{1,2}\s*|\n+\s*[—–~-]*\s*)(?P<sign>[^\n.!?]{2,60})\s*$")
_SENT = re.compile(r"(?<=[.!?])\s+")


def clauses(text: str) -> tuple[str, str]:
    """(the praised thing, the complaint) of a review, either may be empty."""
    parts = [p.strip(" ,.") for p in _CONTRAST.split(text) if p and p.strip(" ,.")]
    praise = next((p for p in parts if polarity(p) == "positive"), "")
    complaint = next((p for p in parts if p != praise and polarity(p) in ("negative", "neutral", "mixed")), "")
    return praise, complaint


def thing(clause: str) -> str:
    """The noun phrase a clause is about ('Lovely croissants' -> 'croissants', 'ran out of almond ones by 10am' -> 'almond ones')."""
    after = re.search(r"\b(?:of|about|with|the|your|my|our|those|these)\s+((?:[a-z0-9'-]+\s){0,1}[a-z0-9'-]+)", clause, re.I)
    if after:
        phrase = re.sub(r"\s+(?:by|at|on|in|was|were|is|are)$", "", after.group(1))
        return phrase.lower()
    words = [w for w in content_words(clause) if sentiment(w) == "neutral" and not _COMPLAINT.fullmatch(w)]
    return " ".join(words[-2:]).lower() if words else "that"


_FOLLOW = re.compile(r"\b(?:same|similar|match\w*|mirror\w*|copy\w*|imitat\w*|mimic\w*|emulat\w*|echo\w*|the way|in the style|voice|tone|style|manner|vibe|"
                     r"like (?:the|that|this|those|these|his|her|their|our|me|him|them)\b|sound(?:s|ing)?(?: \w+)? like|in keeping|consistent|"
                     r"follow\w* (?:the|that|this|those|these) (?:example|pattern|sample|lead)|based on|modell?ed on|patterned on|"
                     r"(?:owner|author|writer|shop|bakery)'?s?'? (?:reply|response|answer|words)|(?:reply|respond|answer|write|writing|replying) as\b|"
                     r"on behalf of (?:me|him|her|(?:the|our|its|their|this|that) (?:owner|author|writer|founder|baker|manager|person|chef|same \w+))\b|"
                     r"(?:as|like) (?:before|above|shown|me)\b|\b(?:as|like) (?:[\w'’&@]+ ){1,3}(?:did|does|do|answered|answers|replied|replies|responded|responds|wrote|writes|handled|handles)\b|my (?:reply|response|answer)|in (?:his|her|their|my|our|the owner's) (?:own )?(?:words|voice|style|way))", re.I)


def asks_to_follow(own_words: str) -> bool:
    """True when the prompt's own words ask for the example's voice or speak as its writer ('in the same voice', 'write my reply', 'like the owner')."""
    return bool(_FOLLOW.search(own_words[:20000]))


def tone(pairs: list[tuple[str, str]], query: str) -> tuple[str, str]:
    """A reply to the new input in the voice of the example outputs: (reply, how)."""
    given, model = pairs[0]
    sign = _SIGN_OFF.search(model)
    sign_off = sign.group(0).strip("\n") if sign and not overlap(sign.group("sign"), given) and len(sign.group("sign").split()) <= 8 else ""
    body = model[: sign.start()] if sign_off else model
    sentences = [s for s in _SENT.split(body.strip()) if s]
    if not sign_off and len(sentences) >= 2 and len(sentences[-1].split()) <= 5 and not overlap(sentences[-1], given):
        sign_off, sentences = " " + sentences[-1], sentences[:-1]  # 'Ride safe, Jonas 🚲': a short last line that is not about the review
    opener = sentences[0] if sentences and not overlap(sentences[0], given) and len(sentences[0].split()) <= 4 else ""
    if not opener and sentences and (greet := re.match(r"^[^,.!?]{1,20}[,!]", sentences[0])) and len(greet.group(0).split()) <= 2:
        opener = greet.group(0)  # 'Cheers,' or 'Hi Sam!': the greeting, without the rest of its sentence
    praise, complaint = clauses(query)
    lines = []
    if praise:
        lines.append(f"so glad you enjoyed the {thing(praise)}!")
    if complaint:
        lines.append(f"sorry about the {thing(complaint)}, we'll sort that out.")
    if not lines:
        lines.append("thanks so much for taking the time to write to us.")
    text = " ".join(([opener] if opener else []) + lines)
    if model.strip() == model.strip().lower():
        text = text.lower()
    else:
        text = re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    if "!!" not in model:
        text = text.replace("!!", "!")
    text = text + (sign_off if sign_off.startswith(("\n", " ")) else (" " + sign_off if sign_off else ""))
    parts = [p for p, on in (("opener", opener), ("sign-off", sign_off), ("lower case", model == model.lower())) if on]
    return text, f"one-shot voice: copied the example's {', '.join(parts) or 'length'} and answered the new input in it"


# ------------------------------------------------------------------ what else the prompt asks for

_EXTRA = re.compile(r"\b(?P<when>then|and then|after(?:wards)?|followed by|also|plus|first|before)\b[^.\n]{0,60}?"
                    r"\b(?:explain|explanation|describe|description|add|give|list|note|say why|justify|reason|summari[sz]e|analy[sz]e|comment)\b", re.I)
_NO = re.compile(r"\b(?:no|not|don't|never|without|nothing)\b", re.I)
_ABOUT_LABEL = re.compile(r"\b(?:tags?|labels?|categor(?:y|ies)|class(?:es)?|codes?|bucket)\b", re.I)


_WITH = re.compile(r"\b(?:tag|label|answer|line|reply|category)\s+(?:and|plus|with|along with)\s+(?:a|an|the|your|its)?\s*(?:short\s+|brief\s+|one-line\s+)?"
                   r"(?:reason|explanation|justification|confidence(?: score)?|score|note|comment|summary|rationale)\b", re.I)


_PLAIN_VERB = re.compile(r"(?:add|give|list)$", re.I)
_OUTPUT_ITSELF = re.compile(r"^\s*(?:(?:me|us)\s+)?(?:(?:the|its|a|one|your|that|their)\s+)?(?:(?:new|right|correct|matching|single|final)\s+)?"
                            r"(?:tags?|labels?|categor(?:y|ies)|class|codes?|answer|output|log(?: line)?|line|reply)\b", re.I)


_EXPLAINED = re.compile(r"\b(?:explain|explanation|describe|walk (?:me|us) through|reason(?:ing)?|justify|why|analy[sz]e|comment|think|steps?)\b", re.I)


def _output_itself(sentence: str, m: re.Match) -> bool:
    """True when 'then give ...' hands over the output itself after reading ('study them, then give the label', 'then give the last one its tag, no other words')."""
    verb = sentence[m.start(): m.end()].split()[-1]
    if not _PLAIN_VERB.match(verb) or _EXPLAINED.search(sentence[: m.end()]):
        return False
    return bool(_OUTPUT_ITSELF.match(sentence[m.end():])) or says_nothing_else(sentence[m.end():]) and not _EXPLAINED.search(sentence[m.end():])


_SPEAKER_PLAN = re.compile(r"^\W*(?:I(?:'ll| will|'m going to| am going to| shall)|we(?:'ll| will|'re going to| are going to)|let me)\b|"
                          r"\b(?:give|show|hand|send|pass)\s+you\b", re.I)  # 'I'll show you ..., then give you a new one': the writer's plan, not a request


_ASK_WHY = re.compile(r"^\W*(?:(?:please|also|and)\s+){0,2}(?:explain|justify|walk (?:me|us) through|talk (?:me|us) through|say why|"
                      r"tell (?:me|us) (?:why|how)|show (?:me|us) (?:how|why|your (?:work|reasoning|steps)))\b", re.I)  # a sentence that asks for the why


def extra(own_words: str) -> str:
    """'before' or 'after' when the prompt asks for more than the output (an explanation, a note, a style analysis), else ''."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", own_words):
        if _ASK_WHY.search(sentence):
            return "after"  # 'Walk me through how you found each part.' on its own: the output comes with its explanation
        m = _EXTRA.search(sentence)
        if m and not _NO.search(sentence[: m.end()]) and not _output_itself(sentence, m) and not _SPEAKER_PLAN.search(sentence):
            return "before" if m.group("when").lower() in ("first", "before") else "after"
        w = _WITH.search(sentence)
        if w and not _NO.search(sentence[: w.start()]):
            return "after"
    return ""


def open_question(own_words: str, out_key: str) -> bool:
    """True when the prompt ends on a question of its own ('How does this customer feel?') instead of asking for the examples' output."""
    said = own_words.strip().split("\n")[-1].strip()
    if not said.endswith("?"):
        return False
    return not (_ABOUT_LABEL.search(said) or (out_key and re.search(rf"\b{re.escape(out_key)}\b", said, re.I)))


_OPINION = re.compile(r"\bwhat do you (?:make of|think|reckon|notice)\b|\bhow do you (?:read|see|feel about|find)\b|\bwhat(?:'s| is) your (?:take|view|read|opinion)\b|"
                      r"\byour (?:thoughts|take|view|opinion|impression)s? (?:on|of|about)\b|\bthoughts on\b", re.I)


def last_question(own_words: str, query: str | None) -> str:
    """The prompt's own last line once the new input's lines after it are set aside ('What do you make of this next one?' above the review)."""
    lines = [line.strip() for line in own_words.strip().split("\n") if line.strip()]
    new = (query or "").strip()
    while len(lines) > 1 and new and (lines[-1] in new or new[:40] in lines[-1]):
        lines.pop()
    return lines[-1] if lines else ""


def asks_opinion(said: str) -> bool:
    """True when a question asks what the model makes of the input ('What do you make of this, and how would you tag it?'): a chat answer, not a bare output."""
    return said.endswith("?") and bool(_OPINION.search(said))


def reason(query: str) -> str:
    """One sentence on why a review got its label."""
    return {"positive": "The review only praises the product.", "negative": "The review only complains about the product.",
            "mixed": "The review praises one thing and complains about another."}.get(polarity(query), "The review gives no clear opinion.")


def feeling(query: str) -> str:
    """How the writer of a review feels, in the model's own words."""
    return {"positive": "The customer is happy with the product.", "negative": "The customer is unhappy with the product.",
            "mixed": "The customer likes some things about the product but is disappointed by others."}.get(polarity(query), "The customer sounds neutral about the product.")


def style_notes(model: str) -> str:
    """A short description of an example's style, as bullets (what a model writes when asked to analyse the voice first)."""
    notes = ["- Casual and warm, like talking to a regular"]
    if model == model.lower():
        notes.append("- Everything in lower case")
    if "!!" in model:
        notes.append("- Double exclamation marks for enthusiasm")
    sign = _SIGN_OFF.search(model)
    if sign:
        notes.append(f"- Signs off with '{sign.group('sign').strip()}'")
    return "\n".join(notes)


_OPTIONS = re.compile(r"\b(?P<n>[2-9]|two|three|four|five|a few|several|some)\s+(?:(?:different|alternative|possible|short|other|more)\s+){0,2}"
                      r"(?:(?:reply|response|answer)\s+)?(?:options|versions|variants|alternatives|drafts|replies|responses|suggestions|takes|choices)\b", re.I)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "a few": 3, "several": 3, "some": 3}


def options_asked(own_words: str) -> int:
    """How many alternative replies the prompt asks for ('give me three reply options'), 0 when it asks for one."""
    for m in _OPTIONS.finditer(own_words):
        before = re.split(r"[.!?\n;]", own_words[max(0, m.start() - 40): m.start()])[-1]
        if not _NO.search(before):
            word = m.group("n").lower()
            return int(word) if word.isdigit() else _COUNTS[word]
    return 0


def options(pairs: list[tuple[str, str]], query: str, n: int) -> tuple[str, str]:
    """n numbered replies in the example's voice, each opened a little differently, under a line of the model's own."""
    first, how = tone(pairs, query)
    openers = ["thanks for the lovely words! ", "oh thank you! ", "you're a star! ", "cheers for this! "]
    if pairs[0][1].strip() != pairs[0][1].strip().lower():
        openers = [o[0].upper() + o[1:] for o in openers]
    replies = [first] + [openers[(i - 1) % len(openers)] + first for i in range(1, n)]
    text = f"Here are {n} options:\n\n" + "\n".join(f"{i}. {r}" for i, r in enumerate(replies, 1))
    return text, how + f"; {n} numbered options, as asked"


_FORMAL_SAID = re.compile(r"\b(?:formal|professional|businesslike|corporate)\b", re.I)


def wants_formal(own_words: str) -> bool:
    """True when the prompt asks for a formal or professional tone (not 'don't switch to a formal tone'), which wins over an example's voice."""
    for m in _FORMAL_SAID.finditer(own_words):
        before = re.split(r"[.!?\n;]", own_words[max(0, m.start() - 60): m.start()])[-1]
        if not _NO.search(before) and not re.search(r"\b(?:instead of|rather than|than|avoid\w*|switch)\b", before, re.I):
            return True
    return False
