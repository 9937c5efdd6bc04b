"""Evaluate a prompt the way a prompt engineer does: a test set, code-graded assertions, a pass rate.

    from checker.evaluate import case, exact, run, compare, chart
    cases = [case(review="Great kettle.", expected="positive"), case(review="It broke.", expected="negative")]
    report = run("Classify ... Answer with only the label. <review>{review}</review>", cases, temperature=1, samples=5)
    report.pass_rate          # the share of sampled replies that passed every assertion
    chart(compare({"vague": "...", "precise": "..."}, cases))

Vocabulary: a **test case** is one input with its **golden answer** (`expected`) and the
**assertions** its reply must pass; the **pass rate** is the share of replies that passed. Each
assertion is one of the registered output checks in `checker/checks.py` (one definition of each).
Every sample is seeded (seed, seed+1, ...), so a report is reproducible on the offline model.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker import checks

DEFAULT_SAMPLES = 5
MAX_SAMPLES = 100


class EvaluationError(ValueError):
    """A test set or an assertion is malformed; the message says how to fix it."""


# ---------------------------------------------------------------- assertions


@dataclass(frozen=True)
class Assertion:
    """One code-graded check on a reply: a registered output check and its parameters."""

    check: str
    params: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""

    def title(self) -> str:
        """What a report shows for this assertion."""
        return self.label or checks.describe(self.check, dict(self.params))

    def test(self, reply: str, values: Mapping[str, str]) -> tuple[bool, str]:
        """(passed, reason) for a reply; string parameters may use the case's {variables} and {expected}."""
        from checker.grading import fill

        params = {k: fill(v, dict(values)) if isinstance(v, str) else v for k, v in self.params.items()}
        return checks.run(self.check, params, reply, {})


def assertion(check: str, label: str = "", **params: Any) -> Assertion:
    """An assertion from any registered output check, e.g. assertion("word_count", max=30)."""
    spec = checks.CHECKS.get(check)
    if spec is None or spec.kind != "output":
        names = ", ".join(sorted(n for n, c in checks.CHECKS.items() if c.kind == "output"))
        raise EvaluationError(f"{check!r} is not an output check. Use one of: {names}.")
    allowed = set(spec.required) | set(spec.optional) | set(checks.OUTPUT_COMMON)
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise EvaluationError(f"check {check!r} takes no parameter {unknown[0]!r} (it takes: {', '.join(sorted(allowed))}).")
    missing = [p for p in spec.required if p not in params]
    if missing:
        raise EvaluationError(f"check {check!r} needs the parameter {missing[0]!r}.")
    if check == "json_schema":
        _valid_schema(params["schema"])
    return Assertion(check, dict(params), label)


def _valid_schema(schema: Any) -> None:
    """Raise EvaluationError when a JSON Schema is itself invalid."""
    import jsonschema

    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise EvaluationError(f"the JSON Schema is not valid: {exc.message}") from None


def exact(expected: str = "{expected}", **options: Any) -> Assertion:
    """The whole reply equals the text (after trimming spaces, outer punctuation and case): the golden answer by default."""
    return assertion("equals", label=options.pop("label", "") or "exact match", expected=expected, **options)


def contains(text: str = "{expected}", **options: Any) -> Assertion:
    """The reply contains the text as whole words: the golden answer by default."""
    return assertion("contains", label=options.pop("label", "") or f"contains {text!r}", text=text, **options)


def regex(pattern: str, *, full: bool = False, **options: Any) -> Assertion:
    """The reply matches a regular expression (the whole stripped reply with full=True)."""
    import re

    try:
        re.compile(pattern)
    except re.error as exc:
        raise EvaluationError(f"bad regex {pattern!r}: {exc}") from None
    return assertion("regex", label=options.pop("label", "") or f"matches /{pattern}/", pattern=pattern, full=full, **options)


def schema(json_schema: dict, **options: Any) -> Assertion:
    """The reply is JSON that validates against a JSON Schema."""
    return assertion("json_schema", label=options.pop("label", "") or "valid JSON for the schema", schema=json_schema, **options)


# ---------------------------------------------------------------- test cases


