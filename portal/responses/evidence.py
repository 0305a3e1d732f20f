"""Evidence files: stored in the database with the answer that lists them, served safely."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portal.audit.services import record
from portal.db import db
from portal.responses.models import EvidenceFile, Response
from portal.responses.services import set_answer_value
from portal.responses.uploads import AcceptedFile

MAX_FILES_PER_QUESTION = 20


class TooManyFiles(ValueError):
    """The question already holds the most files it may."""


def files_of_question(response_id: int, qid: str) -> list[EvidenceFile]:
    return list(
        db.session.scalars(
            select(EvidenceFile)
            .where(EvidenceFile.response_id == response_id, EvidenceFile.question_id == qid)
            .order_by(EvidenceFile.id)
        )
    )


def _sync_answer(actor: Any, response: Response, qid: str) -> None:
    ids = [f.id for f in files_of_question(response.id, qid)]
    set_answer_value(actor, response, qid, ids or None)


def add_file(
    actor: Any, response: Response, qid: str, accepted: AcceptedFile, data: bytes
) -> EvidenceFile:
    if len(files_of_question(response.id, qid)) >= MAX_FILES_PER_QUESTION:
        raise TooManyFiles(MAX_FILES_PER_QUESTION)
    row = EvidenceFile(
        response_id=response.id,
        question_id=qid,
        filename=accepted.filename,
        content_type=accepted.content_type,
        size=accepted.size,
        sha256=accepted.sha256,
        data=data,
        uploaded_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    _sync_answer(actor, response, qid)
    record(
        "response.evidence_added",
        actor=actor,
        organisation_id=response.request.supplier_id,
        object_type="response",
        object_id=response.id,
        question=qid,
        after={"file": row.id, "filename": row.filename, "size": row.size, "sha256": row.sha256},
    )
    return row


def remove_file(actor: Any, response: Response, file: EvidenceFile) -> None:
    before = {"file": file.id, "filename": file.filename, "sha256": file.sha256}
    qid = file.question_id
    db.session.delete(file)
    db.session.flush()
    _sync_answer(actor, response, qid)
    record(
        "response.evidence_removed",
        actor=actor,
        organisation_id=response.request.supplier_id,
        object_type="response",
        object_id=response.id,
        question=qid,
        before=before,
        after=None,
    )


def file_of_response(response_id: int, file_id: int) -> EvidenceFile | None:
    return db.session.scalar(
        select(EvidenceFile).where(
            EvidenceFile.id == file_id, EvidenceFile.response_id == response_id
        )
    )
