"""Consortium pages: the list, a consortium's members, and managing membership.

The members' results pages (supplier directory, comparisons, heatmap, shared follow-up, notes)
live in directory_views, analysis_views and notes_views, on the same blueprint.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from portal import permissions
from portal.consortia import analysis_views as _analysis_views  # noqa: F401 - routes on bp
from portal.consortia import directory_views as _directory_views  # noqa: F401 - routes on bp
from portal.consortia import notes_views as _notes_views  # noqa: F401 - routes on bp
from portal.consortia.access import load as _load
from portal.consortia.blueprint import bp
from portal.db import db
from portal.organisations import queries, services
from portal.organisations.forms import AddMemberForm, ConsortiumForm
from portal.organisations.models import Consortium, ConsortiumMembership, Organisation

__all__ = ["bp"]


def _load_managed(consortium_id: int) -> tuple[Consortium, list[ConsortiumMembership]]:
    consortium, members = _load(consortium_id)
    permissions.require(permissions.can_view_consortium(current_user, consortium, members))
    permissions.require(
        permissions.can_manage_consortium(current_user, consortium, members), visible=True
    )
    return consortium, members


@bp.route("/", methods=["GET", "POST"])
@login_required
def index() -> Response | str:
    operator = permissions.is_operator(current_user)
    permissions.require(operator or permissions.is_buyer_user(current_user))
    form = ConsortiumForm()
    if operator and form.validate_on_submit():
        try:
            consortium = services.create_consortium(
                current_user, name=form.name.data or "", description=form.description.data or ""
            )
        except services.OrganisationError as error:
            form.name.errors = [str(error)]
        else:
            flash(
                _("%(name)s has been created. Add its members below.", name=consortium.name), "info"
            )
            return redirect(url_for("consortia.show", consortium_id=consortium.id))
    elif form.is_submitted() and not operator:
        permissions.deny(visible=True)
    consortia = (
        queries.all_consortia() if operator else queries.consortia_of(current_user.organisation_id)
    )
    return render_template(
        "consortia/index.html", consortia=consortia, form=form, operator=operator
    )


@bp.route("/<int:consortium_id>")
@login_required
def show(consortium_id: int) -> str:
    consortium, members = _load(consortium_id)
    permissions.require(permissions.can_view_consortium(current_user, consortium, members))
    manage = permissions.can_manage_consortium(current_user, consortium, members)
    form = AddMemberForm()
    form.organisation_id.choices = (
        [SelectChoice(o.id, o.name) for o in queries.buyers_outside(consortium.id)]
        if manage
        else []
    )
    return render_template(
        "consortia/show.html",
        consortium=consortium,
        members=members,
        manage=manage,
        form=form,
        results=permissions.can_read_consortium_results(current_user, consortium, members),
        can_leave=permissions.can_leave_consortium(current_user, consortium, members),
    )


@bp.route("/<int:consortium_id>/members", methods=["POST"])
@login_required
def add_member(consortium_id: int) -> Response:
    consortium, _members = _load_managed(consortium_id)
    form = AddMemberForm()
    form.organisation_id.choices = [
        SelectChoice(o.id, o.name) for o in queries.buyers_outside(consortium.id)
    ]
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data)
        assert organisation is not None  # the choices come from the database
        try:
            services.add_member(current_user, consortium, organisation, is_admin=form.is_admin.data)
        except services.OrganisationError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s has joined the consortium.", name=organisation.name), "info")
    else:
        flash(_("Choose a buyer organisation that is not yet a member."), "error")
    return redirect(url_for("consortia.show", consortium_id=consortium.id))


def _membership(members: list[ConsortiumMembership], organisation_id: int) -> ConsortiumMembership:
    membership = next((m for m in members if m.organisation_id == organisation_id), None)
    if membership is None:
        permissions.deny()
    return membership


@bp.route("/<int:consortium_id>/members/<int:organisation_id>/remove", methods=["POST"])
@login_required
def remove_member(consortium_id: int, organisation_id: int) -> Response:
    consortium, members = _load_managed(consortium_id)
    membership = _membership(members, organisation_id)
    name = membership.organisation.name
    try:
        services.remove_member(current_user, membership, sum(m.is_admin for m in members))
    except services.OrganisationError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s has left the consortium.", name=name), "info")
    return redirect(url_for("consortia.show", consortium_id=consortium.id))


@bp.route("/<int:consortium_id>/members/<int:organisation_id>/rights", methods=["POST"])
@login_required
def toggle_admin(consortium_id: int, organisation_id: int) -> Response:
    consortium, members = _load_managed(consortium_id)
    membership = _membership(members, organisation_id)
    if membership.is_admin and sum(m.is_admin for m in members) <= 1:
        flash(_("A consortium needs at least one managing member; appoint another first."), "error")
    else:
        services.set_member_admin(current_user, membership, not membership.is_admin)
        flash(
            _("The rights of %(name)s have been changed.", name=membership.organisation.name),
            "info",
        )
    return redirect(url_for("consortia.show", consortium_id=consortium.id))


@bp.route("/<int:consortium_id>/leave", methods=["GET", "POST"])
@login_required
def leave(consortium_id: int) -> Response | str:
    """An admin of a member organisation takes it out of the consortium, after confirming."""
    consortium, members = _load(consortium_id)
    permissions.require(permissions.can_view_consortium(current_user, consortium, members))
    permissions.require(
        permissions.can_leave_consortium(current_user, consortium, members), visible=True
    )
    membership = _membership(members, current_user.organisation_id)
    last = membership.is_admin and sum(m.is_admin for m in members) <= 1
    if request.method == "GET":
        return render_template(
            "consortia/leave.html", consortium=consortium, membership=membership, last=last
        )
    try:
        services.leave_consortium(current_user, membership, sum(m.is_admin for m in members))
    except services.LastManagingMember:
        flash(
            _(
                "Your organisation is the only one managing this consortium: give another "
                "member managing rights before you leave."
            ),
            "error",
        )
        return redirect(url_for("consortia.show", consortium_id=consortium.id))
    names = {"name": membership.organisation.name, "consortium": consortium.name}
    flash(_("%(name)s has left %(consortium)s.", **names), "info")
    return redirect(url_for("consortia.index"))
