"""Writing and reading the audit log."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.db import db


def client_address() -> str | None:
    """The client's address as the WSGI server saw it (a proxy must be configured to pass it)."""
    return request.remote_addr if has_request_context() else None


def record(
    action: str,
    *,
    actor: Any | None = None,
    organisation_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an event to the unit of work; the request's commit stores it with the change."""
    payload: dict[str, Any] = dict(details)
    if before is not None:
        payload["before"] = before
    if after is not None:
        payload["after"] = after
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        organisation_id=organisation_id,
        object_type=object_type,
        object_id=object_id,
        ip_address=client_address(),
        details=payload,
    )
    db.session.add(event)
    return event


def events_for_organisation(organisation_id: int, *, limit: int = 200) -> list[AuditEvent]:
    """The organisation's latest events, newest first."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.organisation_id == organisation_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
