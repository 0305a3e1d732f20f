"""Demo data: consortia, buyers, suppliers, one user of each role, and their procurement."""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select

from portal.assessments.services import assess, scored
from portal.audit.services import record
from portal.auth.models import User
from portal.auth.services import create_user
from portal.db import db, utcnow
from portal.findings.models import FindingKind
from portal.findings.services import ConcernedQuestion, record_finding
from portal.followup.services import create_from_gap, post_message
from portal.organisations.models import (
    Consortium,
    ConsortiumMembership,
    Organisation,
    OrganisationKind,
    Role,
)
from portal.questionnaires.conditions import visible_questions
from portal.questionnaires.definition import QuestionType
from portal.questionnaires.services import active_versions, definition_of
from portal.requests.services import issue
from portal.responses.models import Answer, Response, ResponseStatus
from portal.tenders.models import Contract, ContractStatus, Tender, TenderStatus, TenderSupplier
from portal.tenders.risk import add_months

BUYERS = [
    ("Northbridge City Council", "GB"),
    ("University of Eastvale", "GB"),
    ("St Aldric's Hospital NHS Trust", "GB"),
    ("Riverside Borough Council", "GB"),
    ("Kingsmoor University", "GB"),
]

SUPPLIERS = [
    ("Brightline IT Solutions Ltd", "ICT hardware reseller", "GB"),
    ("Meridian Workwear Ltd", "Uniforms and workwear maker", "BD"),
    ("SafeHand Medical Supplies", "Medical gloves distributor", "MY"),
    ("CleanCity Facilities Services", "Cleaning contractor", "GB"),
    ("Harvest Table Catering", "Food and catering", "GB"),
    ("Solaris Panels Europe", "Solar panels importer", "DE"),
    ("Guardwell Security Services", "Security services", "GB"),
    ("Apex Build Construction", "Construction", "GB"),
]

