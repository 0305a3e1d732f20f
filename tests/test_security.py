"""Security defaults: headers, cookies, CSRF, request size, error pages that leak nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import create_app
from portal.auth.models import User
from portal.config import _instance_secret_key
from portal.db import db
from tests import factories


def test_security_headers_on_every_page(client: FlaskClient) -> None:
    response = client.get("/auth/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert b"<script>" not in response.data  # no inline script anywhere in the layout


def test_cookies_are_secure_outside_debug(database_url: str, tmp_path: Path) -> None:
    app = create_app(
        {
            "SECRET_KEY": "k" * 32,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path),
            "MAIL_OUTBOX_DIR": str(tmp_path),
            "TESTING": True,
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    response = client.get("https://localhost/auth/sign-in")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" in response.headers


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True, "MAX_CONTENT_LENGTH": 1024}


def test_post_without_csrf_token_changes_nothing(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    # Sign in with a real token taken from the form.
    page = client.get("/auth/sign-in").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert (
        client.post(
            "/auth/sign-in",
            data={
                "email": world.buyer_admin.email,
                "password": factories.PASSWORD,
                "csrf_token": token,
            },
        ).status_code
        == 302
    )
    response = client.post(f"/organisations/{world.buyer.id}/users/{world.buyer_member.id}/disable")
    assert response.status_code == 400
    assert b"nothing was changed" in response.data
    with client.application.app_context():
        assert db.session.get(User, world.buyer_member.id).disabled_at is None


def test_oversized_request_is_refused(client: FlaskClient) -> None:
    response = client.post("/auth/reset", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert b"too large" in response.data


def test_unknown_page_is_a_plain_404(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_server_error_page_leaks_nothing(database_url: str, tmp_path: Path) -> None:
    app = create_app(
        {
            "SECRET_KEY": "k" * 32,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path),
            "MAIL_OUTBOX_DIR": str(tmp_path),
            "SESSION_COOKIE_SECURE": False,
        }
    )

    @app.route("/explode")
    def explode() -> str:
        raise RuntimeError("secret internal detail /etc/passwd")

    response = app.test_client().get("/explode")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert b"secret internal detail" not in response.data and b"Traceback" not in response.data


def test_secret_key_is_generated_once_into_the_instance(tmp_path: Path) -> None:
    first = _instance_secret_key(tmp_path)
    assert len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert _instance_secret_key(tmp_path) == first


def test_configuration_layers(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTAL_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("PORTAL_MAIL_FROM", "Portal <portal@council.example>")
    app = create_app(
        {
            "SECRET_KEY": "k" * 32,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path),
            "MAIL_FROM": "test@x",
        }
    )
    assert app.config["SESSION_IDLE_MINUTES"] == 5  # environment over defaults
    assert app.config["MAIL_FROM"] == "test@x"  # test override over environment


def test_passwords_are_stored_hashed(app: Flask, world: factories.WorldRefs) -> None:
    with app.app_context():
        stored = db.session.scalar(
            select(User.password_hash).where(User.id == world.buyer_admin.id)
        )
    assert stored and stored.startswith("$argon2id$") and factories.PASSWORD not in stored
