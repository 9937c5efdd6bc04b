"""Few-shot examples in a prompt: worked input -> output pairs, in any common layout, and the new input they lead to.

The offline model imitates what this module finds, and the checker counts what it finds, so the two
always agree on what an example is. Layouts read:

- labelled lines: `Review: ...` / `Tag: POS` (any two labels that alternate; `Q:`/`A:`, `Input:`/`Output:`),
  also both on one line (`Review: ... Tag: POS`), numbered (`1. Review: ...`, `Example 2: ...`);
- arrows: `"Great kettle" -> POS` (also `=>`, `→`);
- XML blocks: `<example>` (or `<sample>`, `<example1>` ...) holding inner tags, labelled lines or an arrow;
- a markdown table whose first column is the input and whose last column is the output.

Chat turns (an earlier user turn answered by an assistant turn) are read by the model from the
conversation itself (`tutor.offline.fewshot.from_history`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tutor.analysis.blocks import find_blocks
from tutor.analysis.cues import is_instruction, is_instruction_tag
from tutor.analysis.shape import describes_key, names_set, names_type
from tutor.analysis.text import PLACEHOLDER as _PLACEHOLDER
from tutor.analysis.text import clip

_EXAMPLE_PREFIX = re.compile(r"^[ \t]*(?:[-*•][ \t]*(?=(?:example|sample|shot|\d))|[-*•][ \t]+)?"  # '- Email: ...' is a bulleted label line too
                             r"(?:(?:(?:example|sample|shot)[ \t]*#?[ \t]*\d{0,3}|\d{1,2}[.)])[ \t]*[:.)\-–—]?[ \t]*)?(?=\S)", re.I)
_KEY_LINE = re.compile(r"^[ \t]*(?:\*\*)?(?P<key>[A-Za-z][\w '()/#-]{0,30}?)(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*(?P<val>.*)$")
_INNER_KEY = re.compile(r"(?:(?<=\s)|(?<=[|;,.!?)]))[ \t]*(?:[|;]|->|=>|→|—|–)?[ \t]*(?:\*\*)?(?P<key>[A-Z][A-Za-z]{1,20}(?: [A-Za-z]{1,20})?)(?:\*\*)?[ \t]*:[ \t]*(?P<val>\S.*|)$")
_KEY_NOISE = re.compile(r"^(?:new|next|this|your|the|another|final|last|test|incoming|current|actual|real|latest|input|my|our|his|her|their|"
                        r"past|previous|earlier|old|prior|preceding|former|example|sample|[a-z]+'s)\s+|\s*#?\d+$", re.I)
_HEADING_KEY = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|\*\*)(?P<key>[A-Za-z][\w '()/-]{0,30}?)[ \t]*:?(?:\*\*)?[ \t]*:?[ \t]*$")
_CAPS_HEADING = re.compile(r"^[ \t]*(?P<key>[A-Z][A-Z'’()/#-]{1,20}(?: [A-Z][A-Z'’()/#-]{0,20}){0,3})[ \t]*:?[ \t]*$")  # 'NEW REVIEW' alone on its line: a label in capitals, its text below
_TITLED_RULE = re.compile(r"^[ \t]*(?:[-=*#~_+]{2,10}[ \t]*\[?|\[{1,2}|<{2,3})[ \t]*[A-Za-z][\w '()/-]{0,30}?[ \t]*:?[ \t]*(?:\]?[ \t]*[-=*#~_+]{2,10}|\]{1,2}|>{2,3})[ \t]*:?[ \t]*$")  # '--- QUOTES ---', '[[QUESTION]]': a section's title
_MARKER = re.compile(r"^[ \t]*(?:-{3,}|={3,}|\*{3,}|_{3,}|~{3,}|`{3}[\w-]*|\"{3}|'{3})[ \t]*$")
_NOT_KEYS = frozenset({"example", "examples", "sample", "samples", "note", "notes", "task", "instructions", "instruction", "format",
                       "rules", "important", "remember", "context", "e.g", "i.e", "http", "https", "labels", "label set", "allowed labels",
                       "valid labels", "possible labels", "categories", "options", "choices", "choose from", "output format", "answer format",
                       "reply format", "response format", "constraints", "tone", "style", "audience", "length", "role", "persona", "goal",
                       "objective", "background", "schema", "keys", "columns", "fields", "steps", "requirements", "policy"})  # instruction headings
_ARROW = re.compile(r"->|=>|→|⇒|⟶")
_INLINE_KEY = re.compile(r"(?<![\w'’])(?:\*\*)?(?P<key>[A-Z][A-Za-z]{1,20}(?: [A-Za-z]{1,20})?)(?:\*\*)?:(?:\*\*)?(?=\s|$)")
_LONE_TAG = re.compile(r"^[ \t]*</?[A-Za-z][\w-]{0,30}(?:\s[^<>\n]{0,80})?>[ \t]*$")
_CLOSE = {'"': '"', "“": "”"}  # not "'": an apostrophe inside would end the quote
_EXAMPLE_TAG = re.compile(r"<(?P<tag>(?:example|sample|shot|demo)[_-]?\d{0,3})(?:\s[^<>]{0,80})?>", re.I)
_INNER_TAG = re.compile(r"<([A-Za-z][\w-]{0,30})(?:\s[^<>]{0,80})?>")
_EARLIER = (r"(?:past|previous|earlier|old|last|prior|preceding|former) (?:reviews?|emails?|messages?|replies|reply|exchanges?|conversations?|interactions?|responses?|answers?)|"
            r"(?:illustrat|demonstrat|exemplif)(?:es|ed|ing|y|ies)\b[^.\n]{0,30}?\b(?:by|in|with|below|above|here|following)")  # 'the prior exchange', 'is illustrated by the following': an example lies ahead
_IMITATE = (r"(?:mimic|imitat|emulat|copy|copies|copied|mirror|match)\w*\s+(?:[\w'’]+\s+){0,3}?(?:repl(?:y|ies)|answers?|responses?|voice|style|tone|wording|one|ones|way)\b|"
            r"(?:see|shows?|showing) how (?:I|we|he|she|they|the owner|[A-Z][a-z]+) (?:writes?|repl(?:y|ies)|answers?|respond?s?|words? things|sounds?)|"
            r"sounds? (?:just |exactly )?like (?:me|us|him|her|them|it came from|the owner)|same (?:person|writer|author|owner)|"
            r"here(?:'s|’s| is) (?:one|an? (?:reply|answer|response|review|email|message)) (?:of )?(?:[\w'’]+ ){0,3}?(?:repl(?:y|ies|ied)|answers?|answered|responses?|responded|did|wrote|handled|sent)|"
            r"(?:sounds?|reads?|comes? across) (?:just |exactly )?(?:like|as if|as though) (?:I|we|he|she|they|the owner|[A-Z][a-z]+) (?:wrote|had written|did|said)|"
            r"(?:just |exactly )?like (?:that|the last|the earlier|the previous|my|our) (?:one|reply|answer|response)(?! below)|"
            r"(?:the|that|this|[A-Za-z]+(?:'s|’s)) (?:one|reply|answer|line|pattern|sample|response) (?:above|before)|"
            r"(?:that|this|[A-Za-z]+(?:'s|’s)) (?:one|reply|answer|response) below")  # someone's output shown to copy ('the review below' or 'above' is only the data)
_CUE = re.compile(r"\b(?:(?<!for )(?<![./@])examples?(?![./@]\w)|samples?|like this|as shown|shown below|the way [^.\n]{0,40}?(?:does|do|did|writes?|wrote|repl(?:y|ies|ied))|"
                  r"(?:modell?ed|based|patterned) on|(?:the|that|this) review (?:above|before)|" + _IMITATE + "|"
                  r"(?:has|have|had) already (?:answered|replied|tagged|labell?ed|logged|written|handled)|"
                  r"here(?:'s| is| are) how|" + _EARLIER + r"|"
                  r"(?:same|this|that|their|his|her|its|the owner's) (?:voice|style|tone|way|format|layout|pattern))\b|<example", re.I)
_QUOTES = "\"'“”‘’`"
MAX_EXAMPLES = 50  # a prompt shows a handful; more pairs than this are read as they come, the rest is data


@dataclass(frozen=True)
class Example:
    """One worked example: the input shown and the output it got (input may be empty for an output-only sample)."""

    input: str
    output: str
    start: int
    end: int


@dataclass(frozen=True)
class Examples:
    """What a prompt shows as examples, in which layout, and the new input after them (None when there is none)."""

    pairs: tuple[Example, ...] = ()
    layout: str = ""  # "labelled", "arrows", "xml", "table" or "" (none)
    query: str | None = None
    in_key: str = ""  # the label of the inputs ('review'), when the layout has one
    out_key: str = ""  # the label of the outputs ('tag')
    asked: bool = False  # the new input is followed by an empty output slot in the examples' layout ('Tag:', '->', '?')

    def __len__(self) -> int:
        """How many examples were found."""
        return len(self.pairs)

    @property
    def outputs(self) -> list[str]:
        """The examples' outputs, in order."""
        return [e.output for e in self.pairs]


