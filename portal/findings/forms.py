"""The form for recording a finding."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.review.labels import FINDING_KIND


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FindingForm(FlaskForm):
    supplier_id = SelectField(_l("Supplier"), choices=[], validate_choice=False)
    kind = SelectField(
        _l("Kind of evidence"), choices=[SelectChoice(k, v) for k, v in FINDING_KIND.items()]
    )
    found_on = DateField(
        _l("Date of the visit, report or testimony"),
        validators=[DataRequired(_l("Enter the date."))],
    )
    source = StringField(
        _l("Source"),
        validators=[DataRequired(_l("Say who found it or where it comes from.")), Length(max=300)],
    )
    summary = TextAreaField(
        _l("What was found"),
        validators=[DataRequired(_l("Summarise what was found.")), Length(max=20000)],
    )
    questions = CheckboxesField(_l("Questions it concerns"), choices=[], validate_choice=False)
    contradicts = RadioField(
        _l("What it says about those answers"),
        choices=[
            SelectChoice("yes", _l("It contradicts the supplier's answers")),
            SelectChoice("no", _l("It confirms the supplier's answers")),
        ],
        default="yes",
    )
    note = TextAreaField(
        _l("Note on those answers (optional)"), validators=[Optional(), Length(max=5000)]
    )
    consortium_id = SelectField(_l("Share with a consortium"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Record the finding"))
