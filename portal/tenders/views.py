"""Tender and contract pages: list and search, create, edit, suppliers, award; the category
list and country risk; the Open Contracting import."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from portal import permissions
from portal import permissions as rules
from portal.db import db, utcnow
from portal.organisations.models import Organisation, OrganisationKind
from portal.organisations.services import OrganisationError, create_organisation
from portal.review.services import Filters, dashboard, events_for
from portal.tenders import ocds_import, services
from portal.tenders.forms import (
    CONTRACT_STATUS_LABELS,
    RISK_LABELS,
    TENDER_STATUS_LABELS,
    AddSupplierForm,
    AwardForm,
    CategoryForm,
    ContractForm,
    CountryRiskForm,
    OcdsImportForm,
    TenderForm,
)
from portal.tenders.models import Contract, ContractStatus, RiskLevel, Tender, TenderStatus
from portal.tenders.risk import CountryRiskFileError, parse_country_risk

bp = Blueprint("tenders", __name__)


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {
        "tender_status_labels": TENDER_STATUS_LABELS,
        "contract_status_labels": CONTRACT_STATUS_LABELS,
        "risk_labels": RISK_LABELS,
    }


def _buyer() -> Organisation:
    """The signed-in buyer's organisation; 404 for everyone else."""
    permissions.require(rules.can_manage_tenders(current_user))
    return current_user.organisation


def _tender(tender_id: int) -> Tender:
    tender = db.session.get(Tender, tender_id)
    if tender is None:
        permissions.deny()
    permissions.require(rules.can_manage_tender(current_user, tender))
    return tender


def _contract(contract_id: int) -> Contract:
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        permissions.deny()
    permissions.require(rules.can_manage_tender(current_user, contract))
    return contract


def _tender_values(form: TenderForm) -> services.TenderFields:
    return services.TenderFields(
        reference=form.reference.data or "",
        title=form.title.data or "",
        description=form.description.data or "",
        category_key=form.category_key.data or None,
        country=form.country.data,
        value_amount=form.value_amount.data,
        currency=form.currency.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        status=TenderStatus(form.status.data),
    )


# Tenders --------------------------------------------------------------------------------------


def _search(statuses: type[TenderStatus] | type[ContractStatus]) -> tuple[str, str]:
    """The search words and the status asked for (blank when it is not one of `statuses`)."""
    status = request.args.get("status", "")
    return request.args.get("q", "").strip(), status if status in set(statuses) else ""


@bp.route("/tenders/")
@login_required
def index() -> str:
    buyer = _buyer()
    q, status = _search(TenderStatus)
    return render_template(
        "tenders/index.html",
        tenders=services.tenders_of(buyer.id, q=q, status=status or None),
        q=q,
        status=status,
    )


@bp.route("/tenders/new", methods=["GET", "POST"])
@login_required
def create() -> Response | tuple[str, int] | str:
    buyer = _buyer()
    form = TenderForm()
    form.set_categories(services.categories())
    if form.validate_on_submit():
        try:
            tender = services.create_tender(current_user, buyer, _tender_values(form))
        except services.TenderError as error:
            form.reference.errors = [str(error)]
        else:
            flash(
                _("The tender %(reference)s has been created.", reference=tender.reference), "info"
            )
            return redirect(url_for("tenders.show", tender_id=tender.id))
    status = 400 if form.is_submitted() else 200
    return render_template("tenders/form.html", form=form, tender=None), status


@bp.route("/tenders/<int:tender_id>")
@login_required
def show(tender_id: int) -> str:
    tender = _tender(tender_id)
    return _show(tender)


def _show(
    tender: Tender,
    supplier_form: AddSupplierForm | None = None,
    award_form: AwardForm | None = None,
) -> str:
    suppliers = services.tender_suppliers(tender)
    supplier_form = supplier_form or AddSupplierForm()
    involved = {s.id for s in suppliers}
    supplier_form.supplier_id.choices = [SelectChoice("", _("Choose a supplier"))] + [
        SelectChoice(str(o.id), o.name)
        for o in services.supplier_organisations()
        if o.id not in involved
    ]
    award_form = award_form or AwardForm()
    award_form.supplier_id.choices = [SelectChoice(o.id, o.name) for o in suppliers]
    return render_template(
        "tenders/show.html",
        tender=tender,
        suppliers=suppliers,
        contracts=services.contracts_of(tender.buyer_id, tender_id=tender.id),
        rows=dashboard(tender.buyer_id, Filters(tender_id=tender.id), utcnow().date()),
        supplier_form=supplier_form,
        award_form=award_form,
        events=events_for([("tender", tender.id)]),
    )


