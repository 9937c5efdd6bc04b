"""`python -m checker`: audit the exercises on a backend, grade learners' notebooks and progress, export progress, watch a room."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TextIO

from checker import charts, csvsafe, grading, isolation, panels, progress_csv, specs, submissions, tracker
from tutor.errors import BACKEND_KINDS, TutorError

DEFAULT_OUT = Path("artifacts")
LIVE_NOTEBOOK_SECONDS = 1800.0  # a live model answers a notebook's exercises (and template inputs) one by one


def progress_bar(items: list, label: str, stream: TextIO = sys.stderr) -> Iterable:
    """Yield items while drawing a one-line text progress bar on stream."""
    total = max(1, len(items))
    for i, item in enumerate(items):
        done = int(30 * i / total)
        stream.write(f"\r{label} [{'#' * done}{'.' * (30 - done)}] {i}/{len(items)}")
        stream.flush()
        yield item
    stream.write(f"\r{label} [{'#' * 30}] {len(items)}/{len(items)}\n")
    stream.flush()


def _settings(samples: int):
    """The configured backend's settings; with several samples the reply cache is bypassed for this run."""
    from tutor import api

    if samples > 1 and not api.settings().is_offline:
        api.use(cache=False)
    return api.settings()


# ---------------------------------------------------------------- audit


@dataclass(frozen=True)
class AuditRow:
    """Pass rates of one exercise's reference and baseline."""

    exercise_id: str
    title: str
    reference_rate: float
    baseline_rate: float
    note: str = ""

    @property
    def discriminates(self) -> bool:
        """The reference always passes and the baseline never does."""
        return self.reference_rate == 1.0 and self.baseline_rate == 0.0


def audit_exercise(ex: specs.Exercise, samples: int) -> AuditRow:
    """Run the reference and the baseline `samples` times each and return their pass rates."""
    rates, notes = [], []
    for fields in (ex.reference, ex.baseline):
        results = [grading.evaluate(ex, dict(fields)) for _ in range(samples)]
        rates.append(sum(r.passed for r in results) / samples)
        notes += [r.problem for r in results if r.problem][:1]
    return AuditRow(ex.id, ex.title, rates[0], rates[1], notes[0] if notes else "")


def audit_table(rows: list[AuditRow], header: str) -> str:
    """The audit as a Markdown table."""
    lines = [header, "", "| exercise | title | reference passes | baseline passes | discriminates | note |",
             "| --- | --- | ---: | ---: | --- | --- |"]
    lines += [f"| {r.exercise_id} | {r.title} | {r.reference_rate:.0%} | {r.baseline_rate:.0%} | "
              f"{'yes' if r.discriminates else 'NO'} | {r.note} |" for r in rows]
    n = sum(r.discriminates for r in rows)
    lines += ["", f"{n} of {len(rows)} exercises discriminate (reference passes, baseline fails)."]
    return "\n".join(lines)


def cmd_audit(args: argparse.Namespace) -> int:
    """Audit every (or the chosen) exercise on the configured backend."""
    from tutor import api

    chosen = [specs.get(i) for i in args.exercises] if args.exercises else specs.all_exercises()
    s = _settings(args.samples)
    header = f"Audit on {api.describe(s)}, {args.samples} sample(s) each"
    rows = [audit_exercise(ex, args.samples) for ex in progress_bar(chosen, "audit")]
    table = audit_table(rows, header)
    print(table)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "audit.md").write_text(table + "\n", encoding="utf-8")
    with (out / "audit.csv").open("w", newline="", encoding="utf-8") as f:
        w = csvsafe.Writer(f)
        w.writerow(["exercise", "title", "reference_pass_rate", "baseline_pass_rate", "discriminates", "note"])
        w.writerows([r.exercise_id, r.title, r.reference_rate, r.baseline_rate, r.discriminates, r.note] for r in rows)
    fig = charts.paired_bars([r.exercise_id for r in rows], [100 * r.reference_rate for r in rows],
                             [100 * r.baseline_rate for r in rows], ("reference", "baseline"), header)
    charts.save(fig, out / "audit.png")
    print(f"Saved {out / 'audit.md'}, {out / 'audit.csv'} and {out / 'audit.png'}")
    return 0 if all(r.discriminates for r in rows) else 1


# ---------------------------------------------------------------- gradebook


@dataclass(frozen=True)
class Row:
    """One gradebook row; passed is None for an answer that could not be graded (never a fail)."""

    student: str
    exercise_id: str
    passed: bool | None
    score: float | None
    reasons: str
    source: str = "notebook"  # where the answer came from: "notebook" or "progress"
    origin: str = ""  # the file it came from
    answered: str = ""  # when it was written (ISO, UTC)

    def cells(self) -> list:
        """The row as CSV cells."""
        score = "" if self.score is None else f"{self.score:.2f}"
        passed = "not graded" if self.passed is None else self.passed
        return [self.student, self.exercise_id, passed, score, self.reasons, self.source, self.origin, self.answered]


