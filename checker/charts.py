"""Charts with matplotlib's object API (a Figure on an Agg canvas; no pyplot global state)."""

from __future__ import annotations

import base64
import io
from pathlib import Path


def _figure(width: float, height: float):
    """A new Figure drawn by the Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def bars(labels: list[str], values: list[float], ylabel: str, title: str):
    """A bar chart of percentages (0–100)."""
    fig = _figure(max(4.0, 0.6 * len(labels) + 2), 3.2)
    ax = fig.add_subplot()
    ax.bar(labels, values, color="#4c72b0")
    ax.set_ylim(0, 100)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.tick_params(axis="x", rotation=45 if len(labels) > 6 else 0)
    return fig


def paired_bars(labels: list[str], first: list[float], second: list[float], names: tuple[str, str], title: str):
    """Two bars per label (e.g. reference and baseline pass rates, in %)."""
    fig = _figure(max(5.0, 0.7 * len(labels) + 2), 3.5)
    ax = fig.add_subplot()
    xs = range(len(labels))
    ax.bar([x - 0.2 for x in xs], first, width=0.4, label=names[0], color="#1a7f37")
    ax.bar([x + 0.2 for x in xs], second, width=0.4, label=names[1], color="#b35900")
    ax.set_xticks(list(xs), labels, rotation=45 if len(labels) > 6 else 0)
    ax.set_ylim(0, 125)  # headroom so the legend never hides a bar
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_ylabel("pass rate (%)")
    ax.set_title(title)
    ax.legend(loc="upper center", ncol=2, frameon=False)
    return fig


def two_bars(left: tuple[list[str], list[float], str], right: tuple[list[str], list[float], str], title: str):
    """Two bar charts of percentages side by side, each given as (labels, values, subtitle); an empty one says so."""
    fig = _figure(9.0, 3.4)
    for ax, (labels, values, subtitle) in zip(fig.subplots(1, 2), (left, right)):
        ax.bar(labels, values, color="#4c72b0")
        if not labels:
            ax.text(0.5, 0.5, "nothing yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_ylim(0, 100)
        ax.set_title(subtitle, fontsize=10)
        ax.tick_params(axis="x", rotation=45 if len(labels) > 4 else 0, labelsize=8)
    fig.suptitle(title)
    return fig


def steps(times: list, series: dict[str, list[float]], ylabel: str, title: str):
    """Step lines over time, one per named series (e.g. the room's solved exercises and active learners)."""
    fig = _figure(6.0, 3.2)
    ax = fig.add_subplot()
    for (name, values), style in zip(series.items(), ("-", "--", ":", "-.")):
        ax.step(times, values, where="post", linestyle=style, label=name)
    if not times:
        ax.text(0.5, 0.5, "no checks yet", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if times:
        from matplotlib.dates import DateFormatter

        clock = "%H:%M" if (max(times) - min(times)).days < 1 else "%d %b %H:%M"
        ax.xaxis.set_major_formatter(DateFormatter(clock, tz=times[0].tzinfo))
        ax.legend(loc="lower right", frameon=False)  # the lines rise towards the top right
        fig.autofmt_xdate()
    return fig


def shown_inline(fig):
    """The figure, made to show itself as a PNG in a notebook without pyplot (IPython looks for _repr_png_)."""
    fig._repr_png_ = lambda: png_bytes(fig, dpi=100)
    return fig


def save(fig, path: Path) -> Path:
    """Save a figure as PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=100)
    return path


def png_bytes(fig, dpi: int = 80) -> bytes:
    """A figure as PNG bytes (for an ipywidgets Image)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def png_base64(fig) -> str:
    """A figure as base64 PNG, for a notebook's image/png output."""
    return base64.b64encode(png_bytes(fig)).decode("ascii")
