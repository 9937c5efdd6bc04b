"""Records whose keys each take a label (lesson 13): `{"category": billing|technical|…, "priority": low|medium|high}`.

A small chat model reads which labels belong to which key from where they stand in the prompt, then
sorts the text onto each key's labels: by topic (the words a billing, technical, account or shipping
message uses) or, for a scale of levels, by urgency (blocked, losing money, a deadline, "no rush").
Nothing here knows the course's tickets: only the prompt and general knowledge of support messages.
"""

from __future__ import annotations

import json
import re

from tutor.analysis.shape import (
    _defined_labels,  # the one reading of a legend of labels
    key_values,  # the one reading of a key named with its value set
)
from tutor.analysis.text import clip
from tutor.offline.text import sentiment

# Topics a support message is usually about: the names a label may have, then the words that signal it.
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "billing": (("billing", "bill", "bills", "payment", "payments", "invoice", "invoices", "invoicing", "refund", "refunds",
                 "charges", "finance", "money", "subscription", "pricing", "accounts payable"),
                ("charg", "refund", "invoice", "payment", "bill", "credit card", "debit", "receipt", "overcharg", "money back",
                 "paid twice", "vat", "apple pay", "google pay", "paypal", "payment method", "payment option", "pay by card",
                 "declined", "bank", "my card", "card got", "card was", "card is"),  # 'my card got declined': a checkout page alone is the product
                ("paid", "pay ", "price", "fee", "subscription", "discount", "coupon", "plan", "statement", "overdrawn", "money", "£", "$", "€")),
    "technical": (("technical", "tech", "bug", "bugs", "technical issue", "technical problem", "it", "software", "app",
                   "tech support", "defect", "error", "errors", "product issue"),
                  ("crash", "error", "bug", "broken", "glitch", "freez", "blank screen", "not load", "won't load", "doesn't load",
                   "does not load", "not working", "doesn't work", "does not work", "stopped working", "timeout", "outage",
                   "won't download", "will not download", "doesn't download", "does not download", "won't open", "spins forever", "keeps spinning",
                   "logs me out", "stopped going through", "gateway"),
                  ("update", "install", "display", "button", "screen", "page", "slow", "loading", "server", "app", "website",
                   "date picker", "settings", "api", "dashboard", "typo", "notification", "android", "iphone", " ios ", "browser",
                   "sync", "upload", "export", "search", "font")),
    "account": (("account", "accounts", "login", "log-in", "access", "profile", "user account", "account management", "sign-in"),
                ("password", "log in", "login", "sign in", "username", "user name", "email address", "profile", "two-factor",
                 "2fa", "locked out", "verification code", "verif", "suspended", "display name", "signed up", "sign-up email", "which email"),
                ("account", "surname", "my name", "avatar", "picture", "frozen", "sign-up", "sign up", "register")),
    "shipping": (("shipping", "delivery", "deliveries", "shipment", "logistics", "orders", "order", "order status", "dispatch"),
                 ("deliver", "parcel", "package", "courier", "tracking", "shipped", "shipping", "shipment", " ship ", "dispatch", "postage", "rerout",
                  "wrong address", "delivery address", "shipping address", "sent to the wrong",
                  "lost in transit", "in transit", "wrong item", "received the wrong", "missing item"),
                 ("arriv", "in the post", "my order", "box", "received", "ordered", "damaged")),
    "feature request": (("feature request", "feature", "suggestion", "idea", "request", "feedback"),
                        ("would be nice", "feature", "suggest", "could you add", "please add", "it would help"),
                        ("idea", "wish")),
}  # (names a label may have, strong cue words, weak cue words)
LEVELS = {  # words a scale of levels uses, from the most to the least pressing
    2: ("high", "urgent", "critical", "p1", "severe", "major", "top", "highest", "immediate", "asap"),
    1: ("medium", "normal", "moderate", "p2", "standard", "mid", "middle", "regular"),
    0: ("low", "minor", "p3", "trivial", "lowest", "non-urgent", "not urgent"),
}
CALM = re.compile(r"\b(?:no rush|not urgent|nothing urgent|no hurry|not in a hurry|whenever (?:you|it)|when you (?:have|get) (?:a )?(?:time|chance|moment)|"
                  r"low priority|not a big deal|no big deal|just an idea|just curious|not important)\b", re.I)
