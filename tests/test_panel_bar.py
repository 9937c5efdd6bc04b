"""The fair-grading bar on the development panels, per exercise: experts pass ≥ 90%, cheats fail ≥ 95%, near-misses ≥ 90%.

Each exercise is held to the bar over all its development panels pooled (dev, dev2, ...: 12 experts, 6 cheats and
4 near-misses each). Entries whose label we dispute are listed, each with its reason, in tests/panels/disputed.json
and left out of the pool. The fresh test panel is held to its measured floors (tests/test_panels.py), never tuned to.
"""

from __future__ import annotations

import json

import pytest

from checker import panels

DEV_SETS = tuple(s for s in panels.SETS if s.startswith("dev"))
DISPUTED = json.loads((panels.PANELS_DIR / "disputed.json").read_text(encoding="utf-8"))["entries"]


def _disputed(panel: str, entry: panels.Entry) -> bool:
    """True when the entry is on the disputed list (matched by panel, exercise, kind and the start of its note)."""
    return any(d["panel"] == panel and d["exercise"] == entry.exercise and d["kind"] == entry.kind
               and entry.note.startswith(d["note"]) for d in DISPUTED)


def test_every_disputed_label_names_one_entry_and_a_reason():
    for d in DISPUTED:
        matches = [e for e in panels.load(d["panel"]) if _disputed(d["panel"], e) and e.note.startswith(d["note"])]
        assert len(matches) == 1 and d["why"].strip(), d


@pytest.fixture(scope="module")
def pooled() -> dict[tuple[str, str], tuple[int, int]]:
    """(exercise, kind) -> (entries on the right side, entries) over every development panel, disputed entries left out."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for panel in DEV_SETS:
        kept = [e for e in panels.load(panel) if not _disputed(panel, e)]
        for key, (good, total) in panels.score(kept).items():
            g, t = out.get(key, (0, 0))
            out[key] = (g + good, t + total)
    return out


def test_every_exercise_meets_the_bar_over_its_development_panels(pooled):
    below = [f"{ex} {kind}: {good}/{total}" for (ex, kind), (good, total) in sorted(pooled.items())
             if not panels.meets_bar(good, total, kind)]
    assert not below, "below the fair-grading bar over the development panels:\n" + "\n".join(below)
