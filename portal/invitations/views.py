"""The invitation link's landing page, registering from it, and entering a short code."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal import permissions
from portal.auth import services as auth_services
from portal.extensions import limiter
from portal.invitations import services
from portal.invitations.forms import CodeForm, RegisterForm
from portal.questionnaires.services import definition_of
from portal.requests.models import Request
from portal.requests.services import invitation_usable, request_by_code, request_by_token
from portal.responses.views.common import language

bp = Blueprint("invitations", __name__, url_prefix="/invitations")


def _unusable(kind: str, status: int, token: str | None = None) -> tuple[str, int]:
    return render_template("invitations/unusable.html", kind=kind, token=token), status


def _refusal_for_signed_in(found: Request) -> Response | tuple[str, int]:
    """A signed-in user follows a link: their organisation's request opens; others learn
    nothing about it."""
    if permissions.can_answer_request(current_user, found):
        if found.cancelled_at is not None:
            return _unusable("cancelled", 410)
        return redirect(url_for("responses.overview", request_id=found.id))
    return _unusable("refused", 403)


def _closed(found: Request, token: str) -> tuple[str, int] | None:
    if found.cancelled_at is not None:
        return _unusable("cancelled", 410)
    if not invitation_usable(found):
        return _unusable("expired", 410)
    if services.invitation_used(found):
        return _unusable("used", 410, token)
    return None


def _invitation(token: str) -> Request | Response | tuple[str, int]:
    """The request behind a link a signed-out visitor may use, or the page to show instead."""
    found = request_by_token(token)
    if found is None:
        return _unusable("unknown", 404)
    if current_user.is_authenticated:
        return _refusal_for_signed_in(found)
    return _closed(found, token) or found


@bp.route("/code", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"], scope="invitation-code")
@login_required
def enter_code() -> Response | tuple[str, int] | str:
    permissions.require(permissions.is_supplier_user(current_user), visible=True)
    form = CodeForm()
    if form.validate_on_submit():
        found = request_by_code(form.code.data or "")
        if found is None or not permissions.can_answer_request(current_user, found):
            form.code.errors = [_(
                "We found no questionnaire for your organisation with this code. Check the "
                "code in the invitation, or ask the buyer who sent it."
            )]
        elif found.cancelled_at is not None:
            form.code.errors = [_(
                "The buyer has withdrawn this request, so there is nothing to answer."
            )]
        elif not invitation_usable(found):
            form.code.errors = [_(
                "This code has expired. Ask the buyer who sent it for a new invitation."
            )]
        else:
            return redirect(url_for("responses.overview", request_id=found.id))
        return render_template("invitations/code.html", form=form), 400
    return render_template("invitations/code.html", form=form)


@bp.route("/<token>")
def landing(token: str) -> Response | tuple[str, int] | str:
    found = _invitation(token)
    if not isinstance(found, Request):
        return found
    definition = definition_of(found.questionnaire_version)
    return render_template(
        "invitations/landing.html",
        req=found,
        token=token,
        title=definition.text(definition.title, language()),
    )


@bp.route("/<token>/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], scope="invitation-register")
def register(token: str) -> Response | tuple[str, int] | str:
    found = _invitation(token)
    if not isinstance(found, Request):
        return found
    form = RegisterForm(email=found.invitation_email)
    if form.validate_on_submit():
        try:
            user = services.register(
                found,
                name=form.name.data or "",
                email=form.email.data or "",
                password=form.password.data or "",
                language=language(),
            )
        except services.InvitationUsed:
            return _unusable("used", 410, token)
        except services.AccountExists:
            form.email.errors = [_(
                "An account already uses this email address. Sign in with it instead."
            )]
        else:
            auth_services.start_session(user)
            flash(_("Welcome. Your account is ready, and you can start answering."), "info")
            return redirect(url_for("responses.overview", request_id=found.id))
        return render_template("invitations/register.html", form=form, req=found, token=token), 400
    status = 400 if form.is_submitted() else 200
    return render_template("invitations/register.html", form=form, req=found, token=token), status