def _strip_quotes(text: str) -> str:
    """Text without one pair of surrounding quotes or backticks, spaces trimmed."""
    text = text.strip()
    for _ in range(3):  # '"""text"""' loses all three
        if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
            text = text[1:-1].strip()
    return text


def _norm_key(key: str) -> str:
    """'New review' -> 'review', 'Review 2' -> 'review', 'Q' -> 'q'."""
    key = " ".join(key.lower().split())
    for _ in range(2):
        key = _KEY_NOISE.sub("", key)
    return key.strip()


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for every line of the text."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _cut_quoted(value: str) -> str:
    """A value that opens with a quote ends at its closing quote: '"ah thanks!" Just give me the reply.' -> '"ah thanks!"'."""
    value = value.strip()
    opener = '"""' if value.startswith('"""') else value[:1]
    if len(value) < 2 or opener[:1] not in _CLOSE:
        return value
    close = value.find(_CLOSE[opener[0]] * len(opener), len(opener))
    end = close + len(opener)
    return value[:end] if close > 0 and end < len(value) and value[end:].strip(" \t|;,") else value


def _segments(body: str, starts_with_key: bool) -> list[tuple[str, str, int, int]]:
    """(key, value, start, end) for each label inside one line ('Review: ... Tag: POS | Review: ... Tag:'); prose before the first label is dropped.

    Used when a line holds three labels or more, or two when it does not open with one ('Can you ...? Review: "..." Reply: "..."').
    """
    found = [(*_key_of(body, m), m.end()) for m in _INLINE_KEY.finditer(body)]
    found = [(a, b, k) for a, k, b in found]
    found = [(a, b, k) for a, b, k in found if k and k not in _NOT_KEYS]
    if len(found) < 3 and (starts_with_key or len(found) < 2):
        return []
    out = []
    for (a, b, key), nxt in zip(found, found[1:] + [None]):
        value = body[b: nxt[0] if nxt else len(body)]
        out.append((key, _cut_quoted(value.strip().rstrip(" \t|;/").strip()), a, nxt[0] if nxt else len(body)))
    return out


def _key_of(body: str, m: re.Match) -> tuple[int, str]:
    """(where the label starts, the label) of an inline 'Key:' match: 'Ben Cole Log:' mid-sentence is 'Log' after a name, not 'Cole Log'."""
    key = m.group("key")
    if " " in key and re.search(r"[\w,]\s$", body[max(0, m.start("key") - 2): m.start("key")]):
        first, second = key.split(" ", 1)
        return m.start("key") + len(first) + 1, (_norm_key(second) if second[:1].isupper() else "")
    return m.start(), _norm_key(key)


_TAGGED_LINE = re.compile(r"^<(?P<tag>[A-Za-z][\w-]{0,30})>(?P<body>[^<>\n]{1,2000})</(?P=tag)>[ \t]*$")
_QUOTED_LINE = re.compile(r"^[\"“](?P<body>[^\"“”\n]{2,2000})[\"”][ \t]*(?:(?:[-|–—]|->|=>|→)[ \t]*)?(?P<rest>[A-Z][A-Za-z]{1,20}(?: [A-Za-z]{1,20})?:.*)?$")


def _keyless(body: str, start: int, end: int) -> list[list]:
    """Entries of an input written without a label: '<review>...</review>' alone on its line, or a quoted line ('"..."', '"..." Tag: POS')."""
    m = _TAGGED_LINE.match(body.strip())
    if m and not m.group("tag").lower().startswith(("example", "sample")) and not is_instruction_tag(m.group("tag")):
        return [["<" + m.group("tag").lower() + ">", m.group("body").strip(), start, end]]
    m = _QUOTED_LINE.match(body.strip())
    if not m:
        return []
    out = [["<quoted>", m.group("body").strip(), start, end]]
    if m.group("rest"):
        key, _, value = m.group("rest").partition(":")
        if _norm_key(key) and _norm_key(key) not in _NOT_KEYS:
            out.append([_norm_key(key), value.strip(), start, end])
    return out


def _opens_fence(line: str) -> bool:
    """True for a line that opens a block of data: a fence (triple quotes, a code fence, '---') or an opening tag ('<email>'), not a closing one."""
    bare = line.strip()
    return bool(_MARKER.match(line)) or bare.startswith("<") and not bare.startswith("</")


