"""What the buyer's review pages read: the dashboard of requests, the risk-ranked gaps, one
submission as a report; and reopening a submission. Every read is scoped to the buyer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from portal import mail
from portal.assessments.models import Assessment, QuestionOutcome
from portal.assessments.services import answers_of, scored
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.db import db, utcnow
from portal.findings.services import consortium_ids, finding_inputs
from portal.followup.models import FollowUpAction
from portal.followup.services import action_inputs, actions_for_response
from portal.organisations.models import Organisation
from portal.questionnaires.services import definition_of
from portal.reports.data import AcknowledgementInput, Report, ReportMeta, build_report
from portal.requests.models import Request
from portal.requests.services import supplier_contacts
from portal.responses.models import (
    AcknowledgementDecision,
    EvidenceFile,
    Response,
    ResponseStatus,
    Share,
)
from portal.responses.queries import unacknowledged_gaps
from portal.responses.submission import acknowledgements
from portal.tenders import risk
from portal.tenders.models import Category, Contract, CountryRisk, Tender

STATUSES = ("not started", "draft", "submitted", "reopened", "overdue", "cancelled")
# A submitted response is complete once the supplier acknowledged every recommendation.
AWAITING_ACKNOWLEDGEMENTS = "awaiting acknowledgements"
COMPLETE = "complete"
SEVERITIES = ("critical", "high", "medium", "low")


class ReviewError(ValueError):
    """The change is refused; the message says why in plain words."""


def today() -> dt.date:
    return utcnow().date()


@dataclass(frozen=True)
class Filters:
    tender_id: int | None = None
    contract_id: int | None = None
    status: str | None = None
    tier: str | None = None
    rating: str | None = None
    severity: str | None = None


@dataclass(frozen=True)
class Row:
    """One request on the dashboard, with what the buyer needs to rank it."""

    request: Request
    response: Response | None
    assessment: Assessment | None
    status: str
    overdue: bool
    category: str
    category_risk: str | None
    country: str | None
    country_risk: str | None
    # gaps of the current assessment whose recommendation the supplier has not acknowledged
    unacknowledged: int = 0

    @property
    def stage_of_submission(self) -> str:
        """The status, with a submission told apart by its acknowledgements."""
        return submission_status(self.status, self.assessment, self.unacknowledged)

    @property
    def risk_key(self) -> tuple[Any, ...]:
        a = self.assessment
        scored_first = (
            (a.red_flags, a.gaps_critical, a.gaps_high, a.gaps_medium, a.gaps_low) if a else ()
        )
        return (
            a is not None,
            *scored_first,
            risk.rank(self.category_risk),
            risk.rank(self.country_risk),
            self.overdue,
        )


def status_of(request: Request, response: Response | None, on: dt.date) -> tuple[str, bool]:
    """The request's status word, and whether it is overdue."""
    if request.cancelled_at is not None:
        return "cancelled", False
    status = "not started" if response is None else response.status.value
    overdue = status != "submitted" and request.due_date < on
    return status, overdue


def submission_status(status: str, assessment: Assessment | None, unacknowledged: int) -> str:
    """"complete" or "awaiting acknowledgements" for a scored submission, else the status."""
    if status != "submitted" or assessment is None:
        return status
    return COMPLETE if unacknowledged == 0 else AWAITING_ACKNOWLEDGEMENTS


def procurement_of(request: Request) -> Tender | Contract | None:
    """The contract the request is for, else its tender (from the identity map when loaded)."""
    if request.contract_id is not None:
        return db.session.get(Contract, request.contract_id)
    if request.tender_id is not None:
        return db.session.get(Tender, request.tender_id)
    return None


def _risk_maps() -> tuple[dict[str, Category], dict[str, str]]:
    categories = {c.key: c for c in db.session.scalars(select(Category))}
    countries = {c.country: c.risk.value for c in db.session.scalars(select(CountryRisk))}
    return categories, countries


