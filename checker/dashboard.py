"""The room dashboard in JupyterLab: widgets that re-read the room folder every few seconds.

    from checker.dashboard import Dashboard
    Dashboard("/srv/room")          # or Dashboard() with $COURSE_ROOM_DIR set

The numbers come from `checker.room`; this module only lays them out and keeps them fresh, on a daemon
thread that stops when the widget is closed or `stop()` is called.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import ipywidgets as w

from checker import charts, room

DEFAULT_EVERY_S = 10.0
CHART_DPI = 100
_live: dict[Path, Dashboard] = {}  # the dashboard refreshing each room folder (re-running a cell replaces it)


class Dashboard(w.VBox):
    """Summary line, grid, stuck list and progress chart of a room, refreshed every `every` seconds."""

    def __init__(self, folder: str | Path | None = None, every: float = DEFAULT_EVERY_S, start: bool = True) -> None:
        self.folder = room.room_folder(folder)
        self.every = float(every)
        self.status = w.HTML()
        self.grid = w.HTML()
        self.stuck = w.HTML()
        self.chart = w.Image(format="png")
        self.refresh_button = w.Button(description="Refresh now", icon="refresh")
        self.auto = w.Checkbox(value=start, description=f"refresh every {self.every:g} s")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.auto.observe(self._toggle, names="value")
        super().__init__([w.HBox([self.refresh_button, self.auto]), self.status,
                          w.HTML("<h4>Learners × exercises</h4>"), self.grid,
                          w.HTML("<h4>Where the room is stuck</h4>"), self.stuck,
                          w.HTML("<h4>Progress over time</h4>"), self.chart])
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: tuple | None = None  # the room's file signature at the last reading
        self.refresh()
        if start:
            self.start()

    def refresh(self, force: bool = True) -> room.Room | None:
        """Read the room and update every part (unless forced, only when a file changed); a failure is shown, never raised."""
        try:
            seen = room.signature(self.folder)
            if not force and seen == self._seen:
                return None
            current = room.read(self.folder)
            self._seen = seen
            self.grid.value = current.grid_html()
            self.stuck.value = current.stuck_html()
            fig = current.figure()
            self.chart.layout.width = f"{round(fig.get_figwidth() * CHART_DPI)}px"  # its own size, not stretched
            self.chart.value = charts.png_bytes(fig, dpi=CHART_DPI)
            self.status.value = f"<p>{current.summary()} · {self.folder}</p>{current.problems_html()}"
            return current
        except Exception as exc:  # noqa: BLE001 - runs on the timer thread too: nothing may escape
            self.status.value = f"<p>Could not read the room at {datetime.now():%H:%M:%S}: {exc}</p>"
            return None

    def _loop(self) -> None:
        """Refresh every `every` seconds until stopped."""
        while not self._stop.wait(self.every):
            self.refresh(force=False)

    def start(self) -> None:
        """Start refreshing by itself, instead of any older dashboard of the same room; only a changed room is read again."""
        if self._thread and self._thread.is_alive():
            return
        previous = _live.get(self.folder)
        if previous is not None and previous is not self:
            previous.auto.value = False  # stops its timer, and its checkbox says so
        _live[self.folder] = self
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="room-dashboard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop refreshing by itself."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    @property
    def running(self) -> bool:
        """True while the dashboard refreshes by itself."""
        return bool(self._thread and self._thread.is_alive())

    def _toggle(self, change: dict) -> None:
        """The auto-refresh checkbox starts or stops the timer."""
        self.start() if change["new"] else self.stop()

    def close(self) -> None:
        """Stop the timer, then close the widgets."""
        self.stop()
        super().close()