PRESSING = re.compile(r"\b(?:urgent(?:ly)?|asap|immediately|right away|right now|at once|quickly|emergency|deadline|today|tonight|tomorrow|"
                      r"(?:can ?not|can't|cannot|unable to|could not|couldn't|won't let me) (?:work|access|log ?in(?:to)?|sign ?in(?:to)?|use|open|get (?:in|into|anything|any)|pay|"
                      r"do (?:any|anything|my)|finish (?:any|anything|my|our|work)|see (?:any|my|our) (?:\w+ )?(?:orders|files|data|work|account|bookings)|continue|proceed|serve|take|process|complete|check ?out|place|buy|order|purchase|get to|reach|download)|"
                      r"(?:i'm|i am|we're|we are) (?:completely |totally |now )?(?:stuck|blocked|locked out)|"
                      r"whole team|nobody can|no one can|is down|are down|outage|blocked|locked out|lost (?:all|my)|hacked|stolen|"
                      r"fraud|(?:twice|three times|two times|double)(?: charged)?|charged (?:me )?(?:twice|three times|two times|double)|"
                      r"rent is due|losing (?:money|customers|sales)|money (?:(?:still|already|has|had|was|just|also|even) ){0,2}(?:left|taken|gone|was taken|came out|went out)|unauthori[sz]ed|compromised|"
                      r"someone (?:else )?(?:logged|accessed|used|changed)|security|breach|not getting paid|on every (?:request|screen|page)|"
                      r"all (?:our|my) (?:customers|users|staff|orders)|overdrawn|bounced|cannot proceed|can't proceed|"
                      r"(?:every|each) (?:hour|minute|day)|keeps? (?:charging|taking|billing|coming out|going out)|(?:charges|payments) keep|make it stop|"
                      r"(?:money|payment|amount|refund|charge)s? (?:has |have |is |was )?(?:already )?(?:gone|left my|been taken)|"
                      r"(?:money|payment|charge|amount)s? (?:has ?n[o']t|have ?n[o']t|has never|was ?n[o']t|never) (?:been )?(?:returned|reversed|given back|paid back)|"
                      r"(?:billed|charged) (?:me )?[£$€]?\d[\d,.]{0,12}(?: \w+)? instead of|(?:billed|charged)\b[^.!?\n]{0,40}?\bfor \d[\d,.]{0,12} \w+ instead of|"
                      r"(?:two|three|2|3|multiple|several|duplicate) (?:payments|charges|debits|transactions)\b(?:[^.!?\n]|\.\d){0,50}?\b(?:for|on) (?:one|a single|the same|1|just one)\b|"
                      r"(?:so|and) (?:i|we) (?:can't|cannot|can not|am unable to|are unable to) (?:find|buy|order|check in|serve|reach|open|use|do|get)\b|"
                      r"(?:can't|cannot|unable to) (?:check in|serve|reach|help|pay|book) (?:my|our|any) (?:guests|customers|clients|patients|students|staff|users)\b|"
                      r"(?:declined|rejected|failed|did ?n[o']t go through|bounced)\b[^.!?\n]{0,60}?\b(?:charged|debited|(?:money|amount|payment) (?:\w+ ){0,2}?(?:left|taken|gone|came out|went out))|"  # a failed payment that still took the money
                      r"\w+ charges so far|(?:another|the next) (?:payment|charge) (?:goes|will go|is going) out|"
                      r"[£$€]\s?\d[\d,.]{0,12}\s(?:\w+\s){0,2}(?:gone|taken|missing|lost)|(?:gone|missing|taken) from my (?:account|card|bank)|"
                      r"(?:nobody|no one|none of us)(?: \w+){0,3} can|none of (?:them|(?:my|our|the) (?:\w+ )?(?:team|staff|colleagues|employees|users|customers|people|agents|workers|members|clients|students))(?: \w+){0,2} can|(?:every|each|any) (?:page|screen|request|login|upload|payment|order) (?:shows?|gives?|returns?|throws?) (?:an? )?error|every customer|all customers|(?:has|have) been (?:failing|down|broken|crashing) (?:for|since|all)|"
                      r"down all (?:morning|day|night|week)|(?:won't|will not|can't|cannot) (?:get paid|pay (?:our|my) staff|withdraw|transfer|sell|submit)|"
                      r"lost (?:\w+ ){0,2}(?:sales|orders|customers|revenue)|(?:account|card) (?:is |was |has been |stays |remains )?(?:frozen|suspended|blocked|locked)|"
                      r"being missed|missing (?:meetings|deadlines|orders)|(?:keep|keeps|kept) losing|losing (?:my|our|all(?: my| our)?) (?:work|data|progress|files)|"
                      r"(?:budget|money|savings|funds)\b[^.!?\n]{0,30}\b(?:is|are|was|were) (?:now )?(?:gone|wiped out|used up)|nothing (?:is|gets|was|got) saved|"
                      r"need (?:it|them|this|that|the \w+)\b[^.!?\n]{0,40}\b(?:on|by|before|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)|"
                      r"(?:every time|whenever) (?:i|we)\b[^.!?\n]{0,40}\b(?:error \d{3}|crash\w*|fails?))\b", re.I)
