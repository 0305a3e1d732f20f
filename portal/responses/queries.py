"""What a supplier organisation sees on its home page: its requests and open actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ScalarSelect, and_, func, select

from portal.assessments.models import Assessment, QuestionOutcome
from portal.db import db
from portal.followup.models import OPEN_STATUSES, FollowUpAction
from portal.organisations.models import Organisation
from portal.requests.models import Request
from portal.responses.models import Acknowledgement, Response, ResponseStatus
from portal.tenders.models import Contract, Tender

NOT_STARTED = "not started"
IN_PROGRESS = "in progress"
SUBMITTED = "submitted"
REOPENED = "reopened"


@dataclass(frozen=True)
class RequestRow:
    """One request on the supplier's home page."""

    request: Request
    response: Response | None
    procurement: str
    status: str
    overdue: bool
    # recommendations of the current assessment the supplier has not acknowledged yet
    awaiting_acknowledgement: int = 0


def unacknowledged_gaps() -> ScalarSelect[int]:
    """SQL: how many gaps of the enclosing query's assessment have no acknowledgement from the
    supplier (correlated, so that one statement lists any number of requests)."""
    return (
        select(func.count())
        .select_from(QuestionOutcome)
        .outerjoin(
            Acknowledgement,
            and_(
                Acknowledgement.response_id == Assessment.response_id,
                Acknowledgement.question_id == QuestionOutcome.question_id,
            ),
        )
        .where(
            QuestionOutcome.assessment_id == Assessment.id,
            QuestionOutcome.is_gap.is_(True),
            Acknowledgement.id.is_(None),
        )
        .correlate(Assessment)
        .scalar_subquery()
    )


def status_of(response: Response | None) -> str:
    if response is None:
        return NOT_STARTED
    return {
        ResponseStatus.DRAFT: IN_PROGRESS,
        ResponseStatus.SUBMITTED: SUBMITTED,
        ResponseStatus.REOPENED: REOPENED,
    }[response.status]


def requests_of_supplier(supplier_id: int, today: date) -> list[RequestRow]:
    """The organisation's live requests: overdue ones first, then by due date."""
    stmt = (
        select(Request, Response, Tender.title, Tender.reference, Contract.title,
               Contract.reference,
               unacknowledged_gaps())
        .outerjoin(Response, Response.request_id == Request.id)
        .outerjoin(
            Assessment,
            and_(Assessment.response_id == Response.id, Assessment.is_current.is_(True)),
        )
        .outerjoin(Tender, Tender.id == Request.tender_id)
        .outerjoin(Contract, Contract.id == Request.contract_id)
        .where(Request.supplier_id == supplier_id, Request.cancelled_at.is_(None))
    )
    rows = []
    for req, resp, t_title, t_ref, c_title, c_ref, pending in db.session.execute(stmt):
        status = status_of(resp)
        procurement = (
            f"{c_title} ({c_ref})" if c_title else f"{t_title} ({t_ref})" if t_title else ""
        )
        overdue = status != SUBMITTED and req.due_date < today
        awaiting = (pending or 0) if status == SUBMITTED else 0
        rows.append(RequestRow(req, resp, procurement, status, overdue, awaiting))
    rows.sort(
        key=lambda r: (not r.overdue, r.status == SUBMITTED, r.request.due_date, r.request.id)
    )
    return rows


def open_actions(supplier_id: int) -> list[tuple[FollowUpAction, str]]:
    """Open follow-up actions on the organisation, with the buyer's name, soonest due first."""
    return [
        (action, buyer)
        for action, buyer in db.session.execute(
            select(FollowUpAction, Organisation.name)
            .join(Organisation, Organisation.id == FollowUpAction.buyer_id)
            .where(
                FollowUpAction.supplier_id == supplier_id,
                FollowUpAction.status.in_(OPEN_STATUSES),
            )
            .order_by(FollowUpAction.due_date.is_(None), FollowUpAction.due_date, FollowUpAction.id)
        )
    ]
