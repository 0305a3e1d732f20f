"""Properties of the engine over generated definitions and responses (hypothesis)."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.questionnaires.conditions import visible_questions
from portal.questionnaires.definition import Definition, QuestionType
from portal.questionnaires.validation import parts_of, semantic_issues
from portal.scoring import (
    Assessment,
    CompiledDefinition,
    InvalidInput,
    Override,
    assessment_from_json,
    assessment_to_json,
    score,
    validate_answers,
)
from portal.scoring.rating import rating_for
from tests.scoring.strategies import (
    candidate_answers,
    definitions,
    is_valid_answer,
    responses,
    scored_inputs,
)

PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
GRADES = "ABCDEF"  # best first


def _tier_rank(a: Assessment, tiers: tuple[str, ...]) -> int:
    return tiers.index(a.tier_attained) if a.tier_attained in tiers else -1


def _visible(definition: Definition, answers: dict[str, Any], files: frozenset[str]) -> set[str]:
    # the conditions module decides visibility on its own; a file answers its question
    merged = dict(answers)
    for qid in files:
        if not merged.get(qid):
            merged[qid] = "file"
    return visible_questions(definition, merged)


@PROPERTY
@given(definitions())
def test_generated_definitions_are_valid(definition: Definition) -> None:
    assert semantic_issues(parts_of(definition)) == []


@PROPERTY
@given(scored_inputs())
def test_valid_responses_are_accepted_and_scored(inputs: Any) -> None:
    definition, answers, files, tier = inputs
    compiled = CompiledDefinition(definition, "h")
    assert validate_answers(compiled, answers, files=files, required_tier=tier) == ()
    a = score(compiled, answers, files=files, required_tier=tier)
    assert [q.question_id for q in a.questions] == [
        q.id for q in definition.questions() if q.type is not QuestionType.NOTE]


@PROPERTY
@given(scored_inputs(), st.data())
def test_deterministic_and_round_trips(inputs: Any, data: st.DataObject) -> None:
    definition, answers, files, tier = inputs
    cold = score(CompiledDefinition(definition, "h"), answers, files=files, required_tier=tier)
    warm_compiled = CompiledDefinition(definition, "h")
    for _ in range(3):  # fill the answer tables with other responses first
        other, other_files = data.draw(responses(definition))
        score(warm_compiled, other, files=other_files, required_tier=tier)
    warm = score(warm_compiled, answers, files=files, required_tier=tier)
    text = assessment_to_json(cold)
    assert warm == cold
    assert assessment_to_json(warm) == text
    back = assessment_from_json(text)
    assert back == cold
    assert assessment_to_json(back) == text


@PROPERTY
@given(scored_inputs())
def test_hidden_questions_are_not_applicable(inputs: Any) -> None:
    definition, answers, files, tier = inputs
    a = score(CompiledDefinition(definition, "h"), answers, files=files, required_tier=tier)
    shown = _visible(definition, answers, files)
    gap_ids = {g.question_id for g in a.gaps}
    flag_ids = {f.question_id for f in a.red_flags}
    for result in a.questions:
        assert result.applicable is (result.question_id in shown)
        if not result.applicable:
            assert (result.points, result.max_points, result.met) == (0, 0, None)
            assert result.question_id not in gap_ids | flag_ids
            assert result.question_id not in a.unanswered_required


@PROPERTY
@given(scored_inputs())
def test_gaps_are_the_unmet_applicable_requirements_up_to_the_required_tier(
    inputs: Any,
) -> None:
    definition, answers, files, tier = inputs
    a = score(CompiledDefinition(definition, "h"), answers, files=files, required_tier=tier)
    tiers = definition.standard.tiers
    order = {q.id: i for i, q in enumerate(definition.questions())}
    expected = [
        r.question_id for r in a.questions
        if r.applicable and r.tier is not None
        and tiers.index(r.tier) <= tiers.index(tier) and r.met is False
    ]
    assert sorted(g.question_id for g in a.gaps) == sorted(expected)
    keys = [(-definition.question(g.question_id).severity.rank, order[g.question_id])
            for g in a.gaps]
    assert keys == sorted(keys)
    assert [(r.question_id, r.severity) for r in a.recommendations] == [
        (g.question_id, g.severity) for g in a.gaps]
    for gap in a.gaps:
        q = definition.question(gap.question_id)
        assert (gap.severity, gap.clauses) == (q.severity, q.clauses)


@PROPERTY
@given(scored_inputs())
def test_totals_tiers_and_rating_agree_with_the_questions(inputs: Any) -> None:
    definition, answers, files, tier = inputs
    a = score(CompiledDefinition(definition, "h"), answers, files=files, required_tier=tier)
    tiers = definition.standard.tiers
    results = a.questions
    assert a.points == math.fsum(r.points for r in results)
    assert a.max_points == math.fsum(r.max_points for r in results)
    for section in a.sections:
        mine = [r for r in results if r.section_id == section.section_id]
        assert section.points == math.fsum(r.points for r in mine)
        assert section.max_points == math.fsum(r.max_points for r in mine)
        assert section.requirements == sum(r.met is not None for r in mine)
        assert section.met == sum(r.met is True for r in mine)
    attained = True
    for result in a.tiers:
        mine = [r for r in results if r.tier == result.tier and r.applicable]
        assert result.points == math.fsum(r.points for r in mine)
        assert result.max_points == math.fsum(r.max_points for r in mine)
        assert (result.requirements, result.met) == (len(mine), sum(r.met is True for r in mine))
        attained = attained and result.met == result.requirements
        assert result.attained is attained  # a tier is attained only with every lower one
    best = [t.tier for t in a.tiers if t.attained]
    assert a.tier_attained == (best[-1] if best else f"below {tiers[0]}")
    required = [r for r in results
                if r.met is not None and tiers.index(r.tier or "") <= tiers.index(tier)]
    assert a.requirements == len(required)
    assert a.requirements_met == sum(r.met is True for r in required)
    assert a.rating is rating_for(a.requirements_met, a.requirements)
    shown = [r.question_id for r in results if r.applicable and r.answered is False
             and definition.question(r.question_id).required]
    assert list(a.unanswered_required) == shown


def _meet_one_more(
    definition: Definition, answers: dict[str, Any], files: frozenset[str], tier: str
) -> list[tuple[str, Assessment, Assessment]]:
    compiled = CompiledDefinition(definition, "h")
    before = score(compiled, answers, files=files, required_tier=tier)
    found = []
    for result in before.questions:
        if not result.applicable or result.met is not False:
            continue
        q = definition.question(result.question_id)
        file_sets = [files]
        if q.evidence_required and q.evidence_question:
            file_sets.append(files | {q.evidence_question})
        for value, file_set in itertools.product(candidate_answers(q), file_sets):
            if not is_valid_answer(q, value):
                continue
            after = score(compiled, answers | {q.id: value}, files=file_set, required_tier=tier)
            same_visibility = all(
                x.applicable == y.applicable for x, y in zip(before.questions, after.questions,
                                                              strict=True)
                if x.question_id != q.id
            )
            if after.question(q.id).met and same_visibility:
                found.append((q.id, before, after))
    return found


@PROPERTY
@given(scored_inputs())
def test_meeting_one_more_requirement_never_lowers_the_result(inputs: Any) -> None:
    definition, answers, files, tier = inputs
    tiers = definition.standard.tiers
    for qid, before, after in _meet_one_more(definition, answers, files, tier):
        assert _tier_rank(after, tiers) >= _tier_rank(before, tiers)
        assert GRADES.index(after.rating) <= GRADES.index(before.rating)
        assert after.requirements_met >= before.requirements_met
        for x, y in zip(before.questions, after.questions, strict=True):
            if x.question_id != qid:
                assert y.points >= x.points
                assert not (x.met and not y.met)
        # a met answer may score fewer points than an unmet one (met rules need not follow
        # the points table); when it does not, the total cannot drop either
        if after.question(qid).points >= before.question(qid).points:
            assert after.points >= before.points


@PROPERTY
@given(scored_inputs(), st.data())
def test_an_override_to_met_never_lowers_the_result(inputs: Any, data: st.DataObject) -> None:
    definition, answers, files, tier = inputs
    compiled = CompiledDefinition(definition, "h")
    before = score(compiled, answers, files=files, required_tier=tier)
    unmet = [r.question_id for r in before.questions if r.applicable and r.met is False]
    if not unmet:
        return
    qid = data.draw(st.sampled_from(unmet))
    after = score(compiled, answers, files=files, required_tier=tier,
                  overrides=[Override(qid, "Verified on site", met=True)])
    tiers = definition.standard.tiers
    assert _tier_rank(after, tiers) >= _tier_rank(before, tiers)
    assert GRADES.index(after.rating) <= GRADES.index(before.rating)
    assert after.points == before.points
    assert after.question(qid).original == before.question(qid).outcome
    assert len(after.gaps) <= len(before.gaps)


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**400, 10**400), st.floats(), st.text(max_size=8),
    st.sampled_from(["yes", "no", "o0", "o1", "2024-01-31", "2024-02-30", "", "file.pdf"]),
    st.lists(st.sampled_from(["o0", "o1", "o2", "zz", 3]), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@PROPERTY
@given(definitions(), st.data())
def test_the_engine_raises_only_invalid_input(definition: Definition, data: st.DataObject) -> None:
    compiled = CompiledDefinition(definition, "h")
    ids = [q.id for q in definition.questions()] + ["unknown"]
    answers = data.draw(st.dictionaries(st.sampled_from(ids), JUNK, max_size=6))
    files = data.draw(st.sets(st.sampled_from(ids), max_size=2))
    overrides = data.draw(st.lists(st.builds(
        Override, st.sampled_from(ids), st.sampled_from(["", " ", "Checked"]),
        st.sampled_from([None, True, False]), st.sampled_from([None, 0, 1, 2.5, -1, math.nan]),
    ), max_size=2))
    tier = data.draw(st.sampled_from([*definition.standard.tiers, "gold"]))
    problems = validate_answers(compiled, answers, files=files, overrides=overrides,
                                required_tier=tier)
    if not problems:
        a = score(compiled, answers, files=files, overrides=overrides, required_tier=tier)
        text = assessment_to_json(a)
        assert assessment_to_json(assessment_from_json(text)) == text
        return
    with pytest.raises(InvalidInput) as raised:
        score(compiled, answers, files=files, overrides=overrides, required_tier=tier)
    assert raised.value.problems == problems
    for problem in problems:
        if problem.question_id is not None:
            assert repr(problem.question_id) in problem.message
