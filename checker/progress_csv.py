"""`python -m checker progress export`: every recorded Check as a CSV a spreadsheet opens safely."""

from __future__ import annotations

from pathlib import Path

from checker import csvsafe, tracker


def row(record: dict) -> list:
    """One progress record as a CSV row in tracker.CSV_COLUMNS order."""
    fields = record.get("fields") if isinstance(record.get("fields"), dict) else {}
    return [record.get("time"), record.get("exercise"), record.get("passed"), record.get("score"),
            record.get("backend"), record.get("model"), *(fields.get(k, "") for k in tracker.FIELD_NAMES), record.get("learner", "")]


def export(out: Path, folder: Path | None = None) -> int:
    """Write every check this learner's store recorded to a CSV file with formulas neutralised; return the row count."""
    return write(out, tracker.store(folder).load())


def export_folder(out: Path, folder: Path) -> tuple[int, list[str]]:
    """Write the checks in every progress file under folder (a room) to a CSV; the row count and 'NAME: why' skips."""
    from checker import roster

    files, listed = roster.progress_files(folder)
    problems = [f"{name}: {why}" for name, why in listed]
    records = []
    for path in files:
        try:
            records += roster.records(path)
        except roster.ProgressFileError as exc:
            problems.append(f"{path.relative_to(folder) if path != folder else path.name}: {exc}")
    return write(out, records), problems


def write(out: Path, records: list[dict]) -> int:
    """Write records to a CSV file with formulas neutralised; return the number of rows."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csvsafe.Writer(f)
        writer.writerow(tracker.CSV_COLUMNS)
        writer.writerows(row(r) for r in records)
    return len(records)
