"""Every learner's answer per exercise for the gradebook: from notebooks and from progress files, newest first.

Progress files are read, never changed (one that is damaged or cannot be read is reported and skipped).
`progress_files` is the one place that lists them:

    room/alice.progress.json    a workshop room ($COURSE_ROOM_DIR) or collected: the file name names the student
    alice/progress.json         collected per learner: the folder names the student
    room/progress.json          a legacy shared folder ($COURSE_DATA_DIR): records name their learner

From progress the answer is the learner's latest attempt (Check) at each exercise. When a notebook
and progress both hold an answer, the newer one counts; a notebook cell still holding the starter
text (or nothing) is not an answer when progress has one.
"""

from __future__ import annotations

import os
from pathlib import Path

from checker import specs
from checker.history import parse_time
from checker.store import Damaged, parse, safe_name
from checker.submissions import Submission
from checker.tracker import FIELD_NAMES


class ProgressFileError(ValueError):
    """A progress file that cannot be read; the message says why."""


PROGRESS_NAME = "progress.json"
SUFFIX = ".progress.json"


def is_progress_file(path: Path) -> bool:
    """True for a file named progress.json or NAME.progress.json."""
    return path.name == PROGRESS_NAME or path.name.endswith(SUFFIX)


def progress_files(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The one lister of progress files: under a folder (NAME.progress.json, legacy progress.json) or a file itself,
    those that can be opened, sorted; and (name, why) for each one left out."""
    folder = Path(folder)
    base = folder.parent if folder.is_file() else folder
    if not folder.is_file() and not folder.is_dir():
        return [], [(str(folder), "not a folder (is the room folder's path right?)")]
    try:
        if folder.is_dir():
            os.listdir(folder)  # rglob skips a folder it cannot list without a word: say so instead
        found = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*.json") if is_progress_file(p))
    except OSError as exc:
        return [], [(folder.name or str(folder), f"cannot be listed ({exc.strerror or type(exc).__name__})")]
    files, problems = [], []
    for path in found:
        name = str(path.relative_to(base))
        if path.is_symlink():
            problems.append((name, "a link, not a learner's own file; left out"))
            continue
        try:
            with path.open("rb"):
                files.append(path)
        except OSError as exc:
            problems.append((name, f"cannot be read ({exc.strerror or type(exc).__name__})"))
    return files, problems


def records(path: Path) -> list[dict]:
    """The check records of a progress file, log or version-1 (raises ProgressFileError saying why it cannot be read)."""
    try:
        found, _ = parse(path.read_bytes(), "checks")
    except OSError as exc:
        raise ProgressFileError(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    except Damaged as exc:
        raise ProgressFileError(f"not a readable progress file ({exc})") from None
    return [r for r in found if isinstance(r.get("exercise"), str)]


def _student(path: Path, root: Path, record: dict) -> str:
    """Who a record belongs to: the learner folder or file name it was collected under, else its learner field."""
    rel = path.relative_to(root)
    if len(rel.parts) > 1:
        return rel.parts[0]
    named = str(record.get("learner") or "")
    if path.name.endswith(SUFFIX):
        stem = path.name[: -len(SUFFIX)]
        return named if named and safe_name(named) == stem else stem  # a room file keeps the learner's own spelling
    return named or "unknown"


def latest_attempts(path: Path, root: Path) -> list[Submission]:
    """One Submission per (student, exercise) in a progress file: the latest attempt."""
    latest: dict[tuple[str, str], Submission] = {}
    rel = str(path.relative_to(root)) if path != root else path.name
    for r in records(path):
        fields = {k: str(v) for k, v in (r.get("fields") or {}).items() if k in FIELD_NAMES}
        sub = Submission(_student(path, root, r), r["exercise"], fields, rel, "progress", str(r.get("time", "")))
        key = (sub.student, sub.exercise_id)
        if key not in latest or _newer(sub, latest[key]):
            latest[key] = sub
    return list(latest.values())


def _newer(a: Submission, b: Submission) -> bool:
    """True if a was written at the same time as b or later (a later record wins a tie)."""
    ta, tb = parse_time(a.time), parse_time(b.time)
    return ta is None or tb is None or ta >= tb


def room_records(folder: Path) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    """Every check record in a folder's progress files as (student, record); and the files that could not be read, and why."""
    files, problems = progress_files(folder)
    out: list[tuple[str, dict]] = []
    for path in files:
        try:
            out += [(_student(path, folder, r), r) for r in records(path)]
        except ProgressFileError as exc:
            problems.append((str(path.relative_to(folder)), str(exc)))
    return out, problems


def collect_progress(root: Path) -> tuple[list[Submission], list[tuple[str, str]]]:
    """Latest attempts from a progress file, or from every progress file under a folder; and what was skipped."""
    paths, bad = progress_files(root)
    base = root.parent if root.is_file() else root
    subs: list[Submission] = []
    for path in paths:
        try:
            subs += latest_attempts(path, base)
        except ProgressFileError as exc:
            bad.append((str(path.relative_to(base)), str(exc)))
    return subs, bad


def _no_answer(sub: Submission) -> bool:
    """True for a notebook cell that still holds the starter text, or nothing."""
    if not any(v.strip() for v in sub.fields.values()):
        return True
    try:
        starter = specs.get(sub.exercise_id).starter
    except KeyError:
        return False
    return all(sub.fields.get(f, "") == starter.get(f, "") for f in set(sub.fields) | set(starter))


def choose(subs: list[Submission]) -> list[Submission]:
    """The answer that counts for each (student, exercise): the newest real answer, whatever its source."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    for sub in subs:
        groups.setdefault((sub.student, sub.exercise_id), []).append(sub)
    chosen = []
    for group in groups.values():
        real = [s for s in group if not _no_answer(s)] or group
        best = real[0]
        for s in real[1:]:
            if _newer(s, best):
                best = s
        chosen.append(best)
    return sorted(chosen, key=lambda s: (s.student, s.exercise_id))
