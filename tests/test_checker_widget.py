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


def test_a_check_says_the_attempt_is_kept(ex):
    w = filled(ex, "reference")
    w.check_button.click()
    assert "saved in your progress" in w.status.value and "copy" not in w.status.value


# ---------------------------------------------------------------- the workbench: nothing typed is lost


class FakeTimer:
    """Stands in for the draft saver's timer: the test decides when the delay is over."""

    def __init__(self) -> None:
        self.pending: list = []

    def __call__(self, delay, callback):
        self.pending.append(callback)
        return lambda: self.pending.remove(callback) if callback in self.pending else None

    def fire(self) -> None:
        """The delay is over: run every scheduled save."""
        for callback in list(self.pending):
            self.pending.remove(callback)
            callback()


@pytest.fixture
def fake_timer(monkeypatch):
    """Draft saves wait for fake_timer.fire() instead of a clock."""
    from checker import drafts

    timer = FakeTimer()
    monkeypatch.setattr(drafts, "timer", timer)
    return timer


def reopen(ex):
    """The learner re-runs the untouched exercise cell (or reopens the notebook after a kernel restart)."""
    return checker.exercise(ex.id, prompt=ex.starter.get("prompt")) if "prompt" in ex.fields else checker.exercise(ex.id)


def test_the_loss_case_restores_the_text_and_the_state(ex):
    w = filled(ex, "baseline")
    w.check_button.click()
    again = reopen(ex)
    assert again.values() == {f: ex.baseline.get(f, ex.starter.get(f, "")) for f in ex.fields}
    assert "Restored your last attempt from today" in again.note.value
    assert again.restored.layout.display is None and again.starter_button.layout.display is None
    assert "attempted: 1 try, best" in again.status.value and "checks" in again.status.value
    assert again.status.value.count(ex.id) == 1 and "not yet checked" not in again.status.value


def test_a_new_exercise_says_new_and_shows_the_starter(ex):
    w = checker.exercise(ex.id)
    assert w.status.value == f"Exercise {ex.id} · new: not yet checked"
    assert w.restored.layout.display == "none" and w.note.value == ""


def test_a_solved_exercise_says_when(ex):
    filled(ex, "baseline").check_button.click()
    filled(ex, "reference").check_button.click()
    status = reopen(ex).status.value
    assert "solved today" in status and "(2 tries)" in status and "attempted" not in status


def test_a_prompt_in_the_cell_wins_over_the_stored_one(ex):
    filled(ex, "reference").check_button.click()
    w = checker.exercise(ex.id, prompt="my newer idea in the cell")
    assert w.fields[main_field(ex)].value == "my newer idea in the cell"
    assert w.note.value == "" and "solved" in w.status.value


def test_edits_are_kept_as_a_draft_and_restored(ex, fake_timer, data_dir):
    w = checker.exercise(ex.id)
    field = w.fields[main_field(ex)]
    for text in ("F", "Fi", "First draft of mine"):
        field.value = text
    assert len(fake_timer.pending) == 1, "typing schedules one save, it does not postpone it"
    assert not (data_dir / "drafts.json").exists()
    fake_timer.fire()
    again = reopen(ex)
    assert again.fields[main_field(ex)].value == "First draft of mine"
    assert "Restored your draft from today" in again.note.value and "new: not yet checked" in again.status.value


def test_run_keeps_the_text_at_once(ex, data_dir):
    w = checker.exercise(ex.id, prompt="Reply with one word: the capital of Australia.")
    w.run_button.click()
    from checker import drafts

    assert drafts.latest(ex.id)["event"] == "run"
    assert reopen(ex).fields[main_field(ex)].value == "Reply with one word: the capital of Australia."


def test_the_starter_and_empty_text_never_replace_a_draft(ex, fake_timer):
    w = checker.exercise(ex.id)
    w.fields[main_field(ex)].value = "my careful work"
    fake_timer.fire()
    w.reset_button.click()
    fake_timer.fire()
    w.fields[main_field(ex)].value = ""
    fake_timer.fire()
    assert reopen(ex).fields[main_field(ex)].value == "my careful work"


def test_show_starter_then_undo_brings_the_restored_text_back(ex):
    filled(ex, "baseline").check_button.click()
    w = reopen(ex)
    w.starter_button.click()
    assert w.fields[main_field(ex)].value == ex.starter.get(main_field(ex), "")
    assert w.restored.layout.display == "none" and w.reset_button.description == "Undo reset"
    w.reset_button.click()
    assert w.fields[main_field(ex)].value == ex.baseline[main_field(ex)]


def test_a_newer_attempt_beats_an_older_draft_and_vice_versa():
    from checker import history

    attempt = {"exercise": "00.1", "passed": False, "score": 0.5, "fields": {"prompt": "checked"},
               "time": "2026-11-24T10:00:00+00:00"}
    old = {"fields": {"prompt": "drafted"}, "time": "2026-11-24T09:00:00+00:00"}
    new = {"fields": {"prompt": "drafted"}, "time": "2026-11-24T11:00:00+00:00"}
    assert history.summarise([attempt], old, 4).latest.fields == {"prompt": "checked"}
    assert history.summarise([attempt], new, 4).latest.source == "draft"
    assert history.summarise([attempt], None, 4).best == (2, 4)


