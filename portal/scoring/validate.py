"""Checks of the engine's input: answers by question type, files, overrides, the required tier.

`validate_answers` returns every problem, each naming its question; `score` raises
`InvalidInput` with the same problems. Answers follow `portal.questionnaires.definition`:
yes_no "yes"/"no", single_choice an option value, multi_choice a list (or tuple) of distinct
option values, number an int or float (not a bool), text a str, date an ISO `YYYY-MM-DD`
string or a `datetime.date`, evidence a file reference (a str, a list or a dict). None, ""
and an empty list mean unanswered. Answers to questions hidden by their condition are checked
all the same: they are kept, so they must be valid.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from portal.questionnaires.definition import NO, YES, Question, QuestionType, is_answered
from portal.scoring.explain import fmt_number
from portal.scoring.model import InputProblem, Override

if TYPE_CHECKING:
    from portal.scoring.compiled import CompiledDefinition

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LARGEST = 10**300  # beyond this an int no longer converts to a float for comparison


class AnswerError(ValueError):
    """An answer that its question cannot take; the message says why."""


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(q: Question, value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnswerError(f"expected a number, got {_short(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise AnswerError(f"expected a finite number, got {value!r}")
    if isinstance(value, int) and abs(value) > _LARGEST:
        raise AnswerError(f"{_short(value)} is too large a number")
    if q.integer and value != int(value):
        raise AnswerError(f"expected a whole number, got {fmt_number(value)}")
    if q.min is not None and value < q.min:
        raise AnswerError(f"{fmt_number(value)} is below the minimum {fmt_number(q.min)}")
    if q.max is not None and value > q.max:
        raise AnswerError(f"{fmt_number(value)} is above the maximum {fmt_number(q.max)}")
    return value


def _choices(q: Question, value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise AnswerError(f"expected a list of option values, got {_short(value)}")
    allowed = q.option_values
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise AnswerError(
                f"{_short(item)} is not one of the options ({', '.join(allowed)})"
            )
    if isinstance(value, list | tuple) and len(set(value)) != len(value):
        twice = next(v for v in value if value.count(v) > 1)
        raise AnswerError(f"{twice!r} is chosen more than once")
    chosen = set(value)
    return tuple(v for v in allowed if v in chosen)


def is_iso_date(text: str) -> bool:
    """Whether a text is a real calendar date written YYYY-MM-DD."""
    if len(text) != 10 or not _ISO_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _date(value: object) -> object:
    if type(value) is dt.date or (isinstance(value, str) and is_iso_date(value)):
        return value
    raise AnswerError(f"expected a date written YYYY-MM-DD, got {_short(value)}")


def check_answer(q: Question, value: object) -> object:
    """The canonical form of an answer (None when unanswered); AnswerError if it is invalid.

    Choice answers become option values (multi_choice: a tuple in option order); an evidence
    answer becomes True when it references a file, None otherwise.
    """
    if not is_answered(value):
        return None
    kind = q.type
    if kind is QuestionType.YES_NO:
        if value not in (YES, NO) or not isinstance(value, str):
            raise AnswerError(f"expected 'yes' or 'no', got {_short(value)}")
        return value
    if kind is QuestionType.SINGLE_CHOICE:
        if not isinstance(value, str) or value not in q.option_values:
            raise AnswerError(
                f"{_short(value)} is not one of the options ({', '.join(q.option_values)})"
            )
        return value
    if kind is QuestionType.MULTI_CHOICE:
        return _choices(q, value)
    if kind is QuestionType.NUMBER:
        return _number(q, value)
    if kind is QuestionType.TEXT:
        if not isinstance(value, str):
            raise AnswerError(f"expected text, got {_short(value)}")
        if len(value) > q.text_max_length:
            raise AnswerError(
                f"the text has {len(value)} characters; at most {q.text_max_length} are allowed"
            )
        return value
    if kind is QuestionType.DATE:
        return _date(value)
    if kind is QuestionType.EVIDENCE:
        if not isinstance(value, str | list | tuple | dict):
            raise AnswerError(f"expected a file reference, got {_short(value)}")
        return True
    raise AnswerError(f"{q.id!r} is a note and takes no answer")


def answer_problems(compiled: CompiledDefinition, answers: object) -> list[InputProblem]:
    """Problems with the answers alone: not a mapping, unknown or note questions, bad values."""
    if not isinstance(answers, Mapping):
        message = f"answers must be a mapping of question ids, got {_short(answers)}"
        return [InputProblem(None, message)]
    problems: list[InputProblem] = []
    definition = compiled.definition
    for key, value in answers.items():
        if not isinstance(key, str) or not definition.has_question(key):
            problems.append(InputProblem(
                key if isinstance(key, str) else None,
                f"answer to unknown question {_short(key)}",
            ))
            continue
        q = definition.question(key)
        if q.type is QuestionType.NOTE:
            problems.append(InputProblem(key, f"answer to {key!r}, a note that takes no answer"))
            continue
        try:
            check_answer(q, value)
        except AnswerError as exc:
            problems.append(InputProblem(key, f"answer to {key!r}: {exc}"))
    return problems


def _file_problems(compiled: CompiledDefinition, files: object) -> list[InputProblem]:
    if isinstance(files, str) or not isinstance(files, Collection):
        message = f"files must be a collection of question ids, got {_short(files)}"
        return [InputProblem(None, message)]
    problems = []
    for qid in files:
        if not isinstance(qid, str) or not compiled.definition.has_question(qid):
            problems.append(InputProblem(None, f"file attached to unknown question {_short(qid)}"))
        elif qid not in compiled.file_targets:
            problems.append(InputProblem(
                qid, f"file attached to {qid!r}, which does not take evidence"
            ))
    return problems


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be stored or shown
        return False
    return True


def _override_problem(compiled: CompiledDefinition, override: object) -> str | None:
    if not isinstance(override, Override):
        return f"expected an Override, got {_short(override)}"
    qid = override.question_id
    if not isinstance(qid, str) or not compiled.definition.has_question(qid):
        return f"override of unknown question {_short(qid)}"
    if compiled.definition.question(qid).tier is None:
        return f"override of {qid!r}, which is not a requirement"
    if not isinstance(override.reason, str) or not override.reason.strip():
        return f"override of {qid!r} needs a reason"
    if not _is_unicode(override.reason):
        return f"override of {qid!r}: the reason is not valid text"
    if override.met is None and override.points is None:
        return f"override of {qid!r} sets neither met nor points"
    if override.met is not None and not isinstance(override.met, bool):
        return f"override of {qid!r}: met must be true or false, got {_short(override.met)}"
    points = override.points
    if points is not None:
        top = compiled.max_points(qid)
        if (
            isinstance(points, bool)
            or not isinstance(points, int | float)
            or not math.isfinite(points)
            or not 0 <= points <= top
        ):
            return (
                f"override of {qid!r}: points must be a number from 0 to {fmt_number(top)}, "
                f"got {_short(points)}"
            )
    return None


def _override_problems(compiled: CompiledDefinition, overrides: object) -> list[InputProblem]:
    if isinstance(overrides, str | bytes) or not isinstance(overrides, Iterable):
        message = f"overrides must be a list of Override, got {_short(overrides)}"
        return [InputProblem(None, message)]
    problems: list[InputProblem] = []
    seen: set[str | None] = set()
    for override in overrides:
        problem = _override_problem(compiled, override)
        named = getattr(override, "question_id", None)
        qid = named if isinstance(named, str) else None
        if problem is None and qid in seen:
            problem = f"{qid!r} is overridden more than once"
        seen.add(qid)
        if problem is not None:
            problems.append(InputProblem(qid, problem))
    return problems


def tier_problem(compiled: CompiledDefinition, tier: object) -> InputProblem | None:
    """The problem with a required tier, if it is not one of the standard's."""
    tiers = compiled.definition.standard.tiers
    if isinstance(tier, str) and tier in tiers:
        return None
    return InputProblem(None, f"required tier {_short(tier)} is not one of {', '.join(tiers)}")


def validate_answers(
    compiled: CompiledDefinition,
    answers: Mapping[str, object],
    *,
    files: Collection[str] = frozenset(),
    overrides: Iterable[Override] = (),
    required_tier: str | None = None,
) -> tuple[InputProblem, ...]:
    """Every problem with the input of `score`, in a stable order; empty when it is valid.

    `required_tier` is checked when given. A file counts only on an evidence question or on
    the question a requirement names as its evidence.
    """
    problems: list[InputProblem] = []
    if required_tier is not None and (problem := tier_problem(compiled, required_tier)):
        problems.append(problem)
    problems.extend(answer_problems(compiled, answers))
    problems.extend(_file_problems(compiled, files))
    problems.extend(_override_problems(compiled, overrides))
    return tuple(problems)
