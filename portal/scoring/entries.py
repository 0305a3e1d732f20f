"""Prebuilt per-answer results: what one question contributes to an assessment for one answer.

An `Entry` is computed once per (question, canonical answer, file attached, language) and then
shared by every response that gives that answer, which is what makes scoring a lookup. Entries
are never mutated after they are built; overrides build fresh ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from portal.questionnaires.definition import Question, QuestionType
from portal.scoring.explain import explain, fmt_number, make_reason
from portal.scoring.model import (
    Gap,
    Outcome,
    Override,
    QuestionResult,
    Reason,
    ReasonCode,
    Recommendation,
    RedFlagHit,
)
from portal.scoring.packing import Packing
from portal.scoring.rules import MAX_POINTS, answer_param, raw_points, rule_holds

Localiser = Callable[[Mapping[str, str] | None], str]
Picker = Callable[[Sequence[Any]], tuple[Any, ...]]


def picker(indices: Sequence[int]) -> Picker:
    """A function picking these positions of a sequence, as a tuple (C speed, any length)."""
    # itemgetter returns a bare item, not a 1-tuple, for a single index
    if len(indices) == 1:
        only = indices[0]
        return lambda values: (values[only],)
    if not indices:
        return lambda values: ()
    picked: Picker = itemgetter(*indices)
    return picked


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """What scoring needs to know of one answerable question, fixed per definition version."""

    question: Question
    index: int
    section: int
    section_id: str
    tier: int  # rank of its tier, -1 when the question is not a requirement
    tier_name: str | None
    weight: float
    max_points: float
    evidence_id: str | None  # question whose file the requirement needs, if any
    condition_text: str  # its show_if, "" when always shown
    rule_params: tuple[tuple[str, str], ...]
    order: tuple[int, int]  # gaps sort by severity, highest first, then document order
    points_when_met: bool
    packing: Packing

    @property
    def id(self) -> str:
        """The question id."""
        return self.question.id


class Entry(NamedTuple):
    """One question's part of an assessment: only what assembling one reads.

    A tuple, so that the engine turns a response's entries into columns with one `zip`.
    `section_share` and `tier_share` are its shares of its section's and of the tiers' totals
    (see `packing.py`); None when its points are off the definition's grid. `gap` and
    `recommendation` are set when the requirement is not met; `unanswered_id` is the question
    id when the question is required, shown and unanswered.
    """

    result: QuestionResult
    section_share: int | None
    tier_share: int | None
    gap: Gap | None
    recommendation: Recommendation | None
    flags: tuple[RedFlagHit, ...]
    unanswered_id: str | None


def make_entry(
    spec: QuestionSpec,
    result: QuestionResult,
    *,
    gap: Gap | None = None,
    recommendation: Recommendation | None = None,
    flags: tuple[RedFlagHit, ...] = (),
    unanswered_required: bool = False,
) -> Entry:
    """The entry of a question with this result."""
    outcome = result.outcome
    shares = spec.packing.pack(result.applicable, outcome.points, outcome.met)
    section_share, tier_share = (None, None) if shares is None else shares
    return Entry(
        result,
        section_share,
        tier_share,
        gap,
        recommendation,
        flags,
        spec.id if unanswered_required else None,
    )


def _points(raw: float, weight: float) -> float:
    # + 0.0 turns -0.0 into 0.0, so equal points always print the same
    return float(raw * weight) + 0.0


def _gap(spec: QuestionSpec, reason: Reason, localise: Localiser) -> tuple[Gap, Recommendation]:
    q = spec.question
    text = localise(q.recommendation)
    gap = Gap(
        question_id=q.id,
        section_id=spec.section_id,
        tier=spec.tier_name or "",
        severity=q.severity,
        clauses=q.clauses,
        recommendation=text,
        reason=reason,
        explanation=explain(reason),
    )
    return gap, Recommendation(q.id, q.severity, text)


def _outcome(met: bool | None, points: float, reason: Reason) -> Outcome:
    return Outcome(met, points, reason, explain(reason))


def build_entry(spec: QuestionSpec, value: object, has_file: bool, localise: Localiser) -> Entry:
    """The entry of a shown question for a canonical answer (None: unanswered).

    `has_file` says whether the file the question depends on is attached; for an evidence
    question that file is its answer.
    """
    q = spec.question
    if q.type is QuestionType.EVIDENCE:
        value = True if has_file else None
    answered = value is not None
    raw = raw_points(q, value) if answered else 0.0
    flags = tuple(
        RedFlagHit(q.id, i, localise(flag.label))
        for i, flag in enumerate(q.red_flags)
        if answered and rule_holds(q, flag.when, value, raw)
    )
    unanswered_required = q.required and not answered
    if spec.tier < 0:
        outcome = _outcome(None, 0.0, make_reason(ReasonCode.NOT_A_REQUIREMENT))
        result = QuestionResult(q.id, spec.section_id, None, True, answered, 0.0, outcome, outcome)
        return make_entry(spec, result, flags=flags, unanswered_required=unanswered_required)
    params = dict(spec.rule_params)
    if not answered:
        met, reason = False, make_reason(ReasonCode.UNANSWERED, rule=params["rule"])
    else:
        holds = rule_holds(q, q.met, value, raw)
        evidence_ok = spec.evidence_id is None or has_file
        met = holds and evidence_ok
        answer = answer_param(q, value)
        if answer is not None:
            params["answer"] = answer
        if params["rule"] in ("min_points", MAX_POINTS):
            params["points"] = fmt_number(raw)
        if spec.evidence_id is not None and spec.evidence_id != q.id:
            params["evidence_question"] = spec.evidence_id
        if not holds and not evidence_ok:
            params["evidence"] = "missing"
        code = ReasonCode.MET if met else (
            ReasonCode.NOT_MET if not holds else ReasonCode.EVIDENCE_MISSING
        )
        reason = make_reason(code, **params)
        if spec.points_when_met:
            raw = 1.0 if met else 0.0
    outcome = _outcome(met, _points(raw, spec.weight) if answered else 0.0, reason)
    result = QuestionResult(
        q.id, spec.section_id, spec.tier_name, True, answered, spec.max_points, outcome, outcome
    )
    if met:
        return make_entry(spec, result, flags=flags, unanswered_required=unanswered_required)
    gap, recommendation = _gap(spec, reason, localise)
    return make_entry(
        spec, result, gap=gap, recommendation=recommendation, flags=flags,
        unanswered_required=unanswered_required,
    )


def hidden_entry(spec: QuestionSpec, override: Override | None = None) -> Entry:
    """The entry of a question hidden by its condition: not applicable, whatever the answer."""
    params = {"condition": spec.condition_text}
    if override is not None:
        params["override"] = "not applied"
    outcome = _outcome(None, 0.0, make_reason(ReasonCode.NOT_APPLICABLE, **params))
    result = QuestionResult(
        spec.id, spec.section_id, spec.tier_name, False, False, 0.0, outcome, outcome, override
    )
    return make_entry(spec, result)


def override_entry(
    spec: QuestionSpec, entry: Entry, override: Override, localise: Localiser
) -> Entry:
    """The entry after a buyer's override: the computed outcome stays as `original`."""
    if override.points is not None:  # stored as a float, so it reads back from JSON the same
        override = dataclasses.replace(override, points=_points(override.points, 1.0))
    if not entry.result.applicable:
        return hidden_entry(spec, override)
    original = entry.result.original
    met = original.met if override.met is None else override.met
    points = original.points if override.points is None else _points(override.points, 1.0)
    params = {"reason": override.reason.strip()}
    if override.met is not None:
        params["met"] = "yes" if override.met else "no"
    if override.points is not None:
        params["points"] = fmt_number(points)
    outcome = _outcome(met, points, make_reason(ReasonCode.OVERRIDDEN, **params))
    result = dataclasses.replace(entry.result, outcome=outcome, override=override)
    if met:
        return make_entry(
            spec, result, flags=entry.flags, unanswered_required=entry.unanswered_id is not None
        )
    # the gap says why it is not met: the buyer's reason when the buyer decided that
    why = outcome.reason if override.met is not None else original.reason
    gap, recommendation = _gap(spec, why, localise)
    return make_entry(
        spec, result, gap=gap, recommendation=recommendation, flags=entry.flags,
        unanswered_required=entry.unanswered_id is not None,
    )