def _fence_closes(fence: str, line: str) -> bool:
    """True for the line that closes a block opened by `fence`: the same marker, a bare ``` for '```text', '</tag>' for '<tag>'."""
    bare = line.strip()
    if fence.startswith("```"):
        return bare == "```"
    if fence.startswith("<"):
        name = re.match(r"<([A-Za-z][\w-]*)", fence)
        return bool(name) and bare.lower() == f"</{name.group(1).lower()}>"
    return False


def _holds_one_value(fence: str, text: str, pos: int) -> bool:
    """True when a block opened by `fence` is closed within 400 lines after `pos` and holds no label used twice (then it holds entries of its own)."""
    inside: list[str] = []
    for _ in range(400):
        if pos >= len(text):
            break
        stop = text.find("\n", pos + 1)
        stop = len(text) if stop < 0 else stop
        line, pos = text[pos + 1:stop], stop
        if line.strip() == fence or _fence_closes(fence, line):
            keys = Counter(_norm_key(m.group("key")) for m in map(_KEY_LINE.match, inside) if m)
            return not keys or max(keys.values()) < 2
        inside.append(line)
    return False  # an unclosed fence holds no label's value


def _bare_labels(text: str) -> Counter:
    """How often each label stands alone on its line ('Refund email:' with nothing after the colon), by its normalised key."""
    return Counter(_norm_key(m.group("key")) for m in map(_KEY_LINE.match, text.split("\n")) if m and not m.group("val").strip())


def _key_entries(text: str, keyless: bool = False) -> list[tuple[str, str, int, int]]:
    """(key, value, start, end) for every 'Key: value' line; a value runs on over following unlabelled lines up to a blank line.

    With `keyless`, an input line without a label ('<review>...</review>', '"..." Tag: POS') is an entry too, keyed '<review>' or '<quoted>'.
    """
    entries: list[list] = []
    open_entry, fence = False, ""  # fence: the marker that opened a block holding the value of the label line above it
    labels = _bare_labels(text)
    for start, end, line in _lines(text):
        if fence:
            if line.strip() == fence or _fence_closes(fence, line):
                fence, open_entry = "", False
            elif line.strip():
                entries[-1][1] = (entries[-1][1] + "\n" + line.strip()).strip()
            entries[-1][3] = end
            continue
        if _MARKER.match(line) or _LONE_TAG.match(line):
            if open_entry and entries and not entries[-1][1].strip() and labels[entries[-1][0]] > 1 and _opens_fence(line) \
                    and _holds_one_value(line.strip(), text, end) and not _CUE.search(text[entries[-1][2]:entries[-1][3]]):  # 'Worked examples:' then a fence: the block holds examples, not one value
                fence = line.strip()  # 'Refund email:' twice, each time then an email between two '"""' lines: each block is its label's value (a label used once, 'Mo responded:', is prose)
                continue
            open_entry = False  # '---', a fence line or a lone '</example>' closes the value above it
            continue
        body = _EXAMPLE_PREFIX.sub("", line, count=1)
        bare = _keyless(body, start, end) if keyless and body.lstrip()[:1] in "<\"“" else []
        if bare:
            entries.extend(bare)
            open_entry = len(bare) > 1
            continue
        m = (_KEY_LINE.match(body) or _HEADING_KEY.match(body) or _CAPS_HEADING.match(body)) if body.strip() else None
        key = _norm_key(m.group("key")) if m else ""
        segments = _segments(body, bool(m)) if ":" in body else []
        if segments:
            shift = start + len(line) - len(body)  # the bullet or 'Example 1:' cut off the front
            entries.extend([k, v, shift + a, shift + b] for k, v, a, b in segments)
            open_entry = False
            continue
        if m and key not in _NOT_KEYS and not (m.groupdict().get("val") or "").startswith("//"):
            value = m.groupdict().get("val") or ""
            inner = _INNER_KEY.search(value)
            at, inner_key = _key_of(value, inner) if inner else (0, "")
            if inner and inner_key and inner_key not in _NOT_KEYS:
                entries.append([key, value[:at].strip(" \t|;-–—→>"), start, end])
                entries.append([inner_key, inner.group("val").strip(), start, end])
            else:
                entries.append([key, value.strip(), start, end])
            open_entry = True
        elif not line.strip():
            open_entry = False
        elif open_entry and entries and not (m and key in _NOT_KEYS):
            entries[-1][1] = (entries[-1][1] + "\n" + line.strip()).strip()
            entries[-1][3] = end
        else:
            open_entry = False
    return [(k, v, s, e) for k, v, s, e in entries]


_VERDICT_KEY = re.compile(r"(?:right|wrong|correct|incorrect|good|bad|ok|okay|not ok|valid|invalid|acceptable|unacceptable|allowed|not allowed|do|don't|dont|yes|no)"
                          r"(?: (?:reply|replies|answer|answers|output|outputs|response|responses|format|example|examples))?", re.I)  # 'Wrong reply:' grades a sample


_SLOT_ASK = re.compile(r"^\W*(?:(?:your|my|model'?s?) turn\b|(?:(?:now|please|just)\s+)?(?:write|draft|give|compose|fill|complete|continue|reply|answer|respond|tag|label|put|do)\b)", re.I)


def _asks_in_slot(value: str) -> bool:
    """True when an output slot holds the request itself ('write this one in the same voice as the example'), not a worked output."""
    return bool(_SLOT_ASK.match(value)) and bool(_STRONG_CUE.search(value))


def _labelled(text: str) -> Examples:
    """Examples written as alternating labelled lines ('Review: ...' then 'Tag: ...'); one pair counts when the prompt calls it an example."""
    entries = _key_entries(text, keyless=True)
    counts = Counter(k for k, _, _, _ in entries)
    entries = [e for e in entries if not e[0].startswith("<") or counts[e[0]] >= 2]  # one '<review>' line is data, two or more an example layout
    entries = [e for e in entries if not names_set(e[0])]  # 'Possible categories: a, b, c' states the set; it is no example's input
    cue = bool(_CUE.search(text))
    follows: Counter = Counter()
    for (a, _, _, _), (b, _, _, _) in zip(entries, entries[1:]):
        if _VERDICT_KEY.fullmatch(a):
            continue  # 'Wrong: High urgency.' grades a sample reply; it is no example's input
        if a != b and (counts[a] >= 2 or cue and len(a.split()) <= 2 and len(b.split()) <= 2):  # 'A customer wrote:' once is a sentence, not a label
            follows[(a, b)] += 1
    if not follows:
        return Examples()
    (in_key, out_key), _ = follows.most_common(1)[0]
    pairs, pending, query, asked = [], None, None, False  # asked: an empty 'Tag:' line asks for the new input's output
    for key, value, start, end in entries:
        if key == in_key:
            if pending is not None and pending[0]:
                query = pending[0]
            pending = (value, start)
        elif key == out_key and pending is not None:
            if value.strip() and not _PLACEHOLDER.match(value.strip()) and not _asks_in_slot(value):
                pairs.append(Example(_strip_quotes(pending[0]), _strip_quotes(value), pending[1], end))
            elif pending[0]:
                query, asked = pending[0], True
            pending = None
    if pending is not None and pending[0]:
        query = pending[0]
    pairs = _first_lines(pairs)
    if not pairs or not asked and not cue and sum(len(e.output.split()) for e in pairs) / len(pairs) > 8:
        return Examples()  # long lines taking turns, never called examples, no empty slot for a new output: a transcript or a dialogue
    if len(pairs) == 1 and not cue and _in_record(text, entries, pairs[0], (in_key, out_key)):
        return Examples()  # '- entry: free' then '- bring: a cup' among other notes: two fields of a record, not a worked example
    return Examples(tuple(pairs), "labelled", _strip_quotes(query) if query else None, in_key, out_key, asked)


