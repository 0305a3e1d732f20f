"""Typed, immutable models of a questionnaire definition: the source of truth of the file format.

The models check structure only (fields, types, patterns); rules that span several fields
(declared tiers, unique ids, translations, conditions) live in `validation.py`, so that every
broken rule is reported with its own place in the file. Answers are plain data, by type:
yes_no "yes"/"no", single_choice an option value, multi_choice a collection of option values,
number an int or float, text a str, date a `datetime.date` or ISO string, evidence any
non-empty file reference. `None`, "" and empty collections mean unanswered.
"""

from __future__ import annotations

import contextvars
import enum
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    Strict,
    StringConstraints,
    model_validator,
)

YES = "yes"
NO = "no"
DEFAULT_LANGUAGE = "en"
DEFAULT_TIERS = ("basic", "advanced")
DEFAULT_TEXT_MAX_LENGTH = 5000

IDENTIFIER_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
OPTION_VALUE_PATTERN = r"^[A-Za-z0-9_.-]+$"
KEY_PATTERN = r"^[a-z][a-z0-9-]*$"
VERSION_PATTERN = r"^\d+\.\d+(\.\d+)?$"
TIER_PATTERN = r"^[a-z][a-z0-9_]*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)]
OptionValue = Annotated[str, StringConstraints(pattern=OPTION_VALUE_PATTERN)]
TierName = Annotated[str, StringConstraints(pattern=TIER_PATTERN)]
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
NonEmptyText = Annotated[str, StringConstraints(min_length=1)]
# Numbers are strict: a quoted "10" or a `true` in a number field is an author's mistake.
Number = Annotated[float, Strict()]


class QuestionType(enum.StrEnum):
    """How a question is answered; `note` is display-only text."""

    YES_NO = "yes_no"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"
    EVIDENCE = "evidence"
    NOTE = "note"


CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE})


class Stage(enum.StrEnum):
    """Procurement stage a questionnaire serves: before or after award."""

    TENDER = "tender"
    CONTRACT = "contract"


class Severity(enum.StrEnum):
    """Severity of a gap when a requirement is not met, lowest first."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position in the scale (low 0 ... critical 3), for sorting gaps."""
        return list(Severity).index(self)


# The default language of the definition being validated, so that a plain string can become
# {default_language: text} wherever a localised text is expected, however deep it sits.
_default_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "questionnaire_default_language", default=DEFAULT_LANGUAGE
)


@contextmanager
def default_language_scope(language: str) -> Iterator[None]:
    """Validate parts of a definition outside `Definition` with this default language."""
    token = _default_language.set(language)
    try:
        yield
    finally:
        _default_language.reset(token)


def _coerce_localised(value: Any) -> Any:
    if isinstance(value, str):
        return {_default_language.get(): value}
    return value


Localised = Annotated[
    dict[LanguageCode, NonEmptyText],
    Field(min_length=1),
    BeforeValidator(_coerce_localised, json_schema_input_type=str | dict[str, str]),
]
"""Text by language code; a plain string in the file means the default language only."""


def localise(
    text: Mapping[str, str] | None, lang: str, default_lang: str = DEFAULT_LANGUAGE
) -> str:
    """Text in `lang`, else in the default language, else in any language; "" when absent."""
    if not text:
        return ""
    if lang in text:
        return text[lang]
    if default_lang in text:
        return text[default_lang]
    return next(iter(text.values()))


def is_answered(value: object) -> bool:
    """Whether an answer value counts as given (None, "" and empty collections do not)."""
    if value is None:
        return False
    if isinstance(value, str | list | tuple | set | frozenset | dict):
        return len(value) > 0
    return True


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
    )


class Option(_Model):
    """One choice of a single or multiple choice question."""

    value: OptionValue
    label: Localised
    points: Number | None = None


class Threshold(_Model):
    """A band of numbers scoring `points`: min inclusive, max exclusive, either open."""

    min: Number | None = None
    max: Number | None = None
    points: Number

    @model_validator(mode="after")
    def _ordered(self) -> Threshold:
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"the band's min ({self.min:g}) must be below its max ({self.max:g})")
        return self


class YesNoPoints(_Model):
    """Points of a yes/no answer."""

    yes: Number = 1
    no: Number = 0


class Scoring(_Model):
    """How a requirement's answer turns into points."""

    weight: Number = Field(default=1, ge=0)
    points: YesNoPoints | None = None
    thresholds: tuple[Threshold, ...] | None = Field(default=None, min_length=1)