@dataclass(frozen=True)
class NotebookGrades:
    """What grading one notebook gave: its rows, or why it was skipped, or why the whole run must stop."""

    rows: tuple[Row, ...] = ()
    skipped: str = ""
    stopped: str = ""


def grade_submission(sub: submissions.Submission, *, raise_model_errors: bool = False) -> grading.Result:
    """Re-grade one learner's answer on the configured backend."""
    try:
        ex = specs.get(sub.exercise_id)
    except KeyError as exc:
        return grading.failed_result(sub.exercise_id, "unknown exercise", str(exc.args[0]))
    fields = dict(sub.fields)
    if ex.is_template and "template" not in fields and "prompt" in fields:
        fields["template"] = fields.pop("prompt")
    return grading.evaluate(ex, fields, raise_model_errors=raise_model_errors)


def _row(sub: submissions.Submission) -> Row:
    """Grade one answer into a row; a backend failure propagates as TutorError."""
    where = (sub.source, sub.origin, sub.time)
    try:
        r = grade_submission(sub, raise_model_errors=True)
    except TutorError as err:
        if err.kind in BACKEND_KINDS:
            raise
        return Row(sub.student, sub.exercise_id, None, None, f"not graded: {err.cause}", *where)
    return Row(sub.student, sub.exercise_id, r.passed, r.score, "; ".join(([r.problem] if r.problem else []) + r.reasons), *where)


def read_notebook(path: Path, root: Path) -> tuple[tuple[submissions.Submission, ...], str]:
    """The answers in one notebook, or why it cannot be read (run in a bounded child by the gradebook)."""
    try:
        found = submissions.answers(path)
    except submissions.NotebookError as exc:
        return (), str(exc)
    rel, student, when = str(path.relative_to(root)), submissions.student_of(path, root), submissions.modified(path)
    return tuple(submissions.Submission(student, ex_id, fields, rel, "notebook", when) for ex_id, fields in found.items()), ""


def grade_answers(subs: tuple[submissions.Submission, ...]) -> NotebookGrades:
    """Grade the answers that came from one file (run in a bounded child by the gradebook)."""
    rows = []
    for sub in subs:
        try:
            rows.append(_row(sub))
        except TutorError as err:
            return NotebookGrades(stopped=str(err))
    return NotebookGrades(tuple(rows))


def _warm_up(settings) -> None:
    """Import the model path once, so that every forked grading child starts warm."""
    from tutor import client

    client.openai_client(settings)  # no connection is opened until a request is sent
    if settings.is_offline:
        import tutor.offline.model  # noqa: F401


def _by_file(subs: list[submissions.Submission]) -> list[tuple[str, tuple[submissions.Submission, ...]]]:
    """The answers grouped by the file they came from, in file order."""
    files: dict[str, list[submissions.Submission]] = {}
    for sub in subs:
        files.setdefault(sub.origin, []).append(sub)
    return [(name, tuple(group)) for name, group in sorted(files.items())]


def _grade_all(subs: list[submissions.Submission], runner: isolation.Runner) -> tuple[list[Row], list[tuple[str, str]], str]:
    """Grade the answers file by file, each file in the bounded child: (rows, skipped files and why, why it stopped)."""
    rows: list[Row] = []
    skipped: list[tuple[str, str]] = []
    for rel, group in progress_bar(_by_file(subs), "grading"):
        try:
            graded = runner.run(partial(grade_answers, group))
        except isolation.LimitExceeded as exc:
            graded = NotebookGrades(skipped=str(exc))
        if graded.stopped:
            return rows, skipped, graded.stopped
        if graded.skipped:
            skipped.append((rel, graded.skipped))
            print(f"\nskipped {rel}: {graded.skipped}", file=sys.stderr)
        rows += graded.rows
    return rows, skipped, ""


