"""Spreadsheet exports: formula injection made inert in CSV and XLSX; the buyer's tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from portal.db import db
from portal.followup.models import FollowUpAction
from portal.reports.exports import FORMULA_STARTS, safe_cell, to_csv, to_xlsx
from tests.factories import WorldRefs, sign_in

DANGEROUS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_starts_are_quoted(value: str) -> None:
    assert safe_cell(value) == "'" + value


@given(st.text())
def test_no_text_cell_starts_like_a_formula(value: str) -> None:
    cell = safe_cell(value)
    assert isinstance(cell, str) and not cell.startswith(FORMULA_STARTS)
    assert cell.endswith(value)


def test_numbers_and_dates_are_left_alone() -> None:
    day = dt.date(2024, 1, 2)
    assert [safe_cell(v) for v in (-5, 1.5, Decimal("-2.50"), day, None, True)] == [
        -5, 1.5, Decimal("-2.50"), day, None, True]


def test_csv_and_xlsx() -> None:
    rows = [[1, "=cmd|' /C calc'!A0", dt.date(2024, 5, 1), -3, "Café"]]
    text = to_csv(["id", "note", "due", "n", "name"], rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed == [["id", "note", "due", "n", "name"],
                      ["1", "'=cmd|' /C calc'!A0", "2024-05-01", "-3", "Café"]]
    book = load_workbook(io.BytesIO(to_xlsx("Notes", ["id", "note", "due", "n", "name"], rows)))
    sheet = book["Notes"]
    values = [c.value for c in sheet[2]]
    assert values[1] == "'=cmd|' /C calc'!A0" and sheet["B2"].data_type == "s"
    assert values[2].date() == dt.date(2024, 5, 1) and values[3] == -3


def test_exports_of_the_buyer(client: FlaskClient, world: WorldRefs, app: Flask,
                              submission: dict[str, int], in_app: Any) -> None:
    in_app(lambda: db.session.add(FollowUpAction(
        buyer_id=world.buyer.id, supplier_id=world.supplier.id,
        response_id=submission["response"], question_id="weekly_hours",
        title="=HYPERLINK(\"http://evil.example\",\"click\")", severity="medium")))
    sign_in(client, world.buyer_member.email)
    actions = client.get("/reports/exports/actions.xlsx")
    assert actions.status_code == 200
    assert actions.headers["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(actions.data)).active
    assert sheet["C2"].value == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert sheet["C2"].data_type == "s"
    csv_text = client.get("/reports/exports/actions.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    requests = list(csv.reader(io.StringIO(
        client.get("/reports/exports/requests.csv").data.decode("utf-8-sig"))))
    assert requests[1][1] == world.supplier.name and "below basic" in requests[1]
    assessments = load_workbook(io.BytesIO(
        client.get("/reports/exports/assessments.xlsx").data)).active
    questions = {row[7] for row in assessments.iter_rows(min_row=2, values_only=True)}
    assert {"forced_labour_policy", "weekly_hours"} <= questions
    # another buyer's export holds none of it
    client.post("/auth/sign-out")
    sign_in(client, world.other_buyer_admin.email)
    theirs = client.get("/reports/exports/requests.csv").data.decode("utf-8-sig")
    assert world.supplier.name not in theirs
