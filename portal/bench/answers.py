"""Varied, valid answers to a questionnaire version: good, poor and red-flag answers per question.

The candidates of each question are classified once per version with the scoring engine's own
rules (met, points, red flags), so a "good" answer meets the requirement and a "poor" one does
not, whatever the definition says. Evidence answers are the placeholder `FILE`, replaced by
the stored file's id when the data is written.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from portal.bench.names import GENERIC_TEXTS, TEXTS
from portal.questionnaires.conditions import compile_definition as compile_conditions
from portal.questionnaires.conditions import visible_questions
from portal.questionnaires.definition import YES, Definition, Question, QuestionType
from portal.scoring.rules import raw_points, rule_holds
from portal.scoring.validate import AnswerError, check_answer

FILE = "bench-file"  # an evidence answer: a file is attached


@dataclass(frozen=True)
class Choices:
    """One question's answers to pick from; None in `poor` means "left unanswered"."""

    question: Question
    good: tuple[Any, ...]
    poor: tuple[Any, ...]
    flagged: tuple[Any, ...]


def _numbers(q: Question) -> list[float]:
    found: set[float] = set()
    for band in (q.scoring.thresholds or ()) if q.scoring else ():
        if band.min is not None:
            found.add(band.min)
        if band.max is not None:
            found.add(band.max - 1 if q.integer else band.max - 0.5)
    rules = [q.met, *(f.when for f in q.red_flags)]
    for rule in rules:
        if rule is not None and rule.range is not None:
            for bound in (rule.range.min, rule.range.max):
                if bound is not None:
                    found.update((bound, bound + 1, bound - 1))
    low = q.min if q.min is not None else 0.0
    high = q.max if q.max is not None else low + 100
    found.update((low, high))
    inside = sorted(v for v in found if low <= v <= high)
    return [int(v) if q.integer else v for v in inside]


def _candidates(q: Question, today: dt.date) -> list[Any]:
    options = [o.value for o in q.options or ()]
    if q.type is QuestionType.YES_NO:
        return [YES, "no"]
    if q.type is QuestionType.SINGLE_CHOICE:
        return options
    if q.type is QuestionType.MULTI_CHOICE:
        sets = [[v] for v in options]
        positive = [o.value for o in q.options or () if o.points and o.points > 0]
        if positive:
            sets.append(positive)
        rule = q.met
        if rule is not None and rule.includes_all:
            sets.append([v for v in options if v in rule.includes_all])
        if rule is not None and rule.includes_none:
            kept = [v for v in options if v not in rule.includes_none]
            sets += [kept[:2]] if kept else []
        return sets
    if q.type is QuestionType.NUMBER:
        return list(_numbers(q))
    if q.type is QuestionType.TEXT:
        return [TEXTS.get(q.id, GENERIC_TEXTS)[0][: q.text_max_length]]
    if q.type is QuestionType.DATE:
        return [(today - dt.timedelta(days=90)).isoformat()]
    if q.type is QuestionType.EVIDENCE:
        return [FILE]
    return []


def _size(value: Any) -> int:
    return len(value) if isinstance(value, list) else 1


def choices(q: Question, today: dt.date) -> Choices:
    """Classify the question's candidate answers by the engine's rules."""
    good: list[tuple[float, int, Any]] = []
    poor: list[Any] = []
    flagged: list[Any] = []
    for value in _candidates(q, today):
        try:
            canonical = check_answer(q, value)
        except AnswerError:
            continue
        raw = raw_points(q, canonical)
        if any(rule_holds(q, flag.when, canonical, raw) for flag in q.red_flags):
            flagged.append(value)
        elif q.tier is None or rule_holds(q, q.met, canonical, raw):
            good.append((-raw, _size(value), value))
        else:
            poor.append(value)
    good.sort(key=lambda item: item[:2])
    ranked = tuple(value for *_key, value in good)
    if q.tier is not None and q.type in (QuestionType.TEXT, QuestionType.DATE,
                                         QuestionType.EVIDENCE):
        poor.append(None)  # these are met when answered: a poor supplier leaves them blank
    return Choices(q, ranked, tuple(poor), tuple(flagged))


class AnswerMaker:
    """Answers to one version for suppliers of a given quality, shown questions only."""

    def __init__(self, definition: Definition, today: dt.date) -> None:
        self.definition = definition
        self.conditions = compile_conditions(definition)
        self.questions = [q for q in definition.questions() if q.type is not QuestionType.NOTE]
        self.choices = {q.id: choices(q, today) for q in self.questions}
        self.section_of = {
            q.id: index for index, s in enumerate(definition.sections) for q in s.questions
        }
        self.flaggable = [q.id for q in self.questions if self.choices[q.id].flagged]

    def visible(self, answers: dict[str, Any]) -> set[str]:
        return visible_questions(self.conditions, answers)

    def _pick(self, rng: random.Random, c: Choices, good_share: float, flag: bool) -> Any:
        if flag and c.flagged:
            return rng.choice(c.flagged)
        q = c.question
        if q.tier is None:  # context, not scored: any harmless answer
            if q.type is QuestionType.TEXT:
                return rng.choice(TEXTS.get(q.id, GENERIC_TEXTS))[: q.text_max_length]
            if q.type is QuestionType.NUMBER:
                return _context_number(q, rng)
            pool = c.good or c.poor
            return rng.choice(pool) if pool else None
        if (rng.random() < good_share or not c.poor) and c.good:
            return c.good[0] if rng.random() < 0.8 else rng.choice(c.good)
        return rng.choice(c.poor) if c.poor else None

    def answers(
        self,
        rng: random.Random,
        good_share: float,
        *,
        red_flags: int = 0,
        sections: int | None = None,
    ) -> dict[str, Any]:
        """A consistent set of answers: each shown question answered well with probability
        `good_share`, `red_flags` of the flaggable ones answered with a red flag, only the
        first `sections` sections when given (a response in progress)."""
        flagged = set(rng.sample(self.flaggable, min(red_flags, len(self.flaggable))))
        limit = len(self.definition.sections) if sections is None else sections
        answers: dict[str, Any] = {}
        asked: set[str] = set()
        for _ in range(6):  # answers may show further questions
            shown = self.visible(answers)
            fresh = [
                q for q in self.questions
                if q.id in shown and q.id not in asked and self.section_of[q.id] < limit
            ]
            if not fresh:
                break
            for q in fresh:
                asked.add(q.id)
                value = self._pick(rng, self.choices[q.id], good_share, q.id in flagged)
                if value is not None:
                    answers[q.id] = value
        shown = self.visible(answers)
        return {qid: value for qid, value in answers.items() if qid in shown}


def _context_number(q: Question, rng: random.Random) -> int | float:
    low = q.min if q.min is not None else 0.0
    high = q.max if q.max is not None else low + 1000
    if q.id == "employee_count":
        value: float = round(10 ** rng.uniform(1.2, 4.4))
    elif "accident" in q.id or "incident" in q.id:
        value = 0 if rng.random() < 0.9 else rng.randint(1, 3)
    else:
        value = rng.uniform(low, min(high, low + 100))
    value = min(max(value, low), high)
    return int(value) if q.integer else round(value, 1)