def write_gradebook(rows: list[Row], out: Path) -> None:
    """gradebook.csv (formulas neutralised) and gradebook.png (solved rate per exercise)."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "gradebook.csv").open("w", newline="", encoding="utf-8") as f:
        w = csvsafe.Writer(f)
        w.writerow(["student", "exercise", "passed", "score", "reasons", "source", "file", "answered"])
        w.writerows(r.cells() for r in rows)
    graded = [r for r in rows if r.passed is not None]
    ids = sorted({r.exercise_id for r in graded})
    rates = [100 * sum(bool(r.passed) for r in graded if r.exercise_id == i) /
             max(1, sum(1 for r in graded if r.exercise_id == i)) for i in ids]
    charts.save(charts.bars(ids, rates, "students who solved it (%)", "Gradebook"), out / "gradebook.png")


def _read_all(root: Path, runner: isolation.Runner) -> tuple[list[submissions.Submission], list[tuple[str, str]]]:
    """Every notebook's answers under root, each notebook read in the bounded child; what was skipped and why."""
    subs: list[submissions.Submission] = []
    bad: list[tuple[str, str]] = []
    for path in submissions.notebooks(root):
        rel = str(path.relative_to(root))
        try:
            found, problem = runner.run(partial(read_notebook, path, root))
        except isolation.LimitExceeded as exc:
            found, problem = (), str(exc)
        if problem:
            bad.append((rel, problem))
        subs += found
    return subs, bad


def gather(folder: str | None, progress: list[str], runner: isolation.Runner) -> tuple[list[submissions.Submission], list[tuple[str, str]]]:
    """Answers from the notebooks and progress files under folder and from each --progress path; what was skipped."""
    from checker import roster

    subs: list[submissions.Submission] = []
    bad: list[tuple[str, str]] = []
    for path in ([Path(folder)] if folder else []):
        found, bad = _read_all(path, runner)
        more, bad_progress = roster.collect_progress(path)
        subs, bad = found + more, bad + bad_progress
    for path in progress:
        more, bad_progress = roster.collect_progress(Path(path))
        subs, bad = subs + more, bad + bad_progress
    return roster.choose(subs), bad


def _missing(folder: str | None, progress: list[str]) -> str:
    """Why the gradebook's inputs cannot be read (nothing given, a folder that is not there), or ''."""
    if not folder and not progress:
        return "Give a folder of notebooks, --progress PATH, or both."
    if folder and not Path(folder).is_dir():
        return f"{folder} is not a folder of notebooks."
    absent = [p for p in progress if not Path(p).exists()]
    return f"{absent[0]} does not exist (give a progress.json file or a folder of them)." if absent else ""


def cmd_gradebook(args: argparse.Namespace) -> int:
    """Grade every learner's answer (notebooks and progress) and write a CSV and a chart."""
    problem = _missing(args.submissions, args.progress)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if (args.notebook_seconds is not None and not args.notebook_seconds > 0) or args.notebook_memory_mb < 1:
        print("--notebook-seconds and --notebook-memory-mb must be positive.", file=sys.stderr)
        return 2
    try:
        settings = _settings(1)
        _warm_up(settings)
    except TutorError as err:
        print(str(err), file=sys.stderr)
        return 2
    seconds = args.notebook_seconds or (isolation.Limits.seconds if settings.is_offline else LIVE_NOTEBOOK_SECONDS)
    with isolation.Runner(isolation.Limits(seconds=seconds, memory_mb=args.notebook_memory_mb)) as runner:
        subs, bad = gather(args.submissions, args.progress, runner)
        for name, reason in bad:
            print(f"skipped {name}: {reason}", file=sys.stderr)
        rows, skipped, stopped = _grade_all(subs, runner)
    if stopped:
        print(f"Stopped: the model could not grade an answer, so no gradebook was written "
              f"(an answer that was never graded is not a fail).\n{stopped}", file=sys.stderr)
        return 3
    out = Path(args.out)
    write_gradebook(rows, out)
    students = sorted({r.student for r in rows})
    for st in students:
        mine = [r for r in rows if r.student == st]
        graded = [r for r in mine if r.passed is not None]
        ungraded = f", {len(mine) - len(graded)} not graded" if len(graded) < len(mine) else ""
        sources = ", ".join(f"{n} from {src}" for src in ("notebook", "progress") if (n := sum(r.source == src for r in mine)))
        print(f"{st}: {sum(bool(r.passed) for r in graded)}/{len(graded)} solved{ungraded} ({sources})")
    print(f"Graded {len(rows)} answers from {len(students)} students; skipped {len(bad) + len(skipped)} unreadable files.")
    print(f"Saved {out / 'gradebook.csv'} and {out / 'gradebook.png'}")
    return 0


# ---------------------------------------------------------------- progress export


def cmd_progress(args: argparse.Namespace) -> int:
    """`progress export`: write every recorded check to CSV (`progress show` prints the summary)."""
    if args.action == "show":
        print(tracker.progress())
        return 0
    out = Path(args.out)
    path = out if out.suffix == ".csv" else out / "progress.csv"
    try:
        n, skipped = progress_csv.export_folder(path, Path(args.source)) if args.source else (progress_csv.export(path), [])
    except OSError as exc:
        print(f"Could not export progress ({exc}).", file=sys.stderr)
        return 2
    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    print(f"Wrote {n} checks to {path}")
    return 0