def _in_record(text: str, entries: list, pair: Example, keys: tuple[str, str]) -> bool:
    """True when a lone pair's lines sit among other 'key: value' lines right above or below it (a record's fields)."""
    spans = [(k, a, b) for k, _, a, b in entries]
    i = next((n for n, (k, a, _) in enumerate(spans) if k == keys[0] and a == pair.start), None)
    j = next((n for n, (k, _, b) in enumerate(spans) if k == keys[1] and b == pair.end), None)
    if i is None or j is None:
        return False

    def touching(left: int, right: int) -> bool:
        """Entries `left` and `right` stand on neighbouring lines (or side by side), with no blank line between."""
        gap = text[spans[left][2]:spans[right][1]]
        return "\n\n" not in gap and not gap.strip(" \t\n-*•|;")

    before = i > 0 and spans[i - 1][0] not in keys and touching(i - 1, i)
    after = j + 1 < len(spans) and spans[j + 1][0] not in keys and touching(j, j + 1)
    return before or after


def _first_lines(pairs: list[Example]) -> list[Example]:
    """Outputs cut to their first line when every first line is a short label (a line after 'Tag: POS' is the writer's, not the label's)."""
    if all(len(e.output.split("\n")[0].split()) <= 4 for e in pairs):
        return [Example(e.input, e.output.split("\n")[0].strip(), e.start, e.end) for e in pairs]
    return pairs


def _arrows(text: str) -> Examples:
    """Examples written as 'input -> output' lines; a last 'input ->' with nothing after the arrow is the new input."""
    pairs, query, above, keyed = [], None, None, 0  # above: the line before, when it is not blank
    for start, end, line in _lines(text):
        m = _ARROW.search(line)
        if not m:
            above = (start, line) if line.strip() and not _MARKER.match(line) else None
            continue
        raw_left = _EXAMPLE_PREFIX.sub("", line[: m.start()], count=1).strip(" \t-*•")
        left, right = _strip_quotes(raw_left), _strip_quotes(line[m.end():])
        keyed += describes_key(raw_left, right)  # 'key "name" → the customer's name' says what a key holds
        if not left and above and not line[: m.start()].strip():
            start, left = above[0], _strip_quotes(_EXAMPLE_PREFIX.sub("", above[1], count=1))  # '"""Great kettle."""' or '1. Great kettle.' then '-> POS' on the next line
        above = None
        if not left:
            continue
        if right and not _PLACEHOLDER.match(right):
            pairs.append(Example(left, right, start, end))
        else:
            query = left
    if not pairs or 2 * (keyed + sum(names_type(e.output) for e in pairs)) >= len(pairs) or query is None and sum(len(e.output.split()) for e in pairs) / len(pairs) > 20:
        return Examples()  # 'name -> string' lines are a schema, not examples; long outputs are prose unless a last 'input ->' is left open to complete
    return Examples(tuple(pairs), "arrows", query, asked=query is not None)  # a last 'input ->' left open is a slot to fill


_CHOICE_SPLIT = re.compile(r"[ \t]*(?:\||/|,|\bor\b)[ \t]*", re.I)


_NAMED_KEY = re.compile(r"[ \t]*(?:(?:the[ \t]+)?(?:json[ \t]+)?(?:key|field|column|property|attribute)[ \t]+)?[\"'`]?[A-Za-z][\w-]{0,30}[\"'`]?[ \t]*(?::|=(?!>))[ \t]*", re.I)
_GLOSS = re.compile(r"[ \t]*\([^()\n]{0,120}\)")


def offers_choices(key: str, output: str) -> bool:
    """True for 'category -> billing | technical | account', 'mood => happy or sad' and 'urgency -> key "priority": high (blocked) | low':
    a key's allowed values (the key it fills named first, each value glossed or not), not a worked output."""
    output = _GLOSS.sub("", _NAMED_KEY.sub("", output, count=1) if _NAMED_KEY.match(output) else output)
    items = [i for i in _CHOICE_SPLIT.split(output.strip(" \t.;")) if i.strip()]
    named = re.fullmatch(r"[\"'`*]?[A-Za-z][\w-]{0,30}[\"'`*]?", key.strip().lstrip("-*• \t"))
    alternatives = len(items) >= 3 or len(items) == 2 and re.search(r"\bor\b|\|", output, re.I)
    return bool(named) and bool(alternatives) and all(len(i.split()) <= 2 for i in items)


def is_schema_pair(key: str, output: str) -> bool:
    """True when a 'key -> output' pair describes a schema (a value type or a key's allowed values), not a worked example."""
    return names_type(output) or offers_choices(key, output)


_QUOTED_PAIR = re.compile(r"^[ \t]*(?:[-*•][ \t]+|\d{1,2}[.)][ \t]+)?[\"“](?P<a>[^\"“”\n]{2,2000})[\"”][ \t]*(?:[:=|—–]|-{1,2}|\t)(?![>=-])[ \t]*(?P<b>[^\n]{0,200})$")


def _quoted(text: str) -> Examples:
    """Examples as quoted inputs, a mark, then the output: '"Great kettle": POS', '"..." = NEG', '"..." — MIX'; a last one left empty is the new input."""
    pairs, query = [], None
    for start, end, line in _lines(text):
        m = _QUOTED_PAIR.match(line) if '"' in line or "“" in line else None
        if not m or m.group("b").rstrip().endswith((",", "{", "[")):
            continue  # '"name": "Dana",' is a JSON member, not a quoted example
        right = _strip_quotes(m.group("b"))
        if right and not _PLACEHOLDER.match(right):
            if len(m.group("a").split()) < 3:
                continue  # a quoted key ('"amount": 35'), not a quoted input
            pairs.append(Example(m.group("a").strip(), right, start, end))
        else:
            query = m.group("a").strip()
    if len(pairs) < 2 or sum(len(e.output.split()) for e in pairs) / len(pairs) > 12 or query is None and not _CUE.search(text):
        return Examples()  # one quoted line with a colon is a quotation; quoted terms and their meanings, never called examples, are a glossary
    return Examples(tuple(pairs), "quoted", query, asked=query is not None)


