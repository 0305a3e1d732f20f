"""Suppliers side by side for one questionnaire: scores, tiers, ratings and answers (pure).

Suppliers may have answered different versions of the questionnaire. Questions keep their id
across versions, so rows are aligned by question id: the newest version gives the order and
the wording, older versions' questions that it dropped come after the question they followed,
and a supplier whose version lacks a question shows "not in this version" there. Each column
names the version its supplier answered.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date


def merge_order(sequences: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """One order holding every item once: the first sequence as it is, then each later
    sequence's new items placed right after the item they follow there (first if they lead)."""
    merged: list[str] = []
    for sequence in sequences:
        anchor: str | None = None
        for item in sequence:
            if item not in merged:
                merged.insert(merged.index(anchor) + 1 if anchor is not None else 0, item)
            anchor = item
    return tuple(merged)


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a version number ("1.10" after "1.9")."""
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class Question:
    question_id: str
    section_id: str
    text: str
    requirement: bool


@dataclass(frozen=True)
class Layout:
    """What one version asks, in order: its sections (id, title) and questions."""

    version: str
    sections: Sequence[tuple[str, str]]
    questions: Sequence[Question]


@dataclass(frozen=True)
class Gaps:
    critical: int = 0
    high: int = 0
    medium: int = 0
    low: int = 0

    @property
    def total(self) -> int:
        return self.critical + self.high + self.medium + self.low


@dataclass(frozen=True)
class Column:
    """One supplier; `version` is None when it shared no response to the questionnaire."""

    supplier_id: int
    supplier: str
    version: str | None = None
    submitted_on: date | None = None
    tier_attained: str | None = None
    rating: str | None = None
    percent: float | None = None
    red_flags: int = 0
    gaps: Gaps = field(default_factory=Gaps)


class State(enum.StrEnum):
    MET = "met"
    NOT_MET = "not met"
    NOT_APPLICABLE = "not applicable"
    ANSWERED = "answered"
    UNANSWERED = "unanswered"
    NOT_IN_VERSION = "not in version"
    NO_RESPONSE = "no response"


@dataclass(frozen=True)
class Outcome:
    applicable: bool
    met: bool | None
    red_flag: bool = False


@dataclass(frozen=True)
class Cell:
    state: State
    answer: str = ""
    red_flag: bool = False


@dataclass(frozen=True)
class SectionRow:
    section_id: str
    title: str
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Matrix:
    columns: tuple[Column, ...]
    sections: tuple[SectionRow, ...]
    questions: tuple[QuestionRow, ...]

    def section_title(self, section_id: str) -> str:
        return next((s.title for s in self.sections if s.section_id == section_id), section_id)


def cell(
    column: Column,
    question_id: str,
    asked: frozenset[str] | None,
    outcome: Outcome | None,
    answer: str,
) -> Cell:
    """What one supplier's column shows for one question."""
    if column.version is None:
        return Cell(State.NO_RESPONSE)
    if asked is not None and question_id not in asked:
        return Cell(State.NOT_IN_VERSION)
    flag = outcome is not None and outcome.red_flag
    if outcome is not None and not outcome.applicable:
        return Cell(State.NOT_APPLICABLE, answer, flag)
    if outcome is not None and outcome.met is not None:
        return Cell(State.MET if outcome.met else State.NOT_MET, answer, flag)
    return Cell(State.ANSWERED if answer else State.UNANSWERED, answer, flag)


def aligned(layouts: Sequence[Layout]) -> Layout:
    """Several versions as one: sections and questions aligned by id (see `merge_order`), in
    the newest version's order and words, questions grouped by section; its `version` is the
    newest one's ("" without layouts)."""
    newest_first = sorted(layouts, key=lambda lay: version_key(lay.version), reverse=True)
    section_ids = merge_order([[sid for sid, _ in lay.sections] for lay in newest_first])
    titles: dict[str, str] = {}
    specs: dict[str, Question] = {}
    for lay in newest_first:
        for sid, title in lay.sections:
            titles.setdefault(sid, title)
        for q in lay.questions:
            specs.setdefault(q.question_id, q)
    merged = merge_order([[q.question_id for q in lay.questions] for lay in newest_first])
    rank = {sid: i for i, sid in enumerate(section_ids)}
    ordered = sorted(merged, key=lambda qid: rank.get(specs[qid].section_id, len(rank)))
    return Layout(
        newest_first[0].version if newest_first else "",
        [(sid, titles[sid]) for sid in section_ids],
        [specs[qid] for qid in ordered],
    )


