"""The supplier's home page, a request's overview (start, task list or result), and starting."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from portal import permissions
from portal.assessments.services import current
from portal.followup.services import is_overdue
from portal.questionnaires.services import definition_of, title_of
from portal.responses import queries
from portal.responses.forms import StartForm
from portal.responses.models import ResponseStatus
from portal.responses.progress import completed_sections
from portal.responses.services import (
    ResponseLocked,
    is_editable,
    state_of,
)
from portal.responses.sharing import readers
from portal.responses.starting import reusable_submission, start
from portal.responses.submission import acknowledgement_progress, recommendations
from portal.responses.views.common import answering, bp, language, locked_page, today


@bp.route("/supplier/")
@login_required
def home() -> str:
    permissions.require(permissions.is_supplier_user(current_user), visible=True)
    organisation = current_user.organisation
    rows = queries.requests_of_supplier(organisation.id, today())
    lang = language()
    return render_template(
        "responses/home.html",
        organisation=organisation,
        rows=rows,
        titles={r.request.id: title_of(r.request.questionnaire_version, lang) for r in rows},
        actions=queries.open_actions(organisation.id),
        is_overdue=is_overdue,
        today=today(),
    )


@bp.route("/supplier/requests/<int:request_id>")
@login_required
def overview(request_id: int) -> str:
    req, response = answering(request_id)
    definition = definition_of(req.questionnaire_version)
    lang = language()
    if response is None:
        earlier = reusable_submission(req)
        return render_template(
            "responses/start.html",
            req=req,
            definition=definition,
            lang=lang,
            earlier=earlier,
            form=StartForm(reuse="yes" if earlier else None),
        )
    state = state_of(response)
    context = {
        "req": req,
        "response": response,
        "definition": definition,
        "lang": lang,
        "state": state,
        "editable": is_editable(req, response),
        "completed": completed_sections(state.progress),
    }
    if response.status is ResponseStatus.SUBMITTED:
        items = recommendations(response, definition, lang)
        context.update(
            assessment=current(response.id),
            acknowledged=acknowledgement_progress(items),
            readers=readers(response),
        )
    return render_template("responses/overview.html", **context)


@bp.route("/supplier/requests/<int:request_id>/start", methods=["POST"])
@login_required
def start_response(request_id: int) -> WerkzeugResponse | tuple[str, int]:
    req, response = answering(request_id)
    if response is not None:
        return redirect(url_for(".overview", request_id=req.id))
    form = StartForm()
    form.validate()
    earlier = reusable_submission(req)
    reuse = earlier if earlier is not None and form.reuse.data == "yes" else None
    try:
        start(current_user, req, language=language(), reuse=reuse)
    except ResponseLocked:
        return locked_page(req, None)
    if reuse is not None:
        flash(
            _(
                "We filled in the answers from your earlier submission that still apply. "
                "Check each section and save it to confirm."
            ),
            "info",
        )
    return redirect(url_for(".overview", request_id=req.id))
