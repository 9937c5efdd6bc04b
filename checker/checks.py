"""The check library: pure functions that look at a reply or a prompt and return (passed, reason).

Output checks take the reply text; prompt checks take the learner's fields (prompt, system, ...).
Every check is registered in CHECKS with its kind, its parameters and a one-line description, so
specs can be validated on load and docs/exercises.md can list them.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tutor.analysis.instructions  # noqa: F401  (REASONING below)
from checker import answers
from tutor import analysis
from tutor.analysis.examples import Example, find_examples, names_a_class, outside_examples
from tutor.analysis.text import MAX_ANALYSED, heap_only, same_words

Outcome = tuple[bool, str]


@dataclass(frozen=True)
class CheckDef:
    """A registered check: its function, what it looks at, and its parameters."""

    name: str
    fn: Callable[..., Outcome]
    kind: str  # "output" or "prompt"
    required: tuple[str, ...]
    optional: tuple[str, ...]
    summary: str


CHECKS: dict[str, CheckDef] = {}
OUTPUT_COMMON = ("tag", "case_sensitive", "step")  # every output check accepts these (`step`: chain exercises only)
PROMPT_COMMON = ("field",)  # every prompt check accepts this


def register(kind: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> Callable:
    """Decorator: add a check function to CHECKS under its own name."""

    def wrap(fn: Callable[..., Outcome]) -> Callable[..., Outcome]:
        summary = (fn.__doc__ or "").strip().splitlines()[0]
        CHECKS[fn.__name__] = CheckDef(fn.__name__, fn, kind, required, optional, summary)
        return fn

    return wrap


# ---------------------------------------------------------------- helpers


def quote(text: str, limit: int = 60) -> str:
    """A short, single-line quotation of some text for a reason."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _norm(text: str, case_sensitive: bool) -> str:
    """Text folded for comparison (lower-cased unless case-sensitive)."""
    return text if case_sensitive else text.casefold()


def _has_phrase(text: str, phrase: str, case_sensitive: bool = False) -> bool:
    """True if phrase occurs in text as whole words (not inside a longer word)."""
    flags = 0 if case_sensitive else re.IGNORECASE
    pattern = r"(?<!\w)" + re.escape(phrase.strip()) + r"(?!\w)"
    return re.search(pattern, text, flags) is not None


def _as_list(value: Any) -> list[str]:
    """A string or list of strings as a list."""
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _noun(what: str, n: int) -> str:
    """'words' for most counts, 'word' for exactly one."""
    return what[:-1] if n == 1 and what.endswith("s") else what


def _range_reason(what: str, got: int, lo: int | None, hi: int | None) -> Outcome:
    """Pass if lo <= got <= hi, with a reason naming the bound."""
    if lo is not None and got < lo:
        return False, f"expected at least {lo} {_noun(what, lo)}, got {got}"
    if hi is not None and got > hi:
        return False, f"expected at most {hi} {_noun(what, hi)}, got {got}"
    bounds = " and ".join(b for b in (lo is not None and f"≥ {lo}", hi is not None and f"≤ {hi}") if b)
    return True, f"{got} {_noun(what, got)} ({bounds})" if bounds else f"{got} {_noun(what, got)}"


words = analysis.words  # one definition of a word, a sentence and a bullet, shared with the model
sentences = analysis.sentences


def extract_json(text: str) -> tuple[Any, str | None]:
    """Parse the reply as JSON (a ```json fence around it is allowed); return (value, error)."""
    body = text.strip()
    fence = re.fullmatch(r"```(?:json)?\s*\n(.*?)\n?```", body, re.DOTALL)
    if fence:
        body = fence.group(1).strip()
    try:
        return json.loads(body), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    except RecursionError:
        return None, "not readable JSON (nested too deeply)"
    except ValueError:  # a number of more than sys.get_int_max_str_digits() digits
        return None, "not readable JSON (a number has too many digits)"


def in_tag(text: str, tag: str) -> str | None:
    """The content of the last <tag>...</tag> in text, or None if there is none (linear: each search moves on)."""
    opening, closing = (re.compile(f"<{slash}{re.escape(tag)}>", re.IGNORECASE) for slash in ("", "/"))
    found, pos = None, 0
    while (start := opening.search(text, pos)) and (end := closing.search(text, start.end())):
        found, pos = text[start.end():end.start()], end.end()
    return found.strip() if found is not None else None


# ---------------------------------------------------------------- output checks


@register("output", ("text",), ("whole_word",))
def contains(output: str, text: str, case_sensitive: bool = False, whole_word: bool = True) -> Outcome:
    """The reply contains the text (as whole words unless whole_word = false)."""
    found = _has_phrase(output, text, case_sensitive) if whole_word else _norm(text, case_sensitive) in _norm(output, case_sensitive)
    return (True, f"contains {text!r}") if found else (False, f"expected the reply to contain {text!r}")


@register("output", ("items",), ("whole_word",))
def contains_all(output: str, items: list[str], case_sensitive: bool = False, whole_word: bool = True) -> Outcome:
    """The reply contains every one of the items."""
    missing = [i for i in items if not contains(output, i, case_sensitive, whole_word)[0]]
    if missing:
        return False, f"missing {len(missing)} of {len(items)}: " + ", ".join(map(repr, missing))
    return True, f"contains all {len(items)}: " + ", ".join(map(repr, items))


@register("output", ("items",), ("whole_word",))
def contains_any(output: str, items: list[str], case_sensitive: bool = False, whole_word: bool = True) -> Outcome:
    """The reply contains at least one of the items."""
    hits = [i for i in items if contains(output, i, case_sensitive, whole_word)[0]]
    if hits:
        return True, f"contains {hits[0]!r}"
    return False, "expected one of " + ", ".join(map(repr, items)) + ", found none"


@register("output", ("items",), ("whole_word",))
def not_contains(output: str, items: list[str] | str, case_sensitive: bool = False, whole_word: bool = True) -> Outcome:
    """The reply contains none of the items (must not contain)."""
    hits = [i for i in _as_list(items) if contains(output, i, case_sensitive, whole_word)[0]]
    if hits:
        return False, "must not contain " + ", ".join(map(repr, hits))
    return True, "contains none of " + ", ".join(map(repr, _as_list(items)))


