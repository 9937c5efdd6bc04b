"""Regenerate the pinned requirement files from their .in files, in a scratch venv (`make freeze`).

requirements.in -> requirements.txt (everything the course needs);
requirements-test.in on top -> requirements-test.txt (only what the test tools add).
`--check` resolves again and fails if the committed files differ (they must agree with a clean resolution).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE_HEADER = """# Everything the course needs, pinned exactly: nbval compares saved outputs, so drifting
# dependencies would change them. Regenerate with: make freeze (see docs/maintainers.md).
# Python 3.11. Direct dependencies: requirements.in.
"""
TEST_HEADER = """# Test-only tools, on top of the course's own pins. Only `make test` / `make install-test` install this.
# Regenerate with: make freeze (see docs/maintainers.md). Direct dependencies: requirements-test.in.
# llama-cpp-python compiles from source (about 4 minutes on 2 cores); pip caches the built wheel.
-r requirements-check.txt
"""


def _frozen(python: Path) -> dict[str, str]:
    """name -> 'name==version' for every package in a venv (pip and setuptools left out)."""
    out = subprocess.run([str(python), "-m", "pip", "freeze", "--all"], check=True, capture_output=True, text=True).stdout
    pins = {}
    for line in out.splitlines():
        name = line.split("==")[0].strip()
        if "==" in line and name.lower() not in ("pip", "setuptools", "wheel"):
            pins[name.lower().replace("_", "-")] = line.strip()
    return pins


def _install(python: Path, requirement_file: Path) -> None:
    """pip install -r a file into the scratch venv."""
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(requirement_file)], check=True)


def resolve() -> tuple[str, str]:
    """The text of requirements.txt and requirements-test.txt from a clean resolution."""
    with tempfile.TemporaryDirectory(prefix="freeze-") as tmp:
        subprocess.run([sys.executable, "-m", "venv", tmp], check=True)
        python = Path(tmp) / "bin" / "python"
        _install(python, ROOT / "requirements.in")
        course = _frozen(python)
        _install(python, ROOT / "requirements-test.in")
        everything = _frozen(python)
    changed = sorted(n for n in course if everything.get(n) != course[n])
    if changed:
        raise SystemExit(f"the test tools change course pins: {', '.join(changed)}; pin them in requirements.in")
    check_pins = {line.split("==")[0].lower(): line.strip() for line in (ROOT / "requirements-check.txt").read_text().splitlines() if "==" in line}
    drifted = sorted(n for n, pin in check_pins.items() if everything.get(n) != pin)
    if drifted:
        raise SystemExit(f"requirements-check.txt disagrees with the resolution on: {', '.join(drifted)}")
    check_only = set(check_pins)
    extra = [everything[n] for n in sorted(everything) if n not in course and n not in check_only]
    return COURSE_HEADER + "\n".join(course[n] for n in sorted(course)) + "\n", TEST_HEADER + "\n".join(extra) + "\n"


def main(argv: list[str]) -> int:
    """Write the pinned files, or with --check compare them with a clean resolution."""
    course, test = resolve()
    targets = {ROOT / "requirements.txt": course, ROOT / "requirements-test.txt": test}
    if "--check" in argv:
        stale = [p.name for p, text in targets.items() if p.read_text(encoding="utf-8") != text]
        print("pins agree with a clean resolution" if not stale else f"out of date: {', '.join(stale)} (run make freeze)")
        return 1 if stale else 0
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
    print("wrote requirements.txt and requirements-test.txt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
