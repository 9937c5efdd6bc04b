"""Plain-text helpers the offline model uses: words, sentences, keywords, extractive summaries, sentiment."""

from __future__ import annotations

import re
from collections import Counter

from tutor.offline import knowledge

MAX_ANALYSED = 20_000  # characters of any one text the model reads closely; the rest is skimmed

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])|\n+")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a single": 1, "single": 1, "a": 1,
}


def clip(text: str, limit: int = MAX_ANALYSED) -> str:
    """The first `limit` characters of a text (the part the model reads closely)."""
    return text if len(text) <= limit else text[:limit]


def words(text: str) -> list[str]:
    """The words (and numbers) in a text, in order."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """A text split into sentences (or lines), stripped, without empty ones."""
    return [s.strip() for s in _SENTENCE_END.split(clip(text)) if s and s.strip()]


def number(token: str) -> int | None:
    """'3' or 'three' as an int; None if it is neither."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token) if len(token) < 7 else None
    return NUMBER_WORDS.get(token)


def content_words(text: str) -> list[str]:
    """Lower-cased words of a text without stopwords."""
    stop = knowledge.stopwords()
    return [w for w in (x.lower() for x in words(clip(text))) if w not in stop and len(w) > 1]


def keywords(text: str, n: int = 5) -> list[str]:
    """The n most frequent content words of a text (ties keep first-seen order)."""
    return [w for w, _ in Counter(content_words(text)).most_common(n)]


def stem(word: str) -> str:
    """A crude stem, so that 'fixing', 'fixed' and 'fixes' meet 'fix'."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def overlap(a: str, b: str) -> int:
    """How many distinct content words (stemmed) two texts share."""
    return len({stem(w) for w in content_words(a)} & {stem(w) for w in content_words(b)})


def extractive_summary(text: str, n: int = 2) -> list[str]:
    """The n sentences that best cover the text's frequent words, in their original order."""
    found = sentences(text)
    if len(found) <= n:
        return found
    freq = Counter(content_words(text))
    scored = sorted(
        range(len(found)),
        key=lambda i: (-sum(freq[w] for w in set(content_words(found[i]))) / (1 + len(words(found[i])) ** 0.5), i),
    )
    return [found[i] for i in sorted(scored[:n])]


_CONTRAST = re.compile(r"\b(?:but|though|although|however|yet|except(?: that)?|apart from|that said|on the other hand|whereas|"
                       r"only (?:downside|problem|issue|complaint|gripe))\b", re.I)  # a review that turns: praise, then a complaint
_STARS = re.compile(r"\b(?:(?P<high>five|5|four|4)|(?P<low>one|1|two|2|zero|0|no))[ -]stars?\b|\b(?P<again>would (?:happily |definitely )?(?:buy|order|recommend) (?:it |this |them )?again)\b|"
                    r"\b(?P<never>(?:do not|don't|would not|wouldn't|never) (?:buy|recommend|order)\b)", re.I)


_DID_ITS_JOB = re.compile(  # praise with no praise word: 'exactly what I needed', 'arrived a day early', 'crushes ice in seconds', 'cleans up easily'
    r"\b(?:exactly|precisely) what (?:i|we) (?:needed|wanted|was looking for|were looking for|ordered)\b|"
    r"\b(?:arrived|came|delivered|got here|turned up)\b(?: \w+){0,3} (?:early|ahead of (?:time|schedule))\b|"
    r"\b(?:in|within) (?:seconds|no time|minutes)\b|"
    r"\b(?:cleans?|cleaned|sets?|set|folds?|folded|fits?|fitted|assembles?|assembled|installs?|installed)(?: up| together| away| in)? (?:easily|in a (?:minute|moment|jiffy))\b|"
    r"\b(?:works|is|looks|arrived|came|was|fits) (?:exactly |just )?as (?:described|advertised|promised|expected|pictured|shown|in the (?:photos?|pictures?))\b|"
    r"(?<!\bnot )\bexactly as (?:described|advertised|pictured|shown)\b", re.I)
_NOT_AS_SHOWN = re.compile(  # a complaint with no complaint word: 'nothing like the photo', 'not as pictured', 'oh great, it broke again'
    r"\b(?:nothing|not(?: at all)?|looks? nothing) like (?:the|its|their|in the) (?:photos?|pictures?|images?|description|listing|advert|ad|website)\b|"
    r"\bnot as (?:pictured|described|shown|advertised)\b|"
    r"\b(?:feels?|felt|looks?|looked|sounds?|sounded) (?:like )?(?:a )?(?:cheap|flimsy|plastic|cardboard|paper|a toy|tin)\b", re.I)  # 'it feels like plastic': cheaper than promised
