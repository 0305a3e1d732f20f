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

Input is screened by a few cheap checks that every valid input in the usual shape passes, and
each answer is checked by finding it in its question's table; only when something looks off
does `validate_answers` run, so invalid input is always reported in full.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from operator import call

from portal.questionnaires.definition import is_answered
from portal.scoring.assemble import ENGINE_VERSION, assess
from portal.scoring.compiled import CompiledDefinition
from portal.scoring.entries import override_entry
from portal.scoring.model import Assessment, InvalidInput, Override
from portal.scoring.tables import LanguagePlan, Slot
from portal.scoring.validate import AnswerError, tier_problem, validate_answers
from portal.scoring.visibility import settle

__all__ = ["ENGINE_VERSION", "score"]


_COLLECTIONS = (frozenset, set, list, tuple)  # the shapes of `files` taken without a full check


def _files_fit(compiled: CompiledDefinition, files: Collection[str]) -> bool:
    # only questions that take a file: anything else is checked in full
    try:
        return compiled.file_targets.issuperset(files)
    except TypeError:  # an unhashable question id
        return False


def _screened(
    compiled: CompiledDefinition,
    answers: Mapping[str, object],
    required_tier: str,
    files: Collection[str],
    overrides: Iterable[Override],
) -> tuple[tuple[Override, ...], int]:
    # the full validation, for input that the quick screening in `score` did not let through
    given = overrides
    if not isinstance(overrides, tuple):  # read a generator once; leave junk to the validator
        iterable = isinstance(overrides, Iterable) and not isinstance(overrides, str | bytes)
        overrides = tuple(overrides) if iterable else ()
        given = overrides if iterable else given
    problems = validate_answers(
        compiled, answers, files=files, overrides=given, required_tier=required_tier
    )
    # validate_answers checks a tier only when one is given; score needs one
    missing = tier_problem(compiled, required_tier) if required_tier is None else None
    if missing is not None:
        problems = (missing, *problems)
    if problems:
        raise InvalidInput(problems)
    return overrides, compiled.tier_rank[required_tier]


def _lookup(getter: Callable[[object], Slot | None], value: object) -> Slot | None:
    try:
        return getter(value)
    except TypeError:  # an unhashable answer to a table question: left to `_fill`
        return None


def _fill(
    compiled: CompiledDefinition,
    plan: LanguagePlan,
    answers: Mapping[str, object],
    values: list[object],
    slots: list[Slot | None],
) -> None:
    # answers the getters could not vouch for: check and build them, or report every
    # problem of the input
    for i, slot in enumerate(slots):
        if slot is None:
            try:
                slots[i] = plan.resolve(compiled.specs[i], values[i])
            except AnswerError:
                raise InvalidInput(validate_answers(compiled, answers)) from None
            if not is_answered(values[i]):  # e.g. {}: conditions take any unanswered as None
                values[i] = None


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
    # a quick screening that every valid input in the usual shape passes; each answer is
    # then checked by finding it in its question's table
    rank = compiled.tier_rank.get(required_tier) if required_tier.__class__ is str else None
    if (
        rank is None
        or overrides.__class__ is not tuple
        or overrides
        or answers.__class__ is not dict
        or not compiled.known.issuperset(answers)
        or files.__class__ not in _COLLECTIONS
        or (files and not _files_fit(compiled, files))
    ):
        overrides, rank = _screened(compiled, answers, required_tier, files, overrides)
    plan = compiled.default_plan if language is None else compiled.plan(compiled.language(language))
    values = list(map(answers.get, compiled.ids))  # the answers in document order
    try:
        # each question's getter on its answer; map() runs the loop in C
        slots: list[Slot | None] = list(map(call, plan.getters, values))
    except TypeError:  # an unhashable answer somewhere: look each one up on its own
        slots = list(map(_lookup, plan.getters, values))
    if not all(slots):  # entries are non-empty tuples; all() never calls __eq__
        _fill(compiled, plan, answers, values, slots)
    entries = settle(compiled.visibility, plan, values, files, slots)  # type: ignore[arg-type]
    for override in overrides:
        i = compiled.index[override.question_id]
        entries[i] = override_entry(compiled.specs[i], entries[i], override, plan.localise)
    return assess(compiled, plan, entries, rank)
