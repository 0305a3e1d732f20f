"""Issuing requests and finding them again by invitation link or code."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import or_, select

from portal import mail
from portal.audit.services import record
from portal.auth.models import User
from portal.auth.tokens import new_token, token_hash
from portal.config import Defaults
from portal.db import db, utcnow
from portal.organisations.models import Organisation
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import definition_of
from portal.requests.models import Request
from portal.responses.models import Response, ResponseStatus
from portal.responses.starting import prefill
from portal.tenders.models import Contract, ContractStatus, Tender
from portal.tenders.risk import add_months

# No 0/O, 1/I/L: a code is read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# The configured lifetime is read when a request is issued; this default serves code that
# makes requests outside an app (the bench's generated data).
INVITATION_DAYS = Defaults.SUPPLIER_INVITATION_DAYS


class IssueRefused(ValueError):
    """The request cannot be issued as asked; the message says why, in plain words."""


def new_invitation_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    """Accept codes typed with spaces, lower case or without the dash."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def issue(
    actor: Any,
    *,
    buyer: Organisation,
    supplier: Organisation,
    version: QuestionnaireVersion,
    stage: str,
    required_tier: str,
    due_date: date,
    today: date,
    tender: Tender | None = None,
    contract: Contract | None = None,
    email: str | None = None,
    message: str = "",
) -> Request:
    """Create the request and mail the invitation (link and code) to the supplier contact."""
    if not buyer.is_buyer or not supplier.is_supplier:
        raise IssueRefused("Requests go from a buyer organisation to a supplier organisation.")
    if not version.is_active:
        raise IssueRefused(f"{version.key} {version.version} is retired; choose a current version.")
    if stage not in version.stage_list:
        raise IssueRefused(f"{version.key} {version.version} is not meant for the {stage} stage.")
    definition = definition_of(version)
    if required_tier not in definition.standard.tiers:
        tiers = ", ".join(definition.standard.tiers)
        raise IssueRefused(f"The required tier must be one of: {tiers}.")
    if due_date < today:
        raise IssueRefused("The due date is in the past.")
    code = new_invitation_code()
    while db.session.scalar(select(Request.id).where(Request.invitation_code == code)):
        code = new_invitation_code()
    token = new_token()
    request = Request(
        buyer_id=buyer.id,
        supplier_id=supplier.id,
        questionnaire_version_id=version.id,
        tender_id=tender.id if tender else None,
        contract_id=contract.id if contract else None,
        stage=stage,
        required_tier=required_tier,
        due_date=due_date,
        message=message.strip(),
        invitation_code=code,
        invitation_token_hash=token_hash(token),
        invitation_expires_at=utcnow()
        + timedelta(days=current_app.config["SUPPLIER_INVITATION_DAYS"]),
        invitation_email=email.strip().lower() if email else None,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(request)
    db.session.flush()
    record(
        "request.issued",
        actor=actor,
        organisation_id=buyer.id,
        object_type="request",
        object_id=request.id,
        after={
            "supplier": supplier.name,
            "questionnaire": f"{version.key} {version.version}",
            "stage": stage,
            "required_tier": required_tier,
            "due_date": due_date.isoformat(),
        },
    )
    if request.invitation_email:
        send_invitation(request, token, buyer, supplier, definition.text(definition.title, "en"))
    return request


def send_invitation(
    request: Request, token: str, buyer: Organisation, supplier: Organisation, title: str
) -> None:
    base = current_app.config["BASE_URL"].rstrip("/")
    assert request.invitation_email is not None
    due, code = f"{request.due_date:%d %B %Y}", request.invitation_code
    mail.send(
        mail.Mail(
            to=request.invitation_email,
            subject=f"{buyer.name} asks {supplier.name} to complete: {title}",
            body=(
                f"Hello,\n\n{buyer.name} asks {supplier.name} to complete the questionnaire "
                f'"{title}" on the supplier due-diligence portal, by {due}.\n\n'
                f"Open it here (you can register if you have no account yet):\n\n"
                f"{base}/invitations/{token}\n\n"
                f"Or sign in at {base}/auth/sign-in and enter the code {code}.\n\n"
                + (f"Message from {buyer.name}:\n{request.message}\n\n" if request.message else "")
                + "You can answer over several sittings: every answer is saved.\n"
            ),
        )
    )


def request_by_code(code: str) -> Request | None:
    return db.session.scalar(select(Request).where(Request.invitation_code == normalise_code(code)))


def request_by_token(token: str) -> Request | None:
    return db.session.scalar(
        select(Request).where(Request.invitation_token_hash == token_hash(token))
    )


def invitation_usable(request: Request) -> bool:
    return request.cancelled_at is None and utcnow() < request.invitation_expires_at


# Carrying answers over, contracts and reminders ---------------------------------------------
DUE_SOON_DAYS = 7
REASSESSMENT_DAYS = 30


def carry_source(request: Request) -> Response | None:
    """The supplier's latest submitted response to this buyer for the same contract or its
    tender (the tender stage's answers), the same questionnaire preferred."""
    scope = [Request.contract_id == request.contract_id] if request.contract_id else []
    if request.contract_id:
        contract = db.session.get(Contract, request.contract_id)
        if contract is not None and contract.tender_id:
            scope.append(Request.tender_id == contract.tender_id)
    elif request.tender_id:
        scope.append(Request.tender_id == request.tender_id)
    if not scope:
        return None
    rows = db.session.execute(
        select(Response, QuestionnaireVersion.key)
        .join(Request, Response.request_id == Request.id)
        .join(QuestionnaireVersion, Request.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            Request.buyer_id == request.buyer_id,
            Request.supplier_id == request.supplier_id,
            Request.id != request.id,
            Response.status == ResponseStatus.SUBMITTED,
            or_(*scope),
        )
        .order_by(Response.submitted_at.desc(), Response.id.desc())
    )
    found = list(rows)
    key = request.questionnaire_version.key
    same = [r for r, k in found if k == key]
    return (same or [r for r, _ in found] or [None])[0]


class _Portal:
    """The portal itself as the actor of scheduled work (no person): it has no user id."""

    id = None


def carry_forward(actor: Any, request: Request, previous: Response) -> tuple[Response, int]:
    """Start the request's response with the earlier answers that carry over to its version
    (the supplier's own carry-over rules: marked prefilled, evidence files copied); the
    supplier confirms or changes them."""
    response = Response(request_id=request.id, prefilled_from_id=previous.id)
    db.session.add(response)
    db.session.flush()
    carried = prefill(actor or _Portal(), response, previous)
    record(
        "response.prefilled",
        actor=actor,
        organisation_id=request.buyer_id,
        object_type="response",
        object_id=response.id,
        after={"request": request.id, "prefilled_from": previous.id, "answers": len(carried)},
    )
    return response, len(carried)


def issue_for_contract(
    actor: Any,
    contract: Contract,
    *,
    version: QuestionnaireVersion,
    required_tier: str,
    due_date: date,
    today: date,
    email: str | None = None,
    message: str = "",
) -> tuple[Request, int]:
    """Issue a contract-stage request to the contract's supplier, carrying over the answers
    of the tender stage (or of the last assessment); (request, answers carried over)."""
    buyer = db.session.get_one(Organisation, contract.buyer_id)
    supplier = db.session.get_one(Organisation, contract.supplier_id)
    request = issue(
        actor,
        buyer=buyer,
        supplier=supplier,
        version=version,
        stage="contract",
        required_tier=required_tier,
        due_date=due_date,
        today=today,
        contract=contract,
        email=email,
        message=message,
    )
    previous = carry_source(request)
    if previous is None:
        return request, 0
    _response, count = carry_forward(actor, request, previous)
    return request, count


def supplier_contacts(request: Request, response: Response | None) -> list[str]:
    """Who hears about a request on the supplier's side: the invitation's address and the
    people who started and submitted the response."""
    emails = {request.invitation_email} if request.invitation_email else set()
    if response is not None:
        for user_id in (response.started_by_id, response.submitted_by_id):
            user = db.session.get(User, user_id) if user_id else None
            if user is not None and user.is_active:
                emails.add(user.email)
    return sorted(emails)


@dataclass
class ReminderRun:
    """What one run of the reminders did."""

    due_soon: list[int] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)
    reassessments: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def send_reminders(today: date, *, window_days: int = DUE_SOON_DAYS) -> ReminderRun:
    """Remind suppliers once when a request falls due within the window and once when it is
    overdue; then issue the contract re-assessments that are due."""
    run = ReminderRun()
    open_requests = db.session.execute(
        select(Request, Response)
        .outerjoin(Response, Response.request_id == Request.id)
        .where(
            Request.cancelled_at.is_(None),
            or_(Response.id.is_(None), Response.status != ResponseStatus.SUBMITTED),
            Request.due_date <= today + timedelta(days=window_days),
            or_(
                Request.reminder_overdue_sent_at.is_(None),
                Request.reminder_due_sent_at.is_(None),
            ),
        )
        .order_by(Request.id)
    )
    now = utcnow()
    for request, response in list(open_requests):
        if request.due_date < today:
            if request.reminder_overdue_sent_at is not None:
                continue
            request.reminder_overdue_sent_at = now
            request.reminder_due_sent_at = request.reminder_due_sent_at or now
            kind, run_list = "overdue", run.overdue
        else:
            if request.reminder_due_sent_at is not None:
                continue
            request.reminder_due_sent_at = now
            kind, run_list = "due", run.due_soon
        run_list.append(request.id)
        _remind(request, response, kind, today)
        record(
            f"request.reminder_{kind}",
            organisation_id=request.buyer_id,
            object_type="request",
            object_id=request.id,
            after={"due_date": request.due_date.isoformat()},
        )
    db.session.flush()
    reassess_due_contracts(today, run)
    return run


