"""Forms for signing in, resetting a password, accepting an invitation and the account page."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from portal.auth.passwords import MAX_LENGTH, password_problem


class NewPassword:
    """Validator: the portal's password rules, with the reason in plain words."""

    def __init__(self, email_field: str | None = None) -> None:
        self.email_field = email_field

    def __call__(self, form: Any, field: Any) -> None:
        email = ""
        if self.email_field:
            email = getattr(form, self.email_field).data or ""
        elif getattr(form, "account_email", None):
            email = form.account_email
        problem = password_problem(field.data or "", email=email)
        if problem:
            raise ValidationError(problem)


class SignInForm(FlaskForm):
    # No email syntax check here: a malformed address gets the same answer as a wrong password.
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=MAX_LENGTH * 4)],
    )
    submit = SubmitField(_l("Sign in"))


class ResetRequestForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
    )
    submit = SubmitField(_l("Send the reset link"))


class NewPasswordForm(FlaskForm):
    account_email = ""
    password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Enter a new password.")), NewPassword()]
    )
    confirm = PasswordField(
        _l("Confirm the new password"),
        validators=[
            DataRequired(_l("Confirm the new password.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
    )
    submit = SubmitField(_l("Set the password"))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    submit = SubmitField(_l("Change the password"))


class AcceptInvitationForm(NewPasswordForm):
    name = StringField(
        _l("Your full name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)]
    )
    submit = SubmitField(_l("Create my account"))


class LanguageForm(FlaskForm):
    language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("en", "English"),
            SelectChoice("es", "Español"),
            SelectChoice("fr", "Français"),
        ],
    )
    submit = SubmitField(_l("Change"))


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Email(_l("Enter a valid email address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("member", _l("Member")), SelectChoice("admin", _l("Administrator"))],
    )
    submit = SubmitField(_l("Send the invitation"))
