"""Sharing a submitted response with another buyer (by name or code) or a consortium."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.responses import services, starting, submission
from portal.responses.models import Response, Share
from tests.factories import sign_in
from tests.responses.conftest import Started
from tests.responses.helpers import issue_request

SHARING = "/supplier/requests/{}/sharing"


@pytest.fixture
def submitted(app: Flask, world: Any, started: Started) -> Started:
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        response = db.session.get(Response, started.response_id)
        services.set_answer_value(actor, response, "forced_labour_policy", "no")
        submission.submit(actor, response, services.state_of(response), language="en")
        db.session.commit()
    return started


def _share(client: FlaskClient, started: Started, audience: str, value: str) -> Any:
    return client.post(SHARING.format(started.request_id),
                       data={"audience": audience, "value": value})


def _reads(app: Flask, who: str, world: Any, started: Started) -> int:
    reader = app.test_client()
    sign_in(reader, getattr(world, who).email)
    return reader.get(f"/responses/{started.response_id}/answers.pdf").status_code


def test_the_issuing_buyer_always_reads(
    supplier: FlaskClient, app: Flask, world: Any, submitted: Started
) -> None:
    html = supplier.get(SHARING.format(submitted.request_id)).get_data(as_text=True)
    assert "Eastvale University" in html and "It sent you this questionnaire" in html
    assert _reads(app, "buyer_member", world, submitted) == 200
    assert _reads(app, "other_buyer_admin", world, submitted) == 404


def test_share_with_a_buyer_by_name_and_withdraw(
    supplier: FlaskClient, app: Flask, world: Any, submitted: Started
) -> None:
    page = _share(supplier, submitted, "buyer_name", "  westshire   COUNCIL ")
    assert page.status_code == 302
    html = supplier.get(page.location).get_data(as_text=True)
    assert "Westshire Council can now read your submitted answers." in html
    assert "<td>Westshire Council</td>" in html
    assert _reads(app, "other_buyer_admin", world, submitted) == 200
    with app.app_context():
        share_id = db.session.scalar(select(Share.id))
    withdrawn = supplier.post(f"{SHARING.format(submitted.request_id)}/{share_id}/withdraw")
    assert withdrawn.status_code == 302
    assert "<td>Westshire Council</td>" not in supplier.get(withdrawn.location).get_data(
        as_text=True)
    assert _reads(app, "other_buyer_admin", world, submitted) == 404


def test_share_by_the_code_of_a_request_that_buyer_sent(
    supplier: FlaskClient, app: Flask, world: Any, submitted: Started
) -> None:
    with app.app_context():
        theirs = issue_request(world, buyer_user="other_buyer_admin")
        elsewhere = issue_request(world, buyer_user="other_buyer_admin", supplier="other_supplier")
        db.session.commit()
    refused = _share(supplier, submitted, "buyer_code", elsewhere.code)
    assert refused.status_code == 400
    assert "does not belong to a request sent to your organisation" in refused.get_data(
        as_text=True)
    assert _share(supplier, submitted, "buyer_code", theirs.code.lower()).status_code == 302
    assert _reads(app, "other_buyer_admin", world, submitted) == 200


def test_share_with_a_consortium(
    supplier: FlaskClient, app: Flask, world: Any, submitted: Started
) -> None:
    assert _reads(app, "consortium_member", world, submitted) == 404
    assert _share(supplier, submitted, "consortium", world.consortium.name).status_code == 302
    assert _reads(app, "consortium_member", world, submitted) == 200
    html = supplier.get(SHARING.format(submitted.request_id)).get_data(as_text=True)
    assert "every member can read" in html


@pytest.mark.parametrize(
    ("audience", "value", "message"),
    [
        ("buyer_name", "Eastvale University", "issued this request"),
        ("buyer_name", "Nowhere Council", "No buyer organisation on the portal"),
        ("buyer_name", "Meridian Workwear", "No buyer organisation on the portal"),  # a supplier
        ("consortium", "No Such Group", "No consortium on the portal"),
        ("buyer_code", "ZZZZ-ZZZZ", "does not belong to a request"),
        ("somebody", "x", "Not a valid choice"),
        ("buyer_name", "", "Enter a name or an invitation code."),
    ],
)
def test_refused_shares(
    supplier: FlaskClient, app: Flask, submitted: Started, audience: str, value: str,
    message: str,
) -> None:
    page = _share(supplier, submitted, audience, value)
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Share)).all() == []


def test_sharing_twice_is_refused(supplier: FlaskClient, submitted: Started) -> None:
    _share(supplier, submitted, "buyer_name", "Westshire Council")
    again = _share(supplier, submitted, "buyer_name", "Westshire Council")
    assert again.status_code == 400 and "can already read" in again.get_data(as_text=True)


def test_no_sharing_before_submission(supplier: FlaskClient, started: Started) -> None:
    html = supplier.get(SHARING.format(started.request_id)).get_data(as_text=True)
    assert "once they are submitted" in html
    assert _share(supplier, started, "buyer_name", "Westshire Council").status_code == 409


def test_only_this_responses_shares_can_be_withdrawn(
    supplier: FlaskClient, app: Flask, world: Any, submitted: Started
) -> None:
    _share(supplier, submitted, "buyer_name", "Westshire Council")
    with app.app_context():
        share_id = db.session.scalar(select(Share.id))
        other = issue_request(world)
        actor = db.session.get(User, world.supplier_admin.id)
        starting.start(actor, db.session.get(services.Request, other.id), language="en",
                       reuse=None)
        db.session.commit()
    page = supplier.post(f"{SHARING.format(other.id)}/{share_id}/withdraw")
    assert page.status_code == 404
