"""Building the section page: one view of each question, its conflict, and the error summary."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_babel import format_decimal
from flask_babel import gettext as _
from wtforms import Field

from portal.auth.models import User
from portal.db import db
from portal.questionnaires.definition import Definition, Question, QuestionType, Section
from portal.requests.models import Request
from portal.responses.forms import (
    CHOICE_PREFIX,
    field_name,
)
from portal.responses.inputs import (
    Labels,
    answer_token,
    display,
    form_values,
)
from portal.responses.models import Answer, EvidenceFile, Response
from portal.responses.services import ResponseState
from portal.responses.uploads import ACCEPTED_EXTENSIONS
from portal.responses.views.common import language


def labels() -> Labels:
    return Labels(yes=_("Yes"), no=_("No"), files=_("{count} file(s)"))


@dataclass
class Conflict:
    theirs: str
    by: str
    at: Any


@dataclass
class QuestionView:
    """What the template needs to show one question."""

    q: Question
    field: Field | None
    text: str
    help: str
    unit: str
    token: str
    hidden: bool
    prefilled: bool
    anchor: str
    conflict: Conflict | None = None
    files: list[EvidenceFile] = dataclasses.field(default_factory=list)


def anchor_of(q: Question, f: Field | None) -> str:
    if f is None:
        return f"question-{q.id}"
    if q.type in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        return f"{f.id}-0"
    return f.id


def show_stored(f: Field, q: Question, value: Any) -> None:
    shown = form_values(q, value)
    f.data = shown if q.type is QuestionType.MULTI_CHOICE else (shown[0] if shown else None)


def conflict_of(q: Question, row: Answer | None, definition: Definition, lang: str) -> Conflict:
    by = db.session.get(User, row.updated_by_id) if row and row.updated_by_id else None
    value = row.value if row else None
    return Conflict(
        theirs=display(q, value, lang, definition.default_language, labels()) or _("(no answer)"),
        by=by.name if by else _("a colleague"),
        at=row.updated_at if row else None,
    )


def question_views(
    state: ResponseState,
    section: Section,
    form: Any,
    lang: str,
    tokens: dict[str, str],
    conflicts: dict[str, Conflict],
) -> list[QuestionView]:
    d = state.definition
    views = []
    for q in section.questions:
        f = form._fields.get(field_name(q.id))
        row = state.rows.get(q.id)
        views.append(
            QuestionView(
                q=q,
                field=f,
                text=d.text(q.text, lang),
                help=d.text(q.help, lang) if q.help else "",
                unit=d.text(q.unit, lang) if q.unit else "",
                token=tokens.get(q.id) or answer_token(row.revision if row else 0,
                                                       row.value if row else None),
                hidden=q.id not in state.visible,
                prefilled=bool(row and row.prefilled and row.value is not None),
                anchor=anchor_of(q, f),
                conflict=conflicts.get(q.id),
                files=state.files.get(q.id, []),
            )
        )
    return views


def render_section(
    req: Request,
    response: Response,
    state: ResponseState,
    section: Section,
    form: Any,
    *,
    tokens: dict[str, str] | None = None,
    conflicts: dict[str, Conflict] | None = None,
    extra_errors: list[tuple[str, str]] | None = None,
    stash_token: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    lang = language()
    views = question_views(state, section, form, lang, tokens or {}, conflicts or {})
    errors = list(extra_errors or [])
    for v in views:
        if v.field is not None:
            errors.extend((v.anchor, e) for e in v.field.errors)
        if v.conflict is not None:
            errors.append((f"{CHOICE_PREFIX}{v.q.id}-mine",
                           _("Someone else changed “%(question)s”: choose which answer to keep.",
                             question=v.text)))
    sections = state.definition.sections
    index = next(i for i, s in enumerate(sections) if s.id == section.id)
    return render_template(
        "responses/section.html",
        req=req,
        response=response,
        definition=state.definition,
        section=section,
        section_title=state.definition.text(section.title, lang),
        section_description=state.definition.text(section.description, lang),
        position=(index + 1, len(sections)),
        progress=state.section_progress(section.id),
        form=form,
        views=views,
        errors=errors,
        stash_token=stash_token,
        accepted=", ".join(ACCEPTED_EXTENSIONS),
        max_size=size_text(int(current_app.config["UPLOAD_MAX_BYTES"])),
        lang=lang,
    ), status


def size_text(size: int) -> str:
    """A byte count as people read it: "10 MB", "512 KB"."""
    if size >= 1024 * 1024:
        return _("%(n)s MB", n=format_decimal(round(size / (1024 * 1024), 1)))
    return _("%(n)s KB", n=format_decimal(max(1, round(size / 1024))))
