"""Answering a section: showing its form, saving it (conflicts, uploads), and timeouts."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.db import db, keep_changes_on_error
from portal.extensions import login_manager
from portal.questionnaires.definition import QuestionType, Section
from portal.requests.models import Request
from portal.responses import stash
from portal.responses.forms import (
    CHOICE_PREFIX,
    TOKEN_PREFIX,
    field_name,
    section_form_class,
)
from portal.responses.inputs import parse_token
from portal.responses.models import Response
from portal.responses.services import (
    CONFLICT,
    ResponseState,
    confirm_section,
    is_editable,
    save_section,
    section_of,
    state_of,
)
from portal.responses.views.common import answering, bp, language, locked_page
from portal.responses.views.evidence_input import remove_file, store_uploads
from portal.responses.views.section_page import conflict_of, render_section, show_stored


def _stash_and_sign_in(request_id: int, section_id: str) -> WerkzeugResponse:
    """A POST after the session ended: keep what was typed, then ask the user to sign in."""
    target = url_for(".section", request_id=request_id, section_id=section_id)
    token = None
    if db.session.get(Request, request_id) is not None:
        token = stash.stash(request_id, section_id[:100], request.form)
    if token:
        target = url_for(".section", request_id=request_id, section_id=section_id, restore=token)
        flash(
            _(
                "Your session had ended, so your answers were not saved yet. We have kept "
                "them: sign in again to check and save them."
            ),
            "info",
        )
    return redirect(url_for("auth.sign_in", next=target))


@bp.route("/supplier/requests/<int:request_id>/sections/<section_id>", methods=["GET", "POST"])
def section(request_id: int, section_id: str) -> WerkzeugResponse | tuple[str, int]:
    if not current_user.is_authenticated:
        if request.method == "POST":
            return _stash_and_sign_in(request_id, section_id)
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    req, response = answering(request_id)
    if response is None:
        return redirect(url_for(".overview", request_id=req.id))
    state = state_of(response)
    sec = section_of(state.definition, section_id)
    if sec is None:
        return render_template("errors/error.html", code=404, reason=None), 404
    form_class = section_form_class(state.definition, sec, language())
    if not is_editable(req, response):
        if request.method == "POST":
            return locked_page(req, response)
        return redirect(url_for(".check", request_id=req.id))  # the answers, read-only
    if request.method == "POST":
        return _save(req, response, state, sec, form_class)
    return _show(req, response, state, sec, form_class)


def _show(
    req: Request, response: Response, state: ResponseState, sec: Section, form_class: Any
) -> tuple[str, int]:
    restore = request.args.get("restore")
    if restore:
        row = stash.stashed(restore, req.id)
        if row is not None and row.section_id == sec.id:
            data = stash.as_formdata(row)
            form = form_class(formdata=data, meta={"csrf": True})
            tokens = {
                k.removeprefix(TOKEN_PREFIX): v
                for k, v in data.items()
                if k.startswith(TOKEN_PREFIX)
            }
            flash(
                _(
                    "These are the answers you typed before your session ended; they are not "
                    "saved yet. Check them and select “Save and continue”. Files you attached "
                    "then were not kept: attach them again."
                ),
                "info",
            )
            return render_section(
                req, response, state, sec, form, tokens=tokens, stash_token=restore
            )
    form = form_class(formdata=None)
    for q in sec.questions:
        name = field_name(q.id)
        if name in form and q.type is not QuestionType.EVIDENCE:
            show_stored(form[name], q, state.values.get(q.id))
    return render_section(req, response, state, sec, form)


def _save(
    req: Request, response: Response, state: ResponseState, sec: Section, form_class: Any
) -> WerkzeugResponse | tuple[str, int]:
    form = form_class()
    form.validate()
    definition = state.definition
    values: dict[str, Any] = {}
    posted_tokens: dict[str, Any] = {}
    extra_errors: list[tuple[str, str]] = []
    unresolved: list[str] = []
    for q in sec.questions:
        name = field_name(q.id)
        token_key = TOKEN_PREFIX + q.id
        if name not in form or q.type is QuestionType.EVIDENCE or token_key not in request.form:
            continue
        f = form[name]
        posted_tokens[q.id] = request.form.get(token_key)
        if f.errors:
            continue
        choice = request.form.get(CHOICE_PREFIX + q.id)
        if request.form.get("k_" + q.id) and choice not in ("mine", "theirs"):
            extra_errors.append((f"{CHOICE_PREFIX}{q.id}-mine", _("Choose which answer to keep.")))
            unresolved.append(q.id)
            continue
        if choice == "theirs":
            continue
        values[q.id] = getattr(f, "answer", None)
    result = save_section(
        current_user,
        response,
        definition,
        values,
        {qid: parse_token(t) for qid, t in posted_tokens.items()},
        state.values,
    )
    after = state_of(response)
    upload_errors = store_uploads(response, after, sec)
    action = request.form.get("action", "save")
    if action.startswith("remove:"):
        remove_file(response, action.partition(":")[2])
    after = state_of(response)
    stash_token = request.form.get("stash")
    conflicts = {
        qid: conflict_of(definition.question(qid), outcome.answer, definition, language())
        for qid, outcome in result.outcomes.items()
        if outcome.status == CONFLICT
    }
    for qid in unresolved:
        conflicts[qid] = conflict_of(definition.question(qid), after.rows.get(qid), definition,
                                   language())
    field_errors = any(form[field_name(q.id)].errors for q in sec.questions
                       if field_name(q.id) in form and q.type is not QuestionType.EVIDENCE)
    if result.ignored_hidden:
        flash(_("Answers to questions that do not apply were not saved."), "info")
    if conflicts or field_errors or extra_errors or upload_errors:
        keep_changes_on_error()  # the answers that were fine are saved all the same
        tokens = {}
        for q in sec.questions:
            name = field_name(q.id)
            if name not in form or q.type is QuestionType.EVIDENCE:
                continue
            if form[name].errors or q.id in unresolved:
                tokens[q.id] = posted_tokens.get(q.id) or ""
            elif q.id not in conflicts:
                show_stored(form[name], q, after.values.get(q.id))
        for name, message in upload_errors:
            form[name].errors = [*form[name].errors, message]
        return render_section(req, response, after, sec, form, tokens=tokens, conflicts=conflicts,
                       extra_errors=extra_errors, stash_token=stash_token,
                       status=409 if conflicts else 400)
    if stash_token:
        stash.drop(stash_token, req.id)
    return _after_save(req, response, state, after, sec, action)


def _after_save(
    req: Request,
    response: Response,
    before: ResponseState,
    after: ResponseState,
    sec: Section,
    action: str,
) -> WerkzeugResponse:
    here = url_for(".section", request_id=req.id, section_id=sec.id)
    if action.startswith("upload:"):
        qid = action.partition(":")[2]
        if len(after.files.get(qid, [])) > len(before.files.get(qid, [])):
            flash(_("The file has been uploaded."), "info")
        else:
            flash(_("No file was chosen, so nothing was uploaded. Your answers are saved."),
                  "info")
        return redirect(f"{here}#question-{qid}")
    if action.startswith("remove:"):
        flash(_("The file has been removed."), "info")
        return redirect(here)
    if action == "later":
        flash(_("Your answers are saved. You can come back to them at any time."), "info")
        return redirect(url_for(".overview", request_id=req.id))
    appeared = [
        q for q in sec.questions
        if q.id in after.visible and q.id not in before.visible and q.type is not QuestionType.NOTE
        and q.id not in after.values
    ]
    if appeared:
        flash(_("Your answers are saved. More questions now apply: answer them below."), "info")
        return redirect(f"{here}#question-{appeared[0].id}")
    confirm_section(current_user, response, sec.id)
    sections = after.definition.sections
    index = next(i for i, s in enumerate(sections) if s.id == sec.id)
    if index + 1 < len(sections):
        return redirect(url_for(".section", request_id=req.id, section_id=sections[index + 1].id))
    flash(_("Your answers are saved."), "info")
    return redirect(url_for(".overview", request_id=req.id))


