"""A definition version compiled for scoring, cached by its content hash (LRU).

Compiling turns everything that does not depend on a response into lookups: conditions become
tests of the answers they read (one per distinct condition, however many questions share it,
see `visibility.py`), the met rule, points and red flags of each question become answer tables
(one `LanguagePlan` per language, see `tables.py`), totals become bit fields of one integer sum
(`packing.py`), and the questions that can give a gap or a red flag are picked out in advance,
gaps already in their order for each required tier.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from fractions import Fraction
from typing import NamedTuple

from portal.questionnaires.conditions import referenced_ids
from portal.questionnaires.definition import Definition, QuestionType
from portal.scoring.entries import QuestionSpec, picker
from portal.scoring.model import SectionResult, TierResult
from portal.scoring.packing import Layout
from portal.scoring.rating import rating_for
from portal.scoring.rules import max_raw_points, points_when_met, rule_params
from portal.scoring.tables import LanguagePlan
from portal.scoring.visibility import Visibility

CACHE_SIZE = 32  # compiled definition versions kept


class TierNumbers(NamedTuple):
    """A tier's totals read from its key, with its result when attained and when not."""

    results: tuple[TierResult, TierResult]  # (not attained, attained)
    units: int
    max_units: int
    requirements: int
    met: int


class CompiledDefinition:
    """Everything about a definition version that scoring can work out before any response."""

    def __init__(self, definition: Definition, version_hash: str) -> None:
        self.definition = definition
        self.version_hash = version_hash
        self.tiers = definition.standard.tiers
        self.tier_rank = {tier: rank for rank, tier in enumerate(self.tiers)}
        self.below = f"below {self.tiers[0]}"  # the tier attained when the lowest is not
        self.key, self.version = definition.key, definition.version
        questions = [q for q in definition.questions() if q.type is not QuestionType.NOTE]
        by_id = {q.id: q for q in definition.questions()}
        position = {q.id: i for i, q in enumerate(definition.questions())}
        self.ids = tuple(q.id for q in questions)
        self.known = frozenset(self.ids)
        self.index = {qid: i for i, qid in enumerate(self.ids)}
        self.evidence_ids = frozenset(q.id for q in questions if q.type is QuestionType.EVIDENCE)
        section_index = {s.id: i for i, s in enumerate(definition.sections)}
        for q in questions:
            if q.tier is not None and q.tier not in self.tier_rank:
                raise ValueError(f"{q.id}: tier {q.tier!r} is not declared in the standard")
        sections = [section_index[definition.section_of(q.id).id] for q in questions]
        ranks = [self.tier_rank[q.tier] if q.tier is not None else -1 for q in questions]
        self.layout = Layout(questions, sections, ranks, len(section_index), len(self.tiers))
        specs: list[QuestionSpec] = []
        for i, q in enumerate(questions):
            for ref in referenced_ids(q.show_if) if q.show_if else ():
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
            specs.append(QuestionSpec(
                question=q,
                index=i,
                section=sections[i],
                section_id=definition.sections[sections[i]].id,
                tier=ranks[i],
                tier_name=q.tier,
                weight=q.weight,
                max_points=float(max_raw_points(q) * q.weight) + 0.0 if q.tier is not None else 0.0,
                evidence_id=evidence_id,
                condition_text=q.show_if or "",
                rule_params=tuple(sorted(rule_params(q).items())),
                order=(-q.severity.rank, i),
                points_when_met=points_when_met(q),
                packing=self.layout.packings[i],
            ))
        self.specs = tuple(specs)
        self.visibility = Visibility(self.specs, by_id)
        self.file_targets = self.visibility.file_targets
        self._statics(definition)
        self._plans: dict[str, LanguagePlan] = {}
        self.default_plan = self.plan(definition.default_language)
        self.section_memos: tuple[dict[int, SectionResult], ...] = tuple(
            {} for _ in definition.sections
        )
        self.tier_memos: tuple[dict[int, TierNumbers], ...] = tuple({} for _ in self.tiers)
        self.tier_keys = tuple(  # where each tier's block sits in the sum of the tier shares
            (block.offset, block.mask, memo)
            for block, memo in zip(self.layout.tiers, self.tier_memos, strict=True)
        )

    def _statics(self, definition: Definition) -> None:
        bounds, start = [], 0
        for section in definition.sections:
            stop = start + sum(1 for q in section.questions if q.type is not QuestionType.NOTE)
            bounds.append((start, stop))
            start = stop
        self.section_ids = tuple(s.id for s in definition.sections)
        self.section_slices = tuple(slice(a, b) for a, b in bounds)
        self.scale = self.layout.scale
        self.max_units = tuple(int(Fraction(s.max_points) * self.scale) for s in self.specs)
        requirements = [s for s in self.specs if s.tier >= 0]
        self.tier_pick = tuple(
            picker([s.index for s in requirements if s.tier == t]) for t in range(len(self.tiers))
        )
        # gaps in their order (severity, then document order), for each required tier
        ordered = sorted(requirements, key=lambda s: s.order)
        self.gap_pick = tuple(
            picker([s.index for s in ordered if s.tier <= rank]) for rank in range(len(self.tiers))
        )
        self.flag_pick = picker([s.index for s in self.specs if s.question.red_flags])
        # the rating of every count of requirements met out of every count required
        total = len(requirements)
        self.ratings = tuple(
            tuple(rating_for(met, required) for met in range(required + 1))
            for required in range(total + 1)
        )

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
