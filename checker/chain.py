"""Chain exercises (lesson 11): run the step prompts in order, check each hand-off, grade any step's output.

A chain exercise has the fields step1, step2 (, step3). For each test input, step 1 is filled with
the input's {variables} and sent; its output goes into the next step wherever that step writes
{step1}, and so on. When the spec declares a hand-off for a step ("json" or "tag:NAME"), the output
is checked the way a program would check it before the next step runs: if it does not parse, the
chain stops there and says why. Output checks look at the last step unless they name a `step`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from checker import checks
from checker.grading import CheckOutcome, aggregate, fill, fill_params
from checker.specs import Exercise
from tutor.reply import Reply

Ask = Callable[[Exercise, dict[str, str]], Reply]


@dataclass(frozen=True)
class ChainRun:
    """One run of the chain on one test input: the prompts sent, the replies, and why it stopped early (if it did)."""

    values: dict[str, str]
    prompts: tuple[str, ...]
    replies: tuple[Reply, ...]
    steps: int
    stopped: str = ""

    @property
    def outputs(self) -> tuple[str | None, ...]:
        """Each step's output text, None for a step that did not run."""
        texts = [r.text for r in self.replies]
        return tuple(texts + [None] * (self.steps - len(texts)))


def handoff(kind: str, text: str) -> tuple[str | None, str]:
    """Check one step's output before it is passed on: (the text to pass on, '') or (None, why it cannot be)."""
    if kind == "json":
        value, error = checks.extract_json(text)
        if error:
            return None, f"its output is {error}"
        return json.dumps(value, ensure_ascii=False, indent=2), ""
    tag = kind.split(":", 1)[1]
    inner = checks.in_tag(text, tag)
    if inner is None:
        return None, f"its output has no <{tag}>...</{tag}> tags"
    return inner, ""


def run(ex: Exercise, fields: dict[str, str], values: dict[str, str], ask: Ask) -> ChainRun:
    """Run every step on one test input, in order; stop at a hand-off that does not parse."""
    passed: dict[str, str] = {}
    prompts: list[str] = []
    replies: list[Reply] = []
    for number, step in enumerate(ex.steps, 1):
        prompt = fill(fields[step], {**values, **passed})
        reply = ask(ex, {"prompt": prompt})
        prompts.append(prompt)
        replies.append(reply)
        passed[step] = reply.text
        if step in ex.handoff:
            text, why = handoff(ex.handoff[step], reply.text)
            if text is None:
                stop = f"step {number} did not hand over what step {number + 1} needs: {why}, so the chain stopped there"
                return ChainRun(values, tuple(prompts), tuple(replies), len(ex.steps), stop)
            passed[step] = text
    return ChainRun(values, tuple(prompts), tuple(replies), len(ex.steps))


def run_all(ex: Exercise, fields: dict[str, str], ask: Ask) -> list[ChainRun]:
    """The chain run on every test input of the exercise."""
    return [run(ex, fields, values, ask) for values in ex.inputs]


def _step_outcome(params: dict, name: str, run_: ChainRun) -> tuple[bool, str]:
    """One output check on the output of the step it names (the last step by default)."""
    step = params.get("step", run_.steps)
    output = run_.outputs[step - 1]
    if output is None:
        return False, f"step {step} did not run: {run_.stopped}"
    ok, reason = checks.run(name, fill_params(params, run_.values), output, {"prompt": run_.prompts[step - 1]}, run_.outputs)
    return ok, reason if step == run_.steps else f"step {step}: {reason}"


def grade(ex: Exercise, fields: dict[str, str], runs: list[ChainRun]) -> tuple[CheckOutcome, ...]:
    """Prompt checks on the step prompts as written; output checks on the step they name, for every test input."""
    out = []
    for c in ex.checks:
        if c.kind == "prompt":
            out.append(CheckOutcome(c.title(), c.kind, *checks.run(c.name, c.params, "", fields)))
        else:
            out.append(aggregate(c, [_step_outcome(c.params, c.name, r) for r in runs], [r.values for r in runs]))
    return tuple(out)


def stopped_problem(runs: list[ChainRun]) -> str:
    """A plain sentence for the first run that stopped early, or ''."""
    for i, r in enumerate(runs, 1):
        if r.stopped:
            return f"The chain stopped on test input {i} of {len(runs)}: {r.stopped}."
    return ""


def step_problem(ex: Exercise, fields: dict[str, str]) -> str:
    """Why a chain cannot be sent yet: a step left empty or still its starter placeholder; else ''."""
    for number, step in enumerate(ex.steps, 1):
        text = fields.get(step, "")
        if not text.strip():
            return f"Step {number} is empty. Write step {number}, then check again."
        if ex.starter.get(step) and text == ex.starter[step]:
            return f"Step {number} is still the starter placeholder. Write step {number} too, then check again."
    return ""
