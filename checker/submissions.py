"""Read learners' answers out of exercise notebooks with `ast`; nothing in a notebook is ever executed.

An exercise cell looks like

    prompt = \"\"\"...\"\"\"
    exercise("04.2", prompt=prompt)

The answer is the keyword arguments of the last `exercise(...)` or `check(...)` call for each id.
A keyword may be a string literal or a name assigned a string literal earlier in the notebook
(`prompt`, `system`, `prefill`, `template`).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

CALLS = ("exercise", "check")
FIELDS = ("prompt", "system", "prefill", "template")


class NotebookError(ValueError):
    """A notebook that cannot be read; the message says why."""


@dataclass(frozen=True)
class Submission:
    """One learner's answer to one exercise."""

    student: str
    exercise_id: str
    fields: dict[str, str]
    origin: str  # the notebook or progress file it came from, relative to the folder given
    source: str = "notebook"  # "notebook" or "progress"
    time: str = ""  # when it was written: the notebook's modification time, or the attempt's time (ISO, UTC)


def _string(node: ast.AST, names: dict[str, str]) -> str | None:
    """The string a node stands for: a literal, a concatenation of literals, or a known name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left, names), _string(node.right, names)
        return left + right if left is not None and right is not None else None
    return None


def _call_name(node: ast.Call) -> str:
    """The called function's name (`exercise`, `checker.exercise` -> 'exercise')."""
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _scan_cell(tree: ast.Module, names: dict[str, str], found: dict[str, dict[str, str]]) -> None:
    """Record string assignments and exercise/check calls in one cell, in source order."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = _string(node.value, names)
            if value is not None:
                names[node.targets[0].id] = value
            else:
                names.pop(node.targets[0].id, None)
        call = node.value if isinstance(node, (ast.Expr, ast.Assign)) else None
        if isinstance(call, ast.Call) and _call_name(call) in CALLS and call.args:
            ex_id = _string(call.args[0], names)
            if ex_id is None:
                continue
            fields = {}
            if len(call.args) > 1 and (text := _string(call.args[1], names)) is not None:
                fields["prompt"] = text
            for kw in call.keywords:
                if kw.arg in FIELDS and (text := _string(kw.value, names)) is not None:
                    fields[kw.arg] = text
            found[ex_id] = fields


def code_cells(path: Path) -> list[str]:
    """The source of every code cell of a notebook file (raises NotebookError if it is malformed)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotebookError(f"not a readable notebook ({exc})") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise NotebookError("no list of cells (is it a Jupyter notebook?)")
    out = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            src = cell.get("source", "")
            out.append("".join(src) if isinstance(src, list) else str(src))
    return out


def _strip_magics(source: str) -> str:
    """Drop IPython magics and shell lines, which are not Python."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def answers(path: Path) -> dict[str, dict[str, str]]:
    """Exercise id -> fields, from the last exercise/check call for each id in the notebook."""
    names: dict[str, str] = {}
    found: dict[str, dict[str, str]] = {}
    for source in code_cells(path):
        try:
            tree = ast.parse(_strip_magics(source))
        except SyntaxError:
            continue  # a learner's broken cell: the rest of the notebook still counts
        _scan_cell(tree, names, found)
    return found


def student_of(path: Path, root: Path) -> str:
    """The student a notebook belongs to: its first folder under root, else the file name's stem."""
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else path.stem


def modified(path: Path) -> str:
    """A file's modification time as ISO UTC."""
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")


def collect(root: Path) -> tuple[list[Submission], list[tuple[str, str]]]:
    """Every submission under root, and (notebook, reason) for each malformed notebook skipped."""
    subs: list[Submission] = []
    bad: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        rel = str(path.relative_to(root))
        try:
            found = answers(path)
        except NotebookError as exc:
            bad.append((rel, str(exc)))
            continue
        when = modified(path)
        subs += [Submission(student_of(path, root), ex_id, fields, rel, "notebook", when) for ex_id, fields in found.items()]
    return subs, bad
