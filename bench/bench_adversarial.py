"""1 MB of hostile text through every check the exercises use (as the reply, or as the prompt fields), the offline
model, and a whole check() of every exercise. The target (issue 11) is under 1 s for each."""

from __future__ import annotations

import time

from bench.common import Row, cold, row

SIZE = 1_000_000  # characters
UNITS = ["\n", "<<<\n", "[[", "###\n", "- a: b\n", "<a>", "```\n", '{"a": ', "You are ", "do not mention ", "a",
         "1. x\n", "| a | b |\n"]


def hostile(unit: str) -> str:
    """unit repeated to SIZE characters."""
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


def _once(fn) -> float:
    """One call's time in milliseconds, with a cold prompt-analysis cache."""
    cold()
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _check_rows() -> list[Row]:
    """One row per check name: each distinct use of it in the exercises, on every hostile text."""
    from checker import checks, specs

    samples: dict[str, list[float]] = {}
    worst: dict[str, tuple[float, str]] = {}
    texts = {unit: hostile(unit) for unit in UNITS}
    seen: set[str] = set()
    for ex in specs.all_exercises():
        for c in ex.checks:
            if (use := f"{c.name} {sorted(c.params.items())!r}") in seen:
                continue
            seen.add(use)
            tag = c.params.get("tag")
            extra = {f"<{tag}>": hostile(f"<{tag}>")} if tag else {}  # many openings, no closing
            for unit, text in {**texts, **extra}.items():
                fields = {"prompt": text, "system": text, "prefill": "", "template": text}
                ms = _once(lambda c=c, text=text, fields=fields: checks.run(c.name, c.params, text, fields))
                samples.setdefault(c.name, []).append(ms)
                if ms > worst.get(c.name, (0.0, ""))[0]:
                    worst[c.name] = (ms, f"worst {ms:.0f} ms: {ex.id}, {unit!r}")
    unused = sorted(set(checks.CHECKS) - set(samples))
    out = [row(f"1 MB hostile: {name}", ms, worst[name][1]) for name, ms in sorted(samples.items())]
    if unused:
        out.append(Row("1 MB hostile: checks no exercise uses", 0.0, None, 0, ", ".join(unused)))
    return out


def _model_rows() -> list[Row]:
    """The offline model answering a request built around each hostile text, and check() of every exercise."""
    import checker
    from tutor.offline.model import respond

    texts = [hostile(u) for u in UNITS]
    model = [_once(lambda t=t: respond([{"role": "system", "content": t}, {"role": "user", "content": "Summarise this:\n" + t}]))
             for t in texts]
    text = hostile("<a>")
    whole = [_once(lambda ex=ex: checker.check(ex.id, record=False, **{f: text for f in ex.reference}))
             for ex in checker.all_exercises()]
    return [row("1 MB hostile: offline model", model, f"{len(UNITS)} texts, worst {max(model):.0f} ms"),
            row("1 MB hostile: check() of every exercise", whole, f"'<a>' x 333k in every field, worst {max(whole):.0f} ms")]


def rows() -> list[Row]:
    """Every check's rows, then the model's."""
    return _check_rows() + _model_rows()
