"""Scores behind comparisons, benchmarks and heatmaps, summed in SQL over QuestionOutcome rows.

Callers pass assessments chosen by `portal.consortia.queries` (so by its visibility rule);
each function is one statement, whatever the number of suppliers.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select

from portal.assessments.models import QuestionOutcome
from portal.consortia.queries import Latest, latest_assessments, latest_rows, select_latest
from portal.db import db
from portal.questionnaires.models import QuestionnaireVersion
from portal.responses.models import Answer


@dataclass(frozen=True)
class SectionSum:
    assessment_id: int
    section_id: str
    points: float
    max_points: float

    @property
    def percent(self) -> float | None:
        return 100.0 * self.points / self.max_points if self.max_points > 0 else None


def section_sums(assessment_ids: Select[Any] | Collection[int]) -> list[SectionSum]:
    """Points per section of each assessment, summed in SQL over applicable requirements."""
    ids = assessment_ids if isinstance(assessment_ids, Select) else list(assessment_ids)
    stmt = (
        select(
            QuestionOutcome.assessment_id,
            QuestionOutcome.section_id,
            func.sum(QuestionOutcome.points),
            func.sum(QuestionOutcome.max_points),
        )
        .where(QuestionOutcome.assessment_id.in_(ids), QuestionOutcome.applicable.is_(True))
        .group_by(QuestionOutcome.assessment_id, QuestionOutcome.section_id)
    )
    rows = db.session.execute(stmt)
    return [SectionSum(a, s, float(p or 0), float(m or 0)) for a, s, p, m in rows]


def population_sums(
    consortium_id: int, viewer_id: int, keys: Collection[str]
) -> tuple[list[Latest], list[SectionSum]]:
    """Every latest shared assessment for these questionnaires, with its section sums: the
    peers a benchmark ranks a supplier among (two statements)."""
    if not keys:
        return [], []
    latest = latest_assessments(consortium_id, viewer_id)
    chosen = latest.c.key.in_(list(keys))
    rows = latest_rows(select_latest(latest).where(chosen))
    return rows, section_sums(select(latest.c.assessment_id).where(chosen))


@dataclass(frozen=True)
class OutcomeRow:
    assessment_id: int
    question_id: str
    applicable: bool
    met: bool | None
    red_flag: bool


def outcomes(assessment_ids: Collection[int]) -> list[OutcomeRow]:
    if not assessment_ids:
        return []
    stmt = select(
        QuestionOutcome.assessment_id,
        QuestionOutcome.question_id,
        QuestionOutcome.applicable,
        QuestionOutcome.met,
        QuestionOutcome.red_flag,
    ).where(QuestionOutcome.assessment_id.in_(list(assessment_ids)))
    return [OutcomeRow(*row) for row in db.session.execute(stmt)]


def answers(response_ids: Collection[int]) -> dict[tuple[int, str], Any]:
    """(response id, question id) -> stored answer value."""
    if not response_ids:
        return {}
    stmt = select(Answer.response_id, Answer.question_id, Answer.value).where(
        Answer.response_id.in_(list(response_ids))
    )
    return {(r, q): v for r, q, v in db.session.execute(stmt)}


def versions(version_ids: Collection[int]) -> list[QuestionnaireVersion]:
    if not version_ids:
        return []
    stmt = select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(list(version_ids)))
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class HeatTally:
    section_id: str
    question_id: str
    applicable: int
    met: int


def heat_tallies(
    consortium_id: int, viewer_id: int, *, key: str, category: str | None
) -> tuple[int, list[HeatTally]]:
    """How many suppliers' latest shared assessments count, and per requirement how many of
    them it applied to and how many met it (two statements)."""
    latest = latest_assessments(consortium_id, viewer_id, key=key)
    chosen = select(latest.c.assessment_id)
    if category is not None:
        chosen = chosen.where(latest.c.category == category)
    suppliers = db.session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    stmt = (
        select(
            QuestionOutcome.section_id,
            QuestionOutcome.question_id,
            func.count(),
            func.sum(case((QuestionOutcome.met.is_(True), 1), else_=0)),
        )
        .where(
            QuestionOutcome.assessment_id.in_(chosen),
            QuestionOutcome.applicable.is_(True),
            QuestionOutcome.tier.is_not(None),
        )
        .group_by(QuestionOutcome.section_id, QuestionOutcome.question_id)
    )
    rows = db.session.execute(stmt)
    return suppliers, [HeatTally(s, q, int(n), int(m or 0)) for s, q, n, m in rows]


def versions_of(key: str) -> list[QuestionnaireVersion]:
    """Every published version of a questionnaire, newest first."""
    stmt = (
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.key == key)
        .order_by(QuestionnaireVersion.version_order.desc())
    )
    return list(db.session.scalars(stmt))
