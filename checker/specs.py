"""Exercise specs as data: load `checker/specs/*.toml`, validate every field, and look exercises up by id.

The format is documented in docs/exercises.md.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker import checks
from tutor.chat import FIELDS, STEPS

SPECS_DIR = Path(__file__).resolve().parent / "specs"
ID = re.compile(r"^(\d\d)\.(\d+)$")
EXERCISE_KEYS = {
    "id", "title", "task", "fields", "hints", "starter", "baseline", "reference", "checks", "inputs",
    "max_tokens", "temperature", "samples", "pass_rate", "handoff",
}
HANDOFF = re.compile(r"^(?:json|tag:[A-Za-z_][\w-]*)$")  # what the grader checks between two chain steps


# Checks every exercise runs, after its own: explicit here, listed in docs/exercises.md.
STANDING_CHECKS = (("talks_to_the_model", "written for the model, not the grader"),)


class SpecError(ValueError):
    """A spec file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class CheckSpec:
    """One check an exercise runs: a registered check name and its parameters."""

    name: str
    params: dict[str, Any]
    label: str = ""

    @property
    def kind(self) -> str:
        """'output' or 'prompt'."""
        return checks.CHECKS[self.name].kind

    def title(self) -> str:
        """What the results table shows for this check."""
        return self.label or checks.describe(self.name, self.params)


@dataclass(frozen=True)
class Exercise:
    """One exercise: the task, the fields the learner edits, checks, hints, baseline and reference."""

    id: str
    title: str
    task: str
    fields: tuple[str, ...]
    hints: tuple[str, ...]
    starter: dict[str, str]
    baseline: dict[str, str]
    reference: dict[str, str]
    checks: tuple[CheckSpec, ...]
    inputs: tuple[dict[str, str], ...] = ()
    max_tokens: int | None = None
    temperature: float = 0.0
    samples: int = 1  # replies per test input (seeds 0..samples-1); more than 1 needs a temperature above 0
    pass_rate: float = 1.0  # the share of replies on which every output check must pass
    handoff: dict[str, str] = field(default_factory=dict)  # chain step -> "json" or "tag:NAME", checked before the next step
    source: str = field(default="", compare=False)

    @property
    def lesson(self) -> str:
        """The two-digit lesson number, e.g. '04' for '04.2'."""
        return self.id.split(".")[0]

    @property
    def is_template(self) -> bool:
        """True when the learner writes a template run on several test inputs."""
        return "template" in self.fields

    @property
    def is_chain(self) -> bool:
        """True when the learner writes a chain of step prompts (step1, step2, ...) run in order."""
        return "step1" in self.fields

    @property
    def steps(self) -> tuple[str, ...]:
        """The step fields of a chain exercise, in order (empty for other exercises)."""
        return tuple(f for f in STEPS if f in self.fields)

    @property
    def main(self) -> str:
        """The field that must be written: 'template', 'step1' or 'prompt'."""
        return "template" if self.is_template else "step1" if self.is_chain else "prompt"

    def __repr__(self) -> str:
        return f"Exercise({self.id!r}, {self.title!r})"


def _fail(where: str, message: str) -> SpecError:
    """A SpecError naming the place in the file."""
    return SpecError(f"{where}: {message}")


def _text_map(raw: Any, where: str, allowed: tuple[str, ...]) -> dict[str, str]:
    """Validate a field-name -> text table (starter, baseline, reference)."""
    if not isinstance(raw, dict):
        raise _fail(where, "must be a table of field = text")
    for key, value in raw.items():
        if key not in allowed:
            raise _fail(f"{where}.{key}", f"is not one of this exercise's fields ({', '.join(allowed)})")
        if not isinstance(value, str):
            raise _fail(f"{where}.{key}", "must be text")
    return dict(raw)