def test_when_says_the_day_as_a_learner_would():
    from datetime import datetime, timedelta

    from checker.history import when

    now = datetime(2026, 11, 24, 15, 0).astimezone()
    assert when(now.replace(hour=14, minute=2), now) == "today 14:02"
    assert when(now - timedelta(days=1), now).startswith("yesterday ")
    assert when(now - timedelta(days=3), now).startswith((now - timedelta(days=3)).strftime("%A"))
    assert when(now - timedelta(days=30), now).endswith("2026 15:00")


def test_another_learners_work_in_a_shared_room_is_not_restored(ex, monkeypatch):
    monkeypatch.setenv("COURSE_LEARNER", "alice")
    filled(ex, "baseline").check_button.click()
    monkeypatch.setenv("COURSE_LEARNER", "bob")
    w = reopen(ex)
    assert w.note.value == "" and "new" in w.status.value
    assert w.fields[main_field(ex)].value == ex.starter.get(main_field(ex), "")


def test_a_pasted_key_is_not_kept_in_a_draft(ex, planted_key, data_dir):
    w = checker.exercise(ex.id, prompt=f"Use {planted_key} and answer in one word.")
    w.run_button.click()
    assert (data_dir / "drafts.json").exists() and planted_key not in (data_dir / "drafts.json").read_text()


def test_a_damaged_progress_file_still_opens_the_exercise(ex, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "progress.json").write_text("{broken", encoding="utf-8")
    w = checker.exercise(ex.id)
    assert "damaged" in w.note.value and w.fields[main_field(ex)].value == ex.starter.get(main_field(ex), "")


def test_a_draft_that_cannot_be_written_is_a_note(ex, fake_timer, monkeypatch):
    from checker import drafts

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafts, "save", full_disk)
    w = checker.exercise(ex.id)
    w.fields[main_field(ex)].value = "text I typed"
    fake_timer.fire()
    assert "No space left" in w.note.value and w.fields[main_field(ex)].value == "text I typed"


def test_every_control_has_an_accessible_name(ex):
    w = checker.exercise(ex.id)
    for button in (w.run_button, w.check_button, w.hint_button, w.reset_button, w.xray_button, w.starter_button):
        assert button.description.strip() and button.tooltip.strip()
        assert not button.icon, "an icon font glyph would become part of the button's accessible name"
    for f, t in w.fields.items():
        assert t.description == widget_labels()[f]


def widget_labels() -> dict[str, str]:
    """The visible labels of the editors."""
    from checker.widget import LABELS

    return LABELS


def test_results_are_words_not_only_glyphs_or_colour(ex):
    import re

    w = filled(ex, "baseline")
    w.check_button.click()
    visible = re.sub(r"<span aria-hidden='true'>[^<]*</span>", "", w.result.value)
    assert "✗" not in visible and "✓" not in visible and "❌" not in visible and "✅" not in visible
    assert "> fail</td>" in visible and "not yet solved" in visible
    assert w.result.value.count("aria-hidden") == len(ex.checks) + 1


LEARNER_SESSION = """
import json, sys
import checker
w = checker.exercise("05.1", prompt="Write your prompt here.")
if sys.argv[1] == "type and check":
    w.fields["prompt"].value = sys.argv[2]
    w.check_button.click()
print(json.dumps({"prompt": w.fields["prompt"].value, "status": w.status.value, "note": w.note.value}))
"""


def test_the_loss_case_across_two_kernels(data_dir):
    """Type and Check in one process; a new process (the restarted kernel) re-runs the cell: all is back."""
    import json
    import subprocess
    import sys

    mine = "Summarise the refund email in at most 30 words; keep the 60-day window."

    def session(*args: str) -> dict:
        done = subprocess.run([sys.executable, "-c", LEARNER_SESSION, *args], capture_output=True, text=True,
                              check=True, timeout=120)
        return json.loads(done.stdout.strip().splitlines()[-1])

    first = session("type and check", mine)
    second = session("reopen")
    assert second["prompt"] == mine and "Restored your last attempt" in second["note"]
    verdict = "solved today" if "· solved" in first["status"] else "attempted: 1 try"
    assert verdict in second["status"], (first["status"], second["status"])


def test_buttons_stay_enabled_while_the_model_answers_so_focus_stays(ex, monkeypatch):
    seen = []
    real = grading.ask_model

    def watching(*args, **kwargs):
        seen.append((w.run_button.disabled, w.check_button.disabled))
        return real(*args, **kwargs)

    monkeypatch.setattr(grading, "ask_model", watching)
    w = filled(ex, "reference")
    w.run_button.click()
    w.check_button.click()
    assert seen and not any(any(pair) for pair in seen)
