"""Points and answer rules of one question, evaluated on a checked (canonical) answer.

These run when a definition is compiled or when an answer is seen for the first time; the hot
path of `score` only looks their results up. Canonical answers come from
`portal.scoring.validate.check_answer`: a str for yes_no and single_choice, a tuple of option
values in option order for multi_choice, an int or float for number; text and date answers
only count as answered, and an evidence question's answer is whether a file is attached.
"""

from __future__ import annotations

from portal.questionnaires.definition import YES, AnswerRule, Question, QuestionType
from portal.scoring.explain import fmt_number, fmt_values

# Rule kinds beyond the file format's own: the defaults it names in prose.
MAX_POINTS = "max_points"
FILE = "file"

_POINTS_WHEN_MET = frozenset({QuestionType.TEXT, QuestionType.DATE, QuestionType.EVIDENCE})


def points_when_met(q: Question) -> bool:
    """Whether the question scores 1 point when met rather than by its answer.

    The format says so for text, date and evidence; a number requirement without thresholds
    has no points table either, so it is treated the same way.
    """
    if q.type in _POINTS_WHEN_MET:
        return True
    return q.type is QuestionType.NUMBER and not (q.scoring and q.scoring.thresholds)


def max_raw_points(q: Question) -> float:
    """The best points an answer can score, before weight (never below 0)."""
    if points_when_met(q):
        return 1.0
    if q.type is QuestionType.YES_NO:
        table = q.scoring.points if q.scoring and q.scoring.points else None
        return float(max(table.yes, table.no, 0)) if table else 1.0
    if q.type is QuestionType.SINGLE_CHOICE:
        return float(max([o.points or 0 for o in q.options or ()] + [0]))
    if q.type is QuestionType.MULTI_CHOICE:
        return float(sum(o.points for o in q.options or () if o.points and o.points > 0))
    bands = q.scoring.thresholds if q.scoring and q.scoring.thresholds else ()
    return float(max([b.points for b in bands] + [0]))


def raw_points(q: Question, value: object) -> float:
    """Points of an answered question before weight, by its points table (1 if it has none)."""
    if points_when_met(q):
        return 1.0
    if q.type is QuestionType.YES_NO:
        table = q.scoring.points if q.scoring and q.scoring.points else None
        if table is None:
            return 1.0 if value == YES else 0.0
        return float(table.yes if value == YES else table.no)
    if q.type is QuestionType.SINGLE_CHOICE:
        option = q.option(str(value))
        return float(option.points or 0) if option else 0.0
    if q.type is QuestionType.MULTI_CHOICE:
        chosen = set(value) if isinstance(value, tuple) else set()
        total = sum(o.points or 0 for o in q.options or () if o.value in chosen)
        return float(max(total, 0))
    if isinstance(value, int | float) and q.scoring and q.scoring.thresholds:
        for band in q.scoring.thresholds:
            if (band.min is None or value >= band.min) and (band.max is None or value < band.max):
                return float(band.points)
    return 0.0


def default_kind(q: Question) -> str:
    """The kind of the met rule the format implies when `met` is absent."""
    if q.type is QuestionType.YES_NO:
        return "in"
    if q.type is QuestionType.EVIDENCE:
        return FILE
    if q.type in (QuestionType.TEXT, QuestionType.DATE) or points_when_met(q):
        return "answered"
    return MAX_POINTS


def met_kind(q: Question) -> str:
    """The kind of the question's met rule, explicit or default."""
    return q.met.kind if q.met is not None else default_kind(q)


def rule_holds(q: Question, rule: AnswerRule | None, value: object, raw: float) -> bool:
    """Whether an answered question's canonical answer satisfies a rule (None: the default).

    `raw` is the answer's points before weight. A rule that cannot apply to the question's
    type (which validation of the definition rejects) simply does not hold.
    """
    if rule is None:
        kind = default_kind(q)
        if kind == "in":
            return value == YES
        if kind == MAX_POINTS:
            return raw >= max_raw_points(q)
        return True
    if rule.answered:
        return True
    if rule.in_ is not None:
        return isinstance(value, str) and value in rule.in_
    if rule.min_points is not None:
        return raw >= rule.min_points
    if rule.range is not None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        low, high = rule.range.min, rule.range.max
        return (low is None or value >= low) and (high is None or value <= high)
    chosen = set(value) if isinstance(value, tuple) else set()
    if rule.includes_any is not None:
        return not chosen.isdisjoint(rule.includes_any)
    if rule.includes_all is not None:
        return chosen.issuperset(rule.includes_all)
    if rule.includes_none is not None:
        return chosen.isdisjoint(rule.includes_none)
    return False


def rule_params(q: Question) -> dict[str, str]:
    """The parameters naming a question's met rule: its kind and what it expects."""
    rule = q.met
    kind = met_kind(q)
    params = {"rule": kind}
    if rule is None:
        if kind == "in":
            params["expected"] = YES
        elif kind == MAX_POINTS:
            params["expected"] = fmt_number(max_raw_points(q))
        return params
    if rule.values():
        params["expected"] = fmt_values(rule.values())
    elif rule.range is not None:
        if rule.range.min is not None:
            params["min"] = fmt_number(rule.range.min)
        if rule.range.max is not None:
            params["max"] = fmt_number(rule.range.max)
    elif rule.min_points is not None:
        params["expected"] = fmt_number(rule.min_points)
    return params


def answer_param(q: Question, value: object) -> str | None:
    """The answer as a reason parameter; None for text, dates and files, which are not echoed."""
    if q.type in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE):
        return str(value)
    if q.type is QuestionType.MULTI_CHOICE and isinstance(value, tuple):
        return fmt_values(value)
    if q.type is QuestionType.NUMBER and isinstance(value, int | float):
        return fmt_number(value)
    return None
