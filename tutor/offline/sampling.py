"""Sampling: temperature 0 is greedy; above 0 a seed-derived random generator varies word choice and framing."""

from __future__ import annotations

import hashlib
import random
import re

from tutor.offline import knowledge
from tutor.offline.draft import Draft

MAX_VARIATION_POINTS = 6  # the most words one reply may vary in, so counts of distinct answers stay readable
OPENERS = ["Sure!", "Certainly.", "Of course.", "Here is my answer.", "Happy to help.", "Good question."]
_WORD = re.compile(r"[A-Za-z]+")


def clamp(temperature: object) -> float:
    """A usable temperature: a number in [0, 2] (anything else counts as 0, i.e. greedy)."""
    try:
        value = float(temperature)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return min(2.0, value) if value > 0 and value == value else 0.0


def rng_for(seed: int | None, temperature: float, key: str) -> random.Random:
    """A private random generator derived from the seed, the temperature and the request (no global state)."""
    digest = hashlib.sha256(f"{seed}|{temperature:.4f}|{key}".encode("utf-8", "replace")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def spread(temperature: float) -> float:
    """The chance of leaving the greedy choice at one variation point: 0 at T=0, rising steeply with T."""
    return min(0.95, max(0.0, temperature / 2) ** 1.5)


def _vary_sentence(sentence: str, p: float, rng: random.Random, budget: list[int]) -> str:
    """A sentence with some words swapped for synonyms (each with probability p)."""
    synonyms = knowledge.generic("synonyms")

    def repl(m: re.Match) -> str:
        """One word, kept or swapped for a synonym."""
        word = m.group(0)
        options = synonyms.get(word.lower())
        if not options or budget[0] <= 0:
            return word
        budget[0] -= 1
        if rng.random() >= p:
            return word
        new = rng.choice(options)
        return new.capitalize() if word[:1].isupper() else new
    return _WORD.sub(repl, sentence)


def vary(draft: Draft, temperature: float, seed: int | None, key: str) -> Draft:
    """The draft with sampled variation at this temperature (unchanged at T=0 and for literal replies)."""
    if temperature <= 0 or draft.literal is not None:
        return draft
    rng = rng_for(seed, temperature, key)
    p = spread(temperature)
    budget = [MAX_VARIATION_POINTS]
    draft.sentences = [_vary_sentence(s, p, rng, budget) for s in draft.sentences]
    if not draft.opener and rng.random() < p:
        draft.opener = rng.choice(OPENERS)
    if temperature > 1.0 and draft.sentences and rng.random() < (temperature - 1.0):
        i = rng.randrange(len(draft.sentences))
        draft.sentences[i] = f"{rng.choice(knowledge.generic('drift'))} {draft.sentences[i][:1].lower()}{draft.sentences[i][1:]}"
    draft.fire(f"sampling: temperature {temperature:g}, seed {seed} -> varied word choice (p={p:.2f} per point)")
    return draft