@bp.route("/tenders/<int:tender_id>/edit", methods=["GET", "POST"])
@login_required
def edit(tender_id: int) -> Response | tuple[str, int] | str:
    tender = _tender(tender_id)
    form = TenderForm(obj=tender)
    form.set_categories(services.categories())
    if request.method == "GET":
        form.status.data = tender.status.value
    if form.validate_on_submit():
        try:
            changed = services.update_tender(current_user, tender, _tender_values(form))
        except services.TenderError as error:
            form.reference.errors = [str(error)]
        else:
            if changed:
                flash(_("The tender has been saved."), "info")
            return redirect(url_for("tenders.show", tender_id=tender.id))
    status = 400 if form.is_submitted() else 200
    return render_template("tenders/form.html", form=form, tender=tender), status


@bp.route("/tenders/<int:tender_id>/suppliers", methods=["POST"])
@login_required
def add_supplier(tender_id: int) -> Response | tuple[str, int]:
    tender = _tender(tender_id)
    form = AddSupplierForm()
    if form.validate_on_submit():
        organisation = None
        if (form.new_name.data or "").strip():
            try:
                organisation = create_organisation(
                    current_user,
                    name=form.new_name.data or "",
                    kind=OrganisationKind.SUPPLIER,
                    category=None,
                    country=form.new_country.data,
                )
            except OrganisationError as error:
                form.new_name.errors = [str(error)]
        elif (form.supplier_id.data or "").isdigit():
            organisation = services.supplier(int(form.supplier_id.data or 0))
            if organisation is None:
                form.supplier_id.errors = [_("Choose a supplier from the list.")]
        else:
            form.supplier_id.errors = [_("Choose a supplier, or give a new supplier's name.")]
        if organisation is not None:
            services.add_supplier(current_user, tender, organisation)
            flash(_("%(name)s takes part in the tender.", name=organisation.name), "info")
            return redirect(url_for("tenders.show", tender_id=tender.id))
    return _show(tender, supplier_form=form), 400


@bp.route("/tenders/<int:tender_id>/suppliers/<int:supplier_id>/remove", methods=["POST"])
@login_required
def remove_supplier(tender_id: int, supplier_id: int) -> Response:
    tender = _tender(tender_id)
    organisation = services.supplier(supplier_id)
    if organisation is None or not services.remove_supplier(current_user, tender, organisation):
        permissions.deny()
    flash(_("%(name)s no longer takes part in the tender.", name=organisation.name), "info")
    return redirect(url_for("tenders.show", tender_id=tender.id))


@bp.route("/tenders/<int:tender_id>/award", methods=["POST"])
@login_required
def award(tender_id: int) -> Response | tuple[str, int]:
    tender = _tender(tender_id)
    form = AwardForm()
    form.supplier_id.choices = [
        SelectChoice(o.id, o.name) for o in services.tender_suppliers(tender)
    ]
    if form.validate_on_submit():
        organisation = services.supplier(form.supplier_id.data)
        try:
            if organisation is None:
                raise services.TenderError(_("Choose one of the tender's suppliers."))
            contract = services.award(
                current_user,
                tender,
                organisation,
                reference=form.reference.data or "",
                today=utcnow().date(),
                value_amount=form.value_amount.data,
                start_date=form.start_date.data,
                end_date=form.end_date.data,
                reassess_every_months=form.reassess_every_months.data,
            )
        except services.TenderError as error:
            form.reference.errors = [str(error)]
        else:
            flash(
                _("The contract %(reference)s has been created.", reference=contract.reference),
                "info",
            )
            return redirect(url_for("tenders.contract", contract_id=contract.id))
    return _show(tender, award_form=form), 400


# Contracts ------------------------------------------------------------------------------------


def _contract_form(form: ContractForm, buyer_id: int) -> None:
    form.set_categories(services.categories())
    form.supplier_id.choices = [
        SelectChoice(o.id, o.name) for o in services.supplier_organisations()
    ]
    form.tender_id.choices = [SelectChoice("", _("None"))] + [
        SelectChoice(str(t.id), f"{t.reference}: {t.title}") for t in services.tenders_of(buyer_id)
    ]


def _contract_values(form: ContractForm) -> services.ContractFields:
    tender_id = form.tender_id.data
    return services.ContractFields(
        reference=form.reference.data or "",
        title=form.title.data or "",
        supplier_id=form.supplier_id.data,
        tender_id=int(tender_id) if tender_id and str(tender_id).isdigit() else None,
        category_key=form.category_key.data or None,
        country=form.country.data,
        value_amount=form.value_amount.data,
        currency=form.currency.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        status=ContractStatus(form.status.data),
        reassess_every_months=form.reassess_every_months.data,
        next_assessment_due=form.next_assessment_due.data,
    )


@bp.route("/contracts/")
@login_required
def contracts() -> str:
    buyer = _buyer()
    q, status = _search(ContractStatus)
    return render_template(
        "tenders/contracts.html",
        contracts=services.contracts_of(buyer.id, q=q, status=status or None),
        q=q,
        status=status,
    )


