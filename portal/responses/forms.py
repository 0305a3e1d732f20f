"""Forms of the supplier's journey; a section's form is built from the definition's questions."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    Field,
    MultipleFileField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.questionnaires.definition import Definition, Question, QuestionType, Section
from portal.responses.inputs import InputError, format_number, to_answer

FIELD_PREFIX = "q_"
TOKEN_PREFIX = "r_"  # noqa: S105 - a form field prefix, not a secret
CHOICE_PREFIX = "c_"


def field_name(question_id: str) -> str:
    return FIELD_PREFIX + question_id


def input_message(error: InputError) -> str:
    """The input problem in the user's language."""
    p = error.params
    if error.code == "choice":
        return _("Choose one of the options.")
    if error.code == "number":
        return _("Enter a number, like 12 or 12.5.")
    if error.code == "integer":
        return _("Enter a whole number, without decimals.")
    if error.code in ("below", "above"):
        low, high = p.get("min"), p.get("max")
        if low is not None and high is not None:
            return _(
                "Enter a number from %(min)s to %(max)s.",
                min=format_number(low),  # type: ignore[arg-type]
                max=format_number(high),  # type: ignore[arg-type]
            )
        if low is not None:
            return _("Enter a number of at least %(min)s.", min=format_number(low))  # type: ignore[arg-type]
        return _("Enter a number of at most %(max)s.", max=format_number(high))  # type: ignore[arg-type]
    if error.code == "too_long":
        return _(
            "Use at most %(limit)s characters: the answer has %(count)s.",
            limit=p.get("limit"),
            count=p.get("count"),
        )
    if error.code == "date":
        return _("Enter a real date, like 2024-01-31.")
    return _("This answer cannot be accepted.")


class AnswerCheck:
    """Validator: the input must be an acceptable answer; leaves it on `field.answer`."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: Any, field: Field) -> None:
        raw = [str(v) for v in (field.raw_data or []) if isinstance(v, str)]
        try:
            field.answer = to_answer(self.question, raw)  # type: ignore[attr-defined]
        except InputError as exc:
            raise ValidationError(input_message(exc)) from None


def _field_for(definition: Definition, q: Question, lang: str) -> Field | None:
    label = definition.text(q.text, lang)
    check = [AnswerCheck(q)]
    if q.type is QuestionType.YES_NO:
        choices = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]
        return RadioField(label, choices=choices, validate_choice=False, validators=check)
    if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        choices = [SelectChoice(o.value, definition.text(o.label, lang)) for o in q.options or ()]
        kind = RadioField if q.type is QuestionType.SINGLE_CHOICE else SelectMultipleField
        return kind(label, choices=choices, validate_choice=False, validators=check)
    if q.type is QuestionType.TEXT:
        return TextAreaField(label, validators=check)
    if q.type in (QuestionType.NUMBER, QuestionType.DATE):
        return StringField(label, validators=check)
    if q.type is QuestionType.EVIDENCE:
        return MultipleFileField(label)
    return None


def section_form_class(definition: Definition, section: Section, lang: str) -> type[FlaskForm]:
    attrs: dict[str, Any] = {}
    for q in section.questions:
        made = _field_for(definition, q, lang)
        if made is not None:
            attrs[field_name(q.id)] = made
    return type("SectionForm", (FlaskForm,), attrs)


def single_answer(
    definition: Definition, q: Question, values: list[str], lang: str
) -> tuple[Any, str | None]:
    """Check one answer sent on its own (autosave): (answer, None) or (None, message)."""
    section = definition.section_of(q.id)
    form_class = section_form_class(definition, section, lang)
    name = field_name(q.id)
    form = form_class(formdata=MultiDict([(name, v) for v in values]), meta={"csrf": False})
    field = form[name]
    if field.validate(form):
        return getattr(field, "answer", None), None
    return None, field.errors[0] if field.errors else _("This answer cannot be accepted.")


class StartForm(FlaskForm):
    reuse = RadioField(
        _l("Reuse your earlier answers?"),
        choices=[
            SelectChoice("yes", _l("Yes, fill in the answers that still apply")),
            SelectChoice("no", _l("No, start with empty answers")),
        ],
        validators=[Optional()],
        validate_choice=False,
    )
    submit = SubmitField(_l("Start answering"))


class AcknowledgeForm(FlaskForm):
    decision = RadioField(
        _l("Your response to this recommendation"),
        choices=[
            SelectChoice("accepted", _l("We accept it and plan an action")),
            SelectChoice("declined", _l("We decline it, and explain why")),
        ],
        validators=[DataRequired(_l("Choose whether you accept or decline the recommendation."))],
    )
    planned_action = TextAreaField(
        _l("What you will do"), validators=[Optional(), Length(max=4000)]
    )
    planned_date = DateField(
        _l("By when"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    explanation = TextAreaField(
        _l("Why you decline it"), validators=[Optional(), Length(max=4000)]
    )
    submit = SubmitField(_l("Save the response"))

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if self.decision.data == "accepted":
            if not (self.planned_action.data or "").strip():
                self.planned_action.errors = [_("Say what you will do.")]
                ok = False
            if self.planned_date.data is None and not self.planned_date.errors:
                self.planned_date.errors = [_("Enter the date by which you will do it.")]
                ok = False
            elif isinstance(self.planned_date.data, date) and self.planned_date.data < self.today:
                self.planned_date.errors = [_("Enter a date that is today or later.")]
                ok = False
        elif self.decision.data == "declined" and not (self.explanation.data or "").strip():
            self.explanation.errors = [_("Explain why you decline the recommendation.")]
            ok = False
        return ok

    today: date = date.min


class ShareForm(FlaskForm):
    audience = RadioField(
        _l("Who should be able to read it?"),
        choices=[
            SelectChoice("buyer_name", _l("A buyer organisation, by its name")),
            SelectChoice(
                "buyer_code", _l("A buyer organisation, by an invitation code it sent you")
            ),
            SelectChoice("consortium", _l("A consortium of buyers, by its name")),
        ],
        validators=[DataRequired(_l("Choose who should be able to read it."))],
    )
    value = StringField(
        _l("Name or invitation code"),
        validators=[DataRequired(_l("Enter a name or an invitation code.")), Length(max=200)],
    )
    submit = SubmitField(_l("Share"))
