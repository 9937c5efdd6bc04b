"""The exercise generator: solution blocks become starters, solution cells and outputs vanish."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tools():
    """tools/notebooks.py loaded as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("course_notebooks", ROOT / "tools" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _solution_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n<!-- BEGIN SOLUTION -->\nWhy the reference works.\n<!-- END SOLUTION -->\nKeep me."),
        nbformat.v4.new_code_cell(
            'prompt = """\n### BEGIN SOLUTION\nSummarise in 3 bullets.\n### END SOLUTION\n### STARTER\n# Write your prompt here.\n### END STARTER\n"""'
        ),
        nbformat.v4.new_code_cell("def parse(text):\n    ### BEGIN SOLUTION\n    return json.loads(text)\n    ### END SOLUTION"),
        nbformat.v4.new_code_cell("check('04.1', prompt=REFERENCE)", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("exercise('04.1')", execution_count=3,
                                  outputs=[nbformat.v4.new_output("stream", name="stdout", text="hi")]),
    ]
    nb.metadata["widgets"] = {"state": {}}
    return nb


def test_solution_blocks_become_starters(tools) -> None:
    out = tools.exercise_from_solution(_solution_notebook())
    sources = [c.source for c in out.cells]
    assert 'prompt = """\nWrite your prompt here.\n"""' in sources
    assert "def parse(text):\n    ..." in sources
    assert not any("Summarise in 3 bullets" in s or "json.loads" in s for s in sources)


def test_solution_cells_outputs_and_markdown_solutions_are_dropped(tools) -> None:
    out = tools.exercise_from_solution(_solution_notebook())
    assert not any("check('04.1'" in c.source for c in out.cells)
    assert out.cells[0].source == "# Title\nKeep me."
    last = out.cells[-1]
    assert last.outputs == [] and last.execution_count is None
    assert "widgets" not in out.metadata


def test_generation_is_stable(tools) -> None:
    once = tools.dumps(tools.exercise_from_solution(_solution_notebook()))
    twice = tools.dumps(tools.exercise_from_solution(nbformat.reads(once, as_version=4)))
    assert once == twice


def test_build_from_percent_script(tools, tmp_path) -> None:
    src = tmp_path / "lesson.py"
    src.write_text('# %% [markdown]\n# # Hello\n# Some *text*.\n\n# %%\nprint(1)\n\n# %% tags=["solution"]\ncheck("01.1")\n')
    out = tmp_path / "lesson.ipynb"
    tools.build(src, out)
    nb = nbformat.read(out, as_version=4)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code"]
    assert nb.cells[0].source == "# Hello\nSome *text*."
    assert nb.cells[2].metadata["tags"] == ["solution"]


def test_widget_views_are_not_saved_and_their_cells_are_tagged(tools) -> None:
    nb = nbformat.v4.new_notebook()
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2, "version_minor": 0},
            "text/plain": "ExerciseWidget(...)"}
    nb.cells = [
        nbformat.v4.new_code_cell("exercise('00.1')", execution_count=1,
                                  outputs=[nbformat.v4.new_output("execute_result", data=view, execution_count=1)]),
        nbformat.v4.new_code_cell("print(1)", execution_count=2, outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")]),
    ]
    tools._clean_metadata(nb)
    assert nb.cells[0].outputs == [] and nb.cells[0].metadata["tags"] == ["widget-output"]
    assert nb.cells[1].outputs[0]["text"] == "1\n" and "tags" not in nb.cells[1].metadata


def test_split_stream_pieces_are_joined(tools) -> None:
    pieces = [nbformat.v4.new_output("stream", name="stdout", text="list"),
              nbformat.v4.new_output("stream", name="stdout", text=" of 4\n"),
              nbformat.v4.new_output("stream", name="stderr", text="warn\n")]
    merged = tools._merge_streams(pieces)
    assert [o["text"] for o in merged] == ["list of 4\n", "warn\n"]


def test_tidy_writes_task_sections_from_the_specs_and_drops_the_python_version(tools) -> None:
    from checker import specs

    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nb.cells = [nbformat.v4.new_markdown_cell("## Exercises\n\nIntro stays.\n\n### Exercise 01.1 · Old title\n\nA paraphrase."),
                nbformat.v4.new_markdown_cell("### Exercise 01.1 is mentioned here, not a heading")]
    tools.tidy(nb)
    spec = specs.get("01.1")
    assert nb.cells[0].source == f"## Exercises\n\nIntro stays.\n\n### Exercise 01.1 · {spec.title}\n\n{spec.task.strip()}"
    assert nb.cells[1].source == "### Exercise 01.1 is mentioned here, not a heading"
    assert nb.metadata["language_info"] == {"name": "python"}


def test_tidy_escapes_markdown_and_refuses_two_headings_in_one_cell(tools) -> None:
    assert tools._markdown("costs $5 <b>") == "costs \\$5 &lt;b>"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("### Exercise 01.1 · a\n\n### Exercise 01.2 · b")]
    with pytest.raises(SystemExit, match="one exercise heading per markdown cell"):
        tools.tidy(nb)
