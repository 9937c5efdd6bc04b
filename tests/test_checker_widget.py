"""The exercise widget, headless: fill the text areas, click the buttons, read the result widgets."""

from __future__ import annotations

import pytest

import checker
from checker import grading, tracker
from tutor.errors import TutorError


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A fresh progress folder for each test."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def ex():
    """The first exercise in the course."""
    return checker.all_exercises()[0]


def filled(ex, which: str):
    """A widget for ex with every field set to the spec's reference or baseline."""
    w = checker.exercise(ex.id)
    for f, text in getattr(ex, which).items():
        w.fields[f].value = text
    return w


def main_field(ex) -> str:
    """The field the learner mostly edits."""
    return "template" if ex.is_template else "prompt"


def test_it_is_prefilled_and_exposes_its_parts(ex):
    w = checker.exercise(ex.id, prompt="My own prompt")
    assert w.fields[main_field(ex)].value == "My own prompt"
    for part in ("run_button", "check_button", "hint_button", "reset_button", "xray_button", "output", "result", "status"):
        assert hasattr(w, part)
    assert ex.title in w.task.value


def test_without_prompt_it_shows_the_starter(ex):
    w = checker.exercise(ex.id)
    assert w.fields[main_field(ex)].value == ex.starter.get(main_field(ex), "")


def test_check_with_the_reference_solves_it_and_records_progress(ex, data_dir):
    w = filled(ex, "reference")
    w.check_button.click()
    assert "solved" in w.status.value and "not yet" not in w.status.value
    assert "<table" in w.result.value and "✓" in w.result.value
    records = tracker.store(data_dir).load()
    assert records[-1]["exercise"] == ex.id and records[-1]["passed"] is True
    assert records[-1]["backend"] == "offline" and "api_key" not in str(records[-1])


def test_check_with_the_baseline_is_not_yet_solved(ex):
    w = filled(ex, "baseline")
    w.check_button.click()
    assert "not yet solved" in w.status.value and "✗" in w.result.value


def test_run_shows_the_reply(ex):
    w = filled(ex, "reference")
    w.run_button.click()
    assert w.output.value and "reply from" in w.status.value


@pytest.mark.parametrize("text,words", [("", "empty"), (None, "placeholder")])
def test_bad_input_is_a_message_and_keeps_the_text(ex, text, words):
    w = checker.exercise(ex.id)
    field = w.fields[main_field(ex)]
    if text is not None:
        field.value = text
    for button in (w.run_button, w.check_button, w.xray_button):
        button.click()
        assert words in w.result.value and "Traceback" not in w.result.value
    assert field.value == (text if text is not None else ex.starter[main_field(ex)])


def test_a_backend_error_is_a_message_not_a_traceback(ex, monkeypatch):
    def broken(*args, **kwargs):
        raise TutorError("Could not reach the endpoint.", "Check OPENAI_BASE_URL.")

    monkeypatch.setattr(grading, "ask_model", broken)
    w = checker.exercise(ex.id, prompt="My prompt <x>y</x>")
    w.run_button.click()
    assert "Could not reach the endpoint" in w.result.value and "OPENAI_BASE_URL" in w.result.value
    w.check_button.click()
    assert "Could not reach the endpoint" in w.result.value
    assert w.fields[main_field(ex)].value == "My prompt <x>y</x>"
    assert not w.run_button.disabled and not w.check_button.disabled


def test_an_unknown_id_is_a_message():
    w = checker.exercise("99.9")
    assert "no exercise '99.9'" in w.task.value.replace("&#x27;", "'")
    assert w.check_button.disabled


def test_hints_come_one_at_a_time(ex):
    w = checker.exercise(ex.id)
    for i in range(1, len(ex.hints) + 2):
        w.hint_button.click()
        shown = min(i, len(ex.hints))
        assert w.hint.value.count("<li>") == shown
    assert "last hint" in w.hint.value


def test_reset_restores_the_starter_and_can_be_undone(ex):
    w = checker.exercise(ex.id, prompt="my careful work")
    w.reset_button.click()
    assert w.fields[main_field(ex)].value == ex.starter.get(main_field(ex), "")
    assert w.reset_button.description == "Undo reset"
    w.reset_button.click()
    assert w.fields[main_field(ex)].value == "my careful work"


def test_xray_shows_what_the_offline_model_detected(ex):
    w = filled(ex, "reference")
    w.xray_button.click()
    assert "X-ray" in w.output.value and "x-ray shown" in w.status.value


def test_a_bug_inside_the_checker_is_contained(ex, monkeypatch):
    monkeypatch.setattr(grading, "evaluate", lambda *a, **k: 1 / 0)
    w = checker.exercise(ex.id, prompt="something")
    w.check_button.click()
    assert "ZeroDivisionError" in w.result.value and "safe" in w.result.value


def test_run_streams_into_the_output_on_live_backends(ex, monkeypatch):
    from checker import widget
    from tutor.reply import Reply

    seen: list[str] = []

    def fake_ask(spec, concrete, on_text=None, settings=None):
        assert on_text is not None, "live backends stream"
        for piece in ("Hello ", "there"):
            on_text(piece)
            seen.append(w.output.value)
        return Reply(text="Hello there", backend="openai", model="m")

    monkeypatch.setattr(widget.ExerciseWidget, "_offline", lambda self: False)
    monkeypatch.setattr(grading, "ask_model", fake_ask)
    w = checker.exercise(ex.id, prompt="My prompt <x>y</x>")
    w.run_button.click()
    assert "Hello ▌" in seen[0] and "Hello there▌" in seen[1]
    assert "Hello there" in w.output.value and "▌" not in w.output.value


def test_solving_in_the_editor_reminds_to_copy_into_the_cell(ex):
    w = filled(ex, "reference")
    w.check_button.click()
    assert "copy your prompt into the cell" in w.status.value