MINOR = re.compile(r"\b(?:small|minor|tiny|slight(?:ly)?|cosmetic|typo|spelling|suggestion|(?:i'd|i would|we'd|we would|can i|may i|let me|i want to|just want to) (?:like to )?suggest|idea|wishlist|wish list|would be (?:nice|great|handy|useful|helpful|cool|good)|nice to have|"
                   r"pixels?|(?:wrong|odd|inconsistent|strange) (?:date |time |number )?format|misaligned|out of line|alignment|font|colou?r of|nice-to-have|(?:a (?:bit|little|tad)|somewhat|slightly) (?:hard|difficult|tricky) to (?:read|see|spot)|"
                   r"(?:can|could|would) you (?:please )?(?:offer|accept|support|provide|start offering|start accepting)|(?:if|whether) you (?:could|can|might|would) (?:offer|accept|add|support|provide)|"
                   r"(?:i'd|i would|we'd|we would) like (?:an? |the )?(?:option|way|ability|feature|setting|toggle) to|(?:do ?n[o']t|does ?n[o']t|do not|does not) match the (?:rest|other)|"
                   r"colou?rs? (?:are |look |is )?(?:off|wrong|different|inconsistent)|shade|spacing|dark mode|could you add|please add (?:an?|some|more|support)|add an option|feature request|"
                   r"off-?cent(?:re|er)|a (?:bit|little) (?:odd|off|dented|scuffed|small|big|slow)|looks? (?:a bit )?odd|for my taste|"
                   r"(?:item|everything|contents?|product|[a-z]+s?) inside (?:is|was|are|were|seems?|looks?) (?:fine|perfect|ok|okay|intact|undamaged|unharmed)|"
                   r"looks like a (?:small )?(?:display )?glitch|(?:i'd|we'd|i would|we would) love|would (?:look|be|feel|seem) (?:a (?:bit|little) )?(?:nicer|better|cleaner|prettier)|one day|some day|(?:can|could|would) you (?:please )?add|"
                   r"add (?:an? |the )?(?:option|way|setting|button|feature|toggle)|would love (?:a|an|to|the|it)|it would be (?:nice|great|good|cool|handy|helpful)|"
                   r"(?:a (?:bit|little|tad)|somewhat) (?:blurry|off|odd|small|big|large|dark|light|bright|faint|ugly|plain|cramped|crowded)|heads-?up|fyi|"
                   r"just (?:letting you know|so you know|a thought|a small thing)|maybe (?:show|add|offer|make|put|include|allow))\b|"
                   r"\b(?:maybe|perhaps|why not|how about)(?: you)?(?: could| should| might| can)? (?:add|adding|use|using|try|trying|switch|switching|consider|offer|offering|ship|send|pack|"
                   r"provide|reduce|change|changing|let|give|move|go with|think about)\b", re.I)
COSMETIC = re.compile(r"\b(?:typos?|misspel\w*|spelling (?:mistake|error)s?|spel(?:ls|led|t)\b[^.!?\n]{0,40}?\b(?:wrong(?:ly)?|incorrectly)|"
                      r"misaligned|off-?cent(?:re|er)(?:ed)?|font|spacing|alignment|overlap\w*)\b", re.I)  # a flaw in how something reads or looks
