"""Instruction-following under sampling: the clearer a classification prompt, the more reliably a sampled reply keeps its shape.

At temperature 0 nothing here runs: the reply is the greedy one. Above 0, a real model's reply to
"What is the sentiment of this review?" comes back as a sentence one time, a bare word the next,
"Sentiment: Positive" the time after, and not always in the team's label words. A prompt that states
the label set and asks for only the label leaves almost nothing to chance. This module models that
for label answers (classification), seeded and reproducible:

- clarity comes from the shared analysis (features): a stated label set or examples (which words
  count as answers), and how clearly the reply's shape is stated (only the label, a dictated line,
  a one-word limit, examples), helped a little by delimited data;
- the chance of leaving what the prompt asked for is strength(T) x (1 - clarity);
- what the reply becomes then: for a stated shape, the kind of slip real models make (a sentence, a
  reason added); for an unstated one, one of the shapes a chat model picks on its own.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from tutor.offline import sampling
from tutor.offline.draft import Draft
from tutor.offline.features import Features

REASON_ASKED = re.compile(  # the reply is to carry a justification with the label ('and explain your choice', 'with a short reason')
    r"\b(?:explain|justify|justifies|justifying)\w*|\b(?:give|add|include|with|and|plus|followed by|then|write|state|offer|provide)\s+(?:a|an|your|the|one)?\s*(?:(?!(?:no|not|any|zero)\b)[\w-]+,?\s+){0,3}?"  # 'a one-sentence reason', 'a quick, plain explanation'
    r"(?:reasons?|explanation|justification|rationale)\b|\b(?:say|tell\s+(?:me|us))\s+why\b|"
    r"\b(?:sentences?|lines?|notes?|words?|phrases?)\s+(?:on|about|explaining|saying|giving|stating|as\s+to)\s+why\b|"  # 'one sentence on why'
    r"[\"'`](?:reasons?|why|explanation|rationale|justification|because)[ \t]*:", re.I)  # "a line 'Reason: ...'": a reason line dictated
NEGATED = re.compile(r"\b(?:no|not|never|without|don't|do not|nor|avoid|skip)\b[^.;!?\n]{0,30}$", re.I)
MAX_CLARITY = 0.98  # even a precise prompt slips now and then at a high temperature
# Words a model uses on its own when no label set is given (general knowledge, not a list of accepted phrases).
OWN_WORDS = {
    "positive": ["favourable", "good", "mostly positive"],
    "negative": ["unfavourable", "bad", "mostly negative"],
    "neutral": ["mixed", "indifferent", "balanced"],
    "mixed": ["neutral", "ambivalent", "balanced"],
    "high": ["urgent", "very urgent", "critical"],
    "medium": ["moderate", "fairly urgent", "normal"],
    "low": ["not urgent", "minor", "low priority"],
    "billing": ["payment", "billing issue", "payments"],
    "technical": ["technical issue", "bug", "tech support"],
    "account": ["account access", "account issue", "login"],
    "shipping": ["delivery", "shipping delay", "logistics"],
    "feature request": ["suggestion", "product feedback", "idea"],
}


@dataclass(frozen=True)
class Clarity:
    """How clearly a prompt states its answer's words and shape (0 = left to the model, 1 = unmistakable)."""

    labels: float
    shape: float
    why: tuple[str, ...]


def asks_reason(instruction: str) -> bool:
    """True when the prompt asks for a justification with the answer (not when it rules one out: 'do not explain')."""
    return any(not NEGATED.search(instruction[max(0, m.start() - 40):m.start()]) for m in REASON_ASKED.finditer(instruction))


def with_reason(f: Features, draft: Draft, text: str) -> str:
    """A label reply the prompt also asks to justify ('then add a line explaining your choice') gets its reason on the next line (any temperature)."""
    if not (f.task == "classify" and f.format == "label" and not f.bare and draft.label and draft.literal is None
            and len(draft.sentences) > 1 and not f.prefill and asks_reason(f.instruction)):
        return text
    draft.fire("label with a reason: the prompt asks to justify the label -> the reason follows on the next line")
    return f"{text}\n{draft.sentences[1]}"


def strength(temperature: float) -> float:
    """How far sampling pulls a reply away from what the prompt asked for: 0 at T=0, 0.5 at T=1, 0.9 at T=2."""
    return min(0.9, max(0.0, 0.5 * temperature))


