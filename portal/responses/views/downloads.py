"""Downloads: the questionnaire and the answers as PDF, and evidence files."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import permissions
from portal.questionnaires.services import definition_of
from portal.responses import document, evidence, pdf
from portal.responses.services import state_of
from portal.responses.uploads import content_disposition
from portal.responses.views.common import bp, language, load_request, load_response, require_read


def _pdf(data: bytes, filename: str) -> FlaskResponse:
    response = FlaskResponse(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/supplier/requests/<int:request_id>/questions.pdf")
@login_required
def questions_pdf(request_id: int) -> FlaskResponse:
    """Every question, to share the work out before starting."""
    req = load_request(request_id)
    permissions.require(permissions.can_view_request(current_user, req))
    definition = definition_of(req.questionnaire_version)
    lines = (
        _("From %(buyer)s to %(supplier)s", buyer=req.buyer.name, supplier=req.supplier.name),
        _("Due %(date)s", date=format_date(req.due_date, "long")),
    )
    doc = document.questions_document(definition, language(), pdf.words(), lines)
    key = req.questionnaire_version.key
    return _pdf(pdf.render(doc, pdf.words()), f"{key}-{req.questionnaire_version.version}.pdf")


@bp.route("/responses/<int:response_id>/answers.pdf")
@login_required
def answers_pdf(response_id: int) -> FlaskResponse:
    response = load_response(response_id)
    require_read(response)
    state = state_of(response)
    req = response.request
    lines = [_("Answers of %(supplier)s to %(buyer)s", supplier=req.supplier.name,
               buyer=req.buyer.name)]
    if response.submitted_at:
        lines.append(_("Submitted %(date)s", date=format_date(response.submitted_at, "long")))
    else:
        lines.append(_("Draft: not submitted yet"))
    files = {qid: [f.filename for f in rows] for qid, rows in state.files.items()}
    doc = document.answers_document(
        state.definition, language(), pdf.words(), state.values, state.visible, files, lines
    )
    return _pdf(pdf.render(doc, pdf.words()), f"answers-{req.supplier.name}-{response.id}.pdf")


@bp.route("/responses/<int:response_id>/evidence/<int:file_id>")
@login_required
def evidence_file(response_id: int, file_id: int) -> FlaskResponse:
    response = load_response(response_id)
    require_read(response)
    found = evidence.file_of_response(response.id, file_id)
    if found is None:
        permissions.deny()
    reply = FlaskResponse(found.data, mimetype=found.content_type)
    reply.headers["Content-Disposition"] = content_disposition(found.filename)
    reply.headers["X-Content-Type-Options"] = "nosniff"
    reply.headers["Cache-Control"] = "private, no-store"
    reply.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return reply
