"""Which questions a response shows, and which files count: settled once per response.

Each distinct condition is compiled once into a test of the answers it reads (`compile_test`),
which are picked from the response's list of answers by position. Questions sharing a
condition are shown or hidden together, so it runs once. When no condition reads a question
that has a condition itself (the usual case), all of them are tested in one pass. Otherwise
they run in document order: a condition reads only earlier questions, so a question hidden by
one is already hidden, and its answer already reads as unanswered (None), when a later one
reads it.

A requirement that needs a file has a pair of entries (no file, file attached); the pair is
settled last, once it is known whether its evidence question is shown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from itertools import compress, repeat
from operator import call, itemgetter, not_
from typing import TYPE_CHECKING, Any

from portal.questionnaires.conditions import (
    AnswerTest,
    compile_test,
    parse_condition,
    referenced_ids,
    to_text,
)
from portal.questionnaires.definition import Question, QuestionType, is_answered
from portal.scoring.entries import Entry, QuestionSpec

if TYPE_CHECKING:
    from portal.scoring.tables import LanguagePlan, Slot

Reader = Any  # operator.itemgetter over the answers: one answer, or a tuple of several


def _reader(reads: Sequence[str], index: Mapping[str, int]) -> Reader:
    # a note has no answer, so a condition on one reads None
    if all(qid in index for qid in reads):
        return itemgetter(*(index[qid] for qid in reads))
    positions = [index.get(qid) for qid in reads]

    def read(values: Sequence[object]) -> object:
        found = tuple(None if i is None else values[i] for i in positions)
        return found if len(found) > 1 else found[0]

    return read


class Visibility:
    """The conditions and file checks of a compiled definition, in the order `settle` runs them.

    - `groups`: per distinct condition, how to read its answers, its test and the questions it
      shows (positions in the list of answerable questions); `independent` when no condition
      reads a question with a condition, and then the same as `readers`, `tests` and `runs`
      (the questions each shows as slices of consecutive ones);
    - `evidence_index`: position of each evidence question;
    - `needs_evidence`: requirements whose file is an answer to (or a file on) an evidence
      question, with that question's position;
    - `needs_file`: requirements whose file can only be given in `files` (they name themselves
      or a question that takes no upload), with the position and id of that question.
    """

    def __init__(self, specs: Sequence[QuestionSpec], questions: Mapping[str, Question]) -> None:
        index = {spec.id: spec.index for spec in specs}
        tests: dict[str, tuple[Reader, AnswerTest]] = {}
        members: dict[str, list[int]] = {}
        for spec in specs:
            if spec.condition_text:
                expr = parse_condition(spec.condition_text)
                key = to_text(expr)  # conditions written differently but the same share a test
                if key not in tests:
                    test = compile_test(expr, questions, checked=True)  # `score` checks first
                    tests[key] = (_reader(test.reads, index), test.holds)
                members.setdefault(key, []).append(spec.index)
        self.groups: tuple[tuple[Reader, AnswerTest, tuple[int, ...]], ...] = tuple(
            (*tests[key], tuple(shown)) for key, shown in members.items()
        )
        conditional = {spec.id for spec in specs if spec.condition_text}
        self.independent = not any(
            conditional.intersection(referenced_ids(spec.condition_text))
            for spec in specs if spec.condition_text
        )
        self.readers = tuple(read for read, _, _ in self.groups)
        self.tests = tuple(holds for _, holds, _ in self.groups)
        self.runs = tuple(_runs(shown) for _, _, shown in self.groups)
        self.evidence_index = {
            spec.id: spec.index for spec in specs if spec.question.type is QuestionType.EVIDENCE
        }
        self.file_targets = frozenset(spec.evidence_id for spec in specs if spec.evidence_id)
        needs_evidence, needs_file = [], []
        for spec in specs:
            target = spec.evidence_id
            if target is None or spec.question.type is QuestionType.EVIDENCE:
                continue  # an evidence question's own file is its answer: see `LanguagePlan`
            if target in self.evidence_index:
                needs_evidence.append((spec.index, index[target]))
            else:
                needs_file.append((spec.index, index[target], target))
        self.needs_evidence = tuple(needs_evidence)
        self.needs_file = tuple(needs_file)


def _runs(members: Sequence[int]) -> tuple[slice, ...]:
    # positions in increasing order as slices of consecutive ones: [3, 4, 5, 9] -> 3:6, 9:10
    runs: list[slice] = []
    for i in members:
        if runs and runs[-1].stop == i:
            runs[-1] = slice(runs[-1].start, i + 1)
        else:
            runs.append(slice(i, i + 1))
    return tuple(runs)


def _attach(
    visibility: Visibility,
    plan: LanguagePlan,
    values: list[object],
    files: Collection[str],
    slots: list[Slot],
) -> None:
    # a file given apart from the answers answers its evidence question, for conditions too
    for qid in files:
        i = visibility.evidence_index.get(qid)
        if i is not None:
            slots[i] = plan.with_file[i]  # type: ignore[assignment]
            if not is_answered(values[i]):
                values[i] = True


def settle(
    visibility: Visibility,
    plan: LanguagePlan,
    values: list[object],
    files: Collection[str],
    slots: list[Slot],
) -> list[Entry]:
    """Hide what the conditions hide, then settle each pair of entries by its file.

    `values` are the answers in the order of the answerable questions (they are changed: a
    hidden question's answer becomes None); `slots` their entries from the answer tables.
    """
    if files:
        _attach(visibility, plan, values, files, slots)
    hidden = plan.hidden
    if visibility.independent:
        # every condition at once: test(read(values)) for each, the loops run in C by map()
        shown = list(map(call, visibility.tests, map(call, visibility.readers, repeat(values))))
        if not all(shown):
            # the questions of the conditions that do not hold, in runs of consecutive ones
            for runs in compress(visibility.runs, map(not_, shown)):
                for run in runs:
                    slots[run] = hidden[run]
    else:
        for read, holds, members in visibility.groups:
            if not holds(read(values)):
                for i in members:
                    slots[i] = hidden[i]
                    values[i] = None  # to later conditions a hidden question is unanswered
    with_file = plan.with_file
    for i, evidence in visibility.needs_evidence:
        pair = slots[i]
        if pair.__class__ is tuple:  # else hidden, which needs no file
            # the evidence question has a file exactly when its entry is the one with a file
            slots[i] = pair[slots[evidence] is with_file[evidence]]  # type: ignore[assignment]
    for i, target, target_id in visibility.needs_file:
        pair = slots[i]
        if pair.__class__ is tuple:
            attached = target_id in files and slots[target] is not hidden[target]
            slots[i] = pair[attached]  # type: ignore[assignment]
    return slots  # type: ignore[return-value]
