"""Submitting a response (scored at once) and acknowledging its recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from portal.assessments.models import Assessment
from portal.assessments.services import assess, current, scored
from portal.audit.services import record
from portal.db import db, utcnow
from portal.questionnaires.definition import Definition, Severity
from portal.responses.models import (
    Acknowledgement,
    AcknowledgementDecision,
    Response,
    ResponseStatus,
)
from portal.responses.progress import Missing
from portal.responses.services import ResponseState, require_editable


class NotReady(ValueError):
    """Something must be answered or confirmed first."""

    def __init__(self, missing: list[Missing]) -> None:
        self.missing = missing
        super().__init__(f"{len(missing)} thing(s) missing")


def submit(actor: Any, response: Response, state: ResponseState, *, language: str) -> Assessment:
    """Lock the response, score it and store the assessment."""
    require_editable(response.request, response)
    if state.missing:
        raise NotReady(state.missing)
    before = response.status.value
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = utcnow()
    response.submitted_by_id = actor.id
    response.language = language
    db.session.flush()
    assessment = assess(response, actor)
    record(
        "response.submitted",
        actor=actor,
        organisation_id=response.request.supplier_id,
        object_type="response",
        object_id=response.id,
        before={"status": before},
        after={"status": response.status.value, "tier_attained": assessment.tier_attained,
               "rating": assessment.rating},
    )
    return assessment


@dataclass(frozen=True)
class RecommendationItem:
    """One recommendation the supplier must acknowledge, with its acknowledgement if any."""

    question_id: str
    section_id: str
    severity: Severity
    question: str
    text: str
    acknowledgement: Acknowledgement | None


def recommendations(
    response: Response, definition: Definition, lang: str
) -> list[RecommendationItem]:
    """The current assessment's recommendations, most severe first, in `lang` where possible."""
    row = current(response.id)
    if row is None:
        return []
    result = scored(row)
    acks = acknowledgements(response.id)
    items = []
    for gap in sorted(result.gaps, key=lambda g: -g.severity.rank):
        known = definition.has_question(gap.question_id)
        q = definition.question(gap.question_id) if known else None
        text = definition.text(q.recommendation, lang) if q and q.recommendation else ""
        items.append(
            RecommendationItem(
                question_id=gap.question_id,
                section_id=gap.section_id,
                severity=gap.severity,
                question=definition.text(q.text, lang) if q else gap.question_id,
                text=text or gap.recommendation,
                acknowledgement=acks.get(gap.question_id),
            )
        )
    return items


def acknowledgements(response_id: int) -> dict[str, Acknowledgement]:
    rows = db.session.scalars(
        select(Acknowledgement).where(Acknowledgement.response_id == response_id)
    )
    return {a.question_id: a for a in rows}


def acknowledgement_progress(items: list[RecommendationItem]) -> tuple[int, int]:
    """(acknowledged, total): the assessment counts as complete when they are equal."""
    return sum(i.acknowledgement is not None for i in items), len(items)


def acknowledge(
    actor: Any,
    response: Response,
    question_id: str,
    *,
    decision: AcknowledgementDecision,
    planned_action: str = "",
    planned_date: date | None = None,
    explanation: str = "",
) -> Acknowledgement:
    """Record (or change) the supplier's answer to one recommendation."""
    row = db.session.scalar(
        select(Acknowledgement).where(
            Acknowledgement.response_id == response.id,
            Acknowledgement.question_id == question_id,
        )
    )
    before = _ack_dict(row) if row else None
    if row is None:
        row = Acknowledgement(response_id=response.id, question_id=question_id)
        db.session.add(row)
    accepted = decision is AcknowledgementDecision.ACCEPTED
    row.decision = decision
    row.planned_action = planned_action.strip() if accepted else ""
    row.planned_date = planned_date if accepted else None
    row.explanation = "" if accepted else explanation.strip()
    row.acknowledged_at = utcnow()
    row.acknowledged_by_id = actor.id
    db.session.flush()
    record(
        "response.recommendation_acknowledged",
        actor=actor,
        organisation_id=response.request.supplier_id,
        object_type="response",
        object_id=response.id,
        question=question_id,
        before=before,
        after=_ack_dict(row),
    )
    return row


def _ack_dict(row: Acknowledgement) -> dict[str, Any]:
    return {
        "decision": row.decision.value,
        "planned_action": row.planned_action,
        "planned_date": row.planned_date.isoformat() if row.planned_date else None,
        "explanation": row.explanation,
    }
