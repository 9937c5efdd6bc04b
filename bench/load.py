"""Load test: a room of simulated learners clicking Check against one busy endpoint (localhost only, bounded in time).

    python -m bench load                       # 50 learners, a Check every second each, for 60 s
    python -m bench load --learners 10 --seconds 10

Each learner is its own process, as each learner has their own kernel: its own COURSE_DATA_DIR, its
own learner name, and the real exercise widget, whose Check button it clicks once a second (or, when a
Check took longer, as soon as it is done) with a prompt carrying a unique token. The endpoint is
bench/load_server.py in another process: it answers a share of requests 429 with Retry-After and fails
some with 500. At the end every learner's progress store is read back and matched with the Checks by
token: a graded Check must have exactly one record, a Check that was not graded none.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.common import percentile

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = "00.1"
PROMPT = "What is the capital of Australia? Answer with one word."
TOKEN = re.compile(r"\((learner-\d+#\d+)\)\Z")  # the token at the end of a Check's prompt
SETUP_S = 180.0  # every learner must be ready (widget built) within this (50 start in about a minute on 2 busy cores)
CRASH = "Something went wrong inside the checker"  # the widget's words for an exception it caught
PRELOAD = ["checker.widget", "checker.checks", "checker.tracker", "tutor.client", "openai", "httpx2", "httpcore2", "h11", "jsonschema",
           "bench.load"]  # imported once by the fork server, so each learner starts in a second, not ten


@dataclass(frozen=True)
class Options:
    """The room: how many learners, for how long, and how busy the endpoint is."""

    learners: int = 50
    seconds: float = 60.0
    limited: float = 0.2  # share of requests the server answers 429 (Retry-After)
    failing: float = 0.05  # share it answers 500
    retry_after: float = 1.0  # the Retry-After it sends, in seconds
    max_retries: int = 3  # TUTOR_MAX_RETRIES for every learner (the course's default)
    deadline: float = 120.0  # TUTOR_DEADLINE for every learner (the course's default)


@dataclass
class Report:
    """What the room saw."""

    options: Options
    attempted: int = 0
    graded: int = 0
    solved: int = 0
    not_graded: int = 0
    other_errors_shown: int = 0
    waited: int = 0
    retries_shown: int = 0
    latencies_s: list[float] = field(default_factory=list)
    graded_latencies_s: list[float] = field(default_factory=list)
    records: int = 0
    lost: int = 0
    duplicated: int = 0
    unexpected: int = 0
    unhandled: list[str] = field(default_factory=list)
    messages: dict[str, int] = field(default_factory=dict)
    server: dict[str, int] = field(default_factory=dict)
    setup_s: float = 0.0
    wall_s: float = 0.0
    load_average: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load average at the start and the end

    @property
    def ok(self) -> bool:
        """The requirements: no unhandled exception, no record lost, duplicated or written for an ungraded Check."""
        return not self.unhandled and self.lost == self.duplicated == self.unexpected == 0 and self.attempted > 0

    def rows(self) -> list[tuple[str, str]]:
        """The report as (measure, value) rows."""
        o, lat = self.options, self.latencies_s
        ms = (lambda q: f"{percentile(lat, q) * 1000:.0f} ms") if lat else (lambda q: "-")
        server = self.server
        return [
            ("learners × seconds", f"{o.learners} × {o.seconds:g} s (a Check every second each)"),
            ("server: 429 share / 500 share", f"{o.limited:.0%} (Retry-After {o.retry_after:g} s) / {o.failing:.0%}"),
            ("learner settings", f"TUTOR_MAX_RETRIES={o.max_retries}, TUTOR_DEADLINE={o.deadline:g}"),
            ("checks attempted", str(self.attempted)),
            ("checks completed (graded)", f"{self.graded} ({self.solved} solved)"),
            ("not graded (model busy after retries): shown to learner", str(self.not_graded)),
            ("other errors shown to learners", str(self.other_errors_shown)),
            ("checks that waited to retry / retry waits shown", f"{self.waited} / {self.retries_shown}"),
            ("latency p50 / p95 / max (all checks)", f"{ms(50)} / {ms(95)} / {max(lat) * 1000:.0f} ms" if lat else "-"),
            ("latency median (graded)", f"{statistics.median(self.graded_latencies_s) * 1000:.0f} ms" if self.graded_latencies_s else "-"),
            ("progress records written / checks attempted", f"{self.records} / {self.attempted}"),
            ("records lost / duplicated / for ungraded checks", f"{self.lost} / {self.duplicated} / {self.unexpected}"),
            ("unhandled exceptions", str(len(self.unhandled))),
            ("server requests: 200 / 429 / 500 (most at once)",
             f"{server.get('ok_200', 0)} / {server.get('limited_429', 0)} / {server.get('failed_500', 0)} "
             f"({server.get('most_at_once', 0)})"),
            ("wall time (of which starting the learners)", f"{self.wall_s:.1f} s ({self.setup_s:.1f} s)"),
            ("machine: cores, load average at start / end",
             f"{os.cpu_count()}, {self.load_average[0]:.1f} / {self.load_average[1]:.1f}"),
        ]

    def table(self) -> str:
        """The report as a Markdown table, with any unhandled exception and the messages learners saw below it."""
        rows = self.rows()
        width = max(len(m) for m, _ in rows)
        lines = [f"| {'measure':<{width}} | value", f"| {'-' * width} | -----"]
        lines += [f"| {m:<{width}} | {v}" for m, v in rows]
        lines += [f"  shown {n}×: {text}" for text, n in sorted(self.messages.items(), key=lambda kv: -kv[1])]
        lines += [f"  UNHANDLED: {u}" for u in self.unhandled[:10]]
        return "\n".join(lines)


# ---------------------------------------------------------------- one learner (a child process)


def _learner_env(name: str, home: Path, url: str, o: Options) -> dict[str, str]:
    """The environment of one learner's kernel: its own data folder and name, the room's endpoint."""
    return {"COURSE_DATA_DIR": str(home), "COURSE_LEARNER": name, "TUTOR_BACKEND": "openai", "OPENAI_BASE_URL": url,
            "OPENAI_API_KEY": "sk-load-test-not-a-real-key", "TUTOR_MODEL": "load-model", "TUTOR_CACHE": "0",
            "TUTOR_ENV_FILE": str(home / "no.env"), "TUTOR_MAX_RETRIES": str(o.max_retries),
            "TUTOR_DEADLINE": f"{o.deadline:g}"}


def _click(w: Any, token: str, shown: list[str]) -> dict[str, Any]:
    """One Check with a prompt carrying `token`; what the learner saw."""
    w.fields["prompt"].value = f"{PROMPT} ({token})"
    shown.clear()
    w.last_result = None
    started = time.monotonic()
    w.check_button.click()
    latency = time.monotonic() - started
    r = w.last_result
    return {"token": token, "latency_s": latency, "graded": bool(r is not None and r.graded),
            "passed": bool(r is not None and r.passed), "status": w.status.value,
            "crash": CRASH in w.result.value, "retries_shown": sum("retrying" in s for s in shown)}


def learner(index: int, url: str, root: str, o: Options, barrier: Any) -> None:
    """Build the widget, wait for the room, then click Check once a second for o.seconds; log every Check."""
    name = f"learner-{index:02d}"
    home = Path(root) / name
    os.environ.update(_learner_env(name, home, url, o))
    problems: list[str] = []
    threading.excepthook = lambda a: problems.append(f"{name} thread {a.thread.name}: {a.exc_type.__name__}: {a.exc_value}")
    checks: list[dict[str, Any]] = []
    try:
        import checker

        w = checker.exercise(EXERCISE)
        shown: list[str] = []
        w.status.observe(lambda change: shown.append(change["new"]), names="value")
        barrier.wait(SETUP_S)
        started = due = time.monotonic()
        while due < started + o.seconds:
            time.sleep(max(0.0, due - time.monotonic()))
            checks.append(_click(w, f"{name}#{len(checks)}", shown))
            due = max(due + 1.0, time.monotonic())  # a learner clicks again once the Check is done
    except BaseException:  # noqa: BLE001 - every exception is a finding, reported by the parent
        problems.append(f"{name}: {traceback.format_exc()}")
    finally:
        (Path(root) / f"{name}.checks.json").write_text(json.dumps({"checks": checks, "problems": problems}))


# ---------------------------------------------------------------- the room (the parent)


def _start_server(o: Options) -> tuple[subprocess.Popen, str]:
    """Start bench/load_server.py in its own process; return it and its base URL."""
    cmd = [sys.executable, "-m", "bench.load_server", "--limited", str(o.limited), "--failing", str(o.failing),
           "--retry-after", str(o.retry_after)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise RuntimeError(f"the load server did not start (it said {url!r})")
    return proc, url


def _server_stats(url: str) -> dict[str, int]:
    """The load server's counts."""
    import urllib.request

    with urllib.request.urlopen(url.removesuffix("/v1") + "/stats", timeout=10) as answer:
        return json.loads(answer.read())


