"""Forms for issuing questionnaires to suppliers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional


class SupplierRow(Form):
    """One supplier the questionnaire may go to, and the address its invitation goes to."""

    supplier_id = HiddenField()
    include = BooleanField(_l("Send to this supplier"))
    email = StringField(
        _l("Contact email address"),
        validators=[
            Optional(),
            Email(_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
    )


class IssueForm(FlaskForm):
    version_id = SelectField(_l("Questionnaire"), choices=[], validate_choice=False)
    required_tier = SelectField(_l("Required tier"), choices=[], validate_choice=False)
    due_date = DateField(
        _l("Due date"), validators=[DataRequired(_l("Enter the date the answers are due."))]
    )
    message = TextAreaField(
        _l("Message to the suppliers (optional)"), validators=[Optional(), Length(max=2000)]
    )
    suppliers = FieldList(FormField(SupplierRow), min_entries=0)
    submit = SubmitField(_l("Issue the questionnaire"))
