"""What an assessment report shows, built from plain data (pure: no Flask, no database).

The buyer's review page and the PDF report both draw from `build_report`, so they show the
same things: tier and rating, sections, red flags first, gaps with why they are gaps, the
buyer's overrides next to the original outcome, answers contradicted by independent findings,
follow-up actions and findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from portal.questionnaires.definition import Definition, Question, QuestionType, Severity
from portal.scoring.model import Assessment

SEVERITY_ORDER = tuple(reversed(Severity))  # critical first


@dataclass(frozen=True)
class ReportMeta:
    """Who asked whom, about what, and when."""

    buyer: str
    supplier: str
    questionnaire: str
    version: str
    stage: str
    required_tier: str
    procurement: str = ""
    category: str = ""
    category_risk: str | None = None
    country: str | None = None
    country_risk: str | None = None
    due_date: dt.date | None = None
    submitted_at: dt.datetime | None = None
    assessed_at: dt.datetime | None = None


@dataclass(frozen=True)
class ActionInput:
    id: int
    title: str
    status: str
    severity: str
    due_date: dt.date | None
    owner: str
    question_id: str | None
    overdue: bool


@dataclass(frozen=True)
class AcknowledgementInput:
    """The supplier's answer to one recommendation: a planned action and date, or why not."""

    question_id: str
    accepted: bool
    planned_action: str = ""
    planned_date: dt.date | None = None
    explanation: str = ""
    acknowledged_at: dt.datetime | None = None


@dataclass(frozen=True)
class FindingInput:
    id: int
    kind: str
    found_on: dt.date
    source: str
    summary: str
    recorded_by: str
    # (question id, contradicts, note)
    questions: tuple[tuple[str, bool, str], ...] = ()


@dataclass(frozen=True)
class Contradiction:
    finding_id: int
    kind: str
    found_on: dt.date
    source: str
    note: str


@dataclass(frozen=True)
class QuestionLine:
    question_id: str
    text: str
    answer: str
    tier: str | None
    applicable: bool
    met: bool | None
    original_met: bool | None
    points: float
    max_points: float
    explanation: str
    original_explanation: str
    overridden: bool
    override_reason: str
    severity: str | None
    is_gap: bool
    red_flags: tuple[str, ...]
    contradicted_by: tuple[Contradiction, ...]
    actions: tuple[ActionInput, ...]

    @property
    def contradicted(self) -> bool:
        return bool(self.contradicted_by)


@dataclass(frozen=True)
class SectionLine:
    section_id: str
    title: str
    points: float
    max_points: float
    percent: float | None
    requirements: int
    met: int
    questions: tuple[QuestionLine, ...]


@dataclass(frozen=True)
class GapLine:
    question_id: str
    text: str
    section: str
    tier: str
    severity: str
    clauses: tuple[str, ...]
    recommendation: str
    explanation: str
    contradicted_by: tuple[Contradiction, ...]
    actions: tuple[ActionInput, ...]
    acknowledgement: AcknowledgementInput | None = None


@dataclass(frozen=True)
class RedFlagLine:
    question_id: str
    text: str
    label: str
    contradicted: bool


@dataclass(frozen=True)
class Report:
    meta: ReportMeta
    tier_attained: str
    tier_met: bool
    rating: str
    percent: float | None
    requirements: int
    requirements_met: int
    engine_version: str
    version_hash: str
    sections: tuple[SectionLine, ...]
    red_flags: tuple[RedFlagLine, ...]
    gaps: tuple[GapLine, ...]
    overrides: tuple[QuestionLine, ...]
    contradicted: tuple[QuestionLine, ...]
    actions: tuple[ActionInput, ...]
    findings: tuple[FindingInput, ...]
    gap_counts: dict[str, int] = field(default_factory=dict)

    @property
    def acknowledged(self) -> int:
        """How many gaps' recommendations the supplier has acknowledged."""
        return sum(g.acknowledgement is not None for g in self.gaps)

    @property
    def complete(self) -> bool:
        """Whether the supplier acknowledged every recommendation (the assessment is complete)."""
        return self.acknowledged == len(self.gaps)

    def question(self, question_id: str) -> QuestionLine | None:
        for section in self.sections:
            for line in section.questions:
                if line.question_id == question_id:
                    return line
        return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_answer(
    question: Question,
    value: object,
    definition: Definition,
    language: str,
    files: Sequence[str] = (),
    yes_no: tuple[str, str] = ("Yes", "No"),
) -> str:
    """An answer as a person reads it: option labels, units, file names; "" when unanswered."""
    kind = question.type
    if kind is QuestionType.EVIDENCE:
        return ", ".join(files)
    if value is None or value == "" or value == []:
        return ""
    if kind is QuestionType.YES_NO:
        return {"yes": yes_no[0], "no": yes_no[1]}.get(str(value), str(value))
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        chosen = (
            [value]
            if isinstance(value, str)
            else list(value)
            if isinstance(value, list | tuple)
            else [value]
        )
        labels = []
        for item in chosen:
            option = question.option(str(item))
            labels.append(definition.text(option.label, language) if option else str(item))
        return ", ".join(labels)
    if kind is QuestionType.NUMBER and isinstance(value, int | float):
        unit = definition.text(question.unit, language) if question.unit else ""
        return f"{_number(value)} {unit}".strip()
    return str(value)


