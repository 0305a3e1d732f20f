"""Comparing suppliers: the matrix, versions side by side, CSV and PDF, and bad requests."""

from __future__ import annotations

import base64
import csv
import io
import re
import zlib

from flask.testing import FlaskClient

from portal.db import db
from tests import factories
from tests.consortia import builders as b
from tests.consortia.conftest import Scenario
from tests.factories import WorldRefs


def _url(scenario: Scenario, *suppliers: int, kind: str = "", **args: str) -> str:
    query = "&".join(
        [
            f"questionnaire={b.KEY}",
            *(f"supplier={s}" for s in suppliers),
            *(f"{k}={v}" for k, v in args.items()),
        ]
    )
    return f"/consortia/{scenario.consortium}/compare{kind}?{query}"


def _csv(client: FlaskClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_versions_side_by_side(client: FlaskClient, world: WorldRefs, scenario: Scenario) -> None:
    # Northgate sees Alpha (1.0, everything met) and Gamma (1.1, child_labour "no").
    factories.sign_in(client, world.consortium_member.email)
    rows = _csv(client, _url(scenario, scenario.gamma, scenario.alpha, kind=".csv"))
    table = {row[0]: row[1:] for row in rows}
    assert rows[0] == ["Supplier", "Gamma Electronics", "Alpha Textiles"]
    assert table["Version answered"] == ["1.1", "1.0"]
    assert table["Tier attained"] == ["below basic", "advanced"]
    assert table["Rating"] == ["C", "A"]  # Gamma: 2 of 3 basic requirements met
    assert table["Score"] == ["75 %", "100 %"]  # 3 of 4 points, 4 of 4
    assert table["Critical gaps"] == ["1", "0"]
    assert table["Red flags"] == ["0", "0"]
    assert table["Section: Policy"] == ["50 %", "100 %"]
    assert table["Section: Wages"] == ["100 %", "100 %"]
    questions = [
        row[0].split(":")[0] for row in rows if ":" in row[0] and not row[0].startswith("Section")
    ]
    # Aligned by question id: 1.0's grievance after living_wage, 1.1's union_rights next.
    assert questions == [
        "forced_labour",
        "child_labour",
        "living_wage",
        "grievance",
        "union_rights",
        "notes",
    ]
    assert table["child_labour: Do you check workers' ages?"] == ["Not met: No", "Met: Yes"]
    assert table["grievance: Can workers raise grievances safely?"] == [
        "Not in this version",
        "Met: Yes",
    ]
    assert table["union_rights: Do you recognise trade unions?"] == [
        "Met: Yes",
        "Not in this version",
    ]


def test_the_page_shows_the_same(client: FlaskClient, world: WorldRefs, scenario: Scenario) -> None:
    factories.sign_in(client, world.consortium_member.email)
    body = client.get(_url(scenario, scenario.gamma, scenario.alpha)).get_data(as_text=True)
    assert "Gamma Electronics" in body and "Not in this version" in body
    assert "compare.csv?" in body and "compare.pdf?" in body


def test_csv_defuses_formulas_in_answers(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    with client.application.app_context():
        org = b.supplier('=HYPERLINK("http://evil")')
        answers = {**b.ALL_YES, "notes": "=cmd|' /C calc'!A0"}
        response = b.submitted(world.buyer.id, org.id, scenario.versions["1.0"], answers)
        b.share(response, consortium_id=scenario.consortium)
        db.session.commit()
        evil = org.id
    factories.sign_in(client, world.buyer_admin.email)
    rows = _csv(client, _url(scenario, evil, scenario.alpha, kind=".csv"))
    assert rows[0][1] == '\'=HYPERLINK("http://evil")'
    notes = next(row for row in rows if row[0].startswith("notes:"))
    assert notes[1:] == ["Answered: =cmd|' /C calc'!A0", "Not answered"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def _pdf_text(data: bytes) -> str:
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\s*endstream", data, re.S):
        raw = match.group(1)
        for decode in (
            lambda x: zlib.decompress(base64.a85decode(x, adobe=True)),
            zlib.decompress,
            lambda x: x,
        ):
            try:
                found.append(decode(raw).decode("latin-1"))
                break
            except Exception:
                continue
    return "".join(found)


def test_pdf(client: FlaskClient, world: WorldRefs, scenario: Scenario) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    response = client.get(_url(scenario, scenario.alpha, scenario.beta, kind=".pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = _pdf_text(response.data)
    assert "Alpha Textiles" in text and "Beta Garments" in text and "Section: Policy" in text


def test_a_whole_category(client: FlaskClient, world: WorldRefs, scenario: Scenario) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    rows = _csv(client, _url(scenario, kind=".csv", category="textiles-uniforms"))
    assert rows[0] == ["Supplier", "Alpha Textiles", "Beta Garments"]
    alone = client.get(_url(scenario, category="ict-hardware"))
    assert alone.status_code == 400 and "Fewer than two suppliers" in alone.get_data(as_text=True)


def test_bad_requests(client: FlaskClient, world: WorldRefs, scenario: Scenario) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    one = client.get(_url(scenario, scenario.alpha))
    assert one.status_code == 400
    assert "Choose between 2 and 10 suppliers to compare (you chose 1)" in one.get_data(
        as_text=True
    )
    many = client.get(_url(scenario, *range(1, 501)))
    assert many.status_code == 400 and "(you chose 500)" in many.get_data(as_text=True)
    # Gamma shared only with Northgate: refused, without saying which supplier.
    hidden = client.get(_url(scenario, scenario.alpha, scenario.gamma))
    assert hidden.status_code == 404 and "Gamma" not in hidden.get_data(as_text=True)
    assert "Alpha Textiles" not in hidden.get_data(as_text=True)
    unknown = client.get(
        f"/consortia/{scenario.consortium}/compare?questionnaire=nope"
        f"&supplier={scenario.alpha}&supplier={scenario.beta}"
    )
    assert unknown.status_code == 404 and "There is no questionnaire nope" in unknown.get_data(
        as_text=True
    )
    assert "Beta Garments" not in unknown.get_data(as_text=True)
    assert (
        client.get(
            _url(scenario, scenario.alpha, scenario.beta, kind=".csv", category="textiles-uniforms")
        ).status_code
        == 400
    )
    for bad in ("abc", "²", "-1", "1.5"):
        url = f"/consortia/{scenario.consortium}/compare?questionnaire={b.KEY}&supplier={bad}"
        assert client.get(f"{url}&supplier=1").status_code == 400, bad
    assert client.get(f"/consortia/{scenario.consortium}/compare.csv").status_code == 400