def _table(text: str) -> Examples:
    """Examples as rows of a markdown table: the first column is the input, the last the output."""
    rows = [(s, e, [c.strip() for c in line.strip()[1:-1].split("|")]) for s, e, line in _lines(text)
            if line.strip().startswith("|") and line.strip().endswith("|") and line.count("|") >= 3]
    if len(rows) < 3 or not all(re.fullmatch(r":?-{3,}:?", c) for c in rows[1][2]):
        return Examples()
    header = rows[0][2]
    pairs, query = [], None
    for start, end, cells in rows[2:]:
        if len(cells) < 2 or not cells[0]:
            continue
        output = " | ".join(c for c in cells[len(header) - 1:]) if len(cells) > len(header) else cells[-1]  # '| email | #1 | Dana | $5 |' under 2 headers
        if output.strip(" |") and not _PLACEHOLDER.match(output.strip(" |")):
            pairs.append(Example(_strip_quotes(cells[0]), _strip_quotes(output.strip(" |")), start, end))
        else:
            query = _strip_quotes(cells[0])
    return Examples(tuple(pairs), "table", query, header[0].lower(), header[-1].lower()) if pairs else Examples()


def _split_body(body: str) -> tuple[str, str]:
    """(input, output) inside one <example> block: its inner tags, its labelled lines, or an arrow; else it is all output."""
    tags, pos, unclosed = [], 0, set()
    body = clip(body, 20000)
    while (m := _INNER_TAG.search(body, pos)) is not None:
        close = None if m.group(1).lower() in unclosed else re.search(rf"</{re.escape(m.group(1))}\s*>", body[m.end():], re.I)
        if not close:
            unclosed.add(m.group(1).lower())
            pos = m.end()
            continue
        tags.append(body[m.end(): m.end() + close.start()].strip())
        pos = m.end() + close.end()
    if len(tags) >= 2:
        return _strip_quotes(tags[0]), _strip_quotes(tags[-1])
    entries = _key_entries(body)
    if len(entries) >= 2:
        return _strip_quotes(entries[0][1]), _strip_quotes(entries[-1][1])
    arrow = _ARROW.search(body)
    if arrow and body[: arrow.start()].strip() and body[arrow.end():].strip():
        return _strip_quotes(body[: arrow.start()]), _strip_quotes(body[arrow.end():])
    return "", _strip_quotes(tags[0] if tags else body)


def _xml(text: str) -> Examples:
    """Examples each in an <example> block (or <sample>, <example1>, ...)."""
    pairs, pos, unclosed = [], 0, set()
    while (m := _EXAMPLE_TAG.search(text, pos)) is not None:
        name = m.group("tag").lower()
        close = None if name in unclosed else re.compile(rf"</{re.escape(name)}\s*>", re.I).search(text, m.end())
        if not close:
            unclosed.add(name)  # no closing tag anywhere after: later openings of this name are not closed either
            pos = m.end()
            continue
        body = text[m.end(): close.start()]
        if body.strip():
            given, output = _split_body(body)
            if output:
                pairs.append(Example(given, output, m.start(), close.end()))
        pos = close.end()
    return Examples(tuple(pairs), "xml") if pairs else Examples()


def _bare(text: str) -> Examples:
    """Examples as two-line paragraphs, the input then its output ('"The zip broke." / NEG', or an output line starting with an arrow)."""
    pairs, query, pos = [], None, 0
    paras = []
    for para in re.split(r"\n[ \t]*\n", text):
        start = text.find(para, pos)
        pos = start + len(para)
        lines = [l.strip() for l in para.strip().split("\n") if l.strip() and not _MARKER.match(l)]
        paras.append((start, pos, lines))
    for start, end, lines in paras:
        if len(lines) == 2 and len(lines[1].split()) <= 20 and not lines[0].rstrip().endswith(":") and not _KEY_LINE.match(lines[1]) \
                and not _HEADING_KEY.match(lines[0]) and not _CAPS_HEADING.match(lines[0]) and not _TITLED_RULE.match(lines[0]):
            output = _strip_quotes(re.sub(r"^(?:->|=>|→|⇒)\s*", "", lines[1]))
            if not output or _PLACEHOLDER.match(output):
                query = _strip_quotes(lines[0])  # '"{review}"' then a bare '->': the new input
                continue
            pairs.append(Example(_strip_quotes(lines[0]), output, start, end))
        elif len(lines) == 2 and pairs and query is None and lines[0].rstrip().endswith(":") and not is_instruction(lines[1]):
            query = _strip_quotes(lines[1])  # 'Now this request:' then the new input on the line below it
        elif len(lines) == 1 and pairs and query is None and len(lines[0]) > 3 and not lines[0].rstrip().endswith(":") \
                and not is_instruction(lines[0]):  # 'Reply with its log line alone.' after the examples is a request, not the input
            query = _strip_quotes(re.sub(r"^[A-Za-z][A-Za-z' ]{0,30}:\s+(?=\S)", "", lines[0]))  # 'Review to tag: "..."' -> the review
    if len(pairs) < 2 or not (_CUE.search(text) or re.search(r"\b(?:these|the ones below|pattern|same way|like (?:those|them))\b", text, re.I)):
        return Examples()  # two-line paragraphs that are never called examples are just text
    if sum(len(e.output.split()) for e in pairs) / len(pairs) > 12:
        return Examples()
    return Examples(tuple(pairs), "bare", query)


def _top_tags(text: str) -> list[tuple[str, str, int, int]]:
    """(name, body, start, end) of each top-level <tag>...</tag> in order; a last opening tag left open has an empty body."""
    found, pos, unclosed = [], 0, set()
    while (m := _INNER_TAG.search(text, pos)) is not None:
        name = m.group(1).lower()
        close = None if name in unclosed else re.compile(rf"</{re.escape(name)}\s*>", re.I).search(text, m.end())
        if close is None:
            unclosed.add(name)
            if len(unclosed) > 50:
                break  # a page of unclosed tags holds no examples: stop before the scan grows with it
            if not text[m.end():].strip() or not text[m.end():].lstrip().startswith("<") and not _INNER_TAG.search(text, m.end()):
                found.append((name, "", m.start(), m.end()))  # '<reply>' with nothing closed after it: the slot to fill
            pos = m.end()
            continue
        found.append((name, text[m.end():close.start()].strip(), m.start(), close.end()))
        pos = close.end()
    return found


