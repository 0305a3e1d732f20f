"""Where a response stands: each section's status, and what still blocks submission (pure).

A section is *completed* when the supplier has saved it (or answered every question shown)
and no required question shown is unanswered; *in progress* once anything is answered;
*not started* otherwise. A response prefilled from an earlier submission needs every section
confirmed by a person before it can be submitted: reused answers are only as good as the
check someone gave them.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from portal.questionnaires.definition import Definition, Question, QuestionType, is_answered


class SectionStatus(enum.StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    COMPLETED = "completed"


@dataclass(frozen=True)
class SectionProgress:
    """One section's status, counts of shown questions, and its unanswered required ones."""

    section_id: str
    status: SectionStatus
    answered: int
    answerable: int
    missing: tuple[str, ...]
    needs_confirmation: bool


@dataclass(frozen=True)
class Missing:
    """Something that blocks submission: a required question, or a section to confirm."""

    section_id: str
    question_id: str | None
    reason: str  # "required" or "confirm"


def takes_answer(q: Question) -> bool:
    return q.type is not QuestionType.NOTE


def section_progress(
    definition: Definition,
    answers: Mapping[str, object],
    visible: Collection[str],
    confirmed: Collection[str],
    *,
    confirmation_required: bool,
) -> tuple[SectionProgress, ...]:
    """Every section's progress, in document order."""
    result = []
    for section in definition.sections:
        shown = [q for q in section.questions if q.id in visible and takes_answer(q)]
        answered = [q for q in shown if is_answered(answers.get(q.id))]
        missing = tuple(q.id for q in shown if q.required and not is_answered(answers.get(q.id)))
        is_confirmed = section.id in confirmed
        needs_confirmation = confirmation_required and not is_confirmed
        if needs_confirmation:
            status = SectionStatus.IN_PROGRESS if answered else SectionStatus.NOT_STARTED
        elif is_confirmed or (shown and len(answered) == len(shown)):
            status = SectionStatus.IN_PROGRESS if missing else SectionStatus.COMPLETED
        elif answered:
            status = SectionStatus.IN_PROGRESS
        else:
            status = SectionStatus.NOT_STARTED
        result.append(
            SectionProgress(
                section_id=section.id,
                status=status,
                answered=len(answered),
                answerable=len(shown),
                missing=missing,
                needs_confirmation=needs_confirmation,
            )
        )
    return tuple(result)


def missing_for_submission(progress: Collection[SectionProgress]) -> list[Missing]:
    """What must be done before the response can be submitted, in document order."""
    found: list[Missing] = []
    for p in progress:
        if p.needs_confirmation:
            found.append(Missing(p.section_id, None, "confirm"))
        found.extend(Missing(p.section_id, qid, "required") for qid in p.missing)
    return found


def completed_sections(progress: Collection[SectionProgress]) -> int:
    return sum(p.status is SectionStatus.COMPLETED for p in progress)
