"""The supplier's home page: requests (overdue first) with their status, and open actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.db import db, utcnow
from portal.followup.models import ActionStatus, FollowUpAction
from portal.responses import services, starting, submission
from portal.responses.models import ResponseStatus
from portal.tenders.models import Tender
from tests.factories import sign_in
from tests.responses.helpers import TODAY, issue_request, request_row


def _requests(app: Flask, world: Any) -> dict[str, int]:
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        tender = Tender(buyer_id=world.buyer.id, reference="EU-2025-17", title="Laptops 2025")
        db.session.add(tender)
        db.session.flush()
        ids = {}
        for name, due in (("fresh", 40), ("draft", 20), ("late", 5), ("done", 10),
                          ("again", 30), ("cancelled", 15)):
            ids[name] = issue_request(world, due=TODAY + timedelta(days=due)).id
        request_row(ids["fresh"]).tender_id = tender.id
        request_row(ids["late"]).due_date = TODAY - timedelta(days=3)
        request_row(ids["cancelled"]).cancelled_at = utcnow()
        for name in ("draft", "done", "again"):
            response = starting.start(actor, request_row(ids[name]), language="en", reuse=None)
            if name != "draft":
                services.set_answer_value(actor, response, "forced_labour_policy", "no")
                submission.submit(actor, response, services.state_of(response), language="en")
            if name == "again":
                response.status = ResponseStatus.REOPENED
        db.session.add_all([
            FollowUpAction(buyer_id=world.buyer.id, supplier_id=world.supplier.id,
                           title="Publish a grievance mechanism", due_date=TODAY),
            FollowUpAction(buyer_id=world.buyer.id, supplier_id=world.supplier.id,
                           title="Old closed action", status=ActionStatus.CLOSED),
            FollowUpAction(buyer_id=world.buyer.id, supplier_id=world.other_supplier.id,
                           title="Someone else's action"),
        ])
        db.session.commit()
        return ids


def test_home_lists_requests_overdue_first(
    supplier: FlaskClient, app: Flask, world: Any
) -> None:
    ids = _requests(app, world)
    assert supplier.get("/home").location.endswith("/supplier/")
    html = supplier.get("/supplier/").get_data(as_text=True)
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    order = [int(r.split("/supplier/requests/")[1].split('"')[0]) for r in rows]
    assert order == [ids["late"], ids["draft"], ids["again"], ids["fresh"], ids["done"]]
    late, draft, again, fresh, done = rows
    assert "Overdue" in late and "Not started" in late
    assert "In progress" in draft and "Reopened" in again and "Submitted" in done
    assert "Laptops 2025 (EU-2025-17)" in fresh and "Eastvale University" in fresh
    assert "Tender" in fresh


def test_home_lists_open_follow_up_actions(
    supplier: FlaskClient, app: Flask, world: Any
) -> None:
    _requests(app, world)
    html = supplier.get("/supplier/").get_data(as_text=True)
    assert "Publish a grievance mechanism" in html and "/actions/" in html
    assert "Old closed action" not in html and "Someone else" not in html


def test_an_empty_home(supplier: FlaskClient) -> None:
    html = supplier.get("/supplier/").get_data(as_text=True)
    assert "No buyer has sent you a questionnaire yet" in html
    assert "No open follow-up actions." in html


def test_home_is_for_suppliers(client: FlaskClient, world: Any) -> None:
    sign_in(client, world.buyer_admin.email)
    assert client.get("/supplier/").status_code == 403
