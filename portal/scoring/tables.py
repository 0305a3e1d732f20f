"""Answer tables: from each answer a question can take to the prebuilt `Entry` it gives.

Each question has a getter, which finds the entry of an answer as given, or returns None for
an answer it cannot vouch for; `LanguagePlan.resolve` then checks that answer in full
(`check_answer`) and builds its entry. Yes/no and single choice tables are complete from the
start, and their getter is the table's own `get`; numbers and multiple choices are remembered
as they are first seen (up to `MEMO_LIMIT` per question); text, dates and files are checked,
not looked up, since their entry depends only on whether they are answered.

A table never changes a result: an entry is a pure function of the canonical answer, whichever
path built it, so threads may share the tables (a race builds an entry twice, never a
different one).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence

from portal.questionnaires.definition import QuestionType, localise
from portal.scoring.entries import Entry, QuestionSpec, build_entry, hidden_entry
from portal.scoring.rules import raw_points, rule_holds
from portal.scoring.validate import AnswerError, check_answer, is_iso_date

MEMO_LIMIT = 4096  # answers remembered per question; beyond it entries are built, not stored
_LARGEST = 1e300  # numbers within this the checks of `check_answer` take as they are

_UNECHOED = frozenset({QuestionType.TEXT, QuestionType.DATE})
# kinds whose answers are remembered as given (texts would only fill memory)
_REMEMBERED = frozenset({QuestionType.NUMBER, QuestionType.MULTI_CHOICE, QuestionType.DATE})

Slot = Entry | tuple[Entry, Entry]  # a pair is (no file attached, file attached)
Getter = Callable[[object], Slot | None]


class LanguagePlan:
    """The answer tables of a compiled definition in one language (texts are localised).

    `hidden` holds each question's entry when its condition hides it; `with_file` the entry of
    each evidence question with a file attached (None for other questions). An evidence
    question's getter gives that entry for an answer that references a file: `settle` swaps
    it in for a file given in `files`.
    """

    def __init__(self, specs: Sequence[QuestionSpec], default: str, language: str) -> None:
        self.language = language

        def localised(text: Mapping[str, str] | None) -> str:
            return localise(text, language, default)

        self.localise = localised
        self.hidden = tuple(hidden_entry(spec) for spec in specs)
        # an evidence question's two entries (no file, a file), each one object: `settle`
        # tells a file is attached by the entry's identity
        self._files = {
            spec.index: (build_entry(spec, None, False, localised),
                         build_entry(spec, True, True, localised))
            for spec in specs if spec.question.type is QuestionType.EVIDENCE
        }
        self.with_file = tuple(
            self._files[spec.index][1] if spec.index in self._files else None for spec in specs
        )
        self.memos: list[dict[object, Slot]] = []  # per question, answer as given -> slot
        self.built: dict[tuple[int, object], Slot] = {}  # (question, canonical answer) -> slot
        getters: list[Getter] = []
        for spec in specs:
            memo: dict[object, Slot] = {}
            self.memos.append(memo)
            getters.append(self._getter(spec, memo))
        self.getters = tuple(getters)

    def make(self, spec: QuestionSpec, canonical: object) -> Slot:
        """The entry of a canonical answer, or the pair of them when a file matters."""
        if spec.question.type is QuestionType.EVIDENCE:  # the answer is the file
            return self._files[spec.index][canonical is not None]
        if spec.evidence_id is None:
            return build_entry(spec, canonical, False, self.localise)
        return (
            build_entry(spec, canonical, False, self.localise),
            build_entry(spec, canonical, True, self.localise),
        )

    def _getter(self, spec: QuestionSpec, memo: dict[object, Slot]) -> Getter:
        q = spec.question
        kind = q.type
        unanswered = self.make(spec, None)
        if kind in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE):
            memo.update({v: self.make(spec, v) for v in q.option_values})
            memo[None] = memo[""] = unanswered
            return memo.get
        if kind is QuestionType.EVIDENCE:
            return _evidence(self.make(spec, True), unanswered)
        if kind is QuestionType.TEXT:
            return _text(q.text_max_length, self.make(spec, True), unanswered)
        memo[None] = memo[""] = unanswered
        if kind is QuestionType.DATE:
            return _date(memo, self.make(spec, True))
        memo[()] = memo[frozenset()] = unanswered
        if kind is QuestionType.MULTI_CHOICE:
            return _choices(memo, unanswered)
        if q.tier is None and q.min is not None and q.max is not None and (
            q.min >= -_LARGEST and q.max <= _LARGEST
        ):
            return self._context_number(spec, unanswered)
        return self._number(spec, memo, unanswered)

    def _number(self, spec: QuestionSpec, memo: dict[object, Slot], unanswered: Slot) -> Getter:
        find = memo.get

        def number(value: object) -> Slot | None:
            cls = value.__class__
            if cls is int or cls is float:  # never bool, whose True would find 1
                found = find(value)
                # numbers range widely: a new one is checked here, not by the caller
                return found if found is not None else self.resolve_or_none(spec, value)
            return unanswered if value is None else None

        return number

    def _context_number(self, spec: QuestionSpec, unanswered: Slot) -> Getter:
        # A bounded number that is not a requirement does not echo its answer: within its
        # bounds it only has to be whole when the question says so, and its entry depends only
        # on which red flags it raises.
        q = spec.question
        low, high, whole = q.min, q.max, q.integer
        flag_key = _flag_key(spec)
        by_flags: dict[object, Slot] = {}

        def context_number(value: object) -> Slot | None:
            cls = value.__class__
            if cls is int or cls is float:  # never bool
                if low <= value <= high and (cls is int or not whole):  # type: ignore[operator]
                    key = flag_key(value)
                    found = by_flags.get(key)
                    if found is None:
                        found = by_flags[key] = self._slot(spec, value)
                    return found
                return self.resolve_or_none(spec, value)
            return unanswered if value is None else None

        return context_number

    def _slot(self, spec: QuestionSpec, canonical: object) -> Slot:
        # the slot of a checked answer, shared by every answer with the same entry
        key = (spec.index, _entry_key(spec, canonical))
        slot = self.built.get(key)
        if slot is None:
            slot = self.make(spec, canonical)
            if len(self.built) < MEMO_LIMIT * len(self.memos):
                self.built[key] = slot
        return slot

    def resolve(self, spec: QuestionSpec, value: object) -> Slot:
        """The slow path for an answer not in the tables: check it (AnswerError), build, keep."""
        q = spec.question
        slot = self._slot(spec, check_answer(q, value))
        memo = self.memos[spec.index]
        if len(memo) < MEMO_LIMIT and q.type in _REMEMBERED:
            if isinstance(value, list | tuple):
                memo[tuple(value)] = slot
            with contextlib.suppress(TypeError):  # an empty {} means unanswered, but is no key
                memo[frozenset(value) if isinstance(value, list | tuple | set) else value] = slot
        return slot

    def resolve_or_none(self, spec: QuestionSpec, value: object) -> Slot | None:
        """`resolve`, with None for an invalid answer (which the caller then reports)."""
        try:
            return self.resolve(spec, value)
        except AnswerError:
            return None


def _evidence(answered: Slot, unanswered: Slot) -> Getter:
    def evidence(value: object) -> Slot | None:
        cls = value.__class__
        if cls is str or cls is list or cls is dict or cls is tuple:  # a file reference
            return answered if value else unanswered
        return unanswered if value is None else None

    return evidence


def _text(longest: int, answered: Slot, unanswered: Slot) -> Getter:
    def text(value: object) -> Slot | None:
        if value.__class__ is str:
            size = len(value)
            if 0 < size <= longest:
                return answered
            return unanswered if size == 0 else None
        return unanswered if value is None else None

    return text


def _date(memo: dict[object, Slot], dated: Slot) -> Getter:
    seen = memo.get

    def date(value: object) -> Slot | None:
        # every date gives the same entry; a checked one is remembered (up to a limit)
        found = seen(value)
        if found is None and value.__class__ is str and is_iso_date(value):
            if len(memo) < MEMO_LIMIT:
                memo[value] = dated
            return dated
        return found

    return date


def _choices(memo: dict[object, Slot], unanswered: Slot) -> Getter:
    find = memo.get

    def in_any_order(value: object) -> Slot | None:
        # a set of options in any order, then remembered as given; a value chosen twice
        # is left to the check
        if value.__class__ is not list and value.__class__ is not tuple:
            return unanswered if value is None else None
        given = tuple(value)
        found = find(given)
        if found is None:
            chosen = frozenset(given)
            found = find(chosen) if len(chosen) == len(given) else None
            if found is not None and len(memo) < MEMO_LIMIT:
                memo[given] = found
        return found

    def choices(value: object) -> Slot | None:
        if value.__class__ is list:  # as JSON gives it, options in the order a form lists them
            found = find(tuple(value))
            if found is not None:
                return found
        return in_any_order(value)

    return choices


def _flag_key(spec: QuestionSpec) -> Callable[[object], object]:
    # `_entry_key` of a number that is not a requirement, for the usual red flags
    rules = [flag.when for flag in spec.question.red_flags]
    if not rules:
        return lambda value: ()
    if len(rules) == 1 and rules[0].kind == "range" and rules[0].range is not None:
        low, high = rules[0].range.min, rules[0].range.max
        return lambda value: (  # as `rule_holds`, for a checked int or float
            (low is None or value >= low) and (high is None or value <= high),  # type: ignore[operator]
        )
    return lambda value: _entry_key(spec, value)


def _entry_key(spec: QuestionSpec, canonical: object) -> object:
    # what an entry depends on: a requirement echoes its answer; any other question only
    # whether it is answered and which of its red flags are raised
    q = spec.question
    if canonical is None:
        return None
    if q.type in _UNECHOED:
        return True
    if q.tier is None:
        raw = raw_points(q, canonical)
        return tuple(rule_holds(q, flag.when, canonical, raw) for flag in q.red_flags)
    return canonical
