"""Read an XLSForm file (.xlsx, .xls, .csv, .md) safely into rows of normalised columns.

An uploaded spreadsheet is untrusted: its size, its zip structure (entry count, uncompressed
size, compression ratio) and its row count are checked before any parser sees it, and every
failure of pyxform, openpyxl or xlrd becomes a one-line `XLSFormError` instead of a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from pyxform.xls2json_backends import get_xlsform

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 1_000
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small entries may compress very well without being a threat (and an empty sheet does).
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_SURVEY_ROWS = 5_000
MAX_CHOICE_ROWS = 20_000
MAX_SHEET_ROWS = MAX_CHOICE_ROWS
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".md")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,9}:)?row[\s>/]")
_ROW_TAG_MAX = 16  # the longest text _ROW_TAG can match
_CHUNK = 64 * 1024

# Older spellings of column names, as pyxform accepts them.
_ALIASES = {"relevance": "relevant", "caption": "label", "calculate": "calculation",
            "clauses": "clause", "red_flags": "red_flag", "readonly": "read_only",
            "value": "name"}

Column = tuple[str, str | None]
"""A normalised column: (snake_case name, language label as written or None)."""


class XLSFormError(ValueError):
    """A file that cannot be converted; the message is one line, ready for the CLI to print."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


# The name shadows a builtin warning category on purpose: it is the converter's published API.
@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something in the XLSForm that could not be carried over as written.

    `row` is 1-based as a spreadsheet shows it (the header is row 1); in .csv and .md files,
    where blank lines are skipped, it counts the sheet's non-blank rows. None: the whole sheet.
    """

    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet} sheet" + (f", row {self.row}" if self.row is not None else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Row:
    """One spreadsheet row: its 1-based number as the user sees it, and its non-empty cells."""

    number: int
    cells: Mapping[Column, str]

    def get(self, name: str) -> str:
        """The plain (language-less) cell of a column, stripped; "" when empty."""
        return self.cells.get((name, None), "").strip()

    def by_language(self, name: str) -> dict[str | None, str]:
        """Every non-empty cell of a column, by language label (None: the plain column)."""
        return {
            lang: v.strip() for (col, lang), v in self.cells.items() if col == name and v.strip()
        }


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet's normalised columns (in order) and its non-empty rows."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Workbook:
    """The sheets of an XLSForm that the converter reads."""

    survey: Sheet
    choices: Sheet
    settings: Sheet
    warnings: list[ImportWarning] = field(default_factory=list)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:200] + "…" if len(text) > 200 else text) or type(exc).__name__


def _check_zip(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise XLSFormError(f"{name} is not a valid .xlsx workbook (not a zip archive)") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise XLSFormError(
                f"{name} holds {len(entries)} files; a workbook may hold at most {MAX_ZIP_ENTRIES}"
            )
        total = sum(e.file_size for e in entries)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise XLSFormError(
                f"{name} unpacks to {total} bytes; the limit is {MAX_UNCOMPRESSED_BYTES} bytes"
            )
        for entry in entries:
            if (entry.file_size > RATIO_CHECK_FROM_BYTES
                    and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)):
                raise XLSFormError(
                    f"{name} looks like a zip bomb: {entry.filename} is compressed more than "
                    f"{MAX_COMPRESSION_RATIO} times"
                )
        # zipfile never inflates an entry beyond its declared size, so these reads are bounded
        for entry in entries:
            if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                _check_sheet_rows(archive, entry, name)


def _check_sheet_rows(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> None:
    # Counting <row> tags stops early, so a 100,000-row sheet is refused without parsing it.
    count, tail = 0, b""
    with archive.open(entry) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            buffer = tail + chunk
            # a tag starting before `end` lies wholly in the buffer; later ones wait for more
            end = len(buffer) - _ROW_TAG_MAX if chunk else len(buffer)
            count += sum(1 for m in _ROW_TAG.finditer(buffer) if m.start() < end)
            if count > MAX_SHEET_ROWS + 1:  # + 1: the header row
                raise XLSFormError(
                    f"{name} has a sheet with more than {MAX_SHEET_ROWS} rows; an XLSForm may "
                    f"have at most {MAX_SURVEY_ROWS} survey rows and {MAX_CHOICE_ROWS} choices"
                )
            if not chunk:
                return
            tail = buffer[max(end, 0):]


def _check_text(data: bytes, name: str) -> bytes:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise XLSFormError(f"{name} is not UTF-8 text (byte {exc.start})") from None
    lines = text.count("\n")
    if lines > MAX_CHOICE_ROWS + MAX_SURVEY_ROWS + 100:
        raise XLSFormError(
            f"{name} has {lines} lines; an XLSForm may have at most {MAX_SURVEY_ROWS} survey rows "
            f"and {MAX_CHOICE_ROWS} choices"
        )
    return text.encode("utf-8")


def _read_bytes(path: Path) -> bytes:
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise XLSFormError(f"{name}: an XLSForm must be one of {', '.join(SUFFIXES)}")
    try:
        if not path.is_file():
            raise XLSFormError(f"{name}: no such file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise XLSFormError(f"{name} is {size} bytes; the limit is {MAX_FILE_BYTES} bytes")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise XLSFormError(f"{name}: cannot read the file ({_one_line(exc)})") from None
    if len(data) > MAX_FILE_BYTES:
        raise XLSFormError(f"{name} is larger than the limit of {MAX_FILE_BYTES} bytes")
    if not data.strip():
        raise XLSFormError(f"{name} is empty")
    if suffix in (".xlsx", ".xlsm"):
        try:
            _check_zip(data, name)
        except XLSFormError:
            raise
        except Exception as exc:  # a corrupt, encrypted or exotic entry while counting rows
            raise XLSFormError(f"{name} is not a valid .xlsx workbook ({_one_line(exc)})") from None
    elif suffix == ".xls" and not data.startswith(_OLE_MAGIC):
        raise XLSFormError(f"{name} is not a valid .xls workbook")
    elif suffix in (".csv", ".md"):
        data = _check_text(data, name)
    return data


def normalise_header(header: str) -> Column:
    """`" Label :: Español (es) "` -> ("label", "Español (es)"); names become snake_case."""
    text = " ".join(str(header).split())
    if "::" in text:
        name, _, language = text.partition("::")
    elif ":" in text and not text.lower().startswith("jr:"):
        name, _, language = text.partition(":")  # the deprecated single-colon form
    else:
        name, language = text, ""
    snake = "_".join(name.lower().split())
    return _ALIASES.get(snake, snake), " ".join(language.split()) or None


def _sheet(
    name: str,
    rows: Sequence[Mapping[str, Any]] | None,
    header: Sequence[Mapping[str, Any]] | None,
    warnings: list[ImportWarning],
) -> Sheet:
    headers = [h for h in (header[0] if header else {}) if h not in (None, "", "None")]
    for raw in rows or ():  # a header pyxform did not list (should not happen) is still read
        headers.extend(h for h in raw if h not in headers)
    by_header: dict[str, Column] = {}
    first_of: dict[Column, str] = {}
    for text in headers:
        column = normalise_header(str(text))
        if column in first_of:
            warnings.append(ImportWarning(
                name, 1, f"column {text!r} repeats column {first_of[column]!r}; it was ignored"
            ))
            continue
        first_of[column] = str(text)
        by_header[str(text)] = column
    out: list[Row] = []
    for index, raw in enumerate(rows or ()):
        cells = {
            by_header[str(h)]: str(v)
            for h, v in raw.items()
            if str(h) in by_header and v is not None and str(v).strip()
        }
        if cells:
            # pyxform keeps blank rows of a workbook in place, so + 2 skips the header row
            out.append(Row(index + 2, cells))
    return Sheet(name, tuple(first_of), tuple(out))


def read_workbook(path: str | PathLike[str]) -> Workbook:
    """The survey, choices and settings sheets of an XLSForm; XLSFormError if unreadable."""
    file = Path(path)
    data = _read_bytes(file)
    suffix = file.suffix.lower()
    try:
        book = get_xlsform(io.BytesIO(data), file_type=suffix)
    except Exception as exc:  # any parser failure, on any input, must stay one clean line
        raise XLSFormError(f"{file.name} cannot be read as an XLSForm: {_one_line(exc)}") from None
    survey_rows = book.survey or ()
    choice_rows = book.choices or ()
    if sum(1 for r in survey_rows if r) > MAX_SURVEY_ROWS:
        raise XLSFormError(f"{file.name} has more than {MAX_SURVEY_ROWS} survey rows")
    if sum(1 for r in choice_rows if r) > MAX_CHOICE_ROWS:
        raise XLSFormError(f"{file.name} has more than {MAX_CHOICE_ROWS} choices")
    warnings: list[ImportWarning] = []
    survey = _sheet("survey", survey_rows, book.survey_header, warnings)
    if not survey.rows:
        raise XLSFormError(f"{file.name} has no survey sheet, or its survey sheet is empty")
    return Workbook(
        survey=survey,
        choices=_sheet("choices", choice_rows, book.choices_header, warnings),
        settings=_sheet("settings", book.settings, book.settings_header, warnings),
        warnings=warnings,
    )
