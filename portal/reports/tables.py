"""The rows of the buyer's exports: requests, assessments (one row per requirement) and
follow-up actions, always scoped to one buyer organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import and_, select

from portal.assessments.models import Assessment, QuestionOutcome
from portal.db import db
from portal.followup.models import FollowUpAction
from portal.followup.services import is_overdue, names_of
from portal.organisations.models import Organisation
from portal.questionnaires.services import definition_of
from portal.reports.exports import Cell
from portal.requests.models import Request
from portal.responses.models import Response
from portal.review.services import Filters, dashboard, procurement_of


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def requests_table(buyer_id: int, today: dt.date) -> Table:
    rows = []
    for row in dashboard(buyer_id, Filters(), today):
        r, a = row.request, row.assessment
        thing = procurement_of(r)
        rows.append(
            (
                r.id,
                r.supplier.name,
                r.questionnaire_version.key,
                r.questionnaire_version.version,
                r.stage,
                thing.reference if thing else None,
                thing.title if thing else None,
                row.category,
                row.category_risk,
                row.country,
                row.country_risk,
                r.required_tier,
                r.due_date,
                row.status,
                row.overdue,
                row.response.submitted_at if row.response else None,
                a.tier_attained if a else None,
                a.rating if a else None,
                a.gaps_critical if a else None,
                a.gaps_high if a else None,
                a.gaps_medium if a else None,
                a.gaps_low if a else None,
                a.red_flags if a else None,
                a.overridden if a else None,
            )
        )
    return Table(
        "Requests",
        (
            "request",
            "supplier",
            "questionnaire",
            "version",
            "stage",
            "reference",
            "title",
            "category",
            "category risk",
            "country",
            "country risk",
            "required tier",
            "due date",
            "status",
            "overdue",
            "submitted at (UTC)",
            "tier attained",
            "rating",
            "critical gaps",
            "high gaps",
            "medium gaps",
            "low gaps",
            "red flags",
            "overridden",
        ),
        rows,
    )


def _questions(request_rows: list[Request]) -> Iterator[tuple[int, dict[str, str]]]:
    for r in request_rows:
        definition = definition_of(r.questionnaire_version)
        yield r.id, {q.id: definition.text(q.text, "en") for q in definition.questions()}


def assessments_table(buyer_id: int) -> Table:
    stmt = (
        select(Request, Assessment, QuestionOutcome)
        .join(Response, Response.request_id == Request.id)
        .join(
            Assessment, and_(Assessment.response_id == Response.id, Assessment.is_current.is_(True))
        )
        .join(QuestionOutcome, QuestionOutcome.assessment_id == Assessment.id)
        .where(Request.buyer_id == buyer_id)
        .order_by(Request.id, QuestionOutcome.section_id, QuestionOutcome.question_id)
    )
    found = list(db.session.execute(stmt))
    texts = dict(_questions(list({r.id: r for r, _a, _q in found}.values())))
    rows = [
        (
            r.id,
            r.supplier.name,
            r.questionnaire_version.key,
            r.questionnaire_version.version,
            a.tier_attained,
            a.rating,
            q.section_id,
            q.question_id,
            texts.get(r.id, {}).get(q.question_id, ""),
            q.tier,
            q.applicable,
            q.met,
            q.points,
            q.max_points,
            q.severity,
            q.is_gap,
            q.red_flag,
            a.overridden,
            a.engine_version,
            a.definition_sha256,
        )
        for r, a, q in found
    ]
    return Table(
        "Assessments",
        (
            "request",
            "supplier",
            "questionnaire",
            "version",
            "tier attained",
            "rating",
            "section",
            "question",
            "question text",
            "tier",
            "applicable",
            "met",
            "points",
            "max points",
            "severity",
            "gap",
            "red flag",
            "assessment overridden",
            "engine version",
            "questionnaire sha256",
        ),
        rows,
    )


def actions_table(buyer_id: int, today: dt.date) -> Table:
    actions = list(
        db.session.scalars(
            select(FollowUpAction)
            .where(FollowUpAction.buyer_id == buyer_id)
            .order_by(FollowUpAction.id)
        )
    )
    owners = names_of(a.owner_id for a in actions)
    names = db.session.execute(
        select(Organisation.id, Organisation.name).where(
            Organisation.id.in_({a.supplier_id for a in actions})
        )
    )
    suppliers = dict(names.all())
    rows = [
        (
            a.id,
            suppliers.get(a.supplier_id, ""),
            a.title,
            a.description,
            a.severity,
            a.status.value,
            owners.get(a.owner_id or 0, ""),
            a.due_date,
            is_overdue(a, today),
            a.question_id,
            a.created_at,
            a.updated_at,
        )
        for a in actions
    ]
    return Table(
        "Actions",
        (
            "action",
            "supplier",
            "title",
            "description",
            "severity",
            "status",
            "owner",
            "due date",
            "overdue",
            "question",
            "created at (UTC)",
            "updated at (UTC)",
        ),
        rows,
    )