@bp.route("/contracts/new", methods=["GET", "POST"])
@login_required
def create_contract() -> Response | tuple[str, int] | str:
    buyer = _buyer()
    form = ContractForm()
    _contract_form(form, buyer.id)
    if form.validate_on_submit():
        try:
            contract = services.create_contract(
                current_user, buyer, _contract_values(form), today=utcnow().date()
            )
        except services.TenderError as error:
            form.reference.errors = [str(error)]
        else:
            flash(
                _("The contract %(reference)s has been created.", reference=contract.reference),
                "info",
            )
            return redirect(url_for("tenders.contract", contract_id=contract.id))
    status = 400 if form.is_submitted() else 200
    return render_template("tenders/contract_form.html", form=form, contract=None), status


@bp.route("/contracts/<int:contract_id>")
@login_required
def contract(contract_id: int) -> str:
    contract = _contract(contract_id)
    tender = db.session.get(Tender, contract.tender_id) if contract.tender_id else None
    return render_template(
        "tenders/contract.html",
        contract=contract,
        tender=tender,
        rows=dashboard(contract.buyer_id, Filters(contract_id=contract.id), utcnow().date()),
        events=events_for([("contract", contract.id)]),
    )


@bp.route("/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@login_required
def edit_contract(contract_id: int) -> Response | tuple[str, int] | str:
    contract = _contract(contract_id)
    form = ContractForm(obj=contract)
    _contract_form(form, contract.buyer_id)
    if request.method == "GET":
        form.status.data = contract.status.value
        form.tender_id.data = str(contract.tender_id or "")
    if form.validate_on_submit():
        try:
            changed = services.update_contract(
                current_user, contract, _contract_values(form), today=utcnow().date()
            )
        except services.TenderError as error:
            form.reference.errors = [str(error)]
        else:
            if changed:
                flash(_("The contract has been saved."), "info")
            return redirect(url_for("tenders.contract", contract_id=contract.id))
    status = 400 if form.is_submitted() else 200
    return render_template("tenders/contract_form.html", form=form, contract=contract), status


# Risk settings --------------------------------------------------------------------------------


@bp.route("/tenders/categories", methods=["GET", "POST"])
@login_required
def categories() -> Response | tuple[str, int] | str:
    permissions.require(rules.can_view_risk_settings(current_user))
    manage = rules.can_manage_risk_settings(current_user)
    form = CategoryForm()
    if request.method == "POST":
        permissions.require(manage, visible=True)
        if form.validate_on_submit():
            category = services.save_category(
                current_user,
                key=form.key.data or "",
                name=form.name.data or "",
                risk=RiskLevel(form.risk.data),
            )
            flash(_("The category %(name)s has been saved.", name=category.name), "info")
            return redirect(url_for("tenders.categories"))
    return render_template(
        "tenders/categories.html",
        categories=services.categories(),
        form=form,
        manage=manage,
    ), (400 if form.errors else 200)


@bp.route("/tenders/country-risk", methods=["GET", "POST"])
@login_required
def country_risk() -> Response | tuple[str, int] | str:
    permissions.require(rules.can_view_risk_settings(current_user))
    manage = rules.can_manage_risk_settings(current_user)
    form = CountryRiskForm()
    problems: list[str] = []
    if request.method == "POST":
        permissions.require(manage, visible=True)
        if form.validate_on_submit():
            raw = form.file.data.read(1024 * 1024 + 1)
            try:
                if len(raw) > 1024 * 1024:
                    raise CountryRiskFileError([])
                rows = parse_country_risk(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                problems = [_("The file is not UTF-8 text.")]
            except CountryRiskFileError as error:
                problems = [str(p) for p in error.problems] or [_("The file is larger than 1 MB.")]
            else:
                created, updated = services.import_country_risk(current_user, rows)
                flash(
                    _(
                        "Country risk imported: %(created)d added, %(updated)d changed.",
                        created=created,
                        updated=updated,
                    ),
                    "info",
                )
                return redirect(url_for("tenders.country_risk"))
    return render_template(
        "tenders/country_risk.html",
        risks=services.country_risks(),
        form=form,
        manage=manage,
        problems=problems,
    ), (400 if form.errors or problems else 200)


# Open Contracting import ----------------------------------------------------------------------


@bp.route("/tenders/import", methods=["GET", "POST"])
@login_required
def import_ocds() -> Response | tuple[str, int] | str:
    buyer = _buyer()
    form = OcdsImportForm()
    result = None
    error = None
    if form.validate_on_submit():
        try:
            result = ocds_import.import_stream(
                current_user,
                buyer,
                form.file.data.stream,
                limit=ocds_import.size_limit(current_app.config),
                today=utcnow().date(),
            )
        except ocds_import.OcdsFileError as problem:
            error = str(problem)
    status = 400 if (form.errors or error) else 200
    return render_template(
        "tenders/import.html",
        form=form,
        result=result,
        error=error,
        limit=min(
            ocds_import.size_limit(current_app.config),
            current_app.config.get("MAX_CONTENT_LENGTH") or 0,
        )
        or None,
    ), status