def _run_learners(o: Options, url: str, root: Path, report: Report) -> None:
    """Run every learner to the end (killing any that outlive the bound); problems with the processes go in the report."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    barrier = ctx.Barrier(o.learners + 1)
    procs = [ctx.Process(target=learner, args=(i, url, str(root), o, barrier), name=f"learner-{i:02d}")
             for i in range(o.learners)]
    started = time.monotonic()
    for p in procs:
        p.start()
    problems = report.unhandled
    try:
        barrier.wait(SETUP_S)
    except threading.BrokenBarrierError:
        problems.append(f"not every learner was ready within {SETUP_S:g} s")
    report.setup_s = time.monotonic() - started
    ends = time.monotonic() + o.seconds + o.deadline + 30
    for p in procs:
        p.join(max(0.0, ends - time.monotonic()))
        if p.is_alive():
            p.kill()
            p.join()
            problems.append(f"{p.name} was still running at the time bound and was stopped")
        elif p.exitcode != 0:
            problems.append(f"{p.name} exited with code {p.exitcode}")


def _tally(report: Report, root: Path, name: str) -> None:
    """Add one learner's Checks and progress records to the report."""
    from checker import tracker

    log = root / f"{name}.checks.json"
    if not log.exists():
        report.unhandled.append(f"{name} wrote no log")
        return
    data = json.loads(log.read_text())
    report.unhandled += data["problems"]
    checks = data["checks"]
    report.attempted += len(checks)
    graded = {c["token"] for c in checks if c["graded"]}
    for c in checks:
        report.latencies_s.append(c["latency_s"])
        report.graded += c["graded"]
        report.solved += c["passed"]
        report.waited += c["retries_shown"] > 0
        report.retries_shown += c["retries_shown"]
        if c["crash"]:
            report.unhandled.append(f"{c['token']}: {c['status']}")
        if c["graded"]:
            report.graded_latencies_s.append(c["latency_s"])
        else:
            report.not_graded += 1
        store_error = c["graded"] and "Could not save" in c["status"]
        report.other_errors_shown += store_error
        if store_error or not c["graded"]:
            text = c["status"].split(" · ", 1)[-1]
            report.messages[text] = report.messages.get(text, 0) + 1
    tokens = [m.group(1) for r in tracker.store(root / name).load()
              if (m := TOKEN.search(str((r.get("fields") or {}).get("prompt", ""))))]
    report.records += len(tokens)
    report.lost += len(graded - set(tokens))
    report.duplicated += len(tokens) - len(set(tokens))
    report.unexpected += len(set(tokens) - graded)