@register("output", ("pattern",), ("full", "multiline"))
def regex(output: str, pattern: str, case_sensitive: bool = False, full: bool = False, multiline: bool = False) -> Outcome:
    """The reply matches the regular expression (the whole reply if full = true)."""
    flags = (0 if case_sensitive else re.IGNORECASE) | (re.MULTILINE if multiline else 0) | re.DOTALL * full
    match = re.fullmatch(pattern, output.strip(), flags) if full else re.search(pattern, output, flags)
    if match:
        return True, f"matches /{pattern}/" + (f": {quote(match.group(0), 40)}" if not full else "")
    return False, f"expected the {'whole reply' if full else 'reply'} to match /{pattern}/"


@register("output", (), ("min", "max"))
def word_count(output: str, min: int | None = None, max: int | None = None, case_sensitive: bool = False) -> Outcome:
    """The number of words is within [min, max]."""
    return _range_reason("words", len(words(output)), min, max)


@register("output", (), ("min", "max"))
def sentence_count(output: str, min: int | None = None, max: int | None = None, case_sensitive: bool = False) -> Outcome:
    """The number of sentences is within [min, max]."""
    return _range_reason("sentences", len(sentences(output)), min, max)


@register("output", (), ("min", "max"))
def bullet_count(output: str, min: int | None = None, max: int | None = None, case_sensitive: bool = False) -> Outcome:
    """The number of bullet or numbered-list lines is within [min, max]."""
    return _range_reason("bullets", len(analysis.bullets(output)), min, max)


@register("output", (), ("min", "max"))
def line_count(output: str, min: int | None = None, max: int | None = None, case_sensitive: bool = False) -> Outcome:
    """The number of non-empty lines is within [min, max]."""
    return _range_reason("lines", sum(1 for line in output.splitlines() if line.strip()), min, max)


@register("output")
def valid_json(output: str, case_sensitive: bool = False) -> Outcome:
    """The whole reply is valid JSON (a ```json fence around it is allowed)."""
    value, error = extract_json(output)
    return (False, f"the reply is {error}") if error else (True, f"valid JSON ({type(value).__name__})")


@register("output", ("schema",))
def json_schema(output: str, schema: dict, case_sensitive: bool = False) -> Outcome:
    """The reply is JSON that satisfies a JSON Schema (required keys, types, ...)."""
    import jsonschema

    value, error = extract_json(output)
    if error:
        return False, f"the reply is {error}"
    problem = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(value))
    if problem is None:
        return True, "JSON matches the schema"
    where = "/".join(str(p) for p in problem.absolute_path) or "top level"
    return False, f"JSON does not match the schema at {where}: {problem.message}"


def _table_rows(output: str) -> list[list[str]]:
    """The cells of each markdown table row (lines that start and end with a pipe)."""
    rows = []
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            rows.append([c.strip() for c in line[1:-1].split("|")])
    return rows


@register("output", ("columns",), ("min_rows",))
def markdown_table(output: str, columns: list[str], min_rows: int = 1, case_sensitive: bool = False) -> Outcome:
    """The reply holds a markdown table with these column headers and at least min_rows data rows."""
    rows = _table_rows(output)
    if len(rows) < 2 or not all(re.fullmatch(r":?-{3,}:?", c) for c in rows[1]):
        return False, "expected a markdown table (a | header | row, then a |---| separator row)"
    header = [_norm(c, case_sensitive) for c in rows[0]]
    missing = [c for c in columns if _norm(c, case_sensitive) not in header]
    if missing:
        return False, "the table has no column " + ", ".join(map(repr, missing)) + f" (columns: {', '.join(rows[0])})"
    data = [r for r in rows[2:] if len(r) == len(rows[0])]
    if len(data) < min_rows:
        return False, f"expected at least {min_rows} table rows, got {len(data)}"
    return True, f"table with columns {', '.join(rows[0])} and {len(data)} rows"


@register("output", ("text",))
def starts_with(output: str, text: str, case_sensitive: bool = False) -> Outcome:
    """The reply (leading spaces ignored) starts with the text."""
    if _norm(output.lstrip(), case_sensitive).startswith(_norm(text, case_sensitive)):
        return True, f"starts with {text!r}"
    return False, f"expected the reply to start with {text!r}, it starts with {quote(output.lstrip()[: len(text) + 10], 30)}"


@register("output", ("text",))
def ends_with(output: str, text: str, case_sensitive: bool = False) -> Outcome:
    """The reply (trailing spaces ignored) ends with the text."""
    if _norm(output.rstrip(), case_sensitive).endswith(_norm(text, case_sensitive)):
        return True, f"ends with {text!r}"
    return False, f"expected the reply to end with {text!r}, it ends with {quote(output.rstrip()[-(len(text) + 10):], 30)}"


def normalise(text: str, case_sensitive: bool = False) -> str:
    """Text with spaces collapsed, surrounding punctuation/quotes/markdown stripped, and case folded."""
    text = " ".join(text.split()).strip(" \t\n.!?,;:\"'`*_")
    return _norm(text, case_sensitive)


@register("output", ("labels",))
def label_in_set(output: str, labels: list[str], case_sensitive: bool = False) -> Outcome:
    """The whole reply, normalised, is exactly one of the labels (nothing else around it)."""
    got = normalise(output, case_sensitive)
    for label in labels:
        if got == normalise(label, case_sensitive):
            return True, f"label {label!r}"
    return False, f"expected exactly one of {', '.join(map(repr, labels))}, got {quote(output, 40)}"


@register("output", ("expected",))
def equals(output: str, expected: str, case_sensitive: bool = False) -> Outcome:
    """The reply equals the expected text after normalisation (spaces, case, outer punctuation)."""
    if normalise(output, case_sensitive) == normalise(expected, case_sensitive):
        return True, f"equals {expected!r}"
    return False, f"expected {expected!r}, got {quote(output, 40)}"


NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?|-?\.\d+")


@register("output", ("value",), ("tolerance",))
def numeric_answer(output: str, value: float, tolerance: float = 0.0, case_sensitive: bool = False) -> Outcome:
    """The last number in the reply equals value (within tolerance)."""
    numbers = NUMBER.findall(output)
    if not numbers:
        return False, f"expected the number {value:g}, the reply has no number"
    got = float(numbers[-1].replace(",", ""))
    if abs(got - float(value)) <= float(tolerance):
        return True, f"answer {got:g}"
    return False, f"expected {value:g}" + (f" ± {tolerance:g}" if tolerance else "") + f", the final number is {got:g}"


QUOTE_MARKS = "\"'“”‘’«»„`"
LIST_MARK = re.compile(r"^\s*(?:[-*•+>]|\d{1,3}[.)]|\[\d{1,3}\])\s*")
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\])\s*")


