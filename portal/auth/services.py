"""Accounts and sessions: sign-in, server-side sessions, password resets, invitations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from portal import mail
from portal.audit.services import client_address, record
from portal.auth.models import PasswordReset, User, UserSession
from portal.auth.passwords import Hasher
from portal.auth.tokens import new_token, token_hash
from portal.db import db, utcnow
from portal.organisations.models import Invitation, Organisation, Role


def hasher() -> Hasher:
    """The app's password hasher, built once from its configured cost."""
    ext = current_app.extensions
    if "portal.hasher" not in ext:
        config = current_app.config
        ext["portal.hasher"] = Hasher(
            config["PASSWORD_HASH_TIME_COST"],
            config["PASSWORD_HASH_MEMORY_KIB"],
            config["PASSWORD_HASH_PARALLELISM"],
        )
    return ext["portal.hasher"]  # type: ignore[no-any-return]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    *,
    email: str,
    name: str,
    password: str,
    organisation: Organisation | None,
    role: Role = Role.MEMBER,
    is_operator: bool = False,
    language: str = "en",
) -> User:
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hasher().hash(password),
        organisation=organisation,
        role=role,
        is_operator=is_operator,
        language=language,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> tuple[User | None, str]:
    """The user these credentials belong to, or None and the reason (for the audit log only)."""
    user = user_by_email(email)
    if not hasher().verify(user.password_hash if user else None, password) or user is None:
        return None, "unknown account" if user is None else "wrong password"
    if not user.is_active:
        return None, "account disabled"
    if hasher().needs_rehash(user.password_hash):
        user.password_hash = hasher().hash(password)
    return user, ""


# Sessions ---------------------------------------------------------------------------------


def start_session(user: User) -> None:
    """A fresh session: the old cookie's contents are dropped, a new server record is made."""
    # Unwrap `current_user`: Flask-Login must store the user itself, not the proxy to it.
    user = getattr(user, "_get_current_object", lambda: user)()
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    token = new_token()
    db.session.add(
        UserSession(
            token_hash=token_hash(token),
            user_id=user.id,
            ip_address=client_address(),
            user_agent=(request.user_agent.string or "")[:300],
        )
    )
    user.session_token = token
    login_user(user)
    session["seen"] = utcnow().timestamp()
    session.permanent = True


def load_session_user(token: str) -> User | None:
    """The user of a live session: not revoked, not past its idle or absolute limit, active."""
    now = utcnow()
    record_ = db.session.scalar(
        select(UserSession).where(UserSession.token_hash == token_hash(token))
    )
    if record_ is None or record_.revoked_at is not None or not record_.user.is_active:
        return None
    config = current_app.config
    if now - record_.created_at > timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]):
        return None
    seen = session.get("seen")
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    if not isinstance(seen, int | float) or now - datetime.fromtimestamp(seen, now.tzinfo) > idle:
        return None
    user = record_.user
    user.session_token = token
    return user


def touch_session() -> None:
    """Record activity for the idle timeout (in the signed cookie: reads stay reads)."""
    session["seen"] = utcnow().timestamp()


