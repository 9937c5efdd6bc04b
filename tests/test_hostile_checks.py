"""Found by bench/bench_adversarial.py (1 MB of hostile text through every check): output checks that were
quadratic or raised on a hostile reply. Each test failed before its fix. (tests/test_linear_time.py covers the
prompt checks and the offline model.)"""

from __future__ import annotations

import random
import re
import time

import pytest

from checker import checks, specs

UNITS = ["\n", "<a>", "- a: b\n", "1. x\n", "[[", "| a | b |\n", '{"a": ', "-\n", " \n"]
SMALL, LARGE = 10_000, 40_000  # characters; linear work grows 4x between them, quadratic work 16x


def output_check_uses() -> list:
    """Each distinct (check, parameters) the exercises run on a reply."""
    uses = {}
    for ex in specs.all_exercises():
        for c in ex.checks:
            if c.kind == "output":
                uses.setdefault(f"{c.name} {sorted(c.params.items())!r}", c)
    return list(uses.values())


def _best(work, text: str, runs: int = 3) -> float:
    """The best of some timings of work(text) (the best filters out pauses from other processes)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work(text)
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize("unit", UNITS, ids=[repr(u) for u in UNITS])
def test_every_output_check_grows_linearly_with_a_hostile_reply(unit: str) -> None:
    """bullet_count took 19 s on 20 k newlines (quadratic: 1 MB would take hours); every output check is now linear."""
    small, large = (unit * (SMALL // len(unit) + 1))[:SMALL], (unit * (LARGE // len(unit) + 1))[:LARGE]
    slow = []
    for c in output_check_uses():
        def work(text: str, c=c) -> object:
            return checks.run(c.name, c.params, text, {})
        work(small)
        t_small, t_large = _best(work, small), _best(work, large)
        if t_large > 8 * t_small + 0.05:  # measure again before blaming the check for a busy machine
            t_small, t_large = _best(work, small, 7), _best(work, large, 7)
        if t_large > 8 * t_small + 0.05:
            slow.append(f"{c.name}: {t_small:.3f}s at {SMALL}, {t_large:.3f}s at {LARGE}")
    assert slow == []


def findall_in_tag(text: str, tag: str) -> str | None:
    """The old reading of the last <tag>...</tag> (quadratic on many openings with no closing), kept as the reference."""
    found = re.findall(rf"<{re.escape(tag)}>(.*?)</{re.escape(tag)}>", text, re.DOTALL | re.IGNORECASE)
    return found[-1].strip() if found else None


def test_in_tag_reads_what_it_always_read() -> None:
    rng = random.Random(11)
    parts = ["<a>", "</a>", "<A>", "</A>", "x", " ", "\n", "<b>", "</b>", "<a", "a>", "</"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        assert checks.in_tag(text, "a") == findall_in_tag(text, "a"), text


def best_of_three(text: str) -> float:
    """The best of three timings of in_tag on text."""
    return _best(lambda t: checks.in_tag(t, "answer"), text)


def test_in_tag_time_grows_linearly_with_unclosed_openings() -> None:
    """200 k characters of '<answer>' took 74 s (1 MB: about half an hour); the growth is now linear."""
    small, large = "<answer>" * 1_250, "<answer>" * 5_000  # 10 k and 40 k characters
    best_of_three(small)
    assert best_of_three(large) < 8 * best_of_three(small) + 0.05


def test_a_deeply_nested_json_reply_fails_the_check_with_a_reason() -> None:
    """A reply of 100 k '[' raised RecursionError out of valid_json and json_schema."""
    reply = "[" * 100_000 + "]" * 100_000
    assert checks.run("valid_json", {}, reply, {}) == (False, "the reply is not readable JSON (nested too deeply)")
    assert checks.run("json_schema", {"schema": {"type": "array"}}, reply, {})[0] is False


def test_a_reply_of_a_million_digits_fails_the_json_checks_with_a_reason() -> None:
    """Found by the 1 MB benchmark: json.loads raised ValueError (Python's limit on digits in an int) out of valid_json."""
    reply = "7" * 1_000_000
    assert checks.run("valid_json", {}, reply, {}) == (False, "the reply is not readable JSON (a number has too many digits)")
    assert checks.run("json_schema", {"schema": {"type": "number"}}, reply, {})[0] is False
