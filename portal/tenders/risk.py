"""Risk levels, the country-risk CSV format, and month arithmetic for schedules (pure).

The country-risk file has a header row `country,risk,source`: an ISO 3166-1 alpha-2 code,
`low`, `medium` or `high`, and where the judgement comes from. The portal ships no figures of
its own: an operator imports the ones they trust, with their source.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = ("low", "medium", "high")
RANK = {level: rank for rank, level in enumerate(LEVELS)}
COLUMNS = ("country", "risk", "source")
MAX_ROWS = 1000
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def rank(level: str | None) -> int:
    """Position of a risk level, low 0 ... high 2; unknown (-1) sorts below low."""
    return RANK.get(level or "", -1)


@dataclass(frozen=True)
class CountryRiskRow:
    country: str
    risk: str
    source: str


@dataclass(frozen=True)
class CsvProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class CountryRiskFileError(ValueError):
    """The file cannot be imported; nothing is. `problems` lists every reason, by line."""

    def __init__(self, problems: Iterable[CsvProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def parse_country_risk(text: str) -> list[CountryRiskRow]:
    """The rows of a country-risk CSV, or CountryRiskFileError listing every problem."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CountryRiskFileError([CsvProblem(1, "the file is empty")]) from None
    except csv.Error as error:
        raise CountryRiskFileError([CsvProblem(1, f"not a CSV file ({error})")]) from None
    if tuple(header[:3]) != COLUMNS:
        raise CountryRiskFileError(
            [CsvProblem(1, f"the header must be {','.join(COLUMNS)}; found {','.join(header)}")]
        )
    rows: dict[str, CountryRiskRow] = {}
    problems: list[CsvProblem] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(rows) + len(problems) >= MAX_ROWS:
                problems.append(CsvProblem(line, f"more than {MAX_ROWS} rows"))
                break
            cells = [*cells, "", "", ""][:3]
            country, risk, source = (c.strip() for c in cells)
            if not _COUNTRY.match(country):
                problems.append(CsvProblem(line, f"{country!r} is not a two-letter country code"))
                continue
            if risk.lower() not in RANK:
                problems.append(
                    CsvProblem(line, f"risk {risk!r} is not one of {', '.join(LEVELS)}")
                )
                continue
            if not source:
                problems.append(
                    CsvProblem(line, "the source is empty: say where the rating comes from")
                )
                continue
            if country.upper() in rows:
                problems.append(CsvProblem(line, f"{country.upper()} appears twice"))
                continue
            rows[country.upper()] = CountryRiskRow(country.upper(), risk.lower(), source[:300])
    except csv.Error as error:
        problems.append(CsvProblem(reader.line_num, f"not a CSV file ({error})"))
    if problems:
        raise CountryRiskFileError(problems)
    if not rows:
        raise CountryRiskFileError([CsvProblem(2, "the file has no rows")])
    return list(rows.values())


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when shorter (31 Jan + 1: 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
