"""Give a draft its voice: persona, tone, reading level and language."""

from __future__ import annotations

import re

from tutor.offline import knowledge, translate
from tutor.offline.draft import Draft
from tutor.offline.features import Features
from tutor.offline.text import cap_first, end_sentence

_WORD = re.compile(r"[A-Za-z']+")
_CONTRACTIONS = {"do not": "don't", "it is": "it's", "you are": "you're", "we are": "we're", "is not": "isn't", "cannot": "can't", "i am": "I'm", "that is": "that's"}
TONE_FRAMES = {
    "friendly": ("Hi there!", "Hope this helps!"), "warm": ("Hi there!", "Take care!"),
    "enthusiastic": ("Great news!", "Exciting times!"), "excited": ("Great news!", "Exciting times!"),
    "apologetic": ("I'm so sorry about this.", "Thank you for your patience."), "empathetic": ("I understand how frustrating this is.", "We're here to help."),
    "formal": ("", "Kind regards."), "polite": ("", "Thank you!"), "professional": ("", "Kind regards."),
    "casual": ("Hey!", "Cheers!"), "informal": ("Hey!", "Cheers!"), "playful": ("Ooh, fun one!", "Ta-da!"), "humorous": ("Buckle up!", "You're welcome, world."),
    "funny": ("Buckle up!", "You're welcome, world."),
}


def swap_words(text: str, table: dict[str, str]) -> str:
    """Replace whole words using a table, keeping an initial capital."""
    def repl(m: re.Match) -> str:
        """One word, swapped if the table has it."""
        word = m.group(0)
        new = table.get(word.lower())
        if new is None:
            return word
        return cap_first(new) if word[:1].isupper() else new
    return _WORD.sub(repl, text) if table else text


def _simplify(sentence: str) -> list[str]:
    """Plain words and short sentences for a young or beginner reader."""
    text = swap_words(sentence, knowledge.word_table("simple_words"))
    parts = [p.strip() for p in re.split(r",\s+(?:and|but|so)\s+(?=(?:it|the|we|they|he|she|i|you|this|that|there)\b)|;\s+|:\s+(?=(?:it|the|we|they|he|she|i|you|this|that|there)\b)", text, flags=re.I) if p.strip()]
    return [end_sentence(cap_first(p)) for p in parts]


def _persona(f: Features, draft: Draft) -> None:
    """Speak as the persona: its opener, word swaps and sign-off."""
    if f.persona == "custom":  # a job or a character: it answers plainly, as a real model in that role would
        name = f.persona_name
        draft.fire(f"persona: answers as {name or f.persona_text[:40]}")
        return
    voice = knowledge.personas()[f.persona]
    draft.sentences = [swap_words(s, voice.get("swap", {})) for s in draft.sentences]
    if voice.get("simple"):
        draft.sentences = [p for s in draft.sentences for p in _simplify(s)]
    if voice.get("upper"):
        draft.sentences = [s.upper() for s in draft.sentences]
    draft.opener, draft.closer = voice["opener"], voice["closer"]
    draft.fire(f"persona: speaks as a {voice.get('label', f.persona)}")


def _tone(f: Features, draft: Draft) -> None:
    """Adjust word choice and framing to the requested tone."""
    tone = f.tone or ""
    if tone in ("formal", "professional"):
        draft.sentences = [swap_words(s, knowledge.word_table("formal_words")) for s in draft.sentences]
    elif tone in ("casual", "informal", "friendly", "playful"):
        table = knowledge.word_table("casual_words")
        draft.sentences = [_contract(swap_words(s, table)) for s in draft.sentences]
    elif tone == "polite":
        draft.sentences = [_polite(s) for s in draft.sentences]
    opener, closer = TONE_FRAMES.get(tone, ("", "")) if draft.layout == "paragraph" else ("", "")
    draft.opener = draft.opener or opener
    draft.closer = draft.closer or closer
    draft.fire(f"tone: {tone}")


def _contract(text: str) -> str:
    """Use contractions, as casual writing does."""
    for long, short in _CONTRACTIONS.items():
        text = re.sub(rf"\b{long}\b", lambda m: cap_first(short) if m.group(0)[0].isupper() else short, text, flags=re.I)
    return text


def _polite(sentence: str) -> str:
    """A bare command turned into a polite request ('send me X' -> 'Could you please send me X?')."""
    if re.match(r"(?i)(?:send|give|do|make|tell|fix|call|reply|get|stop|finish|bring|email|update|check)\b", sentence):
        return f"Could you please {sentence[:1].lower()}{sentence[1:].rstrip('.!')}?"
    return sentence


def _language(f: Features, draft: Draft) -> None:
    """Answer in the requested language (when the task itself was not a translation)."""
    out, missing = translate.translate(draft.sentences, f.language or "")
    draft.sentences = out
    if missing:
        draft.sentences.append(translate.gap_note(f.language or "", missing))
    draft.fire(f"answers in {f.language}" + (" (partly: phrase book gaps admitted)" if missing else ""))


def apply(f: Features, draft: Draft) -> Draft:
    """The draft in the requested voice (nothing changes for literal replies or bare labels)."""
    if draft.literal is not None or (f.format == "label" and draft.label):
        return draft
    if f.reading_level == "simple" and f.persona != "kindergarten":
        draft.sentences = [p for s in draft.sentences for p in _simplify(s)]
        draft.fire("reading level: simple words, short sentences")
    if f.tone:
        _tone(f, draft)
    if f.persona:
        _persona(f, draft)
    if f.language and f.task != "translate":
        _language(f, draft)
    return draft
