"""docs/instructors.md, the workshop guide: its commands parse, its plans cover every lesson, the README links it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from checker import cli

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")


def checker_commands() -> list[list[str]]:
    """The arguments of every `python -m checker ...` command in the guide's code blocks."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", GUIDE, re.M | re.S)
    lines = [line.split("#")[0] for block in blocks for line in block.splitlines()]
    return [shlex.split(line.split("-m checker", 1)[1]) for line in lines if "-m checker " in line]


@pytest.mark.parametrize("args", checker_commands(), ids=" ".join)
def test_every_documented_checker_command_parses(args):
    parsed = cli.parser().parse_args(args)
    assert parsed.func is not None


def test_the_guide_documents_each_command_and_leaves_the_workshop_file_section():
    commands = {args[0] for args in checker_commands()}
    assert commands == {"audit", "gradebook", "room", "progress"}
    assert "-m tutor doctor" in GUIDE
    assert re.search(r"^## The workshop file\n", GUIDE, re.M)


def test_the_plans_cover_every_lesson_and_mark_the_coming_ones():
    lessons = sorted(p.stem[:2] for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
    plans = GUIDE.split("### Learning goals")[0]
    for number in lessons:
        assert re.search(rf"\| {number} \w", plans), f"lesson {number} has no slot in the plans"
    for number in range(int(lessons[-1]) + 1, 11):
        assert re.search(rf"\| {number:02d} [^|]*\*\(coming\)\*", plans), f"lesson {number:02d} should be marked (coming)"


def test_the_readme_links_the_guide():
    assert "](docs/instructors.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
