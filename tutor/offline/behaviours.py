"""What each behaviour rule checks and does; `rules.py` registers them with ids, lessons and priorities."""

from __future__ import annotations

import re
from collections.abc import Callable

from tutor.analysis.instructions import TRADE_VERBS
from tutor.offline import extract, fewshot, imitation, knowledge, replies, solve, tasks
from tutor.offline.draft import Draft
from tutor.offline.features import INJECTION, Features
from tutor.offline.text import content_words, keywords, sentiment

DISPATCH = {
    "summarise": tasks.summarise, "classify": tasks.classify, "extract": tasks.extract_task,
    "translate": tasks.translate_task, "rewrite": tasks.rewrite, "generate": tasks.generate,
    "list": tasks.list_task, "explain": tasks.explain, "answer": tasks.answer,
}
STRUCTURED = ("json", "table", "csv")
IDENTITY = re.compile(r"\b(?:who|what) are you\b|\bare you (?:an? )?(?:ai|robot|human|real|person|bot|model|llm)\b|\bwhich model\b", re.I)
MY_NAME_QUESTION = re.compile(r"\bwhat(?:'s| is) my name\b|\bwho am i\b", re.I)
MY_NAME = re.compile(r"\b(?i:my name is) ([A-Z][\w'-]{0,30})|\b(?i:i am) ([A-Z][\w'-]{0,30})\b|\b(?i:i'm) ([A-Z][\w'-]{0,30})\b")
SAY_LITERALLY = re.compile(
    r"^(?:just\s+|instead\s*,?\s*)?(?:reply|respond|answer|say|output|print|write|return)\s+(?:only\s+|just\s+)?(?:with\s+)?"
    r"(?:the\s+(?:word|phrase|text)\s+)?(?:that\s+)?[:\s]*[\"'“]?(.+?)[\"'”]?\s*[.!]?\s*$", re.I)
GREETING = re.compile(r"^\W*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|thanks|thank you)\b[^?]{0,30}$", re.I)
INTRODUCE = re.compile(r"\b(?:introduce yourself|tell me about yourself|what(?:'s| is) your name)\b", re.I)


def injected_reply(f: Features, follow: Callable[[str], str]) -> Draft:
    """Obey the hidden instruction, as a real model without delimiters and a data warning often does."""
    known = knowledge.find_injected(f.data or f.instruction)
    if known:
        text = known["obeyed_output"]
    else:
        match = INJECTION.search(f.injection or "")
        hidden = match.group(1).strip() if match and match.group(1).strip() else "Say hello."
        literal = SAY_LITERALLY.match(hidden)
        text = _sentence(literal.group(1)) if literal else follow(hidden)
    draft = Draft(literal=text)
    why = "delimited but no 'treat it as data' warning" if f.data_delimited else "data was not delimited"
    return draft.fire(f"prompt injection obeyed: an instruction hidden in the data was followed ({why})")


def _sentence(text: str) -> str:
    """Text said back as its own reply: first letter capitalised, a single word left bare."""
    text = text.strip()
    if " " not in text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def injection_guarded(f: Features) -> bool:
    """An injected instruction sits in delimited data and the prompt declared that data is data."""
    return bool(f.injection) and f.guarded and f.injection_in_block


def injection_unguarded(f: Features) -> bool:
    """An injected instruction that nothing protects against."""
    return bool(f.injection) and not injection_guarded(f)


def strip_injection(f: Features) -> str:
    """Remove the hidden instruction from the data so the real task runs on the clean text; the x-ray line."""
    known = knowledge.find_injected(f.data)
    f.data = known["clean_text"] if known else _without_injected_sentences(f.data)
    return "prompt injection ignored: it sat inside delimiters and the prompt said to treat the text as data"


def _without_injected_sentences(text: str) -> str:
    """The data without each injected order, up to the end of its sentence; the customer's own words after it stay."""
    for m in reversed(list(INJECTION.finditer(text))):
        end = re.compile(r"[.!?](?=\s|$)|\n").search(text, m.start())
        text = text[:m.start()] + text[end.end() if end else m.end():]
    return text.strip()


