"""Plain data in and out of the scoring engine: overrides, reasons, results, the assessment.

Every result is a frozen dataclass with slots: cheap to build, safe to share between
assessments (the engine reuses one result object for every response giving the same answer),
and serialised canonically by `portal.scoring.serialise`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

from pydantic import ConfigDict

from portal.questionnaires.definition import Severity

# how `serialise.assessment_from_json` reads results back: an unknown field is an error
_READ_STRICTLY = ConfigDict(extra="forbid")


class ReasonCode(enum.StrEnum):
    """Why a question has its outcome; the parameters of the `Reason` say the details."""

    NOT_APPLICABLE = "not_applicable"
    NOT_A_REQUIREMENT = "not_a_requirement"
    UNANSWERED = "unanswered"
    MET = "met"
    NOT_MET = "not_met"
    EVIDENCE_MISSING = "evidence_missing"
    OVERRIDDEN = "overridden"


class Rating(enum.StrEnum):
    """Rating band from the share of required-tier requirements met (see `rating.py`)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason code with its parameters as (name, value) pairs, sorted by name."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    code: ReasonCode
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> str | None:
        """The value of one parameter, if the reason has it."""
        for key, value in self.params:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Override:
    """A buyer's decision on one requirement: met or not met, and/or points, with a reason.

    `points` are the question's points as the assessment shows them (weight applied), between
    0 and the question's maximum. Setting points leaves met alone and setting met leaves the
    points alone: a buyer who wants both says both, so nothing is inferred behind their back.
    """

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    question_id: str
    reason: str
    met: bool | None = None
    points: float | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """Met or not, points, and why: once as computed from the answers, once after overrides."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    met: bool | None
    points: float
    reason: Reason
    explanation: str


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """The scoring of one question; `met` is None when it is not an applicable requirement."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    question_id: str
    section_id: str
    tier: str | None
    applicable: bool
    answered: bool
    max_points: float
    outcome: Outcome
    original: Outcome
    override: Override | None = None

    @property
    def met(self) -> bool | None:
        """Final met status, after any override."""
        return self.outcome.met

    @property
    def points(self) -> float:
        """Final points, after any override."""
        return self.outcome.points

    @property
    def overridden(self) -> bool:
        """Whether a buyer's override changed or annotated this result."""
        return self.override is not None


@dataclass(frozen=True, slots=True)
class SectionResult:
    """Points and requirements of one section; `percent` is None when nothing can score."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    section_id: str
    points: float
    max_points: float
    percent: float | None
    requirements: int
    met: int


@dataclass(frozen=True, slots=True)
class TierResult:
    """Requirements at exactly this tier; `attained` covers this tier and every lower one."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    tier: str
    points: float
    max_points: float
    requirements: int
    met: int
    attained: bool


@dataclass(frozen=True, slots=True)
class Gap:
    """An applicable requirement at or below the required tier that is not met."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    question_id: str
    section_id: str
    tier: str
    severity: Severity
    clauses: tuple[str, ...]
    recommendation: str
    reason: Reason
    explanation: str


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What the supplier should do about one gap, in the assessment's language."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    question_id: str
    severity: Severity
    text: str


@dataclass(frozen=True, slots=True)
class RedFlagHit:
    """A red flag raised by an answer: the question, which of its flags, and its label."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    question_id: str
    index: int
    label: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The scoring of one response against one questionnaire version and a required tier.

    `requirements` and `requirements_met` count the applicable requirements at or below the
    required tier, from which `rating` is drawn; `tier_attained` is a tier name or
    "below <lowest tier>".
    """

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    engine_version: str
    questionnaire_key: str
    questionnaire_version: str
    version_hash: str
    language: str
    required_tier: str
    tier_attained: str
    rating: Rating
    requirements: int
    requirements_met: int
    points: float
    max_points: float
    percent: float | None
    questions: tuple[QuestionResult, ...]
    sections: tuple[SectionResult, ...]
    tiers: tuple[TierResult, ...]
    gaps: tuple[Gap, ...]
    recommendations: tuple[Recommendation, ...]
    red_flags: tuple[RedFlagHit, ...]
    unanswered_required: tuple[str, ...]

    def question(self, question_id: str) -> QuestionResult:
        """The result of one question; KeyError if the questionnaire has no such question."""
        for result in self.questions:
            if result.question_id == question_id:
                return result
        raise KeyError(question_id)


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One thing wrong with the input; the message names the question, also given apart."""

    __pydantic_config__: ClassVar[ConfigDict] = _READ_STRICTLY

    question_id: str | None
    message: str

    def __str__(self) -> str:
        return self.message


class InvalidInput(ValueError):
    """Raised by `score` when `validate_answers` finds problems; carries every one of them."""

    def __init__(self, problems: tuple[InputProblem, ...]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    @property
    def messages(self) -> tuple[str, ...]:
        """The problems as sentences, each naming its question."""
        return tuple(str(p) for p in self.problems)
