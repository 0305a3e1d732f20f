"""Check your answers, submit, and acknowledge the recommendations."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from portal import permissions
from portal.questionnaires.definition import QuestionType
from portal.requests.models import Request
from portal.responses.forms import AcknowledgeForm
from portal.responses.inputs import display
from portal.responses.models import AcknowledgementDecision, Response, ResponseStatus
from portal.responses.services import ResponseLocked, ResponseState, is_editable, state_of
from portal.responses.submission import (
    NotReady,
    acknowledge,
    acknowledgement_progress,
    recommendations,
    submit,
)
from portal.responses.views.common import answering, bp, language, locked_page, today
from portal.responses.views.section_page import labels


def _summary(state: ResponseState, lang: str) -> list[dict[str, Any]]:
    """Sections with their shown questions and answers, as the check page lists them."""
    d = state.definition
    files_label = labels()
    sections = []
    for section in d.sections:
        rows = []
        for q in section.questions:
            if q.type is QuestionType.NOTE or q.id not in state.visible:
                continue
            value = state.values.get(q.id)
            if q.type is QuestionType.EVIDENCE:
                answer = ", ".join(f.filename for f in state.files.get(q.id, []))
            else:
                answer = display(q, value, lang, d.default_language, files_label)
            rows.append({"q": q, "text": d.text(q.text, lang), "answer": answer})
        sections.append({"section": section, "title": d.text(section.title, lang), "rows": rows})
    return sections


def _missing_links(req: Request, state: ResponseState, lang: str) -> list[tuple[str, str]]:
    d = state.definition
    links = []
    for item in state.missing:
        section = next(s for s in d.sections if s.id == item.section_id)
        title = d.text(section.title, lang)
        url = url_for(".section", request_id=req.id, section_id=section.id)
        if item.question_id is None:
            links.append((url, _("Check and save the prefilled answers in “%(section)s”.",
                                 section=title)))
        else:
            text = d.text(d.question(item.question_id).text, lang)
            links.append((f"{url}#question-{item.question_id}",
                          _("Answer “%(question)s” (%(section)s).", question=text, section=title)))
    return links


def _check_page(req: Request, response: Response, status: int = 200) -> tuple[str, int]:
    state = state_of(response)
    lang = language()
    return render_template(
        "responses/check.html",
        req=req,
        response=response,
        state=state,
        definition=state.definition,
        sections=_summary(state, lang),
        missing=_missing_links(req, state, lang),
        editable=is_editable(req, response),
        failed=status >= 400,
        lang=lang,
    ), status


@bp.route("/supplier/requests/<int:request_id>/check")
@login_required
def check(request_id: int) -> WerkzeugResponse | tuple[str, int]:
    req, response = answering(request_id)
    if response is None:
        return redirect(url_for(".overview", request_id=req.id))
    return _check_page(req, response)


@bp.route("/supplier/requests/<int:request_id>/submit", methods=["POST"])
@login_required
def submit_response(request_id: int) -> WerkzeugResponse | tuple[str, int]:
    req, response = answering(request_id)
    if response is None or not is_editable(req, response):
        return locked_page(req, response)
    try:
        submit(current_user, response, state_of(response), language=language())
    except NotReady:
        return _check_page(req, response, 400)
    except ResponseLocked:
        return locked_page(req, response)
    flash(_("Your answers have been submitted and scored. Read the recommendations and say "
            "what you will do about each."), "info")
    return redirect(url_for(".recommendations_page", request_id=req.id))


def _ack_forms(items: list[Any]) -> dict[str, AcknowledgeForm]:
    forms = {}
    for item in items:
        ack = item.acknowledgement
        form = AcknowledgeForm(
            formdata=None,
            prefix=f"ack-{item.question_id}",
            decision=ack.decision.value if ack else None,
            planned_action=ack.planned_action if ack else "",
            planned_date=ack.planned_date if ack else None,
            explanation=ack.explanation if ack else "",
        )
        forms[item.question_id] = form
    return forms


def _recommendations_page(
    req: Request, response: Response, forms: dict[str, AcknowledgeForm] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    lang = language()
    definition = state_of(response).definition
    items = recommendations(response, definition, lang)
    all_forms = _ack_forms(items)
    all_forms.update(forms or {})
    failed = [
        (f"{f.id}-0" if f.type == "RadioField" else f.id, error)
        for form in all_forms.values()
        for f in form
        for error in f.errors
    ]
    return render_template(
        "responses/recommendations.html",
        req=req,
        response=response,
        definition=definition,
        items=items,
        forms=all_forms,
        failed=failed,
        progress=acknowledgement_progress(items),
        lang=lang,
    ), status


@bp.route("/supplier/requests/<int:request_id>/recommendations")
@login_required
def recommendations_page(request_id: int) -> WerkzeugResponse | tuple[str, int]:
    req, response = answering(request_id)
    if response is None or response.status is not ResponseStatus.SUBMITTED:
        return redirect(url_for(".overview", request_id=req.id))
    return _recommendations_page(req, response)


@bp.route(
    "/supplier/requests/<int:request_id>/recommendations/<question_id>", methods=["POST"]
)
@login_required
def acknowledge_recommendation(
    request_id: int, question_id: str
) -> WerkzeugResponse | tuple[str, int]:
    req, response = answering(request_id)
    if response is None or response.status is not ResponseStatus.SUBMITTED:
        return locked_page(req, response)
    definition = state_of(response).definition
    items = recommendations(response, definition, language())
    if question_id not in {i.question_id for i in items}:
        permissions.deny()
    form = AcknowledgeForm(prefix=f"ack-{question_id}")
    form.today = today()
    if not form.validate():
        return _recommendations_page(req, response, {question_id: form}, 400)
    acknowledge(
        current_user,
        response,
        question_id,
        decision=AcknowledgementDecision(form.decision.data),
        planned_action=form.planned_action.data or "",
        planned_date=form.planned_date.data,
        explanation=form.explanation.data or "",
    )
    done, total = acknowledgement_progress(recommendations(response, definition, language()))
    if done == total:
        flash(_("Every recommendation has an answer: your assessment is complete."), "info")
    else:
        flash(_("Saved. %(done)s of %(total)s recommendations have an answer.",
                done=done, total=total), "info")
    return redirect(url_for(".recommendations_page", request_id=req.id)
                    + f"#recommendation-{question_id}")