def _tag_pairs(text: str) -> Examples:
    """Examples as alternating tags without an <example> wrapper: <review>...</review><reply>...</reply>, twice or more."""
    found = _top_tags(clip(text, 100000))
    names = [n.lower() for n, _, _, _ in found]
    if len(found) < 3 or any(n.startswith("example") for n in names):
        return Examples()
    in_tag, out_tag = names[0], next((n for n in names if n != names[0]), "")
    if is_instruction_tag(in_tag):
        return Examples()  # <instructions> ... <document> ... <instructions>: a sandwich around the data, not examples
    pairs, pending, query = [], None, None
    for (_name, body, start, end), low in zip(found, names):
        if low == in_tag:
            pending = (body, start)
        elif low == out_tag and pending is not None:
            if body and not _PLACEHOLDER.match(body):
                pairs.append(Example(_strip_quotes(pending[0]), _strip_quotes(body), pending[1], end))
            else:
                query = pending[0]
            pending = None
    if pending is not None and pending[0]:
        query = pending[0]
    if pairs and query is None and not is_instruction_tag(in_tag):  # <past_review>, <owner_reply>, then <review_to_answer>: the same kind of input, renamed
        query = next((body for (_n, body, start, _e), low in zip(found, names) if start > pairs[-1].end and low != out_tag and body
                      and _same_kind(low, in_tag) and not is_instruction_tag(low)), None)
    return Examples(tuple(pairs), "tags", query, in_tag, out_tag) if pairs and query else Examples()


def _same_kind(tag: str, other: str) -> bool:
    """True when two tag names share a word ('review_to_answer' and 'past_review'), ignoring 'new', 'old' and the like."""
    words = {w for w in re.split(r"[_\-]+|(?<=[a-z])(?=[A-Z])", tag.lower()) if len(w) > 2 and not _KEY_NOISE.fullmatch(w + " ")}
    return bool(words & {w for w in re.split(r"[_\-]+", other.lower()) if len(w) > 2})


_PROSE_PAIR = re.compile(r"\b(?:wrote|said|asked|posted|left|reviewed|complained|commented)\b[^\"“\n]{0,40}?[:,]?\s*(?:\"\")?[\"“](?P<a>[^\"”]{2,2000})[\"”]"
                         r"(?:\"\")?[^\"“]{0,80}?\b(?:replied|answered|responded|wrote back|reply was|answer was|response was|the reply|said)\b[^\"“\n]{0,40}?[:,]?\s*"
                         r"(?:\"\")?[\"“](?P<b>[^\"”]{2,2000})[\"”]", re.I)  # the quotes may be triple: 'The owner answered:' then a triple-quoted block


_PROSE_ANSWERED_WITH = re.compile(r"\b(?:answered|replied to|responded to|met)\b[^\"“\n]{0,40}?[\"“](?P<a>[^\"“”\n]{2,2000})[\"”][ \t,]{0,3}"
                                  r"\b(?:with|by saying|saying|by writing)\b[ \t:,]{0,3}[\"“](?P<b>[^\"“”\n]{2,2000})[\"”]", re.I)  # 'answered the review "..." with "..."'


_PROSE_REPLY_TO = re.compile(r"\b(?:repl(?:y|ied)|answer(?:ed)?|respon(?:se|ded))\b[^\"“\n]{0,30}?\bto\b[ \t(]{0,3}[\"“](?P<a>[^\"“”]{2,2000})[\"”]"
                             r"[^\"“\n\w]{0,6}[\"“](?P<b>[^\"“”]{2,2000})[\"”]", re.I)


_PROSE_ANSWER_BELOW = re.compile(r"\b(?:answered|replied to|responded to|wrote back to|was (?:written )?(?:for|to))\b[^\"“\n]{0,40}?[\"“](?P<a>[^\"“”\n]{2,2000})[\"”]"
                                 r"[^\"“\n]{0,60}?:[ \t]*\n\s{0,20}?(?P<b>[^\s\"“][^\n]{1,2000})", re.I)  # 'the reply that answered "...":' then the reply on a line of its own


def _prose(text: str) -> Examples:
    """Examples told in prose: 'A customer wrote "..." and the owner replied "..."', 'this reply (to "..."): "..."', or 'which answered "...":' then the reply below."""
    found = [*_PROSE_PAIR.finditer(text), *_PROSE_REPLY_TO.finditer(text), *_PROSE_ANSWERED_WITH.finditer(text),
             *_PROSE_ANSWER_BELOW.finditer(text)] if '"' in text or "“" in text else []
    pairs = sorted((Example(m.group("a").strip(), m.group("b").strip(), m.start(), m.end()) for m in found), key=lambda e: e.start)
    pairs = [e for n, e in enumerate(pairs) if not n or e.start >= pairs[n - 1].end]  # one pair read by both wordings counts once
    if not pairs:
        return Examples()
    found = Examples(tuple(pairs))
    return Examples(found.pairs, "prose", _quoted_after(text, pairs[-1].end) or _query_before(text, found) or _colon_value_before(text, found))


_BLOCK_INPUT_CUE = re.compile(r"\b(?:answered|replied to|responded to|wrote back to|got|received)\b[^.\n]{0,40}?\b(?:review|email|message|comment|question|complaint|post)s?\b[^.\n]{0,20}$", re.I | re.M)
_BLOCK_OUTPUT_CUE = re.compile(r"^\W{0,3}(?:(?:and|with)\s+)?(?:this|the|a|his|her|their|its|our)\s+(?:reply|response|answer)\b[^.\n]{0,30}$|"
                               r"^\W{0,3}(?:and\s+)?(?:[\w']+\s+){0,3}(?:replied|responded|answered|wrote back)\b[^.\n]{0,30}$", re.I)


def _prose_blocks(text: str) -> Examples:
    """Examples told in prose around drawn blocks: '... answered this review:' [block] 'with this reply:' [block]; the next block is the new input."""
    if not _BLOCK_INPUT_CUE.search(text):
        return Examples()  # no 'answered this review:' anywhere: the blocks are not read at all
    blocks = [b for b in find_blocks(text) if b.delimited and b.text.strip()]
    pairs, last = [], None
    for n, (a, b) in enumerate(zip(blocks, blocks[1:])):
        before = text[blocks[n - 1].end if n else 0:a.start].strip()[-120:]
        between = text[a.end:b.start].strip()
        if (last is None or a.start >= last) and len(between) <= 60 and _BLOCK_OUTPUT_CUE.search(between) and _BLOCK_INPUT_CUE.search(before):
            pairs.append(Example(a.text.strip(), b.text.strip(), a.start, b.end))
            last = b.end
    if not pairs:
        return Examples()
    after = [b.text.strip() for b in blocks if b.start >= pairs[-1].end]
    return Examples(tuple(pairs), "prose", after[0] if after else None)


