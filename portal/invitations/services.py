"""Joining a supplier organisation from a request's invitation."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.auth.models import User
from portal.auth.services import create_user, user_by_email
from portal.db import db
from portal.organisations.models import Role
from portal.requests.models import Request

# Recorded on the request when someone registers through its invitation: from then on the
# invitation is used up (it is in the request's history, so the buyer sees it too).
USED = "request.invitation_used"
# How registrations were recorded before invitations were used up (the user is the object).
REGISTERED = "auth.registered_from_invitation"


class AccountExists(ValueError):
    """An account already uses the email address."""


class InvitationUsed(ValueError):
    """Someone has already registered through this invitation."""


def invitation_used(request: Request) -> bool:
    """Whether someone registered through the request's invitation (link or code)."""
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.details).where(
            or_(
                and_(
                    AuditEvent.object_type == "request",
                    AuditEvent.object_id == request.id,
                    AuditEvent.action == USED,
                ),
                and_(
                    AuditEvent.action == REGISTERED,
                    AuditEvent.organisation_id == request.supplier_id,
                ),
            )
        )
    )
    return any(
        action == USED or (details or {}).get("after", {}).get("request") == request.id
        for action, details in events
    )


def register(request: Request, *, name: str, email: str, password: str, language: str) -> User:
    """A new user of the request's supplier organisation; its first user becomes its admin.

    The invitation is used up by this registration: later colleagues are invited by the
    organisation's administrator."""
    # Lock the request so that two registrations through one link cannot both pass the check
    # (SQLite writes are serialised already: a POST's transaction begins IMMEDIATE).
    db.session.execute(select(Request.id).where(Request.id == request.id).with_for_update())
    if invitation_used(request):
        raise InvitationUsed(request.id)
    if user_by_email(email) is not None:
        raise AccountExists(email)
    organisation = request.supplier
    has_users = db.session.scalar(
        select(User.id).where(User.organisation_id == organisation.id).limit(1)
    )
    role = Role.MEMBER if has_users is not None else Role.ADMIN
    user = create_user(
        email=email, name=name, password=password, organisation=organisation, role=role,
        language=language,
    )
    record(
        "auth.registered_from_invitation",
        actor=user,
        organisation_id=organisation.id,
        object_type="user",
        object_id=user.id,
        after={"email": user.email, "role": role.value, "request": request.id},
    )
    record(
        USED,
        actor=user,
        organisation_id=organisation.id,
        object_type="request",
        object_id=request.id,
        after={"registered": user.email},
    )
    return user