@dataclass(frozen=True)
class Case:
    """A test case: the template's variables, the golden answer, and the assertions a reply must pass."""

    variables: Mapping[str, str]
    expected: str | None = None
    assertions: tuple[Assertion, ...] = ()
    name: str = ""

    def values(self) -> dict[str, str]:
        """The variables, plus {expected} for the assertions."""
        return {**self.variables, **({"expected": self.expected} if self.expected is not None else {})}

    def checks(self) -> tuple[Assertion, ...]:
        """The assertions; with none given, the reply must equal the golden answer."""
        if self.assertions:
            return self.assertions
        if self.expected is None:
            raise EvaluationError(f"test case {self.name or dict(self.variables)} has no golden answer and no assertions: give expected=... or checks=[...].")
        return (exact(),)


def case(expected: str | None = None, *, checks: Iterable[Assertion] = (), name: str = "", **variables: str) -> Case:
    """A test case: case(review="It broke.", expected="negative"), or with checks=[regex(...), ...]."""
    found = tuple(checks)
    bad = [a for a in found if not isinstance(a, Assertion)]
    if bad:
        raise EvaluationError(f"checks must be assertions such as exact(...), contains(...), regex(...) or schema(...), got {bad[0]!r}.")
    for key, value in variables.items():
        if not isinstance(value, str):
            raise EvaluationError(f"the variable {key!r} must be text, got {type(value).__name__}.")
    return Case(dict(variables), expected, found, name)


def cases_from(rows: Iterable[Mapping[str, str]], checks: Iterable[Assertion] = ()) -> list[Case]:
    """Test cases from dicts of variables (an 'expected' key is the golden answer), e.g. a spec's inputs."""
    found = tuple(checks)
    return [case(row.get("expected"), checks=found, **{k: v for k, v in row.items() if k != "expected"}) for row in rows]


# ---------------------------------------------------------------- reports


@dataclass(frozen=True)
class Sample:
    """One reply to one test case, and what the assertions said about it."""

    seed: int | None
    text: str
    passed: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CaseResult:
    """A test case and its sampled replies."""

    case: Case
    samples: tuple[Sample, ...]

    @property
    def passes(self) -> int:
        """How many samples passed every assertion."""
        return sum(s.passed for s in self.samples)

    @property
    def pass_rate(self) -> float:
        """The share of this case's samples that passed (0.0 to 1.0)."""
        return self.passes / len(self.samples) if self.samples else 0.0

    def label(self) -> str:
        """A short name for the case: its name, else its first variable."""
        if self.case.name:
            return self.case.name
        first = next(iter(self.case.variables.values()), "")
        flat = " ".join(first.split())
        return flat if len(flat) <= 40 else flat[:39] + "…"


@dataclass(frozen=True)
class Report:
    """The result of running a prompt or template on a test set: pass rate per case and overall."""

    name: str
    template: str
    temperature: float
    results: tuple[CaseResult, ...]

    @property
    def passes(self) -> int:
        """How many replies passed every assertion."""
        return sum(r.passes for r in self.results)

    @property
    def total(self) -> int:
        """How many replies were graded."""
        return sum(len(r.samples) for r in self.results)

    @property
    def pass_rate(self) -> float:
        """The share of all replies that passed (0.0 to 1.0)."""
        return self.passes / self.total if self.total else 0.0

    def failures(self) -> list[tuple[CaseResult, Sample]]:
        """Every failing reply, with its test case."""
        return [(r, s) for r in self.results for s in r.samples if not s.passed]

    def summary(self) -> str:
        """One line: the name, the pass rate and the counts."""
        return f"{self.name}: pass rate {self.pass_rate:.0%} ({self.passes}/{self.total} replies) at temperature {self.temperature:g}"

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [f"  {r.pass_rate:>4.0%}  {r.passes}/{len(r.samples)}  {r.label()}" for r in self.results]
        first = self.failures()[:1]
        for r, s in first:
            lines.append(f"  first failure: {r.label()} -> {checks.quote(s.text, 50)} ({'; '.join(x for x in s.reasons if x.startswith('✗'))})")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(r.label())}</td><td>{html.escape(str(r.case.expected or ''))}</td>"
            f"<td style='text-align:right'>{r.passes}/{len(r.samples)}</td><td style='text-align:right'>{r.pass_rate:.0%}</td></tr>"
            for r in self.results
        )
        return (f"<div><b>{html.escape(self.summary())}</b><table><tr><th>test case</th><th>golden answer</th>"
                f"<th>passed</th><th>pass rate</th></tr>{rows}</table></div>")


# ---------------------------------------------------------------- running