def _context(
    request: Request, categories: dict[str, Category], countries: dict[str, str]
) -> tuple[str, str | None, str | None, str | None]:
    thing = procurement_of(request)
    category = categories.get(thing.category_key or "") if thing else None
    country = (thing.country if thing else None) or request.supplier.country
    return (
        category.name if category else "",
        category.risk.value if category else None,
        country,
        countries.get(country or ""),
    )


def dashboard(buyer_id: int, filters: Filters, on: dt.date) -> list[Row]:
    """The buyer's requests, filtered, riskiest first (red flags, worst gaps, category and
    country risk), then by due date."""
    stmt = (
        select(Request, Response, Assessment, unacknowledged_gaps())
        .outerjoin(Response, Response.request_id == Request.id)
        .outerjoin(
            Assessment,
            and_(Assessment.response_id == Response.id, Assessment.is_current.is_(True)),
        )
        .where(Request.buyer_id == buyer_id)
        .options(selectinload(Request.tender), selectinload(Request.contract))
    )
    if filters.tender_id:
        stmt = stmt.where(Request.tender_id == filters.tender_id)
    if filters.contract_id:
        stmt = stmt.where(Request.contract_id == filters.contract_id)
    if filters.tier:
        stmt = stmt.where(Assessment.tier_attained == filters.tier)
    if filters.rating:
        stmt = stmt.where(Assessment.rating == filters.rating)
    if filters.severity in SEVERITIES:
        columns = [
            Assessment.gaps_critical,
            Assessment.gaps_high,
            Assessment.gaps_medium,
            Assessment.gaps_low,
        ][: SEVERITIES.index(filters.severity) + 1]
        stmt = stmt.where(or_(*(c > 0 for c in columns)))
    categories, countries = _risk_maps()
    rows = []
    for request, response, assessment, pending in db.session.execute(stmt):
        status, overdue = status_of(request, response, on)
        shown = submission_status(status, assessment, pending or 0)
        if filters.status == "overdue" and not overdue:
            continue
        if filters.status and filters.status not in ("overdue", status, shown):
            continue
        rows.append(
            Row(
                request,
                response,
                assessment,
                status,
                overdue,
                *_context(request, categories, countries),
                unacknowledged=pending or 0,
            )
        )
    rows.sort(key=lambda r: (r.request.due_date, -r.request.id))
    rows.sort(key=lambda r: r.risk_key, reverse=True)
    return rows


@dataclass(frozen=True)
class RiskGap:
    request: Request
    question_id: str
    question: str
    severity: str
    category: str
    category_risk: str | None
    country: str | None
    country_risk: str | None


def _rank_of(column: Any, ranks: dict[str, int], otherwise: int) -> Any:
    """A SQL expression giving `ranks[column]`, or `otherwise` for any other value."""
    return case(ranks, value=column, else_=otherwise)


