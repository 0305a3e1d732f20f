"""Scoring a response against a compiled definition: the assessment, gaps, red flags.

`score` is a pure function of its inputs: the compiled definition (its version hash goes into
the assessment with `ENGINE_VERSION`), the answers, the questions with a file attached, the
required tier, the buyer's overrides and the language. Equal inputs give equal assessments,
whose JSON (`portal.scoring.serialise`) is byte-identical.

Rules, in the words of `docs/questionnaire-format.md`:

- a question hidden by its condition is not applicable: no points, no maximum, no gap, no red
  flag, and a file attached to a hidden evidence question does not count;
- a requirement is met when its answer satisfies its met rule and, if it needs evidence, a file
  is attached to its (shown) evidence question;
- the tier attained is the highest tier all of whose applicable requirements at or below it are
  met, else "below <lowest tier>";
- gaps are the applicable requirements at or below the required tier that are not met, sorted
  by severity (critical first) then document order; there is one recommendation per gap;
- the rating band is described in `portal.scoring.rating`;
- overrides are inputs: the overridden outcome is computed here, next to the original one;
- points are floats: a question's points are its answer's points times its weight; every total
  is `math.fsum` of the question points, the correctly rounded exact sum.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from math import fsum
from operator import attrgetter, call, sub
from typing import cast

from portal.questionnaires.definition import is_answered
from portal.scoring.compiled import CompiledDefinition
from portal.scoring.entries import Entry, override_entry
from portal.scoring.model import Assessment, InvalidInput, Override, RedFlagHit, SectionResult
from portal.scoring.rating import rating_for, tier_attained
from portal.scoring.tables import LanguagePlan, Slot
from portal.scoring.validate import AnswerError, tier_problem, validate_answers

ENGINE_VERSION = "1.0.0"
"""Bumped whenever a change of this package could change an assessment of the same input."""

_POINTS = attrgetter("points")
_NOTABLE = attrgetter("notable")
_ORDER = attrgetter("order")
_GAP = attrgetter("gap")
_RECOMMENDATION = attrgetter("recommendation")
_RESULT = attrgetter("result")


def _suspect(
    compiled: CompiledDefinition,
    answers: object,
    files: Collection[str],
    overrides: tuple[Override, ...],
    rank: int | None,
) -> bool:
    # cheap checks that every valid input passes; anything else goes to the full validation
    if rank is None or overrides or not (answers.__class__ is dict or isinstance(answers, Mapping)):
        return True
    try:
        return not compiled.known.issuperset(answers) or bool(
            files and not compiled.file_targets.issuperset(files)
        )
    except TypeError:
        return True


def _lookup(getter: Callable[[object], Slot | None], value: object) -> Slot | None:
    try:
        return getter(value)
    except TypeError:  # an unhashable answer to a table question: left to `_fill`
        return None


def _fill(
    compiled: CompiledDefinition,
    plan: LanguagePlan,
    answers: Mapping[str, object],
    slots: list[Slot | None],
) -> None:
    # answers not seen before: check and build them, or report every problem of the input
    for i in [i for i, slot in enumerate(slots) if slot is None]:
        spec = compiled.specs[i]
        try:
            slots[i] = plan.resolve(spec, answers.get(spec.id))
        except AnswerError:
            raise InvalidInput(validate_answers(compiled, answers)) from None


def _with_files(
    compiled: CompiledDefinition, answers: Mapping[str, object], files: Collection[str]
) -> Mapping[str, object]:
    # conditions read answers only: a file given apart from them still answers its question
    merged = dict(answers)
    for qid in files:
        if qid in compiled.evidence_ids and not is_answered(merged.get(qid)):
            merged[qid] = True
    return merged


def score(
    compiled: CompiledDefinition,
    answers: Mapping[str, object],
    *,
    required_tier: str,
    files: Collection[str] = frozenset(),
    overrides: Iterable[Override] = (),
    language: str | None = None,
) -> Assessment:
    """Assess a response; InvalidInput (with every problem) when `validate_answers` objects.

    `files` holds the ids of the questions with a file attached (an evidence question also
    counts as attached when its answer is a file reference). `language` picks the language of
    recommendations and red-flag labels, falling back to the definition's default.
    """
    given = overrides
    if not isinstance(overrides, tuple):  # read a generator once; leave junk to the validator
        iterable = isinstance(overrides, Iterable) and not isinstance(overrides, str | bytes)
        overrides = tuple(overrides) if iterable else ()
        given = overrides if iterable else given
    rank = compiled.tier_rank.get(required_tier) if isinstance(required_tier, str) else None
    if given is not overrides or _suspect(compiled, answers, files, overrides, rank):
        problems = validate_answers(
            compiled, answers, files=files, overrides=given, required_tier=required_tier
        )
        # validate_answers checks a tier only when one is given; score needs one
        missing = tier_problem(compiled, required_tier) if required_tier is None else None
        if missing is not None:
            problems = (missing, *problems)
        if problems:
            raise InvalidInput(problems)
    assert rank is not None  # the validator reports any other tier
    plan = compiled.default_plan if language is None else compiled.plan(compiled.language(language))
    try:
        slots: list[Slot | None] = list(map(call, plan.getters, map(answers.get, compiled.ids)))
    except TypeError:  # an unhashable answer somewhere: look each one up on its own
        slots = list(map(_lookup, plan.getters, map(answers.get, compiled.ids)))
    if None in slots:
        _fill(compiled, plan, answers, slots)

    visible: Collection[str] = compiled.known
    hidden: list[int] = []
    if compiled.conditional:
        seen = answers
        if files and compiled.conditions_read_files:
            seen = _with_files(compiled, answers, files)
        shown: set[str] | None = None
        for i, qid, predicate in compiled.conditional:
            # later questions stay in the set: a condition only reads earlier ones
            if not predicate(seen, visible):
                if shown is None:
                    shown = set(compiled.known)
                    visible = shown
                shown.discard(qid)
                slots[i] = plan.hidden[i]
                hidden.append(i)
    for i, evidence_id, is_evidence in compiled.file_dependent:
        pair = slots[i]
        if pair.__class__ is tuple:
            # a checked evidence answer is a str, list or dict: truthy exactly when answered
            attached = evidence_id in visible and (
                evidence_id in files or (is_evidence and bool(answers.get(evidence_id)))
            )
            slots[i] = pair[attached]
    entries: list[Entry] = slots  # type: ignore[assignment]
    for override in overrides:
        i = compiled.index[override.question_id]
        entries[i] = override_entry(compiled.specs[i], entries[i], override, plan.localise)
    return _assess(compiled, plan, entries, rank, hidden)


def _assess(
    compiled: CompiledDefinition,
    plan: LanguagePlan,
    entries: list[Entry],
    rank: int,
    hidden: list[int],
) -> Assessment:
    section_units, section_reqs = list(compiled.section_max_units), list(compiled.section_reqs)
    tier_units, tier_reqs = list(compiled.tier_max_units), list(compiled.tier_reqs)
    total_units = compiled.total_max_units
    for i in hidden:
        spec = compiled.specs[i]
        if spec.tier >= 0:
            units = compiled.max_units[i]
            section_units[spec.section] -= units
            section_reqs[spec.section] -= 1
            tier_units[spec.tier] -= units
            tier_reqs[spec.tier] -= 1
            total_units -= units
    unmet_sections = [0] * len(section_reqs)
    unmet_tiers = [0] * len(tier_reqs)
    gaps: list[Entry] = []
    flags: list[RedFlagHit] = []
    unanswered: list[str] = []
    for entry in filter(_NOTABLE, entries):
        if entry.unmet:
            unmet_sections[entry.section] += 1
            unmet_tiers[entry.tier] += 1
            if entry.tier <= rank:
                gaps.append(entry)
        if entry.flags:
            flags += entry.flags
        if entry.unanswered_required:
            unanswered.append(entry.question_id)
    if len(gaps) > 1:
        gaps.sort(key=_ORDER)
    points = list(map(_POINTS, entries))
    # Section results are shared between assessments with the same numbers. Questionnaires
    # have many short sections, so the keys are built by map and zip rather than a loop.
    keys = list(zip(
        compiled.section_numbers,
        map(fsum, map(points.__getitem__, compiled.section_slices)),
        section_units,
        section_reqs,
        map(sub, section_reqs, unmet_sections),
        strict=True,
    ))
    found = list(map(compiled.section_memo.get, keys))
    if None in found:
        found = [hit or compiled.section_result(*key) for hit, key in zip(found, keys, strict=True)]
    sections = cast("list[SectionResult]", found)
    tier_memo = compiled.tier_memo
    tiers = []
    attained = True
    for t, pick in enumerate(compiled.tier_pick):
        attained = attained and not unmet_tiers[t]
        reqs = tier_reqs[t]
        tier_key = (t, fsum(pick(points)), tier_units[t], reqs, reqs - unmet_tiers[t], attained)
        tiers.append(tier_memo.get(tier_key) or compiled.tier_result(*tier_key))
    required = sum(tier_reqs[: rank + 1])
    met = required - sum(unmet_tiers[: rank + 1])
    total = fsum(points)
    max_total = total_units / compiled.scale
    definition = compiled.definition
    return Assessment(
        engine_version=ENGINE_VERSION,
        questionnaire_key=definition.key,
        questionnaire_version=definition.version,
        version_hash=compiled.version_hash,
        language=plan.language,
        required_tier=compiled.tiers[rank],
        tier_attained=tier_attained(compiled.tiers, unmet_tiers),
        rating=rating_for(met, required),
        requirements=required,
        requirements_met=met,
        points=total,
        max_points=max_total,
        percent=100.0 * total / max_total if max_total > 0 else None,
        questions=tuple(map(_RESULT, entries)),
        sections=tuple(sections),
        tiers=tuple(tiers),
        gaps=tuple(map(_GAP, gaps)),
        recommendations=tuple(map(_RECOMMENDATION, gaps)),
        red_flags=tuple(flags),
        unanswered_required=tuple(unanswered),
    )