def clarity(f: Features, label: str = "") -> Clarity:
    """The clarity of the label set and of the reply's shape, from the shared analysis (and the answer's word, when the prompt writes it)."""
    why = []
    written = bool(label) and re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f.instruction, re.I) is not None
    labels = 1.0 if (f.labels or f.examples) else 0.9 if written else 0.0
    why.append("label set stated" if f.labels else "labels shown by examples" if f.examples
               else "the answer's word is written in the prompt" if written else "no label set")
    shape = 0.0
    if not f.bare and asks_reason(f.instruction):
        shape = 0.9
        why.append("a reason asked for with the label")
    elif f.form:
        shape = 0.95 if (f.bare or f.exact("lines")) else 0.88  # a dictated line and nothing else is as clear as 'only the label'; without it a small model still keeps the line (see the disputed 10.2 near-misses)
        why.append("reply line dictated" + (", nothing else" if shape > 0.9 else ""))
    elif f.format == "label":
        shape = 0.95 if f.bare else 0.8
        why.append("only the label" if f.bare else "a label asked for")
    elif f.examples:
        shape = 0.9
        why.append("shape shown by examples")
    elif 0 < f.limits.get("words", 0) <= 3:
        shape = 0.85
        why.append("a word limit")
    else:
        why.append("reply shape not stated")
    if shape and f.data_delimited:
        shape += 0.03
        why.append("data delimited")
    return Clarity(labels, min(MAX_CLARITY, shape), tuple(why))


def applies(f: Features, draft: Draft, temperature: float) -> bool:
    """True for a sampled label answer in plain text (classification without reasoning, structure or prefill)."""
    return (temperature > 0 and f.task == "classify" and bool(draft.label) and draft.literal is None and not draft.steps
            and not draft.quotes and f.format in (None, "label") and not f.prefill)


def _own_word(label: str, rng: random.Random) -> str:
    """Another word the model might use for this label when no label set pins it down."""
    options = OWN_WORDS.get(label.lower())
    return rng.choice(options) if options else label


def _sentence(draft: Draft, label: str, word: str) -> tuple[str, str]:
    """(the answer as a sentence, a reason sentence or '') from the draft, using the sampled word."""
    first = draft.sentences[0] if draft.sentences and draft.sentences[0].strip().lower() != label.lower() else f"The answer is {label.lower()}."
    said = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", word, first, count=1, flags=re.I)
    reason = draft.sentences[1] if len(draft.sentences) > 1 else ""
    return said, reason


def _what(sentence: str) -> str:
    """The thing the label names ('sentiment' from 'The sentiment is positive.'), else 'Answer'."""
    m = re.match(r"The (\w+) is\b", sentence)
    return m.group(1).capitalize() if m else "Answer"


def _slip(f: Features, sentence: str, reason: str, word: str, rng: random.Random) -> str:
    """A stated shape not kept: the kind of slip a chat model makes (a sentence, or a reason added)."""
    line = f.form.format(word) if f.form else word
    options = [sentence, f"{line}\n\n{reason or sentence}", f"{line} ({(reason or sentence).rstrip('.').lower()})"]
    return rng.choice(options)


def _own_shape(sentence: str, word: str, rng: random.Random) -> str:
    """No shape stated: one of the shapes a chat model picks on its own."""
    cap = word[:1].upper() + word[1:]
    return rng.choice([cap, f"{_what(sentence)}: {cap}", f"**{cap}**"])


def sample(f: Features, draft: Draft, text: str, temperature: float, seed: int | None, key: str) -> str:
    """The reply after sampled instruction-following: unchanged at T=0 and for anything but a label answer."""
    if not applies(f, draft, temperature):
        return text
    rng = sampling.rng_for(seed, temperature, "adherence|" + key)
    c = clarity(f, draft.label or "")
    pull = strength(temperature)
    label = draft.label or ""
    word = label if rng.random() >= pull * (1 - c.labels) else _own_word(label, rng)
    sentence, reason = _sentence(draft, label, word)
    leaves = rng.random() < pull * (1 - c.shape)
    if not leaves:
        out = text if word == label else re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", word, text, count=1, flags=re.I)
        how = "kept the greedy shape"
    elif c.shape > 0:
        out, how = _slip(f, sentence, reason, word, rng), "slipped from the stated shape"
    else:
        out, how = _own_shape(sentence, word, rng), "picked its own shape"
    draft.fire(f"adherence: {'; '.join(c.why)} -> clarity labels {c.labels:.2f}, shape {c.shape:.2f}; "
               f"at temperature {temperature:g} the reply {how}" + (f", label word {word!r}" if word != label else ""))
    return out
