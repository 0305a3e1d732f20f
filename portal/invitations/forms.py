"""Forms for entering an invitation code and registering from an invitation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from portal.auth.forms import NewPassword


class CodeForm(FlaskForm):
    code = StringField(
        _l("Invitation code"),
        validators=[DataRequired(_l("Enter the invitation code.")), Length(max=20)],
    )
    submit = SubmitField(_l("Continue"))


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Your full name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)]
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address, like name@example.com."),
                  check_deliverability=False),
            Length(max=254),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Choose a password.")), NewPassword(email_field="email")],
    )
    confirm = PasswordField(
        _l("Confirm the password"),
        validators=[
            DataRequired(_l("Confirm the password.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
    )
    submit = SubmitField(_l("Create my account"))
