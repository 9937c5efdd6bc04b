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
    """Write every recorded check to a CSV file with formulas neutralised; return the number of rows."""
    records = tracker.store(folder).load()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csvsafe.Writer(f)
        writer.writerow(tracker.CSV_COLUMNS)
        writer.writerows(row(r) for r in records)
    return len(records)
