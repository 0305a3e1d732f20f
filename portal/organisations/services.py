"""Changes to organisations and consortia; each is recorded in the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from portal.audit.services import record
from portal.db import db
from portal.organisations.models import (
    Consortium,
    ConsortiumMembership,
    Organisation,
    OrganisationKind,
)


class OrganisationError(ValueError):
    """A change that the rules refuse, with a message for the user."""


def create_organisation(
    actor: Any, *, name: str, kind: OrganisationKind, category: str | None, country: str | None
) -> Organisation:
    name = name.strip()
    clash = db.session.scalar(
        select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    )
    if clash is not None:
        raise OrganisationError(f"An organisation named {name} already exists.")
    organisation = Organisation(
        name=name,
        kind=kind,
        category=(category or "").strip() or None,
        country=(country or "").strip().upper() or None,
    )
    db.session.add(organisation)
    db.session.flush()
    record(
        "organisation.created",
        actor=actor,
        organisation_id=organisation.id,
        object_type="organisation",
        object_id=organisation.id,
        after={"name": organisation.name, "kind": kind.value},
    )
    return organisation


def create_consortium(actor: Any, *, name: str, description: str) -> Consortium:
    name = name.strip()
    clash = db.session.scalar(
        select(Consortium.id).where(func.lower(Consortium.name) == name.lower())
    )
    if clash is not None:
        raise OrganisationError(f"A consortium named {name} already exists.")
    consortium = Consortium(name=name, description=description.strip())
    db.session.add(consortium)
    db.session.flush()
    record(
        "consortium.created",
        actor=actor,
        object_type="consortium",
        object_id=consortium.id,
        after={"name": consortium.name},
    )
    return consortium


def add_member(
    actor: Any, consortium: Consortium, organisation: Organisation, *, is_admin: bool
) -> None:
    if not organisation.is_buyer:
        raise OrganisationError("Only buyer organisations can join a consortium.")
    if db.session.get(ConsortiumMembership, (consortium.id, organisation.id)) is not None:
        raise OrganisationError(f"{organisation.name} is already a member.")
    db.session.add(
        ConsortiumMembership(
            consortium_id=consortium.id, organisation_id=organisation.id, is_admin=is_admin
        )
    )
    record(
        "consortium.member_added",
        actor=actor,
        organisation_id=organisation.id,
        object_type="consortium",
        object_id=consortium.id,
        after={"organisation": organisation.name, "is_admin": is_admin},
    )


def remove_member(actor: Any, membership: ConsortiumMembership, remaining_admins: int) -> None:
    if membership.is_admin and remaining_admins <= 1 and not getattr(actor, "is_operator", False):
        raise OrganisationError(
            "A consortium needs at least one managing member; appoint another first."
        )
    record(
        "consortium.member_removed",
        actor=actor,
        organisation_id=membership.organisation_id,
        object_type="consortium",
        object_id=membership.consortium_id,
        before={"organisation_id": membership.organisation_id, "is_admin": membership.is_admin},
    )
    db.session.delete(membership)


class LastManagingMember(OrganisationError):
    """The organisation is the consortium's only managing member: it cannot leave it."""


def leave_consortium(actor: Any, membership: ConsortiumMembership, admins: int) -> None:
    """The actor's organisation leaves the consortium; its access to what was shared with the
    consortium ends with the membership. `admins`: the consortium's managing members."""
    if membership.is_admin and admins <= 1:
        raise LastManagingMember("last managing member")
    record(
        "consortium.member_left",
        actor=actor,
        organisation_id=membership.organisation_id,
        object_type="consortium",
        object_id=membership.consortium_id,
        before={"organisation_id": membership.organisation_id, "is_admin": membership.is_admin},
    )
    db.session.delete(membership)


def set_member_admin(actor: Any, membership: ConsortiumMembership, is_admin: bool) -> None:
    before = {"is_admin": membership.is_admin}
    membership.is_admin = is_admin
    record(
        "consortium.member_rights_changed",
        actor=actor,
        organisation_id=membership.organisation_id,
        object_type="consortium",
        object_id=membership.consortium_id,
        before=before,
        after={"is_admin": is_admin},
    )