def end_session(user: Any) -> None:
    token = getattr(user, "session_token", None)
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == token_hash(token), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    logout_user()
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def revoke_sessions(user: User, *, keep_token: str | None = None) -> None:
    """End every session of the user on the server, but perhaps the current one."""
    stmt = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
    )
    if keep_token:
        stmt = stmt.where(UserSession.token_hash != token_hash(keep_token))
    db.session.execute(stmt.values(revoked_at=utcnow()))


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every other session of the user."""
    user.password_hash = hasher().hash(new_password)
    user.password_changed_at = utcnow()
    revoke_sessions(user, keep_token=user.session_token)
    record(
        "auth.password_changed",
        actor=user,
        organisation_id=user.organisation_id,
        object_type="user",
        object_id=user.id,
    )


def set_disabled(actor: User, user: User, disabled: bool) -> None:
    before = {"disabled": user.disabled_at is not None}
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        revoke_sessions(user)
    record(
        "user.disabled" if disabled else "user.enabled",
        actor=actor,
        organisation_id=user.organisation_id,
        object_type="user",
        object_id=user.id,
        before=before,
        after={"disabled": disabled},
    )


def set_role(actor: User, user: User, role: Role) -> None:
    before = {"role": user.role.value}
    user.role = role
    record(
        "user.role_changed",
        actor=actor,
        organisation_id=user.organisation_id,
        object_type="user",
        object_id=user.id,
        before=before,
        after={"role": role.value},
    )


def link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


# Password resets --------------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists and is active; say nothing either way."""
    user = user_by_email(email)
    record(
        "auth.reset_requested",
        actor=user,
        organisation_id=getattr(user, "organisation_id", None),
        email=normalise_email(email)[:254],
        known=user is not None,
    )
    if user is None or not user.is_active:
        return
    token = new_token()
    minutes = current_app.config["RESET_LINK_MINUTES"]
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=token_hash(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    mail.send(
        mail.Mail(
            to=user.email,
            subject="Reset your password",
            body=(
                f"Hello {user.name},\n\n"
                "Someone, probably you, asked to reset the password of your account on the "
                "supplier due-diligence portal. Follow this link to choose a new password:\n\n"
                f"{link('/auth/reset/' + token)}\n\n"
                f"The link works once and expires in {minutes} minutes. If you did not ask, "
                "ignore this message: your password stays as it is.\n"
            ),
        )
    )


def usable_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    )
    if reset is None or not reset.is_usable(utcnow()) or not reset.user.is_active:
        return None
    return reset


def complete_password_reset(reset: PasswordReset, new_password: str) -> None:
    user = reset.user
    reset.used_at = utcnow()
    user.password_hash = hasher().hash(new_password)
    user.password_changed_at = utcnow()
    revoke_sessions(user)
    record(
        "auth.reset_completed",
        actor=user,
        organisation_id=user.organisation_id,
        object_type="user",
        object_id=user.id,
    )


# Invitations ------------------------------------------------------------------------------


def invite(actor: User, organisation: Organisation, email: str, role: Role) -> Invitation:
    """Create an invitation and mail its link; an earlier open one to the same address lapses."""
    email = normalise_email(email)
    now = utcnow()
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.organisation_id == organisation.id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = new_token()
    days = current_app.config["INVITATION_DAYS"]
    as_role = "an administrator" if role is Role.ADMIN else "a member"
    invitation = Invitation(
        organisation_id=organisation.id,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by_id=actor.id,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    record(
        "invitation.sent",
        actor=actor,
        organisation_id=organisation.id,
        object_type="invitation",
        object_id=invitation.id,
        email=email,
        role=role.value,
    )
    mail.send(
        mail.Mail(
            to=email,
            subject=f"Invitation to join {organisation.name} on the supplier due-diligence portal",
            body=(
                f"Hello,\n\n{actor.name} invites you to join {organisation.name} on the supplier "
                f"due-diligence portal as {as_role}.\n\n"
                f"Accept the invitation and choose your password here:\n\n"
                f"{link('/auth/invitation/' + token)}\n\n"
                f"The link works once and expires in {days} days.\n"
            ),
        )
    )
    return invitation


def usable_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token))
    )
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


def accept_invitation(invitation: Invitation, *, name: str, password: str) -> User:
    organisation = db.session.get(Organisation, invitation.organisation_id)
    assert organisation is not None
    user = create_user(
        email=invitation.email,
        name=name,
        password=password,
        organisation=organisation,
        role=invitation.role,
    )
    invitation.accepted_at = utcnow()
    record(
        "invitation.accepted",
        actor=user,
        organisation_id=organisation.id,
        object_type="invitation",
        object_id=invitation.id,
    )
    return user


def revoke_invitation(actor: User, invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    record(
        "invitation.revoked",
        actor=actor,
        organisation_id=invitation.organisation_id,
        object_type="invitation",
        object_id=invitation.id,
    )
