"""Carry a supplier's earlier answers over to a new questionnaire version ("tell us once").

An answer is a fact the supplier stated; it stays true when only the way it is asked or judged
changes. The rule:

- The answer is kept when the question still exists (same id), has the same type, and the old
  answer is a valid answer to the new question with the same meaning: every chosen option
  still exists and its label in the default language is unchanged, a number is inside the new
  range (and whole if it must be), a text fits the new length limit.
- Rewording the question text or help, translations, moving it, reordering or adding options,
  and changes to scoring, tier, `met`, severity, recommendation, red flags, clauses, condition,
  `required` or evidence rules do not affect it: ids are stable across versions precisely so
  that a question keeping its id keeps asking the same thing, and the new rules are applied to
  the kept answer when it is scored again.
- A chosen option whose default-language label changed counts as a changed meaning: the label
  is the very statement the supplier affirmed, so "Yes, at all sites" becoming "Yes, at most
  sites" must be confirmed. A relabelled option the supplier did not choose changes nothing.
- Answers to removed questions are dropped (listed in `dropped`, with the reason). Every
  question of the new version that is shown, is answerable and has no kept answer is listed
  in `needs_answer` with the reason: new, not answered before, or why the answer was dropped.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from portal.questionnaires.conditions import visible_questions
from portal.questionnaires.definition import (
    CHOICE_TYPES,
    NO,
    YES,
    Definition,
    Question,
    QuestionType,
    is_answered,
)

NEW_QUESTION = "new question"
NOT_ANSWERED = "not answered before"
REMOVED = "the question was removed"


@dataclass(frozen=True)
class CarryOver:
    """Answers kept for the new version, and questions the supplier must (re)answer."""

    kept: dict[str, object] = field(default_factory=dict)
    needs_answer: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def _chosen(q: Question, value: object) -> tuple[str, ...] | None:
    if q.type is QuestionType.MULTI_CHOICE:
        if isinstance(value, str) or not isinstance(value, Collection):
            return None
        items = tuple(v for v in value if isinstance(v, str))
        return items if len(items) == len(value) else None
    return (value,) if isinstance(value, str) else None


def answer_problem(q: Question, value: object) -> str | None:
    """Why `value` is not a valid answer to `q`, in words; None when it is valid."""
    kind = q.type
    if kind is QuestionType.NOTE:
        return "a note takes no answer"
    if kind is QuestionType.YES_NO:
        return None if value in (YES, NO) else f"{value!r} is not yes or no"
    if kind in CHOICE_TYPES:
        chosen = _chosen(q, value)
        if chosen is None:
            return f"{value!r} is not a choice"
        missing = [v for v in chosen if q.option(v) is None]
        return f"option {missing[0]!r} does not exist" if missing else None
    if kind is QuestionType.NUMBER:
        return _number_problem(q, value)
    if kind is QuestionType.TEXT:
        if not isinstance(value, str):
            return "the answer is not text"
        limit = q.text_max_length
        return f"the answer is longer than {limit} characters" if len(value) > limit else None
    if kind is QuestionType.DATE:
        if isinstance(value, dt.date):
            return None
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return f"{value!r} is not a date"
    return None


def _number_problem(q: Question, value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f"{value!r} is not a number"
    if q.integer and value != int(value):
        return f"{value:g} is not a whole number"
    if (q.min is not None and value < q.min) or (q.max is not None and value > q.max):
        low = "" if q.min is None else f"{q.min:g}"
        high = "" if q.max is None else f"{q.max:g}"
        return f"{value:g} is outside the accepted range {low}..{high}"
    return None


def _drop_reason(old: Question, new: Question, value: object, lang: str) -> str | None:
    if old.type != new.type:
        return f"the answer type changed from {old.type} to {new.type}"
    if answer_problem(old, value) is not None:
        return f"the earlier answer was not valid: {answer_problem(old, value)}"
    if (problem := answer_problem(new, value)) is not None:
        return problem
    if new.type in CHOICE_TYPES:
        for chosen in _chosen(new, value) or ():
            before, after = old.option(chosen), new.option(chosen)
            if before and after and before.label.get(lang) != after.label.get(lang):
                return f"the chosen option {chosen!r} was reworded"
    return None


def carry_over(
    old_def: Definition, new_def: Definition, answers: Mapping[str, object]
) -> CarryOver:
    """Split earlier answers (to `old_def`) into those kept for `new_def` and what to ask again."""
    lang = new_def.default_language
    result = CarryOver()
    reasons: dict[str, str] = {}
    for qid, value in answers.items():
        if not is_answered(value):
            continue
        if not old_def.has_question(qid) or not new_def.has_question(qid):
            result.dropped.append((qid, REMOVED if old_def.has_question(qid) else
                                   "no such question in the earlier version"))
            continue
        reason = _drop_reason(old_def.question(qid), new_def.question(qid), value, lang)
        if reason is None:
            result.kept[qid] = value
        else:
            reasons[qid] = reason
            result.dropped.append((qid, reason))
    shown = visible_questions(new_def, result.kept)
    for q in new_def.questions():
        if q.type is QuestionType.NOTE or q.id in result.kept or q.id not in shown:
            continue
        default = NOT_ANSWERED if old_def.has_question(q.id) else NEW_QUESTION
        result.needs_answer.append((q.id, reasons.get(q.id, default)))
    return result
