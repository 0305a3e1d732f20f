"""Starting a response, perhaps prefilled from the organisation's earlier submission of the
same questionnaire ("tell us once"), with the carry-over rules of portal.questionnaires.carryover.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.assessments.services import answers_of
from portal.audit.services import record
from portal.db import db
from portal.questionnaires.carryover import carry_over
from portal.questionnaires.definition import QuestionType
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import definition_of
from portal.requests.models import Request
from portal.responses.models import Answer, EvidenceFile, Response, ResponseStatus
from portal.responses.services import ResponseLocked, response_for


def reusable_submission(request: Request) -> Response | None:
    """The organisation's latest submitted response to the same questionnaire (any version)."""
    key = request.questionnaire_version.key
    return db.session.scalar(
        select(Response)
        .join(Request, Response.request_id == Request.id)
        .join(QuestionnaireVersion, Request.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            Request.supplier_id == request.supplier_id,
            Request.id != request.id,
            QuestionnaireVersion.key == key,
            Response.status == ResponseStatus.SUBMITTED,
        )
        .order_by(Response.submitted_at.desc(), Response.id.desc())
        .limit(1)
    )


def start(actor: Any, request: Request, *, language: str, reuse: Response | None) -> Response:
    """The request's response, created now if needed, prefilled from `reuse` when given."""
    existing = response_for(request)
    if existing is not None:
        return existing
    if request.cancelled_at is not None:
        raise ResponseLocked(request.id)
    response = Response(
        request_id=request.id,
        language=language,
        started_by_id=actor.id,
        prefilled_from_id=reuse.id if reuse else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except IntegrityError:  # a colleague started it at the same moment
        found = response_for(request)
        assert found is not None
        return found
    carried: list[str] = []
    if reuse is not None:
        carried = prefill(actor, response, reuse)
    record(
        "response.started",
        actor=actor,
        organisation_id=request.supplier_id,
        object_type="response",
        object_id=response.id,
        after={"request": request.id, "prefilled_from": reuse.id if reuse else None,
               "prefilled_answers": len(carried)},
    )
    return response


def prefill(actor: Any, response: Response, reuse: Response) -> list[str]:
    """Copy into a new response the answers of `reuse` (an earlier submission) that carry over
    to its version, marked prefilled, with their evidence files; the ids of those answers."""
    old_def = definition_of(reuse.request.questionnaire_version)
    new_def = definition_of(response.request.questionnaire_version)
    carried = carry_over(old_def, new_def, answers_of(reuse.id))
    for qid, value in carried.kept.items():
        if new_def.question(qid).type is QuestionType.EVIDENCE:
            value = _copy_files(actor, reuse.id, response.id, qid) or None
            if value is None:
                continue
        db.session.add(
            Answer(
                response_id=response.id,
                question_id=qid,
                value=value,
                prefilled=True,
                updated_by_id=actor.id,
            )
        )
    db.session.flush()
    return list(carried.kept)


def _copy_files(actor: Any, from_id: int, to_id: int, qid: str) -> list[int]:
    ids = []
    for old in db.session.scalars(
        select(EvidenceFile).where(
            EvidenceFile.response_id == from_id, EvidenceFile.question_id == qid
        )
    ):
        copy = EvidenceFile(
            response_id=to_id,
            question_id=qid,
            filename=old.filename,
            content_type=old.content_type,
            size=old.size,
            sha256=old.sha256,
            data=old.data,
            uploaded_by_id=actor.id,
        )
        db.session.add(copy)
        db.session.flush()
        ids.append(copy.id)
    return ids