def _quoted_after(text: str, end: int) -> str | None:
    """The last quoted passage of three words or more after the examples ('... now tag "{review}"'), else None."""
    quoted = [m.group("q").strip() for m in _QUOTED.finditer(clip(text[end:], 40000)) if len(m.group("q").split()) >= 3]
    return quoted[-1] if quoted else None


_INLINE_PAIR = re.compile(r"[\"“](?P<a>[^\"“”\n]{2,2000})[\"”][ \t]*(?:=>|->|=(?![>=])|→|⇒|⟶|\b(?:becomes|gets|turns into|is tagged|is logged as|goes to)\b)[ \t]*"
                          r"(?P<b>[^;\"“”\n()]{1,200}?)(?=[ \t]*(?:[;)]|[.!?](?:\s|$)|,?[ \t]+and[ \t]+[\"“]|,[ \t]*[\"“]|$))", re.M)


_INLINE_SLOT = re.compile(r"[\"“](?P<q>[^\"“”\n]{2,2000})[\"”][ \t]*(?:=|->|=>|→|⇒|⟶)[ \t]*(?:\?+|_+|\.{3}|…)?[ \t]*\Z")


def _inline(text: str) -> Examples:
    """Examples strung along one sentence, each a quoted input, a joining mark or word, then its output: '"..." = POS; "..." becomes #1 | ...'."""
    if '"' not in text and "“" not in text:
        return Examples()
    pairs = [Example(m.group("a").strip(), _strip_quotes(m.group("b")), m.start(), m.end()) for m in _INLINE_PAIR.finditer(text)
             if m.group("b").strip() and not _PLACEHOLDER.match(m.group("b").strip())]
    slot = _INLINE_SLOT.search(text, max(pairs[-1].end, len(text) - 2100)) if pairs else None  # '; "{review}" →' at the end: the pattern left open to complete
    if len(pairs) < 2 or sum(len(e.output.split()) for e in pairs) / len(pairs) > 12 or \
            not slot and not _CUE.search(text) and not re.search(r"\b(?:these|those)\b", text, re.I):
        return Examples()  # one quoted phrase 'becomes' something is a sentence; pairs never called examples are a glossary
    if slot:
        return Examples(tuple(pairs), "inline", slot.group("q").strip(), asked=True)
    return Examples(tuple(pairs), "inline", _quoted_after(text, pairs[-1].end) or _query_before(text, Examples(tuple(pairs))))


_TAIL_TAG = re.compile(r"<([A-Za-z][\w-]{0,30})(?:\s[^<>]{0,80})?>(.{1,20000}?)</\1\s*>", re.S)


_QUOTED = re.compile(r"[\"“](?P<q>[^\"“”\n]{8,2000})[\"”]")


def _query_before(text: str, found: Examples) -> str | None:
    """The new input quoted in the request before the examples ('Can you reply to "..." the way the owner replied here? Review: ...')."""
    head = clip(text[: min(e.start for e in found.pairs)] if found.pairs else "", 40000)
    tagged = [re.split(rf"<{re.escape(m.group(1))}(?:\s[^<>]{{0,80}})?>", m.group(2))[-1].strip() for m in _TAIL_TAG.finditer(head)
              if not m.group(1).lower().startswith("example") and not is_instruction_tag(m.group(1))]  # 'in the <r> tags ... <r>text</r>': the last opening
    if tagged:
        return _strip_quotes(tagged[-1])  # '<r>{review}</r>' first, the examples after it
    quoted = [m.group("q").strip() for m in _QUOTED.finditer(head) if len(m.group("q").split()) >= 3]
    if quoted:
        return quoted[-1]
    under = [m.group("v").strip() for m in _LABEL_ABOVE.finditer(head) if _norm_key(m.group("key") or m.group("head")) not in _NOT_KEYS]
    labelled = [v for v in under if v and not all(is_instruction(u) for u in re.split(r"(?<=[.!?])\s+", v) if u.strip())]
    return _strip_quotes(labelled[-1]) if labelled else None  # 'Refund email:' and the email under it, the examples after it