def _progress(total: int, label: str, show: bool) -> Callable[[], None]:
    """A tick function for a progress bar (an ipywidgets bar in a notebook; nothing elsewhere)."""
    if not show or total <= 1:
        return lambda: None
    try:
        from IPython import get_ipython

        if get_ipython() is None or type(get_ipython()).__name__ != "ZMQInteractiveShell":
            return lambda: None
        import ipywidgets
        from IPython.display import display
    except ImportError:
        return lambda: None
    bar = ipywidgets.IntProgress(value=0, min=0, max=total, description=label[:20], bar_style="info")
    display(bar)

    def tick() -> None:
        """Advance the bar by one reply; it turns green when done."""
        bar.value += 1
        if bar.value >= total:
            bar.bar_style = "success"

    return tick


def _check_run(template: Any, cases: Sequence[Case], temperature: Any, samples: Any, seed: Any) -> None:
    """Raise EvaluationError with a clear message for bad arguments to run()."""
    if not isinstance(template, str) or not template.strip():
        raise EvaluationError("run() needs the prompt or template as text, e.g. run(\"Classify ... {review}\", cases).")
    if not cases or not all(isinstance(c, Case) for c in cases):
        raise EvaluationError("run() needs a list of test cases made with case(...), e.g. [case(review=\"It broke.\", expected=\"negative\")].")
    if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= MAX_SAMPLES:
        raise EvaluationError(f"samples must be a whole number from 1 to {MAX_SAMPLES}, got {samples!r}.")
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not 0 <= temperature <= 2:
        raise EvaluationError(f"temperature must be a number from 0 to 2, got {temperature!r}.")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise EvaluationError(f"seed must be a whole number (or None), got {seed!r}.")


def run(
    template: str,
    cases: Sequence[Case],
    *,
    temperature: float = 1.0,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = 0,
    progress: bool = True,
    system: str | None = None,
    max_tokens: int | None = None,
    name: str = "",
) -> Report:
    """Run a prompt or template on every test case, `samples` times each (seeds seed, seed+1, ...), and grade each reply."""
    from checker.grading import fill
    from tutor import ask

    cases = list(cases)
    _check_run(template, cases, temperature, samples, seed)
    seeds = [None if seed is None else seed + k for k in range(samples)]
    tick = _progress(len(cases) * samples, name or "evaluating", progress)
    results = []
    for c in cases:
        values, tests = c.values(), c.checks()
        got = []
        for s in seeds:
            reply = ask(fill(template, values), system=fill(system, values) if system else None,
                        temperature=float(temperature), max_tokens=max_tokens, seed=s, stream=False)
            verdicts = [(a.title(), *a.test(reply.text, values)) for a in tests]
            got.append(Sample(s, reply.text, all(ok for _, ok, _ in verdicts),
                              tuple(f"{'✓' if ok else '✗'} {t}: {why}" for t, ok, why in verdicts)))
            tick()
        results.append(CaseResult(c, tuple(got)))
    return Report(name or "prompt", template, float(temperature), tuple(results))


def compare(variants: Mapping[str, str], cases: Sequence[Case], **options: Any) -> dict[str, Report]:
    """Run several variants of a prompt on the same test set: {name: report}."""
    if not isinstance(variants, Mapping) or not variants:
        raise EvaluationError("compare() needs a dict of variants, e.g. {\"vague\": \"...\", \"precise\": \"...\"}.")
    return {name: run(text, cases, name=name, **options) for name, text in variants.items()}


def chart(reports: Mapping[str, Report] | Sequence[Report], title: str = "", target: float | None = None):
    """A bar chart of the pass rate of each variant (a matplotlib Figure), with an optional target line."""
    from checker import charts

    found = list(reports.values()) if isinstance(reports, Mapping) else list(reports)
    if not found:
        raise EvaluationError("chart() needs at least one report from run() or compare().")
    temps = sorted({r.temperature for r in found})
    shown = title or f"Pass rate per variant (temperature {', '.join(f'{t:g}' for t in temps)})"
    fig = charts.bars([r.name for r in found], [100 * r.pass_rate for r in found], "pass rate (%)", shown)
    ax = fig.axes[0]
    for i, r in enumerate(found):
        ax.text(i, 100 * r.pass_rate + 2, f"{r.pass_rate:.0%}", ha="center", va="bottom")
    if target is not None:
        ax.axhline(100 * target, color="#b35900", linestyle="--", linewidth=1)
        ax.text(-0.45, 100 * target + 1, f"target {target:.0%}", ha="left", va="bottom", color="#b35900")
    ax.set_ylim(0, 110)
    return charts.shown_inline(fig)
