"""Translation from a small phrase book: whole phrases where known, word by word otherwise, and honest about gaps."""

from __future__ import annotations

import re

from tutor.offline import knowledge

_TOKEN = re.compile(r"[\w']+|[^\w\s]", re.U)


def code_for(language: str) -> str | None:
    """The phrase book's code for a language name ('french' -> 'fr'), or None if it has none."""
    return knowledge.phrasebook()["languages"].get(language.lower())


def _sentence(sentence: str, code: str) -> tuple[str, list[str]]:
    """One sentence translated, and the words the phrase book did not know."""
    book = knowledge.phrasebook()
    phrase = book["phrases"].get(code, {}).get(sentence.strip().lower())
    if phrase:
        return phrase[:1].upper() + phrase[1:], []
    words = book["words"].get(code, {})
    out, missing = [], []
    for token in _TOKEN.findall(sentence):
        low = token.lower()
        if low in words:
            out.append(words[low])
        else:
            out.append(token)
            if token.isalpha():
                missing.append(token)
    text = " ".join(out)
    text = re.sub(r"\s+([.,!?;:])", r"\1", text)
    return text[:1].upper() + text[1:], missing


def translate(sentences: list[str], language: str) -> tuple[list[str], list[str]]:
    """Sentences translated into a language, and the words left untranslated (all of them if unsupported)."""
    code = code_for(language)
    if code is None:
        return list(sentences), ["(the whole text)"]
    out, missing = [], []
    for s in sentences:
        text, gaps = _sentence(s, code)
        out.append(text)
        missing.extend(gaps)
    return out, list(dict.fromkeys(missing))


def gap_note(language: str, missing: list[str]) -> str:
    """An honest note about what the phrase book could not translate."""
    if missing == ["(the whole text)"]:
        return f"(The offline simulator has no {language.capitalize()} phrase book, so it cannot translate this; a real model could.)"
    shown = ", ".join(missing[:6])
    return f"(Offline simulator: its small phrase book has no {language.capitalize()} for: {shown}; those words are left in English.)"
