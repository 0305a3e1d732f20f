"""The buyer's dashboard of requests and the page of one request with its scored submission:
overrides, reopening, actions from gaps, findings and the history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from portal import permissions
from portal import permissions as rules
from portal.assessments.services import OverrideRefused, override_outcome, withdraw_overrides
from portal.consortia.directory import paging
from portal.db import db
from portal.followup.forms import BulkActionsForm, GapActionForm, owner_choices
from portal.followup.services import buyer_users
from portal.organisations.queries import consortia_of
from portal.questionnaires.services import definition_of
from portal.requests.models import Request
from portal.review import services
from portal.review.forms import OverrideForm, ReopenForm, WithdrawOverrideForm
from portal.review.labels import LABELS, RATINGS, REQUEST_STATUS, SEVERITY, tier_label
from portal.tenders.services import contracts_of, tenders_of

bp = Blueprint("review", __name__, url_prefix="/buyer")

DEFAULT_ACTION_DAYS = 30


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {"labels": LABELS}


bp.add_app_template_filter(tier_label, "tier")


def _int(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


DASHBOARD_PER_PAGE = 50


@bp.route("/")
@login_required
def dashboard() -> str:
    permissions.require(rules.can_manage_tenders(current_user))
    buyer_id = current_user.organisation_id
    args = request.args
    filters = services.Filters(
        tender_id=_int("tender"),
        contract_id=_int("contract"),
        status=args.get("status") if args.get("status") in REQUEST_STATUS else None,
        tier=args.get("tier") or None,
        rating=args.get("rating") if args.get("rating") in RATINGS else None,
        severity=args.get("severity") if args.get("severity") in SEVERITY else None,
    )
    today = services.today()
    rows = services.dashboard(buyer_id, filters, today)
    filtered = filters != services.Filters()
    everything = services.dashboard(buyer_id, services.Filters(), today) if filtered else rows
    # The riskiest first, a page at a time: a buyer may have hundreds of requests.
    window = paging(len(rows), args.get("page", 1, type=int) or 1, DASHBOARD_PER_PAGE)
    return render_template(
        "review/dashboard.html",
        rows=rows[window.offset:window.offset + window.per_page],
        paging=window,
        args={k: v for k, v in args.items() if k != "page"},
        filters=filters,
        filtered=filtered,
        counts={
            "requests": len(everything),
            "submitted": sum(r.status == "submitted" for r in everything),
            "awaiting": sum(
                r.stage_of_submission == services.AWAITING_ACKNOWLEDGEMENTS for r in everything
            ),
            "overdue": sum(r.overdue for r in everything),
            "red_flags": sum(1 for r in everything if r.assessment and r.assessment.red_flags),
        },
        gaps=services.risk_ranked_gaps(buyer_id, limit=10),
        tenders=tenders_of(buyer_id),
        contracts=contracts_of(buyer_id),
        tiers=services.tiers_attained(buyer_id),
        ratings=RATINGS,
        consortia=consortia_of(buyer_id),
    )


def load_submission(request_id: int) -> tuple[Request, Any, bool]:
    """The request, its response, and whether the user may act on it (else only read a
    shared submission); 404 for anyone who may not see it."""
    issued = db.session.get(Request, request_id)
    if issued is None:
        permissions.deny()
    response = services.response_of(issued)
    submitted = response is not None and response.status.value == "submitted"
    shared = submitted and services.is_shared_with(response, current_user.organisation_id)
    permissions.require(
        rules.can_view_submission(current_user, issued, submitted=submitted, shared=shared)
    )
    return issued, response, rules.can_assess_submission(current_user, issued)


def _render(
    issued: Request,
    response: Any,
    manage: bool,
    *,
    override_form: OverrideForm | None = None,
    reopen_form: ReopenForm | None = None,
    bulk_form: BulkActionsForm | None = None,
) -> str:
    row = services.current_assessment(response)
    report = None
    language = str(get_locale() or "en")
    if row is not None:
        report = services.report_for(
            issued,
            response,
            row,
            viewer_org_id=current_user.organisation_id,
            language=language,
            yes_no=(_("Yes"), _("No")),
            with_actions=manage,
        )
    status, overdue = services.status_of(issued, response, services.today())
    pending = len(report.gaps) - report.acknowledged if report is not None else 0
    definition = definition_of(issued.questionnaire_version)
    override_form = override_form or OverrideForm()
    override_form.question_id.choices = [
        SelectChoice(q.id, f"{definition.text(q.text, language)[:90]} ({q.id})")
        for q in definition.requirements()
    ]
    users = buyer_users(issued.buyer_id) if manage else []
    bulk_form = bulk_form or BulkActionsForm()
    bulk_form.owner_id.choices = owner_choices(users)
    default_due = services.today() + timedelta(days=DEFAULT_ACTION_DAYS)
    if not bulk_form.is_submitted():
        bulk_form.owner_id.data = str(current_user.id)
        bulk_form.due_date.data = default_due
    gap_form = GapActionForm()
    gap_form.owner_id.choices = owner_choices(users)
    gap_form.owner_id.data = str(current_user.id)
    gap_form.due_date.data = default_due
    return render_template(
        "review/submission.html",
        issued=issued,
        response=response,
        procurement=services.procurement_of(issued),
        report=report,
        assessment=row,
        status=status,
        shown_status=services.submission_status(status, row, pending),
        overdue=overdue,
        manage=manage,
        override_form=override_form,
        withdraw_form=WithdrawOverrideForm(),
        reopen_form=reopen_form or ReopenForm(),
        bulk_form=bulk_form,
        gap_form=gap_form,
        events=services.events_for(
            services.request_objects(issued, response), leave_out=services.DRAFTING
        )
        if manage
        else [],
    )


@bp.route("/requests/<int:request_id>")
@login_required
def submission(request_id: int) -> str:
    issued, response, manage = load_submission(request_id)
    return _render(issued, response, manage)


def _assessable(request_id: int) -> tuple[Request, Any]:
    issued, response, manage = load_submission(request_id)
    permissions.require(manage, visible=True)
    return issued, response


@bp.route("/requests/<int:request_id>/overrides", methods=["POST"])
@login_required
def override(request_id: int) -> Response | tuple[str, int]:
    issued, response = _assessable(request_id)
    form = OverrideForm()
    form.question_id.choices = []
    if form.validate_on_submit():
        if response is None:
            form.question_id.errors = [_("Nothing has been submitted yet.")]
        else:
            points = form.points.data
            try:
                override_outcome(
                    current_user,
                    response,
                    form.question_id.data or "",
                    met=form.outcome.data == "met",
                    points=float(points) if points is not None else None,
                    reason=form.reason.data or "",
                )
            except OverrideRefused as error:
                form.question_id.errors = [str(error)]
            else:
                flash(_("The outcome has been overridden and the response scored again."), "info")
                return redirect(url_for("review.submission", request_id=issued.id) + "#assessment")
    return _render(issued, response, True, override_form=form), 400


@bp.route("/requests/<int:request_id>/overrides/withdraw", methods=["POST"])
@login_required
def withdraw_override(request_id: int) -> Response:
    issued, response = _assessable(request_id)
    form = WithdrawOverrideForm()
    if response is None or not form.validate_on_submit():
        permissions.deny(visible=True)
    if response.status.value != "submitted":
        flash(_("Only a submitted response's overrides can be withdrawn."), "error")
    elif withdraw_overrides(current_user, response, form.question_id.data or "") is not None:
        flash(_("The override has been withdrawn and the response scored again."), "info")
    return redirect(url_for("review.submission", request_id=issued.id) + "#assessment")


@bp.route("/requests/<int:request_id>/reopen", methods=["POST"])
@login_required
def reopen(request_id: int) -> Response | tuple[str, int]:
    issued, response = _assessable(request_id)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            if response is None:
                raise services.ReviewError(_("Nothing has been submitted yet."))
            services.reopen(current_user, issued, response, form.message.data or "")
        except services.ReviewError as error:
            form.message.errors = [str(error)]
        else:
            flash(_("The response has been reopened; the supplier has been told."), "info")
            return redirect(url_for("review.submission", request_id=issued.id))
    return _render(issued, response, True, reopen_form=form), 400