SURFACE = re.compile(r"\b(?:pages?|screens?|buttons?|site|website|app|menus?|footer|header|links?|banner|tabs?|icons?|headings?|"
                     r"placeholder|tooltip|popup|pop-up|dialog|layout)\b", re.I)  # the parts of a product a customer sees


def cosmetic_flaw(text: str) -> str:
    """The sentence of a message that reports a flaw in how a page, screen or button reads or looks ('The login page spells
    'password' wrong'), or '': such a flaw is a product (technical) matter and a small one, whatever page it is on."""
    return next((s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if COSMETIC.search(s) and SURFACE.search(s)), "")


ORDER = re.compile(r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,60}\b(?:instructions?|rules?|above|prompt|guidelines)\b|"
                   r"^[ \t*#>\[(-]*(?:system|admin(?:istrator)?|developer|assistant|ai|dear ai|note to (?:the )?(?:ai|model|assistant)|new instructions?)\b[^:,\n]{0,40}[:,]|"
                   r"\b(?:mark|set|flag|rate|make|tag|label)\s+(?:it|this|me|the ticket|my ticket|this ticket)\s+(?:as\s+)?(?:high|urgent|low|medium|top|critical)\b|"
                   r"\b(?:mark|set|file|classify|label|tag|treat|flag|put|rate|reply|answer|respond|output|return|make)\b[^.!?\n]{0,40}"
                   r"\b(?:priority|category|urgent|as (?:high|low|medium|billing|technical|account|shipping))\b", re.I | re.M)
SHOUT = re.compile(r"^\W*(?:urgent|asap|important|help|emergency)\W*$", re.I)  # 'URGENT!!!' alone names no problem


def problem(text: str) -> str:
    """The sentences of a message that describe its problem: orders to whoever reads it ('mark this urgent', 'SYSTEM: ...',
    'file it under account') and bare shouts ('URGENT!!!') left out, as a model told the text is data judges what happened."""
    text = clip(text)  # the part read closely: a megabyte of text is no ticket, and the cue lists are long
    kept = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip() and not ORDER.search(s) and not SHOUT.match(s)]
    return " ".join(kept) if kept else text


def _key_pattern(key: str) -> re.Pattern:
    """A key and its plural or inflected forms ('category' also finds 'categories', 'priority' finds 'priorities')."""
    stem = re.escape(key.lower().replace("_", " ")[: max(4, len(key) - 2)])
    return re.compile(rf"(?<![\w-]){stem}\w*", re.I)


def _spans(instruction: str, keys: list[str]) -> dict[str, list[str]]:
    """For each key, the stretches of the instruction that follow a mention of it, up to the next key's mention."""
    marks = sorted((m.start(), m.end(), k) for k in keys for m in _key_pattern(k).finditer(instruction))
    out: dict[str, list[str]] = {k: [] for k in keys}
    for i, (_, end, key) in enumerate(marks):
        stop = next((s for s, _, other in marks[i + 1:] if other != key), len(instruction))
        out[key].append(instruction[end:stop][:300])
    return out


_GAP = re.compile(r"[\s\"'`<>()\[\]*]*(?:,|/|\||;|\bor\b|\band\b|,\s*or\b|,\s*and\b)?[\s\"'`<>()\[\]*]*", re.I)