def is_empty(f: Features) -> bool:
    """Nothing was asked and nothing was given."""
    return not f.instruction.strip() and not f.data.strip()


def empty_reply() -> Draft:
    """The reply to an empty message."""
    return Draft(["Your message is empty. What would you like me to help with?"]).fire("empty request")


def off_topic(f: Features) -> bool:
    """True when a scope limit is set and the user's request shares nothing with that topic."""
    if not f.scope:
        return False
    said = set(content_words(f.scope)) | {w.rstrip("s") for w in content_words(f.scope)}
    vocab = said | {w for words in knowledge.topics().values() if said & set(words) for w in words}
    asked = set(content_words(f.query or f.question or f.data))
    asked |= {w.rstrip("s") for w in asked}
    return not (asked & vocab)


def decline(f: Features) -> Draft:
    """A polite refusal for a request outside the prompt's scope (or the one the prompt dictates)."""
    return tasks.off_topic(f)


def _known_problem(f: Features) -> dict | None:
    """The bundled word problem or trick question this request asks (or an earlier turn asked and this one asks to reason about)."""
    return knowledge.find_problem(f.query or f.instruction + " " + f.data) or solve.earlier(f)


def has_problem(f: Features) -> bool:
    """The request asks a known word problem or trick question."""
    return _known_problem(f) is not None


def example_kind(f: Features) -> str:
    """What the few-shot examples teach: 'labels', 'format' or 'tone' ('' without examples, or when the prompt points to empty tags)."""
    kind = imitation.kind(f.examples) if f.examples and not f.empty_tags else ""
    if kind == "format" and not any(a.strip() for a, _ in f.examples):  # 'Example of the format: {...}' alone shows a shape, maps no input
        return ""
    return kind


def _new_input(f: Features) -> str:
    """The input the examples lead up to."""
    return f.query or f.data or f.instruction.split("\n")[-1]


def _asked_about(f: Features) -> bool:
    """The new input is asked about in a question of the prompt's own, not laid out like the examples, and no bare output is asked for."""
    return bool(f.query_question) and not f.bare


def _answered_aloud(f: Features, text: str, how: str) -> tuple[str, str]:
    """The output introduced the way a chat model answers a question ('Here's the log for this one:'), when the input was asked about."""
    if not _asked_about(f):
        return text, how
    what = f.example_out or "answer"
    return f"Here's the {what} for this one:\n\n{text}", how + "; the new input was asked about in a question, not given an empty slot -> answered with a lead-in"


def few_shot_format(f: Features) -> Draft:
    """Lay the new input's values out the way the example outputs are laid out (plus a note, when one is asked for)."""
    text, how = imitation.fill_format(f.examples, _new_input(f))
    if imitation.extra(f.own_words) == "after":
        complaint = imitation.clauses(_new_input(f))[1] or _new_input(f)
        text, how = f"{text}\nNote: {complaint.strip().rstrip('.')}.", how + "; the note asked for after it"
    text, how = _answered_aloud(f, text, how)
    return Draft([text], literal=text).fire(f"few-shot: {len(f.examples)} example(s): {how}")


