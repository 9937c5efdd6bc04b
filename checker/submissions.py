"""Read learners' answers out of exercise notebooks with `ast`; nothing in a notebook is ever executed.

An exercise cell looks like

    prompt = \"\"\"...\"\"\"
    exercise("04.2", prompt=prompt)

The answer is the keyword arguments of the last `exercise(...)` or `check(...)` call for each id, also
when wrapped (`display(exercise(...))`) or given its id by keyword (`exercise(exercise_id="04.2", ...)`).
A keyword may be a string literal or a name assigned strings earlier in the notebook (`prompt = ...`,
`prompt: str = ...`, `prompt += ...`). Folding is iterative and capped at MAX_FOLDED_CHARS, so no
crafted notebook can exhaust the recursion limit or memory here.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tutor.chat import FIELDS

CALLS = ("exercise", "check")


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


MAX_FOLDED_CHARS = 1_000_000  # a folded string longer than this is not a prompt: it is treated as unknown


def _terms(node: ast.AST) -> list[ast.AST]:
    """The operands of a chain of `+` (`a + b + c` -> [a, b, c]), without recursion."""
    terms, stack = [], [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
            stack += [n.right, n.left]
        else:
            terms.append(n)
    return terms


def _string(node: ast.AST, names: dict[str, str]) -> str | None:
    """The string a node stands for: a literal, a known name, or a `+` of those (None if unknown or too long)."""
    parts, size = [], 0
    for term in _terms(node):
        if isinstance(term, ast.Constant) and isinstance(term.value, str):
            text = term.value
        elif isinstance(term, ast.Name) and term.id in names:
            text = names[term.id]
        else:
            return None
        size += len(text)
        if size > MAX_FOLDED_CHARS:
            return None
        parts.append(text)
    return "".join(parts)


def _call_name(node: ast.Call) -> str:
    """The called function's name (`exercise`, `checker.exercise` -> 'exercise')."""
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _assign(node: ast.stmt, names: dict[str, str]) -> None:
    """Track a string assignment (`=`, `+=`, `: str =`) to a plain name; forget names given anything else."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target, value = node.target, node.value
    elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
        target = node.target
        value = ast.BinOp(ast.Name(target.id, ast.Load()), ast.Add(), node.value) if isinstance(target, ast.Name) else None
    else:
        return
    if not isinstance(target, ast.Name):
        return
    text = _string(value, names) if value is not None else None
    if text is None:
        names.pop(target.id, None)
    else:
        names[target.id] = text


def _calls(node: ast.stmt) -> list[ast.Call]:
    """The exercise/check calls in a statement's expression, wrapped ones included (`display(exercise(...))`)."""
    value = getattr(node, "value", None) if isinstance(node, (ast.Expr, ast.Assign, ast.AnnAssign)) else None
    if value is None:
        return []
    return [n for n in ast.walk(value) if isinstance(n, ast.Call) and _call_name(n) in CALLS]


def _answer(call: ast.Call, names: dict[str, str]) -> tuple[str, dict[str, str]] | None:
    """(exercise id, fields) of one exercise/check call, or None if its id is not a known string."""
    keywords = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    id_node = call.args[0] if call.args else keywords.get("exercise_id")
    ex_id = _string(id_node, names) if id_node is not None else None
    if ex_id is None:
        return None
    fields = {}
    if len(call.args) > 1 and (text := _string(call.args[1], names)) is not None:
        fields["prompt"] = text
    for name, value in keywords.items():
        if name in FIELDS and (text := _string(value, names)) is not None:
            fields[name] = text
    return ex_id, fields


def _scan_cell(tree: ast.Module, names: dict[str, str], found: dict[str, dict[str, str]]) -> None:
    """Record string assignments and exercise/check calls in one cell, in source order."""
    for node in tree.body:
        for call in _calls(node):
            if (answer := _answer(call, names)) is not None:
                found[answer[0]] = answer[1]
        _assign(node, names)


def code_cells(path: Path) -> list[str]:
    """The source of every code cell of a notebook file (raises NotebookError if it is malformed)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotebookError(f"not a readable notebook ({exc})") from None
    except RecursionError:
        raise NotebookError("not a readable notebook (its JSON is nested too deeply)") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise NotebookError("no list of cells (is it a Jupyter notebook?)")
    out = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            if (source := _source(cell.get("source", ""))) is not None:
                out.append(source)
    return out


def _source(src: object) -> str | None:
    """A cell's source as text: a string, or a list of strings as Jupyter saves it; None for anything else."""
    if isinstance(src, str):
        return src
    if isinstance(src, list) and all(isinstance(line, str) for line in src):
        return "".join(src)
    return None


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
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # a broken (or absurdly nested) cell: the rest of the notebook still counts
        _scan_cell(tree, names, found)
    return found


def student_of(path: Path, root: Path) -> str:
    """The student a notebook belongs to: its first folder under root, else the file name's stem."""
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else path.stem


def notebooks(root: Path) -> list[Path]:
    """Every notebook under root, in order, leaving out Jupyter's checkpoint copies."""
    return [p for p in sorted(root.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.relative_to(root).parts]


def modified(path: Path) -> str:
    """A file's modification time as ISO UTC."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")


def collect(root: Path) -> tuple[list[Submission], list[tuple[str, str]]]:
    """Every submission under root, and (notebook, reason) for each malformed notebook skipped."""
    subs: list[Submission] = []
    bad: list[tuple[str, str]] = []
    for path in notebooks(root):
        rel = str(path.relative_to(root))
        try:
            found = answers(path)
        except NotebookError as exc:
            bad.append((rel, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one crafted notebook must not stop the others
            bad.append((rel, f"could not be read ({type(exc).__name__})"))
            continue
        when = modified(path)
        subs += [Submission(student_of(path, root), ex_id, fields, rel, "notebook", when) for ex_id, fields in found.items()]
    return subs, bad
