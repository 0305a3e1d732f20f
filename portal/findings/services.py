"""Recording independent findings about suppliers and reading those a buyer may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, or_, select

from portal.audit.services import record
from portal.auth.models import User
from portal.db import db
from portal.findings.models import Finding, FindingKind, FindingQuestion
from portal.organisations.models import ConsortiumMembership, Organisation
from portal.reports.data import FindingInput


class FindingError(ValueError):
    """The finding cannot be recorded as given; the message says why."""


@dataclass(frozen=True)
class ConcernedQuestion:
    questionnaire_key: str
    question_id: str
    contradicts: bool
    note: str = ""


def consortium_ids(organisation_id: int | None) -> set[int]:
    if organisation_id is None:
        return set()
    return set(
        db.session.scalars(
            select(ConsortiumMembership.consortium_id).where(
                ConsortiumMembership.organisation_id == organisation_id
            )
        )
    )


def record_finding(
    actor: Any,
    *,
    buyer: Organisation,
    supplier: Organisation,
    kind: FindingKind,
    found_on: dt.date,
    source: str,
    summary: str,
    questions: Iterable[ConcernedQuestion] = (),
    consortium_id: int | None = None,
    today: dt.date,
) -> Finding:
    if not supplier.is_supplier:
        raise FindingError("Findings are about supplier organisations.")
    if found_on > today:
        raise FindingError("The date of the finding is in the future.")
    if consortium_id is not None and consortium_id not in consortium_ids(buyer.id):
        raise FindingError("You can share a finding only with a consortium you belong to.")
    finding = Finding(
        buyer_id=buyer.id,
        supplier_id=supplier.id,
        kind=kind,
        found_on=found_on,
        source=source.strip(),
        summary=summary.strip(),
        consortium_id=consortium_id,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(finding)
    db.session.flush()
    concerned = {(q.questionnaire_key, q.question_id): q for q in questions}
    db.session.add_all(
        FindingQuestion(
            finding_id=finding.id,
            questionnaire_key=q.questionnaire_key,
            question_id=q.question_id,
            contradicts=q.contradicts,
            note=q.note.strip(),
        )
        for q in concerned.values()
    )
    db.session.flush()
    record(
        "finding.recorded",
        actor=actor,
        organisation_id=buyer.id,
        object_type="finding",
        object_id=finding.id,
        after={
            "supplier": supplier.name,
            "kind": kind.value,
            "found_on": found_on.isoformat(),
            "source": finding.source,
            "questions": [
                {
                    "questionnaire": q.questionnaire_key,
                    "question": q.question_id,
                    "contradicts": q.contradicts,
                }
                for q in concerned.values()
            ],
            "consortium_id": consortium_id,
        },
    )
    return finding


def _visible(viewer_org_id: int) -> Any:
    shared = consortium_ids(viewer_org_id)
    return or_(
        Finding.buyer_id == viewer_org_id,
        Finding.consortium_id.in_(shared) if shared else false(),
    )


def visible_findings(viewer_org_id: int, *, supplier_id: int | None = None) -> list[Finding]:
    stmt = select(Finding).where(_visible(viewer_org_id))
    if supplier_id is not None:
        stmt = stmt.where(Finding.supplier_id == supplier_id)
    return list(db.session.scalars(stmt.order_by(Finding.found_on.desc(), Finding.id.desc())))


def questions_of(finding_id: int) -> list[FindingQuestion]:
    return list(
        db.session.scalars(
            select(FindingQuestion)
            .where(FindingQuestion.finding_id == finding_id)
            .order_by(FindingQuestion.questionnaire_key, FindingQuestion.question_id)
        )
    )


def finding_inputs(
    viewer_org_id: int, supplier_id: int, questionnaire_key: str
) -> list[FindingInput]:
    """The findings about the supplier that the viewer may see, with the questions of this
    questionnaire they concern (findings about the supplier in general come with none)."""
    findings = visible_findings(viewer_org_id, supplier_id=supplier_id)
    if not findings:
        return []
    ids = [f.id for f in findings]
    concerned: dict[int, list[tuple[str, bool, str]]] = {}
    for row in db.session.scalars(
        select(FindingQuestion).where(
            FindingQuestion.finding_id.in_(ids),
            FindingQuestion.questionnaire_key == questionnaire_key,
        )
    ):
        concerned.setdefault(row.finding_id, []).append(
            (row.question_id, row.contradicts, row.note)
        )
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).where(
            Organisation.id.in_({f.buyer_id for f in findings})
        )
    )
    organisations = dict(rows.all())
    return [
        FindingInput(
            id=f.id,
            kind=f.kind.value,
            found_on=f.found_on,
            source=f.source,
            summary=f.summary,
            recorded_by=organisations.get(f.buyer_id, ""),
            questions=tuple(sorted(concerned.get(f.id, []))),
        )
        for f in findings
    ]


def author_name(finding: Finding) -> str:
    user = db.session.get(User, finding.created_by_id) if finding.created_by_id else None
    return user.name if user else ""