def _check_param(key: str, value: Any, where: str) -> None:
    """Validate one check parameter's value (regexes compile, schemas are schemas)."""
    if key == "pattern":
        try:
            re.compile(value)
        except (re.error, TypeError) as exc:
            raise _fail(f"{where}.pattern", f"bad regex {value!r} ({exc})") from None
    elif key == "schema":
        import jsonschema

        try:
            jsonschema.Draft202012Validator.check_schema(value)
        except jsonschema.SchemaError as exc:
            raise _fail(f"{where}.schema", f"not a valid JSON Schema ({exc.message})") from None
    elif key == "cover":
        if not isinstance(value, dict) or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in value.values()):
            raise _fail(f"{where}.cover", "must be a table of name = whole number ≥ 1, e.g. { category = 3 }")
    elif key in ("items", "labels", "columns", "variables", "slots", "expects", "about"):
        if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(f"{where}.{key}", "must be a list of strings")
    elif key in ("step", "against"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _fail(f"{where}.{key}", f"must be a step number ≥ 1, got {value!r}")
    elif key in ("min", "max", "k", "min_rows", "max_words", "max_chars"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _fail(f"{where}.{key}", f"must be a whole number ≥ 0, got {value!r}")
    elif key in ("case_sensitive", "whole_word", "full", "multiline", "sourceless") and not isinstance(value, bool):
        raise _fail(f"{where}.{key}", "must be true or false")
    elif key in ("text", "expected", "tag", "field", "key", "slot") and (not isinstance(value, str) or not value):
        raise _fail(f"{where}.{key}", "must be non-empty text")
    elif key in ("value", "tolerance") and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise _fail(f"{where}.{key}", f"must be a number, got {value!r}")


def _check(raw: Any, where: str, fields: tuple[str, ...]) -> CheckSpec:
    """Validate one [[exercises.checks]] table."""
    if not isinstance(raw, dict) or "check" not in raw:
        raise _fail(where, "each check needs `check = \"name\"`")
    name = raw["check"]
    if name not in checks.CHECKS:
        raise _fail(f"{where}.check", f"unknown check {name!r} (known: {', '.join(sorted(checks.CHECKS))})")
    spec = checks.CHECKS[name]
    params = {k: v for k, v in raw.items() if k not in ("check", "label")}
    common = checks.OUTPUT_COMMON if spec.kind == "output" else checks.PROMPT_COMMON
    allowed = set(spec.required) | set(spec.optional) | set(common)
    for key, value in params.items():
        if key not in allowed:
            raise _fail(f"{where}.{key}", f"check {name!r} takes no parameter {key!r} (it takes: {', '.join(sorted(allowed))})")
        _check_param(key, value, where)
    for key in spec.required:
        if key not in params:
            raise _fail(where, f"check {name!r} needs the parameter {key!r}")
    if spec.kind == "prompt" and params.get("field", "prompt") not in FIELDS:
        raise _fail(f"{where}.field", f"must be one of {', '.join(FIELDS)}")
    steps = [f for f in fields if f in STEPS]
    for key in ("step", "against"):
        if key in params and params[key] > len(steps):
            raise _fail(f"{where}.{key}", f"this exercise has {len(steps)} chain steps, so there is no step {params[key]}")
    return CheckSpec(name, params, str(raw.get("label", "")))


def _fields(raw: Any, where: str) -> tuple[str, ...]:
    """Validate the list of fields the learner edits."""
    if not isinstance(raw, list) or not raw or not all(f in FIELDS for f in raw):
        raise _fail(f"{where}.fields", f"must be a non-empty list drawn from {', '.join(FIELDS)}")
    if "template" in raw and "prompt" in raw:
        raise _fail(f"{where}.fields", "use either 'prompt' or 'template', not both")
    steps = [f for f in raw if f in STEPS]
    if steps and (steps != list(STEPS[:len(steps)]) or len(steps) < 2 or len(steps) != len(raw)):
        raise _fail(f"{where}.fields", f"a chain lists only its steps, in order from step1: at least two of {', '.join(STEPS)}")
    return tuple(raw)


def _handoff(raw: Any, where: str, fields: tuple[str, ...]) -> dict[str, str]:
    """Validate the hand-off table: which chain step's output is checked (JSON or a tag) before the next step runs."""
    if raw is None:
        return {}
    steps = [f for f in fields if f in STEPS]
    if not isinstance(raw, dict) or not steps:
        raise _fail(f"{where}.handoff", "only chain exercises have a handoff table (step = \"json\" or \"tag:NAME\")")
    for key, value in raw.items():
        if key not in steps[:-1]:
            raise _fail(f"{where}.handoff.{key}", f"must name a step that has a next step ({', '.join(steps[:-1])})")
        if not isinstance(value, str) or not HANDOFF.match(value):
            raise _fail(f"{where}.handoff.{key}", f"must be \"json\" or \"tag:NAME\", got {value!r}")
    return dict(raw)


def _inputs(raw: Any, where: str, is_template: bool) -> tuple[dict[str, str], ...]:
    """Validate the test inputs of a template (or chain) exercise."""
    if not is_template:
        if raw:
            raise _fail(f"{where}.inputs", "only template and chain exercises have inputs")
        return ()
    if not isinstance(raw, list) or not raw:
        raise _fail(f"{where}.inputs", "a template or chain exercise needs at least one [[exercises.inputs]] table")
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not all(isinstance(v, str) for v in item.values()):
            raise _fail(f"{where}.inputs[{i}]", "must be a table of variable = text")
    return tuple(dict(i) for i in raw)


def _exercise(raw: Any, where: str, lesson: str, source: str) -> Exercise:
    """Validate one [[exercises]] table and build the Exercise."""
    if not isinstance(raw, dict):
        raise _fail(where, "must be a table")
    unknown = set(raw) - EXERCISE_KEYS
    if unknown:
        raise _fail(f"{where}.{sorted(unknown)[0]}", f"unknown key (known: {', '.join(sorted(EXERCISE_KEYS))})")
    ex_id = raw.get("id")
    if not isinstance(ex_id, str) or not ID.match(ex_id) or ex_id.split(".")[0] != lesson:
        raise _fail(f"{where}.id", f"must look like \"{lesson}.1\" (lesson {lesson}), got {ex_id!r}")
    where = f"{where} ({ex_id})"
    for key in ("title", "task"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(f"{where}.{key}", "is required text")
    fields = _fields(raw.get("fields"), where)
    hints = raw.get("hints")
    if not isinstance(hints, list) or not 2 <= len(hints) <= 3 or not all(isinstance(h, str) and h.strip() for h in hints):
        raise _fail(f"{where}.hints", "must be a list of 2 or 3 hints (nudge, technique, near-solution)")
    texts = {k: _text_map(raw.get(k, {}), f"{where}.{k}", fields) for k in ("starter", "baseline", "reference")}
    steps = tuple(f for f in fields if f in STEPS)
    for k in ("baseline", "reference"):
        for main in steps or ("template" if "template" in fields else "prompt",):
            if main in fields and not texts[k].get(main, "").strip():
                raise _fail(f"{where}.{k}.{main}", "is required")
    raw_checks = raw.get("checks")
    if not isinstance(raw_checks, list) or not raw_checks:
        raise _fail(f"{where}.checks", "needs at least one [[exercises.checks]] table")
    found = tuple(_check(c, f"{where}.checks[{i}]", fields) for i, c in enumerate(raw_checks))
    found += tuple(CheckSpec(name, {}, label) for name, label in STANDING_CHECKS)
    max_tokens = raw.get("max_tokens")
    if max_tokens is not None and (not isinstance(max_tokens, int) or max_tokens < 1):
        raise _fail(f"{where}.max_tokens", "must be a positive whole number")
    temperature = raw.get("temperature", 0.0)
    if not isinstance(temperature, (int, float)) or not 0 <= temperature <= 2:
        raise _fail(f"{where}.temperature", "must be a number from 0 to 2")
    samples, pass_rate = _sampling(raw, where, float(temperature))
    return Exercise(
        id=ex_id, title=raw["title"].strip(), task=raw["task"].strip(), fields=fields,
        hints=tuple(h.strip() for h in hints), starter=texts["starter"], baseline=texts["baseline"],
        reference=texts["reference"], checks=found, inputs=_inputs(raw.get("inputs"), where, "template" in fields or bool(steps)),
        max_tokens=max_tokens, temperature=float(temperature), samples=samples, pass_rate=pass_rate,
        handoff=_handoff(raw.get("handoff"), where, fields), source=source,
    )


def _sampling(raw: dict, where: str, temperature: float) -> tuple[int, float]:
    """(samples, pass_rate): several seeded replies per input only make sense when sampling varies them."""
    samples = raw.get("samples", 1)
    if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= 20:
        raise _fail(f"{where}.samples", "must be a whole number from 1 to 20")
    if samples > 1 and temperature <= 0:
        raise _fail(f"{where}.samples", "more than 1 sample needs a temperature above 0 (at 0 every sample is the same)")
    rate = raw.get("pass_rate", 1.0)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate <= 1:
        raise _fail(f"{where}.pass_rate", "must be a number above 0 and at most 1 (e.g. 0.9 for 90%)")
    return samples, float(rate)


def load_file(path: str | Path) -> list[Exercise]:
    """Load and validate one lesson's spec file."""
    path = Path(path)
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{name}: not valid TOML ({exc})") from None
    lesson = data.get("lesson")
    if not isinstance(lesson, str) or not re.fullmatch(r"\d\d", lesson):
        raise _fail(f"{name}: lesson", f"must be a two-digit string such as \"04\", got {lesson!r}")
    raw = data.get("exercises")
    if not isinstance(raw, list) or not raw:
        raise _fail(f"{name}: exercises", "the file needs at least one [[exercises]] table")
    out = [_exercise(item, f"{name}: exercises[{i}]", lesson, str(path)) for i, item in enumerate(raw)]
    ids = [e.id for e in out]
    if len(set(ids)) != len(ids):
        raise _fail(f"{name}: exercises", f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return out


@lru_cache(maxsize=8)
def _load_dir(folder: str) -> tuple[Exercise, ...]:
    """Every exercise in a folder of spec files, sorted by id."""
    found: dict[str, Exercise] = {}
    for path in sorted(Path(folder).glob("*.toml")):
        for ex in load_file(path):
            if ex.id in found:
                raise SpecError(f"{path.name}: exercises: id {ex.id} is also in {Path(found[ex.id].source).name}")
            found[ex.id] = ex
    return tuple(sorted(found.values(), key=lambda e: (int(e.lesson), int(e.id.split(".")[1]))))


def all_exercises(folder: str | Path | None = None) -> list[Exercise]:
    """Every exercise spec in the course (checker/specs/*.toml), in id order."""
    return list(_load_dir(str(folder or SPECS_DIR)))


def get(exercise_id: str, folder: str | Path | None = None) -> Exercise:
    """The exercise with this id; KeyError with the known ids if there is none."""
    for ex in all_exercises(folder):
        if ex.id == str(exercise_id).strip():
            return ex
    known = ", ".join(e.id for e in all_exercises(folder)) or "(none)"
    raise KeyError(f"There is no exercise {exercise_id!r}. Known exercises: {known}.")
