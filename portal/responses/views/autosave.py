"""Saving one answer at a time for the page's script: JSON in and out, same rules as the form."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.questionnaires.definition import QuestionType
from portal.responses.forms import single_answer
from portal.responses.inputs import (
    answer_token,
    form_values,
    parse_token,
)
from portal.responses.services import (
    CONFLICT,
    is_editable,
    save_answer,
    state_of,
)
from portal.responses.views.common import answering, bp, language
from portal.responses.views.section_page import conflict_of

MAX_AUTOSAVE_VALUES = 200
MAX_AUTOSAVE_CHARS = 100_000


@bp.route("/supplier/requests/<int:request_id>/autosave", methods=["POST"])
def autosave(request_id: int) -> tuple[WerkzeugResponse, int]:
    """Save one answer sent by the page's script; JSON in and out."""
    if not current_user.is_authenticated:
        return jsonify(
            status="signed_out",
            message=_("Your session has ended. What you typed is still on this page: select "
                      "“Save and continue”, sign in again, and it will be kept."),
        ), 401
    req, response = answering(request_id)
    if response is None or not is_editable(req, response):
        return jsonify(status="locked", message=_("This response can no longer be changed.")), 409
    payload = request.get_json(silent=True)
    qid = payload.get("question") if isinstance(payload, dict) else None
    raw = payload.get("values") if isinstance(payload, dict) else None
    if (
        not isinstance(qid, str)
        or not isinstance(raw, list)
        or len(raw) > MAX_AUTOSAVE_VALUES
        or not all(isinstance(v, str) for v in raw)
        or sum(len(v) for v in raw) > MAX_AUTOSAVE_CHARS
    ):
        return jsonify(status="invalid", message=_("The answer could not be read.")), 400
    state = state_of(response)
    definition = state.definition
    if not definition.has_question(qid) or definition.question(qid).type in (
        QuestionType.NOTE, QuestionType.EVIDENCE
    ):
        return jsonify(status="invalid", message=_("There is no such question.")), 404
    q = definition.question(qid)
    if qid not in state.visible:
        return jsonify(
            status="hidden",
            message=_("This question does not apply given your other answers, so it was not "
                      "saved."),
        ), 422
    value, error = single_answer(definition, q, raw, language())
    if error is not None:
        return jsonify(status="invalid", message=error), 422
    sent = payload.get("token") if isinstance(payload, dict) else None
    token = sent if isinstance(sent, str) else None
    outcome = save_answer(current_user, response, q, value, parse_token(token))
    if outcome.status == CONFLICT:
        row = outcome.answer
        conflict = conflict_of(q, row, definition, language())
        return jsonify(
            status="conflict",
            theirs=conflict.theirs,
            theirs_values=form_values(q, row.value if row else None),
            by=conflict.by,
            token=answer_token(row.revision if row else 0, row.value if row else None),
            message=_("%(name)s changed this answer while you were typing. Choose which answer "
                      "to keep.", name=conflict.by),
        ), 409
    after = state_of(response)
    row = outcome.answer
    return jsonify(
        status=outcome.status,
        token=answer_token(row.revision if row else 0, row.value if row else None),
        visible=sorted(after.visible),
        message=_("Saved"),
    ), 200
