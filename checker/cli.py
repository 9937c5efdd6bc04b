"""`python -m checker`: audit the exercises on a backend, grade learners' notebooks and progress, export progress."""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, TextIO

from checker import charts, grading, specs, submissions, tracker

DEFAULT_OUT = Path("artifacts")


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
        w = csv.writer(f)
        w.writerow(["exercise", "title", "reference_pass_rate", "baseline_pass_rate", "discriminates", "note"])
        w.writerows([r.exercise_id, r.title, r.reference_rate, r.baseline_rate, r.discriminates, r.note] for r in rows)
    fig = charts.paired_bars([r.exercise_id for r in rows], [100 * r.reference_rate for r in rows],
                             [100 * r.baseline_rate for r in rows], ("reference", "baseline"), header)
    charts.save(fig, out / "audit.png")
    print(f"Saved {out / 'audit.md'}, {out / 'audit.csv'} and {out / 'audit.png'}")
    return 0 if all(r.discriminates for r in rows) else 1


# ---------------------------------------------------------------- gradebook


def grade_submission(sub: submissions.Submission) -> grading.Result:
    """Re-grade one learner's answer on the configured backend."""
    try:
        ex = specs.get(sub.exercise_id)
    except KeyError as exc:
        return grading.failed_result(sub.exercise_id, "unknown exercise", str(exc.args[0]))
    fields = dict(sub.fields)
    if ex.is_template and "template" not in fields and "prompt" in fields:
        fields["template"] = fields.pop("prompt")
    return grading.evaluate(ex, fields)


def gather(folder: str | None, progress: list[str]) -> tuple[list[submissions.Submission], list[tuple[str, str]]]:
    """Answers from the notebooks and progress files under folder and from each --progress path; what was skipped."""
    from checker import roster

    subs: list[submissions.Submission] = []
    bad: list[tuple[str, str]] = []
    if folder:
        found, bad = submissions.collect(Path(folder))
        more, bad_progress = roster.collect_progress(Path(folder))
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
    subs, bad = gather(args.submissions, args.progress)
    for name, reason in bad:
        print(f"skipped {name}: {reason}", file=sys.stderr)
    _settings(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = [(sub, grade_submission(sub)) for sub in progress_bar(subs, "grading")]
    with (out / "gradebook.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "exercise", "passed", "score", "reasons", "source", "file", "answered"])
        for sub, r in results:
            reasons = "; ".join(([r.problem] if r.problem else []) + r.reasons)
            w.writerow([sub.student, sub.exercise_id, r.passed, f"{r.score:.2f}", reasons, sub.source, sub.origin,
                        sub.time])
    ids = sorted({sub.exercise_id for sub, _ in results})
    rates = [100 * sum(r.passed for sub, r in results if sub.exercise_id == i) /
             max(1, sum(1 for sub, _ in results if sub.exercise_id == i)) for i in ids]
    charts.save(charts.bars(ids, rates, "students who solved it (%)", "Gradebook"), out / "gradebook.png")
    students = sorted({sub.student for sub, _ in results})
    for st in students:
        mine = [(sub, r) for sub, r in results if sub.student == st]
        sources = ", ".join(f"{n} from {src}" for src in ("notebook", "progress")
                            if (n := sum(sub.source == src for sub, _ in mine)))
        print(f"{st}: {sum(r.passed for _, r in mine)}/{len(mine)} solved ({sources})")
    print(f"Graded {len(results)} answers from {len(students)} students; skipped {len(bad)} unreadable files.")
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
    n = tracker.export_csv(path)
    print(f"Wrote {n} checks to {path}")
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
                   help="a progress.json, or a folder of them (e.g. the room's COURSE_DATA_DIR); repeatable")
    g.add_argument("--out", default=str(DEFAULT_OUT / "gradebook"), help="folder for gradebook.csv/.png")
    g.set_defaults(func=cmd_gradebook)
    r = sub.add_parser("progress", help="export or show this user's progress")
    r.add_argument("action", choices=["export", "show"])
    r.add_argument("--out", default=str(DEFAULT_OUT), help="folder (or .csv file) for progress.csv")
    r.set_defaults(func=cmd_progress)
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
