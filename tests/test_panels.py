"""Blind panels in CI: prompts written from the task statement alone, graded like a learner's.

The fair-grading bar is experts pass ≥ 90%, cheats fail ≥ 95%, near-misses fail ≥ 90% per exercise.
Not every exercise reaches it yet, so CI holds each (panel, exercise, kind) to the best count measured so
far (tests/panels/floors.json, written by checker.panels.write_floors): grading may only get fairer.
"""

from __future__ import annotations

import json

import pytest

from checker import checks, panels, specs
from checker.grading import check
from tutor.offline import conversation, features

FLOORS = json.loads(panels.FLOORS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("panel", panels.SETS)
def test_every_exercise_has_a_full_panel(panel):
    entries = panels.load(panel)
    counts: dict[tuple[str, str], int] = {}
    for e in entries:
        counts[(e.exercise, e.kind)] = counts.get((e.exercise, e.kind), 0) + 1
    for ex in {e.exercise for e in entries}:
        assert counts.get((ex, "expert"), 0) >= 10 and counts.get((ex, "cheat"), 0) >= 5 and counts.get((ex, "near_miss"), 0) >= 3, ex


@pytest.mark.parametrize("panel", panels.SETS)
def test_no_exercise_grades_its_panel_worse_than_before(panel):
    measured = panels.measure(panel)  # graded here, not at collection: each panel once, in whichever worker runs it
    worse = [f"{ex} {kind}: {measured.get(ex, {}).get(kind, 0)} < {floor}"
             for ex, kinds in FLOORS[panel].items() for kind, floor in kinds.items()
             if measured.get(ex, {}).get(kind, 0) < floor]
    assert not worse, "grading got less fair on the blind panel:\n" + "\n".join(worse)


STATEMENTS = json.loads((panels.PANELS_DIR / "statements.json").read_text(encoding="utf-8"))["entries"]


def test_each_exercise_passes_its_own_task_statement():
    """The task statement turned into a prompt, its wording kept (written blind from the learner's view), passes."""
    assert sorted(e["exercise"] for e in STATEMENTS) == sorted(ex.id for ex in specs.all_exercises())
    results = {e["exercise"]: check(e["exercise"], record=False, **e["fields"]) for e in STATEMENTS}
    failing = {ex: r.reasons for ex, r in results.items() if not r.passed}
    assert not failing, failing


def _fields(entry: panels.Entry) -> dict[str, str]:
    """An entry's fields as one concrete prompt (a template's slot left as written)."""
    fields = dict(entry.fields)
    if "template" in fields:
        fields["prompt"] = fields.pop("template")
    return fields


@pytest.mark.parametrize("panel", panels.SETS)
def test_checker_and_model_read_every_panel_prompt_the_same_way(panel):
    """Whatever the checker accepts as a delimiter or a role, the model treats the same way."""
    for entry in panels.load(panel):
        fields = _fields(entry)
        conv = conversation.parse([{"role": "system", "content": fields.get("system", "")},
                                   {"role": "user", "content": fields.get("prompt", "")}])
        seen = features.detect(conv)
        fenced = checks.uses_delimiters(fields)[0]
        assert fenced == bool(seen.delimiters), (entry.exercise, entry.note)
        if fields.get("system"):
            alone = features.detect(conversation.parse([{"role": "system", "content": fields["system"]},
                                                        {"role": "user", "content": "Hello."}]))
            assert checks.sets_role(fields)[0] == (alone.persona is not None), (entry.exercise, entry.note)
