"""Issuing requests and finding them again by invitation link or code."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from portal import mail
from portal.audit.services import record
from portal.auth.tokens import new_token, token_hash
from portal.db import db, utcnow
from portal.organisations.models import Organisation
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import definition_of
from portal.requests.models import Request
from portal.tenders.models import Contract, Tender

# No 0/O, 1/I/L: a code is read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITATION_DAYS = 120


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
        invitation_expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
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
