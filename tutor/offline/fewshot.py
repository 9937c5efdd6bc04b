"""Find few-shot examples (input -> output pairs) in a prompt or in earlier chat turns."""

from __future__ import annotations

import re
from collections import Counter

from tutor.analysis.examples import is_schema_pair

_LABELLED = re.compile(r"^[^\S\n]*([A-Za-z][\w ]{0,24}?)[^\S\n]*:[^\S\n]*(.*?)[^\S\n]*$", re.M)  # one line each: '\s' would cross blank lines
_ARROW = re.compile(r"->|=>|→")
_ASKS_ABOUT = (r"(?:what|how|which|would|could|can|should|do|does|is|where)\b[^?\n]{0,160}?"
               r"\b(?:this|these|it|one|you|your)\b[^?\n]{0,80}\?")  # 'What tag would this review get?': a question about the new input
_LEAD_QUESTION = re.compile(  # 'What do you make of this one? Great sound, but ...': a question of the prompt's own, then the new input (same or next line)
    rf"^(?P<q>{_ASKS_ABOUT})\s+(?P<rest>\S.*)$", re.I | re.S)
_QUESTION_LINE = re.compile(rf"^\W*(?:(?:so|and|now|ok|okay)\b\W*)?(?!(?:can|could|would|will) you\b){_ASKS_ABOUT}\s*$", re.I)  # 'Can you reply to ...?' is a polite request


def lead_question(query: str | None) -> tuple[str | None, str]:
    """(the new input, the question written before it on its line): the input is not laid out like the examples but asked about."""
    m = _LEAD_QUESTION.match(query or "")
    return (m.group("rest").strip(), m.group("q").strip()) if m else (query, "")


def question_above(line: str) -> str:
    """The prompt's own line above the new input when it asks about it ('How would the owner reply to this new review?'), else ''."""
    return line.strip() if _QUESTION_LINE.match(line) else ""


_OUTPUT_QUESTION = re.compile(r"^\W*(?:(?:so|and|now|ok|okay|then)\b\W*)?(?:what|how|which)\b[^?\n]{0,160}?"
                              r"\b(?:say|write|reply|respond|answer|put|tag|label|log|call|post|send|word)(?:s|ed|ing)?\b[^?\n]{0,80}\?$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def output_question(own_words: str) -> str:
    """A wh-question of the prompt's own asking what the output would be ('What should the owner say, in the same voice?'), anywhere in its words, else ''.

    A chat model answers a question the way it answers any question, with a lead-in, unless an empty slot or a bare-output rule says otherwise.
    """
    for line in own_words.split("\n")[:200]:
        for sentence in _SENTENCE_END.split(line.strip()[:2000]):
            if _OUTPUT_QUESTION.match(sentence.strip()):
                return sentence.strip()
    return ""


def from_history(history: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Earlier user/assistant turns as (input, output) pairs."""
    pairs = []
    for (role_a, a), (role_b, b) in zip(history, history[1:]):
        if role_a == "user" and role_b == "assistant" and a.strip() and b.strip():
            pairs.append((a.strip(), b.strip()))
    return pairs


def _labelled(text: str) -> tuple[list[tuple[str, str]], str | None]:
    """'Review: ...' / 'Sentiment: ...' line pairs; the last input without an output is the query."""
    lines = [(m.group(1).strip().lower(), m.group(2)) for m in _LABELLED.finditer(text)]
    keys = Counter(k for k, _ in lines)
    repeated = [k for k, n in keys.items() if n >= 2]
    if len(repeated) < 2:
        return [], None
    in_key = next(k for k, _ in lines if k in repeated)
    out_key = next((k for k, _ in lines if k in repeated and k != in_key), None)
    pairs, pending = [], None
    for key, value in lines:
        if key == in_key:
            pending = value
        elif key == out_key and pending is not None and value:
            pairs.append((pending, value))
            pending = None
    return pairs, pending


def _arrows(text: str) -> tuple[list[tuple[str, str]], str | None]:
    """'input -> output' lines; a final 'input ->' with nothing after it is the query."""
    found = [pair for line in text.split("\n") if (pair := _arrow_pair(line))]
    pairs = [(a, b) for a, b in found if b]
    query = next((a for a, b in reversed(found) if not b), None)
    return (pairs, query) if len(pairs) >= 2 and _short_outputs(pairs) else ([], None)


def _arrow_pair(line: str) -> tuple[str, str] | None:
    """('input', 'output') for a line 'input -> output' split at its first arrow (output may be empty), else None."""
    m = _ARROW.search(line)
    left = line[:m.start()].strip() if m else ""
    return (left, line[m.end():].strip()) if left else None


def _short_outputs(pairs: list[tuple[str, str]]) -> bool:
    """True when outputs look like labels or short answers (a dialogue's lines do not, nor a schema's types or choices: 'name -> string', 'priority -> low | high')."""
    return sum(len(b.split()) for _, b in pairs) / len(pairs) <= 8 and 2 * sum(is_schema_pair(a, b) for a, b in pairs) < len(pairs)


def inline(text: str) -> tuple[list[tuple[str, str]], str | None]:
    """Examples written inside one prompt, and the new input they lead up to (if any)."""
    pairs, query = _labelled(text)
    if len(pairs) >= 2 and _short_outputs(pairs):
        return pairs, query
    return _arrows(text)


def imitate(pairs: list[tuple[str, str]], query: str, polarity_of, known: tuple[str, ...] = ()) -> tuple[str, str]:
    """The output for a new input, copied from the examples' outputs: (output, how it was chosen).

    When the model knows the input's class (`known`, e.g. a bundled ticket's urgency) and an example's output
    names it, that output is copied. Otherwise examples are grouped by the polarity of their input. When one
    polarity maps to several different outputs (inconsistent labels), which one is copied depends on the
    input, so output is inconsistent too.
    """
    for label in known:
        same = next((b for _, b in pairs if b.strip().lower() == label.lower()), None)
        if same:
            return same, f"the examples' spelling of the label the input is known to have ({label})"
    query_polarity = polarity_of(query)
    groups: dict[str, list[str]] = {}
    for text, label in pairs:
        groups.setdefault(polarity_of(text), [])
        if label not in groups[polarity_of(text)]:
            groups[polarity_of(text)].append(label)
    options = groups.get(query_polarity) or groups.get("neutral") or groups.get("mixed") or [pairs[-1][1]]
    if len(options) == 1:
        return options[0], f"copied the examples' label for {query_polarity} inputs"
    choice = options[sum(map(ord, query)) % len(options)]
    return choice, f"examples label {query_polarity} inputs inconsistently {options}: picked one arbitrarily"


def consistent(pairs: list[tuple[str, str]], polarity_of) -> bool:
    """True when every input polarity maps to a single output label."""
    seen: dict[str, set[str]] = {}
    for text, label in pairs:
        seen.setdefault(polarity_of(text), set()).add(label)
    return all(len(v) == 1 for v in seen.values())
