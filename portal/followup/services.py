"""Follow-up actions on gaps: creating them, their status, the conversation and its files.

Both sides work on an action: the buyer edits, verifies and closes it; the supplier replies,
attaches files and marks it in progress or resolved. Every change is in the audit log and
every message is mailed to the other side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from portal import mail
from portal.audit.services import record
from portal.auth.models import User
from portal.db import db, utcnow
from portal.findings.services import consortium_ids
from portal.followup.models import OPEN_STATUSES, ActionMessage, ActionStatus, FollowUpAction
from portal.organisations.models import Organisation
from portal.questionnaires.definition import Severity
from portal.reports.data import ActionInput
from portal.requests.models import Request
from portal.responses.models import Response
from portal.responses.uploads import AcceptedFile
from portal.scoring import Gap

SUPPLIER_STATUSES = (ActionStatus.IN_PROGRESS, ActionStatus.RESOLVED)
ACTION_FIELDS = ("title", "description", "owner_id", "due_date", "status")


class ActionError(ValueError):
    """The change is refused; the message says why in plain words."""


def is_overdue(action: FollowUpAction, today: dt.date) -> bool:
    return (
        action.due_date is not None and action.due_date < today and action.status in OPEN_STATUSES
    )


def _snapshot(action: FollowUpAction) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "owner_id": action.owner_id,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "status": action.status.value,
    }


def _record(actor: Any, action: FollowUpAction, name: str, **kwargs: Any) -> None:
    record(
        name,
        actor=actor,
        organisation_id=action.buyer_id,
        object_type="action",
        object_id=action.id,
        **kwargs,
    )


# Reading --------------------------------------------------------------------------------------


def actions_for_response(response_id: int) -> list[FollowUpAction]:
    return list(
        db.session.scalars(
            select(FollowUpAction)
            .where(FollowUpAction.response_id == response_id)
            .order_by(FollowUpAction.id)
        )
    )


def actions_of(
    organisation: Organisation,
    *,
    status: str | None = None,
    overdue_only: bool = False,
    today: dt.date,
) -> list[FollowUpAction]:
    """The organisation's actions (as buyer or as supplier), overdue and most severe first."""
    if organisation.is_buyer:
        shared = consortium_ids(organisation.id)
        mine = FollowUpAction.buyer_id == organisation.id
        if shared:  # joint actions of the buyer's consortia are worked on together
            mine = or_(
                mine,
                and_(FollowUpAction.is_joint.is_(True), FollowUpAction.consortium_id.in_(shared)),
            )
        stmt = select(FollowUpAction).where(mine)
    else:
        stmt = select(FollowUpAction).where(FollowUpAction.supplier_id == organisation.id)
    if status:
        stmt = stmt.where(FollowUpAction.status == ActionStatus(status))
    actions = list(db.session.scalars(stmt))
    if overdue_only:
        actions = [a for a in actions if is_overdue(a, today)]
    severity_rank = {s.value: s.rank for s in Severity}
    actions.sort(
        key=lambda a: (
            not is_overdue(a, today),
            a.status not in OPEN_STATUSES,
            -severity_rank.get(a.severity, 0),
            a.due_date or dt.date.max,
            a.id,
        )
    )
    return actions


def names_of(user_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return dict(rows.all())


def action_inputs(actions: list[FollowUpAction], today: dt.date) -> list[ActionInput]:
    owners = names_of(a.owner_id for a in actions)
    return [
        ActionInput(
            id=a.id,
            title=a.title,
            status=a.status.value,
            severity=a.severity,
            due_date=a.due_date,
            owner=owners.get(a.owner_id or 0, ""),
            question_id=a.question_id,
            overdue=is_overdue(a, today),
        )
        for a in actions
    ]


def messages_of(action: FollowUpAction) -> list[ActionMessage]:
    return list(
        db.session.scalars(
            select(ActionMessage)
            .where(ActionMessage.action_id == action.id)
            .order_by(ActionMessage.created_at, ActionMessage.id)
        )
    )


def buyer_users(buyer_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.organisation_id == buyer_id, User.disabled_at.is_(None))
            .order_by(User.name)
        )
    )


