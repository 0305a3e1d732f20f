"""Scoring a response with the pure engine and storing the result with what produced it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from portal.assessments.models import Assessment, QuestionOutcome, ScoreOverride
from portal.audit.services import record
from portal.db import db, utcnow
from portal.questionnaires.definition import Definition
from portal.questionnaires.services import definition_of
from portal.responses.models import Answer, EvidenceFile, Response, ResponseStatus
from portal.scoring import (
    Assessment as Scored,
)
from portal.scoring import (
    Override,
    assessment_from_json,
    assessment_to_json,
    compile_definition,
    score,
)


def answers_of(response_id: int) -> dict[str, Any]:
    rows = db.session.execute(
        select(Answer.question_id, Answer.value).where(Answer.response_id == response_id)
    )
    return {qid: value for qid, value in rows if value is not None}


def files_of(response_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(EvidenceFile.question_id).where(EvidenceFile.response_id == response_id)
        )
    )


def overrides_of(response_id: int) -> list[Override]:
    rows = db.session.scalars(
        select(ScoreOverride)
        .where(ScoreOverride.response_id == response_id, ScoreOverride.withdrawn_at.is_(None))
        .order_by(ScoreOverride.id)
    )
    latest: dict[str, Override] = {}
    for row in rows:  # the latest override of a question replaces earlier ones
        latest[row.question_id] = Override(
            question_id=row.question_id, reason=row.reason, met=row.met, points=row.points
        )
    return list(latest.values())


def compute(response: Response, language: str | None = None) -> tuple[Definition, Scored]:
    """Score the response as it stands (pure engine; nothing stored)."""
    version = response.request.questionnaire_version
    definition = definition_of(version)
    compiled = compile_definition(definition, version.sha256)
    scored = score(
        compiled,
        answers_of(response.id),
        required_tier=response.request.required_tier,
        files=files_of(response.id),
        overrides=overrides_of(response.id),
        language=language or response.language,
    )
    return definition, scored


def assess(response: Response, actor: Any | None = None) -> Assessment:
    """Store a new current assessment of the response (on submission, after an override)."""
    definition, scored = compute(response)
    db.session.execute(
        update(Assessment)
        .where(Assessment.response_id == response.id, Assessment.is_current.is_(True))
        .values(is_current=False)
    )
    counts = dict.fromkeys(("critical", "high", "medium", "low"), 0)
    for gap in scored.gaps:
        counts[gap.severity.value] += 1
    flagged = {hit.question_id for hit in scored.red_flags}
    gap_ids = {gap.question_id for gap in scored.gaps}
    row = Assessment(
        response_id=response.id,
        engine_version=scored.engine_version,
        definition_sha256=scored.version_hash,
        required_tier=scored.required_tier,
        tier_attained=scored.tier_attained,
        rating=scored.rating.value,
        met_share=(scored.requirements_met / scored.requirements) if scored.requirements else 1.0,
        points=scored.points,
        max_points=scored.max_points,
        gaps_critical=counts["critical"],
        gaps_high=counts["high"],
        gaps_medium=counts["medium"],
        gaps_low=counts["low"],
        red_flags=len(scored.red_flags),
        overridden=any(q.overridden for q in scored.questions),
        data=assessment_to_json(scored),
    )
    db.session.add(row)
    db.session.flush()
    severity = {q.id: q.severity.value for q in definition.requirements()}
    db.session.add_all(
        QuestionOutcome(
            assessment_id=row.id,
            question_id=q.question_id,
            section_id=q.section_id,
            tier=q.tier,
            applicable=q.applicable,
            met=q.met,
            points=q.points,
            max_points=q.max_points,
            severity=severity.get(q.question_id),
            is_gap=q.question_id in gap_ids,
            red_flag=q.question_id in flagged,
        )
        for q in scored.questions
        if q.tier is not None or q.question_id in flagged
    )
    record(
        "response.assessed",
        actor=actor,
        organisation_id=response.request.buyer_id,
        object_type="response",
        object_id=response.id,
        after={
            "tier_attained": row.tier_attained,
            "rating": row.rating,
            "engine_version": row.engine_version,
            "sha256": row.definition_sha256,
        },
    )
    return row


def current(response_id: int) -> Assessment | None:
    return db.session.scalar(
        select(Assessment).where(
            Assessment.response_id == response_id, Assessment.is_current.is_(True)
        )
    )


def scored(row: Assessment) -> Scored:
    """The stored assessment, read back exactly as the engine produced it."""
    return assessment_from_json(row.data)


# Overrides ------------------------------------------------------------------------------------


class OverrideRefused(ValueError):
    """The override cannot be made as asked; the message says why in plain words."""


def active_overrides(response_id: int) -> dict[str, ScoreOverride]:
    """Question id -> the override in force (the latest one not withdrawn)."""
    rows = db.session.scalars(
        select(ScoreOverride)
        .where(ScoreOverride.response_id == response_id, ScoreOverride.withdrawn_at.is_(None))
        .order_by(ScoreOverride.id)
    )
    return {row.question_id: row for row in rows}


def override_outcome(
    actor: Any,
    response: Response,
    question_id: str,
    *,
    met: bool | None,
    reason: str,
    points: float | None = None,
) -> Assessment:
    """Record the buyer's decision on one requirement and score the response again; the
    original outcome stays in the assessment next to the overridden one."""
    reason = reason.strip()
    if not reason:
        raise OverrideRefused("Give the reason for the override.")
    if response.status is not ResponseStatus.SUBMITTED:
        raise OverrideRefused("Only a submitted response can be overridden.")
    definition = definition_of(response.request.questionnaire_version)
    if not definition.has_question(question_id) or definition.question(question_id).tier is None:
        raise OverrideRefused("Only a scored requirement can be overridden.")
    if met is None and points is None:
        raise OverrideRefused("Say whether the requirement is met, or give points.")
    row = current(response.id)
    before = scored(row).question(question_id) if row is not None else None
    if points is not None and before is not None and not 0 <= points <= before.max_points:
        raise OverrideRefused(f"Points must be between 0 and {before.max_points:g}.")
    db.session.add(
        ScoreOverride(
            response_id=response.id,
            question_id=question_id,
            met=met,
            points=points,
            reason=reason,
            created_by_id=getattr(actor, "id", None),
        )
    )
    db.session.flush()
    record(
        "response.overridden",
        actor=actor,
        organisation_id=response.request.buyer_id,
        object_type="response",
        object_id=response.id,
        question=question_id,
        before={"met": before.met, "points": before.points} if before else None,
        after={"met": met, "points": points, "reason": reason},
    )
    return assess(response, actor)


def withdraw_overrides(actor: Any, response: Response, question_id: str) -> Assessment | None:
    """Withdraw the buyer's overrides of a question and score again; None if there were none."""
    rows = list(
        db.session.scalars(
            select(ScoreOverride).where(
                ScoreOverride.response_id == response.id,
                ScoreOverride.question_id == question_id,
                ScoreOverride.withdrawn_at.is_(None),
            )
        )
    )
    if not rows:
        return None
    now = utcnow()
    for row in rows:
        row.withdrawn_at = now
    db.session.flush()
    record(
        "response.override_withdrawn",
        actor=actor,
        organisation_id=response.request.buyer_id,
        object_type="response",
        object_id=response.id,
        question=question_id,
        before={"met": rows[-1].met, "points": rows[-1].points, "reason": rows[-1].reason},
        after=None,
    )
    return assess(response, actor)
