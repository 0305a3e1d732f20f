"""Reports: the PDF of an assessment and the buyer's spreadsheet exports."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal import permissions
from portal import permissions as rules
from portal.reports import assessment_pdf, exports, tables
from portal.review import services as review
from portal.review.labels import LABELS, tier_label
from portal.review.views import load_submission

bp = Blueprint("reports", __name__, url_prefix="/reports")

KINDS = ("requests", "assessments", "actions")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = current_app.response_class(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/requests/<int:request_id>.pdf")
@login_required
def assessment(request_id: int) -> Response:
    issued, response, manage = load_submission(request_id)
    row = review.current_assessment(response)
    if response is None or row is None:
        permissions.deny(visible=True)
    report = review.report_for(
        issued,
        response,
        row,
        viewer_org_id=current_user.organisation_id,
        language=str(get_locale() or "en"),
        yes_no=(_("Yes"), _("No")),
        with_actions=manage,
    )
    data = assessment_pdf.render(report, _, LABELS, tier_label)
    return _download(data, "application/pdf", f"assessment-{issued.id}.pdf")


@bp.route("/exports/<kind>.<fmt>")
@login_required
def export(kind: str, fmt: str) -> Response:
    permissions.require(rules.can_manage_tenders(current_user))
    if kind not in KINDS or fmt not in FORMATS:
        permissions.deny()
    buyer_id = current_user.organisation_id
    today = review.today()
    table = {
        "requests": lambda: tables.requests_table(buyer_id, today),
        "assessments": lambda: tables.assessments_table(buyer_id),
        "actions": lambda: tables.actions_table(buyer_id, today),
    }[kind]()
    if fmt == "csv":
        data = exports.to_csv(table.header, table.rows)
    else:
        data = exports.to_xlsx(table.title, table.header, table.rows)
    return _download(data, FORMATS[fmt], f"{kind}-{today.isoformat()}.{fmt}")
