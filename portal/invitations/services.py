"""Joining a supplier organisation from a request's invitation."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.services import record
from portal.auth.models import User
from portal.auth.services import create_user, user_by_email
from portal.db import db
from portal.organisations.models import Role
from portal.requests.models import Request


class AccountExists(ValueError):
    """An account already uses the email address."""


def register(request: Request, *, name: str, email: str, password: str, language: str) -> User:
    """A new user of the request's supplier organisation; its first user becomes its admin."""
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
    return user
