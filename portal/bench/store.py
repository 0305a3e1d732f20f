"""Writing the bench plan with bulk inserts, table by table in dependency order: people,
procurement, requests, responses (`answering`), then what followed submission."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from portal.auth.models import User
from portal.bench import names
from portal.bench.activity import Activity
from portal.bench.answering import write_responses
from portal.bench.bulk import Written, insert_rows
from portal.bench.plan import Plan, stream
from portal.db import db
from portal.findings.models import Finding, FindingKind, FindingQuestion
from portal.followup.models import ActionMessage, ActionStatus, FollowUpAction
from portal.organisations.models import (
    Consortium,
    ConsortiumMembership,
    Organisation,
    OrganisationKind,
    Role,
)
from portal.requests.models import Request
from portal.requests.services import CODE_ALPHABET, INVITATION_DAYS
from portal.responses.models import (
    Acknowledgement,
    AcknowledgementDecision,
    Share,
)
from portal.tenders.models import (
    Contract,
    ContractStatus,
    CountryRisk,
    RiskLevel,
    Tender,
    TenderStatus,
    TenderSupplier,
)
from portal.tenders.risk import add_months

CONSORTIUM_NAME = "Bench Purchasing Consortium"


def write(plan: Plan, activity: Activity, password_hash: str) -> Written:
    out = Written()
    _country_risks(plan, out)
    _people(plan, out, password_hash)
    tenders, contracts = _procurement(plan, out)
    _requests(plan, out, tenders, contracts)
    write_responses(plan, out)
    _activity(plan, activity, out)
    return out


def _country_risks(plan: Plan, out: Written) -> None:
    known = set(db.session.scalars(select(CountryRisk.country)))
    used = {s.country for s in plan.suppliers} | {b.country for b in plan.buyers}
    rows = [
        {"country": c, "risk": RiskLevel(names.COUNTRY_RISK.get(c, "medium")),
         "source": names.COUNTRY_RISK_SOURCE, "updated_at": plan.now}
        for c in sorted(used - known)
    ]
    insert_rows(CountryRisk, rows)
    out.count("country risks", len(rows))


def _people(plan: Plan, out: Written, password_hash: str) -> None:
    now = plan.now
    out.buyers = insert_rows(Organisation, [
        {"name": b.name, "kind": OrganisationKind.BUYER, "category": None, "country": b.country,
         "created_at": now} for b in plan.buyers
    ], returning=True)
    out.suppliers = insert_rows(Organisation, [
        {"name": s.name, "kind": OrganisationKind.SUPPLIER, "category": s.line,
         "country": s.country, "created_at": now} for s in plan.suppliers
    ], returning=True)

    def user(email: str, name: str, org: int, role: Role) -> dict[str, Any]:
        return {"email": email, "name": name, "password_hash": password_hash,
                "organisation_id": org, "role": role, "is_operator": False, "language": "en",
                "created_at": now, "disabled_at": None, "password_changed_at": now}

    buyer_rows = []
    for b, org in zip(plan.buyers, out.buyers, strict=True):
        buyer_rows += [user(*b.admin, org, Role.ADMIN), user(*b.member, org, Role.MEMBER)]
    ids = insert_rows(User, buyer_rows, returning=True)
    out.admins, out.members = ids[0::2], ids[1::2]
    out.supplier_users = insert_rows(User, [
        user(*s.user, org, Role.ADMIN)
        for s, org in zip(plan.suppliers, out.suppliers, strict=True)
    ], returning=True)
    (out.consortium,) = insert_rows(Consortium, [{
        "name": CONSORTIUM_NAME, "created_at": now,
        "description": "Bench data: every buyer of the bench shares supplier results here.",
    }], returning=True)
    insert_rows(ConsortiumMembership, [
        {"consortium_id": out.consortium, "organisation_id": org, "is_admin": b.index == 0,
         "joined_at": now} for b, org in zip(plan.buyers, out.buyers, strict=True)
    ])
    out.count("organisations", len(out.buyers) + len(out.suppliers))
    out.count("users", len(buyer_rows) + len(out.supplier_users))
    out.count("consortium", 1)
    out.count("consortium memberships", len(out.buyers))


def _procurement(plan: Plan, out: Written) -> tuple[list[int], list[int]]:
    rng = stream(plan.seed, "values")
    today = plan.today
    tender_rows = []
    for t in plan.tenders:
        start = today - dt.timedelta(days=rng.randint(30, 500))
        tender_rows.append({
            "buyer_id": out.buyers[t.buyer], "reference": t.reference, "title": t.title,
            "description": f"{t.title} for {plan.buyers[t.buyer].name}.",
            "category_key": t.category, "country": None,
            "value_amount": Decimal(rng.randint(20, 2000) * 1000), "currency": "GBP",
            "start_date": start, "end_date": start + dt.timedelta(days=365 * rng.randint(1, 4)),
            "status": TenderStatus.AWARDED if t.awarded else TenderStatus.ACTIVE,
            "ocid": None, "ocds_tender_id": None, "created_at": plan.now, "updated_at": plan.now,
        })
    tenders = insert_rows(Tender, tender_rows, returning=True)
    insert_rows(TenderSupplier, [
        {"tender_id": tenders[i], "supplier_id": out.suppliers[s], "added_at": plan.now}
        for i, t in enumerate(plan.tenders) for s in t.suppliers
    ])
    contract_rows = []
    for c in plan.contracts:
        start = today - dt.timedelta(days=rng.randint(30, 600))
        contract_rows.append({
            "buyer_id": out.buyers[c.buyer], "supplier_id": out.suppliers[c.supplier],
            "tender_id": tenders[c.tender] if c.tender is not None else None,
            "reference": c.reference, "title": c.title, "category_key": c.category,
            "country": c.country, "value_amount": Decimal(rng.randint(10, 900) * 1000),
            "currency": "GBP", "start_date": start,
            "end_date": start + dt.timedelta(days=365 * rng.randint(2, 4)),
            "status": ContractStatus.ACTIVE, "ocid": None, "ocds_contract_id": None,
            "ocds_award_id": None, "reassess_every_months": c.months,
            "next_assessment_due": add_months(today, rng.randint(1, c.months)),
            "created_at": plan.now, "updated_at": plan.now,
        })
    contracts = insert_rows(Contract, contract_rows, returning=True)
    out.count("tenders", len(tenders))
    out.count("contracts", len(contracts))
    return tenders, contracts


def _requests(plan: Plan, out: Written, tenders: list[int], contracts: list[int]) -> None:
    rng = stream(plan.seed, "codes")
    codes: set[str] = set()
    rows = []
    for r in plan.requests:
        code = ""
        while not code or code in codes:
            raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
            code = f"{raw[:4]}-{raw[4:]}"
        codes.add(code)
        token = hashlib.sha256(f"bench:{plan.seed}:{r.index}".encode()).hexdigest()
        rows.append({
            "buyer_id": out.buyers[r.buyer], "supplier_id": out.suppliers[r.supplier],
            "questionnaire_version_id": r.version.id,
            "tender_id": tenders[r.tender] if r.tender is not None else None,
            "contract_id": contracts[r.contract] if r.contract is not None else None,
            "stage": r.stage, "required_tier": r.tier, "due_date": r.due, "message": "",
            "invitation_code": code, "invitation_token_hash": token,
            "invitation_expires_at": r.created_at + dt.timedelta(days=INVITATION_DAYS),
            "invitation_email": plan.suppliers[r.supplier].user[0],
            "created_by_id": out.admins[r.buyer], "created_at": r.created_at,
            "cancelled_at": None, "reminder_due_sent_at": None, "reminder_overdue_sent_at": None,
        })
    out.requests = insert_rows(Request, rows, returning=True)
    out.count("requests", len(rows))


def _activity(plan: Plan, activity: Activity, out: Written) -> None:
    requests = plan.requests
    insert_rows(Acknowledgement, [
        {"response_id": out.responses[a.request], "question_id": a.question_id,
         "decision": AcknowledgementDecision.ACCEPTED if a.accepted
         else AcknowledgementDecision.DECLINED,
         "planned_action": a.text if a.accepted else "", "planned_date": a.planned,
         "explanation": "" if a.accepted else a.text, "acknowledged_at": a.at,
         "acknowledged_by_id": out.supplier_users[requests[a.request].supplier]}
        for a in activity.acknowledgements
    ])
    insert_rows(Share, [
        {"response_id": out.responses[s.request],
         "buyer_id": out.buyers[s.buyer] if s.buyer is not None else None,
         "consortium_id": out.consortium if s.buyer is None else None, "created_at": s.at,
         "created_by_id": out.supplier_users[requests[s.request].supplier],
         "withdrawn_at": plan.now - dt.timedelta(days=1) if s.withdrawn else None}
        for s in activity.shares
    ])
    action_rows = []
    for a in activity.actions:
        r = requests[a.request]
        gap = a.gap
        owner = out.admins[r.buyer] if a.by_admin else out.members[r.buyer]
        action_rows.append({
            "buyer_id": out.buyers[r.buyer], "supplier_id": out.suppliers[r.supplier],
            "response_id": out.responses[r.index], "question_id": gap.question_id,
            "title": a.title,
            "description": f"{gap.recommendation}\n\n{gap.explanation}".strip()
            if gap.explanation else gap.recommendation,
            "severity": gap.severity.value, "owner_id": owner, "due_date": a.due,
            "status": ActionStatus(a.status), "is_joint": a.joint,
            "consortium_id": out.consortium if a.joint else None, "created_at": a.at,
            "created_by_id": out.admins[r.buyer],
            "updated_at": a.messages[-1][2] if a.messages else a.at,
        })
    action_ids = insert_rows(FollowUpAction, action_rows, returning=True)
    message_rows = []
    for a, action_id in zip(activity.actions, action_ids, strict=True):
        r = requests[a.request]
        for from_buyer, body, at in a.messages:
            message_rows.append({
                "action_id": action_id,
                "author_id": out.admins[r.buyer] if from_buyer else out.supplier_users[r.supplier],
                "organisation_id": out.buyers[r.buyer] if from_buyer else out.suppliers[r.supplier],
                "body": body, "created_at": at, "filename": None, "content_type": None,
                "size": None, "data": None,
            })
    insert_rows(ActionMessage, message_rows)
    finding_rows = []
    for f in activity.findings:
        source, summary = names.FINDINGS[f.kind]
        finding_rows.append({
            "buyer_id": out.buyers[f.buyer], "supplier_id": out.suppliers[f.supplier],
            "kind": FindingKind(f.kind), "found_on": f.found_on, "source": source,
            "summary": summary, "consortium_id": out.consortium if f.shared else None,
            "created_at": f.at, "created_by_id": out.admins[f.buyer],
        })
    finding_ids = insert_rows(Finding, finding_rows, returning=True)
    insert_rows(FindingQuestion, [
        {"finding_id": finding_id, "questionnaire_key": key, "question_id": qid,
         "contradicts": True, "note": f"Contradicted by the {f.kind}."}
        for f, finding_id in zip(activity.findings, finding_ids, strict=True)
        for key, qid in f.questions
    ])
    out.count("acknowledgements", len(activity.acknowledgements))
    out.count("shares", len(activity.shares))
    out.count("follow-up actions", len(action_ids))
    out.count("action messages", len(message_rows))
    out.count("findings", len(finding_ids))
