"""Forms for managing organisations, their users, and consortia."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from portal.auth.forms import InviteForm

__all__ = ["AddMemberForm", "ConsortiumForm", "InviteForm", "OrganisationForm", "RoleForm"]


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the organisation's name.")), Length(max=200)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice("buyer", _l("Buyer")), SelectChoice("supplier", _l("Supplier"))],
    )
    category = StringField(_l("Category (suppliers)"), validators=[Optional(), Length(max=120)])
    country = StringField(
        _l("Country (ISO code, e.g. GB)"),
        validators=[
            Optional(),
            Regexp(r"^[A-Za-z]{2}$", message=_l("Use a two-letter country code.")),
        ],
    )
    submit = SubmitField(_l("Create the organisation"))


class ConsortiumForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the consortium's name.")), Length(max=200)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Create the consortium"))


class AddMemberForm(FlaskForm):
    organisation_id = SelectField(_l("Buyer organisation"), coerce=int, choices=[])
    is_admin = BooleanField(_l("May manage the consortium"))
    submit = SubmitField(_l("Add to the consortium"))


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("member", _l("Member")), SelectChoice("admin", _l("Administrator"))],
    )
    submit = SubmitField(_l("Change the role"))
