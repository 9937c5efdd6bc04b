"""Lay a voiced draft out in the requested format: prose, bullets, numbered list, JSON, table, CSV, XML tags or a label."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from tutor.offline import limits
from tutor.offline.draft import Draft
from tutor.offline.features import Features


def _json(f: Features, draft: Draft) -> str:
    """JSON: one object for one record, a list for several (wrapped in an object after a '{' prefill)."""
    records = draft.records or [{"answer": draft.label or " ".join(draft.sentences)}]
    value: Any = records[0] if len(records) == 1 else records
    if isinstance(value, list) and f.prefill.lstrip().startswith("{"):
        value = {"items": value}
    if isinstance(value, dict) and f.prefill.lstrip().startswith("["):
        value = [value]
    if isinstance(value, list) and f.separate:  # 'a JSON object for each product': no list was asked for, so none is drawn
        return "\n\n".join(json.dumps(v, indent=2, ensure_ascii=False) for v in value)
    return json.dumps(value, indent=2, ensure_ascii=False)


def _columns(f: Features, records: list[dict]) -> list[str]:
    """Table or CSV columns: the requested ones (then the records' other keys, when more were invited), else the records' keys."""
    found = list(dict.fromkeys(k for r in records for k in r))
    if not f.keys:
        return found
    return f.keys + [k for k in found if k not in f.keys] if f.open_keys else list(f.keys)


def _cell(value: Any) -> str:
    """A value as table-cell text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value).replace("|", "/").replace("\n", " ")


def _rows(f: Features, draft: Draft) -> tuple[list[str], list[list[str]]]:
    """Columns and rows for a table or CSV."""
    records = draft.records or [{"item": s} for s in draft.sentences]
    cols = _columns(f, records)
    return cols, [[_cell(_lookup(r, c)) for c in cols] for r in records]


def _lookup(record: dict, column: str) -> Any:
    """A record's value for a column name, matched loosely ('In stock' finds 'in_stock')."""
    norm = column.lower().replace(" ", "_")
    return next((v for k, v in record.items() if k.lower() == norm), record.get(column))


def _table(f: Features, draft: Draft) -> str:
    """A markdown table."""
    cols, rows = _rows(f, draft)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def _csv(f: Features, draft: Draft) -> str:
    """CSV with a header row."""
    cols, rows = _rows(f, draft)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(cols)
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


def _label(f: Features, draft: Draft) -> str:
    """Just the label (or the first words of the answer); with no label set or examples to copy, in the model's own capitalised word."""
    if draft.label:
        own_word = f.task == "classify" and not f.labels and not f.examples
        return _as_written(draft.label, f.instruction) if own_word else draft.label
    first = draft.sentences[0] if draft.sentences else ""
    return " ".join(first.split()[:3]).rstrip(".,")


def _as_written(label: str, instruction: str) -> str:
    """The label spelled as the prompt writes it ('low / medium / high' -> 'high'); capitalised when the prompt never writes it."""
    seen = re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", instruction, re.I)
    return seen.group(0) if seen else label[:1].upper() + label[1:]


def _steps(draft: Draft) -> str:
    """A worked chain of deductions."""
    return "\n".join(f"{i}. {s}" for i, s in enumerate(draft.steps, 1))


def _xml(f: Features, draft: Draft, body: str) -> str:
    """The answer inside the requested tags (thinking/quotes tags get the steps/quotes)."""
    tags = f.keys or ["answer"]
    parts = []
    if draft.steps:
        parts.append(f"<{_tag(tags, 'thinking')}>\n{_steps(draft)}\n</{_tag(tags, 'thinking')}>")
    if draft.quotes:
        parts.append(f"<{_tag(tags, 'quotes')}>\n" + "\n".join(draft.quotes) + f"\n</{_tag(tags, 'quotes')}>")
    main = next((t for t in tags if t not in ("thinking", "quotes", "scratchpad", "reasoning")), "answer")
    parts.append(f"<{main}>{body}</{main}>")
    return "\n".join(parts)


def _tag(tags: list[str], wanted: str) -> str:
    """The requested tag for a part (e.g. 'scratchpad' for thinking), or the default name."""
    aliases = {"thinking": ("thinking", "scratchpad", "reasoning"), "quotes": ("quotes", "quote")}
    return next((t for t in tags if t in aliases[wanted]), wanted)


def _units(f: Features, draft: Draft, framed: bool) -> list[str]:
    """The prose sentences or list items, with opener/closer when allowed, cut to count limits."""
    units = list(draft.sentences)
    if f.limits.get("bullets"):
        units = units[: f.limits["bullets"]]
    if f.limits.get("sentences"):
        units = units[: f.limits["sentences"]]
        if framed and units and draft.opener and not re.search(r"[.!?]\s", draft.opener):
            first = units[0] if re.match(r"I\b|[A-Z]{2}", units[0]) else units[0][:1].lower() + units[0][1:]  # 'I' and acronyms keep their capitals
            units[0] = f"{draft.opener.rstrip('!.:')}, {first}"
        framed = False
    if framed and draft.opener:
        units.insert(0, draft.opener)
    if framed and draft.closer and not f.limits:
        units.append(draft.closer)
    if f.limits.get("words"):
        units = limits.fit_words(units, f.limits["words"], keep=f.limits.get("bullets") if f.exact("bullets") else 0)
    return units


def _prose(f: Features, draft: Draft) -> str:
    """Sentences as a paragraph; a worked solution or quotes come first when there are any."""
    if draft.steps:
        lead = "Let's think step by step.\n" + _steps(draft) + "\n"
        return lead + " ".join(_units(f, draft, framed=False))
    body = ("\n" if draft.layout == "lines" else " ").join(_units(f, draft, framed=True))
    if draft.quotes:
        quoted = "\n".join(f'"{q}"' for q in draft.quotes)
        return f"Relevant quotes:\n{quoted}\n\nAnswer: {body}"
    return body


def _list(f: Features, draft: Draft, numbered: bool) -> str:
    """Bulleted or numbered lines."""
    items = _units(f, draft, framed=False)
    lines = [f"{i}. {s}" if numbered else f"- {s}" for i, s in enumerate(items, 1)]
    if draft.opener and not f.limits:
        lines.insert(0, draft.opener)
    return "\n".join(lines)


def render(f: Features, draft: Draft) -> str:
    """The draft as text in the requested format, within any character limit."""
    if draft.literal is not None:
        return draft.literal
    fmt = f.format
    if fmt == "label":
        text = f.form.format(_label(f, draft)) if f.form else _label(f, draft)
    elif fmt == "json":
        text = _json(f, draft)
    elif fmt == "table":
        text = _table(f, draft)
    elif fmt == "csv":
        text = _csv(f, draft)
    elif fmt in ("bullets", "numbered"):
        text = _list(f, draft, fmt == "numbered")
    elif fmt == "xml":
        labelled = draft.label and f.labels and not draft.steps  # '<sentiment>' around a choice of labels holds the label
        text = _xml(f, draft, draft.label if labelled else " ".join(_units(f, draft, framed=True)) if not draft.steps else (draft.label or ""))
    else:
        text = _prose(f, draft)
    return limits.fit_chars(text, f.limits["chars"]) if f.limits.get("chars") and fmt not in ("json", "csv", "table") else text
