"""Content builders, one per task: summarise, classify, extract, translate, rewrite, generate, list, explain, answer."""

from __future__ import annotations

import re

from tutor.analysis.grounding import UNKNOWING
from tutor.offline import extract, knowledge, translate
from tutor.offline.draft import Draft
from tutor.offline.features import SAY_EXACTLY, Features
from tutor.offline.limits import count_words, fit_words
from tutor.offline.text import cap_first, end_sentence, extractive_summary, is_plural, overlap, sentences, sentiment, unframed

KINDS = {"poem": r"\bpoem|\bverse|\bhaiku|\blimerick", "story": r"\bstory\b|\bfairy tale\b|\bfable\b", "email": r"\bemail\b|\bletter\b|\bmemo\b"}
ARITHMETIC = re.compile(r"(-?\d+(?:\.\d+)?)\s*([-+*/x×÷])\s*(-?\d+(?:\.\d+)?)")
URGENCY_WORDS = frozenset({"low", "medium", "high", "urgent", "critical", "normal", "minor", "major", "moderate", "severe", "p1", "p2", "p3"})
FACTUAL = re.compile(r"\b(?:who|when|where|which|what year|how many|how much|population|capital|founded|invented|won|ceo|"
                     r"born|established|located|prize|award)\b", re.I)


def _fill(template: str, topic: str, audience: str = "everyone") -> str:
    """A generic template with its topic and audience filled in, its verbs and pronouns agreeing with the topic."""
    many = is_plural(topic)
    return template.format(topic=topic, Topic=cap_first(topic), audience=audience,
                           be="are" if many else "is", it="they" if many else "it", its="their" if many else "its")


def generic_long(f: Features) -> Draft:
    """The vague prompt's answer: generic, long and blind to any audience."""
    topic = f.topic or "this topic"
    draft = Draft([_fill(t, topic) for t in knowledge.generic("vague")])
    return draft.fire("vague prompt: no audience, format, length or context given -> generic, long, audience-blind answer")


def off_topic(f: Features) -> Draft:
    """An off-topic question under a scope limit: the prompt's own refusal, a polite decline, a blunt one, or a brief answer steered back."""
    scope = f.scope or "that"
    f.format, f.labels, f.keys = None, [], []  # a refusal is said in plain prose, whatever shape the on-topic answers take
    if f.scope_mode == "redirect":
        draft = answer(f)
        draft.label = None
        draft.sentences = draft.sentences[:1] + [knowledge.generic("redirect").format(scope=scope)]
        return draft.fire(f"scope '{scope}' allows a brief off-topic answer -> answers briefly, then steers back")
    if f.refusal:
        said = f.refusal if len(f.refusal.split()) == 1 else end_sentence(f.refusal)  # a code word ('OFF-TOPIC') is said as it is
        return Draft([said]).fire(f"scope limit '{scope}': off-topic -> the refusal the prompt dictates")
    key = "decline_blunt" if f.scope_mode == "blunt" else "decline"
    return Draft([knowledge.generic(key).format(scope=scope)]).fire(f"scope limit '{scope}': request is off-topic -> {'blunt' if key == 'decline_blunt' else 'polite'} refusal")


def _source_text(f: Features) -> str:
    """The material to work on: the data, else the few-shot query, else the instruction itself."""
    return f.data or f.query or ""


OWNERS = re.compile(r"\b(?:owners?|owns?|owned|responsible|accountable|assign\w*|who (?:is|will|does|did|should|'s|has|takes|handles)\b|who(?:'s| is) doing|"
                    r"nam(?:e|es|ed|ing)\b[^.\n]{0,25}\b(?:person|people|owner|who|teammate|colleague|individual)|(?:person|people)'s names?|their names?|"
                    r"(?:start|begin|lead|open)s? (?:each|every) (?:bullet|line|item|point) with (?:a|the|their) (?:name|person)|whoever|who does what|"
                    r"(?:each|every|per) (?:person|owner|name)|names? (?:of )?(?:the )?(?:person|people|owner|assignee)|(?:person|people) (?:who|responsible)|"
                    r"by whom|with (?:their |the )?(?:names?|owners?)|action items?|to-?dos?|next steps|tasks? (?:and|with) (?:their |its )?(?:owners?|names?))|"
                    r"^[ \t]*[-*•][ \t]*(?:\*\*)?[\[<{(]?(?:name|person|assignee|who)\b", re.I | re.M)  # a bullet template that opens with a name slot: '- [Name]: task
_SIGN_OFF = re.compile(r"^\W*(?:thanks|thank you|cheers|best|regards|kind regards|let me know|any questions|see you)\b", re.I)
_GREETING = re.compile(r"^\W*(?:hi|hello|hey|dear|team|everyone|all)\b[\w ]{0,15},\s*", re.I)


