"""1 MB of hostile text through every check the exercises use, the offline model and a whole check() of every
exercise. The target (issue 11) is under 1 s for each.

A reply can be any size, so output checks read 1 MB replies. A prompt cannot: check() refuses fields over the
model's context window (tutor.window) before any check reads them, and the offline model answers a longer
request with HTTP 400 context_length_exceeded. So 1 MB prompts are timed through those refusals, and the prompt
checks and the model are timed on the longest prefix of each hostile text that the window lets through.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.common import Row, cold, row

SIZE = 1_000_000  # characters
UNITS = ["\n", "<<<\n", "[[", "###\n", "- a: b\n", "<a>", "```\n", '{"a": ', "You are ", "do not mention ", "a",
         "1. x\n", "| a | b |\n", " ", "    \n", "----", '"', "7", "é ", "中", "<t1><t2>"]


def hostile(unit: str) -> str:
    """unit repeated to SIZE characters."""
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


def fitting(text: str, fits: Callable[[str], bool]) -> str:
    """The longest prefix of text that fits (by bisection on its length)."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(text[:mid]) else (lo, mid - 1)
    return text[:lo]


def _field_fits(text: str) -> bool:
    """True when check() accepts the text as a field (it fits the context window and the character cap)."""
    from tutor import window

    return window.texts_overflow([text]) is None and window.chars_overflow([text]) is None


def _request(text: str) -> list[dict]:
    """A request built around a text: as the system prompt, and as data to summarise."""
    return [{"role": "system", "content": text}, {"role": "user", "content": "Summarise this:\n" + text}]


def _request_fits(text: str) -> bool:
    """True when the offline model answers the request built around the text (it fits the window and the character cap)."""
    from tutor import window

    request = _request(text)
    return window.request_overflow(request) is None and window.chars_overflow(m["content"] for m in request) is None


def _once(fn: Callable[[], object]) -> float:
    """One call's time in milliseconds, with a cold prompt-analysis cache."""
    cold()
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


class _Worst:
    """Timings per name, with the worst case's description."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}
        self.worst: dict[str, tuple[float, str]] = {}

    def add(self, name: str, ms: float, where: str) -> None:
        """Record one timing."""
        self.samples.setdefault(name, []).append(ms)
        if ms >= self.worst.get(name, (-1.0, ""))[0]:
            self.worst[name] = (ms, where)

    def rows(self, prefix: str) -> list[Row]:
        """One row per name: median, p99, and where the worst case was."""
        return [row(f"{prefix}{name}", ms, f"worst {self.worst[name][0]:.0f} ms: {self.worst[name][1]}")
                for name, ms in sorted(self.samples.items())]


def _check_rows() -> list[Row]:
    """Output checks on 1 MB replies (cold); on the longest fields check() accepts, the prompt analysis (cold) and
    each prompt check's own work beyond it (the analysis is shared by every check of a check(), as there)."""
    from checker import checks, specs

    output, prompt, analysis = _Worst(), _Worst(), _Worst()
    replies = {unit: hostile(unit) for unit in UNITS}
    fields_of: dict[str, dict[str, str]] = {}  # unit -> the longest hostile fields check() accepts
    seen: set[str] = set()
    for ex in specs.all_exercises():
        for c in ex.checks:
            if (use := f"{c.name} {sorted(c.params.items())!r}") in seen:
                continue
            seen.add(use)
            tag = c.params.get("tag")
            extra = {f"<{tag}>": hostile(f"<{tag}>")} if tag else {}  # many openings, no closing
            for unit, text in {**replies, **extra}.items():
                if c.kind == "output":
                    fields = {"prompt": "x", "system": "x", "prefill": "", "template": "x"}
                    output.add(c.name, _once(lambda c=c, t=text, f=fields: checks.run(c.name, c.params, t, f)),
                               f"{ex.id}, {unit!r}")
                    continue
                if unit not in fields_of:
                    field = fitting(text, _field_fits)
                    fields_of[unit] = {"prompt": field, "system": field, "prefill": "", "template": field}
                    analysis.add("prompt analysis (cold)", _once(lambda f=fields_of[unit]: checks._analysis(f)),
                                 f"{unit!r} x {len(field):,} chars in each field")
                fields = fields_of[unit]
                checks.run(c.name, c.params, "", fields)  # warms the analysis: what is timed next is the check's own work
                start = time.perf_counter()
                checks.run(c.name, c.params, "", fields)
                prompt.add(c.name, (time.perf_counter() - start) * 1000, f"{ex.id}, {unit!r}")
    unused = sorted(set(checks.CHECKS) - set(output.samples) - set(prompt.samples))
    out = output.rows("1 MB hostile reply: ") + analysis.rows("window-full hostile prompt: ") \
        + prompt.rows("window-full hostile prompt, after analysis: ")
    if unused:
        out.append(Row("hostile: checks no exercise uses", 0.0, None, 0, ", ".join(unused)))
    return out


def _model_rows() -> list[Row]:
    """The offline model: 1 MB requests through its API (refused or answered), and the longest requests it answers."""
    import checker
    from tutor.offline.model import respond
    from tutor.offline.transport import chat

    api, model = _Worst(), _Worst()
    for unit in UNITS:
        text = hostile(unit)
        body = {"model": "offline-teacher", "messages": _request(text)}
        api.add("offline model API, 1 MB request", _once(lambda b=body: chat(b)), repr(unit))
        fit = fitting(text, _request_fits)
        model.add("offline model, longest request it answers", _once(lambda f=fit: respond(_request(f))),
                  f"{unit!r} x {len(fit):,} chars")
    whole = _Worst()
    for unit in ("<a>", " ", "\n"):
        text = hostile(unit)
        for ex in checker.all_exercises():
            whole.add("check() of every exercise, 1 MB in every field",
                      _once(lambda ex=ex, t=text: checker.check(ex.id, record=False, **{f: t for f in ex.reference})),
                      f"{ex.id}, {unit!r}")
    return api.rows("hostile: ") + model.rows("hostile: ") + whole.rows("hostile: ")


def rows() -> list[Row]:
    """Every check's rows, then the model's."""
    return _check_rows() + _model_rows()
