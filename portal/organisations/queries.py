"""Reading organisations and consortia, always within what the caller may see."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.db import db
from portal.organisations.models import (
    Consortium,
    ConsortiumMembership,
    Invitation,
    Organisation,
    OrganisationKind,
)


def consortia_of(organisation_id: int) -> list[Consortium]:
    stmt = (
        select(Consortium)
        .join(ConsortiumMembership)
        .where(ConsortiumMembership.organisation_id == organisation_id)
        .order_by(Consortium.name)
    )
    return list(db.session.scalars(stmt))


def all_consortia() -> list[Consortium]:
    return list(db.session.scalars(select(Consortium).order_by(Consortium.name)))


def all_organisations() -> list[Organisation]:
    return list(
        db.session.scalars(select(Organisation).order_by(Organisation.kind, Organisation.name))
    )


def buyers_outside(consortium_id: int) -> list[Organisation]:
    members = select(ConsortiumMembership.organisation_id).where(
        ConsortiumMembership.consortium_id == consortium_id
    )
    stmt = (
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.BUYER, Organisation.id.not_in(members))
        .order_by(Organisation.name)
    )
    return list(db.session.scalars(stmt))


def memberships(consortium_id: int) -> list[ConsortiumMembership]:
    stmt = (
        select(ConsortiumMembership)
        .where(ConsortiumMembership.consortium_id == consortium_id)
        .options(selectinload(ConsortiumMembership.organisation))
        .join(Organisation)
        .order_by(Organisation.name)
    )
    return list(db.session.scalars(stmt))


def users_of(organisation_id: int) -> list[User]:
    stmt = select(User).where(User.organisation_id == organisation_id).order_by(User.name)
    return list(db.session.scalars(stmt))


def user_in(organisation_id: int, user_id: int) -> User | None:
    return db.session.scalar(
        select(User).where(User.id == user_id, User.organisation_id == organisation_id)
    )


def open_invitations(organisation_id: int) -> list[Invitation]:
    stmt = (
        select(Invitation)
        .where(
            Invitation.organisation_id == organisation_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at.desc())
    )
    return list(db.session.scalars(stmt))


def invitation_in(organisation_id: int, invitation_id: int) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(
            Invitation.id == invitation_id, Invitation.organisation_id == organisation_id
        )
    )


def platform_counts() -> dict[str, int]:
    def count(model: type) -> int:
        return db.session.scalar(select(func.count()).select_from(model)) or 0

    return {
        "organisations": count(Organisation),
        "consortia": count(Consortium),
        "users": count(User),
    }