def _remind(request: Request, response: Response | None, kind: str, today: date) -> None:
    base = current_app.config["BASE_URL"].rstrip("/")
    title = request.questionnaire_version.title
    due = f"{request.due_date:%d %B %Y}"
    if kind == "overdue":
        subject = f"Overdue: {title} for {request.buyer.name}"
        lead = f'The questionnaire "{title}" that {request.buyer.name} asked for was due on {due}.'
    else:
        days = (request.due_date - today).days
        subject = f"Due in {days} day(s): {title} for {request.buyer.name}"
        lead = f'The questionnaire "{title}" that {request.buyer.name} asked for is due on {due}.'
    for address in supplier_contacts(request, response):
        mail.send(
            mail.Mail(
                to=address,
                subject=subject,
                body=(
                    f"Hello,\n\n{lead}\n\nSign in at {base}/auth/sign-in and enter the code "
                    f"{request.invitation_code} if you have not joined it yet. Every answer you "
                    "saved is kept.\n"
                ),
            )
        )


def _latest_version(key: str, stage: str) -> QuestionnaireVersion | None:
    versions = [
        v
        for v in db.session.scalars(
            select(QuestionnaireVersion).where(QuestionnaireVersion.key == key)
        )
        if v.is_active and stage in v.stage_list
    ]
    return max(versions, key=lambda v: v.version_order, default=None)


