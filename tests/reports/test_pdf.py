"""The PDF report: drawn for the buyer, user text escaped so it cannot inject markup."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.db import db
from portal.followup.models import FollowUpAction
from tests.factories import WorldRefs, sign_in
from tests.reports.pdf_text import contains, pdf_text
from tests.review import helpers

INJECTION = '<font color="red">pwned</font><a href="http://evil.example">x</a> & <b>'


def test_pdf_report(client: FlaskClient, world: WorldRefs, app: Flask, in_app: Any) -> None:
    def setup() -> int:
        ids = helpers.scored_submission(world, {**helpers.WEAK_ANSWERS,
                                                "audit_findings": INJECTION})
        db.session.add(FollowUpAction(
            buyer_id=world.buyer.id, supplier_id=world.supplier.id,
            response_id=ids["response"], question_id="forced_labour_policy",
            title=f"Fix {INJECTION}", severity="high"))
        return ids["request"]

    request_id = in_app(setup)
    sign_in(client, world.buyer_member.email)
    response = client.get(f"/reports/requests/{request_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="assessment-{request_id}.pdf"')
    text = pdf_text(response.data)
    for phrase in ("Due-diligence assessment", "below basic", "No forced labour policy",
                   "Adopt a written policy prohibiting forced labour.", "Follow-up actions",
                   "Policy", "Wages and hours"):
        assert contains(text, phrase), phrase
    assert contains(text, '<font color="red">pwned</font>')  # shown as the text it is
    assert b"/URI" not in response.data  # no link was injected


def test_no_pdf_before_submission(client: FlaskClient, world: WorldRefs, in_app: Any) -> None:
    request_id = in_app(lambda: helpers.issued(world.buyer.id, world.supplier.id).id)
    sign_in(client, world.buyer_member.email)
    assert client.get(f"/reports/requests/{request_id}.pdf").status_code == 403
    client.post("/auth/sign-out")
    sign_in(client, world.other_buyer_admin.email)
    assert client.get(f"/reports/requests/{request_id}.pdf").status_code == 404
