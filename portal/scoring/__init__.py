"""Scoring of responses against tiered standards: assessments, gaps, red flags (pure)."""

from portal.scoring.compiled import CompiledDefinition, clear_cache, compile_definition
from portal.scoring.engine import ENGINE_VERSION, score
from portal.scoring.model import (
    Assessment,
    Gap,
    InputProblem,
    InvalidInput,
    Outcome,
    Override,
    QuestionResult,
    Rating,
    Reason,
    ReasonCode,
    Recommendation,
    RedFlagHit,
    SectionResult,
    TierResult,
)
from portal.scoring.serialise import assessment_from_json, assessment_to_dict, assessment_to_json
from portal.scoring.validate import AnswerError, check_answer, validate_answers

__all__ = [
    "ENGINE_VERSION",
    "AnswerError",
    "Assessment",
    "CompiledDefinition",
    "Gap",
    "InputProblem",
    "InvalidInput",
    "Outcome",
    "Override",
    "QuestionResult",
    "Rating",
    "Reason",
    "ReasonCode",
    "Recommendation",
    "RedFlagHit",
    "SectionResult",
    "TierResult",
    "assessment_from_json",
    "assessment_to_dict",
    "assessment_to_json",
    "check_answer",
    "clear_cache",
    "compile_definition",
    "score",
    "validate_answers",
]
