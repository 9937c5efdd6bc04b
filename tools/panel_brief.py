"""Write what a learner sees of each exercise (task, fields, starter text, hints) as a panel brief.

Blind panels write their prompts from this brief alone: never the reference, the checks, the
solutions or the model's code. Usage: python tools/panel_brief.py OUT_DIR [EXERCISE_ID ...]
writes one brief per exercise and, beside them, the writers' instructions (tools/panel_writers.md)
as INSTRUCTIONS.md: hand a writer that folder and nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker import specs

WRITERS = Path(__file__).resolve().parent / "panel_writers.md"  # what a blind writer is asked to write: 12 experts, 6 cheats, 4 near-misses

FIELD_NOTES = {
    "prompt": "the user message",
    "system": "the system prompt, read before the conversation",
    "prefill": "the start of the assistant's reply; the model continues from it",
    "template": "a prompt with {variable} slots; the checker fills it with test inputs you do not see",
    "tests": "your test set: plain text, one test case per block (blank line between blocks), each a 'name: value' line per "
             "template slot followed by 'name: value' lines with the answers you expect; it is never sent to the model",
    "guide": "a short plain-text guide for whoever reuses the template (when to use it, its known limits); never sent to the model",
    "step1": "the first prompt of a chain; its {variable} slots are filled with test inputs you do not see",
    "step2": "the second prompt of the chain, run after step 1; write {step1} where step 1's output goes "
             "(and the input slots the task names where the given data goes)",
    "step3": "the third prompt of the chain, run after step 2; write {step1} and {step2} where those steps' outputs go",
}


def brief(ex: specs.Exercise) -> str:
    """The learner's view of one exercise, as markdown."""
    lines = [f"## Exercise {ex.id} · {ex.title}", "", ex.task, "", "Fields you write:"]
    for name in ex.fields:
        starter = ex.starter.get(name, "")
        shown = f' (starts as: "{starter}")' if starter else " (starts empty)"
        lines.append(f"- `{name}`: {FIELD_NOTES[name]}{shown}")
    lines += ["", "Hints, in the order the widget reveals them:"]
    lines += [f"{i}. {h}" for i, h in enumerate(ex.hints, 1)]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Write one brief file per exercise, and the writers' instructions, into the folder given."""
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(argv[1:])
    for ex in specs.all_exercises():
        if not wanted or ex.id in wanted:
            (out / f"{ex.id}.md").write_text(brief(ex), encoding="utf-8")
    (out / "INSTRUCTIONS.md").write_text(WRITERS.read_text(encoding="utf-8"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
