"""What the members do about a supplier: who works with it, follow-up actions, findings.

Every function takes a page of suppliers (or one) and runs a fixed number of GROUP BY
statements; members are the consortium's members at the time of asking, so a member that
leaves takes its actions and findings out of the consortium's view.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select

from portal.auth.models import User
from portal.consortia.models import ConsortiumNote
from portal.db import db
from portal.findings.models import Finding, FindingQuestion
from portal.followup.models import OPEN_STATUSES, ActionMessage, FollowUpAction
from portal.organisations.models import ConsortiumMembership, Organisation
from portal.requests.models import Request
from portal.tenders.models import Contract


def _members(consortium_id: int) -> Select[Any]:
    return select(ConsortiumMembership.organisation_id).where(
        ConsortiumMembership.consortium_id == consortium_id
    )


@dataclass(frozen=True)
class Work:
    """How much a member organisation works with a supplier."""

    supplier_id: int
    buyer_id: int
    requests: int = 0
    contracts: int = 0


def member_work(consortium_id: int, supplier_ids: Collection[int]) -> dict[int, list[Work]]:
    """Supplier id -> the members with live requests or contracts with it (two statements)."""
    if not supplier_ids:
        return {}
    ids = list(supplier_ids)
    requests = db.session.execute(
        select(Request.supplier_id, Request.buyer_id, func.count())
        .where(
            Request.supplier_id.in_(ids),
            Request.buyer_id.in_(_members(consortium_id)),
            Request.cancelled_at.is_(None),
        )
        .group_by(Request.supplier_id, Request.buyer_id)
    ).all()
    contracts = db.session.execute(
        select(Contract.supplier_id, Contract.buyer_id, func.count())
        .where(Contract.supplier_id.in_(ids), Contract.buyer_id.in_(_members(consortium_id)))
        .group_by(Contract.supplier_id, Contract.buyer_id)
    ).all()
    counts: dict[tuple[int, int], list[int]] = {}
    for supplier, buyer, n in requests:
        counts.setdefault((supplier, buyer), [0, 0])[0] = n
    for supplier, buyer, n in contracts:
        counts.setdefault((supplier, buyer), [0, 0])[1] = n
    found: dict[int, list[Work]] = {}
    for (supplier, buyer), (n_requests, n_contracts) in sorted(counts.items()):
        found.setdefault(supplier, []).append(Work(supplier, buyer, n_requests, n_contracts))
    return found


def open_actions(consortium_id: int, supplier_ids: Collection[int]) -> dict[int, int]:
    """Supplier id -> members' follow-up actions on it that are not yet verified or closed."""
    if not supplier_ids:
        return {}
    rows = db.session.execute(
        select(FollowUpAction.supplier_id, func.count())
        .where(
            FollowUpAction.supplier_id.in_(list(supplier_ids)),
            FollowUpAction.buyer_id.in_(_members(consortium_id)),
            FollowUpAction.status.in_(OPEN_STATUSES),
        )
        .group_by(FollowUpAction.supplier_id)
    )
    return {supplier: int(n) for supplier, n in rows}


def visible_findings(consortium_id: int, viewer_id: int) -> ColumnElement[bool]:
    """Findings a member reads in the consortium: its own, and those a current member shared
    with the consortium."""
    return or_(
        Finding.buyer_id == viewer_id,
        and_(
            Finding.consortium_id == consortium_id,
            Finding.buyer_id.in_(_members(consortium_id)),
        ),
    )


def contradicting_findings(
    consortium_id: int, viewer_id: int, supplier_ids: Collection[int]
) -> dict[int, int]:
    """Supplier id -> visible findings that contradict at least one of its answers."""
    if not supplier_ids:
        return {}
    contradicts = exists().where(
        FindingQuestion.finding_id == Finding.id, FindingQuestion.contradicts.is_(True)
    )
    rows = db.session.execute(
        select(Finding.supplier_id, func.count())
        .where(
            Finding.supplier_id.in_(list(supplier_ids)),
            visible_findings(consortium_id, viewer_id),
            contradicts,
        )
        .group_by(Finding.supplier_id)
    )
    return {supplier: int(n) for supplier, n in rows}


@dataclass(frozen=True)
class ActionRow:
    id: int
    buyer_id: int
    supplier_id: int
    buyer: str
    title: str
    severity: str
    status: str
    due_date: date | None
    is_joint: bool
    consortium_id: int | None
    messages: int


