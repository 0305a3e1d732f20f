"""Consortium test data made directly with the models: suppliers, submitted responses with real
assessments, shares. Every helper needs an app context; the caller commits."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from portal.assessments.services import assess
from portal.db import db, utcnow
from portal.findings.models import Finding, FindingKind, FindingQuestion
from portal.followup.models import ActionMessage, ActionStatus, FollowUpAction
from portal.organisations.models import Organisation, OrganisationKind
from portal.questionnaires.services import definition_of, get_version, publish_paths
from portal.requests.models import Request
from portal.responses.models import Answer, Response, ResponseStatus, Share
from portal.tenders.models import Contract, Tender

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LABOUR_CHECK = FIXTURES / "labour-check"
KEY = "labour-check"
ALL_YES = {
    "forced_labour": "yes",
    "child_labour": "yes",
    "living_wage": "yes",
    "grievance": "yes",
    "union_rights": "yes",
}
_counter = itertools.count(1)


def publish() -> dict[str, int]:
    """Publish labour-check 1.0 and 1.1 (once); version -> id."""
    if get_version(KEY, "1.0") is None:
        publish_paths([LABOUR_CHECK])
    found = {v: get_version(KEY, v) for v in ("1.0", "1.1")}
    return {v: row.id for v, row in found.items() if row is not None}


def supplier(
    name: str | None = None, *, country: str | None = None, line: str | None = None
) -> Organisation:
    org = Organisation(
        name=name or f"Supplier {next(_counter)}",
        kind=OrganisationKind.SUPPLIER,
        country=country,
        category=line,
    )
    db.session.add(org)
    db.session.flush()
    return org


def at(day: int) -> datetime:
    """A fixed submission time: day N of 2025."""
    return datetime(2025, 1, 1, 12, tzinfo=UTC) + timedelta(days=day)


def submitted(
    buyer_id: int,
    supplier_id: int,
    version_id: int,
    answers: dict[str, Any],
    *,
    category: str | None = None,
    when: datetime | None = None,
    tier: str = "basic",
    contract_category: str | None = None,
    status: ResponseStatus = ResponseStatus.SUBMITTED,
) -> Response:
    """A response to a request from the buyer, answered, submitted (by default on 1 January
    2025, a minute after the previous one) and assessed."""
    n = next(_counter)
    tender = None
    if category is not None:
        tender = Tender(
            buyer_id=buyer_id, reference=f"T-{n}", title=f"Tender {n}", category_key=category
        )
        db.session.add(tender)
    contract = None
    if contract_category is not None:
        contract = Contract(
            buyer_id=buyer_id,
            supplier_id=supplier_id,
            reference=f"C-{n}",
            title=f"Contract {n}",
            category_key=contract_category,
        )
        db.session.add(contract)
    db.session.flush()
    req = Request(
        buyer_id=buyer_id,
        supplier_id=supplier_id,
        questionnaire_version_id=version_id,
        tender_id=tender.id if tender else None,
        contract_id=contract.id if contract else None,
        stage="contract" if contract else "tender",
        required_tier=tier,
        due_date=date(2025, 6, 30),
        invitation_code=f"C{n:011d}",
        invitation_token_hash=f"{n:064d}",
        invitation_expires_at=utcnow() + timedelta(days=30),
    )
    db.session.add(req)
    db.session.flush()
    response = Response(
        request=req,
        status=ResponseStatus.SUBMITTED,
        submitted_at=when or at(0) + timedelta(minutes=n),
    )
    db.session.add(response)
    db.session.flush()
    asked = definition_of(req.questionnaire_version)
    db.session.add_all(
        Answer(response_id=response.id, question_id=qid, value=value)
        for qid, value in answers.items()
        if asked.has_question(qid)
    )
    db.session.flush()
    assess(response)
    response.status = status
    db.session.flush()
    return response


def share(
    response: Response,
    *,
    consortium_id: int | None = None,
    buyer_id: int | None = None,
    withdrawn: bool = False,
) -> Share:
    row = Share(
        response_id=response.id,
        consortium_id=consortium_id,
        buyer_id=buyer_id,
        withdrawn_at=utcnow() if withdrawn else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def action(
    buyer_id: int,
    supplier_id: int,
    title: str = "Publish a forced labour policy",
    *,
    status: ActionStatus = ActionStatus.OPEN,
    messages: int = 0,
    joint_in: int | None = None,
) -> FollowUpAction:
    row = FollowUpAction(
        buyer_id=buyer_id,
        supplier_id=supplier_id,
        title=title,
        status=status,
        severity="high",
        is_joint=joint_in is not None,
        consortium_id=joint_in,
    )
    db.session.add(row)
    db.session.flush()
    db.session.add_all(
        ActionMessage(action_id=row.id, organisation_id=buyer_id, body=f"Message {i}")
        for i in range(messages)
    )
    db.session.flush()
    return row


def finding(
    buyer_id: int,
    supplier_id: int,
    *,
    consortium_id: int | None = None,
    contradicts: tuple[str, ...] = (),
    summary: str = "Passports held by the employer.",
) -> Finding:
    row = Finding(
        buyer_id=buyer_id,
        supplier_id=supplier_id,
        kind=FindingKind.SITE_VISIT,
        found_on=date(2025, 3, 1),
        source="Site visit by the monitoring partner",
        summary=summary,
        consortium_id=consortium_id,
    )
    db.session.add(row)
    db.session.flush()
    db.session.add_all(
        FindingQuestion(finding_id=row.id, questionnaire_key=KEY, question_id=q, contradicts=True)
        for q in contradicts
    )
    db.session.flush()
    return row
