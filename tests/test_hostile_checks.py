"""Found by bench/bench_adversarial.py (1 MB of hostile text through every check): two output-check helpers that
failed on a hostile reply. Each test failed before its fix."""

from __future__ import annotations

import random
import re
import time

from checker import checks


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
    times = []
    for _ in range(3):
        start = time.perf_counter()
        checks.in_tag(text, "answer")
        times.append(time.perf_counter() - start)
    return min(times)


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
