"""Signing in and out, generic failures, rate limits, and server-side sessions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import User, UserSession
from portal.db import db, utcnow
from tests import factories


def _actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_sign_in_page_renders(client: FlaskClient) -> None:
    response = client.get("/auth/sign-in")
    assert response.status_code == 200
    assert b'name="email"' in response.data and b'autocomplete="current-password"' in response.data


def test_buyer_signs_in_and_sees_home(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    home = client.get("/home", follow_redirects=True)
    assert home.status_code == 200
    assert b"Eastvale University" in home.data
    assert "auth.signed_in" in _actions(client.application)


def test_email_is_case_and_space_insensitive(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    factories.sign_in(client, "  BUYER.Admin@Example.org ")
    assert client.get("/account/").status_code == 200


@pytest.mark.parametrize(
    "email,password",
    [
        ("buyer.admin@example.org", "wrong-password-here"),  # wrong password
        ("nobody@example.org", factories.PASSWORD),  # unknown account
        ("not an email", factories.PASSWORD),  # malformed
    ],
)
def test_failures_get_one_generic_answer(
    client: FlaskClient, world: factories.WorldRefs, email: str, password: str
) -> None:
    response = client.post("/auth/sign-in", data={"email": email, "password": password})
    assert response.status_code == 401
    assert b"The email address or password is not right." in response.data
    assert client.get("/account/").status_code == 302
    assert _actions(client.application)[-1] == "auth.sign_in_failed"


def test_disabled_user_gets_the_generic_answer(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    with client.application.app_context():
        db.session.get(User, world.buyer_member.id).disabled_at = utcnow()
        db.session.commit()
    response = client.post(
        "/auth/sign-in", data={"email": world.buyer_member.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 401
    assert b"The email address or password is not right." in response.data


def test_sign_in_rate_limited_per_account(client: FlaskClient, world: factories.WorldRefs) -> None:
    for _ in range(5):
        assert (
            client.post(
                "/auth/sign-in",
                data={"email": world.buyer_admin.email, "password": "wrong-password-x"},
            ).status_code
            == 401
        )
    blocked = client.post(
        "/auth/sign-in", data={"email": world.buyer_admin.email, "password": factories.PASSWORD}
    )
    assert blocked.status_code == 429
    assert b"Too many attempts" in blocked.data
    assert client.get("/account/").status_code == 302
    # Another account from the same address is not blocked by that account's limit.
    factories.sign_in(client, world.buyer_member.email)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"SIGNIN_LIMIT_PER_ADDRESS": "8 per 15 minutes"}


def test_sign_in_rate_limited_per_address(client: FlaskClient, world: factories.WorldRefs) -> None:
    for i in range(8):
        client.post("/auth/sign-in", data={"email": f"x{i}@example.org", "password": "nope-nope-1"})
    blocked = client.post(
        "/auth/sign-in", data={"email": world.buyer_admin.email, "password": factories.PASSWORD}
    )
    assert blocked.status_code == 429


def test_successful_sign_ins_do_not_count(client: FlaskClient, world: factories.WorldRefs) -> None:
    for _ in range(7):
        factories.sign_in(client, world.buyer_admin.email)
        client.post("/auth/sign-out")
    factories.sign_in(client, world.buyer_admin.email)


def test_sign_in_starts_a_fresh_session(client: FlaskClient, world: factories.WorldRefs) -> None:
    with client.session_transaction() as s:
        s["planted"] = "by an attacker"
    factories.sign_in(client, world.buyer_admin.email)
    with client.session_transaction() as s:
        assert "planted" not in s


def test_sign_out_revokes_the_session_on_the_server(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    with client.session_transaction() as s:
        stolen = dict(s)
    assert client.post("/auth/sign-out").status_code == 302
    assert client.get("/account/").status_code == 302
    # Replaying the old cookie contents does not bring the session back.
    with client.session_transaction() as s:
        s.update(stolen)
    assert client.get("/account/").status_code == 302
    with client.application.app_context():
        sessions = db.session.scalars(select(UserSession)).all()
        assert sessions and all(s.revoked_at is not None for s in sessions)


def test_sign_out_needs_post(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    assert client.get("/auth/sign-out").status_code == 405
    assert client.get("/account/").status_code == 200


def test_disabling_a_user_ends_their_session(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    factories.sign_in(client, world.buyer_member.email)
    assert client.get("/account/").status_code == 200
    other = client.application.test_client()
    factories.sign_in(other, world.buyer_admin.email)
    r = other.post(f"/organisations/{world.buyer.id}/users/{world.buyer_member.id}/disable")
    assert r.status_code == 302
    assert client.get("/account/").status_code == 302


def test_idle_timeout(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    with client.session_transaction() as s:
        s["seen"] = (utcnow() - timedelta(minutes=31)).timestamp()
    response = client.get("/home")
    assert response.status_code == 302 and "/auth/sign-in" in response.location


def test_absolute_timeout(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    with client.application.app_context():
        record = db.session.scalars(select(UserSession)).one()
        record.created_at = utcnow() - timedelta(hours=13)
        db.session.commit()
    assert client.get("/account/").status_code == 302


def test_next_only_follows_local_paths(client: FlaskClient, world: factories.WorldRefs) -> None:
    r = client.post(
        "/auth/sign-in?next=//evil.example/x",
        data={"email": world.buyer_admin.email, "password": factories.PASSWORD},
    )
    assert r.location.endswith("/home")
    client.post("/auth/sign-out")
    r = client.post(
        "/auth/sign-in?next=/account/",
        data={"email": world.buyer_admin.email, "password": factories.PASSWORD},
    )
    assert r.location.endswith("/account/")
