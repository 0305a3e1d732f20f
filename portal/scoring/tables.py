"""Answer tables: from each answer a question can take to the prebuilt `Entry` it gives.

Yes/no and single choice tables are complete from the start; numbers and multiple choices are
filled as answers are first seen (up to `MEMO_LIMIT` per question); text, dates and files are
checked, not looked up, since their entry does not depend on the exact answer. A table never
changes a result: an entry is a pure function of the canonical answer, whichever path built it,
so threads may share the tables (a race builds an entry twice, never a different one).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence

from portal.questionnaires.definition import QuestionType, localise
from portal.scoring.entries import Entry, QuestionSpec, build_entry, hidden_entry
from portal.scoring.rules import raw_points, rule_holds
from portal.scoring.validate import AnswerError, check_answer, is_iso_date

MEMO_LIMIT = 4096  # answers remembered per question; beyond it entries are built, not stored

_UNECHOED = frozenset({QuestionType.TEXT, QuestionType.DATE})
# kinds whose getter looks answers up as given (texts would only fill memory)
_REMEMBERED = frozenset({QuestionType.NUMBER, QuestionType.MULTI_CHOICE, QuestionType.DATE})

Slot = Entry | tuple[Entry, Entry]  # a pair is (no file attached, file attached)
Getter = Callable[[object], Slot | None]


class LanguagePlan:
    """The answer tables of a compiled definition in one language (texts are localised)."""

    def __init__(self, specs: Sequence[QuestionSpec], default: str, language: str) -> None:
        self.language = language

        def localised(text: Mapping[str, str] | None) -> str:
            return localise(text, language, default)

        self.localise = localised
        self.hidden = tuple(hidden_entry(spec) for spec in specs)
        self.memos: list[dict[object, Slot]] = []  # per question, answer as given -> slot
        self.built: dict[tuple[int, object], Slot] = {}  # (question, canonical answer) -> slot
        getters: list[Getter] = []
        for spec in specs:
            memo: dict[object, Slot] = {}
            self.memos.append(memo)
            getters.append(self._getter(spec, memo))
        self.getters = tuple(getters)

    def make(self, spec: QuestionSpec, canonical: object) -> Slot:
        """The entry (or pair of entries, when a file matters) of a canonical answer."""
        if spec.evidence_id is None:
            return build_entry(spec, canonical, False, self.localise)
        return (
            build_entry(spec, canonical, False, self.localise),
            build_entry(spec, canonical, True, self.localise),
        )

    def _getter(self, spec: QuestionSpec, memo: dict[object, Slot]) -> Getter:
        q = spec.question
        unanswered = self.make(spec, None)
        kind = q.type
        if kind in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE):
            memo.update({v: self.make(spec, v) for v in q.option_values})
            memo[None] = memo[""] = unanswered
            return memo.get
        if kind is QuestionType.DATE:
            dated = self.make(spec, True)
            seen = memo.get
            memo[None] = memo[""] = unanswered

            def date(value: object) -> Slot | None:
                # dates vary too much to be remembered one by one; checking one is cheap
                found = seen(value)
                if found is None and value.__class__ is str and is_iso_date(value):
                    return dated
                return found

            return date
        if kind in (QuestionType.TEXT, QuestionType.EVIDENCE):
            answered = self.make(spec, True)
            if kind is QuestionType.EVIDENCE:
                # the pair is the same either way: the engine picks by the file being attached
                def evidence(value: object) -> Slot | None:
                    cls = value.__class__
                    if cls is str or cls is list or cls is dict or value is None:
                        return answered
                    return None

                return evidence
            longest = q.text_max_length

            def text(value: object) -> Slot | None:
                if value.__class__ is str:
                    size = len(value)
                    if 0 < size <= longest:
                        return answered
                    return unanswered if size == 0 else None
                return unanswered if value is None else None

            return text
        memo[None] = memo[()] = memo[frozenset()] = unanswered
        find = memo.get
        if kind is QuestionType.NUMBER:

            def number(value: object) -> Slot | None:
                cls = value.__class__
                if cls is int or cls is float:  # never bool, whose True would find 1
                    # numbers range widely: a new one is checked here, not by the caller
                    return find(value) or self.resolve_or_none(spec, value)
                return unanswered if value is None else None

            return number

        def choices(value: object) -> Slot | None:
            # looked up as given (a form lists options in their order), then as a set of
            # options in any order; a value chosen twice is left to the check
            if value.__class__ is list or value.__class__ is tuple:
                found = find(tuple(value))
                if found is None:
                    chosen = frozenset(value)
                    found = find(chosen) if len(chosen) == len(value) else None
                return found
            return unanswered if value is None else None

        return choices

    def resolve(self, spec: QuestionSpec, value: object) -> Slot:
        """The slow path for an answer not in the tables: check it (AnswerError), build, keep."""
        q = spec.question
        canonical = check_answer(q, value)
        key = (spec.index, _entry_key(spec, canonical))
        slot = self.built.get(key)
        if slot is None:
            slot = self.make(spec, canonical)
            if len(self.built) < MEMO_LIMIT * len(self.memos):
                self.built[key] = slot
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
