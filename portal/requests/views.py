"""Issuing questionnaires from a tender or a contract, and withdrawing a request."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from portal import permissions
from portal import permissions as rules
from portal.audit.services import record
from portal.auth.models import User
from portal.db import db, utcnow
from portal.organisations.models import Organisation, Role
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import active_versions, definition_of
from portal.requests import services
from portal.requests.forms import IssueForm
from portal.requests.models import Request
from portal.review.services import response_of
from portal.tenders.models import Contract, Tender
from portal.tenders.services import tender_suppliers

bp = Blueprint("requests", __name__, url_prefix="/requests")

DEFAULT_DAYS = 30


def default_contact(supplier: Organisation) -> str:
    """The supplier's first administrator's address, else its first person's, else none."""
    users = list(
        db.session.scalars(
            select(User)
            .where(User.organisation_id == supplier.id, User.disabled_at.is_(None))
            .order_by(User.role != Role.ADMIN, User.id)
        )
    )
    return users[0].email if users else ""


def _prepare(form: IssueForm, stage: str) -> list[QuestionnaireVersion]:
    versions = active_versions(stage)
    form.version_id.choices = [
        SelectChoice(str(v.id), f"{v.title} ({v.key} {v.version})") for v in versions
    ]
    tiers: list[str] = []
    for version in versions:
        tiers += [t for t in definition_of(version).standard.tiers if t not in tiers]
    form.required_tier.choices = [SelectChoice(t, t) for t in tiers]
    return versions


def _fill_suppliers(form: IssueForm, suppliers: list[Organisation], checked: bool) -> None:
    for supplier in suppliers:
        form.suppliers.append_entry(
            {
                "supplier_id": str(supplier.id),
                "include": checked,
                "email": default_contact(supplier),
            }
        )


def _chosen(form: IssueForm, allowed: dict[int, Organisation]) -> list[tuple[Organisation, str]]:
    chosen = []
    for row in form.suppliers:
        raw = row.form.supplier_id.data or ""
        if not raw.isdigit() or int(raw) not in allowed:
            permissions.deny()
        if row.form.include.data:
            chosen.append((allowed[int(raw)], (row.form.email.data or "").strip()))
    return chosen


def _version(form: IssueForm, versions: list[QuestionnaireVersion]) -> QuestionnaireVersion | None:
    return next((v for v in versions if str(v.id) == form.version_id.data), None)


@bp.route("/tender/<int:tender_id>/issue", methods=["GET", "POST"])
@login_required
def issue_for_tender(tender_id: int) -> Response | tuple[str, int] | str:
    tender = db.session.get(Tender, tender_id)
    if tender is None:
        permissions.deny()
    permissions.require(rules.can_manage_tender(current_user, tender))
    suppliers = tender_suppliers(tender)
    allowed = {s.id: s for s in suppliers}
    form = IssueForm()
    versions = _prepare(form, "tender")
    if request.method == "GET":
        form.due_date.data = utcnow().date() + timedelta(days=DEFAULT_DAYS)
        _fill_suppliers(form, suppliers, checked=len(suppliers) == 1)
    if form.validate_on_submit():
        chosen = _chosen(form, allowed)
        version = _version(form, versions)
        if version is None:
            form.version_id.errors = [_("Choose a questionnaire.")]
        elif not chosen:
            form.suppliers.errors = [_("Choose at least one supplier.")]
        else:
            buyer = db.session.get_one(Organisation, tender.buyer_id)
            try:
                for supplier, email in chosen:
                    services.issue(
                        current_user,
                        buyer=buyer,
                        supplier=supplier,
                        version=version,
                        stage="tender",
                        required_tier=form.required_tier.data or "",
                        due_date=form.due_date.data,
                        today=utcnow().date(),
                        tender=tender,
                        email=email or None,
                        message=form.message.data or "",
                    )
            except services.IssueRefused as error:
                form.version_id.errors = [str(error)]
            else:
                flash(
                    _(
                        "The questionnaire has been issued to %(count)d supplier(s).",
                        count=len(chosen),
                    ),
                    "info",
                )
                return redirect(url_for("tenders.show", tender_id=tender.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "requests/issue.html",
        form=form,
        tender=tender,
        contract=None,
        allowed=allowed,
        versions=versions,
    ), status


@bp.route("/contract/<int:contract_id>/issue", methods=["GET", "POST"])
@login_required
def issue_for_contract(contract_id: int) -> Response | tuple[str, int] | str:
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        permissions.deny()
    permissions.require(rules.can_manage_tender(current_user, contract))
    supplier = db.session.get_one(Organisation, contract.supplier_id)
    allowed = {supplier.id: supplier}
    form = IssueForm()
    versions = _prepare(form, "contract")
    if request.method == "GET":
        form.due_date.data = utcnow().date() + timedelta(days=DEFAULT_DAYS)
        _fill_suppliers(form, [supplier], checked=True)
    if form.validate_on_submit():
        chosen = _chosen(form, allowed)
        version = _version(form, versions)
        if version is None:
            form.version_id.errors = [_("Choose a questionnaire.")]
        elif not chosen:
            form.suppliers.errors = [_("Choose the supplier.")]
        else:
            try:
                issued, carried = services.issue_for_contract(
                    current_user,
                    contract,
                    version=version,
                    required_tier=form.required_tier.data or "",
                    due_date=form.due_date.data,
                    today=utcnow().date(),
                    email=chosen[0][1] or None,
                    message=form.message.data or "",
                )
            except services.IssueRefused as error:
                form.version_id.errors = [str(error)]
            else:
                if carried:
                    flash(
                        _(
                            "The questionnaire has been issued, with %(count)d answer(s) carried "
                            "over from the tender stage for the supplier to confirm.",
                            count=carried,
                        ),
                        "info",
                    )
                else:
                    flash(_("The questionnaire has been issued."), "info")
                return redirect(url_for("review.submission", request_id=issued.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "requests/issue.html",
        form=form,
        tender=None,
        contract=contract,
        allowed=allowed,
        versions=versions,
    ), status


@bp.route("/<int:request_id>/cancel", methods=["POST"])
@login_required
def cancel(request_id: int) -> Response:
    issued = db.session.get(Request, request_id)
    if issued is None:
        permissions.deny()
    permissions.require(rules.can_assess_submission(current_user, issued))
    response = response_of(issued)
    if issued.cancelled_at is not None:
        flash(_("The request was already withdrawn."), "info")
    elif response is not None and response.status.value == "submitted":
        flash(_("A submitted response cannot be withdrawn."), "error")
    else:
        issued.cancelled_at = utcnow()
        record(
            "request.cancelled",
            actor=current_user,
            organisation_id=issued.buyer_id,
            object_type="request",
            object_id=issued.id,
            before={"cancelled": False},
            after={"cancelled": True},
        )
        flash(_("The request has been withdrawn."), "info")
    return redirect(url_for("review.submission", request_id=issued.id))