def _flat(text: str, case_sensitive: bool) -> str:
    """Text with runs of whitespace made single spaces, for word-for-word comparison."""
    return _norm(" ".join(text.split()), case_sensitive)


def _quote_pieces(output: str) -> list[str]:
    """The quoted pieces of a reply: one per line, list marks, quote marks and ellipses taken off."""
    pieces = []
    for line in output.splitlines():
        line = LIST_MARK.sub("", line).strip().strip(QUOTE_MARKS).strip()
        pieces += [p.strip().strip(QUOTE_MARKS).strip() for p in ELLIPSIS.split(line)]
    return [p for p in pieces if words(p)]


@register("output", ("text",), ())
def quoted_from(output: str, text: str, case_sensitive: bool = False) -> Outcome:
    """Every line of the reply is copied word for word from the text (list marks, quote marks and '...' allowed)."""
    source = _flat(text, case_sensitive)
    pieces = _quote_pieces(output)
    if not pieces:
        return False, "expected quotes copied from the text, found none"
    for piece in pieces:
        whole = _flat(piece, case_sensitive) in source
        if not whole and not all(_flat(s, case_sensitive) in source for s in sentences(piece) if words(s)):
            return False, f"not word for word from the text: {quote(piece)}"
    return True, f"{len(pieces)} {_noun('quotes', len(pieces))}, each copied word for word"


@register("output", ("items", "against"), ())
def names_missing(output: str, items: list[str], against: int, case_sensitive: bool = False,
                  outputs: tuple[str | None, ...] = ()) -> Outcome:
    """Each item that step `against`'s output leaves out is named in this reply (a critique finds what a draft missed)."""
    earlier = outputs[against - 1] if 0 < against <= len(outputs) else None
    if earlier is None:
        return False, f"step {against} gave no output to compare with"
    left_out = [i for i in items if not contains(earlier, i, case_sensitive)[0]]
    unnamed = [i for i in left_out if not contains(output, i, case_sensitive)[0]]
    if unnamed:
        return False, f"step {against} left out " + ", ".join(map(repr, unnamed)) + ", and this reply does not name it"
    if not left_out:
        return True, f"step {against} left nothing out, so there was nothing to name"
    return True, "names what step " + str(against) + " left out: " + ", ".join(map(repr, left_out))


# ---------------------------------------------------------------- prompt checks

def _norm_space(text: str) -> str:
    """Text with runs of whitespace collapsed and curly quotes made straight, for comparing pasted data."""
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
    return " ".join(text.translate(table).split()).casefold()


def _analysis(fields: dict[str, str], field: str = "prompt") -> analysis.Analysis:
    """The shared analysis of the learner's fields (the named field read as the user turn)."""
    return analysis.analyse_fields(prompt=fields.get(field, ""), system=fields.get("system", "") if field != "system" else "",
                                   prefill=fields.get("prefill", ""))


@register("prompt", (), ("around",))
def uses_delimiters(fields: dict[str, str], field: str = "prompt", around: str = "") -> Outcome:
    """The data sits inside delimiters the model recognises (XML tags, triple quotes, a code fence, ### or --- lines)."""
    text = fields.get(field, "")
    fenced = [b for b in analysis.find_blocks(text) if b.delimited]
    if around:
        fenced = [b for b in fenced if _norm_space(around) in _norm_space(b.text)]
        if not fenced:
            shown = quote(around, 30)
            return False, f"{shown} is not inside delimiters: fence the data itself off, e.g. <text>...</text>"
    if fenced:
        b = fenced[0]
        return True, f"the data is fenced with {b.kind}" + (f" (<{b.tag}>)" if b.kind == "xml tags" else "")
    return False, f"the {field} does not separate its data with delimiters (e.g. <text>...</text>)"


@register("prompt", (), ())
def sets_role(fields: dict[str, str], field: str = "system") -> Outcome:
    """The field gives the model a role or character the model will play ("You are a pirate", "Act as ...")."""
    persona = analysis.analyse_fields(system=fields.get(field, "")).persona
    if persona:
        return True, f"the {field} sets a role: {quote(persona.description, 40)}"
    return False, f"the {field} does not give the model a specific role (e.g. 'You are a ...'; 'a helpful assistant' says nothing new)"


