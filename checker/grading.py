"""Grading: run a learner's fields through the model and the exercise's checks; `check()` and `Result`."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from checker import checks, specs, testset
from checker.specs import CheckSpec, Exercise
from tutor import validate, window
from tutor.chat import ENTRY_FIELDS
from tutor.errors import TutorError
from tutor.reply import Reply

NOT_SOLVED = "not yet solved"
SOLVED = "solved"
NOT_GRADED = "not graded"  # the model could not answer: neither solved nor failed, and never recorded


@dataclass(frozen=True)
class CheckOutcome:
    """The verdict of one check, with its reason."""

    title: str
    kind: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class Result:
    """What `check()` returns: the verdict, the score, one reason per check, and the model's replies."""

    exercise_id: str
    title: str
    passed: bool
    outcomes: tuple[CheckOutcome, ...] = ()
    replies: tuple[Reply, ...] = ()
    problem: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    graded: bool = True  # False when the model could not answer, so no check was run on a reply

    @property
    def score(self) -> float:
        """The fraction of checks passed (0.0 to 1.0)."""
        return sum(o.passed for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def reply(self) -> Reply | None:
        """The (first) reply the model gave, if the model was asked."""
        return self.replies[0] if self.replies else None

    @property
    def reasons(self) -> list[str]:
        """One line per check: '✓ title: reason' or '✗ title: reason'."""
        return [f"{'✓' if o.passed else '✗'} {o.title}: {o.reason}" for o in self.outcomes]

    @property
    def verdict(self) -> str:
        """'solved', 'not yet solved', or 'not graded' when the model could not answer."""
        if not self.graded:
            return NOT_GRADED
        return SOLVED if self.passed else NOT_SOLVED

    @property
    def mark(self) -> str:
        """The headline's emoji (decoration: the verdict is always said in words too)."""
        return "⚠️" if not self.graded else "✅" if self.passed else "❌"

    def verdict_line(self) -> str:
        """The exercise, the verdict and the number of checks passed, in words."""
        count = f" ({sum(o.passed for o in self.outcomes)}/{len(self.outcomes)} checks passed)" if self.outcomes else ""
        return f"Exercise {self.exercise_id} · {self.title}: {self.verdict}{count}"

    def headline(self) -> str:
        """One line: the mark, the exercise, the verdict and the number of checks passed."""
        return f"{self.mark} {self.verdict_line()}"

    def __str__(self) -> str:
        lines = [self.headline()]
        if self.problem:
            lines.append(f"  {self.problem}")
        lines += [f"  {r}" for r in self.reasons]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return result_html(self)


def _mark(passed: bool, glyph_pass: str, glyph_fail: str, word_pass: str, word_fail: str) -> str:
    """A pass/fail glyph hidden from screen readers, followed by the same verdict as a word."""
    glyph = glyph_pass if passed else glyph_fail
    return f"<span aria-hidden='true'>{glyph}</span> {word_pass if passed else word_fail}"


def result_html(result: Result) -> str:
    """The pass/fail table for a result, as HTML; every verdict is a word too, never only a colour or a glyph."""
    color = "#335" if not result.graded else "#1a7f37" if result.passed else "#b35900"
    cell = "<td style='padding:1px 10px 1px 0'>"
    rows = "".join(
        f"<tr>{cell}{_mark(o.passed, '✓', '✗', 'pass', 'fail')}</td>{cell}<code>{html.escape(o.title)}</code></td>"
        f"{cell}{html.escape(o.reason)}</td></tr>"
        for o in result.outcomes
    )
    problem = f"<div>{html.escape(result.problem)}</div>" if result.problem else ""
    table = (
        "<table style='border-collapse:collapse'><tr><th>result</th><th>check</th><th>reason</th></tr>"
        f"{rows}</table>" if rows else ""
    )
    glyph = "!" if not result.graded else "✓" if result.passed else "✗"
    mark = f"<span aria-hidden='true'>{glyph}</span> "  # no emoji font needed
    return (
        f"<div class='checker-result'><div style='font-weight:bold;color:{color}'>"
        f"{mark}{html.escape(result.verdict_line())}</div>{problem}{table}</div>"
    )


# ---------------------------------------------------------------- inputs


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each {name} in text with values[name] (other braces are left alone)."""
    return re.sub(r"\{([A-Za-z_]\w*)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def fill_params(params: dict, values: dict[str, str]) -> dict:
    """A check's parameters with the input's {variables} filled in (texts, and texts in lists)."""
    def one(v):
        return fill(v, values) if isinstance(v, str) else [one(i) for i in v] if isinstance(v, list) else v
    return {k: one(v) for k, v in params.items()}


def merged_fields(ex: Exercise, given: dict[str, str | None]) -> dict[str, str]:
    """The learner's fields: what they gave, else the starter, else empty."""
    return {f: (given.get(f) if given.get(f) is not None else ex.starter.get(f, "")) for f in ex.fields}


def _too_long(fields: dict[str, str]) -> str:
    """Why the fields are too long for the model to read (over its context window or its character cap), or ''."""
    if (sent := window.texts_overflow(fields.values())) is not None:
        holds = (f"about {sent:,} tokens, more than the {window.CONTEXT_WINDOW_TOKENS:,} the model can read at once "
                 "(its context window)")
    elif (chars := window.chars_overflow(fields.values())) is not None:
        holds = f"{chars:,} characters, more than the {window.MAX_CHARS:,} the model reads at once"
    else:
        return ""
    longest = max(fields, key=lambda name: len(fields[name]))
    return f"The {longest} is too long to grade: your answer holds {holds}. Shorten the {longest}, then check again."


def input_problem(ex: Exercise, fields: dict[str, str], given: dict[str, str | None]) -> str:
    """Why these fields cannot be graded yet (empty, unchanged starter, unknown field), or ''."""
    extra = [k for k, v in given.items() if v is not None and k not in ex.fields]
    if extra:
        return f"Exercise {ex.id} has no {extra[0]!r} field; it takes: {', '.join(ex.fields)}."
    main = ex.main
    for name, value in fields.items():
        if (at := validate.lone_surrogate(value)) is not None:
            return (f"The {name} contains a character that is not valid text ({value[at]!r} at position {at}), "
                    "so it cannot be sent. Remove it, then check again.")
    if too_long := _too_long(fields):  # before any check reads megabytes
        return too_long
    if not fields.get(main, "").strip():
        return f"The {main} is empty. Write your {main}, then check again."
    if any(ex.starter.get(f) for f in ex.fields) and all(fields[f] == ex.starter.get(f, "") for f in ex.fields):
        what = "chain" if ex.is_chain else main
        return f"The {what} is still the starter placeholder. Replace it with your own {what}, then check again."
    if ex.is_chain:
        from checker import chain

        return chain.step_problem(ex, fields)
    return ""


# ---------------------------------------------------------------- model calls


OWN_CASE = "_own_case"  # marks the variables of a case from the learner's own test set (lesson 13)


def own_cases(ex: Exercise, fields: dict[str, str]) -> list[dict[str, str]]:
    """The learner's own test cases that give every name the exercise's inputs have (an exercise with a `tests` field)."""
    if "tests" not in ex.fields or not ex.inputs:
        return []
    names = list(ex.inputs[0])
    slots = tuple(n for n in names if "{" + n + "}" in fields.get("template", ""))
    return [{**c.values, OWN_CASE: str(c.number)} for c in testset.usable(testset.parse(fields.get("tests", ""), slots), names)]


def cases(ex: Exercise, fields: dict[str, str]) -> list[tuple[dict[str, str], dict[str, str]]]:
    """(variables, concrete fields) for each run: one for a plain prompt, one per test input for a template
    (the exercise's hidden inputs, then the learner's own test cases when the exercise has a `tests` field)."""
    if not ex.is_template:
        return [({}, dict(fields))]
    out = []
    for values in [*ex.inputs, *own_cases(ex, fields)]:
        concrete = {k: fill(v, values) for k, v in fields.items() if k not in ("template", *ENTRY_FIELDS)}
        concrete["prompt"] = fill(fields["template"], values)
        out.append((values, concrete))
    return out


def ask_model(ex: Exercise, concrete: dict[str, str], on_text: Callable[[str], None] | None = None, seed: int | None = None) -> Reply:
    """Send one concrete prompt (prompt/system/prefill) through `tutor.ask`, the learner's own API."""
    import tutor

    return tutor.ask(concrete.get("prompt", ""), system=concrete.get("system") or None, prefill=concrete.get("prefill") or None,
                     temperature=ex.temperature, max_tokens=ex.max_tokens, seed=seed, stream=False, on_text=on_text)


def seeds(ex: Exercise) -> list[int | None]:
    """The seed of each sample per case: 0, 1, ... when an exercise samples several replies, else none."""
    return list(range(ex.samples)) if ex.samples > 1 else [None]


def sampled(ex: Exercise, fields: dict[str, str]) -> list[tuple[dict[str, str], dict[str, str], int | None]]:
    """(variables, concrete fields, seed) for every reply the grading asks for, case by case."""
    return [(values, concrete, s) for values, concrete in cases(ex, fields) for s in seeds(ex)]


# ---------------------------------------------------------------- grading


def aggregate(c: CheckSpec, per_input: list[tuple[bool, str]], runs: list[dict[str, str]]) -> CheckOutcome:
    """One outcome for an output check run on every test input: it passes only if it passes on every one."""
    failed = [(i, reason) for i, (ok, reason) in enumerate(per_input) if not ok]
    hidden = sum(OWN_CASE not in values for values in runs)
    own = len(runs) - hidden
    if not failed:
        mine = f" and your {own} test case{'s' if own != 1 else ''}" if own else ""
        return CheckOutcome(c.title(), c.kind, True, f"passes on all {hidden} test inputs{mine}")
    i, reason = failed[0]
    where = f"your test case {runs[i][OWN_CASE]}" if OWN_CASE in runs[i] else f"test input {i + 1} of {hidden}"
    return CheckOutcome(c.title(), c.kind, False, f"fails on {where}: {reason}")


_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")


def golden(params: dict, values: dict[str, str], template: str) -> list[str]:
    """The golden answers a check's parameters hold for one hidden input: the values of its {names} that are not template slots."""
    if OWN_CASE in values:
        return []  # the learner wrote this case's answers: nothing to hide
    texts = [v for p in params.values() for v in (p if isinstance(p, list) else [p]) if isinstance(v, str)]
    names = {n for t in texts for n in _PLACEHOLDER.findall(t) if "{" + n + "}" not in template}
    return [values[n] for n in sorted(names) if values.get(n, "").strip()]


def hide_golden(reason: str, reply: str, answers: list[str]) -> str:
    """A failure reason that names no golden answer of a held-out input (it says the reply missed it, not what it is)."""
    if not any(re.search(rf"(?<!\w){re.escape(a.strip())}(?!\w)", reason, re.I) for a in answers):
        return reason
    return f"the reply {checks.quote(reply, 40)} does not match the golden answer of this held-out input (held-out answers are not shown)"


def _judged(c: CheckSpec, values: dict[str, str], concrete: dict[str, str], reply: str, template: str) -> tuple[bool, str]:
    """One output check on one reply, its reason kept free of a held-out input's golden answer."""
    ok, reason = checks.run(c.name, fill_params(c.params, values), reply, concrete)
    return ok, reason if ok else hide_golden(reason, reply, golden(c.params, values, template))


def grade(ex: Exercise, fields: dict[str, str], replies: list[Reply]) -> tuple[CheckOutcome, ...]:
    """Run every check of the exercise on the fields and the replies (one reply per case).

    A library entry's own test cases (lesson 13) are graded by their pass rate against the test set's
    `target`; the hidden inputs must pass every output check, as in any template exercise."""
    runs = sampled(ex, fields)
    template = fields.get("template", "")
    mine = [i for i, (values, _, _) in enumerate(runs) if OWN_CASE in values]
    target = own_target(ex)
    split = bool(mine) and target < 1
    out, per_check = [], []
    for c in ex.checks:
        if c.kind == "prompt":
            ok, reason = checks.run(c.name, c.params, "", fields)
            out.append(CheckOutcome(c.title(), c.kind, ok, reason))
            continue
        per = [_judged(c, values, concrete, reply.text, template) for (values, concrete, _), reply in zip(runs, replies)]
        per_check.append(per)
        if ex.samples > 1 or ex.pass_rate < 1:
            out.append(_rated(c, per, ex.pass_rate, _inputs_missed(c, per, [v for v, _, _ in runs], template)))
        elif split:
            out.append(aggregate(c, [p for i, p in enumerate(per) if i not in mine], [v for i, (v, _, _) in enumerate(runs) if i not in mine]))
        else:
            out.append(aggregate(c, per, [v for v, _, _ in runs]) if ex.is_template else CheckOutcome(c.title(), c.kind, *per[0]))
    if per_check and (ex.samples > 1 or ex.pass_rate < 1):
        out.append(_overall(per_check, ex))
    if per_check and split:
        out.append(_own_rate(per_check, [runs[i][0] for i in mine], mine, target))
    return tuple(out)


def _inputs_missed(c: CheckSpec, per_reply: list[tuple[bool, str]], runs: list[dict[str, str]], template: str) -> str:
    """'1 of 4 held-out inputs got a wrong answer' for a check against golden answers, counted by input (never naming the answer); else ''."""
    hidden = [i for i, values in enumerate(runs) if golden(c.params, values, template)]
    if not hidden:
        return ""
    inputs: dict[tuple, bool] = {}
    for i in hidden:
        key = tuple(sorted(runs[i].items()))
        inputs[key] = inputs.get(key, False) or not per_reply[i][0]
    missed = sum(inputs.values())
    return f"{missed} of {len(inputs)} held-out inputs got a wrong answer in at least one sample" if missed else ""


def own_target(ex: Exercise) -> float:
    """The share of the learner's own test cases the template must pass (the `test_set` check's `target`; 1 without one)."""
    return next((float(c.params.get("target", 1)) for c in ex.checks if c.name == "test_set"), 1.0)


def _own_rate(per_check: list[list[tuple[bool, str]]], values: list[dict[str, str]], rows: list[int], target: float) -> CheckOutcome:
    """The template's pass rate on the learner's own test cases: a case passes when every output check passes on it."""
    failed = [(v[OWN_CASE], next(per[i][1] for per in per_check if not per[i][0]))
              for v, i in zip(values, rows) if not all(per[i][0] for per in per_check)]
    n, ok = len(rows), len(rows) - len(failed)
    reason = f"{ok} of {n} of your test cases pass every check ({ok / n:.0%}, target {target:.0%})"
    if failed:
        reason += f"; your test case {failed[0][0]} does not: {failed[0][1]}"
    return CheckOutcome("your template passes your own test cases", "output", ok / n >= target - 1e-9, reason)


def _rated(c: CheckSpec, per_reply: list[tuple[bool, str]], target: float, missed: str = "") -> CheckOutcome:
    """One outcome for an output check over sampled replies: it passes when its pass rate reaches the target."""
    n, ok = len(per_reply), sum(p for p, _ in per_reply)
    reason = f"passes on {ok} of {n} replies ({ok / n:.0%}, target {target:.0%})" + (f"; {missed}" if missed else "")
    first = next((r for p, r in per_reply if not p), "")
    return CheckOutcome(c.title(), c.kind, ok / n >= target, reason + (f"; first failure: {first}" if first else ""))


def _overall(per_check: list[list[tuple[bool, str]]], ex: Exercise) -> CheckOutcome:
    """The pass rate over every sampled reply: a reply passes when every output check passes on it."""
    n = len(per_check[0])
    ok = sum(all(per[i][0] for per in per_check) for i in range(n))
    where = f"{len(ex.inputs) or 1} test inputs × {ex.samples} samples at temperature {ex.temperature:g}"
    return CheckOutcome("pass rate", "output", ok / n >= ex.pass_rate,
                        f"{ok} of {n} replies pass every check ({ok / n:.0%}, target {ex.pass_rate:.0%}; {where})")


def failed_result(ex_id: str, title: str, problem: str, fields: dict[str, str] | None = None) -> Result:
    """A 'not yet solved' result that explains a problem instead of grading."""
    return Result(ex_id, title, False, problem=problem, fields=dict(fields or {}))


def closed_lesson(ex: Exercise) -> str:
    """Why an exercise is not graded yet, when a workshop has not opened its lesson; else ''."""
    from tutor import api

    try:
        is_open = api.settings().is_open(ex.lesson)
    except TutorError:
        return ""  # a broken setting is reported by the model call that follows, with its fix
    if is_open:
        return ""
    return (f"Lesson {ex.lesson} is not open yet in this workshop, so this exercise is not graded for now. "
            "Read and try it as much as you like: Run works. Your instructor will open it soon.")


def ungraded_result(ex: Exercise, err: TutorError, fields: dict[str, str]) -> Result:
    """A 'not graded' result: the model could not answer, so nothing was checked (and nothing is recorded)."""
    problem = (f"Not graded: the model could not answer, so your answer was not checked and nothing was "
               f"recorded (it does not count as a failed try). {err.cause} How to fix: {err.fix}")
    return Result(ex.id, ex.title, False, problem=problem, fields=dict(fields), graded=False)


def evaluate(ex: Exercise, given: dict[str, str | None], *, raise_model_errors: bool = False) -> Result:
    """Grade the learner's fields on the configured backend; never raises for learner mistakes.

    When the model cannot answer, the Result explains why, or with raise_model_errors the TutorError
    is raised: the gradebook must not record an answer that was never graded as a fail.
    """
    fields = merged_fields(ex, given)
    closed = closed_lesson(ex)
    if closed:
        return Result(ex.id, ex.title, False, problem=closed, fields=dict(fields), graded=False)
    problem = input_problem(ex, fields, given)
    if problem:
        return failed_result(ex.id, ex.title, problem, fields)
    if ex.is_chain:
        return _evaluate_chain(ex, fields, raise_model_errors)
    try:
        replies = [ask_model(ex, concrete, seed=s) for _, concrete, s in sampled(ex, fields)]
    except TutorError as err:
        if raise_model_errors:
            raise
        return ungraded_result(ex, err, fields)
    outcomes = grade(ex, fields, replies)
    return Result(ex.id, ex.title, all(o.passed for o in outcomes), outcomes, tuple(replies), fields=fields)


def _evaluate_chain(ex: Exercise, fields: dict[str, str], raise_model_errors: bool) -> Result:
    """Grade a chain exercise: run its steps on every test input, then check the steps' outputs."""
    from checker import chain

    try:
        runs = chain.run_all(ex, fields, ask_model)
    except TutorError as err:
        if raise_model_errors:
            raise
        return ungraded_result(ex, err, fields)
    outcomes = chain.grade(ex, fields, runs)
    replies = tuple(r for run in runs for r in run.replies)
    return Result(ex.id, ex.title, all(o.passed for o in outcomes), outcomes, replies,
                  problem=chain.stopped_problem(runs), fields=fields)


def check(
    exercise_id: str,
    prompt: str | None = None,
    *,
    system: str | None = None,
    prefill: str | None = None,
    template: str | None = None,
    tests: str | None = None,
    guide: str | None = None,
    step1: str | None = None,
    step2: str | None = None,
    step3: str | None = None,
    record: bool = True,
) -> Result:
    """Grade your answer to an exercise: `check("04.2", prompt="...")` shows which checks pass and why.

    >>> result = check("00.1", prompt="What is the capital of Australia? Answer with one word.", record=False)
    >>> result.passed, result.score, result.reply.text
    (True, 1.0, 'Canberra')
    """
    validate.text("check()", "exercise_id", exercise_id, optional=False)
    given = {"prompt": prompt, "system": system, "prefill": prefill, "template": template, "tests": tests, "guide": guide,
             "step1": step1, "step2": step2, "step3": step3}
    for name, value in given.items():
        validate.text("check()", name, value)
    validate.flag("check()", "record", record, optional=False)
    try:
        ex = specs.get(exercise_id)
    except KeyError as exc:
        return failed_result(str(exercise_id), "unknown exercise", str(exc.args[0]))
    if ex.is_template and template is None:
        given["prompt"], given["template"] = None, prompt  # `exercise("04.2", prompt=prompt)` with a {variable} template
    result = evaluate(ex, given)
    if record and result.graded and result.outcomes:
        from checker import tracker

        tracker.record_result(result)
    return result