def avoid_pattern(word: str) -> re.Pattern:
    """A pattern for a word the prompt excludes and its related words ('parking' also finds 'car park')."""
    terms = [word, *knowledge.word_table("related_words").get(word, [])]
    stop = knowledge.stopwords()
    if " " in word or "-" in word:  # 'the parking situation', 'car parking', 'parking-related' also find 'parking passes'
        terms += [w for w in re.split(r"[\s-]+", word) if len(w) >= 5 and w not in stop and w not in ("related", "stuff", "things")]
    return re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" if t[0].isalnum() else re.escape(t) for t in terms), re.I)


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = rf"(?:\b(?i:on|by|before|until|from|next|this|starting|as of)\s+)?(?:\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?:\s+\d{{1,2}}\s+{_MONTH}\b)?(?:\s+(?:morning|afternoon|evening|night)\b)?|\b\d{{1,2}}\s+{_MONTH}\b|\b{_MONTH}\s+\d{{1,2}}\b)"
DETAIL_KINDS = {  # words that exclude a kind of detail, not a word: 'leave out dates' drops the dates from a sentence, not the sentence
    "dates": _DATE, "date": _DATE, "days": _DATE, "deadlines": _DATE, "deadline": _DATE, "timing": _DATE,
}


def scrub_details(point: str, avoid: list[str]) -> str:
    """A point with the kinds of detail the prompt excludes taken out ('due on Friday' -> 'due soon')."""
    for word in avoid:
        pattern = DETAIL_KINDS.get(word.lower())
        if pattern:
            point = re.sub(rf"(?<=\bdue)\s+{pattern}", " soon", point)
            point = re.sub(rf"\s*{pattern}", "", point)
    return cap_first(re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", point)).strip())


def _allowed(f: Features, points: list[str]) -> list[str]:
    """The points that mention nothing the prompt excludes (an excluded kind of detail is taken out of the point)."""
    patterns = [avoid_pattern(w) for w in f.avoid if w.lower() not in DETAIL_KINDS]
    return [p for p in (scrub_details(p, f.avoid) for p in points) if p and not any(pat.search(p) for pat in patterns)]


def _full_points(text: str) -> list[str]:
    """A message's own sentences, as a writer with no length limit keeps them: greeting and sign-off dropped."""
    out = []
    for s in sentences(text):
        s = _GREETING.sub("", s)
        if len(s.split()) > 3 and not _SIGN_OFF.match(s):
            out.append(end_sentence(cap_first(re.sub(r"^please\s+", "", s, flags=re.I))))
    return out


def _names(text: str) -> set[str]:
    """Words a text capitalises in mid-sentence (names such as 'Riverton', 'Canal'): they keep their capital."""
    return set(re.findall(r"(?<=[\w,;)] )([A-Z][\w'-]*)", text))


def _join(points: list[str], names: set[str]) -> str:
    """Several points as one sentence: 'A; b; c.' (a later point keeps its capital only for a name or an acronym)."""
    parts = [p.rstrip(".!? ") for p in points]
    first = [p.split()[0] if p.split() else "" for p in parts]
    parts = [p if i == 0 or w in names or w.isupper() else p[:1].lower() + p[1:] for i, (p, w) in enumerate(zip(parts, first))]
    return end_sentence("; ".join(parts))


def _group(points: list[str], n: int) -> list[str]:
    """The points spread over n units in order (the first units take any extra), each unit one sentence."""
    if len(points) <= n:
        return points
    names = _names(" ".join(points))
    size, extra = divmod(len(points), n)
    out, i = [], 0
    for k in range(n):
        take = size + (k < extra)
        out.append(_join(points[i:i + take], names))
        i += take
    return out


BRIEF = re.compile(r"\b(?:brief|briefly|short|shorter|concise|succinct|terse|compact|quick|skim|at a glance|glanceable|phones?|mobile|small screens?|"
                   r"notifications?|text message|sms|tweet|headline|crisp|punchy|tl;?dr)\b", re.I)


def _plan(f: Features, full: list[str], short: list[str], summary: str) -> list[str]:
    """The summary's units under the prompt's limits: all the points, grouped into the asked count.

    With no word budget the text's own sentences are kept; with one, the register (own words or
    compressed facts) that keeps the most points within it, leaving out whole points, never cutting one.
    """
    budget = f.limits.get("words")
    count = f.limits.get("bullets") or (f.limits.get("sentences") if f.format not in ("bullets", "numbered") else None)
    if count == 1 and summary and (not budget or count_words(summary) <= budget) and summary in _allowed(f, [summary]):
        return [summary]
    if not budget:
        points = short if BRIEF.search(f.instruction) else full
        return _group(points, count) if count else points
    plans = [_fit_points(points, count, budget) for points in (full, short)]
    return max(plans, key=lambda plan: plan[0])[1]  # max keeps the first (own words) on a tie


def _fit_points(points: list[str], count: int | None, budget: int) -> tuple[int, list[str]]:
    """(points kept, units) for one register: whole points, grouped into `count` units, within the word budget."""
    if not count:
        kept = fit_words(points, budget)
        return len(kept), kept
    units = _group(points, count)
    while len(points) > count and sum(count_words(u) for u in units) > budget:
        points = points[:-1]  # leave out the least important point rather than cut a sentence
        units = _group(points, count)
    return len(points), units


_ACTIONS = re.compile(r"\b(?:action items?|to-?dos?|next steps)\b", re.I)
_DECISIONS = re.compile(r"\b(?:decisions?|decided|what was agreed)\b", re.I)
_WORK = re.compile(r"\b(?:tasks?|follow-?ups?|assignments?|work items?|deliverables?|deadlines?)\b", re.I)  # 'the decisions and tasks' asks for the work too


def _decisions_first(instruction: str) -> bool:
    """True when the decisions are asked for and nobody is asked who owns what ('covering the decisions and action items'): the decisions lead."""
    return bool(_DECISIONS.search(instruction)) and not OWNERS.search(_ACTIONS.sub(" ", instruction))


def _transcript_items(f: Features, doc: dict) -> Draft:
    """Transcript summary aimed at an audience: its action items for that team, each naming an owner."""
    audience = f.audience or ""
    items = [a for a in doc["action_items"] if a["team"] in audience] or doc["action_items"]
    lines = [f"{a['owner']}: {a['task'].lower()} (due {a['due']})" for a in items]
    decisions = [f"Decision: {d}" for d in doc["decisions"]]
    if _decisions_first(f.instruction):
        return Draft(decisions + lines).fire(f"summary aimed at the audience '{audience or 'everyone'}' asking for decisions and action items: the decisions first, in the order asked")
    return Draft(lines + decisions).fire(f"summary aimed at the audience '{audience or 'everyone'}' that asks who owns what: action items with owners first")


def _transcript_outcomes(f: Features, doc: dict) -> Draft:
    """Transcript summary that was not asked who owns what: the decisions and the work, told without owners."""
    items = [a for a in doc["action_items"] if not f.audience or a["team"] in f.audience] or doc["action_items"]
    work = [f"{a['task']} by {a['due']}" for a in items]
    lines = [end_sentence(d) for d in doc["decisions"]] + [end_sentence(w) for w in work]
    return Draft(lines).fire("summary that names no owners (the prompt did not ask who does what): decisions and work items")


def _empty_tags(f: Features, task: str) -> Draft:
    """The reply when the tags the prompt points to hold nothing: there is no data to work on."""
    tags = " and ".join(f"<{t}>" for t in f.empty_tags)
    return Draft([f"The {tags} tags are empty, so there is nothing to {task}. Paste the text between them."]).fire(f"{task}: the {tags} tags the prompt points to are empty")


def summarise(f: Features) -> Draft:
    """A summary: the reference material for known text, planned to the limits; an extractive one otherwise."""
    source = _source_text(f)
    doc = knowledge.find_document(source) if source.strip() else None
    if doc and doc["kind"] == "transcript":
        if OWNERS.search(f.instruction) and (f.audience or f.format in ("bullets", "numbered", "json", "table", "csv") or f.limits):
            return _transcript_items(f, doc)
        if f.audience or f.format in ("bullets", "numbered") or f.limits:
            return _transcript_outcomes(f, doc)
        chatter = "They also chatted about the rainy weekend and the coffee machine on floor two being fixed."
        return Draft(sentences(doc["summary"]) + [chatter]).fire("summary without an audience: covers everything, small talk included")
    if doc:
        name = f"known {doc['kind']} '{doc.get('title') or doc.get('subject')}'"
        if not (f.limits or f.format in ("bullets", "numbered")):
            return Draft([end_sentence(s) for s in [doc["summary"], *doc["key_facts"]]]).fire(f"{name}: reference summary from the data set")
        full, short = _allowed(f, _full_points(source)), _allowed(f, [end_sentence(s) for s in doc["key_facts"]])
        units = _plan(f, full, short, doc["summary"])
        how = "compressed to fit the word limit" if f.limits.get("words") else "in the text's own words (no word limit)"
        return Draft(units).fire(f"{name}: every point of the text, grouped into the requested count, {how}")
    if not source.strip() and f.empty_tags:
        return _empty_tags(f, "summarise")
    if not source.strip():
        return Draft(["There is no text here to summarise. Paste the text after your instruction, ideally between delimiters such as triple quotes."]).fire("summarise: no text given")
    n = f.limits.get("bullets") or f.limits.get("sentences") or 3
    return Draft(extractive_summary(source, n)).fire(f"unknown text: extractive summary (the {n} most central sentences)")


def _sentiment_label(f: Features, text: str) -> tuple[str, str]:
    """(label, why) for a text's sentiment: the data set's label for known reviews, a lexicon score otherwise."""
    review = knowledge.find_review(text)
    if review:
        return review["sentiment"], f"known review ({review['product']}); aspects: {', '.join(review['aspects'])}"
    return sentiment(text), "lexicon sentiment (counted positive and negative words)"


def _fit_label(label: str, labels: list[str]) -> str:
    """The offered label closest to ours (keeps the prompt's spelling), or ours if none is offered."""
    if not labels:
        return label
    low = [x.lower() for x in labels]
    for candidate in (label, "neutral" if label == "mixed" else "", "mixed" if label == "neutral" else ""):
        if candidate and candidate in low:
            return labels[low.index(candidate)]
    return next((x for x in labels if x.lower().startswith(label[:3])), labels[0])


def _scale(labels: list[str]) -> bool:
    """True when the offered labels grade a level ('low / medium / high'), so a ticket is sorted by urgency, not topic."""
    return bool(labels) and all(x.lower() in URGENCY_WORDS for x in labels)


_OUTPUT_VERB = re.compile(r"\b(?:put|puts|putting|write|wrap|reply|respond|answer|return|give|output|enclose|place|format|print)\b", re.I)


def _points_to_empty(f: Features) -> list[str]:
    """The empty tags the instruction points to as where the data is ('the review in the <review> tags'), not as where the answer goes."""
    found = []
    for tag in f.empty_tags:
        pointer = re.compile(rf"\b(?:in|inside|between|within|from)\s+(?:the\s+)?(?:<{re.escape(tag)}>|{re.escape(tag)})(?:\s*</{re.escape(tag)}>)?\s*(?:xml\s+)?tags?\b", re.I)
        for m in pointer.finditer(f.instruction[:20000]):
            clause = re.split(r"[.;!?\n]", f.instruction[max(0, m.start() - 60):m.start()])[-1]
            if not _OUTPUT_VERB.search(clause):
                found.append(tag)
                break
    return found


def classify(f: Features) -> Draft:
    """A class label: ticket category/urgency, or sentiment; with a one-line reason unless a bare label was asked for."""
    if not _source_text(f) and _points_to_empty(f):
        said = _empty_tags(f, "classify")
        said.literal = " ".join(said.sentences)  # a label-only layout must not cut the sentence down to its first words
        return said
    text = _source_text(f) or f.instruction
    ticket = knowledge.find_ticket(text)
    if ticket:
        field = "urgency" if re.search(r"urgen|priorit", f.instruction, re.I) or _scale(f.labels) else "category"
        label = _fit_label(ticket[field], f.labels)
        why = f"known support ticket: {field} from the data set"
    else:
        raw, why = _sentiment_label(f, text)
        label = _fit_label(raw, f.labels)
    what = "urgency" if "urgency" in why else "category" if "category" in why else "sentiment"
    draft = Draft([f"The {what} is {label.lower()}.", _reason(text, ticket)], label=label)
    return draft.fire(f"classify: {why}" + (f"; mapped onto the offered labels {f.labels}" if f.labels else ""))


def _extract_transcript(f: Features, doc: dict) -> Draft:
    """Action items (or decisions) from the meeting transcript."""
    if _DECISIONS.search(f.instruction) and not (OWNERS.search(f.instruction) or _WORK.search(f.instruction)):
        return Draft(list(doc["decisions"]), records=[{"decision": d} for d in doc["decisions"]]).fire("extract: decisions from the known transcript")
    keys = f.keys or ["owner", "task", "due"]
    records = [extract.pick(a, keys) for a in doc["action_items"]]
    lines = [f"{a['owner']}: {a['task']} (due {a['due']})" for a in doc["action_items"]]
    return Draft(lines, records=records, layout="lines").fire("extract: action items (owner, task, due date) from the known transcript")


def extract_task(f: Features) -> Draft:
    """Structured data pulled out of the text: catalogue products, action items, or requested fields."""
    source = _source_text(f)
    if not source.strip() and f.empty_tags:
        return _empty_tags(f, "extract")
    if knowledge.mentions_catalogue(source or f.instruction):
        records = extract.catalogue_records(f.keys, f.open_keys, source or f.instruction)  # only the products the prompt holds
        if not records:
            return Draft(["There is no catalogue here to extract from. Paste it after your instruction, ideally between delimiters such as <catalogue>...</catalogue>."]).fire(
                "extract: the catalogue it points to was not given (the bundled one is never used unasked)")
        numeric = [k for k in f.typed if k not in f.as_text]
        untyped = [k for k in f.keys if k not in numeric and extract.kind_of(k.lower()) == "money"] if f.format == "json" else []
        records = [extract.as_written(r, untyped) for r in records]
        lines = [", ".join(f"{k}: {v}" for k, v in r.items()) for r in records]
        why = "asked for as text" if set(untyped) <= set(f.as_text) else "no type asked for"
        kept = f"; {', '.join(untyped)} kept as the text writes it ({why})" if untyped else ""
        return Draft(lines, records=records, layout="lines").fire("extract: products from the known catalogue" + kept)
    doc = knowledge.find_document(source) if source.strip() else None  # only what the prompt holds: never the bundled data unasked
    if doc and doc["kind"] == "transcript":
        return _extract_transcript(f, doc)
    named = knowledge.find_products(f.question)
    if named and not source:
        records = [extract.pick(p, f.keys) for p in named]
        return Draft([", ".join(f"{k}: {v}" for k, v in r.items()) for r in records], records=records).fire("extract: named products from the known catalogue")
    if not source.strip() and re.search(r"\b(?:meeting|transcript|email|article|notes|text|document|message|review|ticket)\b", f.instruction, re.I):
        return Draft(["There is no text here to extract from. Paste it after your instruction, ideally between delimiters such as <text>...</text>."]).fire("extract: the text it points to was not given")
    if f.keys:
        record = extract.record_from_text(f.keys, source or f.instruction)
        if f.open_keys:  # 'the details, including the date and the address': the named keys are examples, not the whole list
            record.update(extract.more_fields(record, source or f.instruction))
        return Draft([f"{k}: {v}" for k, v in record.items()], records=[record]).fire(f"extract: fields {f.keys} found in the text")
    found = extract.entities(source or f.instruction)
    lines = [f"{kind.capitalize()}s: {', '.join(v)}" for kind, v in found.items()] or ["I found no names, dates, amounts or emails in the text."]
    return Draft(lines, records=[{k: ", ".join(v) for k, v in found.items()}] if found else []).fire("extract: entities (names, dates, amounts, emails)")


def translate_task(f: Features) -> Draft:
    """The text translated with the phrase book, with an honest note on gaps."""
    language = f.language or "french"
    quoted = re.search(r"['\"“‘](.+?)['\"”’](?=\s+(?:in|into|to)\b|\s*$)", f.question)
    source = _source_text(f) or (quoted.group(1) if quoted else "") or re.sub(r"(?i).*?\btranslat\w*\s*(?:this|the following)?\s*(?:into|to)?\s*\w*\s*:?", "", f.instruction, count=1)
    source = source.strip().strip('"\'') or f.instruction
    out, missing = translate.translate(sentences(source) or [source], language)
    draft = Draft(out).fire(f"translate into {language} with the phrase book")
    if missing:
        draft.sentences.append(translate.gap_note(language, missing))
        draft.fire("translation gap admitted (simulator's phrase book is small)")
    return draft


def rewrite(f: Features) -> Draft:
    """The text itself, ready for voice.py to restyle (tone, reading level, audience)."""
    source = _source_text(f) or f.question.partition(":")[2].strip()
    if not source:
        return Draft(["Please include the text you want rewritten, for example between triple quotes."]).fire("rewrite: no text given")
    return Draft(sentences(source)).fire("rewrite: restyle the given text (tone / reading level / audience)")


def generate(f: Features) -> Draft:
    """New text: a poem, a literal 'say X', or product/marketing copy shaped by the topic and audience."""
    said = f.question or f.instruction
    said = f"{said} {f.data}".strip() if said.rstrip().endswith(":") else said
    say = SAY_EXACTLY.search(said)
    if say and len(said) < 200:
        return Draft([end_sentence(cap_first(say.group(1).strip()))]).fire("generate: said exactly what was asked")
    topic = f.topic or "it"
    if re.search(r"(?<!no )(?<!without )(?<!not a )\b(?:tagline|slogan|headline|title|motto)\b", f.instruction, re.I):
        options = knowledge.generic("tagline")
        return Draft([_fill(options[sum(map(ord, topic)) % len(options)], topic)]).fire("generate: a one-line tagline")
    for kind in ("poem", "story", "email"):
        if re.search(KINDS[kind], f.instruction, re.I):
            draft = Draft([_fill(t, topic, f.audience or "customer") for t in knowledge.generic(kind)], layout="lines" if kind != "story" else "paragraph")
            return draft.fire(f"generate: a short {kind} on '{topic}'")
    if knowledge.find_products(f"{f.instruction}\n{f.data}") or re.search(r"\b(?:product|description|ad|advert|copy|pitch|blurb|marketing)\b", f.instruction, re.I):
        return product_copy(f)
    return explain(f)


PRICE = re.compile(r"[$€£]\s?\d[\d,]*(?:\.\d{1,2})?|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:dollars|euros|pounds|usd|eur|gbp)\b", re.I)
_MONEY_WORDS = re.compile(r"\b(?:price|prices|pricing|cost|costs|money|currency|discounts?|amount|budget|affordable|cheap)\b|[$€£]", re.I)
_KIND_AFTER = r"\s+(?!(?:for|to|that|which|in|aimed|with|and|at|on|is|costs?|priced)\b)(?P<kind>[a-z][a-z-]*(?: [a-z][a-z-]*){0,2}?)(?=\s*(?:[,.;:()\n]|\bfor\b|\bto\b|\bthat\b|\bwhich\b|\bin\b|\baimed\b|$))"


def _product(brief: str) -> tuple[str, str]:
    """(name, kind) of the product a brief is about: 'BrewMaster 3000', 'coffee maker'; only what the prompt says."""
    known = knowledge.find_products(brief)
    label = re.search(r"^\W*(?:product|name|product name|item)\s*[:=]\s*(?:the\s+)?(?P<v>[^\n(]{2,60})", brief, re.I | re.M)
    name = known[0]["name"] if known else (label.group("v").strip().rstrip(".") if label else "")
    kind_label = re.search(r"^\W*(?:type|kind|category)\s*[:=]\s*(?P<v>[^\n]{2,40})", brief, re.I | re.M)
    after = re.search(re.escape(name) + _KIND_AFTER, brief, re.I) if name else None
    kind = kind_label.group("v").strip().rstrip(".") if kind_label else after.group("kind") if after else ""
    if not name:
        bare = re.search(r"\b(?:our|the|a|an|this|my)\s+(?:new\s+)?(?P<k>[a-z]+(?: [a-z]+)?)\s+(?=\bin\b|\bfor\b|\bthat\b|[,.])", brief)
        kind = kind or (bare.group("k") if bare and not _DELIVERABLE_WORDS.search(bare.group("k")) else "")
    if name and kind and kind.lower() in name.lower():
        kind = ""
    return name, kind


_DELIVERABLE_WORDS = re.compile(r"\b(?:description|blurb|copy|ad|pitch|product|page|text|words?|sentences?)\b", re.I)


PRICE_PLACEHOLDER = "[price]"


def product_copy(f: Features) -> Draft:
    """Marketing copy for a product, from the facts the prompt gives: its audience first, then price and stock, features, a call to action.

    Sentences are ordered by what the prompt asks for, so a sentence or word limit keeps whole sentences and
    still covers the audience and the price; a price the prompt does not give is never invented.
    """
    brief = f"{f.instruction}\n{f.data}"
    material = knowledge.generic("product_copy")
    name, kind = _product(brief)
    low = f"{name} {kind}".lower()
    style = next((k for k in material["kinds"] if any(t in low for t in k["triggers"])), material["kinds"][-1])
    product = f"the {name}" + (f" {kind}" if kind else "") if name else f"our new {kind or 'product'}"
    no_money = any(_MONEY_WORDS.search(word) for word in f.avoid)
    given = PRICE.search(brief)
    stock = re.search(r"\b(?:in stock|available now|out of stock|sold out)\b", brief, re.I)
    in_stock = bool(stock) and stock.group(0).lower() in ("in stock", "available now")
    asks_price = any(_MONEY_WORDS.search(word) for word in f.include)
    placeholder = asks_price and not given  # asked for a price it was never told: a placeholder, as real models write
    price_text = given.group(0) if given else PRICE_PLACEHOLDER if placeholder else None
    price = None if no_money else price_text
    audience = f.audience
    hook = material["hook_audience" if audience else "hook"].format(product=product, audience=audience, benefit=style["benefit"], pitch=style["pitch"])
    lines = [cap_first(hook)]
    if price:
        lines.append(material["price_stock" if in_stock else "price"].format(price=price))
    elif in_stock:
        lines.append(material["stock"])
    lines.append(style["features"][0])
    if not no_money and not price:  # unasked, copy likes to talk value: the reason to say 'do not mention the price'
        lines.append(material["value"])
    lines += style["features"][1:]
    lines.append(material["cta"])
    budget = f.limits.get("words")
    if budget:
        lines = _within_words(lines, budget)
    how = f"for {audience}" if audience else "for no audience in particular"
    facts = "asked for a price the prompt does not give, so a placeholder" if placeholder and not no_money else "facts only from the prompt"
    return Draft(lines, layout="copy").fire(f"generate: product copy {how}; {facts}" + (" (price left out as asked)" if no_money else "") + (f"; whole sentences within {budget} words" if budget else ""))


def _within_words(lines: list[str], budget: int) -> list[str]:
    """The sentences, in order of importance, that fit a word budget whole (a real writer drops a sentence rather than cut one)."""
    kept, used = [], 0
    for line in lines:
        n = len(line.split())
        if used + n <= budget:
            kept.append(line)
            used += n
    return kept or [" ".join(lines[0].split()[:budget])]


def list_task(f: Features) -> Draft:
    """A list of n items on the topic (the catalogue's products when the list is about products)."""
    n = f.limits.get("bullets") or 5
    named = knowledge.find_products(f"{f.instruction}\n{f.data}")  # only the products the prompt holds
    if named and re.search(r"\bproducts?\b", f.instruction, re.I):
        items = [f"{p['name']} (${p['price']:.2f})" for p in named]
    else:
        items = [_fill(t, f.topic or "it") for t in knowledge.generic("list")]
    return Draft(items[:n]).fire(f"list: {min(n, len(items))} items")


YOUNG = re.compile(r"\b(?:child|children|kids?|\d{1,2}[- ]year[- ]olds?|(?:three|four|five|six|seven|eight|nine|ten)[- ]year[- ]olds?|"
                   r"kindergarten|preschool|primary school|elementary|grade [1-4]|young (?:child|children|kids|readers?)|eli5|like i'?m (?:five|5|a (?:child|kid)))\b", re.I)


def _young(f: Features) -> bool:
    """True when the reader is a child: the words, the sentences and the numbers must all be small."""
    return f.reading_level == "simple" and bool(YOUNG.search(f.instruction) or f.persona == "kindergarten")


def _fact_for(f: Features, text: str) -> str | None:
    """A known fact told at the reader's level: the young readers' version for a child, the plain fact otherwise."""
    entry = knowledge.find_fact_entry(text)
    if not entry:
        return None
    return entry.get("simple") or entry["answer"] if _young(f) else entry["answer"]


def explain(f: Features) -> Draft:
    """An explanation: a known fact told at the reader's level, otherwise a generic step-by-step framing."""
    fact = _fact_for(f, f.instruction)
    if fact:
        return Draft(sentences(fact) or [fact]).fire("explain: known fact" + (", told for a young reader" if _young(f) else ""))
    lines = [_fill(t, f.topic or "it") for t in knowledge.generic("explain_simple" if _young(f) else "explain")]
    return Draft(lines).fire("explain: generic explanation (no specific facts known)" + (", short plain sentences for a young reader" if _young(f) else ""))


def _grounded(f: Features, question: str) -> Draft:
    """Answer only from the given text: quote the best sentences, or say the text does not say."""
    units = f.data.splitlines() if len(re.findall(r"(?m)^\w[\w ]{0,20}:", f.data)) >= 3 else sentences(f.data)
    scored = sorted(((overlap(question, s), i, s.strip()) for i, s in enumerate(units) if s.strip()), key=lambda t: (-t[0], t[1]))
    best = [s for score, _, s in scored[:2] if score >= 2]
    if not best:
        reply = knowledge.generic("not_in_text") + " " + knowledge.generic("unknown_reply").split(". ", 1)[0] + "."
        return Draft([reply], label="unknown").fire("grounded: the text has no answer -> says so instead of guessing")
    draft = Draft([best[0]], label=best[0], quotes=best if "quote_first" in f.grounding else [])
    return draft.fire("grounded: answer taken from the text" + (" after quoting it" if draft.quotes else ""))


def short_answer(fact: str, question: str) -> str:
    """The few words of a fact sentence that answer the question (a name or number it does not repeat).

    'The capital of France is Paris.' asked as 'What is the capital of France?' -> 'Paris'. Falls back
    to the whole sentence when no such name or number stands out.
    """
    asked = {w.lower().strip("'s") for w in re.findall(r"[\w']+", question)} | {w.lower() for w in re.findall(r"[\w']+", question)}
    stop = knowledge.stopwords()
    tokens = re.findall(r"[\w'][\w',.]*[\w']|[\w']", fact.split(":")[0])  # the main clause only
    run: list[str] = []
    for tok in tokens:
        word = tok.rstrip(".,")
        base = word.lower().removesuffix("'s")
        salient = (word[:1].isupper() or word[:1].isdigit()) and base not in asked and word.lower() not in stop
        if salient:
            run.append(word)
        elif run:
            break
    return " ".join(run) if run else fact


UNTRUTHFUL = re.compile(r"\b(?:never|don't|do not|doesn't|does not|not|refuse to)\s+(?:\w+\s+){0,2}?(?:tells?|gives?|says?|speaks?|reveals?|shares?)\s+(?:(?:anyone|anybody|them|people|\w+|an?\s+\w+|the\s+\w+)\s+)??"
                        r"(?:the\s+|a\s+|any\s+)?(?:plain\s+|real\s+|honest\s+|simple\s+)?(?:truth|(?:straight|real|true|correct|right|actual|honest) answers?)\b|"
                        r"\b(?:only|nothing but)\s+(?:(?:in|with|by)\s+)?(?:riddles?|tall tales?|lies|falsehoods?|made-up (?:stories|tales|answers))\b|\binstead of (?:a|the|any) (?:real|true|correct|straight|actual|honest) answers?\b|"
                        r"\balways (?:lie|lies|make (?:things|stuff|it|answers) up|makes (?:things|stuff|it) up|(?:gives?|tells?|says?|provides?) (?:the |a )?(?:wrong|false|made-up|incorrect|fake) answers?)\b", re.I)


def answer(f: Features) -> Draft:
    """A direct answer: a known fact, the text's answer, an honest 'don't know', or a confident fabrication."""
    bare = unframed(f.data)  # '<question>...?</question>', '---' / 'QUESTION' / '...?' / '---': the frame is not part of the question
    asked = bare if bare.endswith("?") and len(bare) < 300 else ""  # the question itself sits in the delimited block
    question = f.query or asked or f.question or f.instruction
    if f.data and re.search(r"\b(?:review|ticket|feel|think of|opinion|tone|mood|happy|satisfied)\b", question, re.I):
        return classify(f)
    if (sum_ := ARITHMETIC.search(question)) and not f.data:
        return _arithmetic(sum_)
    if re.match(r"\s*how (?:do|can|should|to)\b", question, re.I):
        return how_to(f)
    fact = knowledge.find_fact(question)
    grounded = bool({"only_from_text", "say_unknown"} & set(f.grounding))
    if f.data and not asked and (grounded or "quote_first" in f.grounding):
        return _grounded(f, question)
    if not f.data and {"only_from_text", "say_unknown"} <= set(f.grounding) and _GIVEN_TEXT.search(f.instruction):
        return Draft([knowledge.generic("unknown_reply")], label="I don't know").fire(
            "answer: told to use only the text provided, and none is given -> says it does not know, even a fact it knows")
    verdict = _knowing_verdict(f, bool(fact))
    if verdict and not f.data:
        return Draft([verdict], label=verdict).fire("answer: asked only whether it knows, with a label for each -> the label, not the answer")
    if fact and UNTRUTHFUL.search(f.instruction):
        tale = _fill_subject(knowledge.generic("tall_tale"), f.topic or "that")
        return Draft([tale], label=tale).fire("answer: told never to give the plain truth -> a made-up tale instead of the known fact")
    if fact:
        told = _fact_for(f, question) or fact
        return Draft(sentences(told) or [told], label=short_answer(fact, question)).fire("answer: known fact" + (", told for a young reader" if told != fact else ""))
    unknown = knowledge.find_unknown(question)
    if unknown or (FACTUAL.search(question) and not f.data):
        if grounded:
            return Draft([knowledge.generic("unknown_reply")], label="I don't know").fire("no facts known + grounding instruction -> admits it does not know")
        templates = knowledge.generic("fabricate_templates")
        made_up = unknown["fabrication"] if unknown else _fill_subject(templates[len(question) % len(templates)], f.topic or "it")
        return Draft([made_up], label=made_up).fire("no facts known, no source and no permission to say 'I don't know' -> confident fabrication (simulated)")
    if f.data:
        return _grounded(f, question)
    return explain(f)


_GIVEN_TEXT = re.compile(r"\b(?:provided|given|supplied|attached|context|document|passage|article|excerpt)\b", re.I)  # the restriction names a text handed over, not 'facts' in general


def _knowing_verdict(f: Features, known: bool) -> str:
    """The label a two-label reply about knowing asks for ('Reply with just KNOWN or UNKNOWN'): '' when the labels are about something else."""
    if f.format != "label" or len(f.labels) != 2:
        return ""
    unknowing = [label for label in f.labels if UNKNOWING.search(label)]
    if len(unknowing) != 1:
        return ""
    other = next(label for label in f.labels if label != unknowing[0])
    return other if known else unknowing[0]


def _fill_subject(template: str, subject: str) -> str:
    """A fabrication template with its subject filled in."""
    return template.replace("{Subject}", cap_first(subject)).replace("{subject}", subject)


def how_to(f: Features) -> Draft:
    """A short how-to: generic steps around the topic (the simulator knows no real procedures)."""
    topic = f.topic or "it"
    return Draft([_fill(t, topic) for t in knowledge.generic("howto")]).fire(f"how-to: generic steps for '{topic}'")


def _arithmetic(match: re.Match) -> Draft:
    """A one-operation sum worked out exactly (parsed, never evaluated as code)."""
    a, op, b = float(match.group(1)), match.group(2), float(match.group(3))
    if op in "/÷" and b == 0:
        return Draft(["Division by zero is undefined."], label="undefined").fire("arithmetic: division by zero")
    value = {"+": a + b, "-": a - b, "*": a * b, "x": a * b, "×": a * b}.get(op, a / b if b else 0.0)
    shown = f"{value:g}" if abs(value) < 1e15 else str(value)
    return Draft([f"{match.group(0).strip()} = {shown}."], label=shown).fire("arithmetic: one operation computed")


def _reason(text: str, ticket: dict | None) -> str:
    """One sentence on why a label fits: the review's aspects, or the words that tipped the balance."""
    review = knowledge.find_review(text)
    if review:
        return f"The reviewer talks about {', '.join(review['aspects'])}."
    pos, neg = knowledge.lexicon_sets()
    cues = [w for w in dict.fromkeys(x.lower() for x in re.findall(r"[A-Za-z']+", text)) if w in pos or w in neg][:3]
    if ticket or not cues:
        return "The wording of the message points that way."
    return "Words such as " + ", ".join(f"'{c}'" for c in cues) + " point that way."