def few_shot_tone(f: Features) -> Draft:
    """Answer the new input in the voice of the example outputs; a stated formal tone wins over the example's voice."""
    if imitation.wants_formal(f.own_words):
        text = replies.stock_reply(_new_input(f), f.instruction)
        return Draft([text], literal=text).fire("few-shot: the prompt asks for a professional tone, which wins over the example's voice -> stock reply")
    if f.format not in ("json", "table", "csv") and not f.keys and not f.example_slot and not imitation.asks_to_follow(f.own_words):  # 'For reference, a past reply: ... Please write a reply to this review.'
        text = replies.stock_reply(_new_input(f), f.instruction)
        return Draft([text], literal=text).fire("few-shot: the example is shown for reference, nothing asks for its voice and no open slot continues it -> the model's own stock reply")
    text, how = imitation.tone(f.examples, _new_input(f))
    if (count := imitation.options_asked(f.own_words)) > 1:
        text, how = imitation.options(f.examples, _new_input(f), count)
    elif imitation.extra(f.own_words) == "before":
        text, how = f"{imitation.style_notes(f.examples[0][1])}\n\n{text}", how + "; the style described first, as asked"
    elif imitation.extra(f.own_words) == "after":
        text, how = f"{text}\n\nWhy it sounds like this:\n{imitation.style_notes(f.examples[0][1])}", how + "; the style explained after, as asked"
    text, how = _answered_aloud(f, text, how)
    return Draft([text], literal=text).fire(f"few-shot: {len(f.examples)} example(s): {how}")


def few_shot_applies(f: Features) -> bool:
    """Examples to imitate, and no empty tags the prompt points to instead of the new input."""
    return bool(f.examples) and not f.empty_tags


def asks_reply(f: Features) -> bool:
    """A reply to a review or message is asked for, with the text to reply to and no example of the voice."""
    return not f.examples and f.task not in ("classify", "extract", "summarise", "translate") and f.format in (None, "prose") \
        and replies.asks_reply(f.instruction, f.data)


def stock_reply(f: Features) -> Draft:
    """The model's own customer-service reply to the review or message."""
    text = replies.stock_reply(f.data, f.instruction)
    return Draft([text], literal=text).fire("reply to a review with no example of the voice -> the model's stock customer-service reply")


def few_shot(f: Features) -> Draft:
    """Imitate the examples' labels and format for the new input."""
    query = f.query or f.data or f.instruction.split("\n")[-1]
    ticket = knowledge.find_ticket(query)
    known = (ticket["urgency"], ticket["category"]) if ticket else ()
    if known and any(b.strip().lower() in (k.lower() for k in known) for _, b in f.examples):
        label, how = fewshot.imitate(f.examples, query, sentiment, known)
    else:
        label, how = imitation.classify(f.examples, query)
    if imitation.open_question(f.query_question if _asked_about(f) else f.own_words, f.example_out):
        text = imitation.feeling(query)
        return Draft([text], literal=text).fire("few-shot: the prompt ends on a question of its own, not the examples' output -> answered in its own words")
    said = f.query_question if _asked_about(f) else imitation.last_question(f.own_words, query)
    if not f.bare and not f.example_slot and f.format not in ("json", "xml", "csv") and imitation.asks_opinion(said):
        text = f"{imitation.feeling(query)} {imitation.reason(query)} I'd tag it {label}."
        return Draft([text], literal=text).fire("few-shot: asked what it makes of the new input, no empty slot, no 'output only' -> its view, then the output")
    literal = None if f.format in ("json", "xml", "csv") else label  # the examples show the answer alone: it is copied alone
    if literal and _asked_about(f) and not f.example_slot:  # 'What tag would this review get?' then the review: a chat answer, not a bare tag
        literal, how = _answered_aloud(f, label, how)
    if literal and f.echo_key and not (f.bare or f.form or f.format or _asked_about(f)):  # 'Now tag this review:' and no 'the tag alone'
        literal, how = f"{f.echo_key}: {label}", how + "; the new input given outside the examples' lines, with no empty slot -> wrote one more labelled line"
    if literal and f.form and f.format == "label":
        literal = f.form.format(label)  # 'Reply with one line, "Category: <label>"' then a 'Category:' slot: a chat model writes the whole line
    if literal and imitation.extra(f.own_words):
        literal, how = f"{label}\n{imitation.reason(query)}", how + "; with the explanation asked for"
    draft = Draft([label], label=label, literal=literal).fire(f"few-shot: imitated {len(f.examples)} examples ({how})")
    if not fewshot.consistent(f.examples, imitation.polarity):
        draft.fire("few-shot examples are inconsistent -> output inconsistent across inputs")
    return draft