def reassess_due_contracts(today: date, run: ReminderRun | None = None) -> ReminderRun:
    """Issue the scheduled re-assessments that are due: the contract's last questionnaire (its
    latest version) with the same tier, answers carried over; then move the schedule on."""
    run = run or ReminderRun()
    contracts = db.session.scalars(
        select(Contract)
        .where(
            Contract.reassess_every_months.is_not(None),
            Contract.next_assessment_due <= today,
            Contract.status == ContractStatus.ACTIVE,
        )
        .order_by(Contract.id)
    )
    for contract in list(contracts):
        months = contract.reassess_every_months or 0
        due = contract.next_assessment_due
        assert due is not None
        next_due = due
        while next_due <= today and months > 0:
            next_due = add_months(next_due, months)
        contract.next_assessment_due = next_due
        last = db.session.scalar(
            select(Request)
            .where(Request.contract_id == contract.id, Request.cancelled_at.is_(None))
            .order_by(Request.created_at.desc(), Request.id.desc())
            .limit(1)
        )
        if last is None:
            run.notes.append(
                f"contract {contract.reference}: no earlier request to repeat; issue the first "
                "one from the contract's page"
            )
            continue
        pending = db.session.scalar(
            select(Request.id)
            .outerjoin(Response, Response.request_id == Request.id)
            .where(
                Request.contract_id == contract.id,
                Request.cancelled_at.is_(None),
                or_(Response.id.is_(None), Response.status != ResponseStatus.SUBMITTED),
            )
        )
        if pending is not None:
            run.notes.append(
                f"contract {contract.reference}: request {pending} is still open; no new one issued"
            )
            continue
        version = _latest_version(last.questionnaire_version.key, "contract")
        if version is None:
            run.notes.append(
                f"contract {contract.reference}: {last.questionnaire_version.key} has no "
                "active version for the contract stage"
            )
            continue
        tier = last.required_tier
        if tier not in definition_of(version).standard.tiers:
            run.notes.append(f"contract {contract.reference}: tier {tier} no longer exists")
            continue
        request, _count = issue_for_contract(
            None,
            contract,
            version=version,
            required_tier=tier,
            due_date=today + timedelta(days=REASSESSMENT_DAYS),
            today=today,
            email=last.invitation_email,
            message="Scheduled re-assessment of the contract.",
        )
        record(
            "contract.reassessment_issued",
            organisation_id=contract.buyer_id,
            object_type="contract",
            object_id=contract.id,
            before={"next_assessment_due": due.isoformat()},
            after={"request": request.id, "next_assessment_due": next_due.isoformat()},
        )
        run.reassessments.append(request.id)
    db.session.flush()
    return run
