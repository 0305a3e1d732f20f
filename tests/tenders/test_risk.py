"""Country-risk files and month arithmetic (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.tenders.risk import CountryRiskFileError, add_months, parse_country_risk, rank


def test_a_good_file() -> None:
    rows = parse_country_risk(
        "\ufeffcountry,risk,source\nbd,High,ITUC Global Rights Index 2024\n"
        "DE,low,\"ITUC, 2024\"\n\n"
    )
    assert [(r.country, r.risk, r.source) for r in rows] == [
        ("BD", "high", "ITUC Global Rights Index 2024"),
        ("DE", "low", "ITUC, 2024"),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "line 1: the file is empty"),
        ("name,level\nBD,high\n", "the header must be country,risk,source"),
        ("country,risk,source\n", "the file has no rows"),
        ("country,risk,source\nBangladesh,high,x\n", "line 2: 'Bangladesh' is not a two-letter"),
        ("country,risk,source\nBD,extreme,x\n", "line 2: risk 'extreme' is not one of"),
        ("country,risk,source\nBD,high,\n", "line 2: the source is empty"),
        ("country,risk,source\nBD,high,a\nbd,low,b\n", "line 3: BD appears twice"),
    ],
)
def test_bad_files_name_the_line(text: str, problem: str) -> None:
    with pytest.raises(CountryRiskFileError) as caught:
        parse_country_risk(text)
    assert any(problem in str(p) for p in caught.value.problems), caught.value.problems


def test_every_problem_is_listed() -> None:
    with pytest.raises(CountryRiskFileError) as caught:
        parse_country_risk("country,risk,source\nXXX,high,a\nBD,none,b\nDE,low,\n")
    assert [p.line for p in caught.value.problems] == [2, 3, 4]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 11, 15), 3, dt.date(2025, 2, 15)),
        (dt.date(2024, 6, 30), 12, dt.date(2025, 6, 30)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@given(st.dates(max_value=dt.date(9000, 1, 1)), st.integers(min_value=1, max_value=120))
def test_add_months_moves_forward_by_that_many_months(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert later > day
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


def test_rank() -> None:
    assert rank("high") > rank("medium") > rank("low") > rank(None)
