"""CSV output that spreadsheets cannot run: OWASP's CSV-injection rule, in one place."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value, with a leading apostrophe if it is text a spreadsheet would treat as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Writer:
    """A csv.writer whose every text cell is neutralised with `cell`."""

    def __init__(self, stream: TextIO) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> None:
        """Write one row."""
        self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write several rows."""
        for row in rows:
            self.writerow(row)
