"""The README's set-up commands: `make lab` serves the course in JupyterLab; `.ci/run` runs exactly `make test`.

`make lab` runs in a temporary copy of the checkout, with the environment running these tests as its
.venv (VENV=...), and the install step marked done (`make -o`): the checkout gets no .venv and no
server files, and nothing is installed. The install step itself runs in every `make check` and `make test`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import checkout
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_api(port: int, timeout_s: float) -> dict:
    """Poll JupyterLab's public /api endpoint until it answers (or fail after timeout_s)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def checkout_copy(target: Path) -> Path:
    """Copy the checkout's files (tracked and new, not ignored ones such as .venv) into target, keeping their times."""
    for name in checkout.files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def test_readme_quick_start_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```bash\n(.*?)```", readme, re.S)
    assert block, "README needs a Quick start with a bash block"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make lab", "make test"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in lines if line and not line.startswith("#") and not line.startswith(("set ", "cd "))]
    assert commands == ["make test"]


def server_info(runtime: Path, timeout_s: float) -> dict:
    """The running server's own record (jpserver-PID.json in its runtime folder: root_dir, token)."""
    deadline = time.monotonic() + timeout_s
    while not (found := sorted(runtime.glob("jpserver-[0-9]*.json"))):
        assert time.monotonic() < deadline, f"no server info file in {runtime}"
        time.sleep(0.3)
    return json.loads(found[0].read_text())


def test_make_lab_serves_the_repository_and_opens_lesson_00(tmp_path: Path) -> None:
    """`make lab`: JupyterLab answers, its root folder is the course, and lesson 00 is the file it opens."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("run the tests from a venv (make check / make test): make lab is given it as its .venv")
    copy = checkout_copy(tmp_path / "course")
    venv = Path(sys.prefix)
    port = free_port()
    runtime = tmp_path / "runtime"
    process = subprocess.Popen(
        ["make", "--no-print-directory", "-o", f"{venv}/.course-installed", "lab", f"VENV={venv}", f"PORT={port}",
         "LAB_FLAGS=--no-browser"],
        cwd=copy, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "BROWSER": "true", "JUPYTER_RUNTIME_DIR": str(runtime)},
    )
    try:
        info = wait_for_api(port, timeout_s=90)
        assert info.get("version"), info
        server = server_info(runtime, timeout_s=10)
        assert Path(server["root_dir"]).resolve() == copy.resolve()
        url = f"http://127.0.0.1:{port}/api/contents?token={server['token']}"
        with urllib.request.urlopen(url, timeout=10) as response:
            listed = {item["name"] for item in json.loads(response.read())["content"]}
        assert {"lessons", "exercises", "solutions"} <= listed, listed
        opener = next(runtime.glob("jpserver-file-to-run-*-open.html")).read_text()
        assert "/lab/tree/lessons/00_welcome.ipynb" in opener, opener
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    assert not (copy / ".venv").exists(), "make lab built a .venv although it was given one"
