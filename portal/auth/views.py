"""Sign in and out, password resets, invitations and the account page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.audit.services import record
from portal.auth import services
from portal.auth.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    LanguageForm,
    NewPasswordForm,
    ResetRequestForm,
    SignInForm,
)
from portal.db import keep_changes_on_error
from portal.extensions import limiter

bp = Blueprint("auth", __name__, url_prefix="/auth")
account_bp = Blueprint("account", __name__, url_prefix="/account")

GENERIC_FAILURE = "The email address or password is not right."


def _account_key() -> str:
    return "signin-account:" + services.normalise_email(request.form.get("email", ""))[:254]


def _signin_failed(_response: Response) -> bool:
    return bool(g.get("signin_failed"))


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, never a scheme-relative URL."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGNIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_signin_failed,
    scope="signin-address",
)
@limiter.limit(
    lambda: current_app.config["SIGNIN_LIMIT_PER_ACCOUNT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_signin_failed,
    scope="signin-account",
)
def sign_in() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user, reason = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            services.start_session(user)
            record(
                "auth.signed_in",
                actor=user,
                organisation_id=user.organisation_id,
                object_type="user",
                object_id=user.id,
            )
            return redirect(_safe_next(request.args.get("next")) or url_for("main.home"))
        g.signin_failed = True
        keep_changes_on_error()
        record(
            "auth.sign_in_failed",
            email=services.normalise_email(form.email.data or "")[:254],
            reason=reason,
        )
        flash(_(GENERIC_FAILURE), "error")
        return render_template("auth/sign_in.html", form=form), 401
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    if current_user.is_authenticated:
        record(
            "auth.signed_out",
            actor=current_user,
            organisation_id=current_user.organisation_id,
            object_type="user",
            object_id=current_user.id,
        )
        services.end_session(current_user)
        flash(_("You have signed out."), "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], scope="reset-address")
def reset_request() -> Response | str:
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data or "")
        flash(
            _(
                "If an account uses that address, we have sent it a link to reset the password. "
                "The link expires in %(minutes)s minutes.",
                minutes=current_app.config["RESET_LINK_MINUTES"],
            ),
            "info",
        )
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Response | tuple[str, int] | str:
    reset_ = services.usable_reset(token)
    if reset_ is None:
        return render_template("auth/link_unusable.html", kind="reset"), 410
    form = NewPasswordForm()
    form.account_email = reset_.user.email
    if form.validate_on_submit():
        services.complete_password_reset(reset_, form.password.data or "")
        flash(_("Your password has been changed. Sign in with the new password."), "info")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Response | tuple[str, int] | str:
    invitation = services.usable_invitation(token)
    if invitation is None:
        return render_template("auth/link_unusable.html", kind="invitation"), 410
    if services.user_by_email(invitation.email) is not None:
        return render_template("auth/link_unusable.html", kind="account_exists"), 409
    if current_user.is_authenticated:
        services.end_session(current_user)
    form = AcceptInvitationForm()
    form.account_email = invitation.email
    if form.validate_on_submit():
        user = services.accept_invitation(
            invitation, name=form.name.data or "", password=form.password.data or ""
        )
        services.start_session(user)
        flash(_("Welcome. Your account is ready."), "info")
        return redirect(url_for("main.home"))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


@account_bp.route("/", methods=["GET"])
@login_required
def account() -> str:
    return render_template(
        "auth/account.html",
        password_form=ChangePasswordForm(),
        language_form=LanguageForm(language=current_user.language),
    )


@account_bp.route("/password", methods=["POST"])
@login_required
def change_password() -> Response | tuple[str, int]:
    form = ChangePasswordForm()
    form.account_email = current_user.email
    if form.validate_on_submit():
        if services.hasher().verify(current_user.password_hash, form.current.data or ""):
            services.change_password(current_user, form.password.data or "")
            services.start_session(current_user)
            flash(
                _("Your password has been changed. Your other sessions have been signed out."),
                "info",
            )
            return redirect(url_for("account.account"))
        form.current.errors = [_("The current password is not right.")]
    return render_template(
        "auth/account.html",
        password_form=form,
        language_form=LanguageForm(language=current_user.language),
    ), 400


@account_bp.route("/language", methods=["POST"])
def change_language() -> Response:
    """Saved on the account when signed in, in the session otherwise."""
    form = LanguageForm()
    if form.validate_on_submit():
        language = form.language.data
        session["language"] = language
        if current_user.is_authenticated:
            current_user.language = language
    return redirect(_safe_next(request.form.get("next")) or url_for("main.home"))
