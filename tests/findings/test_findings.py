"""Findings: recorded by the buyer, they mark contradicted answers on the review page and the
PDF; shared with a consortium, they serve its other members too."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.db import db
from portal.findings.models import Finding, FindingQuestion
from tests.factories import WorldRefs, sign_in
from tests.reports.pdf_text import contains, pdf_text

FINDING = {
    "kind": "site visit",
    "found_on": "2024-03-12",
    "source": "Electronics Watch monitor",
    "summary": "Workers' passports are held by the recruitment agency.",
    "questions": ["forced_labour_policy", "weekly_hours"],
    "contradicts": "yes",
    "note": "Interviews with 14 workers.",
}


def test_a_contradicting_finding_marks_the_answers(
    client: FlaskClient, world: WorldRefs, app: Flask, submission: dict[str, int]
) -> None:
    sign_in(client, world.buyer_member.email)
    url = f"/findings/new?request_id={submission['request']}"
    form = client.get(url).get_data(as_text=True)
    assert "Do you have a written policy prohibiting forced labour?" in form
    page = client.post(url, data={**FINDING, "supplier_id": str(world.supplier.id)})
    assert page.status_code == 302
    with app.app_context():
        finding = db.session.scalar(select(Finding))
        assert finding is not None and finding.supplier_id == world.supplier.id
        rows = db.session.scalars(select(FindingQuestion)).all()
        assert {(r.questionnaire_key, r.question_id, r.contradicts) for r in rows} == {
            ("supply-chain", "forced_labour_policy", True),
            ("supply-chain", "weekly_hours", True),
        }
    review = client.get(f"/buyer/requests/{submission['request']}").get_data(as_text=True)
    assert review.count("Contradicted by a finding") >= 3  # the red flag, the gaps, the answers
    assert "Electronics Watch monitor" in review
    pdf = client.get(f"/reports/requests/{submission['request']}.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert contains(text, "Contradicted by a finding")
    assert contains(text, "Answers contradicted by independent findings")
    listing = client.get("/findings/").get_data(as_text=True)
    assert "Electronics Watch monitor" in listing


def test_finding_refusals(
    client: FlaskClient, world: WorldRefs, app: Flask, submission: dict[str, int]
) -> None:
    sign_in(client, world.buyer_member.email)
    future = client.post(
        "/findings/new",
        data={**FINDING, "supplier_id": str(world.supplier.id), "found_on": "2999-01-01"},
    )
    assert future.status_code == 400 and "in the future" in future.get_data(as_text=True)
    not_a_supplier = client.post(
        "/findings/new", data={**FINDING, "supplier_id": str(world.buyer.id)}
    )
    assert not_a_supplier.status_code == 400
    empty = client.post("/findings/new", data={"supplier_id": str(world.supplier.id)})
    assert empty.status_code == 400
    # Through another buyer's request: not found, nothing recorded
    client.post("/auth/sign-out")
    sign_in(client, world.other_buyer_admin.email)
    other = client.post(
        f"/findings/new?request_id={submission['request']}",
        data={**FINDING, "supplier_id": str(world.supplier.id)},
    )
    assert other.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Finding.id)) is None


def test_consortium_shared_finding(
    client: FlaskClient, world: WorldRefs, app: Flask, in_app: Any
) -> None:
    sign_in(client, world.buyer_admin.email)
    done = client.post(
        "/findings/new",
        data={
            **FINDING,
            "supplier_id": str(world.supplier.id),
            "consortium_id": str(world.consortium.id),
        },
    )
    assert done.status_code == 302
    with app.app_context():
        finding_id = db.session.scalar(select(Finding.id))
    client.post("/auth/sign-out")
    sign_in(client, world.consortium_member.email)
    page = client.get(f"/findings/{finding_id}")
    assert page.status_code == 200 and "History" not in page.get_data(as_text=True)
    assert "Electronics Watch monitor" in client.get("/findings/").get_data(as_text=True)
    client.post("/auth/sign-out")
    sign_in(client, world.other_buyer_admin.email)
    assert client.get(f"/findings/{finding_id}").status_code == 404
    # sharing with a consortium one is not in is refused
    refused = client.post(
        "/findings/new",
        data={
            **FINDING,
            "supplier_id": str(world.supplier.id),
            "consortium_id": str(world.consortium.id),
        },
    )
    assert refused.status_code == 400
