"""Your personal prompt library: save passing prompts with a name and tags, search them, export Markdown.

An entry saved from a lesson-13 exercise also keeps its test set and guide (fields `tests`, `guide`) and
its pass rates (on its own test cases and on the course's hidden inputs). Older library files, without
those keys, are read as they are: nothing saved before is lost.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
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
class PassRate:
    """A pass rate as the library keeps it: replies passed, out of how many (measured by `checker.evaluate`)."""

    passed: int
    total: int

    @property
    def rate(self) -> float:
        """The share passed, 0.0 to 1.0 (0 when nothing was run)."""
        return self.passed / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.passed}/{self.total} ({self.rate:.0%})" if self.total else "no cases"


@dataclass(frozen=True)
class Entry:
    """One prompt in the library: yours, or the course's reference for an exercise."""

    name: str
    exercise_id: str
    fields: dict[str, str]
    tags: tuple[str, ...] = ()
    source: str = "saved"  # "saved" or "reference"
    title: str = ""
    pass_rate: PassRate | None = None  # on the entry's own test set (lesson 13 entries)
    hidden_rate: PassRate | None = None  # on the course's hidden inputs
    task: str = ""  # what the template asks for, as the shared analysis reads it ('classify', 'extract', ...)

    @property
    def guide(self) -> str:
        """When to use the template and its known limits ('' for an entry without a guide)."""
        return self.fields.get("guide", "")

    @property
    def tests(self) -> str:
        """The entry's test set as written ('' for an entry without one)."""
        return self.fields.get("tests", "")

    def matches(self, words: str, tag: str | None, task: str | None = None) -> bool:
        """True if every search word occurs in the name, title, tags, guide or text, the tag (if any) is set, and the task (if any) is the entry's."""
        if tag and tag.casefold() not in (t.casefold() for t in self.tags):
            return False
        if task and task.casefold() != self.task.casefold():
            return False
        haystack = " ".join([self.name, self.title, self.exercise_id, *self.tags, *self.fields.values()]).casefold()
        return all(word in haystack for word in words.casefold().split())

    def markdown(self) -> str:
        """The entry as a Markdown section."""
        tags = ", ".join(f"`{t}`" for t in self.tags) or "none"
        lines = [f"## {self.name}", "", f"- exercise: {self.exercise_id} {self.title}".rstrip(),
                 f"- source: {self.source}", f"- tags: {tags}"]
        lines += [f"- task: {self.task}"] if self.task else []
        lines += [f"- pass rate: {self.pass_rate} of its test cases"] if self.pass_rate else []
        lines += [f"- hidden inputs: {self.hidden_rate}"] if self.hidden_rate else []
        lines.append("")
        for f in FIELDS_IN_CHAT_ORDER:
            if self.fields.get(f):
                lines += [f"**{f}**", "", "```text", self.fields[f], "```", ""]
        if self.guide:
            lines += ["**guide**", "", self.guide, ""]
        if self.tests:
            lines += ["**test set**", "", "```text", self.tests, "```", ""]
        return "\n".join(lines)

    def rate_text(self) -> str:
        """The pass rate as a short text ('5/5 (100%)'), or '-' for an entry without a test set."""
        return str(self.pass_rate) if self.pass_rate else "-"


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
        lines += [f"{e.name} [{e.source}, {e.exercise_id}] tags: {', '.join(e.tags) or '-'}"
                  + (f"; task: {e.task}" if e.task else "") + (f"; pass rate: {e.pass_rate}" if e.pass_rate else "")
                  for e in self.entries]
        return "\n".join(lines or ["No prompts found."])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(e.name)}</td><td>{html.escape(e.exercise_id)}</td><td>{e.source}</td>"
            f"<td>{html.escape(', '.join(e.tags))}</td><td>{html.escape(e.task)}</td><td>{html.escape(e.rate_text())}</td>"
            f"<td><pre style='white-space:pre-wrap;margin:0'>{html.escape(_main_text(e))}</pre></td></tr>"
            for e in self.entries
        )
        notice = f"<p><b>{html.escape(self.notice)}</b></p>" if self.notice else ""
        return notice + ("<table class='checker-library'><tr><th>name</th><th>exercise</th><th>source</th><th>tags</th>"
                f"<th>task</th><th>pass rate</th><th>prompt</th></tr>{rows}</table>") if rows else "<p>No prompts found.</p>"