# ---------------------------------------------------------------- room dashboard


def cmd_room(args: argparse.Namespace) -> int:
    """Print the room dashboard once, or with --watch again every --every seconds until Ctrl-C."""
    from checker import room

    try:
        folder = room.room_folder(args.folder)
    except room.RoomError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.every <= 0 or args.top < 1:
        print("--every must be positive and --top at least 1.", file=sys.stderr)
        return 2
    try:
        room.watch(folder, args.every, rounds=None if args.watch else 1, top=args.top, chart=Path(args.chart) if args.chart else None)
    except KeyboardInterrupt:
        print()
    return 0


def cmd_panels(args: argparse.Namespace) -> int:
    """Grade blind panel sets and print their rates (and, for development sets, the entries on the wrong side)."""
    sets = [s for s in panels.SETS if s != panels.HELD_OUT] if args.all else args.sets
    unknown = [s for s in sets if s not in panels.SETS]
    if not sets or unknown:
        print(f"Name a panel set ({', '.join(panels.SETS)}) or pass --all; unknown: {', '.join(unknown) or 'none'}.", file=sys.stderr)
        return 2
    for s in sets:
        print(panels.report(s, show_wrong=not (args.counts or args.all), exercises=tuple(args.exercises or ())))
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = argparse.ArgumentParser(prog="python -m checker", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("audit", help="does every exercise still discriminate on this backend?")
    a.add_argument("--samples", type=int, default=1, help="runs of reference and baseline per exercise")
    a.add_argument("--exercises", nargs="*", metavar="ID", help="only these ids, e.g. 04.1 04.2")
    a.add_argument("--out", default=str(DEFAULT_OUT / "audit"), help="folder for audit.md/.csv/.png")
    a.set_defaults(func=cmd_audit)
    g = sub.add_parser("gradebook", help="grade learners' answers from their notebooks and their progress")
    g.add_argument("submissions", metavar="SUBMISSIONS_DIR", nargs="?",
                   help="folder of notebooks (and progress.json files) collected from learners")
    g.add_argument("--progress", action="append", default=[], metavar="PATH",
                   help="a progress file, or a folder of them (e.g. the workshop room, COURSE_ROOM_DIR); repeatable")
    g.add_argument("--out", default=str(DEFAULT_OUT / "gradebook"), help="folder for gradebook.csv/.png")
    g.add_argument("--notebook-seconds", type=float, default=None,
                   help=f"skip a notebook whose grading takes longer than this (default {isolation.Limits.seconds:g} "
                        f"offline, {LIVE_NOTEBOOK_SECONDS:g} on a live model)")
    g.add_argument("--notebook-memory-mb", type=int, default=isolation.Limits.memory_mb,
                   help="skip a notebook whose grading needs more memory than this")
    g.set_defaults(func=cmd_gradebook)
    r = sub.add_parser("progress", help="export or show this user's progress")
    r.add_argument("action", choices=["export", "show"])
    r.add_argument("--out", default=str(DEFAULT_OUT), help="folder (or .csv file) for progress.csv")
    r.add_argument("--from", dest="source", metavar="FOLDER",
                   help="export every learner's progress file in FOLDER (a workshop room) instead of yours")
    r.set_defaults(func=cmd_progress)
    m = sub.add_parser("room", help="the room dashboard: who solved what, where the room is stuck")
    m.add_argument("folder", nargs="?", help="the room's shared progress folder (default: $COURSE_ROOM_DIR)")
    m.add_argument("--watch", action="store_true", help="refresh until Ctrl-C")
    m.add_argument("--every", type=float, default=10.0, help="seconds between refreshes with --watch")
    m.add_argument("--top", type=int, default=5, help="how many stuck exercises to list")
    m.add_argument("--chart", metavar="PNG", help="also save the progress-over-time chart here (at each refresh)")
    m.set_defaults(func=cmd_room)
    b = sub.add_parser("panels", help="grade blind panel sets: pass rates per exercise and lesson, entries on the wrong side")
    b.add_argument("sets", nargs="*", metavar="SET", help="panel sets under tests/panels, e.g. dev19 test")
    b.add_argument("--all", action="store_true", help="every development set, counts only")
    b.add_argument("--counts", action="store_true", help="rates only, no entries (always so for the held-out test set)")
    b.add_argument("--exercises", nargs="*", metavar="ID", help="only these ids, e.g. 07.1 07.2")
    b.set_defaults(func=cmd_panels)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    if getattr(args, "samples", 1) < 1:
        print("--samples must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyError as exc:  # an unknown exercise id
        print(exc.args[0], file=sys.stderr)
        return 2
    except specs.SpecError as exc:
        print(f"Spec error: {exc}", file=sys.stderr)
        return 2