_SARCASM = re.compile(r"^\W*oh,? (?:great|wonderful|perfect|brilliant|fantastic|lovely)\b(?=[^.!?\n]{0,40}\b(?:broke|broken|breaks|again|another|died|dies|stopped|stops|failed|fails|collapse[sd]?|leak(?:s|ed)?|late)\b)", re.I | re.M)  # 'Oh great, it broke again'


_NEGATORS = frozenset({"not", "never", "no", "hardly", "barely", "isn't", "wasn't", "aren't", "weren't", "doesn't", "didn't", "don't", "nothing"})
_LIKENING = frozenset({"feel", "feels", "felt", "look", "looks", "looked", "sound", "sounds", "sounded", "seem", "seems", "seemed", "smell", "smells",
                       "taste", "tastes", "tasted", "just", "more", "less", "much", "something", "anything", "nothing", "exactly", "almost"})


def _as_comparison(tokens: list[str], i: int) -> bool:
    """True when 'like' compares ('feels like plastic', 'looks like a toy'), which praises nothing."""
    return tokens[i] == "like" and (i == 0 or tokens[i - 1] in _LIKENING or (i + 1 < len(tokens) and tokens[i + 1] in ("a", "an", "the", "it", "this", "that")))


def _counts(text: str) -> tuple[int, int]:
    """(positive, negative) cue counts: lexicon words, star ratings and 'would buy again' / 'do not buy'."""
    pos, neg = knowledge.lexicon_sets()
    tokens = [w.lower() for w in words(text)]
    praised = [i for i, t in enumerate(tokens) if t in pos and not _as_comparison(tokens, i)]
    negated = [i for i in praised if _NEGATORS & set(tokens[max(i - 2, 0):i])]  # 'not worth it', 'never comfortable': praise taken back
    p, n = len(praised) - len(negated), sum(t in neg for t in tokens)
    n += len(re.findall(r"\btoo (?:loud|small|big|large|heavy|slow|hot|cold|short|long|expensive|pricey|thin|weak|bright|dim|noisy|tight|loose|"
                        r"fragile|complicated|hard|difficult|flimsy|stiff|sticky|sharp)\b", text, re.I))  # 'too loud to use': a complaint
    n += len(re.findall(r"\b(?:ran|runs|run|running) out (?:of (?:\w+ ){0,2})?(?:after|within|in|too|so|before|quickly|fast|already|halfway)\b", text, re.I))  # 'the ink ran out after ten pages'
    p += len(re.findall(r"\b(?:kept|keeps|keep|keeping)\s+(?:(?:us|me|them|you|him|her|it|everything|everyone|the \w+)\s+)?(?:dry|warm|cool|safe|clean|fresh|cold|quiet|secure|comfortable)\b", text, re.I))  # 'kept us dry through a storm': the product did its job
    p += len(_DID_ITS_JOB.findall(text))
    n += len(_NOT_AS_SHOWN.findall(text))
    sarcastic = len(_SARCASM.findall(text))  # the praise word is a complaint: take it back and count it against
    p, n = p - sarcastic, n + sarcastic
    for m in _STARS.finditer(text):
        p, n = (p + 2, n) if m.group("high") or m.group("again") else (p, n + 2)
    for m in _TURNED.finditer(text):
        if m.group("praise"):  # 'not bad' also takes back the 'not' and 'bad' counted above
            p, n = p + 2, n - sum(w.lower() in neg for w in words(m.group(0)))
        else:
            p, n = (p - 1, n + 1) if m.group("hoped") else (p, n + 1)
    return max(p, 0), max(n, 0)


_TURNED = re.compile(  # phrases whose words mislead a word count: 'not bad' praises, 'I wanted to love it' does not, 'shame the ...' complains
    r"\b(?P<praise>not (?:bad|too bad|disappointed)|no complaints?|(?:can'?t|cannot|could ?n[o']t) (?:fault|complain)|could ?n[o']t be (?:happier|more pleased)|nothing to complain|"
    r"(?:exceed\w*|surpass\w*|beat|beyond|above|blew away) (?:all |even )?(?:of )?(?:my |our |the |your |his |her |their )?(?:\w+ )?expectations|"  # 'exceeded my expectations' praises with no praise word
    r"(?<!\bas )(?<!\bnot )(?<!\bn't )(?<!\bnot very )(?<!\bnot so )well[- ](?:[a-z]{2,20}ed|made|built|written|thought[- ]out|done|worth (?:it|the \w+)))\b|"  # 'well designed', 'well made': praise
    r"\b(?:(?:did ?n[o']t|does ?n[o']t|failed to|fails to|never) (?:meet|live up to|match)|fell short of|falls short of|below) (?:my |our |the |your |his |her |their )?(?:\w+ )?expectations\b|"
    r"\b(?P<hoped>(?:wanted|hoped|expected|tried|really wanted) to (?:love|like|enjoy))\b|"
    r"\b(?:(?:a |what a |such a )?(?:shame|pity)|crackl\w*|rattl\w*|wobbl\w*|squeak\w*|creak\w*)\b", re.I)


