"""Invitations: the link, the short code, registration, and refusals that reveal nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.auth.models import User
from portal.auth.services import user_by_email
from portal.db import db, utcnow
from portal.organisations.models import OrganisationKind, Role
from tests import factories
from tests.factories import sign_in
from tests.responses.helpers import Issued, issue_request, request_row

NEW = {
    "name": "Ana Costa",
    "email": "ana@example.org",
    "password": "lantern-meadow-spindle",
    "confirm": "lantern-meadow-spindle",
}


def _set(client: FlaskClient, issued: Issued, **fields: Any) -> None:
    with client.application.app_context():
        req = request_row(issued.id)
        for name, value in fields.items():
            setattr(req, name, value)
        db.session.commit()


def test_the_link_shows_who_asks_what(client: FlaskClient, issued: Issued) -> None:
    page = client.get(f"/invitations/{issued.token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Eastvale University" in text and "Brightline IT" in text
    assert "Supply chain labour risks" in text
    assert f"/invitations/{issued.token}/register" in text
    assert "/auth/sign-in?next=" in text


def test_signed_in_supplier_following_the_link_goes_to_the_request(
    client: FlaskClient, world: Any, issued: Issued
) -> None:
    sign_in(client, world.supplier_member.email)
    page = client.get(f"/invitations/{issued.token}")
    assert page.status_code == 302 and page.location.endswith(f"/supplier/requests/{issued.id}")


def test_others_following_the_link_are_refused_and_learn_nothing(
    client: FlaskClient, world: Any, issued: Issued
) -> None:
    for who in ("buyer_admin", "other_buyer_admin", "other_supplier_admin", "operator"):
        sign_in(client, getattr(world, who).email)
        page = client.get(f"/invitations/{issued.token}")
        text = page.get_data(as_text=True)
        assert page.status_code == 403, who
        assert "another organisation" in text
        assert "Brightline IT" not in text and "Supply chain" not in text
        client.post("/auth/sign-out")


def test_unknown_expired_and_withdrawn_links(client: FlaskClient, issued: Issued) -> None:
    assert client.get("/invitations/not-a-token").status_code == 404
    _set(client, issued, invitation_expires_at=utcnow() - timedelta(days=1))
    expired = client.get(f"/invitations/{issued.token}")
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)
    assert client.post(f"/invitations/{issued.token}/register", data=NEW).status_code == 410
    _set(client, issued, cancelled_at=utcnow())
    withdrawn = client.get(f"/invitations/{issued.token}")
    assert withdrawn.status_code == 410 and "withdrawn" in withdrawn.get_data(as_text=True)


def test_registering_joins_the_supplier_as_member(client: FlaskClient, issued: Issued) -> None:
    page = client.post(f"/invitations/{issued.token}/register", data=NEW)
    assert page.status_code == 302 and page.location.endswith(f"/supplier/requests/{issued.id}")
    assert client.get(f"/supplier/requests/{issued.id}").status_code == 200  # signed in
    with client.application.app_context():
        user = user_by_email("ana@example.org")
        assert user is not None and user.role is Role.MEMBER  # the supplier already has users
        assert user.organisation_id == request_row(issued.id).supplier_id


def test_first_registrant_of_an_empty_organisation_is_its_admin(
    client: FlaskClient, world: Any
) -> None:
    with client.application.app_context():
        fresh = factories.organisation(OrganisationKind.SUPPLIER, "Fresh Textiles Ltd")
        made = issue_request(world)
        request_row(made.id).supplier_id = fresh.id
        db.session.commit()
        fresh_id = fresh.id
    client.post(f"/invitations/{made.token}/register", data=NEW)
    client.post("/auth/sign-out")
    with client.application.app_context():
        roles = {u.email: u.role for u in db.session.scalars(
            select(User).where(User.organisation_id == fresh_id))}
        assert roles == {"ana@example.org": Role.ADMIN}


def test_a_used_invitation_registers_nobody_else_and_offers_sign_in(
    client: FlaskClient, world: Any, issued: Issued
) -> None:
    assert client.post(f"/invitations/{issued.token}/register", data=NEW).status_code == 302
    client.post("/auth/sign-out")
    for page in (client.get(f"/invitations/{issued.token}"),
                 client.get(f"/invitations/{issued.token}/register")):
        text = page.get_data(as_text=True)
        assert page.status_code == 410
        assert "already been used" in text
        assert f"/auth/sign-in?next=/invitations/{issued.token}" in text
        assert "Supply chain" not in text
    second = {**NEW, "email": "ben@example.org", "name": "Ben"}
    refused = client.post(f"/invitations/{issued.token}/register", data=second)
    assert refused.status_code == 410 and "already been used" in refused.get_data(as_text=True)
    with client.application.app_context():
        assert user_by_email("ben@example.org") is None
        # the buyer sees in the request's history that the invitation was used
        used = db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "request", AuditEvent.object_id == issued.id,
            AuditEvent.action == "request.invitation_used"))
        assert used is not None and used.details["after"] == {"registered": "ana@example.org"}
    # members of the organisation still open the request through the link or the code
    sign_in(client, world.supplier_member.email)
    follow = client.get(f"/invitations/{issued.token}")
    assert follow.status_code == 302 and follow.location.endswith(f"/supplier/requests/{issued.id}")
    code = client.post("/invitations/code", data={"code": issued.code})
    assert code.status_code == 302 and code.location.endswith(f"/supplier/requests/{issued.id}")


def test_a_registration_recorded_before_invitations_were_used_up_counts(
    client: FlaskClient, world: Any, issued: Issued
) -> None:
    with client.application.app_context():
        record("auth.registered_from_invitation", organisation_id=world.supplier.id,
               object_type="user", object_id=world.supplier_member.id,
               after={"email": world.supplier_member.email, "role": "member",
                      "request": issued.id})
        db.session.commit()
    page = client.get(f"/invitations/{issued.token}")
    assert page.status_code == 410 and "already been used" in page.get_data(as_text=True)


def test_the_invitation_lifetime_is_configured(app: Flask, world: Any) -> None:
    app.config["SUPPLIER_INVITATION_DAYS"] = 3
    with app.app_context():
        made = issue_request(world)
        left = request_row(made.id).invitation_expires_at - utcnow()
        db.session.rollback()
    assert timedelta(days=2, hours=23) < left <= timedelta(days=3)


def test_registration_errors(client: FlaskClient, world: Any, issued: Issued) -> None:
    taken = client.post(f"/invitations/{issued.token}/register",
                        data={**NEW, "email": world.supplier_admin.email})
    assert taken.status_code == 400
    assert "already uses this email address" in taken.get_data(as_text=True)
    weak = client.post(f"/invitations/{issued.token}/register",
                       data={**NEW, "password": "short", "confirm": "short"})
    assert weak.status_code == 400 and 'class="error-summary"' in weak.get_data(as_text=True)
    with client.application.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.email == "ana@example.org")) == 0


def test_entering_a_code(client: FlaskClient, world: Any, issued: Issued) -> None:
    sign_in(client, world.supplier_member.email)
    home = client.get("/supplier/").get_data(as_text=True)
    assert "/invitations/code" in home
    typed = issued.code.lower().replace("-", " ")  # as read aloud and typed
    page = client.post("/invitations/code", data={"code": typed})
    assert page.status_code == 302 and page.location.endswith(f"/supplier/requests/{issued.id}")


def test_bad_codes_get_a_clear_message(client: FlaskClient, world: Any, issued: Issued) -> None:
    sign_in(client, world.supplier_member.email)
    unknown = client.post("/invitations/code", data={"code": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 400
    assert "found no questionnaire" in unknown.get_data(as_text=True)
    _set(client, issued, invitation_expires_at=utcnow() - timedelta(days=1))
    expired = client.post("/invitations/code", data={"code": issued.code})
    assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
    _set(client, issued, cancelled_at=utcnow())
    withdrawn = client.post("/invitations/code", data={"code": issued.code})
    assert withdrawn.status_code == 400 and "withdrawn" in withdrawn.get_data(as_text=True)


def test_another_suppliers_code_reveals_nothing(
    client: FlaskClient, world: Any, issued: Issued
) -> None:
    sign_in(client, world.other_supplier_admin.email)
    page = client.post("/invitations/code", data={"code": issued.code})
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "found no questionnaire" in text
    assert "Brightline" not in text and "Eastvale" not in text
