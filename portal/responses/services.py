"""Answering a request: starting (perhaps prefilled), saving answers with revisions, progress.

Every save names the revision it started from; the stored revision moves only by a
compare-and-set update, so two tabs or two colleagues never overwrite each other silently.
Services add and flush; the request commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.audit.services import record
from portal.db import db, utcnow
from portal.questionnaires.conditions import visible_questions
from portal.questionnaires.definition import Definition, Question, Section
from portal.questionnaires.services import definition_of
from portal.requests.models import Request
from portal.responses.inputs import Token, value_hash
from portal.responses.models import (
    Answer,
    EvidenceFile,
    Response,
    SectionState,
)
from portal.responses.progress import SectionProgress, missing_for_submission, section_progress


class ResponseLocked(RuntimeError):
    """The response cannot change now (submitted, or the request was withdrawn)."""


def response_for(request: Request) -> Response | None:
    return db.session.scalar(select(Response).where(Response.request_id == request.id))


def is_editable(request: Request, response: Response | None) -> bool:
    return response is not None and response.is_editable and request.cancelled_at is None


def require_editable(request: Request, response: Response) -> None:
    if not is_editable(request, response):
        raise ResponseLocked(response.id)


# Reading ------------------------------------------------------------------------------------


@dataclass
class ResponseState:
    """A response as the pages need it: its definition, answers, visibility and progress."""

    definition: Definition
    rows: dict[str, Answer]
    values: dict[str, Any]
    visible: set[str]
    confirmed: set[str]
    progress: tuple[SectionProgress, ...]
    files: dict[str, list[EvidenceFile]] = field(default_factory=dict)

    def section_progress(self, section_id: str) -> SectionProgress:
        return next(p for p in self.progress if p.section_id == section_id)

    @property
    def missing(self) -> list[Any]:
        return missing_for_submission(self.progress)


def state_of(response: Response) -> ResponseState:
    definition = definition_of(response.request.questionnaire_version)
    rows = {
        a.question_id: a
        for a in db.session.scalars(select(Answer).where(Answer.response_id == response.id))
    }
    values = {qid: a.value for qid, a in rows.items() if a.value is not None}
    visible = visible_questions(definition, values)
    confirmed = set(
        db.session.scalars(
            select(SectionState.section_id).where(
                SectionState.response_id == response.id, SectionState.confirmed_at.is_not(None)
            )
        )
    )
    files: dict[str, list[EvidenceFile]] = {}
    for f in db.session.scalars(
        select(EvidenceFile)
        .where(EvidenceFile.response_id == response.id)
        .order_by(EvidenceFile.uploaded_at, EvidenceFile.id)
    ):
        files.setdefault(f.question_id, []).append(f)
    progress = section_progress(
        definition,
        values,
        visible,
        confirmed,
        confirmation_required=response.prefilled_from_id is not None,
    )
    return ResponseState(definition, rows, values, visible, confirmed, progress, files)


def section_of(definition: Definition, section_id: str) -> Section | None:
    return next((s for s in definition.sections if s.id == section_id), None)


# Saving -------------------------------------------------------------------------------------

SAVED, UNCHANGED, CONFLICT = "saved", "unchanged", "conflict"


@dataclass(frozen=True)
class SaveOutcome:
    """What a save did; `answer` is the stored answer afterwards (None if there is none)."""

    status: str
    answer: Answer | None


def _stored(response_id: int, qid: str) -> Answer | None:
    return db.session.scalar(
        select(Answer)
        .where(Answer.response_id == response_id, Answer.question_id == qid)
        .execution_options(populate_existing=True)
    )


def save_answer(
    actor: Any, response: Response, question: Question, value: Any, token: Token | None
) -> SaveOutcome:
    """Store one answer unless it is unchanged, or changed by someone since `token` was shown."""
    stored = _stored(response.id, question.id)
    before = stored.value if stored else None
    revision = stored.revision if stored else 0
    if value == before:
        return SaveOutcome(UNCHANGED, stored)
    if token is not None and token.value_hash == value_hash(value):
        return SaveOutcome(UNCHANGED, stored)  # shown as it was: the user changed nothing
    if token is None or token.revision != revision:
        return SaveOutcome(CONFLICT, stored)
    return _write(actor, response, question.id, stored, before, value)


def _write(
    actor: Any, response: Response, qid: str, stored: Answer | None, before: Any, value: Any
) -> SaveOutcome:
    now = utcnow()
    if stored is None:
        row = Answer(
            response_id=response.id, question_id=qid, value=value, revision=1,
            updated_by_id=actor.id, updated_at=now,
        )
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            return SaveOutcome(CONFLICT, _stored(response.id, qid))
        revision = 0
    else:
        revision = stored.revision
        changed = db.session.execute(
            update(Answer)
            .where(Answer.id == stored.id, Answer.revision == revision)
            .values(value=value, revision=revision + 1, prefilled=False,
                    updated_by_id=actor.id, updated_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if changed != 1:
            return SaveOutcome(CONFLICT, _stored(response.id, qid))
        row = _stored(response.id, qid)  # type: ignore[assignment]
    response.updated_at = now
    record(
        "response.answer_saved",
        actor=actor,
        organisation_id=response.request.supplier_id,
        object_type="response",
        object_id=response.id,
        question=qid,
        before={"value": before, "revision": revision},
        after={"value": value, "revision": revision + 1},
    )
    return SaveOutcome(SAVED, row)


def set_answer_value(actor: Any, response: Response, qid: str, value: Any) -> None:
    """Set an answer the portal itself maintains (the files of an evidence question)."""
    stored = _stored(response.id, qid)
    before = stored.value if stored else None
    if before != value:
        _write(actor, response, qid, stored, before, value)


@dataclass
class SectionSave:
    """The outcome of saving a section's answers, question by question."""

    outcomes: dict[str, SaveOutcome] = field(default_factory=dict)
    ignored_hidden: list[str] = field(default_factory=list)

    @property
    def conflicts(self) -> list[str]:
        return [qid for qid, o in self.outcomes.items() if o.status == CONFLICT]


def save_section(
    actor: Any,
    response: Response,
    definition: Definition,
    values: Mapping[str, Any],
    tokens: Mapping[str, Token | None],
    stored_values: Mapping[str, Any],
) -> SectionSave:
    """Save the given answers; those to questions hidden by the new answers are not saved."""
    merged = {**stored_values, **{k: v for k, v in values.items() if v is not None}}
    for qid, v in values.items():
        if v is None:
            merged.pop(qid, None)
    visible = visible_questions(definition, merged)
    result = SectionSave()
    for qid, value in values.items():
        if qid not in visible:
            if value != stored_values.get(qid):
                result.ignored_hidden.append(qid)
            continue
        result.outcomes[qid] = save_answer(
            actor, response, definition.question(qid), value, tokens.get(qid)
        )
    return result


def confirm_section(actor: Any, response: Response, section_id: str) -> None:
    state = db.session.get(SectionState, (response.id, section_id))
    if state is None:
        state = SectionState(response_id=response.id, section_id=section_id)
        db.session.add(state)
    if state.confirmed_at is None:
        state.confirmed_at = utcnow()
        state.confirmed_by_id = actor.id
        record(
            "response.section_confirmed",
            actor=actor,
            organisation_id=response.request.supplier_id,
            object_type="response",
            object_id=response.id,
            section=section_id,
            before={"confirmed": False},
            after={"confirmed": True},
        )
    db.session.flush()
