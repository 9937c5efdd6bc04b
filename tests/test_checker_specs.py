"""Specs load and validate; every reference passes and every baseline fails on the offline model; check()."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import checker
from checker import grading, specs
from tutor.errors import TutorError

GOOD = '''
lesson = "07"

[[exercises]]
id = "07.1"
title = "T"
task = "Do it."
fields = ["prompt"]
hints = ["nudge", "technique"]
[exercises.starter]
prompt = "Write here."
[exercises.baseline]
prompt = "do it"
[exercises.reference]
prompt = "<x>do it</x>"
[[exercises.checks]]
check = "uses_delimiters"
'''


def write(tmp_path, text: str, name: str = "07_test.toml"):
    """Write a spec file and return its path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_spec_loads(tmp_path):
    (ex,) = specs.load_file(write(tmp_path, GOOD))
    assert ex.id == "07.1" and ex.lesson == "07" and ex.reference == {"prompt": "<x>do it</x>"}


@pytest.mark.parametrize("change,where,what", [
    (('check = "uses_delimiters"', 'check = "uses_delimeters"'), "checks[0].check", "unknown check 'uses_delimeters'"),
    (('check = "uses_delimiters"', 'check = "regex"\npattern = "([a-z"'), "checks[0].pattern", "bad regex"),
    (('check = "uses_delimiters"', 'check = "word_count"\nmaxx = 3'), "checks[0].maxx", "takes no parameter"),
    (('check = "uses_delimiters"', 'check = "contains"'), "checks[0]", "needs the parameter 'text'"),
    (('check = "uses_delimiters"', 'check = "json_schema"\nschema = {type = "objekt"}'), "checks[0].schema", "JSON Schema"),
    (('hints = ["nudge", "technique"]', 'hints = ["only one"]'), "hints", "2 or 3 hints"),
    (('id = "07.1"', 'id = "08.1"'), "exercises[0].id", "lesson 07"),
    (('fields = ["prompt"]', 'fields = ["prompt", "answer"]'), "fields", "non-empty list"),
    (('prompt = "<x>do it</x>"', 'system = "x"'), "reference.system", "not one of this exercise's fields"),
])
def test_a_bad_spec_names_the_file_and_the_field(tmp_path, change, where, what):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(specs.SpecError) as err:
        specs.load_file(path)
    message = str(err.value)
    assert message.startswith("07_test.toml: ")
    assert where in message and what in message


def test_invalid_toml_names_the_file(tmp_path):
    with pytest.raises(specs.SpecError, match="07_test.toml: not valid TOML"):
        specs.load_file(write(tmp_path, "lesson = \n"))


def test_every_spec_loads():
    exercises = checker.all_exercises()
    assert exercises, "no specs in checker/specs/"
    assert len({e.id for e in exercises}) == len(exercises)
    for ex in exercises:
        assert ex.baseline and ex.reference and 2 <= len(ex.hints) <= 3


@pytest.mark.parametrize("ex", checker.all_exercises(), ids=lambda e: e.id)
def test_reference_passes_and_baseline_fails_on_the_offline_model(ex):
    ref = grading.evaluate(ex, dict(ex.reference))
    assert ref.passed, f"reference of {ex.id} fails:\n{ref}"
    base = grading.evaluate(ex, dict(ex.baseline))
    assert not base.passed, f"baseline of {ex.id} passes:\n{base}"


def test_check_result_is_deterministic_plain_text_and_html():
    ex = checker.all_exercises()[0]
    first = checker.check(ex.id, record=False, **ex.reference)
    again = checker.check(ex.id, record=False, **ex.reference)
    assert repr(first) == repr(again) == str(first)
    assert first.passed and first.score == 1.0 and "solved" in str(first)
    assert "0x" not in repr(first) and " ms" not in repr(first) and "latency" not in repr(first)
    assert "<table" in first._repr_html_() and first.reply is not None


def test_unsolved_says_not_yet_solved_and_never_raises():
    ex = checker.all_exercises()[0]
    for fields in (dict(ex.starter), dict(ex.baseline), {"prompt": ""}, {"prompt": "   "}):
        result = checker.check(ex.id, record=False, **fields)
        assert not result.passed and "not yet solved" in str(result)
    assert "placeholder" in str(checker.check(ex.id, record=False, **ex.starter))
    unknown = checker.check("99.9", prompt="hi", record=False)
    assert not unknown.passed and "no exercise '99.9'" in str(unknown)


def test_a_backend_error_becomes_a_message(monkeypatch):
    def broken(*args, **kwargs):
        raise TutorError("The endpoint rejected the key.", "Check OPENAI_API_KEY.")

    monkeypatch.setattr(grading, "ask_model", broken)
    ex = checker.all_exercises()[0]
    result = checker.check(ex.id, record=False, **ex.reference)
    assert not result.passed and "rejected the key" in str(result) and "OPENAI_API_KEY" in str(result)


def test_template_exercise_accepts_prompt_as_the_template():
    ex = next((e for e in checker.all_exercises() if e.is_template), None)
    if ex is None:
        pytest.skip("no template exercise in the specs")
    result = checker.check(ex.id, prompt=ex.reference["template"], record=False)
    assert result.passed and len(result.replies) == len(ex.inputs)


def test_importing_checker_loads_neither_ipywidgets_nor_matplotlib():
    code = "import sys, checker; print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.check_output([sys.executable, "-c", code], text=True)
    assert out.split() == ["False", "False"]


def test_the_example_in_docs_exercises_md_loads_and_discriminates(tmp_path):
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "exercises.md").read_text(encoding="utf-8")
    example = re.search(r"^```toml\n(# checker/specs/04_delimiters\.toml.*?)^```$", doc, re.S | re.M).group(1)
    exercises = specs.load_file(write(tmp_path, example, "04_delimiters.toml"))
    assert [e.id for e in exercises] == ["04.1", "04.2"]
    for ex in exercises:
        assert grading.evaluate(ex, dict(ex.reference)).passed, ex.id
        assert not grading.evaluate(ex, dict(ex.baseline)).passed, ex.id