class NumberRange(_Model):
    """Inclusive bounds of a number answer rule."""

    min: Number | None = None
    max: Number | None = None

    @model_validator(mode="after")
    def _bounded(self) -> NumberRange:
        if self.min is None and self.max is None:
            raise ValueError("a range needs a min, a max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"the range's min ({self.min:g}) is above its max ({self.max:g})")
        return self


ANSWER_RULE_KINDS = (
    "in",
    "includes_any",
    "includes_all",
    "includes_none",
    "range",
    "min_points",
    "answered",
)


class AnswerRule(_Model):
    """What counts as met (or as a red flag): exactly one of its fields is set."""

    in_: tuple[str, ...] | None = Field(default=None, alias="in", min_length=1)
    includes_any: tuple[str, ...] | None = Field(default=None, min_length=1)
    includes_all: tuple[str, ...] | None = Field(default=None, min_length=1)
    includes_none: tuple[str, ...] | None = Field(default=None, min_length=1)
    range: NumberRange | None = None
    min_points: Number | None = None
    answered: Literal[True] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> AnswerRule:
        kinds = self.kinds()
        if len(kinds) != 1:
            given = " and ".join(kinds) if kinds else "none"
            raise ValueError(
                f"an answer rule needs exactly one of {', '.join(ANSWER_RULE_KINDS)}; got {given}"
            )
        return self

    def kinds(self) -> list[str]:
        """Names (as written in the file) of the rule's set fields."""
        values = (self.in_, self.includes_any, self.includes_all, self.includes_none,
                  self.range, self.min_points, self.answered)
        return [k for k, v in zip(ANSWER_RULE_KINDS, values, strict=True) if v is not None]

    @property
    def kind(self) -> str:
        """The one kind of this rule, e.g. "in" or "range"."""
        return self.kinds()[0]

    def values(self) -> tuple[str, ...]:
        """The choice values the rule names (empty for range, min_points, answered)."""
        return self.in_ or self.includes_any or self.includes_all or self.includes_none or ()


class RedFlag(_Model):
    """A serious indicator raised when the answer matches `when`, whatever the score."""

    when: AnswerRule
    label: Localised


class Question(_Model):
    """One question; with a `tier` it is a requirement scored against that tier."""

    id: Identifier
    type: QuestionType
    text: Localised
    help: Localised | None = None
    required: bool = False
    show_if: str | None = None
    options: tuple[Option, ...] | None = None
    min: Number | None = None
    max: Number | None = None
    integer: bool = False
    unit: Localised | None = None
    max_length: Annotated[int, Strict()] | None = Field(default=None, ge=1)
    tier: TierName | None = None
    clauses: tuple[NonEmptyText, ...] = ()
    scoring: Scoring | None = None
    met: AnswerRule | None = None
    evidence_required: bool = False
    evidence_question: Identifier | None = None
    severity: Severity = Severity.MEDIUM
    recommendation: Localised | None = None
    red_flags: tuple[RedFlag, ...] = ()

    @property
    def is_requirement(self) -> bool:
        """Whether the question is scored against a tier."""
        return self.tier is not None

    @property
    def option_values(self) -> tuple[str, ...]:
        """Values of its options in order (yes/no for yes_no, empty for other types)."""
        if self.type is QuestionType.YES_NO:
            return (YES, NO)
        return tuple(o.value for o in self.options or ())

    def option(self, value: str) -> Option | None:
        """The option with this value, if any."""
        return next((o for o in self.options or () if o.value == value), None)

    @property
    def text_max_length(self) -> int:
        """Longest accepted text answer."""
        return self.max_length if self.max_length is not None else DEFAULT_TEXT_MAX_LENGTH

    @property
    def weight(self) -> float:
        """Multiplier of the question's points."""
        return self.scoring.weight if self.scoring else 1.0


class Section(_Model):
    """A titled group of questions, shown as one page."""

    id: Identifier
    title: Localised
    description: Localised | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class Standard(_Model):
    """The standard scored against and its tiers, lowest first; a tier includes those below."""

    key: NonEmptyText
    title: Localised
    tiers: tuple[TierName, ...] = Field(default=DEFAULT_TIERS, min_length=1)


class Definition(_Model):
    """One questionnaire version, as published."""

    key: Annotated[str, StringConstraints(pattern=KEY_PATTERN)]
    version: Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
    title: Localised
    description: Localised | None = None
    default_language: LanguageCode = DEFAULT_LANGUAGE
    languages: tuple[LanguageCode, ...] = Field(default=(DEFAULT_LANGUAGE,), min_length=1)
    stages: tuple[Stage, ...] = Field(min_length=1)
    standard: Standard
    sections: tuple[Section, ...] = Field(min_length=1)

    _questions: tuple[Question, ...] = PrivateAttr(default=())
    _by_id: dict[str, Question] = PrivateAttr(default_factory=dict)
    _section_of: dict[str, Section] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _with_default_language(
        cls, data: Any, handler: ModelWrapValidatorHandler[Definition]
    ) -> Definition:
        language = data.get("default_language") if isinstance(data, Mapping) else None
        with default_language_scope(language if isinstance(language, str) else DEFAULT_LANGUAGE):
            return handler(data)

    def model_post_init(self, context: Any, /) -> None:
        """Index questions once: the scoring engine looks them up on every answer."""
        self._questions = tuple(q for s in self.sections for q in s.questions)
        # setdefault keeps the first of duplicated ids; validation reports the duplicate
        for section in self.sections:
            for q in section.questions:
                self._by_id.setdefault(q.id, q)
                self._section_of.setdefault(q.id, section)

    def questions(self) -> tuple[Question, ...]:
        """Every question, in document order."""
        return self._questions

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError if there is none."""
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        """Whether a question has this id."""
        return question_id in self._by_id

    def section_of(self, question_id: str) -> Section:
        """The section holding the question; KeyError if there is none."""
        return self._section_of[question_id]

    def requirements(self) -> tuple[Question, ...]:
        """Questions scored against a tier, in document order."""
        return tuple(q for q in self._questions if q.tier is not None)

    def tier_rank(self, tier: str) -> int:
        """Position of a tier in the standard, lowest 0; ValueError if it is not declared."""
        try:
            return self.standard.tiers.index(tier)
        except ValueError:
            raise ValueError(f"tier {tier!r} is not declared in the standard") from None

    def text(self, text: Mapping[str, str] | None, lang: str) -> str:
        """A localised text of this definition in `lang`, falling back to its default."""
        return localise(text, lang, self.default_language)