def build_matrix(
    columns: Sequence[Column],
    layouts: Sequence[Layout],
    section_scores: Mapping[tuple[int, str], float | None],
    outcomes: Mapping[tuple[int, str], Outcome],
    answers: Mapping[tuple[int, str], str],
) -> Matrix:
    """The comparison: `section_scores`, `outcomes` and `answers` are keyed by (supplier id,
    section or question id); `layouts` are the versions the columns answered."""
    merged = aligned(layouts)
    asked = {lay.version: frozenset(q.question_id for q in lay.questions) for lay in layouts}
    sections = tuple(
        SectionRow(sid, title, tuple(section_scores.get((c.supplier_id, sid)) for c in columns))
        for sid, title in merged.sections
    )
    questions = tuple(
        QuestionRow(
            q,
            tuple(
                cell(
                    c,
                    q.question_id,
                    asked.get(c.version) if c.version is not None else None,
                    outcomes.get((c.supplier_id, q.question_id)),
                    answers.get((c.supplier_id, q.question_id), ""),
                )
                for c in columns
            ),
        )
        for q in merged.questions
    )
    return Matrix(tuple(columns), sections, questions)


# A flat table of words, for CSV and PDF -------------------------------------------------------


def _default_percent(value: float) -> str:
    return f"{value:.0f} %"


@dataclass(frozen=True)
class Words:
    """Interface words in the reader's language, for `table_rows`."""

    supplier: str = "Supplier"
    version: str = "Version"
    submitted: str = "Submitted"
    tier: str = "Tier attained"
    rating: str = "Rating"
    score: str = "Score"
    red_flags: str = "Red flags"
    gaps: Mapping[str, str] = field(
        default_factory=lambda: {
            "critical": "Critical gaps",
            "high": "High gaps",
            "medium": "Medium gaps",
            "low": "Low gaps",
        }
    )
    section: str = "Section: {title}"
    states: Mapping[State, str] = field(default_factory=lambda: {s: s.value for s in State})
    red_flag: str = "red flag"
    none: str = "–"
    percent: Callable[[float], str] = _default_percent


def _pct(value: float | None, words: Words) -> str:
    return words.none if value is None else words.percent(value)


def cell_text(c: Cell, words: Words) -> str:
    """A question cell in words: the outcome, the answer, and a red flag if raised."""
    parts = [words.states[c.state]]
    if c.answer:
        parts.append(c.answer)
    if c.red_flag:
        parts.append(words.red_flag)
    return ": ".join(parts[:2]) + (f" ({parts[2]})" if len(parts) > 2 else "")


def table_rows(matrix: Matrix, words: Words) -> list[list[str]]:
    """The comparison as rows of text: a header of suppliers, then one row per measure."""
    cols = matrix.columns

    def row(label: str, values: Sequence[str]) -> list[str]:
        return [label, *values]

    def text(value: object | None) -> str:
        return words.none if value is None else str(value)

    rows = [
        row(words.supplier, [c.supplier for c in cols]),
        row(words.version, [text(c.version) for c in cols]),
        row(
            words.submitted,
            [text(c.submitted_on.isoformat() if c.submitted_on else None) for c in cols],
        ),
        row(words.tier, [text(c.tier_attained) for c in cols]),
        row(words.rating, [text(c.rating) for c in cols]),
        row(words.score, [_pct(c.percent, words) for c in cols]),
        row(words.red_flags, [text(c.red_flags if c.version else None) for c in cols]),
    ]
    for severity in ("critical", "high", "medium", "low"):
        rows.append(
            row(
                words.gaps[severity],
                [text(getattr(c.gaps, severity) if c.version else None) for c in cols],
            )
        )
    for section in matrix.sections:
        rows.append(
            row(
                words.section.format(title=section.title),
                [_pct(s, words) for s in section.scores],
            )
        )
    for question in matrix.questions:
        label = f"{question.question.question_id}: {question.question.text}"
        rows.append(row(label, [cell_text(c, words) for c in question.cells]))
    return rows
