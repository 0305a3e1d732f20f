"""Forms of the review pages: overriding an outcome, reopening a submission."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class OverrideForm(FlaskForm):
    question_id = SelectField(_l("Requirement"), choices=[], validate_choice=False)
    outcome = SelectField(
        _l("Outcome"),
        choices=[SelectChoice("met", _l("Met")), SelectChoice("not_met", _l("Not met"))],
    )
    points = DecimalField(
        _l("Points (optional)"), places=2, validators=[Optional(), NumberRange(min=0)]
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Give the reason for the override: it is shown with the score.")),
            Length(max=2000),
        ],
    )
    submit = SubmitField(_l("Override and score again"))


class WithdrawOverrideForm(FlaskForm):
    question_id = HiddenField(validators=[DataRequired()])


class ReopenForm(FlaskForm):
    message = TextAreaField(
        _l("Message to the supplier"),
        validators=[
            DataRequired(_l("Tell the supplier what to change.")),
            Length(max=5000),
        ],
    )
    submit = SubmitField(_l("Reopen for the supplier"))