def risk_ranked_gaps(buyer_id: int, limit: int = 20) -> list[RiskGap]:
    """Gaps of the buyer's current assessments: by severity, then category and country risk.

    Ranked and cut in SQL, so the page reads `limit` gaps whatever the number of suppliers.
    """
    severity_rank = {s: len(SEVERITIES) - i for i, s in enumerate(SEVERITIES)}
    category_key = case(
        (Request.contract_id.is_not(None), Contract.category_key), else_=Tender.category_key
    )
    place = case((Request.contract_id.is_not(None), Contract.country), else_=Tender.country)
    supplier = aliased(Organisation)
    country = func.coalesce(place, supplier.country)
    stmt = (
        select(Request, QuestionOutcome)
        .join(Response, Response.request_id == Request.id)
        .join(
            Assessment, and_(Assessment.response_id == Response.id, Assessment.is_current.is_(True))
        )
        .join(QuestionOutcome, QuestionOutcome.assessment_id == Assessment.id)
        .join(supplier, supplier.id == Request.supplier_id)
        .outerjoin(Contract, Contract.id == Request.contract_id)
        .outerjoin(Tender, Tender.id == Request.tender_id)
        .outerjoin(Category, Category.key == category_key)
        .outerjoin(CountryRisk, CountryRisk.country == country)
        .where(
            Request.buyer_id == buyer_id,
            QuestionOutcome.is_gap.is_(True),
            Response.status == ResponseStatus.SUBMITTED,
        )
        .order_by(
            # an outcome without a severity counts as medium, as it is shown
            _rank_of(QuestionOutcome.severity, severity_rank, severity_rank["medium"]).desc(),
            _rank_of(Category.risk, risk.RANK, -1).desc(),
            _rank_of(CountryRisk.risk, risk.RANK, -1).desc(),
            Request.id,
            QuestionOutcome.question_id,
        )
        .limit(limit)
        .options(selectinload(Request.tender), selectinload(Request.contract))
    )
    categories, countries = _risk_maps()
    found = []
    for request, outcome in db.session.execute(stmt):
        definition = definition_of(request.questionnaire_version)
        text = (
            definition.text(definition.question(outcome.question_id).text, "en")
            if definition.has_question(outcome.question_id)
            else outcome.question_id
        )
        found.append(
            RiskGap(
                request,
                outcome.question_id,
                text,
                outcome.severity or "medium",
                *_context(request, categories, countries),
            )
        )
    return found


def is_shared_with(response: Response | None, organisation_id: int | None) -> bool:
    """Whether the supplier shared this response with the organisation or its consortia."""
    if response is None or organisation_id is None:
        return False
    shared = consortium_ids(organisation_id)
    audience = Share.buyer_id == organisation_id
    if shared:
        audience = or_(audience, Share.consortium_id.in_(shared))
    return (
        db.session.scalar(
            select(Share.id).where(
                Share.response_id == response.id, Share.withdrawn_at.is_(None), audience
            )
        )
        is not None
    )


def response_of(request: Request) -> Response | None:
    return db.session.scalar(select(Response).where(Response.request_id == request.id))


def current_assessment(response: Response | None) -> Assessment | None:
    if response is None:
        return None
    return db.session.scalar(
        select(Assessment).where(
            Assessment.response_id == response.id, Assessment.is_current.is_(True)
        )
    )


def files_by_question(response_id: int) -> dict[str, list[str]]:
    files: dict[str, list[str]] = {}
    for qid, name in db.session.execute(
        select(EvidenceFile.question_id, EvidenceFile.filename)
        .where(EvidenceFile.response_id == response_id)
        .order_by(EvidenceFile.id)
    ):
        files.setdefault(qid, []).append(name)
    return files


def report_for(
    request: Request,
    response: Response,
    row: Assessment,
    *,
    viewer_org_id: int,
    language: str,
    yes_no: tuple[str, str] = ("Yes", "No"),
    with_actions: bool = True,
) -> Report:
    """The submission as the review page and the PDF show it."""
    version = request.questionnaire_version
    definition = definition_of(version)
    categories, countries = _risk_maps()
    category, category_risk, country, country_risk = _context(request, categories, countries)
    thing = procurement_of(request)
    meta = ReportMeta(
        buyer=request.buyer.name,
        supplier=request.supplier.name,
        questionnaire=definition.text(definition.title, language),
        version=version.version,
        stage=request.stage,
        required_tier=request.required_tier,
        procurement=f"{thing.reference}: {thing.title}" if thing else "",
        category=category,
        category_risk=category_risk,
        country=country,
        country_risk=country_risk,
        due_date=request.due_date,
        submitted_at=response.submitted_at,
        assessed_at=row.created_at,
    )
    actions = actions_for_response(response.id) if with_actions else []
    return build_report(
        definition=definition,
        assessment=scored(row),
        meta=meta,
        answers=answers_of(response.id),
        files=files_by_question(response.id),
        actions=action_inputs(actions, today()),
        findings=finding_inputs(viewer_org_id, request.supplier_id, version.key),
        acknowledgements=acknowledgement_inputs(response.id),
        language=language,
        yes_no=yes_no,
    )


