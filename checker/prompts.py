"""Your personal prompt library: save passing prompts with a name and tags, search them, export Markdown."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from checker import grading, specs
from checker.store import JsonStore
from tutor import api, redact, validate
from tutor.chat import FIELDS_IN_CHAT_ORDER
from tutor.errors import TutorError


def store(folder: Path | None = None) -> JsonStore:
    """The library store (next to the progress file)."""
    return JsonStore("library.json", "prompts", folder)


@dataclass(frozen=True)
class Entry:
    """One prompt in the library: yours, or the course's reference for an exercise."""

    name: str
    exercise_id: str
    fields: dict[str, str]
    tags: tuple[str, ...] = ()
    source: str = "saved"  # "saved" or "reference"
    title: str = ""

    def matches(self, words: str, tag: str | None) -> bool:
        """True if every search word occurs in the name, title, tags or text, and the tag (if any) is set."""
        if tag and tag.casefold() not in (t.casefold() for t in self.tags):
            return False
        haystack = " ".join([self.name, self.title, self.exercise_id, *self.tags, *self.fields.values()]).casefold()
        return all(word in haystack for word in words.casefold().split())

    def markdown(self) -> str:
        """The entry as a Markdown section."""
        tags = ", ".join(f"`{t}`" for t in self.tags) or "none"
        lines = [f"## {self.name}", "", f"- exercise: {self.exercise_id} {self.title}".rstrip(),
                 f"- source: {self.source}", f"- tags: {tags}", ""]
        for f in FIELDS_IN_CHAT_ORDER:
            if self.fields.get(f):
                lines += [f"**{f}**", "", "```text", self.fields[f], "```", ""]
        return "\n".join(lines)


@dataclass
class Library:
    """What `library()` returns: a searchable list of prompts that renders as a table."""

    entries: list[Entry] = field(default_factory=list)
    notice: str = ""  # set when saved records could not be read

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def __getitem__(self, name: str) -> Entry:
        for e in self.entries:
            if e.name == name:
                return e
        raise KeyError(f"No prompt named {name!r} in this list.")

    def to_markdown(self) -> str:
        """The whole list as a Markdown document."""
        head = ["# My prompt library", "", f"{len(self.entries)} prompts.", ""]
        return "\n".join(head + [e.markdown() for e in self.entries])

    def export(self, path: str | Path) -> Path:
        """Write the list as Markdown to path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_markdown(), encoding="utf-8")
        return path

    def __str__(self) -> str:
        lines = [self.notice] if self.notice else []
        lines += [f"{e.name} [{e.source}, {e.exercise_id}] tags: {', '.join(e.tags) or '-'}" for e in self.entries]
        return "\n".join(lines or ["No prompts found."])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(e.name)}</td><td>{html.escape(e.exercise_id)}</td><td>{e.source}</td>"
            f"<td>{html.escape(', '.join(e.tags))}</td>"
            f"<td><pre style='white-space:pre-wrap;margin:0'>{html.escape(_main_text(e))}</pre></td></tr>"
            for e in self.entries
        )
        notice = f"<p><b>{html.escape(self.notice)}</b></p>" if self.notice else ""
        return notice + ("<table class='checker-library'><tr><th>name</th><th>exercise</th><th>source</th><th>tags</th>"
                f"<th>prompt</th></tr>{rows}</table>") if rows else "<p>No prompts found.</p>"


def _main_text(e: Entry) -> str:
    """The text worth showing first: the template or the prompt."""
    return e.fields.get("template") or e.fields.get("prompt") or ""


def references() -> list[Entry]:
    """The course's reference prompts, one per exercise."""
    return [Entry(f"reference {ex.id}", ex.id, dict(ex.reference), ("reference",), "reference", ex.title)
            for ex in specs.all_exercises()]


def _text_map(value: object) -> bool:
    """True for a dict of text to text."""
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def entry(record: object) -> Entry | None:
    """A saved record as an Entry, or None if it does not have the shape save() writes."""
    if not isinstance(record, dict):
        return None
    name, ex_id, title = record.get("name"), record.get("exercise"), record.get("title", "")
    fields, tags = record.get("fields", {}), record.get("tags", [])
    if not (isinstance(name, str) and isinstance(ex_id, str) and isinstance(title, str) and _text_map(fields)
            and isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        return None
    return Entry(name, ex_id, dict(fields), tuple(tags), "saved", title)


def _records(folder: Path | None) -> tuple[list[dict], str]:
    """The stored records, and the store's notice (a damaged file is backed up and started afresh)."""
    st = store(folder)
    return st.load(), st.notice


def saved_with_notice(folder: Path | None = None) -> tuple[list[Entry], str]:
    """The prompts you saved, and a notice naming any records that could not be read."""
    records, notice = _records(folder)
    entries = [e for r in records if (e := entry(r)) is not None]
    if len(entries) < len(records):
        bad = len(records) - len(entries)
        notice = " ".join(filter(None, [notice, f"Skipped {bad} damaged record{'s' if bad > 1 else ''} in your library."]))
    return entries, notice


def saved(folder: Path | None = None) -> list[Entry]:
    """The prompts you saved (damaged records left out)."""
    return saved_with_notice(folder)[0]


def find(search: str = "", *, tag: str | None = None, include_reference: bool = True,
         folder: Path | None = None) -> Library:
    """Saved prompts (and reference prompts) matching every search word and the tag."""
    validate.text("library()", "search", search, optional=False)
    validate.text("library()", "tag", tag)
    validate.flag("library()", "include_reference", include_reference, optional=False)
    mine, notice = saved_with_notice(folder)
    pool = mine + (references() if include_reference else [])
    return Library([e for e in pool if e.matches(search, tag)], notice)


def save(name: str, exercise_id: str, prompt: str | None = None, *, tags=(), folder: Path | None = None,
         **fields: str | None) -> grading.Result:
    """Grade the prompt; if it passes, save it under name (replacing one of the same name). Returns the Result."""
    validate.text("save_prompt()", "name", name, optional=False)
    tags = validate.texts("save_prompt()", "tags", tags)
    if not name.strip():
        raise ValueError("Give the prompt a name, e.g. save_prompt('polite refusal', '03.1', prompt=...).")
    result = grading.check(exercise_id, prompt, record=False, **fields)
    if not result.passed:
        return result
    key = api.settings().api_key
    record = {"name": redact.scrub(str(name).strip(), key), "exercise": result.exercise_id, "title": result.title,
              "fields": {k: redact.scrub(v, key) for k, v in result.fields.items() if v},
              "tags": sorted({redact.scrub(str(t).strip(), key) for t in tags if str(t).strip()}),
              "time": datetime.now(UTC).isoformat(timespec="seconds")}

    def put(records: list[dict]) -> None:
        records[:] = [r for r in records if r.get("name") != record["name"]] + [record]

    try:
        store(folder).update(put)
    except OSError as exc:
        raise TutorError(f"The prompt was not saved ({exc}).",
                         "Point COURSE_DATA_DIR at a folder of your own that you can write, then save again.") from None
    return result
