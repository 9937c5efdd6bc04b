"""The course's closing page: your portfolio of library entries, the exercises you solved, and a chart."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from checker import prompts, tracker
from checker.prompts import Entry
from checker.tracker import LessonRow


@dataclass
class Portfolio:
    """What `portfolio()` returns: entries with pass rates, solved exercises by lesson, and a chart."""

    entries: list[Entry] = field(default_factory=list)
    lessons: list[LessonRow] = field(default_factory=list)
    notice: str = ""

    @property
    def solved(self) -> int:
        """Exercises solved across the course."""
        return sum(r.solved for r in self.lessons)

    @property
    def exercises(self) -> int:
        """Exercises in the course."""
        return sum(r.exercises for r in self.lessons)

    def headline(self) -> str:
        """One line: how many exercises are solved and how many entries the library holds."""
        n = len(self.entries)
        return f"You solved {self.solved} of {self.exercises} exercises and saved {n} library entr{'y' if n == 1 else 'ies'}."

    def __str__(self) -> str:
        lines = [self.notice] if self.notice else []
        lines += [self.headline(), "", "Library entries:"]
        lines += [f"  {e.name} ({e.exercise_id}, {e.task or 'task not read'}): pass rate {e.rate_text()}" for e in self.entries] or ["  none yet"]
        lines += ["", "Solved by lesson:"]
        lines += [f"  lesson {r.lesson}: {r.solved}/{r.exercises}" for r in self.lessons]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        notice = f"<p><b>{html.escape(self.notice)}</b></p>" if self.notice else ""
        rows = "".join(f"<tr><td>{html.escape(e.name)}</td><td>{html.escape(e.exercise_id)}</td><td>{html.escape(e.task)}</td>"
                       f"<td>{html.escape(e.rate_text())}</td><td>{html.escape(e.guide[:120])}</td></tr>" for e in self.entries)
        table = (f"<table><tr><th>entry</th><th>exercise</th><th>task</th><th>pass rate</th><th>guide</th></tr>{rows}</table>"
                 if rows else "<p>No library entries yet: save one with <code>save_prompt()</code>.</p>")
        return f"<div class='checker-portfolio'>{notice}<p><b>{html.escape(self.headline())}</b></p>{table}</div>"

    def figure(self):
        """A matplotlib Figure: exercises solved by lesson (%), and each entry's pass rate (%)."""
        from checker import charts

        names = [e.name for e in self.entries if e.pass_rate]
        rates = [100 * e.pass_rate.rate for e in self.entries if e.pass_rate]
        return charts.two_bars(([r.lesson for r in self.lessons], [r.percent for r in self.lessons], "Exercises solved by lesson (%)"),
                               (names, rates, "Library entries: pass rate on their tests (%)"), "Your portfolio")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        from checker import charts

        return {"text/plain": str(self), "text/html": self._repr_html_(), "image/png": charts.png_base64(self.figure())}


def portfolio(folder: Path | None = None) -> Portfolio:
    """Your portfolio, read from your progress and your library (damaged records are skipped with a notice)."""
    entries, notice = prompts.saved_with_notice(folder)
    st = tracker.store(folder)
    try:
        records = tracker.mine(st.load())
    except OSError as exc:
        records, notice = [], " ".join(filter(None, [notice, f"Could not read your progress ({exc})."]))
    notice = " ".join(filter(None, [notice, st.notice]))
    return Portfolio(entries, tracker.summary(records), notice)