def run(o: Options) -> Report:
    """Run the room and return its report."""
    started = time.monotonic()
    report = Report(o)
    first_load = os.getloadavg()[0]
    server, url = _start_server(o)
    try:
        with tempfile.TemporaryDirectory(prefix="course-load-") as folder:
            root = Path(folder)
            _run_learners(o, url, root, report)
            report.server = _server_stats(url)
            for i in range(o.learners):
                _tally(report, root, f"learner-{i:02d}")
    finally:
        server.kill()
        server.wait()
    report.wall_s = time.monotonic() - started
    report.load_average = (first_load, os.getloadavg()[0])
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the load test, print its table; exit 1 if a requirement failed."""
    d = Options()
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=d.learners)
    parser.add_argument("--seconds", type=float, default=d.seconds)
    parser.add_argument("--limited", type=float, default=d.limited, help="share of requests answered 429")
    parser.add_argument("--failing", type=float, default=d.failing, help="share of requests answered 500")
    parser.add_argument("--retry-after", type=float, default=d.retry_after, help="Retry-After sent with a 429 (s)")
    parser.add_argument("--max-retries", type=int, default=d.max_retries)
    parser.add_argument("--deadline", type=float, default=d.deadline)
    parser.add_argument("--json", action="store_true", help="also print the report as JSON")
    a = parser.parse_args(argv)
    o = Options(a.learners, a.seconds, a.limited, a.failing, a.retry_after, a.max_retries, a.deadline)
    print(f"load test: {o.learners} learners for {o.seconds:g} s ...", file=sys.stderr, flush=True)
    report = run(o)
    print(report.table())
    if a.json:
        print(json.dumps({**asdict(report), "latencies_s": None, "graded_latencies_s": None}))
    print("requirements met" if report.ok else "REQUIREMENTS NOT MET", file=sys.stderr)
    return 0 if report.ok else 1
