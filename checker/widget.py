"""The exercise widget: the task, editors for the fields, Run / Check / Hint / Reset / X-ray and a status line.

Every result is written into widget values (HTML, Label), never printed, so the widget works
headless in tests and nbval sees no stray output. No handler lets an exception escape: problems
show as a message in the widget and nothing the learner typed is lost.

The widget remembers (checker.history, checker.drafts): it opens with the exercise's state from
progress, restores the learner's latest text when the cell holds only the starter, and keeps edits
as a draft. Every control has a visible name (editor labels, button text) and a tooltip, and
verdicts are words, so the whole flow works by keyboard and with a screen reader. Buttons are never
disabled while the model answers: a button that is disabled drops the keyboard focus, and the
kernel handles one click at a time anyway. While a busy server makes a call wait, the status line
says so ("The model's server is busy …, retrying 2/3 in 1.2 s…"); a Check the model could not answer
says "not graded" and is not recorded.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from checker import drafts, grading, history, specs
from checker.grading import Result
from tutor import status
from tutor.errors import TutorError

LABELS = {"prompt": "User prompt", "system": "System prompt", "prefill": "Prefill (start of the reply)",
          "template": "Prompt template", "tests": "Test cases", "guide": "Guide", "step1": "Step 1 prompt",
          "step2": "Step 2 prompt (after step 1)", "step3": "Step 3 prompt (after step 2)"}
ROWS = {"prompt": 6, "system": 3, "prefill": 1, "template": 6, "tests": 8, "guide": 3, "step1": 5, "step2": 5, "step3": 5}
RESET_TIP = "Restore the starter text (you can undo it)"


def _message(text: str, kind: str = "info") -> str:
    """A coloured message box as HTML."""
    colors = {"info": "#335", "error": "#a00", "ok": "#1a7f37", "warn": "#b35900"}
    return f"<div style='color:{colors[kind]};white-space:pre-wrap'>{html.escape(text)}</div>"


def _pre(text: str) -> str:
    """Model text shown as preformatted HTML."""
    return f"<div style='white-space:pre-wrap;border-left:3px solid #ccd;padding-left:8px'>{html.escape(text)}</div>"


def safe(handler: Callable[..., None]) -> Callable[..., None]:
    """Wrap a button handler so that no exception escapes: it becomes a message in the widget."""

    @functools.wraps(handler)
    def run(self: ExerciseWidget, *args: Any) -> None:
        try:
            handler(self, *args)
        except TutorError as err:
            self.show_problem(f"{err.cause}\nHow to fix: {err.fix}")
        except Exception as exc:  # a bug in the course must not cost the learner their work
            self.show_problem(f"Something went wrong inside the checker ({type(exc).__name__}: {exc}). "
                              "Your text is safe in the editor; please tell your instructor.")

    return run


class ExerciseWidget(w.VBox):
    """One exercise in a notebook. Parts are attributes so tests can drive it headless."""

    def __init__(self, exercise_id: str, prompt: str | None = None, **given: Any) -> None:
        self.exercise_id = str(exercise_id)
        self.spec: specs.Exercise | None = None
        self.hints_shown = 0
        self.undo: dict[str, str] | None = None
        self.last_result: Result | None = None  # the latest Check's result (tests and the load bench read it)
        self.fields: dict[str, w.Textarea] = {}
        self.task = w.HTML()
        self.output = w.HTML()
        self.result = w.HTML()
        self.hint = w.HTML()
        self.status = w.Label()
        self.note = w.HTML()
        self.starter_button = w.Button(description="Show starter",
                                       tooltip="Put the starter text back (Undo reset brings your text back)")
        self.restored = w.HBox([self.note, self.starter_button], layout=w.Layout(display="none"))
        self.saver: drafts.DraftSaver | None = None
        self.run_button = w.Button(description="Run", tooltip="Send your prompt to the model")
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip="Run the checks and show which pass")
        self.hint_button = w.Button(description="Hint", tooltip="Show the next hint")
        self.reset_button = w.Button(description="Reset", tooltip=RESET_TIP)
        self.xray_button = w.Button(description="X-ray",
                                    tooltip="What the offline model detected in your prompt")
        # No icons: Font Awesome glyphs would become part of each button's accessible name ("\uf04b Run").
        buttons = [self.run_button, self.check_button, self.hint_button, self.reset_button, self.xray_button]
        try:
            self.spec = specs.get(self.exercise_id)
        except (KeyError, specs.SpecError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            self.task.value = _message(f"Cannot show exercise {self.exercise_id!r}: {message}", "error")
            for b in buttons:
                b.disabled = True
            self.status.value = "unknown exercise"
            super().__init__([self.task, self.status])
            return
        self._build_fields(prompt, given)
        self.task.value = self._task_html()
        try:
            self._open_from_progress()
        except Exception as exc:  # noqa: BLE001 - a damaged record must not stop the exercise from opening
            self.status.value = f"Exercise {self.exercise_id} · not yet checked"
            self._show_note(f"Could not read your progress ({type(exc).__name__}: {exc}).", "warn", button=False)
        self._wire()
        super().__init__([self.task, self.restored, *self.fields.values(), w.HBox(buttons), self.status, self.hint,
                          self.output, self.result])
        self._add_dom_classes()

    def _wire(self) -> None:
        """Connect the buttons to their handlers, and the editors to the draft saver."""
        self.run_button.on_click(lambda _: self.on_run())
        self.check_button.on_click(lambda _: self.on_check())
        self.hint_button.on_click(lambda _: self.on_hint())
        self.reset_button.on_click(lambda _: self.on_reset())
        self.xray_button.on_click(lambda _: self.on_xray())
        self.starter_button.on_click(lambda _: self.on_show_starter())
        self.saver = drafts.DraftSaver(self._write_draft)
        for t in self.fields.values():
            t.observe(self._on_edit, names="value")

    def _add_dom_classes(self) -> None:
        """Stable CSS classes (course-*) for the browser tests and for styling."""
        self.add_class("course-exercise")
        parts = {"task": self.task, "output": self.output, "result": self.result, "hint": self.hint,
                 "status": self.status, "note": self.note, "restored": self.restored,
                 "show-starter": self.starter_button, "run": self.run_button, "check": self.check_button,
                 "hint-button": self.hint_button, "reset": self.reset_button, "xray": self.xray_button}
        for name, part in parts.items():
            part.add_class(f"course-{name}")
        for f, t in self.fields.items():
            t.add_class(f"course-field-{f}")

    # ------------------------------------------------------------ building

    def _build_fields(self, prompt: str | None, given: dict[str, Any]) -> None:
        """One Textarea per field, pre-filled from the arguments, else the starter."""
        assert self.spec is not None
        values = {**{k: v for k, v in given.items() if v is not None}}
        if prompt is not None:
            values["template" if self.spec.is_template and "template" not in values else "prompt"] = prompt
        for f in self.spec.fields:
            text = values.get(f, self.spec.starter.get(f, ""))
            self.fields[f] = w.Textarea(value=str(text), rows=ROWS[f], description=LABELS[f],
                                        tooltip=f"{LABELS[f]} for exercise {self.exercise_id}",
                                        layout=w.Layout(width="100%", flex_flow="column"),
                                        style={"description_width": "initial"})
        unknown = sorted(set(values) - set(self.spec.fields))
        if unknown:
            self.hint.value = _message(f"Exercise {self.exercise_id} has no field {unknown[0]!r}; "
                                       f"it takes: {', '.join(self.spec.fields)}.", "warn")

    def _task_html(self) -> str:
        """The heading and task statement (and the test inputs of a template exercise)."""
        assert self.spec is not None
        inputs = ""
        if self.spec.is_template:
            items = "".join(f"<li><code>{html.escape(str(i))}</code></li>" for i in self.spec.inputs)
            inputs = f"<div>Your template is run on these test inputs:<ul>{items}</ul></div>"
        elif self.spec.is_chain:
            inputs = (f"<div>Your chain runs its {len(self.spec.steps)} steps in order on each of "
                      f"{len(self.spec.inputs)} test inputs; Run shows every step's output.</div>")
        return (f"<h4>Exercise {html.escape(self.spec.id)} · {html.escape(self.spec.title)}</h4>"
                f"<div style='white-space:pre-wrap'>{html.escape(self.spec.task)}</div>{inputs}")

    def _open_from_progress(self) -> None:
        """Show the exercise's state from progress, and the learner's latest text if the cell gave only the starter."""
        assert self.spec is not None
        past = history.load(self.exercise_id, len(self.spec.checks))
        self.status.value = f"Exercise {self.exercise_id} · {past.describe()}"
        if past.notice:
            self._show_note(past.notice, "warn", button=False)
        latest = past.latest
        if latest is None or not self._is_starter(self.values()):
            return
        restored = {f: latest.fields.get(f, self.spec.starter.get(f, "")) for f in self.fields}
        if self._is_starter(restored):
            return
        for f, text in restored.items():
            self.fields[f].value = text
        what = "last attempt" if latest.source == "attempt" else "draft"
        self._show_note(f"Restored your {what} from {history.when(latest.time)}.", "info", button=True)

    def _show_note(self, text: str, kind: str, button: bool) -> None:
        """Show the note above the editors (with the Show starter button, or without it)."""
        self.note.value = _message(text, kind)
        self.starter_button.layout.display = None if button else "none"
        self.restored.layout.display = None

    # ------------------------------------------------------------ helpers

    def _is_starter(self, values: dict[str, str]) -> bool:
        """True when every field holds the starter text (or is empty where there is no starter)."""
        assert self.spec is not None
        return all(values.get(f, "") == self.spec.starter.get(f, "") for f in self.fields)

    def _worth_keeping(self, values: dict[str, str]) -> bool:
        """True when the text is the learner's own: not the starter, not all empty."""
        return any(v.strip() for v in values.values()) and not self._is_starter(values)

    def _on_edit(self, change: dict) -> None:
        """An editor changed: schedule a draft save (never raises into the front end)."""
        try:
            if self.saver is not None:
                self.saver.changed(self.values())
        except Exception as exc:  # noqa: BLE001 - keep typing working whatever happens
            self._show_note(f"Could not keep a draft ({type(exc).__name__}: {exc}).", "warn", button=False)

    def _write_draft(self, values: dict[str, str], event: str = "edit") -> None:
        """Store the text as a draft if it is the learner's own; a failure becomes a note, never an error."""
        if not self._worth_keeping(values):
            return
        try:
            notice = drafts.save(self.exercise_id, values, event)
        except Exception as exc:  # noqa: BLE001 - runs on a timer thread too: nothing may escape
            self._show_note(f"Could not save your draft ({type(exc).__name__}: {exc}). "
                            "Your text is still in the editor.", "warn", button=False)
            return
        if notice:
            self._show_note(notice, "warn", button=False)

    def save_draft(self, event: str) -> None:
        """Store the current text now (Run and Check do), replacing any scheduled save."""
        if self.saver is not None:
            self.saver.discard()
        self._write_draft(self.values(), event)

    def values(self) -> dict[str, str]:
        """What the learner has typed, field by field."""
        return {f: t.value for f, t in self.fields.items()}

    def show_waiting(self, text: str) -> None:
        """Show a live call's waiting message (a retry) on the status line."""
        self.status.value = f"Exercise {self.exercise_id} · {text}"

    def show_problem(self, text: str) -> None:
        """Show a problem in the result area and the status line."""
        self.result.value = _message(text, "error")
        self.status.value = f"Exercise {self.exercise_id} · {text.splitlines()[0]}"

    def _blocked(self) -> bool:
        """Show why the current fields cannot be sent yet (empty, placeholder) and return True, else False."""
        assert self.spec is not None
        values = self.values()
        problem = grading.input_problem(self.spec, grading.merged_fields(self.spec, values), values)
        if problem:
            self.show_problem(problem)
        return bool(problem)

    # ------------------------------------------------------------ buttons

    @safe
    def on_run(self) -> None:
        """Send the prompt (each test input for a template) and show the reply, streaming on live backends."""
        assert self.spec is not None
        if self._blocked():
            return
        self.save_draft("run")
        self.result.value = ""
        self.status.value = f"Exercise {self.exercise_id} · asking the model …"
        if self.spec.is_chain:
            self._run_chain()
            return
        shown: list[str] = []
        held_out = self.spec.samples > 1  # graded by pass rate on test inputs the learner does not see: show replies, not inputs
        for n, (values, concrete) in enumerate(grading.cases(self.spec, self.values()), 1):
            shown_input = f"test input {n} (held out)" if held_out else html.escape(str(values))
            head = f"<b>Input:</b> <code>{shown_input}</code>" if values else ""
            streamed: list[str] = []

            def on_text(piece: str, head: str = head, streamed: list[str] = streamed) -> None:
                streamed.append(piece)
                self.output.value = "".join(shown) + head + _pre("".join(streamed) + "▌")

            with status.listening(self.show_waiting):
                reply = grading.ask_model(self.spec, concrete, on_text=None if self._offline() else on_text)
            shown.append(head + _pre(reply.text))
            self.output.value = "".join(shown)
        self.status.value = f"Exercise {self.exercise_id} · reply from {reply.badge}" + (
            f" · {reply.notice}" if reply.notice else "")

    def _run_chain(self) -> None:
        """Run the chain on each test input and show every step's output, and where a chain stopped."""
        from checker import chain

        assert self.spec is not None
        shown: list[str] = []
        with status.listening(self.show_waiting):
            runs = chain.run_all(self.spec, self.values(), grading.ask_model)
        for i, run in enumerate(runs, 1):
            shown.append(f"<b>Test input {i} of {len(runs)}</b>")
            shown += [f"<div>Step {n} output:</div>" + _pre(r.text) for n, r in enumerate(run.replies, 1)]
            if run.stopped:
                shown.append(_message(f"The chain stopped: {run.stopped}.", "warn"))
        self.output.value = "".join(shown)
        reply = runs[-1].replies[-1]
        self.status.value = f"Exercise {self.exercise_id} · replies from {reply.badge}" + (
            f" · {reply.notice}" if reply.notice else "")

    def _offline(self) -> bool:
        """True when the offline model answers (no streaming needed)."""
        from tutor import api

        return api.settings().is_offline

    @safe
    def on_check(self) -> None:
        """Grade the fields, show the table, and record the attempt in your progress."""
        assert self.spec is not None
        self.save_draft("check")
        self.status.value = f"Exercise {self.exercise_id} · checking …"
        with status.listening(self.show_waiting):
            result = grading.evaluate(self.spec, self.values())
        self.last_result = result
        self.result.value = result._repr_html_()
        if not result.graded:
            self.status.value = (f"Exercise {self.exercise_id} · {result.verdict}: the model could not answer "
                                 "(not recorded; your text is kept; check again in a minute)")
            return
        final = result.replies[-1] if result.replies and self.spec.is_chain else result.reply  # a chain: its last output
        if final is not None:
            self.output.value = _pre(final.text)
        note = ""
        if result.outcomes:
            from checker import tracker

            note = tracker.record_result(result) or "saved in your progress"
        passed = sum(o.passed for o in result.outcomes)
        count = f" ({passed}/{len(result.outcomes)} checks)" if result.outcomes else ""
        if result.reply is not None and result.reply.notice:
            note = f"{note} · {result.reply.notice}" if note else result.reply.notice
        self.status.value = f"Exercise {self.exercise_id} · {result.verdict}{count}" + (f" · {note}" if note else "")

    @safe
    def on_hint(self) -> None:
        """Show the next hint (nudge, then technique, then near-solution)."""
        assert self.spec is not None
        hints = self.spec.hints
        self.hints_shown = min(self.hints_shown + 1, len(hints))
        items = "".join(f"<li>{html.escape(h)}</li>" for h in hints[: self.hints_shown])
        more = "" if self.hints_shown < len(hints) else " (that was the last hint)"
        self.hint.value = f"<div><b>Hints</b>{more}<ol>{items}</ol></div>"
        self.status.value = f"Exercise {self.exercise_id} · hint {self.hints_shown} of {len(hints)}"

    @safe
    def on_reset(self) -> None:
        """Restore the starter text; a second click (Undo reset) brings your text back."""
        assert self.spec is not None
        if self.undo is not None:
            for f, text in self.undo.items():
                self.fields[f].value = text
            self.undo = None
            self.reset_button.description = "Reset"
            self.reset_button.tooltip = RESET_TIP
            self.status.value = f"Exercise {self.exercise_id} · your text is back"
            return
        self.undo = self.values()
        for f, t in self.fields.items():
            t.value = self.spec.starter.get(f, "")
        self.reset_button.description = "Undo reset"
        self.reset_button.tooltip = "Bring back the text you had before Reset"
        self.status.value = f"Exercise {self.exercise_id} · starter restored (click Undo reset to get your text back)"

    @safe
    def on_show_starter(self) -> None:
        """The note's Show starter button: Reset (which Undo reset reverses), and hide the note."""
        if self.undo is None:
            self.on_reset()
        self.restored.layout.display = "none"

    @safe
    def on_xray(self) -> None:
        """Show what the offline model detected in the prompt (asks it if needed)."""
        assert self.spec is not None
        if self._blocked():
            return
        if not self._offline():
            self.output.value = _message("X-ray works with the offline teaching model only; "
                                         "live models do not say what they detected.", "warn")
            return
        if self.spec.is_chain:
            from checker import chain

            run = chain.run(self.spec, self.values(), self.spec.inputs[0], grading.ask_model)
            xrays = [r.xray for r in run.replies]
            if all(x is not None for x in xrays):
                self.output.value = "".join(f"<div><b>Step {n}</b></div>" + x._repr_html_() for n, x in enumerate(xrays, 1))
                self.status.value = f"Exercise {self.exercise_id} · x-ray shown"
                return
            reply = run.replies[0]
        else:
            _, concrete = grading.cases(self.spec, self.values())[0]
            reply = grading.ask_model(self.spec, concrete)
        if reply.xray is None:
            self.output.value = _message("X-ray works with the offline teaching model only; "
                                         "the live model does not say what it detected.", "warn")
        else:
            self.output.value = reply.xray._repr_html_()
        self.status.value = f"Exercise {self.exercise_id} · x-ray shown"
