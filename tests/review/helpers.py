"""Test data for the buyer's journey: a published questionnaire, tenders, issued requests and
scored submissions, made through the portal's own services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portal.assessments.services import assess
from portal.db import db, utcnow
from portal.organisations.models import Organisation
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import get_version, publish_paths
from portal.requests.models import Request
from portal.requests.services import issue
from portal.responses.models import Answer, EvidenceFile, Response, ResponseStatus
from portal.tenders.models import Contract, Tender, TenderSupplier

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "questionnaires" / "fixtures" / "valid" / "supply-chain" / "1.0.yaml"

# Answers to the supply-chain fixture that leave gaps: no forced-labour policy (a high gap and
# a red flag), 70 hours a week (a red-flag-free gap), self-assessment only.
WEAK_ANSWERS: dict[str, Any] = {
    "forced_labour_policy": "no",
    "weekly_hours": 70,
    "audit_types": ["self"],
    "audit_findings": "No findings.",
}
STRONG_ANSWERS: dict[str, Any] = {
    "forced_labour_policy": "yes",
    "policy_scope": "all",
    "weekly_hours": 40,
    "audit_types": ["third_party", "worker_voice"],
    "last_audit": "2024-05-01",
    "audit_findings": "Two minor findings, both fixed.",
}


def today() -> dt.date:
    return utcnow().date()


def published_version() -> QuestionnaireVersion:
    """The supply-chain fixture questionnaire, published once per test."""
    version = get_version("supply-chain", "1.0")
    if version is None:
        publish_paths([FIXTURE])
        version = get_version("supply-chain", "1.0")
    assert version is not None
    return version


def tender(buyer_id: int, *supplier_ids: int, reference: str = "T-001", **fields: Any) -> Tender:
    row = Tender(
        buyer_id=buyer_id,
        reference=reference,
        title=fields.pop("title", "Laptops for teaching rooms"),
        category_key=fields.pop("category_key", "ict-hardware"),
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    for supplier_id in supplier_ids:
        db.session.add(TenderSupplier(tender_id=row.id, supplier_id=supplier_id))
    db.session.flush()
    return row


def contract(buyer_id: int, supplier_id: int, *, tender_id: int | None = None,
             reference: str = "C-001", **fields: Any) -> Contract:
    row = Contract(
        buyer_id=buyer_id,
        supplier_id=supplier_id,
        tender_id=tender_id,
        reference=reference,
        title=fields.pop("title", "Laptop supply"),
        category_key=fields.pop("category_key", "ict-hardware"),
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def issued(
    buyer_id: int,
    supplier_id: int,
    *,
    tender_row: Tender | None = None,
    contract_row: Contract | None = None,
    stage: str = "tender",
    tier: str = "basic",
    due: dt.date | None = None,
    email: str | None = "contact@supplier.example",
) -> Request:
    version = published_version()
    return issue(
        None,
        buyer=db.session.get_one(Organisation, buyer_id),
        supplier=db.session.get_one(Organisation, supplier_id),
        version=version,
        stage=stage,
        required_tier=tier,
        due_date=due or today() + dt.timedelta(days=30),
        today=today(),
        tender=tender_row,
        contract=contract_row,
        email=email,
    )


def submit(request: Request, answers: dict[str, Any], *, files: dict[str, bytes] | None = None,
           by: int | None = None) -> Response:
    """A submitted, assessed response with these answers (and evidence files)."""
    response = db.session.scalar(select(Response).where(Response.request_id == request.id))
    if response is None:
        response = Response(request_id=request.id, started_by_id=by)
        db.session.add(response)
        db.session.flush()
    for qid, value in answers.items():
        db.session.add(Answer(response_id=response.id, question_id=qid, value=value))
    for qid, data in (files or {}).items():
        row = EvidenceFile(response_id=response.id, question_id=qid, filename=f"{qid}.pdf",
                           content_type="application/pdf", size=len(data), sha256="0" * 64,
                           data=data)
        db.session.add(row)
        db.session.flush()
        db.session.add(Answer(response_id=response.id, question_id=qid, value=[row.id]))
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = utcnow()
    response.submitted_by_id = by
    db.session.flush()
    assess(response)
    return response


def scored_submission(world: Any, answers: dict[str, Any] | None = None,
                      tier: str = "basic") -> dict[str, int]:
    """A tender of world.buyer with world.supplier, a request, and a submitted scored response.
    Call inside an app context; returns the ids."""
    t = tender(world.buyer.id, world.supplier.id)
    request = issued(world.buyer.id, world.supplier.id, tender_row=t, tier=tier)
    response = submit(request, WEAK_ANSWERS if answers is None else answers)
    return {"tender": t.id, "request": request.id, "response": response.id}