_LABEL_ABOVE = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+(?P<head>[A-Za-z][\w '()/#-]{0,30}?)[ \t]*:?|(?:\*\*)?(?P<key>[A-Za-z][\w '()/#-]{0,30}?)(?:\*\*)?[ \t]*:(?:\*\*)?)[ \t]*\n"
                          r"(?P<v>(?:[ \t]*\S[^\n]*(?:\n|$))+)")  # 'Refund email:' or '### Request', the data on the lines under it


def _query_after(text: str, found: Examples) -> str | None:
    """The new input after the last example: a tagged block, a labelled line's value, or the last paragraph."""
    tail = text[found.pairs[-1].end:] if found.pairs else ""
    tagged = [m.group(2).strip() for m in _TAIL_TAG.finditer(clip(tail, 40000)) if not m.group(1).lower().startswith("example")]
    if tagged:
        return _strip_quotes(tagged[-1])
    after = found.pairs[-1].end if found.pairs else len(text)
    fenced = [b.text for b in find_blocks(clip(text, 200000)) if b.kind in ("triple quotes", "code fence") and b.start >= after and b.text.strip()]
    if fenced:
        return fenced[-1].strip()  # 'New email:' then the email in triple quotes or a fence of its own
    values = [v for k, v, _, _ in _key_entries(tail) if v.strip()]
    if values:
        return _strip_quotes(values[-1])
    paras = [p.strip() for p in re.split(r"\n[ \t]*\n", tail) if p.strip() and not p.strip().startswith("</")]
    data = [p for p in paras if not all(is_instruction(s) for s in re.split(r"(?<=[.!?])\s+", p) if s.strip())]
    if paras and not data:
        return _query_before(text, found) or _strip_quotes(paras[-1])  # only requests after the examples: the input was quoted before them
    return _strip_quotes(data[-1]) if data else _query_before(text, found)


def _colon_value_before(text: str, found: Examples) -> str | None:
    """The new input handed over after a colon in the request before the examples ('Write one reply to this review: ...'), else None."""
    head = clip(text[: min(e.start for e in found.pairs)] if found.pairs else "", 40000)
    values = [line[line.find(": ") + 2:].strip() for line in head.split("\n") if ": " in line[:2000]]
    values = [v for v in values if len(v.split()) >= 3 and not all(is_instruction(s) for s in re.split(r"(?<=[.!?])\s+", v) if s.strip())]
    return _strip_quotes(values[-1]) if values else None


_STRONG_CUE = re.compile(r"\b(?:(?<!for )(?<![./@])examples?(?![./@]\w)|samples?|here(?:'s| is| are) how|the way [^.\n]{0,40}?(?:does|do|did|writes?|wrote|repl(?:y|ies|ied))|"
                         + _EARLIER + r"|same (?:voice|style|tone)|" + _IMITATE + r")\b", re.I)


def _introduces_examples(line: str) -> bool:
    """True for a line that hands over what follows as examples ('The desk logs such emails like this:', 'For example:')."""
    return line.rstrip().endswith(":") and bool(_CUE.search(line))


def _in_data(text: str, found: Examples) -> bool:
    """True when the examples and their new input all sit in one fenced block of data (a transcript in ``` or tags) not introduced as examples."""
    blocks = find_blocks(text)
    for n, block in enumerate(blocks):
        if block.delimited and not block.tag.startswith(("example", "sample")) and \
                all(block.start <= e.start and e.end <= block.end for e in found.pairs):
            if found.query and found.query.strip() and found.query.strip()[:40] not in text[block.start:block.end]:
                return False  # the new input sits outside the block: the block holds the examples
            if any(later.delimited and later.start >= block.end for later in blocks[n + 1:]):
                return False  # a second fenced block after it holds the new input: the first holds the examples
            lead = [line for line in text[max(0, block.start - 300): block.start].split("\n") if line.strip()]
            inner = [line for line in text[max(block.start, min(e.start for e in found.pairs) - 300): min(e.start for e in found.pairs)].split("\n") if line.strip()]
            return not (lead and _STRONG_CUE.search(lead[-1]) or inner and _introduces_examples(inner[-1]))  # 'Here is how I replied last week:' right above
    return False


_LABEL_ARROW = re.compile(r"(?m)^(?P<lead>[ \t]*(?:[-*•][ \t]+)?)(?P<key>[A-Za-z][\w'’]{0,20}(?: [\w'’]{1,20}){0,2})[ \t]*(?P<arrow>->|=>|→|⇒|⟶)")


def _label_arrows(text: str) -> str:
    """'Review → ...' / 'Reply → ...' written as 'Review: ...' / 'Reply: ...' (same length) when a label repeats: the arrow stands for a colon.

    Arrows between an input and its output ('Great kettle -> POS') have a different left side on every line;
    labels recur across the examples ('Email →' twice, 'Log →' twice), and only a few distinct ones are used.
    """
    found = list(itertools.islice(_LABEL_ARROW.finditer(text), 200))
    keys = Counter(m.group("key").lower() for m in found)
    if not keys or max(keys.values()) < 2 or len(keys) > 4:
        return text
    out, pos = [], 0
    for m in found:
        out += [text[pos:m.start("arrow")].rstrip(" \t"), ":", " " * (m.end("arrow") - m.start("arrow") - 1 + len(text[m.end("key"):m.start("arrow")]))]
        pos = m.end("arrow")
    out.append(text[pos:])
    return "".join(out)


_SINGLE_QUOTED = re.compile(r"(?<![\w'’])'(?P<q>(?=\S)(?:[^'\n]|(?<=\w)'(?=\w)){2,2000}?(?<=\S))'(?!\w)")


def _single_quotes(text: str) -> str:
    """Passages of three words or more in single quotes written in double quotes (same length) when the prompt uses no double quotes.

    A writer who quotes with "'" ('replied to the review 'The sourdough ...' with 'ah thank you!! ...'') quotes as others do with '"';
    an apostrophe inside a word ("we're", "Mo's") neither opens nor closes a quotation.
    """
    if '"' in text or "“" in text or "'" not in text:
        return text
    return _SINGLE_QUOTED.sub(lambda m: '"' + m.group("q") + '"' if len(m.group("q").split()) >= 3 else m.group(0), text)


_CLASS_TERM = re.compile(r"(?:positive|negative|mixed|neutral|ambivalent|favou?rable|unfavou?rable|praise[sd]?|praising|complaints?|complain(?:s|ing)?|"
                         r"critici[sz]\w*|critical|sentiments?|pros|cons|upsides?|downsides?|satisfied|dissatisfied|pos|neg|mix|neu)", re.I)
_CLASS_GLUE = re.compile(r"(?:both|and|or|but|nor|neither|a|an|the|some|mostly|mainly|largely|purely|entirely|only|just|partly|somewhat|slightly|very|"
                         r"overall|with|of|plus|not|no|between|in|equal|equally|parts?|half|mix|feelings?|opinions?|tone|views?|reviews?|feedback|"
                         r"comments?|messages?|texts?|inputs?|good|bad|happy|unhappy|clearly|strongly|fully|kind|sort|type|at|once|same|time|"
                         r"[+/&,-])", re.I)


def names_a_class(given: str) -> bool:
    """True when an example's input only names a class in abstract words ('positive', 'both positive and negative', 'a mostly negative review'), not a real input of that class."""
    words = re.findall(r"[A-Za-z]+|[+/&,-]", given)
    return 0 < len(words) <= 10 and any(_CLASS_TERM.fullmatch(w) for w in words) and all(_CLASS_TERM.fullmatch(w) or _CLASS_GLUE.fullmatch(w) for w in words)


@lru_cache(maxsize=256)  # the checker and the model read the same prompt (Examples is frozen): read it once
def find_examples(text: str) -> Examples:
    """The worked examples a prompt shows, read in the layout that finds the most of them."""
    text = _single_quotes(_label_arrows(clip(text, 200000)))
    best = Examples()
    for reader in (_xml, _labelled, _table, _arrows, _quoted, _tag_pairs, _bare, _prose, _prose_blocks, _inline):
        found = reader(text)
        if len(found) > len(best):
            best = found
    if not best.pairs or 2 * sum(is_schema_pair(e.input, e.output) for e in best.pairs) >= len(best):
        return Examples()  # 'name | string' rows, 'price -> number' or 'priority -> low | medium | high' lines describe a schema: they are not examples
    if best.layout not in ("xml", "prose") and not best.asked and _in_data(text, best):
        return Examples()  # 'Dana: ...' / 'Marco: ...' inside a fenced transcript is data to work on
    explicit = best.query is not None  # the new input written in the examples' own layout ('Review: ...' then an empty 'Tag:')
    if best.query is None:
        best = Examples(best.pairs, best.layout, _query_after(text, best), best.in_key, best.out_key, best.asked)
    if len(best) < 2 and not (best.layout in ("xml", "prose") or explicit or _STRONG_CUE.search(text) and best.query):
        return Examples()  # one 'Header row: ...' / 'Body: ...' pair is a form or a spec, not an example to imitate
    return Examples(best.pairs[:MAX_EXAMPLES], best.layout, best.query, best.in_key, best.out_key, best.asked)


def outside_examples(text: str, found: Examples | None = None) -> str:
    """The prompt with its examples cut out: what it says in its own words."""
    found = find_examples(text) if found is None else found
    pieces, pos = [], 0
    for ex in sorted(found.pairs, key=lambda e: e.start):
        if ex.start >= pos:
            pieces.append(text[pos:ex.start])
            pos = ex.end
    pieces.append(text[pos:])
    return "\n".join(pieces)
