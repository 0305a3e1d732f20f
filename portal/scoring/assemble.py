"""From the entries of a response (one per question, in document order) to its assessment.

Totals come from sums of the entries' small integer shares (`packing.py`); results for a
section or a tier are shared between assessments with the same numbers. An entry off the
packing grid (an override's points) sends the response to the plain sums, which give the same
numbers. Gaps, red flags and unanswered questions are picked from the questions that can have
them, gaps already in their order, so no response is sorted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from itertools import chain
from math import fsum
from typing import Any

from portal.scoring.compiled import CompiledDefinition, TierNumbers
from portal.scoring.entries import Entry
from portal.scoring.model import Assessment, QuestionResult, SectionResult, TierResult
from portal.scoring.tables import MEMO_LIMIT, LanguagePlan

ENGINE_VERSION = "1.0.0"
"""Bumped whenever a change of this package could change an assessment of the same input."""

# sections, tiers, tier attained, requirements and met up to the required tier, points, maximum
Totals = tuple[tuple[SectionResult, ...], tuple[TierResult, ...], str, int, int, float, float]


def _section(compiled: CompiledDefinition, i: int, key: int) -> SectionResult:
    # the result of a section from its key (the sum of its entries' shares), kept for reuse
    units, max_units, requirements, met = compiled.layout.sections[i].read(key)
    points, maximum = units / compiled.scale, max_units / compiled.scale
    percent = 100.0 * points / maximum if maximum > 0 else None
    found = SectionResult(compiled.section_ids[i], points, maximum, percent, requirements, met)
    memo = compiled.section_memos[i]
    if len(memo) < MEMO_LIMIT:
        memo[key] = found
    return found


def _tier(compiled: CompiledDefinition, t: int, key: int) -> TierNumbers:
    # the numbers of a tier from its block of the tier sum, kept for reuse
    units, max_units, requirements, met = compiled.layout.tiers[t].read(key)
    points, maximum = units / compiled.scale, max_units / compiled.scale
    name = compiled.tiers[t]
    found = TierNumbers(
        (TierResult(name, points, maximum, requirements, met, False),
         TierResult(name, points, maximum, requirements, met, True)),
        units, max_units, requirements, met,
    )
    memo = compiled.tier_memos[t]
    if len(memo) < MEMO_LIMIT:
        memo[key] = found
    return found


def _packed_totals(
    compiled: CompiledDefinition, section_keys: list[int], tier_sum: int, rank: int
) -> Totals:
    # section_keys: each section's shares summed; tier_sum: every tier's block side by side
    sections = tuple(map(dict.get, compiled.section_memos, section_keys))  # memo.get(key) each
    if not all(sections):  # all(): `None in` would compare every result with None
        sections = tuple(
            found or _section(compiled, i, key)
            for i, (found, key) in enumerate(zip(sections, section_keys, strict=True))
        )
    tiers = []
    attained, name = True, compiled.below
    units = max_units = required = met = 0
    for t, (shift, mask, memo) in enumerate(compiled.tier_keys):
        key = (tier_sum >> shift) & mask
        results, tier_units, tier_max, tier_required, tier_met = (
            memo.get(key) or _tier(compiled, t, key)
        )
        attained = attained and tier_met == tier_required  # and so were all lower tiers
        tiers.append(results[attained])
        if attained:
            name = compiled.tiers[t]
        units += tier_units
        max_units += tier_max
        if t <= rank:
            required += tier_required
            met += tier_met
    scale = compiled.scale
    return sections, tuple(tiers), name, required, met, units / scale, max_units / scale  # type: ignore[return-value]


def _counts(results: Sequence[QuestionResult]) -> tuple[float, float, int, int]:
    applicable = [r for r in results if r.met is not None]
    return (
        fsum(r.points for r in results),
        fsum(r.max_points for r in results),
        len(applicable),
        sum(r.met is True for r in applicable),
    )


def _summed_totals(
    compiled: CompiledDefinition, results: tuple[QuestionResult, ...], rank: int
) -> Totals:
    # the reference sums: every total is math.fsum of the question points
    sections = []
    for i, part in enumerate(compiled.section_slices):
        points, maximum, requirements, met = _counts(results[part])
        percent = 100.0 * points / maximum if maximum > 0 else None
        sections.append(
            SectionResult(compiled.section_ids[i], points, maximum, percent, requirements, met)
        )
    tiers = []
    attained, name = True, compiled.below
    required = met_required = 0
    for t, pick in enumerate(compiled.tier_pick):
        points, maximum, requirements, met = _counts(pick(results))
        attained = attained and met == requirements
        tiers.append(TierResult(compiled.tiers[t], points, maximum, requirements, met, attained))
        if attained:
            name = compiled.tiers[t]
        if t <= rank:
            required += requirements
            met_required += met
    total, maximum, _, _ = _counts(results)
    return tuple(sections), tuple(tiers), name, required, met_required, total, maximum


# An assessment is built as the dataclass's own __init__ builds it, field by field through the
# slots' setters, without the per-field lookups of `object.__setattr__` (the fastest way there
# is to fill a frozen dataclass, and `dataclasses.replace(a) == a` in the tests checks it).
_SETTERS: dict[str, Any] = {f.name: getattr(Assessment, f.name).__set__ for f in fields(Assessment)}
_ENGINE_VERSION, _KEY, _VERSION, _HASH, _LANGUAGE = (
    _SETTERS["engine_version"], _SETTERS["questionnaire_key"], _SETTERS["questionnaire_version"],
    _SETTERS["version_hash"], _SETTERS["language"],
)
_REQUIRED_TIER, _ATTAINED, _RATING, _REQUIREMENTS, _MET = (
    _SETTERS["required_tier"], _SETTERS["tier_attained"], _SETTERS["rating"],
    _SETTERS["requirements"], _SETTERS["requirements_met"],
)
_POINTS, _MAX_POINTS, _PERCENT, _QUESTIONS, _SECTIONS = (
    _SETTERS["points"], _SETTERS["max_points"], _SETTERS["percent"], _SETTERS["questions"],
    _SETTERS["sections"],
)
_TIERS, _GAPS, _RECOMMENDATIONS, _RED_FLAGS, _UNANSWERED = (
    _SETTERS["tiers"], _SETTERS["gaps"], _SETTERS["recommendations"], _SETTERS["red_flags"],
    _SETTERS["unanswered_required"],
)
if len(_SETTERS) != 20:  # pragma: no cover - a new field must be set in `assess` as well
    raise RuntimeError("Assessment has fields that `assess` does not set")


def assess(
    compiled: CompiledDefinition, plan: LanguagePlan, entries: Sequence[Entry], rank: int
) -> Assessment:
    """The assessment of a response whose entries are settled (visibility, files, overrides)."""
    # one zip turns the entries into columns: cheaper than a pass per column
    columns = zip(*entries) if entries else ((),) * len(Entry._fields)  # noqa: B905
    results, section_shares, tier_shares, gaps, recommendations, flags, unanswered = columns
    try:
        # sum(section_shares[part]) for each section, without a Python loop
        section_keys = list(map(sum, map(section_shares.__getitem__, compiled.section_slices)))
        tier_sum = sum(tier_shares)
    except TypeError:  # an entry off the packing grid (None) is added up by hand
        totals = _summed_totals(compiled, results, rank)
    else:
        totals = _packed_totals(compiled, section_keys, tier_sum, rank)
    sections, tiers, attained, required, met, points, max_points = totals
    in_order = compiled.gap_pick[rank]  # the requirements that can be gaps, in gap order
    a: Assessment = object.__new__(Assessment)
    _ENGINE_VERSION(a, ENGINE_VERSION)
    _KEY(a, compiled.key)
    _VERSION(a, compiled.version)
    _HASH(a, compiled.version_hash)
    _LANGUAGE(a, plan.language)
    _REQUIRED_TIER(a, compiled.tiers[rank])
    _ATTAINED(a, attained)
    _RATING(a, compiled.ratings[required][met])
    _REQUIREMENTS(a, required)
    _MET(a, met)
    _POINTS(a, points)
    _MAX_POINTS(a, max_points)
    _PERCENT(a, 100.0 * points / max_points if max_points > 0 else None)
    _QUESTIONS(a, results)
    _SECTIONS(a, sections)
    _TIERS(a, tiers)
    _GAPS(a, tuple(filter(None, in_order(gaps))))
    _RECOMMENDATIONS(a, tuple(filter(None, in_order(recommendations))))
    _RED_FLAGS(a, tuple(chain.from_iterable(compiled.flag_pick(flags))))
    _UNANSWERED(a, tuple(filter(None, unanswered)))
    return a
