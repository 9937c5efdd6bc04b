"""Each module binds each top-level name once: a second `_RULE_HEAD = ...` further down silently replaces the first for every reader above it."""
import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(p for pkg in ("tutor", "checker", "tools", "bench") for p in (ROOT / pkg).rglob("*.py"))


def top_level_names(tree: ast.Module) -> list[str]:
    """Names a module binds at its top level by assignment, def or class (not imports, not `if`/`try` branches)."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names.append(node.target.id)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_top_level_name_is_bound_once(path: Path) -> None:
    """A name defined twice in one module is a shadowing bug waiting to happen (round 12 merged two different `_RULE_HEAD`s)."""
    counts = Counter(top_level_names(ast.parse(path.read_text(encoding="utf-8"))))
    assert not [n for n, c in counts.items() if c > 1], f"{path.name} binds these names more than once: {[n for n, c in counts.items() if c > 1]}"


def test_the_check_sees_a_second_binding() -> None:
    """The reader finds a repeated name (so the test above can fail)."""
    assert Counter(top_level_names(ast.parse("A = 1\ndef f(): pass\nA = 2\n")))["A"] == 2