def acknowledgement_inputs(response_id: int) -> dict[str, AcknowledgementInput]:
    """The supplier's acknowledgements of the response's recommendations, by question id."""
    return {
        qid: AcknowledgementInput(
            question_id=qid,
            accepted=row.decision is AcknowledgementDecision.ACCEPTED,
            planned_action=row.planned_action,
            planned_date=row.planned_date,
            explanation=row.explanation,
            acknowledged_at=row.acknowledged_at,
        )
        for qid, row in acknowledgements(response_id).items()
    }


def reopen(actor: Any, request: Request, response: Response, message: str) -> None:
    """Give the submission back to the supplier to change, with the buyer's message."""
    if response.status is not ResponseStatus.SUBMITTED:
        raise ReviewError("Only a submitted response can be reopened.")
    if request.cancelled_at is not None:
        raise ReviewError("The request was withdrawn.")
    message = message.strip()
    if not message:
        raise ReviewError("Tell the supplier what to change.")
    response.status = ResponseStatus.REOPENED
    response.reopened_at = utcnow()
    response.reopen_message = message
    db.session.flush()
    record(
        "response.reopened",
        actor=actor,
        organisation_id=request.buyer_id,
        object_type="response",
        object_id=response.id,
        before={"status": "submitted"},
        after={"status": "reopened", "message": message},
    )
    base = current_app.config["BASE_URL"].rstrip("/")
    title = request.questionnaire_version.title
    for address in supplier_contacts(request, response):
        mail.send(
            mail.Mail(
                to=address,
                subject=f"{request.buyer.name} reopened your answers to: {title}",
                body=(
                    f'Hello,\n\n{request.buyer.name} has reopened the questionnaire "{title}" '
                    f"that {request.supplier.name} submitted, so that you can change your "
                    f"answers and submit again.\n\nTheir message:\n{message}\n\n"
                    f"Sign in at {base}/auth/sign-in to continue.\n"
                ),
            )
        )


def events_for(
    objects: list[tuple[str, int]], *, limit: int = 200, leave_out: tuple[str, ...] = ()
) -> list[AuditEvent]:
    """The audit events of these objects, newest first, perhaps without some actions."""
    if not objects:
        return []
    clauses = [
        and_(AuditEvent.object_type == kind, AuditEvent.object_id == oid) for kind, oid in objects
    ]
    stmt = select(AuditEvent).where(or_(*clauses))
    if leave_out:
        stmt = stmt.where(AuditEvent.action.not_in(leave_out))
    return list(
        db.session.scalars(stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    )


# Saving a draft answer by answer is the supplier's work in progress, not a step of the request:
# the request's history shows what happened to it (issued, submitted, scored, overridden ...).
DRAFTING = ("response.answer_saved", "response.section_confirmed")


def request_objects(request: Request, response: Response | None) -> list[tuple[str, int]]:
    """The objects whose history belongs on a request's page: it, its response, its actions."""
    objects = [("request", request.id)]
    if response is not None:
        objects.append(("response", response.id))
        objects += [
            ("action", i)
            for i in db.session.scalars(
                select(FollowUpAction.id).where(FollowUpAction.response_id == response.id)
            )
        ]
    return objects


def tiers_attained(buyer_id: int) -> list[str]:
    """The tiers attained in the buyer's current assessments, for the dashboard's filter."""
    return sorted(
        t
        for t in db.session.scalars(
            select(Assessment.tier_attained)
            .join(Response, Response.id == Assessment.response_id)
            .join(Request, Request.id == Response.request_id)
            .where(Request.buyer_id == buyer_id, Assessment.is_current.is_(True))
            .distinct()
        )
        if t
    )
