"""Spreadsheet exports (CSV and XLSX) that are safe to open (pure: no Flask, no database).

A cell whose text starts with = + - @, a tab or a carriage return would be read by
spreadsheet programs as a formula (CSV injection, OWASP): such text is prefixed with a quote,
so that it shows as the text it is. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None


def safe_cell(value: Cell) -> Cell:
    """The value, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # spreadsheets have no time zones; values are UTC
    return value


def _text(value: Cell) -> str:
    value = safe_cell(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text(h) for h in header])
    for row in rows:
        writer.writerow([_text(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """One worksheet with a header row; text cells are never formulas."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Export")
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        cells = []
        for value in row:
            value = safe_cell(value)
            if isinstance(value, bool):
                value = "yes" if value else "no"
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
