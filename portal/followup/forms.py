"""Forms for follow-up actions: from gaps, editing, status, and the conversation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.review.labels import ACTION_STATUS, SEVERITY


class GapActionForm(FlaskForm):
    question_id = HiddenField(validators=[DataRequired()])
    owner_id = SelectField(_l("Owner"), choices=[], validate_choice=False)
    due_date = DateField(_l("Due date"), validators=[Optional()])
    submit = SubmitField(_l("Create an action"))


class BulkActionsForm(FlaskForm):
    min_severity = SelectField(
        _l("Every gap of severity"),
        choices=[SelectChoice(k, v) for k, v in SEVERITY.items()],
        default="high",
    )
    owner_id = SelectField(_l("Owner"), choices=[], validate_choice=False)
    due_date = DateField(_l("Due date"), validators=[Optional()])
    submit = SubmitField(_l("Create actions for these gaps"))


class EditActionForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=300)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=10000)])
    owner_id = SelectField(_l("Owner"), choices=[], validate_choice=False)
    due_date = DateField(_l("Due date"), validators=[Optional()])
    submit = SubmitField(_l("Save the action"))


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(k, v) for k, v in ACTION_STATUS.items()]
    )
    submit = SubmitField(_l("Change the status"))


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[Optional(), Length(max=10000)])
    file = FileField(_l("Attach a file (optional)"))
    submit = SubmitField(_l("Send"))


def owner_choices(users: list, *, blank: bool = True) -> list[SelectChoice]:
    first = [SelectChoice("", _l("Nobody yet"))] if blank else []
    return first + [SelectChoice(str(u.id), u.name) for u in users]