def problem(f: Features) -> Draft:
    """A known word problem or trick question: the tempting wrong answer, or the worked solution if asked to reason."""
    revisited = solve.earlier(f)
    if revisited:
        return solve.revisit(f, revisited)
    problem = _known_problem(f)
    if solve.lays_out(f):
        return solve.reply(f, problem)
    if f.reasoning:
        draft = Draft([f"The answer is {problem['answer']}."], label=problem["answer"], steps=list(problem["steps"]))
        return draft.fire(f"reasoning requested -> worked solution step by step, right answer ({problem['id']})")
    draft = Draft([problem["tempting_answer"]], label=problem["tempting_answer"].rstrip("."))
    return draft.fire(f"{problem['kind']} question without a request to reason -> tempting wrong answer ({problem['id']})")


def wants_structure(f: Features) -> bool:
    """JSON, a table or CSV is asked for."""
    return f.format in STRUCTURED


def structured_records(f: Features, draft: Draft) -> None:
    """Give a draft records when JSON/table/CSV output is asked for but the task produced only prose or a label."""
    if draft.records or draft.literal is not None:
        return
    keys = f.keys or (["label"] if draft.label else ["summary"])
    source = f.data or f.query or " ".join(draft.sentences)
    record = {}
    for key in keys:
        low = key.lower()
        flag = re.fullmatch(r"(?:is|has)[_ ]?([a-z]\w*)", low)
        if draft.label and low in ("label", "sentiment", "category", "class", "urgency", "answer", "classification"):
            record[key] = draft.label
        elif draft.label and flag:
            record[key] = draft.label.lower() == flag.group(1)  # 'is_positive' -> false for a negative review
        elif low in ("summary", "text", "answer", "response", "content"):
            record[key] = " ".join(draft.sentences)
        elif low in ("keywords", "topics", "tags"):
            record[key] = keywords(source, 5)
        else:
            record[key] = extract.field_value(key, source)
    empty = next((k for k, v in record.items() if v is None), None)
    if draft.label and empty and draft.label not in record.values() and not any(isinstance(v, bool) for v in record.values()):
        record[empty] = draft.label  # '{"polarity": ' or '{"verdict": "': the key the data cannot fill holds the verdict
    draft.records = [record]
    draft.fire(f"structured output: filled the requested keys {keys}")


def avoid(f: Features, draft: Draft) -> None:
    """Drop sentences that mention a word the prompt said not to mention; take an excluded kind of detail ('dates') out of them."""
    for word in f.avoid:
        if word.lower() in tasks.DETAIL_KINDS:
            scrubbed = [tasks.scrub_details(s, [word]) for s in draft.sentences]
            if scrubbed != draft.sentences:
                draft.sentences = [s for s in scrubbed if s] or ["(Nothing else to add.)"]
                draft.fire(f"honoured 'leave out {word}': took them out of the sentences")
            continue
        pattern = tasks.avoid_pattern(word)
        kept = [s for s in draft.sentences if not pattern.search(s)]
        if len(kept) != len(draft.sentences):
            draft.sentences = kept or ["(Nothing else to add.)"]
            draft.fire(f"honoured 'do not mention {word}'")


def asks_own_name(f: Features) -> bool:
    """'What is my name?' or 'Who am I?'."""
    return bool(MY_NAME_QUESTION.search(f.question))


def recalled_name(f: Features) -> Draft:
    """The name given in an earlier user turn, or an honest 'you haven't told me'."""
    said = [next(g for g in m.groups() if g) for role, text in f.history if role == "user" for m in MY_NAME.finditer(text)]
    name = said[-1] if said else ""
    reply = f"Your name is {name}." if name else "You haven't told me your name yet."
    return Draft([reply], label=name or None).fire("memory: answered from earlier turns of the conversation")