def _runs(span: str, known: set[str]) -> list[list[str]]:
    """Runs of known label words that stand together, joined by commas, slashes, bars, 'or', 'and', quotes or line breaks
    (words side by side in a sentence, 'which order it concerns', are prose, not a list)."""
    pattern = "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True))
    hits = [m for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", span, re.I)] if pattern else []
    runs: list[list[re.Match]] = []
    for m in hits:
        gap = span[runs[-1][-1].end():m.start()] if runs else ""
        if runs and _GAP.fullmatch(gap) and gap.strip(" \t"):
            runs[-1].append(m)
        else:
            runs.append([m])
    return [list(dict.fromkeys(m.group(0).lower() for m in run)) for run in runs]


URGENCY_KEY = re.compile(r"priorit|urgen|severit|importan|level|impact", re.I)  # a key that grades how pressing something is


def _levels(text: str) -> list[str]:
    """The level words (high, medium, low, ...) a text names, in order of first mention."""
    names = sorted({n for names in LEVELS.values() for n in names if " " not in n}, key=len, reverse=True)
    found = list(dict.fromkeys(x.lower() for x in re.findall(rf"(?<![\w-])(?:{'|'.join(map(re.escape, names))})(?![\w-])", text, re.I)))
    usual = [x for x in found if x in ("low", "medium", "high")]
    return usual if len(usual) >= 2 else found  # 'How urgent is it? high if ..., low if ...': the scale, not the question's word


def _offered(span: str, known: set[str], urgent: bool) -> list[str]:
    """The labels a stretch of text offers: a legend of terms ('- billing: charges, refunds'), the levels of an urgency key
    ('high if ..., low if ..., else medium'), else the first run of two or more, preferring runs of topic or level names."""
    defined = [x.lower() for x in _defined_labels(span) if x.lower() in known]
    if len(defined) >= 2:
        return list(dict.fromkeys(defined))
    if urgent and len(levels := _levels(span)) >= 2:
        return levels
    bare = re.sub(r"\([^()\n]{0,200}\)", " ", span)  # 'billing (payments, charges) | technical (bugs)': glosses are no labels
    runs = [r for r in _runs(bare, known) if len(r) >= 2] or [r for r in _runs(span, known) if len(r) >= 2]
    if not runs:
        return []
    named = [r for r in runs if sum(_topic_of_label(x) is not None or _level_of(x) is not None for x in r) * 2 > len(r)]
    return (named or runs)[0]


def key_labels(instruction: str, keys: list[str], labels: list[str]) -> dict[str, list[str]]:
    """Which offered labels belong to which key, read from where each label set stands (keys without a set left out)."""
    names = {n for names, _, _ in TOPICS.values() for n in names} | {n for names in LEVELS.values() for n in names}
    lowered = instruction.lower()
    known = {n for n in names if (not n.isascii() or n.lower() in lowered)  # a cheap substring test first: most names are absent
             and re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", instruction, re.I)} | {x.lower() for x in labels}
    out: dict[str, list[str]] = {}
    for key, spans in _spans(instruction, keys).items():
        for span in spans:
            found = _offered(span, known, bool(URGENCY_KEY.search(key)))
            if found:
                out[key] = found
                break
    for key, values in key_values(instruction, tuple(keys)).items():  # '"priority" set to high (...), low (...) or medium': the set named with its key
        if key in keys and not {v.lower() for v in values} < set(out.get(key, ())):
            out[key] = list(values)
    return _unplaced(instruction, keys, known, out)


def _unplaced(instruction: str, keys: list[str], known: set[str], out: dict[str, list[str]]) -> dict[str, list[str]]:
    """Label sets offered away from their key ('Sort it into one of four queues (billing, ...)'): topics go to the first
    key left without labels, levels to the first urgency key left without them."""
    left = [k for k in keys if k not in out]
    if not left:
        return out
    urgent = next((k for k in left if URGENCY_KEY.search(k)), None)
    if urgent and not any(is_scale(v) for v in out.values()) and len(levels := _levels(instruction)) >= 2:
        out[urgent] = levels
    other = next((k for k in left if k != urgent and k not in out), None)
    topical = [r for r in _runs(re.sub(r"\([^()\n]{0,200}\)", " ", instruction), known) if is_topical(r)] \
        or [r for r in _runs(instruction, known) if is_topical(r)]
    if other and topical and not any(is_topical(v) for v in out.values()):
        out[other] = topical[0]
    return out


def _topic_of_label(label: str) -> str | None:
    """The support topic a label names ('Payments' -> billing), or None."""
    low = label.lower().strip()
    return next((t for t, (names, _, _) in TOPICS.items() if low in names), None)


def _level_of(label: str) -> int | None:
    """2, 1 or 0 for a label that names a level of urgency ('urgent' -> 2), else None."""
    low = label.lower().strip()
    return next((lvl for lvl, names in LEVELS.items() if low in names), None)


def is_scale(labels: list[str]) -> bool:
    """True when every label names a level (low / medium / high, P1 / P2 / P3)."""
    return bool(labels) and all(_level_of(x) is not None for x in labels)


def is_topical(labels: list[str]) -> bool:
    """True when most labels name support topics (billing, technical, ...): the text is sorted by what it is about."""
    return len(labels) >= 2 and sum(_topic_of_label(x) is not None for x in labels) * 2 > len(labels)


TOGETHER = re.compile(r"\b(?:all|both|several|multiple|many|every|\d+)\b[^.!?\n]{0,40}?\bat once\b", re.I)  # 'download all invoices at once': together, not now
FAILING_NOW = re.compile(r"\b(?:every|each|all|any)(?: \w+){0,2} (?:sales?|orders?|payments?|transactions?|checkouts?|bookings?)\b[^.!?\n]{0,40}?\b(?:fail\w*|declined|rejected|bounc\w*)\b|"
                         r"\b(?:payments?|orders?|sales?|transactions?)\b[^.!?\n]{0,30}?\bstopped (?:going through|working|coming in)\b", re.I)  # the business loses sales now


def urgency(text: str) -> tuple[int, str]:
    """(level 0-2, why): calm words first ('not urgent' says low), then pressing ones, then minor ones; else medium."""
    text = problem(text)
    if m := CALM.search(text):
        return 0, f"says it is not pressing ({m.group(0)!r})"
    if m := FAILING_NOW.search(text):
        return 2, f"sales or payments are failing now ({m.group(0)!r})"
    if m := PRESSING.search(TOGETHER.sub(" ", text)):
        return 2, f"the customer is blocked or losing money now ({m.group(0)!r})"
    if m := MINOR.search(text):
        return 0, f"a small or cosmetic matter ({m.group(0)!r})"
    if flaw := cosmetic_flaw(text):
        return 0, f"a cosmetic flaw ({clip(flaw, 60)!r})"
    return 1, "no sign that it is pressing or trivial"


def _on_scale(level: int, labels: list[str]) -> str:
    """The offered label closest to a level."""
    return min(labels, key=lambda x: abs((_level_of(x) if _level_of(x) is not None else 1) - level))


def _topic_score(text: str, topic: str, label: str) -> tuple[int, int]:
    """(weight of the cue words found: 2 for a telling word, 1 for a weak one; minus the position of the first) for a label."""
    low = f" {text.lower()} "
    strong, weak = (TOPICS[topic][1], TOPICS[topic][2]) if topic else ((label.lower(),), ())  # a label of its own: its word is its cue
    hits = [(2, low.find(c)) for c in strong if c in low] + [(1, low.find(c)) for c in weak if c in low]
    return sum(w for w, _ in hits), -min(p for _, p in hits) if hits else -len(low)


def topic(text: str, labels: list[str]) -> tuple[str, str]:
    """(label, why): the offered label whose topic the text talks about most."""
    text = problem(text)
    product = next((x for x in labels if _topic_of_label(x) == "technical"), None)
    if product and not PRESSING.search(text) and (flaw := cosmetic_flaw(text)):
        return product, f"a flaw in how the product reads or looks ({clip(flaw, 60)!r})"
    scored = [(_topic_score(text, _topic_of_label(x) or "", x), i, x) for i, x in enumerate(labels)]
    (hits, _), _, best = max(scored, key=lambda s: (s[0], -s[1]))
    if hits == 0:  # nothing about money, access or delivery: a catch-all queue, else the product (technical) one
        fallback = next((x for x in labels if x.lower() in ("other", "general", "misc", "miscellaneous")), None)
        fallback = fallback or next((x for x in labels if _topic_of_label(x) == "technical"), labels[0])
        return fallback, "no topic words found: the catch-all or product label"
    return best, f"words about {best.lower()} weigh {hits}"


def classify_onto(text: str, labels: list[str]) -> tuple[str, str]:
    """(label, why) for a text sorted onto one key's labels: by urgency on a scale, by topic, else by sentiment."""
    if is_scale(labels):
        level, why = urgency(text)
        return _on_scale(level, labels), why
    if is_topical(labels):
        return topic(text, labels)
    mood = sentiment(text)
    low = [x.lower() for x in labels]
    return (labels[low.index(mood)] if mood in low else labels[0]), f"sentiment of the text is {mood}"


def labelled_keys(f) -> dict[str, list[str]]:
    """The keys of a requested record that each offer their own labels (empty when none does)."""
    if not f.keys or f.format not in ("json", "table", "csv"):
        return {}
    return key_labels(f.instruction, f.keys, f.labels)


EXPLAIN_AFTER = re.compile(r"(?<!no )(?<!without )\b(?:then|followed by|and after (?:it|that))\s+(?:add\s+|give\s+|write\s+)?(?:a|one)\s+(?:short\s+|brief\s+)?"
                           r"(?:sentence|line|note|explanation)\b|\bthen explain\b|"
                           r"\b(?:after|below|under(?:neath)?|beneath|following)\s+(?:the\s+(?:json|object|record)|it|that)\s*,?\s+(?:also\s+)?(?:add|give|write|include|explain|justify|say|state)\b|"
                           r"\b(?:explain\w*|justif\w*|explanation|sentence|line|note)\b[^.\n]{0,40}?\b(?:after|below|under|beneath|following)\s+(?:the\s+(?:json|object|record)|it)\b",
                           re.I)  # 'a JSON object, then a sentence explaining your choice', 'After the JSON, explain your choice', 'a one-line note below the object'
_NO_MORE = re.compile(r"\b(?:no|not|never|without|nothing|don't|do not)\b", re.I)


def explains_after(instruction: str) -> bool:
    """True when the instruction asks for an explanation after the record, and its own clause does not forbid it ('no explanation after the JSON')."""
    for m in EXPLAIN_AFTER.finditer(instruction):
        clause = re.split(r"[.;!?\n]", instruction[max(0, m.start() - 60):m.start()])[-1]
        if not _NO_MORE.search(clause) and not _NO_MORE.search(m.group(0)):
            return True
    return False


EXPLAIN_BEFORE = re.compile(r"\b(?:first|begin by|start by|start with|before (?:it|the json|the record|that))\b[^.\n]{0,40}?\b(?:sentence|line|note|explanation|explain\w*|reason\w*)\b"
                            r"[^.\n]{0,80}?\b(?:then|after that|afterwards|followed by)\b|"
                            r"\b(?:explain|describe|justify|walk (?:me |us )?through|think (?:it |this )?through|talk through|reason (?:it |this )?out|lay out|summari[sz]e)\b[^.\n]{0,60}?"
                            r"(?:,\s*|\s+and\s+|\s+)(?:then|after that|afterwards|and only then|before (?:giving|writing|returning|producing|you give|you write))\b", re.I)
# 'First write one sentence explaining your reasoning, then give a JSON object'; 'Explain your reasoning briefly, then give the result as JSON'


def explains_before(instruction: str) -> bool:
    """True when the instruction asks for an explanation or reasoning before the record, and its own clause does not forbid it."""
    for m in EXPLAIN_BEFORE.finditer(instruction):
        clause = re.split(r"[.;!?\n]", instruction[max(0, m.start() - 40):m.start()])[-1]
        rest = re.split(r"[.;!?\n]", instruction[m.end():])[0]
        silent = re.search(r"\b(?:only|nothing else|no other text|(?:in|to) (?:your|its) head|silently|privately)\b", m.group(0) + rest, re.I)
        if not _NO_MORE.search(clause + " " + m.group(0).split(",")[0]) and not silent:
            return True  # 'Think it through, then output only the JSON' keeps the thinking out of the reply
    return False


def subject(f) -> str:
    """The text to sort: the data the writer fenced off when there is any (a 'Priority guide:' line is no ticket), else all the data."""
    if f.drawn:
        return "\n\n".join(f.drawn)
    return f.data or f.query or ""


def sort_record(f, draft) -> None:
    """Put each labelled key of the one record onto its own labels, read from the data (an obeyed injection is left alone);
    a record asked to be followed by an explanation gets one, as a chat model writes it."""
    text = subject(f)
    if draft.literal is not None or len(draft.records) != 1 or not text.strip():
        return
    reasons = []
    for key, labels in labelled_keys(f).items():
        label, why = classify_onto(text, labels)
        draft.records[0][key] = label
        reasons.append(f"{key} {label}: {why}")
        draft.fire(f"'{key}' takes one of {labels}: {label} ({why})")
    if f.format == "json" and explains_before(f.instruction):
        draft.literal = "I chose " + "; ".join(reasons) + ".\n\n" + json.dumps(draft.records[0], indent=2, ensure_ascii=False)
        draft.fire("an explanation was asked for before the record: it comes first, as a chat model writes it")
    elif f.format == "json" and explains_after(f.instruction):
        draft.literal = json.dumps(draft.records[0], indent=2, ensure_ascii=False) + "\n\nI chose " + "; ".join(reasons) + "."
        draft.fire("an explanation was asked for after the record: it follows the JSON")
