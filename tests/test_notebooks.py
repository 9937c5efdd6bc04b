"""The notebooks' structure: same stems everywhere, the five-part shape, generated exercises up
to date, task statements written from the specs, nothing secret or machine-specific saved, and a
README that lists every lesson."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("lessons", "exercises", "solutions")
SHAPE = ("Objectives", ("Lesson", "Recap"), "Exercises", "Summary", "Playground")
SECRET_OR_LOCAL = re.compile(
    r"sk-[A-Za-z0-9_\-]{16,}"  # an OpenAI-style key
    r"|token=[0-9a-f]{16,}"  # a Jupyter server token in a URL
    r"|(?<![\w.])/(?:work|root|home/\w+|tmp|Users/\w+)/"  # an absolute path of some machine
    r"|[A-Z]:\\\\Users\\\\"
)


def stems(folder: str) -> list[str]:
    """The notebook stems in a folder, sorted."""
    return sorted(p.stem for p in (ROOT / folder).glob("*.ipynb"))


def all_notebooks() -> list[Path]:
    """Every course notebook."""
    return [p for folder in FOLDERS for p in sorted((ROOT / folder).glob("*.ipynb"))]


def headings(nb: nbformat.NotebookNode) -> list[str]:
    """The level-2 headings of a notebook's markdown cells, in order."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found += re.findall(r"^## +(.+?)\s*$", cell.source, re.M)
    return found


def test_same_stems_in_all_three_folders_and_the_specs() -> None:
    lessons = stems("lessons")
    for folder in ("exercises", "solutions"):
        assert stems(folder) == lessons, f"{folder}/ and lessons/ should hold the same stems"
    spec_files = sorted(p.stem for p in (ROOT / "checker" / "specs").glob("*.toml"))
    assert spec_files == lessons, f"each lesson needs its checker/specs/<stem>.toml and each spec file its lesson: {spec_files}"


def test_stems_are_numbered_in_order() -> None:
    numbers = [int(s[:2]) for s in stems("lessons")]
    assert numbers == list(range(len(numbers))), f"lesson numbers should run 00, 01, ... without gaps: {numbers}"


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_has_the_five_part_shape(path: Path) -> None:
    found = headings(nbformat.read(path, as_version=4))
    position = -1
    for part in SHAPE:
        names = part if isinstance(part, tuple) else (part,)
        hits = [i for i, h in enumerate(found) if any(h.startswith(n) for n in names)]
        assert hits, f"{path.name}: no '## {names[0]}' section (found {found})"
        assert hits[0] > position, f"{path.name}: '## {names[0]}' is out of order (found {found})"
        position = hits[0]


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_key_token_or_local_path_in_notebooks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = SECRET_OR_LOCAL.search(text)
    assert match is None, f"{path.name} contains {match.group(0)!r}"


@pytest.mark.parametrize("path", sorted((ROOT / "exercises").glob("*.ipynb")), ids=lambda p: p.name)
def test_exercise_notebooks_have_no_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lessons_and_solutions_were_run_top_to_bottom(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert None not in counts, f"{path.name}: some cells were never run (make notebooks)"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not run top to bottom once: {counts}"


def test_notebooks_are_tidy_and_exercises_generated_from_the_solutions() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "notebooks.py"), "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def notebook_tools():
    """tools/notebooks.py loaded as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("course_notebooks", ROOT / "tools" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_task_statements_are_the_specs(path: Path) -> None:
    """Each exercise's section (heading to the end of its cell) is the spec's title and task, for every exercise of the lesson."""
    tools = notebook_tools()
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        heading = re.search(r"^### Exercise (\d\d\.\d+) · ", cell.source, re.M) if cell.cell_type == "markdown" else None
        if heading:
            found.append(heading.group(1))
            assert cell.source[heading.start():] == tools.task_section(heading.group(1)), f"{path.name}: {heading.group(1)} differs from its spec"
    assert sorted(found) == sorted(spec_ids(path.stem[:2])), f"{path.name}: task sections {found}"


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_metadata_names_no_python_patch_version(path: Path) -> None:
    """The metadata says Python, not the author's exact version (a re-run elsewhere would change it)."""
    language = nbformat.read(path, as_version=4).metadata.get("language_info", {})
    assert language.get("name") == "python" and "version" not in language, language


