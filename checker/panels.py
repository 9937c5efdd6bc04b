"""Blind panels: prompts written from the task statement alone, kept as data and graded like a learner's.

A panel file (`tests/panels/<set>/<id>.json`) holds expert prompts (which must pass), cheats and
near-misses (which must fail). `score()` grades every entry; `python -m checker panels SET` prints the
pass rates per exercise and per lesson and the entries on the wrong side of the bar (counts only for the
held-out test set).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from checker.grading import Result, check

PANELS_DIR = Path(__file__).resolve().parent.parent / "tests" / "panels"
KINDS = ("expert", "cheat", "near_miss")
SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "test")  # dev*: fixed against (dev2-dev16, dev18 and dev19 were test panels first, then demoted; dev17 was written blind as an extra development panel); a fresh test set is added after each round, never tuned to
BARS = {"expert": 0.90, "cheat": 0.95, "near_miss": 0.90}  # experts pass ≥ 90%; cheats and near-misses fail at these rates


@dataclass(frozen=True)
class Entry:
    """One panel prompt: its kind, the learner's fields and the writer's note."""

    exercise: str
    kind: str
    fields: dict[str, str]
    note: str = ""

    @property
    def should_pass(self) -> bool:
        """Experts should pass; cheats and near-misses should fail."""
        return self.kind == "expert"


def load(panel: str, folder: Path = PANELS_DIR) -> list[Entry]:
    """Every entry of a panel set (a folder name under tests/panels), in exercise order."""
    entries = []
    for path in sorted((folder / panel).glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        for item in raw["entries"]:
            if item["kind"] not in KINDS:
                raise ValueError(f"{path.name}: unknown kind {item['kind']!r}")
            entries.append(Entry(raw["exercise"], item["kind"], dict(item["fields"]), item.get("note", "")))
    return entries


def grade(entry: Entry) -> Result:
    """Grade one entry the way the widget grades a learner (nothing recorded)."""
    return check(entry.exercise, record=False, **entry.fields)


def score(entries: list[Entry]) -> dict[tuple[str, str], tuple[int, int]]:
    """(exercise, kind) -> (entries on the right side of the bar, entries) for a list of entries."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for e in entries:
        right = grade(e).passed == e.should_pass
        good, total = out.get((e.exercise, e.kind), (0, 0))
        out[(e.exercise, e.kind)] = (good + right, total + 1)
    return out


def meets_bar(good: int, total: int, kind: str) -> bool:
    """True when the share on the right side reaches the bar for this kind."""
    return total == 0 or good / total >= BARS[kind] - 1e-9


HELD_OUT = "test"  # the fresh panel nobody tunes to: graded as counts only


def _cells(kinds: dict[str, tuple[int, int]]) -> str:
    """'expert 11/12  cheat 6/6  near_miss 3/4 ✗' for one exercise's or lesson's counts."""
    out = []
    for k in KINDS:
        good, total = kinds.get(k, (0, 0))
        out.append(f"{k} {good}/{total}" + ("" if meets_bar(good, total, k) else " ✗"))
    return "  ".join(out)


def _at_bar(kinds: dict[str, tuple[int, int]]) -> bool:
    """True when an exercise meets the bar for every kind."""
    return all(meets_bar(*kinds.get(k, (0, 0)), k) for k in KINDS)


def _why(result: Result) -> str:
    """The reasons a graded entry failed, or 'passed'."""
    return "; ".join(o.reason for o in result.outcomes if not o.passed) or result.problem or "passed"


def report(panel: str, show_wrong: bool = True, exercises: tuple[str, ...] = ()) -> str:
    """A text table of the panel's rates per exercise and per lesson, and the entries on the wrong side.

    The held-out test panel is always reported as counts only: to read its entries, demote it first.
    """
    show_wrong = show_wrong and panel != HELD_OUT
    lines, wrong, totals = [f"panel {panel}: experts pass / cheats fail / near-misses fail"], [], {k: [0, 0] for k in KINDS}
    by_ex: dict[str, dict[str, tuple[int, int]]] = {}
    for e in load(panel):
        if exercises and e.exercise not in exercises:
            continue
        result = grade(e)
        right = result.passed == e.should_pass
        good, total = by_ex.setdefault(e.exercise, {}).get(e.kind, (0, 0))
        by_ex[e.exercise][e.kind] = (good + right, total + 1)
        totals[e.kind][0] += right
        totals[e.kind][1] += 1
        if not right and show_wrong:
            reply = result.reply.text if result.reply else ""
            wrong.append(f"[{e.exercise} {e.kind}] {e.note}\n    fields: {json.dumps(e.fields)[:400]}\n    reply: {reply[:300]!r}\n    why: {_why(result)[:300]}")
    by_lesson: dict[str, dict[str, tuple[int, int]]] = {}
    for ex, kinds in by_ex.items():
        lines.append(f"  {ex}: {_cells(kinds)}")
        lesson = by_lesson.setdefault(ex.split(".")[0], {})
        for k, (good, total) in kinds.items():
            g0, t0 = lesson.get(k, (0, 0))
            lesson[k] = (g0 + good, t0 + total)
    if not by_ex:
        return lines[0] + "\n  (no entries)"
    lines.append("  total: " + "  ".join(f"{k} {g}/{t} ({g / t:.0%})" for k, (g, t) in totals.items() if t))
    lines.append(f"  at the bar: {sum(_at_bar(k) for k in by_ex.values())} of {len(by_ex)} exercises")
    lines += [f"  lesson {lesson}: {_cells(kinds)}" for lesson, kinds in by_lesson.items()]
    return "\n".join(lines + ([""] + wrong if wrong else []))


FLOORS = PANELS_DIR / "floors.json"


def measure(panel: str) -> dict[str, dict[str, int]]:
    """'exercise' -> {kind: entries on the right side} for a panel set."""
    out: dict[str, dict[str, int]] = {}
    for (ex, kind), (good, _total) in score(load(panel)).items():
        out.setdefault(ex, {})[kind] = good
    return out


def write_floors() -> None:
    """Record today's rates as the floor CI holds every panel to (run after an improvement, never to hide a drop)."""
    FLOORS.write_text(json.dumps({p: measure(p) for p in SETS}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
