"""CSV that a spreadsheet opens as text, never as a formula (pure).

A cell starting with = + - @ (or their full-width forms), a tab or a carriage return can run as
a formula in Excel or LibreOffice (CSV injection); such a cell gets a leading apostrophe,
which spreadsheets show as a text marker, as OWASP recommends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> str:
    """The value as text, defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (RFC 4180: CRLF line ends, quotes where needed), every cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