def readme_lessons() -> list[tuple[str, str, str, int]]:
    """(number, link target, description, exercise count) for each row of the README's lesson table."""
    rows = re.findall(r"^\| (\d\d) \| \[[^\]]+\]\(lessons/([^)]+)\.ipynb\) \| ([^|]*) \| (\d+) \|$",
                      (ROOT / "README.md").read_text(encoding="utf-8"), re.M)
    return [(n, stem, desc.strip(), int(count)) for n, stem, desc, count in rows]


def test_readme_lists_every_lesson_in_order_with_its_exercise_count() -> None:
    from checker import all_exercises

    rows = readme_lessons()
    assert [stem for _, stem, _, _ in rows] == stems("lessons"), "README's lesson table should list every lesson, in order"
    counts: dict[str, int] = {}
    for spec in all_exercises():
        counts[spec.id.split(".")[0]] = counts.get(spec.id.split(".")[0], 0) + 1
    for number, stem, description, count in rows:
        assert description, f"README: lesson {stem} needs a one-line description"
        assert count == counts.get(number, 0), f"README says lesson {number} has {count} exercises; specs have {counts.get(number, 0)}"


def exercise_ids_in(path: Path, call: str) -> list[str]:
    """Exercise ids passed to `call(...)` in a notebook's code cells (read with ast, never run)."""
    import ast

    ids = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == call
                    and node.args and isinstance(node.args[0], ast.Constant)):
                ids.append(node.args[0].value)
    return ids


def spec_ids(number: str) -> list[str]:
    """The exercise ids the specs define for one lesson number."""
    from checker import all_exercises

    return [spec.id for spec in all_exercises() if spec.id.split(".")[0] == number]


@pytest.mark.parametrize("stem", stems("lessons"))
def test_every_exercise_appears_as_a_widget_in_lesson_and_workbooks(stem: str) -> None:
    expected = spec_ids(stem[:2])
    assert len(expected) >= 3, f"lesson {stem} needs at least 3 graded exercises"
    for folder in FOLDERS:
        found = exercise_ids_in(ROOT / folder / f"{stem}.ipynb", "exercise")
        assert sorted(found) == sorted(expected), f"{folder}/{stem}: exercise widgets {found}, specs {expected}"


@pytest.mark.parametrize("stem", stems("solutions"))
def test_solution_notebooks_record_each_reference_passing(stem: str) -> None:
    nb = nbformat.read(ROOT / "solutions" / f"{stem}.ipynb", as_version=4)
    solved = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and "solution" in cell.metadata.get("tags", []):
            text = "".join(str((o.get("data") or {}).get("text/plain", "")) for o in cell.get("outputs", []))
            for exercise_id in exercise_ids_in(ROOT / "solutions" / f"{stem}.ipynb", "check"):
                if f"Exercise {exercise_id} " in text and ": solved (" in text:
                    solved.add(exercise_id)
    assert solved == set(spec_ids(stem[:2])), f"solutions/{stem}: saved passes for {sorted(solved)}"


@pytest.mark.parametrize("stem", stems("solutions"))
def test_solution_prompts_are_the_spec_references(stem: str) -> None:
    """The solution notebook's prompts (read without running them) equal the spec's reference fields: no drift."""
    from checker import specs, submissions

    found = submissions.answers(ROOT / "solutions" / f"{stem}.ipynb")
    assert sorted(found) == sorted(spec_ids(stem[:2]))
    for exercise_id, fields in found.items():
        reference = {k: v for k, v in specs.get(exercise_id).reference.items() if v}
        assert {k: v for k, v in fields.items() if v} == reference, f"solutions/{stem} {exercise_id} differs from its spec"