# Creating -------------------------------------------------------------------------------------


def _open_action_on(response_id: int, question_id: str) -> FollowUpAction | None:
    return db.session.scalar(
        select(FollowUpAction).where(
            FollowUpAction.response_id == response_id,
            FollowUpAction.question_id == question_id,
            FollowUpAction.status.in_(OPEN_STATUSES),
        )
    )


def create_from_gap(
    actor: Any,
    request: Request,
    response: Response,
    gap: Gap,
    *,
    title: str,
    owner_id: int | None,
    due_date: dt.date | None,
    today: dt.date,
    notify_supplier: bool = True,
) -> FollowUpAction | None:
    """An action on one gap (the supplier is told); None when the gap has one open already."""
    if due_date is not None and due_date < today:
        raise ActionError(_("The due date is in the past."))
    if owner_id is not None and owner_id not in {u.id for u in buyer_users(request.buyer_id)}:
        raise ActionError(_("The owner must be a person of your organisation."))
    if _open_action_on(response.id, gap.question_id) is not None:
        return None
    description = gap.recommendation
    if gap.explanation:
        description = f"{description}\n\n{gap.explanation}".strip()
    action = FollowUpAction(
        buyer_id=request.buyer_id,
        supplier_id=request.supplier_id,
        response_id=response.id,
        question_id=gap.question_id,
        title=title[:300],
        description=description,
        severity=gap.severity.value,
        owner_id=owner_id,
        due_date=due_date,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(action)
    db.session.flush()
    if notify_supplier:
        notify(
            action,
            to_buyer=False,
            subject=f"Follow-up action from {_org_name(request.buyer_id)}: {action.title}",
            body=f"{_org_name(request.buyer_id)} asks you to act on a gap:\n\n{action.title}\n\n"
            f"{action.description}\n\nAnswer here: {_link(action)}",
        )
    _record(
        actor,
        action,
        "action.created",
        after=_snapshot(action)
        | {"request": request.id, "question": gap.question_id, "severity": action.severity},
    )
    return action


def create_from_gaps(
    actor: Any,
    request: Request,
    response: Response,
    gaps: Iterable[tuple[Gap, str]],
    *,
    min_severity: Severity,
    owner_id: int | None,
    due_date: dt.date | None,
    today: dt.date,
) -> list[FollowUpAction]:
    """Actions on every gap at or above a severity (each with its title) that has none open."""
    made = []
    for gap, title in gaps:
        if gap.severity.rank < min_severity.rank:
            continue
        action = create_from_gap(
            actor,
            request,
            response,
            gap,
            title=title,
            owner_id=owner_id,
            due_date=due_date,
            today=today,
            notify_supplier=False,
        )
        if action is not None:
            made.append(action)
    if made:
        notify(
            made[0],
            to_buyer=False,
            subject=f"{len(made)} follow-up action(s) from {_org_name(request.buyer_id)}",
            body="\n".join(f"- {a.title}: {_link(a)}" for a in made),
        )
    return made


# Changing -------------------------------------------------------------------------------------


def update(
    actor: Any,
    action: FollowUpAction,
    *,
    title: str,
    description: str,
    owner_id: int | None,
    due_date: dt.date | None,
) -> bool:
    if owner_id is not None and owner_id not in {u.id for u in buyer_users(action.buyer_id)}:
        raise ActionError(_("The owner must be a person of your organisation."))
    before = _snapshot(action)
    action.title, action.description = title.strip()[:300], description.strip()
    action.owner_id, action.due_date = owner_id, due_date
    after = _snapshot(action)
    if before == after:
        return False
    action.updated_at = utcnow()
    db.session.flush()
    _record(
        actor,
        action,
        "action.updated",
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return True


def change_status(
    actor: Any, action: FollowUpAction, status: ActionStatus, *, as_buyer: bool
) -> bool:
    """Move the action to a status; the supplier may only say in progress or resolved."""
    if not as_buyer:
        if status not in SUPPLIER_STATUSES:
            raise ActionError(_("Only the buyer verifies or closes an action."))
        if action.status not in OPEN_STATUSES:
            raise ActionError(_("The buyer has verified or closed this action already."))
    if status is action.status:
        return False
    before = action.status.value
    action.status = status
    action.updated_at = utcnow()
    db.session.flush()
    _record(
        actor,
        action,
        "action.status_changed",
        before={"status": before},
        after={"status": status.value},
    )
    notify(
        action,
        to_buyer=not as_buyer,
        subject=f"Follow-up action {status.value}: {action.title}",
        body=f'{getattr(actor, "name", "")} marked the action "{action.title}" '
        f"{status.value}.\n\n{_link(action)}",
    )
    return True


def post_message(
    actor: Any,
    action: FollowUpAction,
    body: str,
    *,
    attachment: tuple[AcceptedFile, bytes] | None = None,
) -> ActionMessage:
    """Add a message (perhaps with a file) to the thread and tell the other side."""
    body = body.strip()
    if not body and attachment is None:
        raise ActionError(_("Write a message or attach a file."))
    accepted, data = attachment if attachment else (None, None)
    message = ActionMessage(
        action_id=action.id,
        author_id=getattr(actor, "id", None),
        organisation_id=actor.organisation_id,
        body=body,
        filename=accepted.filename if accepted else None,
        content_type=accepted.content_type if accepted else None,
        size=accepted.size if accepted else None,
        data=data,
    )
    db.session.add(message)
    action.updated_at = utcnow()
    db.session.flush()
    _record(
        actor,
        action,
        "action.message_posted",
        after={
            "message": message.id,
            "file": message.filename,
            "sha256": accepted.sha256 if accepted else None,
        },
    )
    # Each side hears from the other; a consortium partner on a joint action writes to both.
    sides = [actor.organisation_id != action.buyer_id, actor.organisation_id != action.supplier_id]
    body_text = (
        f"{getattr(actor, 'name', '')} ({_org_name(actor.organisation_id)}) wrote:\n\n"
        f"{body}\n\n"
        + (f"Attached: {message.filename}\n\n" if message.filename else "")
        + f"Reply here: {_link(action)}"
    )
    for to_buyer, told in zip((True, False), sides, strict=True):
        if told:
            notify(
                action,
                to_buyer=to_buyer,
                subject=f"New message on the follow-up action: {action.title}",
                body=body_text,
            )
    return message


# Mail -----------------------------------------------------------------------------------------


def _org_name(organisation_id: int) -> str:
    org = db.session.get(Organisation, organisation_id)
    return org.name if org else ""


def _link(action: FollowUpAction) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/actions/{action.id}"


def recipients(action: FollowUpAction, *, to_buyer: bool) -> list[str]:
    """The buyer's owner (else who created it); the supplier's people (else its contact)."""
    if to_buyer:
        ids = [i for i in (action.owner_id, action.created_by_id) if i]
        users = [u for u in (db.session.get(User, i) for i in ids[:1]) if u and u.is_active]
        return [u.email for u in users]
    emails = list(
        db.session.scalars(
            select(User.email).where(
                User.organisation_id == action.supplier_id, User.disabled_at.is_(None)
            )
        )
    )
    if not emails and action.response_id is not None:
        request = db.session.scalar(
            select(Request)
            .join(Response, Response.request_id == Request.id)
            .where(Response.id == action.response_id)
        )
        if request is not None and request.invitation_email:
            emails = [request.invitation_email]
    return sorted(set(emails))


def notify(action: FollowUpAction, *, to_buyer: bool, subject: str, body: str) -> None:
    for address in recipients(action, to_buyer=to_buyer):
        mail.send(mail.Mail(to=address, subject=subject, body=body + "\n"))
