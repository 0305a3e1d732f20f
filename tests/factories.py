"""Test data: organisations, users and consortia made the way the portal makes them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email import message_from_bytes
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from portal.auth.models import User
from portal.auth.services import create_user
from portal.db import db, utcnow
from portal.organisations.models import (
    Consortium,
    ConsortiumMembership,
    Invitation,
    Organisation,
    OrganisationKind,
    Role,
)

PASSWORD = "purple-otter-cathedral"
_counter = itertools.count(1)


def organisation(
    kind: OrganisationKind = OrganisationKind.BUYER, name: str | None = None, **fields: object
) -> Organisation:
    org = Organisation(name=name or f"{kind.value.title()} {next(_counter)}", kind=kind, **fields)
    db.session.add(org)
    db.session.flush()
    return org


def user(
    org: Organisation | None,
    role: Role = Role.MEMBER,
    *,
    email: str | None = None,
    operator: bool = False,
    password: str = PASSWORD,
) -> User:
    return create_user(
        email=email or f"user{next(_counter)}@example.org",
        name=f"Person {next(_counter)}",
        password=password,
        organisation=org,
        role=role,
        is_operator=operator,
    )


def consortium(*members: Organisation, admin: Organisation | None = None) -> Consortium:
    c = Consortium(name=f"Consortium {next(_counter)}", description="")
    db.session.add(c)
    db.session.flush()
    for m in members:
        db.session.add(
            ConsortiumMembership(consortium_id=c.id, organisation_id=m.id, is_admin=m is admin)
        )
    db.session.flush()
    return c


@dataclass(frozen=True)
class Ref:
    """What tests need of a stored object once its session is gone."""

    id: int
    name: str
    email: str = ""


@dataclass
class World:
    buyer: Organisation
    other_buyer: Organisation
    supplier: Organisation
    other_supplier: Organisation
    consortium: Consortium
    buyer_admin: User
    buyer_member: User
    other_buyer_admin: User
    supplier_admin: User
    supplier_member: User
    other_supplier_admin: User
    consortium_member: User
    operator: User
    invitation: Invitation

    def snapshot(self) -> WorldRefs:
        def ref(obj: object) -> Ref:
            name = getattr(obj, "name", "")
            return Ref(obj.id, name, getattr(obj, "email", ""))  # type: ignore[attr-defined]

        return WorldRefs(**{k: ref(v) for k, v in vars(self).items()})


@dataclass(frozen=True)
class WorldRefs:
    buyer: Ref
    other_buyer: Ref
    supplier: Ref
    other_supplier: Ref
    consortium: Ref
    buyer_admin: Ref
    buyer_member: Ref
    other_buyer_admin: Ref
    supplier_admin: Ref
    supplier_member: Ref
    other_supplier_admin: Ref
    consortium_member: Ref
    operator: Ref
    invitation: Ref


def build_world() -> World:
    buyer = organisation(OrganisationKind.BUYER, "Eastvale University")
    other_buyer = organisation(OrganisationKind.BUYER, "Westshire Council")
    partner = organisation(OrganisationKind.BUYER, "Northgate Hospital")
    supplier = organisation(
        OrganisationKind.SUPPLIER, "Brightline IT", category="ICT hardware reseller"
    )
    other_supplier = organisation(
        OrganisationKind.SUPPLIER, "Meridian Workwear", category="Uniforms"
    )
    cons = consortium(buyer, partner, admin=buyer)
    pending = Invitation(
        organisation_id=buyer.id,
        email="invited@example.org",
        role=Role.MEMBER,
        token_hash="0" * 64,
        expires_at=utcnow() + timedelta(days=7),
    )
    db.session.add(pending)
    db.session.flush()
    return World(
        invitation=pending,
        buyer=buyer,
        other_buyer=other_buyer,
        supplier=supplier,
        other_supplier=other_supplier,
        consortium=cons,
        buyer_admin=user(buyer, Role.ADMIN, email="buyer.admin@example.org"),
        buyer_member=user(buyer, Role.MEMBER, email="buyer.member@example.org"),
        other_buyer_admin=user(other_buyer, Role.ADMIN, email="other.buyer@example.org"),
        supplier_admin=user(supplier, Role.ADMIN, email="supplier.admin@example.org"),
        supplier_member=user(supplier, Role.MEMBER, email="supplier.member@example.org"),
        other_supplier_admin=user(other_supplier, Role.ADMIN, email="other.supplier@example.org"),
        consortium_member=user(partner, Role.ADMIN, email="partner@example.org"),
        operator=user(None, Role.ADMIN, email="operator@example.org", operator=True),
    )


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    response = client.post("/auth/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


def mails(outbox: Path) -> list[Message]:
    if not outbox.exists():
        return []
    return [
        message_from_bytes(p.read_bytes(), policy=default) for p in sorted(outbox.glob("*.eml"))
    ]


def link_in(message: Message, path_prefix: str) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    match = re.search(re.escape(path_prefix) + r"[A-Za-z0-9_\-]+", body.decode())
    assert match, f"no {path_prefix} link in the mail"
    return match.group(0)


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