CONSORTIA = [
    (
        "Southern Universities Purchasing Consortium",
        "Universities that buy together and share supplier due-diligence results.",
        ["University of Eastvale", "Kingsmoor University", "St Aldric's Hospital NHS Trust"],
        "University of Eastvale",
    ),
    (
        "Regional Councils Procurement Partnership",
        "Councils and public bodies of the region coordinating supply-chain monitoring.",
        ["Northbridge City Council", "Riverside Borough Council", "St Aldric's Hospital NHS Trust"],
        "Northbridge City Council",
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    organisation: str


class DemoRefused(RuntimeError):
    """The database already holds data and --force was not given."""


def database_is_empty() -> bool:
    return not (
        db.session.scalar(select(func.count()).select_from(Organisation))
        or db.session.scalar(select(func.count()).select_from(User))
    )


def load(*, force: bool = False) -> list[DemoAccount]:
    """Create the demo; refuse a database that has data unless forced (then add alongside)."""
    if not database_is_empty() and not force:
        raise DemoRefused("the database is not empty; use --force to add the demo anyway")
    suffix = "" if database_is_empty() else "-" + secrets.token_hex(2)
    organisations: dict[str, Organisation] = {}
    for name, country in BUYERS:
        organisations[name] = Organisation(
            name=name + _tag(suffix), kind=OrganisationKind.BUYER, country=country
        )
    for name, category, country in SUPPLIERS:
        organisations[name] = Organisation(
            name=name + _tag(suffix),
            kind=OrganisationKind.SUPPLIER,
            category=category,
            country=country,
        )
    db.session.add_all(organisations.values())
    for name, description, members, admin in CONSORTIA:
        consortium = Consortium(name=name + _tag(suffix), description=description)
        db.session.add(consortium)
        db.session.flush()
        for member in members:
            db.session.add(
                ConsortiumMembership(
                    consortium_id=consortium.id,
                    organisation_id=organisations[member].id,
                    is_admin=member == admin,
                )
            )
    accounts = [
        ("operator", "operator", None, Role.ADMIN, "Olivia Operator"),
        (
            "buyer admin (consortium admin)",
            "buyer.admin",
            "University of Eastvale",
            Role.ADMIN,
            "Amara Okafor",
        ),
        ("buyer member", "buyer", "University of Eastvale", Role.MEMBER, "Ben Hughes"),
        ("buyer admin", "council.admin", "Northbridge City Council", Role.ADMIN, "Claire Donovan"),
        (
            "supplier admin",
            "supplier.admin",
            "Brightline IT Solutions Ltd",
            Role.ADMIN,
            "Dev Patel",
        ),
        ("supplier member", "supplier", "Brightline IT Solutions Ltd", Role.MEMBER, "Elena Rossi"),
        ("supplier admin", "gloves.admin", "SafeHand Medical Supplies", Role.ADMIN, "Farah Aziz"),
    ]
    made: list[DemoAccount] = []
    for label, local, organisation_name, role, person in accounts:
        password = secrets.token_urlsafe(12)
        email = f"{local}{suffix}@demo.portal.test"
        organisation = organisations[organisation_name] if organisation_name else None
        create_user(
            email=email,
            name=person,
            password=password,
            organisation=organisation,
            role=role,
            is_operator=organisation is None,
        )
        made.append(DemoAccount(label, email, password, organisation_name or "(platform)"))
    db.session.flush()
    users = {
        local: db.session.scalar(
            select(User).where(User.email == f"{local}{suffix}@demo.portal.test")
        )
        for _label, local, *_rest in accounts
    }
    click.echo(load_procurement(organisations, users))
    return made


def _tag(suffix: str) -> str:
    return f" ({suffix.strip('-')})" if suffix else ""


def format_accounts(accounts: list[DemoAccount]) -> str:
    width = max(len(a.email) for a in accounts)
    lines = [f"  {a.email:<{width}}  {a.password}  {a.role}, {a.organisation}" for a in accounts]
    return "\n".join(lines)


def credentials_file(instance_path: str) -> Path:
    return Path(instance_path) / "demo-credentials.txt"


# Tenders, contracts, requests, a scored submission, an action and a finding ------------------

TENDERS = [
    # buyer, reference, title, category, country, value, suppliers
    (
        "University of Eastvale",
        "EV-2026-014",
        "Laptops and monitors for teaching rooms",
        "ict-hardware",
        "CN",
        480000,
        ["Brightline IT Solutions Ltd"],
    ),
    (
        "University of Eastvale",
        "EV-2026-021",
        "Staff uniforms and workwear",
        "textiles-uniforms",
        "BD",
        95000,
        ["Meridian Workwear Ltd"],
    ),
    (
        "University of Eastvale",
        "EV-2025-033",
        "Examination gloves",
        "medical-gloves-ppe",
        "MY",
        210000,
        ["SafeHand Medical Supplies"],
    ),
    (
        "Northbridge City Council",
        "NCC-2026-007",
        "Cleaning of council buildings",
        "cleaning-services",
        "GB",
        640000,
        ["CleanCity Facilities Services"],
    ),
]
CONTRACTS = [
    # buyer, tender reference (or None), reference, title, category, supplier, every N months
    (
        "University of Eastvale",
        "EV-2025-033",
        "EV-C-2025-033",
        "Examination gloves supply",
        "medical-gloves-ppe",
        "SafeHand Medical Supplies",
        12,
    ),
    (
        "Northbridge City Council",
        None,
        "NCC-C-2024-002",
        "Security guarding of council sites",
        "security-services",
        "Guardwell Security Services",
        6,
    ),
]


def load_procurement(organisations: dict[str, Organisation], users: dict[str, User | None]) -> str:
    """The buyers' tenders and contracts; requests and a scored submission when a questionnaire
    is published. Says in one line what it did."""
    today = utcnow().date()
    tenders: dict[str, Tender] = {}
    for buyer, reference, title, category, country, value, suppliers in TENDERS:
        tender = Tender(
            buyer_id=organisations[buyer].id,
            reference=reference,
            title=title,
            category_key=category,
            country=country,
            value_amount=Decimal(value),
            currency="GBP",
            status=TenderStatus.AWARDED if reference == "EV-2025-033" else TenderStatus.ACTIVE,
        )
        db.session.add(tender)
        db.session.flush()
        db.session.add_all(
            TenderSupplier(tender_id=tender.id, supplier_id=organisations[name].id)
            for name in suppliers
        )
        tenders[reference] = tender
    contracts: dict[str, Contract] = {}
    for buyer, tender_ref, reference, title, category, supplier, months in CONTRACTS:
        contract = Contract(
            buyer_id=organisations[buyer].id,
            supplier_id=organisations[supplier].id,
            tender_id=tenders[tender_ref].id if tender_ref else None,
            reference=reference,
            title=title,
            category_key=category,
            status=ContractStatus.ACTIVE,
            start_date=today - dt.timedelta(days=200),
            reassess_every_months=months,
            next_assessment_due=add_months(today, months),
        )
        db.session.add(contract)
        contracts[reference] = contract
    db.session.flush()
    versions = active_versions("tender")
    if not versions:
        return (
            "No questionnaire is published yet, so the demo has tenders and contracts but "
            "no requests: publish with `flask --app portal questionnaires publish "
            "questionnaires/` before `demo load` to have some."
        )
    preferred = [v for v in versions if v.key == "modern-slavery"] or versions
    version = max(preferred, key=lambda v: v.version_order)
    try:
        with db.session.begin_nested():
            made = _requests(organisations, users, tenders, contracts, version, today)
    except Exception as error:  # the demo must load even if a questionnaire is unusual
        return f"The demo's requests could not be made ({error}); tenders and contracts are there."
    return (
        f"Demo procurement: {len(tenders)} tenders, {len(contracts)} contracts, {made} "
        f"requests of {version.key} {version.version}, one submitted and scored."
    )


def _requests(
    organisations: dict[str, Organisation],
    users: dict[str, User | None],
    tenders: dict[str, Any],
    contracts: dict[str, Any],
    version: Any,
    today: dt.date,
) -> int:
    eastvale, council = users["buyer.admin"], users["council.admin"]
    supplier_user = users["supplier.admin"]
    assert eastvale is not None and council is not None and supplier_user is not None
    definition = definition_of(version)
    tier = definition.standard.tiers[0]

    def ask(actor: User, buyer: str, supplier: str, days: int, email: str | None, **where: Any):
        return issue(
            actor,
            buyer=organisations[buyer],
            supplier=organisations[supplier],
            version=version,
            stage="contract" if "contract" in where else "tender",
            required_tier=tier,
            due_date=today + dt.timedelta(days=days),
            today=today,
            email=email,
            **where,
        )

    submitted = ask(
        eastvale,
        "University of Eastvale",
        "Brightline IT Solutions Ltd",
        21,
        supplier_user.email,
        tender=tenders["EV-2026-014"],
    )
    ask(
        eastvale,
        "University of Eastvale",
        "Meridian Workwear Ltd",
        5,
        None,
        tender=tenders["EV-2026-021"],
    )
    ask(
        council,
        "Northbridge City Council",
        "CleanCity Facilities Services",
        14,
        None,
        tender=tenders["NCC-2026-007"],
    )
    if "contract" in version.stage_list:
        gloves = users["gloves.admin"]
        ask(
            eastvale,
            "University of Eastvale",
            "SafeHand Medical Supplies",
            30,
            gloves.email if gloves else None,
            contract=contracts["EV-C-2025-033"],
        )
    response = Response(request_id=submitted.id, started_by_id=supplier_user.id)
    db.session.add(response)
    db.session.flush()
    answers = demo_answers(definition)
    db.session.add_all(
        Answer(
            response_id=response.id, question_id=qid, value=value, updated_by_id=supplier_user.id
        )
        for qid, value in answers.items()
    )
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = utcnow()
    response.submitted_by_id = supplier_user.id
    db.session.flush()
    row = assess(response, supplier_user)
    record(
        "response.submitted",
        actor=supplier_user,
        organisation_id=submitted.supplier_id,
        object_type="response",
        object_id=response.id,
        before={"status": "draft"},
        after={"status": "submitted", "tier_attained": row.tier_attained, "rating": row.rating},
    )
    gaps = scored(row).gaps
    if gaps:
        gap = gaps[0]
        action = create_from_gap(
            eastvale,
            submitted,
            response,
            gap,
            title=definition.text(definition.question(gap.question_id).text, "en"),
            owner_id=eastvale.id,
            due_date=today + dt.timedelta(days=30),
            today=today,
        )
        if action is not None:
            post_message(eastvale, action, "Please send us your plan and a date for this.")
    said_yes = [q.id for q in definition.requirements() if answers.get(q.id) == "yes"]
    record_finding(
        eastvale,
        buyer=organisations["University of Eastvale"],
        supplier=organisations["Brightline IT Solutions Ltd"],
        kind=FindingKind.WORKER_TESTIMONY,
        found_on=today - dt.timedelta(days=10),
        source="Interviews with assembly-line workers by a monitoring organisation (demo)",
        summary="Workers said recruitment fees were deducted from their first wages (demo).",
        questions=[
            ConcernedQuestion(
                version.key, said_yes[0], True, "Contradicted by the interviews (demo)."
            )
        ]
        if said_yes
        else [],
        today=today,
    )
    return 4 if "contract" in version.stage_list else 3


def demo_answers(definition: Any) -> dict[str, Any]:
    """Plausible answers to every shown question: mostly good, one in four weak, so that the
    assessment has a few gaps and perhaps a red flag."""
    turns = itertools.cycle([True, True, True, False])  # good, good, good, weak
    answers: dict[str, Any] = {}
    for _ in range(5):  # answers may show further questions
        shown = visible_questions(definition, answers)
        for q in definition.questions():
            if q.id in answers or q.id not in shown:
                continue
            value = _demo_value(q, next(turns))
            if value is not None:
                answers[q.id] = value
    shown = visible_questions(definition, answers)
    return {qid: value for qid, value in answers.items() if qid in shown}


def _demo_value(q: Any, good: bool) -> Any:
    if q.type is QuestionType.YES_NO:
        return "yes" if good else "no"
    if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE) and q.options:
        scored = [o for o in q.options if o.points is not None]
        if scored:
            best = max(scored, key=lambda o: o.points)
            choice = best if good else min(scored, key=lambda o: o.points)
        else:  # unscored lists usually end with "none of these"
            choice = q.options[-1] if good else q.options[0]
        return choice.value if q.type is QuestionType.SINGLE_CHOICE else [choice.value]
    if q.type is QuestionType.NUMBER:
        value = q.min if q.min is not None else min(0.0, q.max if q.max is not None else 0.0)
        return int(value) if q.integer else value
    if q.type is QuestionType.TEXT:
        return "Described in our supplier code of conduct (demo answer)."[: q.text_max_length]
    if q.type is QuestionType.DATE:
        return "2025-09-30"
    return None