def _main_text(e: Entry) -> str:
    """The text worth showing first: the template or the prompt."""
    return e.fields.get("template") or e.fields.get("prompt") or ""


def task_of(fields: dict[str, str]) -> str:
    """What a prompt or template asks the model to do, as the shared analysis reads it ('classify', 'summarise', ...)."""
    from tutor import analysis

    text = fields.get("template") or fields.get("prompt") or ""
    return analysis.analyse_fields(prompt=text, system=fields.get("system", ""), prefill=fields.get("prefill", "")).task if text.strip() else ""


def references() -> list[Entry]:
    """The course's reference prompts, one per exercise."""
    return [Entry(f"reference {ex.id}", ex.id, dict(ex.reference), ("reference",), "reference", ex.title)
            for ex in specs.all_exercises()]


def _rate(value: object) -> PassRate | None:
    """A stored pass rate ({"passed": n, "total": m}), or None when absent or malformed."""
    if not isinstance(value, dict):
        return None
    passed, total = value.get("passed"), value.get("total")
    ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (passed, total)) and 0 <= passed <= total
    return PassRate(passed, total) if ok else None


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
    task = record.get("task", "")
    return Entry(name, ex_id, dict(fields), tuple(tags), "saved", title, _rate(record.get("pass_rate")),
                 _rate(record.get("hidden_rate")), task if isinstance(task, str) else "")


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


def find(search: str = "", *, tag: str | None = None, task: str | None = None, include_reference: bool = True,
         folder: Path | None = None) -> Library:
    """Saved prompts (and reference prompts) matching every search word, the tag and the task ('classify', 'extract', ...)."""
    validate.text("library()", "search", search, optional=False)
    validate.text("library()", "tag", tag)
    validate.text("library()", "task", task)
    validate.flag("library()", "include_reference", include_reference, optional=False)
    mine, notice = saved_with_notice(folder)
    pool = mine + (references() if include_reference else [])
    if task:
        pool = [e if e.task else replace(e, task=task_of(e.fields)) for e in pool]
    return Library([e for e in pool if e.matches(search, tag, task)], notice)


def measure(ex: specs.Exercise, fields: dict[str, str]) -> tuple[PassRate, PassRate]:
    """(on its own test set, on the course's hidden inputs): the template's pass rates, run by `checker.evaluate`."""
    from checker import evaluate, testset

    names = list(ex.inputs[0])
    own = [testset.Case({n: v for n, v in c.items() if n in names}, int(c[grading.OWN_CASE])) for c in grading.own_cases(ex, fields)]
    hidden = [testset.Case(dict(v), i) for i, v in enumerate(ex.inputs, 1)]
    out = []
    for group in (own, hidden):
        if not group:
            out.append(PassRate(0, 0))
            continue
        report = evaluate.run(fields["template"], testset.to_evaluate(group, names, ex.checks), temperature=ex.temperature,
                              samples=1, seed=None, progress=False, system=fields.get("system") or None, max_tokens=ex.max_tokens)
        out.append(PassRate(report.passes, report.total))
    return out[0], out[1]


def _rates(result: grading.Result) -> dict[str, dict[str, int]]:
    """The pass rates to store with an entry that has a test set: on its own cases and on the hidden inputs."""
    ex = specs.get(result.exercise_id)
    if "tests" not in ex.fields or not ex.inputs:
        return {}
    own, hidden = measure(ex, result.fields)
    return {"pass_rate": {"passed": own.passed, "total": own.total}, "hidden_rate": {"passed": hidden.passed, "total": hidden.total}}


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
              "time": datetime.now(UTC).isoformat(timespec="seconds"), "task": task_of(result.fields)}
    record.update(_rates(result))

    def put(records: list[dict]) -> None:
        records[:] = [r for r in records if r.get("name") != record["name"]] + [record]

    try:
        store(folder).update(put)
    except OSError as exc:
        raise TutorError(f"The prompt was not saved ({exc}).",
                         "Point COURSE_DATA_DIR at a folder of your own that you can write, then save again.") from None
    return result