@register("prompt", (), ())
def names_audience(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The prompt says who the reply is for ("for busy parents", "aimed at ...", "Audience: ...")."""
    a = _analysis(fields, field)
    if a.audience:
        return True, f"the {field} names the audience: {quote(a.audience, 30)}"
    return False, f"the {field} does not say who the text is for (e.g. 'for busy parents', 'Audience: ...')"


@register("prompt", ("items",), ())
def leaves_out(fields: dict[str, str], items: list[str], field: str = "prompt") -> Outcome:
    """The prompt tells the model to leave one of the items out ("do not mention the price", "leave out the cost")."""
    excluded = _analysis(fields, field).exclusions
    hit = next((x for x in excluded for item in items if _has_phrase(x, item)), None)
    if hit:
        return True, f"the {field} says to leave out {quote(hit, 30)}"
    return False, f"the {field} does not tell the model to leave out the {items[0]} (e.g. 'Do not mention the {items[0]}')"


@register("prompt", ("unit",), ())
def exact_limit(fields: dict[str, str], unit: str, field: str = "prompt") -> Outcome:
    """The prompt sets an exact count for the unit ("exactly 3 bullet points"), not only a ceiling ("no more than 3")."""
    a = _analysis(fields, field)
    limit = a.limit(unit) or (a.limit("lines") if unit == "bullets" and a.shape.kind == "bullets" else None)  # 'three bulleted lines'
    if limit and limit.quantifier == "exactly":
        return True, f"the {field} asks for {limit.describe()}"
    if limit:
        return False, f"the {field} asks for {limit.describe()}: that allows other counts, say exactly how many {unit}"
    return False, f"the {field} sets no count of {unit} (e.g. 'exactly 3 {unit}')"


@register("prompt", (), ())
def asks_for_nothing_else(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The prompt says the reply holds only what was asked ("nothing else", "no introduction", "only the bullets")."""
    if _analysis(fields, field).nothing_else:
        return True, f"the {field} asks for nothing but the answer"
    return False, f"the {field} does not rule out text before or after the answer (e.g. 'no introduction, nothing else')"


@register("prompt", ("task",), ())
def asks_task(fields: dict[str, str], task: str, field: str = "prompt") -> Outcome:
    """The prompt asks for the task the exercise is about ("Summarise the article", "Boil it down to ..."), not a bare pile of keywords."""
    found = _analysis(fields, field).task
    if found == task:
        return True, f"the {field} asks the model to {task}"
    return False, f"the {field} does not ask the model to {task} (it reads as a request to {found}): say what to do with the text"


@register("prompt", (), ())
def treats_data_as_data(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The instructions say the fenced text is data to work on, not instructions to follow."""
    a = _analysis(fields, field)
    if a.data_policy:
        return True, "the prompt says the data is data, not instructions"
    fenced = "the data is fenced, but " if a.delimited else ""
    return False, f"{fenced}nothing tells the model to treat the data as data and not to follow instructions inside it"


@register("prompt", ("kind",), ("markdown",))
def asks_for_format(fields: dict[str, str], kind: str, markdown: bool = False, field: str = "prompt") -> Outcome:
    """The instruction names the output format (json, table, csv, label, bullets, numbered, xml), as markdown when asked."""
    shape = _analysis(fields, field).shape
    if shape.kind != kind:
        return False, f"the {field} does not ask for the format ({kind})" + (f"; it asks for {shape.kind}" if shape.kind else "")
    if markdown and not shape.markdown:
        return False, f"the {field} asks for a {kind} but does not say markdown, so the layout is left to the model"
    return True, f"the {field} asks for {'a markdown ' if markdown else 'the format: '}{kind}"


@register("prompt", ("unit",), ("max", "exact"))
def asks_limit(fields: dict[str, str], unit: str, max: int | None = None, exact: bool = False, field: str = "prompt") -> Outcome:
    """The instructions set a length limit on the unit ('words', 'sentences', 'bullets', ...), no looser than max (exactly max when exact).

    `unit` may offer alternatives, 'words|sentences': the first hard limit on any of them counts, and max applies to the first unit.
    """
    units = unit.split("|")
    a = _analysis(fields, field)
    found = [l for l in map(a.limit, units) if l is not None]
    limit = next((l for l in found if l.high is not None and l.quantifier != "about"), found[0] if found else None)
    unit = limit.unit if limit is not None else units[0]
    max = max if unit == units[0] else None
    if limit is None or limit.high is None:
        return False, f"the prompt sets no upper limit on the {unit} of the reply (say it as a number, e.g. 'at most {max or 3} {unit}')"
    if limit.quantifier == "about":
        return False, f"the prompt gives {limit.describe()}, a target the model may run over; make it a hard limit (e.g. 'at most {max or limit.high} {unit}')"
    if max is not None and limit.high > max:
        return False, f"the prompt allows up to {limit.high} {unit}; the task asks for at most {max}"
    if exact and limit.low != limit.high:
        return False, f"the prompt allows {limit.describe()}, so fewer would do; say exactly how many (e.g. 'exactly {max or limit.high} {unit}')"
    return True, f"the prompt sets the limit: {limit.describe()}"


@register("prompt", (), ())
def states_exclusion(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The instructions say what the reply must leave out ('leave out the small talk', 'do not mention X')."""
    found = _analysis(fields, field).exclusions
    if found:
        return True, f"the prompt says what to leave out: {quote(', '.join(found), 40)}"
    return False, "the prompt does not say what the reply must leave out (e.g. 'Leave out the small talk.')"


@register("prompt", ("items",), ())
def instruction_mentions(fields: dict[str, str], items: list[str], field: str = "prompt") -> Outcome:
    """The instructions (outside the data) name each item; an item may offer alternatives as 'address|Canal Street'."""
    said = _analysis(fields, field).instruction
    said += "\n" + said.replace("_", " ")  # 'mention the order_id' names the order (a key written as the words it joins)
    missing = [item.split("|")[0] for item in _as_list(items)
               if not any(_has_phrase(said, alt.strip()) for alt in item.split("|") if alt.strip())]
    if missing:
        return False, "the instructions do not say what the reply must give: " + ", ".join(quote(m, 30) for m in missing)
    return True, "the instructions name what the reply must give"


@register("prompt", ("items",), ("strict",))
def offers_labels(fields: dict[str, str], items: list[str], field: str = "prompt", strict: bool = False) -> Outcome:
    """The instructions offer the items as the answers to choose from, and no other label ('positive or negative', not '... or neutral').

    With strict, the labels must read as a set to choose from (a list such as 'as positive, negative or
    neutral', or examples), not merely appear somewhere among the words.
    """
    a = _analysis(fields, field)
    wanted = [str(i).lower() for i in _as_list(items)]
    extra = [label for label in dict.fromkeys(l.lower() for l in a.shape.labels) if label not in wanted]
    if extra:
        return False, f"the {field} also offers {', '.join(quote(e, 20) for e in extra)}; the task allows only {' or '.join(wanted)}"
    if strict and not a.shape.labels and not count_examples(fields.get(field, "")):
        return False, (f"the {field} does not offer the labels as a choice: list them in a sentence, "
                       f"e.g. 'as {', '.join(wanted[:-1])} or {wanted[-1]}'")
    missing = [item for item in wanted if not _has_phrase(a.instruction, item)]
    if missing:
        return False, "the instructions do not offer the answers: " + ", ".join(quote(m, 20) for m in missing)
    return True, f"the {field} offers only {' or '.join(wanted)}"


@register("prompt", ("text",), ())
def includes_text(fields: dict[str, str], text: str, field: str = "prompt") -> Outcome:
    """The field includes the given text with its words unchanged (line breaks, case and punctuation between words may differ)."""
    got = fields.get(field, "")
    if _norm_space(text) in _norm_space(got) or same_words(text, got):
        return True, f"the {field} includes {quote(text, 40)}"
    return False, f"the {field} must include the given text unchanged, starting {quote(text, 40)} (paste it in whole; do not edit its words)"


@register("prompt", ("expected",), ())
def keeps_field(fields: dict[str, str], expected: str, field: str = "prompt") -> Outcome:
    """The field is left as the exercise gives it (spacing may differ)."""
    if _norm_space(fields.get(field, "")) == _norm_space(expected):
        return True, f"the {field} is unchanged"
    return False, f"the {field} is fixed by the exercise: keep it as {quote(expected, 50)}"


@register("prompt", ("text",), ())
def prefill_starts(fields: dict[str, str], text: str, field: str = "prefill") -> Outcome:
    """The prefill field starts the reply with the given text."""
    got = fields.get(field, "")
    if got.lstrip().startswith(text):
        return True, f"the reply is prefilled with {quote(got, 30)}"
    if not got.strip():
        return False, f"the prefill is empty: write {text!r} there to start the model's reply"
    return False, f"the prefill must start with {text!r}, it is {quote(got, 30)}"


@register("prompt", ("items",), ("sourceless",))
def not_dictated(fields: dict[str, str], items: list[str], field: str = "prompt", sourceless: bool = False) -> Outcome:
    """The answer is not written into the prompt for the model to copy (offered labels and pasted data do not count).

    `sourceless`: the task gives the model no source to paste, only a question, so a block of 'facts' the prompt
    pastes beside it is the work done for the model, and counts as the prompt's own words."""
    a = _analysis(fields, field)
    own = a.instruction + "\n" + fields.get("prefill", "")
    if sourceless:
        own += "".join(f"\n{b.text}\n" for b in a.data)
        clue = ANSWER_CLUE.search(fields.get(field, "")[:MAX_ANALYSED])
        if clue:
            return False, f"the prompt hints at the answer itself ({quote(clue.group(0), 50)}): let the model work it out"
    own += "".join(f"\n{b.text}\n" for b in a.data if ANSWER_TAG.fullmatch(b.tag or ""))  # '<answer>5 minutes</answer>' fills the answer's slot: no data
    if DICTATION.search(a.instruction):  # 'Reply with this exact text: ...': the text is the reply handed over, not data or labels
        handed = [b.text for b in a.data if b.kind == "quotes" or len(b.text.split()) <= 40]  # not a long document pasted beside it
        return _dictated(own + "\n" + "\n".join(handed), items, fields.get(field, ""))
    for label in a.shape.labels:  # an offered label set is not a dictated answer
        own = re.sub(rf"(?<!\w){re.escape(label)}(?!\w)", " ", own, count=1, flags=re.I)
    return _dictated(ALTERNATIVES.sub(" ", own), items, fields.get(field, ""))  # nor is a choice the prompt offers ('positive or negative')


def _dictated(own: str, items: list[str], raw: str = "") -> Outcome:
    """Whether the prompt's own words hold one of the answers (or its figure, pre-filled into an answer slot of the raw prompt)."""
    guessed = {float(g) for g in SLOT_FIGURE.findall((raw or own)[:MAX_ANALYSED])}
    hits = [i for i in items if _has_phrase(own, i) or ((lead := LEAD_FIGURE.match(i)) and float(lead.group(1)) in guessed)]
    if hits:
        return False, f"the prompt gives the model the answer ({', '.join(map(repr, hits))}): let the model work it out"
    return True, "the answer is left to the model"


ANSWER_CLUE = re.compile(r"\b(?:hint|clue|tip|psst|spoiler)s?\s*[:—–-]\s*(?:the|your|this)\s+(?:final\s+|correct\s+|right\s+|winning\s+|mystery\s+)?"
                         r"(?:answer|winner|team|result|solution|amount|price|figure|number)\b"
                         r"(?!\s+(?:is not|isn't|is never|may|might|must|should|will|goes|go|belongs|has to|needs?|comes?|tags?|line|slot|format)\b)[^.\n]{3,}", re.I)  # 'Hint: the winner plays in Texas': a clue to the answer, not to the method
ANSWER_TAG = re.compile(r"(?:final[_-]?)?answer", re.I)
SLOT_FIGURE = re.compile(r"<(?:final[_-]?)?answer>[ \t]*[$£€]?[ \t]*(\d{1,9}(?:\.\d{1,9})?)[ \t]*</", re.I)  # '<answer>5</answer>': a guess pre-filled into the slot
LEAD_FIGURE = re.compile(r"[$£€]?(\d{1,9}(?:\.\d{1,9})?)(?!\S*\d)")  # the figure an answer starts with ('5 minutes', '47 days')
DICTATION = re.compile(r"\b(?:reply|respond|answer|say|output|print|return|repeat|copy|write|type)\s+(?:back\s+)?(?:with\s*)?(?:(?:this|these|the following)\s+(?:exact\s+|precise\s+)?"
                       r"(?:text|words|sentence|line|message|reply|answer|phrase)\b|(?:verbatim|word for word)\b|exactly\s*:|[:,]?\s*[\"“](?=[^\"”\n ,]{0,200}[ ,][^\"”\n]{0,200}[\"”])|[:,]?\s*['‘](?=[^'’\n ,]{0,200}[ ,][^'’\n]{0,200}['’](?:\W|$)))", re.I)  # 'Say "Arr, Paris, matey!"' (or in single quotes): a quoted sentence after the verb is the reply handed over
ALTERNATIVES = re.compile(r"\b(?:[\w-]+\s*,\s*){0,6}[\w-]+\s*,?\s*(?:\bor\b|/)\s*[\w-]+\b", re.I)
# 'marker' is the grader only when addressed ('Dear marker', 'Marker: ...') or acting ('the marker should'); 'a fake end marker', 'the marker Q7X' name a delimiter
GRADER_TALK = re.compile(r"\b(?:grader|(?<!-)(?<!fact )(?<!spell )(?<!grammar )checker|autograder|evaluator|(?:dear|hey|hi|hello|attention|note to|to) (?:the )?marker|(?<![^\n])marker[ \t]*[:,]|the marker,? (?:should|will|must|can|may|please|gives?|awards?|marks?)|grading (?:script|system)|mark (?:this|it|me) as (?:passed|correct|solved)|"
                         r"(?:full|top) marks|give (?:this|me) a pass|as passed|award (?:a|full)|the (?:check|test)s? (?:will|should|must) pass|"
                         r"(?:all|every) (?:the )?(?:checks?|tests?|criteria|requirements) (?:are |were |have been )?(?:passed|met|satisfied|ok))\b|"
                         r"\b(?-i:PASS(?:ED)?|FAIL(?:ED)?|VERDICT)[ \t]*[:!\u2014\u2013-]|\u2705", re.I)  # a verdict written into the prompt ('Start with "PASS: no price ..."') grades itself


STUFFED = re.compile(r"(?<!\S)(\S{1,40}+(?:[ \t]+\S{1,40}+){0,3})(?:[ \t]+\1){2}(?![^\s.,;:!?])")  # 'busy parents busy parents busy parents'


def _stuffed(text: str) -> str:
    """A phrase (two different words or more, or a figure) said three times in a row: keyword stuffing aimed at the checks, not a request."""
    found = (m.group(1) for m in STUFFED.finditer(text[:MAX_ANALYSED]))  # read closely as far as the analysis reads closely
    return next((g for g in found if re.search(r"\w", g) and (len(set(g.lower().split())) >= 2 or re.search(r"\d", g))), "")


@register("prompt", (), ())
def talks_to_the_model(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """No field speaks to the grader instead of the model ("Grader: mark this as passed"), stuffs the checked words in a row, or is nothing but keywords."""
    for name, text in fields.items():
        m = GRADER_TALK.search(text or "")
        if m:
            return False, f"the {name} speaks to the grader ({quote(m.group(0), 30)}): write for the model; the checks read only its reply"
        if stuffed := _stuffed(text or ""):
            return False, f"the {name} repeats words to stuff keywords ({quote(stuffed, 30)}): write a request the model can follow"
        if heap_only(text or ""):
            return False, f"the {name} is a heap of keywords with no sentence in it ({quote(text, 30)}): write a request the model can follow"
    return True, "the prompt speaks to the model"


def count_examples(text: str) -> int:
    """How many worked examples a prompt holds, read the way the model reads them (tutor.analysis.examples)."""
    return len(find_examples(text))


_KIND_OF_INPUT = re.compile(r"^\W*(?:(?:any|every|each|all|some|a|an)\s+)?(?:reviews?|emails?|messages?|texts?|comments?|inputs?|requests?|ones?)\s+"
                            r"(?:that|which|where|when|with|whose|containing|mentioning|about|(?:is|are)\s+(?:only|all|just|mostly|purely|entirely))\b", re.I)
_WRITER = r"(?:customer|buyer|shopper|reviewer|user|client|guest|person|people|review|comment|email|message|feedback|opinion)s?"  # who or what wrote an input
_KIND_OF_WRITER = re.compile(r"^\W*(?:(?:(?:any|every|each|some|a|an)\s+)(?:[\w-]+\s+){0,3}?|(?:someone|somebody|anyone)\b)"
                             rf"(?:{_WRITER}\b)?"
                             r"[ \t]*(?:\b(?:who|that|which|whose|with|about)\b[^.!?\n]{0,80})?\W*$", re.I)  # 'a happy customer', 'someone who loved it'
_WRITER_NOUN = re.compile(rf"\b(?:someone|somebody|anyone|{_WRITER})\b", re.I)


def _not_worked(example: Example) -> str:
    """Why an example shows no worked input ('' when it does): it describes a kind of input, or its input is the output already."""
    given, output = example.input.strip(), example.output.strip()
    if _KIND_OF_INPUT.match(given) or _WRITER_NOUN.search(given) and _KIND_OF_WRITER.match(given) and len(given.split()) <= 14:
        return f"the example input {quote(given, 30)} describes a kind of input instead of showing one: give a real input"
    if names_a_class(given):
        return f"the example input {quote(given, 30)} only names a class instead of showing a real input of it: give a real input"
    if given and " ".join(given.casefold().split()) == " ".join(output.casefold().split()):
        return f"the example input {quote(given, 30)} is its output already: show an input the output is worked out from"
    return ""


@register("prompt", ("k",), ("covers",))
def min_examples(fields: dict[str, str], k: int, covers: list[str] | None = None, field: str = "prompt") -> Outcome:
    """The field shows at least k worked examples the model reads as examples (any layout), whose outputs include every item of covers."""
    found = find_examples(fields.get(field, ""))
    given = [e for e in found.pairs if e.input.strip()]
    worked = [e for e in given if not _not_worked(e)]
    if len(worked) < k and len(given) >= k:
        return False, next(_not_worked(e) for e in given if _not_worked(e))
    if len(worked) < k and len(found) >= k:
        return False, f"the {field} shows outputs without the inputs they answer: give each example its input too (e.g. 'Review: ...' then 'Reply: ...')"
    if len(worked) < k:
        what = "example" if k == 1 else "examples"
        return False, (f"expected at least {k} worked {what} in the {field} (an input followed by the output you want, "
                       f"e.g. 'Review: ...' then 'Tag: ...'), found {len(worked)}")
    shown = {e.output.strip(" *_`\"'") for e in found.pairs}
    missing = [c for c in (covers or []) if c not in shown]
    if missing:
        return False, f"the examples never show the output {', '.join(map(repr, missing))}: give at least one example for each"
    layout = {"labelled": "labelled pairs", "arrows": "arrow lines", "xml": "<example> blocks", "table": "a table"}.get(found.layout, found.layout)
    return True, f"{len(worked)} worked example(s) ({layout})" + (f" covering {', '.join(covers)}" if covers else "")


@register("prompt", ("items",), ())
def shown_not_told(fields: dict[str, str], items: list[str], field: str = "prompt") -> Outcome:
    """The items (labels) appear only in the examples, not in the prompt's own instructions (case as written)."""
    text = fields.get(field, "")
    own = outside_examples(text) + "\n" + fields.get("system", "")
    told = [i for i in items if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", own)]
    if told:
        return False, f"the instructions name {', '.join(map(repr, told))} outside the examples: let the examples alone teach them"
    return True, "the labels are taught by the examples alone"


_SYMBOL_NAMES = {  # a mark an example output uses, and the words that spell it out instead of showing it
    "|": r"pipes?|vertical bars?", "#": r"hash(?:tag)?(?: sign| mark)?|pound sign|number sign|octothorpe",
    "$": r"dollar signs?", ";": r"semicolons?", "/": r"slash(?:es)?", "@": r"at signs?",
}
_DECIMALS = re.compile(r"\b(?:decimals?|decimal places?|(?:two|2) digits after|cents? (?:always|even))\b", re.I)


def _layout_words(outputs: list[str]) -> re.Pattern | None:
    """The words (or the bare mark) that describe the marks the example outputs are laid out with."""
    names = [names for mark, names in _SYMBOL_NAMES.items() if any(mark in o for o in outputs)]
    marks = [re.escape(mark) for mark in _SYMBOL_NAMES if any(mark in o for o in outputs)]
    if not names:
        return None
    bare = rf"(?<![\w#|$;/@])[\"'`‘“]?(?:{'|'.join(marks)})[\"'`’”]?(?![\w#|$;/@])"  # 'a # and the number', "a '|' between"
    return re.compile(rf"\b(?:{'|'.join(names)})\b|(?<=\S)[ \t]+{bare}|(?<=[ \t]){bare}", re.I)


@register("prompt", (), ())
def layout_shown_not_described(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The examples show the output's layout; the prompt's own words do not spell out its marks ('a pipe, then the name...')."""
    text = fields.get(field, "")
    found = find_examples(text)
    pattern = _layout_words(found.outputs)
    own = outside_examples(text, found) + "\n" + fields.get("system", "")
    own = "\n".join(line for line in own.split("\n") if not line.strip().startswith("|"))  # a table's header row lays out, it does not describe
    said = (pattern.search(own) if pattern else None) or (_DECIMALS.search(own) if any(re.search(r"\d\.\d", o) for o in found.outputs) else None)
    if said:
        return False, f"the instructions spell out the layout ({quote(said.group(0).strip(), 30)}): let the examples alone show it"
    return True, "the layout is shown by the examples alone"


_VOICE_MARKS = re.compile(r"\b(?:all[ \t]+)?lower[ -]?case\b|\bexclamation (?:marks?|points?)\b|\bemojis?\b|\bchatty\b|\bbubbly\b|\bbreezy\b|"
                          r"\blaid[ -]back\b|\bcolloquial\b|\bslangy\b", re.I)
_DISOWNED = re.compile(r"\b(?:not|no|never|don'?t|do not|avoid\w*|instead of|rather than|without|nor|same|similar)\b[^.;:!?\n]{0,40}$", re.I)


def _voice_qualities(own: str) -> list[str]:
    """The qualities a prompt's own words give the voice ('casual', 'warm', 'all lowercase', 'exclamation marks'), leaving out disowned ones ('not formal')."""
    found = [m for pattern in (analysis.instructions.TONE, _VOICE_MARKS) for m in pattern.finditer(own[:20000])]
    kept = [m.group(0).lower() for m in found if not _DISOWNED.search(own[max(0, m.start() - 60):m.start()])]
    return list(dict.fromkeys(re.sub(r"^all\s+|\s+(?:tone|voice|style|way|manner|language)$", "", k) for k in kept))


@register("prompt", (), ())
def voice_shown_not_described(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The example shows the voice; the prompt's own words do not describe it with two or more qualities ('casual, warm, all lowercase')."""
    text = fields.get(field, "")
    own = outside_examples(text, find_examples(text)) + "\n" + fields.get("system", "")
    qualities = _voice_qualities(own)
    if len(qualities) >= 2:
        return False, f"the instructions describe the voice ({', '.join(map(repr, qualities[:4]))}): let the example alone show it"
    return True, "the voice is shown by the example, not described"


REASONING = analysis.instructions.REASONING  # the model and the checker recognise the same requests


@register("prompt", (), ())
def asks_for_reasoning(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The field asks the model to reason before answering ("think step by step", <thinking>)."""
    match = REASONING.search(fields.get(field, ""))
    if match:
        return True, f"asks for reasoning: {match.group(0)!r}"
    return False, f"the {field} does not ask the model to think before it answers"


@register("prompt", (), ())
def reasons_first(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The instructions ask the model to reason before it answers (steps, facts first, sub-questions, a check), not after."""
    chain = _analysis(fields, field).chain
    if chain.first:
        return True, f"asks for reasoning before the answer: {quote(chain.cue, 40)}"
    if chain.asked:
        return False, (f"the {field} asks for the reasoning after the answer ({quote(chain.cue, 30)}): by then the model has committed "
                       "to an answer and the reasoning only defends it; ask for the reasoning first")
    return False, (f"the {field} does not ask the model to reason before it answers: ask it to work step by step, "
                   "list the facts it needs, or answer smaller sub-questions first")


@register("output", ("items",), ())
def final_answer(output: str, items: list[str], case_sensitive: bool = False) -> Outcome:
    """The final answer, where code finds it (last answer tags or an 'Answer:' line), holds one of the items."""
    found = answers.final(output)
    if found is None:
        return False, "no final answer a program can pull out: the reply has no answer tags and no 'Answer:' line"
    hits = [i for i in _as_list(items) if _has_phrase(_norm(found.value, case_sensitive), _norm(i, case_sensitive), case_sensitive)]
    if hits:
        return True, f"the final answer in {found.how} is {quote(found.value, 40)}"
    return False, f"the final answer in {found.how} is {quote(found.value, 40)}, expected {' or '.join(map(repr, _as_list(items)))}"


@register("output", (), ("min", "slot"))
def reasons_before_answer(output: str, min: int = 12, slot: str = "", case_sensitive: bool = False) -> Outcome:
    """The reply shows at least `min` words of reasoning before its final answer (in `slot` tags, or wherever code finds it)."""
    found = answers.final(output, slot)
    if found is None:
        where = f"<{slot}>...</{slot}> tags" if slot else "answer tags or an 'Answer:' line"
        return False, f"the reply has no final answer in {where}, so nothing shows the reasoning came first"
    before, after = answers.reasoning_words(output, found)
    if before >= min:
        return True, f"{before} words of reasoning before the answer in {found.how}"
    if after >= min:
        return False, f"the reply gives the answer first and reasons after it ({after} words after {found.how}): the answer was fixed before any thinking"
    return False, f"only {before} words before the answer in {found.how}: the reply shows no reasoning"


def template_variables(template: str) -> list[str]:
    """The {variable} names a template uses, in order of first use."""
    seen: list[str] = []
    for name in re.findall(r"\{([A-Za-z_]\w*)\}", template):
        if name not in seen:
            seen.append(name)
    return seen


@register("prompt", ("variables",), ())
def uses_variables(fields: dict[str, str], variables: list[str], field: str = "template") -> Outcome:
    """The template uses every one of the variables as {name}."""
    used = template_variables(fields.get(field, ""))
    missing = [v for v in variables if v not in used]
    if missing:
        return False, f"the {field} does not use " + ", ".join("{" + v + "}" for v in missing)
    return True, "uses " + ", ".join("{" + v + "}" for v in variables)


@register("prompt", ("variables",), ())
def omits_variables(fields: dict[str, str], variables: list[str], field: str = "template") -> Outcome:
    """The field does not use any of the variables (a later chain step works from the earlier step's output)."""
    used = [v for v in template_variables(fields.get(field, "")) if v in variables]
    if used:
        return False, f"the {field} uses " + ", ".join("{" + v + "}" for v in used) + ": it should work only from what the earlier step handed over"
    return True, f"the {field} does not use " + ", ".join("{" + v + "}" for v in variables)


@register("prompt", (), ("max_words", "max_chars"))
def prompt_length(fields: dict[str, str], max_words: int | None = None, max_chars: int | None = None, field: str = "prompt") -> Outcome:
    """The field stays within max_words words and/or max_chars characters."""
    text = fields.get(field, "")
    n_words, n_chars = len(words(text)), len(text)
    if max_words is not None and n_words > max_words:
        return False, f"the {field} should be at most {max_words} words, it has {n_words}"
    if max_chars is not None and n_chars > max_chars:
        return False, f"the {field} should be at most {max_chars} characters, it has {n_chars}"
    return True, f"the {field} has {n_words} words"


# ---------------------------------------------------------------- library entries (lesson 13)


@register("output", ("key", "expected"))
def json_value(output: str, key: str, expected: str, case_sensitive: bool = False) -> Outcome:
    """The reply is a JSON object whose value at `key` equals `expected` (normalised)."""
    value, error = extract_json(output)
    if error:
        return False, f"the reply is {error}"
    if not isinstance(value, dict) or key not in value:
        return False, f"the JSON has no key {key!r}"
    got = "" if value[key] is None else str(value[key])
    if normalise(got, case_sensitive) == normalise(expected, case_sensitive):
        return True, f"{key} is {got!r}"
    return False, f"expected {key} {expected!r}, got {got!r}"


def _cover_reason(cases: list, cover: dict[str, int]) -> str:
    """Why the cases do not cover enough different answers, or ''."""
    for name, need in cover.items():
        seen = {" ".join(c.values.get(name, "").split()).casefold() for c in cases} - {""}
        if len(seen) < need:
            return (f"the cases cover {len(seen)} different {name} value{'s' if len(seen) != 1 else ''} "
                    f"({', '.join(sorted(seen)) or 'none'}); cover at least {need}, so the set could catch a mistake")
    return ""


@register("prompt", ("slots", "expects", "k"), ("cover", "target", "allowed"))
def test_set(fields: dict[str, str], slots: list[str], expects: list[str], k: int, cover: dict | None = None,
             target: float = 1.0, allowed: dict | None = None, field: str = "tests") -> Outcome:
    """The test set has at least k different honest cases, each an input for every slot and an allowed expected answer for every name in expects.

    `allowed` maps a name to the answers it may expect; a case whose input states its own answers tests nothing.
    `target` is read by the grading, not here: the share of these cases the template must pass."""
    from checker import testset

    cases = testset.parse(fields.get(field, ""), tuple(slots))
    names = [*slots, *expects]
    if not cases:
        return False, (f"no test cases found: write one block per case, e.g. '{slots[0]}: ...' then "
                       + ", ".join(f"'{e}: ...'" for e in expects) + " on their own lines, a blank line between cases")
    incomplete = next((c for c in cases if c.missing(names)), None)
    if incomplete is not None:
        lacking = incomplete.missing(names)
        what = "an expected answer" if set(lacking) <= set(expects) else "an input"
        return False, f"case {incomplete.number} has no {', '.join(repr(n) for n in lacking)} line: each case needs {what} for it"
    usable = testset.usable(cases, names)
    for c in usable:
        for name, values in (allowed or {}).items():
            value = " ".join(c.values.get(name, "").split())
            if value.casefold() not in {str(v).casefold() for v in values}:
                return False, f"case {c.number} expects {name} {value!r}, which is not one of {', '.join(map(str, values))}"
    told = [(c, w) for c in usable if (w := testset.gives_away(c, slots, expects))]
    if told and len(usable) - len(told) < k:
        c, words = told[0]
        return False, (f"case {c.number}'s {slots[0]} states its own answer ({quote(words, 40)}): a test case must make the template "
                       f"work the answer out; write {k} cases whose {slots[0]} only describes the problem")
    usable = [c for c in usable if not any(c is t for t, _ in told)]
    if len(usable) < k:
        return False, f"{len(usable)} different test case{'s' if len(usable) != 1 else ''}; write at least {k}"
    if why := _cover_reason(usable, cover or {}):
        return False, why
    return True, f"{len(usable)} test cases, each with expected {', '.join(expects)}"


@register("prompt", (), ("about",))
def guide_explains(fields: dict[str, str], about: list[str] | None = None, field: str = "guide") -> Outcome:
    """The guide says when to use the template and names at least one concrete limit (what it handles badly)."""
    from checker import guide

    text = fields.get(field, "")
    reading = guide.read(text)
    if not reading.use:
        return False, "the guide does not say when to use the template (e.g. 'Use it to sort incoming tickets into queues.')"
    if not reading.limit:
        return False, "the guide names no known limit: say one thing the template gets wrong or cannot do"
    missing = [item.split("|")[0] for item in _as_list(about or [])  # 'review' also finds 'reviews', 'ticket' finds 'tickets'
               if not any(re.search(rf"(?<!\w){re.escape(alt.strip())}\w{{0,3}}(?!\w)", text, re.I) for alt in item.split("|") if alt.strip())]
    if missing:
        return False, f"the guide does not say what the template works on ({', '.join(map(repr, missing))})"
    return True, f"the guide says when to use it ({quote(reading.use, 40)}) and a limit ({quote(reading.limit, 40)})"


def run(name: str, params: dict[str, Any], output: str, fields: dict[str, str], outputs: tuple[str | None, ...] = ()) -> Outcome:
    """Run one registered check; output checks honour `tag` (look only inside <tag>...</tag>).

    `outputs` are the replies of every step of a chain, in order, for checks that compare steps.
    """
    spec = CHECKS[name]
    if spec.kind == "prompt":
        return spec.fn(fields, **params)
    params = dict(params)
    params.pop("step", None)  # the grader has already picked the step's reply
    if "outputs" in inspect.signature(spec.fn).parameters:
        params["outputs"] = outputs
    tag = params.pop("tag", None)
    if tag:
        inner = in_tag(output, tag)
        if inner is None:
            return False, f"expected the answer inside <{tag}>...</{tag}>, the reply has no such tag"
        output = inner
    return spec.fn(output, **params)


def describe(name: str, params: dict[str, Any]) -> str:
    """A short human label for a check and its parameters, e.g. "word_count(max=50)"."""
    shown = ", ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in params.items() if k != "schema")
    if "schema" in params:
        shown = ", ".join(filter(None, [shown, "schema=…"]))
    return f"{name}({shown})"


from checker import checks_redteam, grounding_checks  # noqa: E402,F401  (lessons 12 and 09: their checks register themselves)
