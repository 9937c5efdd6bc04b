"""Keep the course notebooks honest: build, execute, clean, and generate exercises from solutions.

    python tools/notebooks.py generate          # solutions/*.ipynb -> exercises/*.ipynb
    python tools/notebooks.py tidy              # rewrite lessons/ and solutions/ in their canonical form (no re-run)
    python tools/notebooks.py check             # exit 1 if a notebook differs from what tidy or generate writes
    python tools/notebooks.py run [PATH ...]    # re-execute lessons/ and solutions/ in place (saved outputs)
    python tools/notebooks.py build SRC.py OUT.ipynb   # percent-format script -> notebook (for authors)

`solutions/` is the single source of each exercise notebook. In the exercise copy:
- cells tagged `solution` are dropped;
- in code cells, lines from `### BEGIN SOLUTION` to `### END SOLUTION` become the lines of the
  `### STARTER` block that follows (or `...` when there is none), and the STARTER block's leading
  `# ` is removed;
- in markdown cells, text between `<!-- BEGIN SOLUTION -->` and `<!-- END SOLUTION -->` is dropped;
- every output and execution count is cleared.

Every notebook is kept in a canonical form (`tidy`, also applied by `run` and `generate`): each
exercise section, from its `### Exercise ID · ` heading to the end of its markdown cell, is written
from the spec (checker/specs/*.toml holds the title and task), and the metadata records no Python
version (`language_info.version`), so a re-run on another patch release changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
LESSONS, EXERCISES, SOLUTIONS = ROOT / "lessons", ROOT / "exercises", ROOT / "solutions"

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_TAG = "widget-output"  # its output is a live widget: not saved, not compared by nbval
_MD_SOLUTION = re.compile(r"\n?<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->\n?", re.S)
_EXERCISE_HEADING = re.compile(r"^### Exercise (\d\d\.\d+) · ", re.M)
_CELL_HEADER = re.compile(r"^# %%(?: \[(markdown|md)\])?(?: tags=(\[.*\]))?\s*$")


def _strip_code_solution(source: str) -> str:
    """Replace each BEGIN/END SOLUTION block with its STARTER block (or `...`)."""
    out: list[str] = []
    lines = source.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == "### BEGIN SOLUTION":
            indent = line[: len(line) - len(line.lstrip())]
            while i < len(lines) and lines[i].strip() != "### END SOLUTION":
                i += 1
            i += 1
            starter: list[str] = []
            if i < len(lines) and lines[i].strip() == "### STARTER":
                i += 1
                while i < len(lines) and lines[i].strip() != "### END STARTER":
                    text = lines[i]
                    stripped = text.lstrip()
                    pad = text[: len(text) - len(stripped)]
                    starter.append(pad + (stripped[2:] if stripped.startswith("# ") else stripped.lstrip("#")))
                    i += 1
                i += 1
            out.extend(starter or [indent + "..."])
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _merge_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) pieces: how a kernel splits them varies from run to run."""
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if out.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream" \
                and last.get("name") == out.get("name"):
            last["text"] = "".join(last["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    return merged


def _clean_metadata(nb: nbformat.NotebookNode) -> None:
    """Drop what changes on every run (widget state and views, execution timing).

    A saved widget view without its state shows "Error displaying widget: model not found" when
    the notebook is opened, so widget outputs are not saved: the cell is tagged instead, and shows
    its widget when the learner runs it.
    """
    nb.metadata.pop("widgets", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
        outputs = cell.get("outputs") or []
        if any(WIDGET_MIME in (out.get("data") or {}) for out in outputs):
            cell.outputs = [out for out in outputs if WIDGET_MIME not in (out.get("data") or {})]
            tags = cell.metadata.setdefault("tags", [])
            if WIDGET_TAG not in tags:
                tags.append(WIDGET_TAG)


def _markdown(text: str) -> str:
    """Plain text made safe for markdown: a dollar sign would start maths, an angle bracket a tag."""
    return text.replace("$", "\\$").replace("<", "&lt;")


def task_section(exercise_id: str) -> str:
    """An exercise's heading and task statement, written from its spec (the one source of both)."""
    from checker import specs

    spec = specs.get(exercise_id)
    return f"### Exercise {spec.id} · {spec.title}\n\n{_markdown(spec.task.strip())}"


def _write_tasks(nb: nbformat.NotebookNode) -> None:
    """Rewrite each exercise section (its heading to the end of its markdown cell) from the spec."""
    for cell in nb.cells:
        headings = list(_EXERCISE_HEADING.finditer(cell.source)) if cell.cell_type == "markdown" else []
        if len(headings) > 1:
            raise SystemExit(f"one exercise heading per markdown cell, found {len(headings)} in: {cell.source[:80]!r}")
        if headings:
            cell.source = cell.source[:headings[0].start()] + task_section(headings[0].group(1))


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The canonical form of a lesson or solution notebook: tasks from the specs, stable metadata."""
    _write_tasks(nb)
    _clean_metadata(nb)
    return nb


def exercise_from_solution(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The exercise copy of a solution notebook."""
    nb = nbformat.from_dict(json.loads(json.dumps(solution)))
    cells = []
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = _strip_code_solution(cell.source)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = _MD_SOLUTION.sub("\n", cell.source).strip("\n")
        cells.append(cell)
    nb.cells = cells
    return tidy(nb)


def dumps(nb: nbformat.NotebookNode) -> str:
    """The canonical text of a notebook (stable key order, one trailing newline)."""
    return nbformat.writes(nb, version=4) + "\n"


def _update(target: Path, text: str, write: bool) -> bool:
    """Write text to target if it differs (when write is set); True if it differed."""
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    if write:
        target.write_text(text, encoding="utf-8")
    return True


def tidy_all(write: bool = True) -> list[Path]:
    """Put lessons/ and solutions/ in their canonical form; return the files that changed (or would)."""
    paths = sorted(LESSONS.glob("*.ipynb")) + sorted(SOLUTIONS.glob("*.ipynb"))
    return [p for p in paths if _update(p, dumps(tidy(nbformat.read(p, as_version=4))), write)]


def generate(write: bool = True) -> list[Path]:
    """Write exercises/ from solutions/; return the exercise files that changed (or would)."""
    return [EXERCISES / src.name for src in sorted(SOLUTIONS.glob("*.ipynb"))
            if _update(EXERCISES / src.name, dumps(exercise_from_solution(nbformat.read(src, as_version=4))), write)]


def isolated_env() -> dict[str, str]:
    """Environment for executing notebooks: offline, no key, throw-away cache and progress."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OPENAI_", "TUTOR_")) and k not in ("COURSE_ROOM_DIR", "COURSE_LESSONS")}
    scratch = Path(tempfile.mkdtemp(prefix="course-run-"))
    env.update(
        TUTOR_ENV_FILE=str(scratch / "no.env"),
        COURSE_WORKSHOP=str(scratch / "no-workshop.toml"),
        TUTOR_CACHE_DIR=str(scratch / "cache"),
        COURSE_DATA_DIR=str(scratch / "data"),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env


def run(paths: list[Path]) -> None:
    """Execute notebooks top to bottom in a fresh kernel and save their outputs."""
    from nbclient import NotebookClient

    env = isolated_env()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        for path in paths:
            print(f"running {path.relative_to(ROOT)}", flush=True)
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
            path.write_text(dumps(tidy(nb)), encoding="utf-8")
    finally:
        os.environ.clear()
        os.environ.update(saved)


def build(src: Path, out: Path) -> None:
    """Turn a percent-format script (`# %%`, `# %% [markdown]`, `tags=[...]`) into a notebook."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    kind, tags, lines = None, [], []

    def flush() -> None:
        if kind is None:
            return
        text = "\n".join(lines).strip("\n")
        if kind == "markdown":
            text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in text.split("\n"))
            cell = nbformat.v4.new_markdown_cell(text)
        else:
            cell = nbformat.v4.new_code_cell(text)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)

    for line in src.read_text(encoding="utf-8").split("\n"):
        match = _CELL_HEADER.match(line)
        if match:
            flush()
            kind = "markdown" if match.group(1) else "code"
            tags = json.loads(match.group(2)) if match.group(2) else []
            lines = []
        elif kind is not None:
            lines.append(line)
    flush()
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number:03d}"  # stable ids keep diffs small
    out.write_text(dumps(nb), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("generate")
    sub.add_parser("tidy")
    sub.add_parser("check")
    run_p = sub.add_parser("run")
    run_p.add_argument("paths", nargs="*", type=Path)
    build_p = sub.add_parser("build")
    build_p.add_argument("src", type=Path)
    build_p.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # the checkout's checker (its specs), whatever is installed
    if args.command in ("generate", "tidy"):
        for path in (generate() if args.command == "generate" else tidy_all()):
            print(f"wrote {path.relative_to(ROOT)}")
    elif args.command == "check":
        stale = [(p, "tidy") for p in tidy_all(write=False)] + [(p, "generate") for p in generate(write=False)]
        for path, command in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run `python tools/notebooks.py {command}`")
        return 1 if stale else 0
    elif args.command == "run":
        paths = [p.resolve() for p in args.paths] or sorted(LESSONS.glob("*.ipynb")) + sorted(SOLUTIONS.glob("*.ipynb"))
        run(paths)
    else:
        build(args.src, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