def contradictions(
    findings: Sequence[FindingInput],
) -> dict[str, tuple[Contradiction, ...]]:
    """Question id -> the findings that contradict its answer, newest first."""
    found: dict[str, list[Contradiction]] = {}
    for finding in sorted(findings, key=lambda f: (f.found_on, f.id), reverse=True):
        for qid, contradicts, note in finding.questions:
            if contradicts:
                found.setdefault(qid, []).append(
                    Contradiction(finding.id, finding.kind, finding.found_on, finding.source, note)
                )
    return {qid: tuple(items) for qid, items in found.items()}


def build_report(
    *,
    definition: Definition,
    assessment: Assessment,
    meta: ReportMeta,
    answers: Mapping[str, object],
    files: Mapping[str, Sequence[str]] | None = None,
    actions: Sequence[ActionInput] = (),
    findings: Sequence[FindingInput] = (),
    acknowledgements: Mapping[str, AcknowledgementInput] | None = None,
    language: str = "en",
    yes_no: tuple[str, str] = ("Yes", "No"),
) -> Report:
    """Everything a report shows of one assessment, in the order it is shown."""
    files = files or {}
    acknowledgements = acknowledgements or {}
    contradicted = contradictions(findings)
    by_question: dict[str, list[ActionInput]] = {}
    for action in actions:
        if action.question_id:
            by_question.setdefault(action.question_id, []).append(action)
    flags: dict[str, list[str]] = {}
    for hit in assessment.red_flags:
        flags.setdefault(hit.question_id, []).append(hit.label)
    gap_ids = {gap.question_id for gap in assessment.gaps}
    results = {q.question_id: q for q in assessment.questions}

    def text_of(qid: str) -> str:
        return definition.text(definition.question(qid).text, language)

    section_results = {s.section_id: s for s in assessment.sections}
    sections = []
    for section in definition.sections:
        result = section_results.get(section.id)
        if result is None:
            continue
        lines = []
        for question in section.questions:
            if question.type is QuestionType.NOTE:
                continue
            scored = results.get(question.id)
            if scored is None:
                continue
            lines.append(
                QuestionLine(
                    question_id=question.id,
                    text=text_of(question.id),
                    answer=format_answer(
                        question,
                        answers.get(question.id),
                        definition,
                        language,
                        files.get(question.id, ()),
                        yes_no,
                    ),
                    tier=scored.tier,
                    applicable=scored.applicable,
                    met=scored.met,
                    original_met=scored.original.met,
                    points=scored.points,
                    max_points=scored.max_points,
                    explanation=scored.outcome.explanation,
                    original_explanation=scored.original.explanation,
                    overridden=scored.overridden,
                    override_reason=scored.override.reason if scored.override else "",
                    severity=question.severity.value if question.tier else None,
                    is_gap=question.id in gap_ids,
                    red_flags=tuple(flags.get(question.id, ())),
                    contradicted_by=contradicted.get(question.id, ()),
                    actions=tuple(by_question.get(question.id, ())),
                )
            )
        sections.append(
            SectionLine(
                section_id=section.id,
                title=definition.text(section.title, language),
                points=result.points,
                max_points=result.max_points,
                percent=result.percent,
                requirements=result.requirements,
                met=result.met,
                questions=tuple(lines),
            )
        )
    gaps = tuple(
        GapLine(
            question_id=gap.question_id,
            text=text_of(gap.question_id),
            section=definition.text(definition.section_of(gap.question_id).title, language),
            tier=gap.tier,
            severity=gap.severity.value,
            clauses=gap.clauses,
            recommendation=gap.recommendation,
            explanation=gap.explanation,
            contradicted_by=contradicted.get(gap.question_id, ()),
            actions=tuple(by_question.get(gap.question_id, ())),
            acknowledgement=acknowledgements.get(gap.question_id),
        )
        for gap in sorted(
            assessment.gaps,
            # the engine's order (severity, then document) with contradicted answers first
            key=lambda g: (-g.severity.rank, g.question_id not in contradicted),
        )
    )
    all_lines = [line for s in sections for line in s.questions]
    red_flags = tuple(
        RedFlagLine(
            hit.question_id, text_of(hit.question_id), hit.label, hit.question_id in contradicted
        )
        for hit in assessment.red_flags
    )
    counts = {s.value: 0 for s in SEVERITY_ORDER}
    for gap in assessment.gaps:
        counts[gap.severity.value] += 1
    tiers = definition.standard.tiers
    attained_rank = (
        tiers.index(assessment.tier_attained) if assessment.tier_attained in tiers else -1
    )
    required_rank = (
        tiers.index(assessment.required_tier) if assessment.required_tier in tiers else 0
    )
    return Report(
        meta=meta,
        tier_attained=assessment.tier_attained,
        tier_met=attained_rank >= required_rank,
        rating=assessment.rating.value,
        percent=assessment.percent,
        requirements=assessment.requirements,
        requirements_met=assessment.requirements_met,
        engine_version=assessment.engine_version,
        version_hash=assessment.version_hash,
        sections=tuple(sections),
        red_flags=red_flags,
        gaps=gaps,
        overrides=tuple(line for line in all_lines if line.overridden),
        contradicted=tuple(line for line in all_lines if line.contradicted),
        actions=tuple(actions),
        findings=tuple(findings),
        gap_counts=counts,
    )
