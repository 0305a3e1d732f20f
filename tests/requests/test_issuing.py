"""Issuing from a tender to many suppliers, from a contract with carried-over answers; the
operators' command; withdrawing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.db import db
from portal.requests.models import Request
from portal.responses.models import Answer, Response
from tests.factories import WorldRefs, link_in, mails, sign_in
from tests.review import helpers

DUE = (dt.date.today() + dt.timedelta(days=21)).isoformat()


def _issue_data(version_id: int, rows: list[tuple[int, bool, str]], **extra: str) -> dict:
    data = {"version_id": str(version_id), "required_tier": "advanced", "due_date": DUE,
            "message": "Thank you for bidding.", **extra}
    for i, (supplier_id, include, email) in enumerate(rows):
        data[f"suppliers-{i}-supplier_id"] = str(supplier_id)
        if include:
            data[f"suppliers-{i}-include"] = "y"
        data[f"suppliers-{i}-email"] = email
    return data


def test_issue_from_a_tender_to_several_suppliers(
    client: FlaskClient, world: WorldRefs, app: Flask, outbox: Any, in_app: Any
) -> None:
    def setup() -> tuple[int, int]:
        t = helpers.tender(world.buyer.id, world.supplier.id, world.other_supplier.id)
        return t.id, helpers.published_version().id

    tender_id, version_id = in_app(setup)
    sign_in(client, world.buyer_member.email)
    form = client.get(f"/requests/tender/{tender_id}/issue").get_data(as_text=True)
    assert "Supply chain labour risks" in form and world.other_supplier.name in form
    assert "supplier.admin@example.org" in form  # the supplier's admin, by default
    done = client.post(f"/requests/tender/{tender_id}/issue", data=_issue_data(version_id, [
        (world.supplier.id, True, "sales@brightline.example"),
        (world.other_supplier.id, True, "bids@meridian.example"),
    ]))
    assert done.status_code == 302, done.get_data(as_text=True)
    with app.app_context():
        rows = db.session.scalars(select(Request).order_by(Request.id)).all()
        assert [(r.stage, r.required_tier, r.tender_id) for r in rows] == [
            ("tender", "advanced", tender_id)] * 2
        codes = {r.invitation_email: r.invitation_code for r in rows}
    sent = {m["To"]: m for m in mails(outbox)}
    assert set(sent) == {"sales@brightline.example", "bids@meridian.example"}
    for address, message in sent.items():
        assert link_in(message, "/invitations/")
        assert codes[address] in message.get_content()
        assert "Thank you for bidding." in message.get_content()
    page = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert page.count("Not started") == 2


def test_issue_refusals_change_nothing(client: FlaskClient, world: WorldRefs, app: Flask,
                                       in_app: Any) -> None:
    def setup() -> tuple[int, int]:
        t = helpers.tender(world.buyer.id, world.supplier.id)
        return t.id, helpers.published_version().id

    tender_id, version_id = in_app(setup)
    sign_in(client, world.buyer_member.email)
    url = f"/requests/tender/{tender_id}/issue"
    nobody = client.post(url, data=_issue_data(version_id, [(world.supplier.id, False, "")]))
    assert nobody.status_code == 400 and "Choose at least one supplier." in nobody.get_data(
        as_text=True)
    past = client.post(url, data=_issue_data(version_id, [(world.supplier.id, True, "")],
                                             due_date="2020-01-01"))
    assert past.status_code == 400 and "The due date is in the past." in past.get_data(
        as_text=True)
    tier = client.post(url, data=_issue_data(version_id, [(world.supplier.id, True, "")],
                                             required_tier="platinum"))
    assert tier.status_code == 400
    # A supplier that is not in the tender: refused, as if the page did not exist.
    stranger = client.post(url, data=_issue_data(version_id, [(world.other_supplier.id, True,
                                                               "")]))
    assert stranger.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Request)) == 0


def test_contract_stage_carries_the_tender_answers_over(
    client: FlaskClient, world: WorldRefs, app: Flask, submission: dict[str, int], in_app: Any
) -> None:
    def setup() -> tuple[int, int]:
        c = helpers.contract(world.buyer.id, world.supplier.id, tender_id=submission["tender"])
        return c.id, helpers.published_version().id

    contract_id, version_id = in_app(setup)
    sign_in(client, world.buyer_member.email)
    done = client.post(f"/requests/contract/{contract_id}/issue", data=_issue_data(
        version_id, [(world.supplier.id, True, "sales@brightline.example")]))
    assert done.status_code == 302, done.get_data(as_text=True)
    with app.app_context():
        request = db.session.scalar(select(Request).where(Request.contract_id == contract_id))
        assert request is not None and request.stage == "contract"
        response = db.session.scalar(select(Response).where(Response.request_id == request.id))
        assert response is not None and response.prefilled_from_id == submission["response"]
        answers = db.session.scalars(select(Answer).where(Answer.response_id == response.id))
        carried = {a.question_id: (a.value, a.prefilled) for a in answers}
        assert carried == {qid: (value, True) for qid, value in helpers.WEAK_ANSWERS.items()}
        assert response.status.value == "draft"


def test_requests_issue_command(app: Flask, runner: Any, world: WorldRefs, outbox: Any,
                                in_app: Any) -> None:
    in_app(lambda: (helpers.published_version(),
                    helpers.tender(world.buyer.id, world.supplier.id, reference="T-CLI")))
    result = runner.invoke(args=[
        "requests", "issue", "--buyer", world.buyer.name, "--supplier", str(world.supplier.id),
        "--questionnaire", "supply-chain", "--version", "1.0", "--stage", "tender",
        "--tier", "basic", "--due", DUE, "--email", "ops@brightline.example",
        "--tender", "T-CLI",
    ])
    assert result.exit_code == 0, result.output
    assert "invitation mailed to ops@brightline.example" in result.output
    assert [m["To"] for m in mails(outbox)] == ["ops@brightline.example"]
    bad = runner.invoke(args=[
        "requests", "issue", "--buyer", world.buyer.name, "--supplier", world.supplier.name,
        "--questionnaire", "supply-chain", "--version", "9.9", "--tier", "basic", "--due", DUE,
    ])
    assert bad.exit_code == 1 and "supply-chain 9.9 is not published" in bad.output
    date = runner.invoke(args=[
        "requests", "issue", "--buyer", world.buyer.name, "--supplier", world.supplier.name,
        "--questionnaire", "supply-chain", "--version", "1.0", "--tier", "basic",
        "--due", "next week",
    ])
    assert date.exit_code == 2 and "is not a date" in date.output


def test_withdraw_a_request(client: FlaskClient, world: WorldRefs, app: Flask,
                            in_app: Any, submission: dict[str, int]) -> None:
    open_id = in_app(lambda: helpers.issued(world.buyer.id, world.other_supplier.id).id)
    sign_in(client, world.buyer_member.email)
    assert client.post(f"/requests/{open_id}/cancel").status_code == 302
    with app.app_context():
        request = db.session.get(Request, open_id)
        assert request is not None and request.cancelled_at is not None
    client.post(f"/requests/{submission['request']}/cancel")
    with app.app_context():
        done = db.session.get(Request, submission["request"])
        assert done is not None and done.cancelled_at is None  # submitted: not withdrawn
