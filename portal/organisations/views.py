"""Organisation pages: details, users, invitations, audit log; the operator's list and creation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal import permissions
from portal.audit.services import events_for_organisation
from portal.auth import services as auth_services
from portal.auth.models import User
from portal.db import db
from portal.organisations import queries, services
from portal.organisations.forms import InviteForm, OrganisationForm, RoleForm
from portal.organisations.models import Organisation, OrganisationKind, Role

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _load(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        permissions.deny()
    return organisation


@bp.route("/", methods=["GET", "POST"])
@login_required
def index() -> Response | str:
    permissions.require(permissions.is_operator(current_user))
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                current_user,
                name=form.name.data or "",
                kind=OrganisationKind(form.kind.data),
                category=form.category.data,
                country=form.country.data,
            )
        except services.OrganisationError as error:
            form.name.errors = [str(error)]
        else:
            flash(
                _(
                    "%(name)s has been created. Invite its first administrator below.",
                    name=organisation.name,
                ),
                "info",
            )
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template(
        "organisations/index.html", form=form, organisations=queries.all_organisations()
    )


@bp.route("/<int:organisation_id>")
@login_required
def show(organisation_id: int) -> str:
    organisation = _load(organisation_id)
    permissions.require(permissions.can_view_organisation(current_user, organisation))
    manage = permissions.can_manage_organisation(current_user, organisation)
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        users=queries.users_of(organisation.id),
        invitations=queries.open_invitations(organisation.id) if manage else [],
        consortia=queries.consortia_of(organisation.id),
        manage=manage,
        invite_form=InviteForm(),
        role_form=RoleForm(),
    )


@bp.route("/<int:organisation_id>/invitations", methods=["POST"])
@login_required
def invite(organisation_id: int) -> Response | tuple[str, int]:
    organisation = _load(organisation_id)
    permissions.require(permissions.can_view_organisation(current_user, organisation))
    permissions.require(
        permissions.can_manage_organisation(current_user, organisation), visible=True
    )
    form = InviteForm()
    if form.validate_on_submit():
        email = auth_services.normalise_email(form.email.data or "")
        if auth_services.user_by_email(email) is not None:
            form.email.errors = [_("This person already has an account.")]
        else:
            auth_services.invite(current_user, organisation, email, Role(form.role.data))
            flash(_("Invitation sent to %(email)s.", email=email), "info")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        users=queries.users_of(organisation.id),
        invitations=queries.open_invitations(organisation.id),
        consortia=queries.consortia_of(organisation.id),
        manage=True,
        invite_form=form,
        role_form=RoleForm(),
    ), 400


@bp.route("/<int:organisation_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(organisation_id: int, invitation_id: int) -> Response:
    organisation = _load(organisation_id)
    permissions.require(permissions.can_view_organisation(current_user, organisation))
    permissions.require(
        permissions.can_manage_organisation(current_user, organisation), visible=True
    )
    invitation = queries.invitation_in(organisation.id, invitation_id)
    if invitation is None:
        permissions.deny()
    if invitation.accepted_at is None and invitation.revoked_at is None:
        auth_services.revoke_invitation(current_user, invitation)
        flash(_("The invitation to %(email)s has been withdrawn.", email=invitation.email), "info")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


def _managed_user(organisation_id: int, user_id: int) -> tuple[Organisation, User]:
    organisation = _load(organisation_id)
    permissions.require(permissions.can_view_organisation(current_user, organisation))
    permissions.require(
        permissions.can_manage_organisation(current_user, organisation), visible=True
    )
    user = queries.user_in(organisation.id, user_id)
    if user is None:
        permissions.deny()
    return organisation, user


@bp.route("/<int:organisation_id>/users/<int:user_id>/disable", methods=["POST"])
@login_required
def disable_user(organisation_id: int, user_id: int) -> Response:
    organisation, user = _managed_user(organisation_id, user_id)
    if user.id == current_user.id:
        flash(_("You cannot disable your own account."), "error")
    else:
        auth_services.set_disabled(current_user, user, True)
        flash(_("The account has been disabled and its sessions ended."), "info")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@bp.route("/<int:organisation_id>/users/<int:user_id>/enable", methods=["POST"])
@login_required
def enable_user(organisation_id: int, user_id: int) -> Response:
    organisation, user = _managed_user(organisation_id, user_id)
    auth_services.set_disabled(current_user, user, False)
    flash(_("The account has been enabled."), "info")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@bp.route("/<int:organisation_id>/users/<int:user_id>/role", methods=["POST"])
@login_required
def change_role(organisation_id: int, user_id: int) -> Response:
    organisation, user = _managed_user(organisation_id, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose a role."), "error")
    elif user.id == current_user.id and form.role.data != "admin":
        flash(
            _("You cannot remove your own administrator role; ask another administrator."), "error"
        )
    else:
        auth_services.set_role(current_user, user, Role(form.role.data))
        flash(_("The role has been changed."), "info")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@bp.route("/<int:organisation_id>/audit")
@login_required
def audit(organisation_id: int) -> str:
    organisation = _load(organisation_id)
    permissions.require(permissions.can_view_organisation(current_user, organisation))
    permissions.require(
        permissions.can_manage_organisation(current_user, organisation), visible=True
    )
    return render_template(
        "organisations/audit.html",
        organisation=organisation,
        events=events_for_organisation(organisation.id),
    )
