"""A definition version compiled for scoring, cached by its content hash (LRU).

Compiling turns everything that does not depend on a response into lookups: each question's
condition becomes a closure, its met rule, points and red flags become answer tables (one
`LanguagePlan` per language, see `tables.py`), and the totals of a response that shows every
question are summed in advance.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from operator import itemgetter
from typing import Any

from portal.questionnaires.conditions import (
    And,
    Expr,
    Not,
    Or,
    Predicate,
    compile_condition,
    parse_condition,
    referenced_ids,
)
from portal.questionnaires.definition import Definition, Question, QuestionType
from portal.scoring.entries import QuestionSpec
from portal.scoring.model import SectionResult, TierResult
from portal.scoring.rules import max_raw_points, points_when_met, rule_params
from portal.scoring.tables import MEMO_LIMIT, LanguagePlan

CACHE_SIZE = 32  # compiled definition versions kept

Picker = Callable[[Sequence[Any]], tuple[Any, ...]]


def _picker(indices: Sequence[int]) -> Picker:
    # itemgetter returns a bare item, not a 1-tuple, for a single index
    if len(indices) == 1:
        only = indices[0]
        return lambda values: (values[only],)
    if not indices:
        return lambda values: ()
    picker: Picker = itemgetter(*indices)
    return picker


def _both(first: Predicate, second: Predicate) -> Predicate:
    return lambda answers, visible: first(answers, visible) and second(answers, visible)


def _either(first: Predicate, second: Predicate) -> Predicate:
    return lambda answers, visible: first(answers, visible) or second(answers, visible)


def _negation(inner: Predicate) -> Predicate:
    return lambda answers, visible: not inner(answers, visible)


def condition_predicate(expr: Expr, questions: Mapping[str, Question]) -> Predicate:
    """A condition as a closure: the conditions module's atoms, joined by plain and/or/not.

    The conditions module joins operands with all()/any() over a generator, which costs a few
    times more per call than chained closures; atoms keep its semantics (tests compare both).
    """
    if isinstance(expr, Not):
        return _negation(condition_predicate(expr.operand, questions))
    if isinstance(expr, And | Or):
        join = _both if isinstance(expr, And) else _either
        parts = [condition_predicate(op, questions) for op in expr.operands]
        joined = parts[0]
        for part in parts[1:]:
            joined = join(joined, part)
        return joined
    return compile_condition(expr, questions)


class CompiledDefinition:
    """Everything about a definition version that scoring can work out before any response."""

    def __init__(self, definition: Definition, version_hash: str) -> None:
        self.definition = definition
        self.version_hash = version_hash
        self.tiers = definition.standard.tiers
        self.tier_rank = {tier: rank for rank, tier in enumerate(self.tiers)}
        questions = [q for q in definition.questions() if q.type is not QuestionType.NOTE]
        by_id = {q.id: q for q in definition.questions()}
        position = {q.id: i for i, q in enumerate(definition.questions())}
        self.ids = tuple(q.id for q in questions)
        self.known = frozenset(self.ids)
        self.index = {qid: i for i, qid in enumerate(self.ids)}
        self.evidence_ids = frozenset(q.id for q in questions if q.type is QuestionType.EVIDENCE)
        section_index = {s.id: i for i, s in enumerate(definition.sections)}
        specs: list[QuestionSpec] = []
        for i, q in enumerate(questions):
            if q.tier is not None and q.tier not in self.tier_rank:
                raise ValueError(f"{q.id}: tier {q.tier!r} is not declared in the standard")
            if q.show_if:
                for ref in referenced_ids(q.show_if):
                    if position.get(ref, len(position)) >= position[q.id]:
                        raise ValueError(
                            f"{q.id}: the condition refers to {ref!r}, not an earlier question"
                        )
            evidence_id = None
            if q.type is QuestionType.EVIDENCE:
                evidence_id = q.id
            elif q.evidence_required:
                evidence_id = q.evidence_question or q.id
                if evidence_id not in self.known:
                    raise ValueError(f"{q.id}: evidence question {evidence_id!r} does not exist")
            section = definition.section_of(q.id)
            weight = q.weight
            specs.append(QuestionSpec(
                question=q,
                index=i,
                section=section_index[section.id],
                section_id=section.id,
                tier=self.tier_rank[q.tier] if q.tier is not None else -1,
                tier_name=q.tier,
                weight=weight,
                max_points=float(max_raw_points(q) * weight) + 0.0 if q.tier is not None else 0.0,
                evidence_id=evidence_id,
                condition=condition_predicate(parse_condition(q.show_if), by_id)
                if q.show_if else None,
                condition_text=q.show_if or "",
                rule_params=tuple(sorted(rule_params(q).items())),
                order=(-q.severity.rank, i),
                points_when_met=points_when_met(q),
            ))
        self.specs = tuple(specs)
        self.file_targets = frozenset(s.evidence_id for s in specs if s.evidence_id)
        self.conditional = tuple((s.index, s.id, s.condition) for s in specs if s.condition)
        self.file_dependent = tuple(
            (s.index, s.evidence_id, s.evidence_id in self.evidence_ids)
            for s in specs if s.evidence_id
        )
        self.conditions_read_files = any(
            ref in self.evidence_ids for s in specs if s.condition_text
            for ref in referenced_ids(s.condition_text)
        )
        self._statics(definition)
        self._plans: dict[str, LanguagePlan] = {}
        self.default_plan = self.plan(definition.default_language)
        self.section_memo: dict[tuple[int, float, int, int, int], SectionResult] = {}
        self.tier_memo: dict[tuple[int, float, int, int, int, bool], TierResult] = {}

    def _statics(self, definition: Definition) -> None:
        bounds, start = [], 0
        for section in definition.sections:
            stop = start + sum(1 for q in section.questions if q.type is not QuestionType.NOTE)
            bounds.append((start, stop))
            start = stop
        self.section_ids = tuple(s.id for s in definition.sections)
        self.section_bounds = tuple(bounds)
        self.section_numbers = tuple(range(len(bounds)))
        self.section_slices = tuple(slice(a, b) for a, b in bounds)
        # Maxima are exact integers in units of 1/scale (every float is a dyadic fraction), so
        # taking hidden questions out of a total is exact and equals summing the rest afresh.
        exact = [Fraction(s.max_points) for s in self.specs]
        self.scale = max((f.denominator for f in exact), default=1)
        self.max_units = tuple(int(f * self.scale) for f in exact)
        self.section_max_units = tuple(sum(self.max_units[a:b]) for a, b in bounds)
        self.section_reqs = tuple(sum(s.tier >= 0 for s in self.specs[a:b]) for a, b in bounds)
        by_tier = [[s.index for s in self.specs if s.tier == t] for t in range(len(self.tiers))]
        self.tier_pick = tuple(_picker(indices) for indices in by_tier)
        self.tier_max_units = tuple(sum(self.max_units[i] for i in ix) for ix in by_tier)
        self.tier_reqs = tuple(len(ix) for ix in by_tier)
        self.total_max_units = sum(self.max_units)

    def max_points(self, question_id: str) -> float:
        """The maximum points of an answerable question (0 for one that is not a requirement)."""
        return self.specs[self.index[question_id]].max_points

    def language(self, requested: object) -> str:
        """The language an assessment is written in: the requested one if the definition has it."""
        languages = self.definition.languages
        return requested if isinstance(requested, str) and requested in languages else (
            self.definition.default_language
        )

    def plan(self, language: str) -> LanguagePlan:
        """The answer tables in a language of the definition, built on first use."""
        plan = self._plans.get(language)
        if plan is None:
            plan = LanguagePlan(self.specs, self.definition.default_language, language)
            plan = self._plans.setdefault(language, plan)
        return plan

    def section_result(
        self, i: int, points: float, max_units: int, requirements: int, met: int
    ) -> SectionResult:
        """The (shared) result of a section with these numbers; the maximum in units."""
        key = (i, points, max_units, requirements, met)
        found = self.section_memo.get(key)
        if found is None:
            maximum = max_units / self.scale
            percent = 100.0 * points / maximum if maximum > 0 else None
            found = SectionResult(self.section_ids[i], points, maximum, percent, requirements, met)
            if len(self.section_memo) < MEMO_LIMIT:
                self.section_memo[key] = found
        return found

    def tier_result(
        self, t: int, points: float, max_units: int, requirements: int, met: int, attained: bool
    ) -> TierResult:
        """The (shared) result of a tier with these numbers; the maximum in units."""
        key = (t, points, max_units, requirements, met, attained)
        found = self.tier_memo.get(key)
        if found is None:
            maximum = max_units / self.scale
            found = TierResult(self.tiers[t], points, maximum, requirements, met, attained)
            if len(self.tier_memo) < MEMO_LIMIT:
                self.tier_memo[key] = found
        return found


_cache: OrderedDict[str, CompiledDefinition] = OrderedDict()
_cache_lock = threading.Lock()


def compile_definition(definition: Definition, version_hash: str) -> CompiledDefinition:
    """The compiled form of a published definition, from an LRU cache keyed by its hash.

    The hash is the version's canonical content hash, computed by the caller: two definitions
    with the same hash are the same content, so the cache never compares them. ValueError if
    the definition breaks a rule the engine relies on (undeclared tier, a condition on a later
    question, a missing evidence question); a published definition never does.
    """
    with _cache_lock:
        found = _cache.get(version_hash)
        if found is not None:
            _cache.move_to_end(version_hash)
            return found
    compiled = CompiledDefinition(definition, version_hash)
    with _cache_lock:
        _cache[version_hash] = compiled
        _cache.move_to_end(version_hash)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def clear_cache() -> None:
    """Forget every compiled definition (tests and benchmarks start cold with it)."""
    with _cache_lock:
        _cache.clear()