def member_actions(consortium_id: int, supplier_id: int) -> list[ActionRow]:
    """Every member's follow-up actions on the supplier, open ones first, with message counts."""
    messages = (
        select(func.count())
        .where(ActionMessage.action_id == FollowUpAction.id)
        .correlate(FollowUpAction)
        .scalar_subquery()
    )
    closed = case((FollowUpAction.status.in_(OPEN_STATUSES), 0), else_=1)
    stmt = (
        select(
            FollowUpAction.id,
            FollowUpAction.buyer_id,
            FollowUpAction.supplier_id,
            Organisation.name,
            FollowUpAction.title,
            FollowUpAction.severity,
            FollowUpAction.status,
            FollowUpAction.due_date,
            FollowUpAction.is_joint,
            FollowUpAction.consortium_id,
            messages,
        )
        .join(Organisation, Organisation.id == FollowUpAction.buyer_id)
        .where(
            FollowUpAction.supplier_id == supplier_id,
            FollowUpAction.buyer_id.in_(_members(consortium_id)),
        )
        .order_by(closed, FollowUpAction.due_date, FollowUpAction.id)
    )
    return [
        ActionRow(i, b, s, name, t, sev, str(status.value), due, joint, cons, n)
        for i, b, s, name, t, sev, status, due, joint, cons, n in db.session.execute(stmt)
    ]


@dataclass(frozen=True)
class FindingRow:
    id: int
    buyer_id: int
    buyer: str
    kind: str
    found_on: date
    source: str
    summary: str
    consortium_id: int | None
    questions: tuple[tuple[str, str, bool], ...]  # (questionnaire key, question id, contradicts)


def findings_on(consortium_id: int, viewer_id: int, supplier_id: int) -> list[FindingRow]:
    """The viewer's own findings on the supplier and those shared with the consortium, newest
    first, with the questions each concerns (two statements)."""
    rows = db.session.execute(
        select(
            Finding.id,
            Finding.buyer_id,
            Organisation.name,
            Finding.kind,
            Finding.found_on,
            Finding.source,
            Finding.summary,
            Finding.consortium_id,
        )
        .join(Organisation, Organisation.id == Finding.buyer_id)
        .where(Finding.supplier_id == supplier_id, visible_findings(consortium_id, viewer_id))
        .order_by(Finding.found_on.desc(), Finding.id.desc())
    ).all()
    concerns: dict[int, list[tuple[str, str, bool]]] = {}
    if rows:
        for fid, key, qid, contradicts in db.session.execute(
            select(
                FindingQuestion.finding_id,
                FindingQuestion.questionnaire_key,
                FindingQuestion.question_id,
                FindingQuestion.contradicts,
            )
            .where(FindingQuestion.finding_id.in_([r[0] for r in rows]))
            .order_by(FindingQuestion.questionnaire_key, FindingQuestion.question_id)
        ):
            concerns.setdefault(fid, []).append((key, qid, contradicts))
    return [
        FindingRow(i, b, name, str(kind.value), on, src, summ, cons, tuple(concerns.get(i, ())))
        for i, b, name, kind, on, src, summ, cons in rows
    ]


@dataclass(frozen=True)
class NoteRow:
    id: int
    organisation_id: int
    organisation: str
    author_id: int | None
    author: str | None  # None once the author's account is gone
    body: str
    created_at: datetime


def member_notes(consortium_id: int, supplier_id: int) -> list[NoteRow]:
    """Current members' notes on the supplier in the consortium, newest first, with their
    authors and organisations (one statement)."""
    rows = db.session.execute(
        select(
            ConsortiumNote.id,
            ConsortiumNote.organisation_id,
            Organisation.name,
            ConsortiumNote.author_id,
            User.name,
            ConsortiumNote.body,
            ConsortiumNote.created_at,
        )
        .join(Organisation, Organisation.id == ConsortiumNote.organisation_id)
        .outerjoin(User, User.id == ConsortiumNote.author_id)
        .where(
            ConsortiumNote.consortium_id == consortium_id,
            ConsortiumNote.supplier_id == supplier_id,
            ConsortiumNote.organisation_id.in_(_members(consortium_id)),
        )
        .order_by(ConsortiumNote.created_at.desc(), ConsortiumNote.id.desc())
    )
    return [NoteRow(*row) for row in rows]
