"""Password resets and invitations: single-use, time-limited links sent through the outbox."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import PasswordReset, User
from portal.db import db, utcnow
from portal.organisations.models import Invitation, Role
from tests import factories

NEW_PASSWORD = "lantern-meadow-spindle"


def test_reset_request_says_the_same_for_unknown_accounts(
    client: FlaskClient, world: factories.WorldRefs, outbox: Path
) -> None:
    known = client.post(
        "/auth/reset", data={"email": world.buyer_admin.email}, follow_redirects=True
    )
    unknown = client.post("/auth/reset", data={"email": "ghost@example.org"}, follow_redirects=True)
    message = b"If an account uses that address"
    assert message in known.data and message in unknown.data
    sent = factories.mails(outbox)
    assert [m["To"] for m in sent] == [world.buyer_admin.email]


def test_reset_link_sets_a_new_password_once(
    client: FlaskClient, world: factories.WorldRefs, outbox: Path
) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    other_device = client.application.test_client()
    factories.sign_in(other_device, world.buyer_admin.email)

    client.post("/auth/reset", data={"email": world.buyer_admin.email})
    link = factories.link_in(factories.mails(outbox)[-1], "/auth/reset/")
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302

    # Every session ended; the old password no longer works; the new one does.
    assert other_device.get("/account/").status_code == 302
    bad = client.post(
        "/auth/sign-in", data={"email": world.buyer_admin.email, "password": factories.PASSWORD}
    )
    assert bad.status_code == 401
    factories.sign_in(client, world.buyer_admin.email, NEW_PASSWORD)

    # The link is single-use.
    again = client.post(
        link, data={"password": "another-fine-phrase", "confirm": "another-fine-phrase"}
    )
    assert again.status_code == 410
    with client.application.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "auth.reset_requested" in actions and "auth.reset_completed" in actions


def test_expired_reset_link_changes_nothing(
    client: FlaskClient, world: factories.WorldRefs, outbox: Path
) -> None:
    client.post("/auth/reset", data={"email": world.buyer_admin.email})
    link = factories.link_in(factories.mails(outbox)[-1], "/auth/reset/")
    with client.application.app_context():
        reset = db.session.scalars(select(PasswordReset)).one()
        reset.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 410
    assert b"expired or has already been used" in response.data
    factories.sign_in(client, world.buyer_admin.email)


def test_unknown_reset_token(client: FlaskClient) -> None:
    assert client.get("/auth/reset/not-a-real-token").status_code == 410


def test_reset_refuses_common_and_short_passwords(
    client: FlaskClient, world: factories.WorldRefs, outbox: Path
) -> None:
    client.post("/auth/reset", data={"email": world.buyer_admin.email})
    link = factories.link_in(factories.mails(outbox)[-1], "/auth/reset/")
    for password, message in [
        ("password1", b"most commonly used"),
        ("short", b"at least 8"),
        ("x" * 129, b"at most 128"),
    ]:
        response = client.post(link, data={"password": password, "confirm": password})
        assert response.status_code == 200 and message in response.data
    # A long passphrase of any composition is fine (no composition rules).
    ok = client.post(
        link, data={"password": "all lower case words", "confirm": "all lower case words"}
    )
    assert ok.status_code == 302


def _invite(client: FlaskClient, org_id: int, email: str, role: str = "member") -> int:
    return client.post(
        f"/organisations/{org_id}/invitations", data={"email": email, "role": role}
    ).status_code


def test_admin_invites_and_the_person_joins(
    client: FlaskClient, world: factories.WorldRefs, outbox: Path
) -> None:
    factories.sign_in(client, world.supplier_admin.email)
    assert _invite(client, world.supplier.id, "New.Colleague@Example.org") == 302
    mail = factories.mails(outbox)[-1]
    assert mail["To"] == "new.colleague@example.org"
    assert world.supplier.name in mail["Subject"]
    link = factories.link_in(mail, "/auth/invitation/")

    newcomer = client.application.test_client()
    page = newcomer.get(link)
    assert page.status_code == 200 and b"new.colleague@example.org" in page.data
    joined = newcomer.post(
        link, data={"name": "Nia Colleague", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert joined.status_code == 302
    home = newcomer.get("/home", follow_redirects=True)
    assert home.status_code == 200 and world.supplier.name.encode() in home.data
    with client.application.app_context():
        user = db.session.scalars(
            select(User).where(User.email == "new.colleague@example.org")
        ).one()
        assert user.organisation_id == world.supplier.id and user.role is Role.MEMBER
    # Used: the link no longer works.
    assert client.application.test_client().get(link).status_code == 410


def test_invitation_bad_input(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.supplier_admin.email)
    assert _invite(client, world.supplier.id, "not-an-email") == 400
    assert _invite(client, world.supplier.id, world.buyer_admin.email) == 400
    with client.application.app_context():
        assert [i.email for i in db.session.scalars(select(Invitation))] == ["invited@example.org"]


def test_members_cannot_invite(
    client: FlaskClient, world: factories.WorldRefs, outbox: Path
) -> None:
    factories.sign_in(client, world.supplier_member.email)
    assert _invite(client, world.supplier.id, "someone@example.org") == 403
    assert factories.mails(outbox) == []


def test_withdrawn_and_expired_invitations(
    client: FlaskClient, world: factories.WorldRefs, outbox: Path
) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    _invite(client, world.buyer.id, "a@example.org")
    _invite(client, world.buyer.id, "b@example.org", role="admin")
    link_a = factories.link_in(factories.mails(outbox)[0], "/auth/invitation/")
    link_b = factories.link_in(factories.mails(outbox)[1], "/auth/invitation/")
    with client.application.app_context():
        a = db.session.scalars(select(Invitation).where(Invitation.email == "a@example.org")).one()
        b = db.session.scalars(select(Invitation).where(Invitation.email == "b@example.org")).one()
        b.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        a_id = a.id
    assert (
        client.post(f"/organisations/{world.buyer.id}/invitations/{a_id}/revoke").status_code == 302
    )
    anon = client.application.test_client()
    assert anon.get(link_a).status_code == 410
    assert (
        anon.post(
            link_b, data={"name": "B", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        ).status_code
        == 410
    )
    with client.application.app_context():
        assert (
            db.session.scalars(
                select(User).where(User.email.in_(["a@example.org", "b@example.org"]))
            ).all()
            == []
        )


def test_account_password_change_ends_other_sessions(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    factories.sign_in(client, world.buyer_member.email)
    other = client.application.test_client()
    factories.sign_in(other, world.buyer_member.email)
    wrong = client.post(
        "/account/password",
        data={"current": "not-it-at-all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 400 and b"current password is not right" in wrong.data
    ok = client.post(
        "/account/password",
        data={"current": factories.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302


def test_language_is_saved_on_the_account(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.supplier_member.email)
    assert (
        client.post("/account/language", data={"language": "fr", "next": "/home"}).status_code
        == 302
    )
    with client.application.app_context():
        assert db.session.get(User, world.supplier_member.id).language == "fr"
    page = client.get("/home", follow_redirects=True)
    assert b'<html lang="fr">' in page.data
    assert client.post("/account/language", data={"language": "xx"}).status_code == 302
    with client.application.app_context():
        assert db.session.get(User, world.supplier_member.id).language == "fr"
