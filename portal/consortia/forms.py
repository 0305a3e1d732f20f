"""Forms of the consortium results pages: filters and choices read from the query string, and
members' notes on a supplier."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.consortia.models import NOTE_MAX_LENGTH

RATINGS = ("A", "B", "C", "D", "E", "F")


def _any(label: object = None) -> SelectChoice:
    return SelectChoice("", label or _l("Any"))


def _with_any(pairs: Sequence[tuple[str, str]], label: object = None) -> list[SelectChoice]:
    return [_any(label), *(SelectChoice(value, text) for value, text in pairs)]


class DirectoryFilters(Form):
    """GET filters of the supplier directory; unknown values are errors, not silent misses."""

    questionnaire = SelectField(_l("Questionnaire"), default="")
    category = SelectField(_l("Category"), default="")
    country = SelectField(_l("Country"), default="")
    tier = SelectField(_l("Tier attained"), default="")
    rating = SelectField(_l("Rating"), default="")
    red_flags = SelectField(
        _l("Red flags"),
        default="",
        choices=[
            _any(),
            SelectChoice("yes", _l("With red flags")),
            SelectChoice("no", _l("Without red flags")),
        ],
    )

    def offer(
        self,
        *,
        keys: Sequence[tuple[str, str]],
        categories: Sequence[tuple[str, str]],
        countries: Sequence[str],
        tiers: Sequence[str],
    ) -> None:
        self.questionnaire.choices = _with_any(keys)
        self.category.choices = _with_any(categories)
        self.country.choices = _with_any([(c, c) for c in countries])
        self.tier.choices = _with_any([(t, t) for t in tiers])
        self.rating.choices = _with_any([(r, r) for r in RATINGS])


class ChooseQuestionnaire(Form):
    """The questionnaire and category of a comparison or heatmap. Choices are the ones the
    member sees data for; the views check other values themselves (an unknown questionnaire
    or category is a 404, a known one without data an empty result)."""

    questionnaire = SelectField(_l("Questionnaire"), validate_choice=False)
    category = SelectField(_l("Category"), validate_choice=False)

    def offer(
        self,
        *,
        keys: Sequence[tuple[str, str]],
        categories: Sequence[tuple[str, str]],
        any_category: object = None,
    ) -> None:
        self.questionnaire.choices = [SelectChoice(k, t) for k, t in keys]
        self.category.choices = _with_any(categories, any_category)


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class NoteForm(FlaskForm):
    """A member's note on a supplier, for the other members: plain text."""

    body = TextAreaField(
        _l("Note for the other members"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Write the note before adding it.")),
            Length(
                max=NOTE_MAX_LENGTH,
                message=_l("A note can be at most %(max)d characters long."),
            ),
        ],
    )
    submit = SubmitField(_l("Add the note"))
