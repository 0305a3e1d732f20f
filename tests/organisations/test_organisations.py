"""Organisations, their people, consortia and the audit log, through the pages."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.db import db
from portal.organisations.models import ConsortiumMembership, Organisation, OrganisationKind, Role
from tests import factories


def test_operator_creates_an_organisation(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.operator.email)
    created = client.post(
        "/organisations/",
        data={
            "name": "  Nordic Gloves AB ",
            "kind": "supplier",
            "category": "Medical gloves",
            "country": "se",
        },
    )
    assert created.status_code == 302
    with client.application.app_context():
        org = db.session.scalars(
            select(Organisation).where(Organisation.name == "Nordic Gloves AB")
        ).one()
        assert org.kind is OrganisationKind.SUPPLIER and org.country == "SE"
    clash = client.post("/organisations/", data={"name": "nordic gloves ab", "kind": "buyer"})
    assert clash.status_code == 200 and b"already exists" in clash.data
    bad = client.post("/organisations/", data={"name": "X", "kind": "buyer", "country": "Sweden"})
    assert b"two-letter country code" in bad.data


def test_admin_manages_people(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    page = client.get(f"/organisations/{world.buyer.id}")
    assert world.buyer_member.email.encode() in page.data and b"Invite someone" in page.data
    base = f"/organisations/{world.buyer.id}/users/{world.buyer_member.id}"
    assert client.post(f"{base}/role", data={"role": "admin"}).status_code == 302
    assert client.post(f"{base}/disable").status_code == 302
    with client.application.app_context():
        member = db.session.get(User, world.buyer_member.id)
        assert member.role is Role.ADMIN and member.disabled_at is not None
    assert client.post(f"{base}/enable").status_code == 302
    # An admin cannot lock themselves out.
    own = f"/organisations/{world.buyer.id}/users/{world.buyer_admin.id}"
    assert (
        b"cannot disable your own account"
        in client.post(f"{own}/disable", follow_redirects=True).data
    )
    assert (
        b"cannot remove your own administrator role"
        in client.post(f"{own}/role", data={"role": "member"}, follow_redirects=True).data
    )
    audit = client.get(f"/organisations/{world.buyer.id}/audit")
    for action in (b"user.role_changed", b"user.disabled", b"user.enabled"):
        assert action in audit.data


def test_member_sees_people_but_no_management(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    factories.sign_in(client, world.buyer_member.email)
    page = client.get(f"/organisations/{world.buyer.id}")
    assert page.status_code == 200
    assert b"Invite someone" not in page.data and b"invited@example.org" not in page.data


def test_role_change_is_audited_with_before_and_after(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    client.post(
        f"/organisations/{world.buyer.id}/users/{world.buyer_member.id}/role",
        data={"role": "admin"},
    )
    with client.application.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.role_changed")
        ).one()
        assert event.details == {"before": {"role": "member"}, "after": {"role": "admin"}}
        assert event.actor_id == world.buyer_admin.id and event.object_id == world.buyer_member.id


def test_consortium_admin_manages_membership(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    page = client.get(f"/consortia/{world.consortium.id}")
    assert world.other_buyer.name.encode() in page.data  # offered as a new member
    assert world.supplier.name.encode() not in page.data  # suppliers never are
    added = client.post(
        f"/consortia/{world.consortium.id}/members",
        data={"organisation_id": world.other_buyer.id, "is_admin": "y"},
    )
    assert added.status_code == 302
    supplier = client.post(
        f"/consortia/{world.consortium.id}/members",
        data={"organisation_id": world.supplier.id},
        follow_redirects=True,
    )
    assert b"Choose a buyer organisation" in supplier.data
    with client.application.app_context():
        ids = set(
            db.session.scalars(
                select(ConsortiumMembership.organisation_id).where(
                    ConsortiumMembership.consortium_id == world.consortium.id
                )
            )
        )
    assert world.other_buyer.id in ids and world.supplier.id not in ids


def test_last_managing_member_cannot_leave_or_drop_rights(
    client: FlaskClient, world: factories.WorldRefs
) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    r = client.post(
        f"/consortia/{world.consortium.id}/members/{world.buyer.id}/rights", follow_redirects=True
    )
    assert b"at least one managing member" in r.data
    r = client.post(
        f"/consortia/{world.consortium.id}/members/{world.buyer.id}/remove", follow_redirects=True
    )
    assert b"at least one managing member" in r.data
    with client.application.app_context():
        membership = db.session.get(ConsortiumMembership, (world.consortium.id, world.buyer.id))
        assert membership is not None and membership.is_admin


def test_operator_creates_a_consortium(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.operator.email)
    r = client.post(
        "/consortia/", data={"name": "Hospitals Purchasing Alliance", "description": "NHS trusts"}
    )
    assert r.status_code == 302
    again = client.post("/consortia/", data={"name": "hospitals purchasing alliance"})
    assert b"already exists" in again.data


def test_home_pages(client: FlaskClient, world: factories.WorldRefs) -> None:
    factories.sign_in(client, world.supplier_member.email)
    home = client.get("/home", follow_redirects=True).get_data(as_text=True)
    assert world.supplier.name in home and "Questionnaires from your buyers" in home
    client.post("/auth/sign-out")
    factories.sign_in(client, world.buyer_member.email)
    home = client.get("/home", follow_redirects=True).get_data(as_text=True)
    assert world.buyer.name in home and world.consortium.name in home
    client.post("/auth/sign-out")
    factories.sign_in(client, world.operator.email)
    assert "Platform operation" in client.get("/home", follow_redirects=True).get_data(as_text=True)