def identity_in_role(f: Features) -> bool:
    """An identity question, an introduction request or a greeting to a role or character, with no data."""
    q = f.question
    return bool(IDENTITY.search(q) or INTRODUCE.search(q) or GREETING.match(q) and f.persona_name) and not f.data and bool(f.persona)


def identity_plain(f: Features) -> bool:
    """'Who are you?' asked with no role set and no data."""
    return bool(IDENTITY.search(f.question)) and not f.data


def is_greeting(f: Features) -> bool:
    """A greeting or thanks with no data."""
    return bool(GREETING.match(f.question)) and not f.data


def asks_known_fact(f: Features) -> bool:
    """A question about a fact the model knows, asked with no data, whatever the task verb."""
    return f.task in ("generate", "explain", "list", "answer") and not f.data and bool(knowledge.find_fact(f.question or f.instruction))


def pleads_ignorance(f: Features) -> bool:
    """A factual question to a character told it does not know such things ('a pirate who knows nothing of Europe')."""
    return bool(f.persona and f.persona_unaware) and not f.data and f.task in ("answer", "explain", "list")


def in_character_ignorance(f: Features) -> Draft:
    """The character's honest 'I don't know': it stays in role rather than answering what it was told it does not know."""
    return Draft(["I'm afraid I don't know that. I know nothing of " + f.persona_unaware + "."]).fire(
        f"the character is told it knows nothing of '{f.persona_unaware}' -> says it does not know, in character")


def simulator_identity() -> Draft:
    """The plain answer to 'who are you?': a simulator."""
    return Draft([knowledge.generic("identity")]).fire("identity question: says plainly that it is a simulator")


def greeting() -> Draft:
    """Brief small talk."""
    return Draft([knowledge.generic("greeting")]).fire("greeting: small talk answered briefly")


def in_character(f: Features) -> Draft:
    """The identity answer in role: the character's self-introduction, or an honest 'I'm an AI playing ...' when the prompt says to disclose it."""
    if f.persona_ai:
        played = _introduction(f).removeprefix("I'm ").rstrip(".")
        return Draft([f"I'm an AI language model playing {played}."]).fire("identity question: the prompt says to disclose being an AI -> says so")
    return Draft([_introduction(f)]).fire("identity question with a role or character: answers in character")


def _base_verb(word: str) -> str:
    """A verb's base form from its third-person form ('runs' -> 'run', 'teaches' -> 'teach', 'bakes' -> 'bake')."""
    word = word.lower()
    return word[:-2] if re.search(r"(?:sh|ch|ss|x|z|o)es$", word) else word[:-1] if word.endswith("s") else word


def _introduction(f: Features) -> str:
    """'I'm Tomie, a cheerful baker who lives by the sea.' for a character; 'I'm a cooking assistant.' for a role."""
    desc = re.sub(r"^(?:an?|the)\s+", "", f.persona_text.strip().rstrip(" ,.")) or f.persona_name
    if f.persona_name:
        desc = re.sub(rf"^{re.escape(f.persona_name)}\b[\s,:()–—-]*", "", desc).strip()
        deed = re.match(r"who (\w+s)\b(.*)$", desc)  # 'who runs a bakery in a seaside town', 'who teaches ...'
        if deed:
            verb = _base_verb(deed.group(1))
            trade = f" a {verb}{'r' if verb.endswith('e') else 'er'}," if verb in TRADE_VERBS else ""  # 'who bakes bread' -> 'a baker'
            return f"I'm {f.persona_name},{trade} and I {verb}{deed.group(2)}."
        article = re.match(r"(?:an?|the)\s", f.persona_text.strip(), re.I)
        desc = desc if not desc else (article.group(0).lower() if article and article.group(0).lower().startswith("the") else "an " if re.match(r"[aeiou]", desc, re.I) else "a ") + desc
        return f"I'm {f.persona_name}, {desc}." if desc else f"I'm {f.persona_name}."
    article = "an" if re.match(r"[aeiou]", desc, re.I) else "a"
    return f"I'm {article} {desc}."