def _leaning(p: int, n: int) -> str:
    """'positive', 'negative', 'mixed' or 'neutral' for a pair of counts."""
    if p and n and min(p, n) * 2 >= max(p, n):
        return "mixed"
    return "positive" if p > n else "negative" if n > p else "neutral"


def sentiment(text: str) -> str:
    """'positive', 'negative', 'mixed' or 'neutral' from a small word lexicon; praise turned by 'but' or 'though' is mixed."""
    text = clip(text)
    parts = _CONTRAST.split(text, maxsplit=1)
    if len(parts) == 2 and len(words(parts[1])) >= 2:
        before, after = _leaning(*_counts(parts[0])), _leaning(*_counts(parts[1]))
        if before == "positive" and after != "positive" or before == "negative" and after == "positive":
            return "mixed"  # 'Great battery, but the screen scratches easily'; 'Arrived late, but it works beautifully'
    return _leaning(*_counts(text))


_TOPIC_PATTERNS = [
    re.compile(r"\b(?:explain|describe|define)\s+(?:what\s+)?(.{2,60}?)(?:\s+(?:to|for|in|using|with|like)\s|[.?!,;:\n]|$)", re.I),
    re.compile(r"\bhow (?:do|can|should|to) (?:i |we |you )?(.{2,60}?)(?:[.?!,;:\n]|$)", re.I),
    re.compile(r"\b(?:about|regarding|describing|announcing|introducing|celebrating)\s+(.{2,60}?)(?:\s+(?:for|in|to|using)\s|[.?!,;:\n]|$)", re.I),
    re.compile(r"\b(?:for|of|on)\s+(.{2,60}?)(?:\s+(?:for|in|to|using)\s|[.?!,;:\n]|$)", re.I),
]
_LIMIT_WORDS = re.compile(r"\b(?:in|within|under)\s+(?:exactly\s+)?\S+\s+(?:words?|sentences?|characters?)\b.*$", re.I)
_CLAUSE_TOPIC = re.compile(r"^(?:(?:to|for)\s+[^,;:]{1,40}?\s+(?=how\b|what\b))?(?:(?:how|what)\s+|(?=(?:an?|the)\s))(?P<noun>\S.{0,58}?)\s+(?:works?|is|are|means|does|do|happens?|functions?|operates?|runs?)$", re.I)
_PRONOUN = re.compile(r"^(?:it|this|that|these|those|them)\b", re.I)


def topic_of(instruction: str) -> str:
    """A short topic phrase for a request ('Write about our product' -> 'our product')."""
    head = clip(instruction, 2000)
    for pattern in _TOPIC_PATTERNS:
        match = pattern.search(head)
        if match:
            topic = _LIMIT_WORDS.sub("", match.group(1)).strip()
            clause = _CLAUSE_TOPIC.match(topic)  # 'how bicycle gears work' -> 'bicycle gears'
            topic = clause.group("noun") if clause else re.sub(r"^(?:an?)\s+|\s+(?:is|are|means|works|was)$", "", topic, flags=re.I)
            if topic and not _PRONOUN.match(topic):
                return topic
    found = keywords(head, 3)
    return " ".join(found) if found else "this topic"


def is_plural(noun: str) -> bool:
    """True when a noun phrase reads as plural ('bicycle gears'), not 'photosynthesis', 'physics' or 'glass'."""
    head = noun.strip().split()[-1].lower() if noun.strip() else ""
    return head.endswith("s") and not head.endswith(("ss", "us", "is", "ics", "ws")) and len(head) > 3


def cap_first(text: str) -> str:
    """Text with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def end_sentence(text: str) -> str:
    """Text ending with sentence punctuation."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?:\"')" else text + "."


_FRAME_LINE = re.compile(r"(?m)^[ \t]*(?:[-=*_~#]{3,}|(?:the[ \t]+)?(?:question|query|q)[ \t]*:?)[ \t]*$", re.I)  # a rule line or a bare 'QUESTION' heading


def unframed(data: str) -> str:
    """The data without its frame: tags, rule lines and a bare 'QUESTION' heading ('---' / 'QUESTION' / 'What is ...?' / '---' is the question)."""
    return _FRAME_LINE.sub("", re.sub(r"</?[\w-]+>", "", data)).strip()
