"""Totals from the packed integer sum against the plain sums (`math.fsum`) they replace."""

from __future__ import annotations

import dataclasses
import math
import random
from typing import Any

from hypothesis import HealthCheck, given, settings

from portal.questionnaires.definition import Definition, QuestionType
from portal.scoring import Assessment, CompiledDefinition, Override, score
from portal.scoring.assemble import Totals, _summed_totals
from tests.scoring.strategies import scored_inputs

PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _totals(a: Assessment) -> Totals:
    return (a.sections, a.tiers, a.tier_attained, a.requirements, a.requirements_met,
            a.points, a.max_points)


def _summed(compiled: CompiledDefinition, a: Assessment) -> Totals:
    return _summed_totals(compiled, a.questions, compiled.tier_rank[a.required_tier])


@PROPERTY
@given(scored_inputs())
def test_packed_totals_are_the_plain_sums(inputs: Any) -> None:
    definition, answers, files, tier = inputs
    compiled = CompiledDefinition(definition, "h")
    a = score(compiled, answers, files=files, required_tier=tier)
    assert _totals(a) == _summed(compiled, a)
    plan = compiled.default_plan
    slots: list[Any] = [*plan.hidden, *plan.built.values(),
                        *(s for m in plan.memos for s in m.values())]
    entries = [e for slot in slots for e in (slot if slot.__class__ is tuple else (slot,))]
    # so the sums of the shares were the ones used
    assert all(e.section_share is not None and e.tier_share is not None for e in entries)
    # every field set (the engine fills the slots itself), and the same as the dataclass builds
    assert dataclasses.replace(a) == a


def _kinds(weight: float, points: float) -> list[tuple[str, str, dict[str, Any]]]:
    # negative option points exercise the bias of the packed fields
    return [
        ("yes_no", "basic", {}),
        ("single_choice", "basic", {"options": [
            {"value": "a", "label": "A", "points": points},
            {"value": "b", "label": "B", "points": -points},
            {"value": "c", "label": "C"}]}),
        ("multi_choice", "advanced", {"options": [
            {"value": "a", "label": "A", "points": points},
            {"value": "b", "label": "B", "points": 3 * points},
            {"value": "c", "label": "C", "points": -points}]}),
        ("number", "advanced", {"min": 0, "max": 100, "scoring": {
            "weight": weight, "thresholds": [{"max": 10, "points": points},
                                             {"min": 10, "points": 2 * points}]}}),
        ("yes_no", "basic", {}),
    ]


def _weighted(weight: float, points: float) -> Definition:
    questions: list[dict[str, Any]] = [
        {"id": f"q{i}", "type": kind, "text": "Q", "tier": tier, "recommendation": "Do it.",
         "scoring": {"weight": weight}} | extra
        for i, (kind, tier, extra) in enumerate(_kinds(weight, points))
    ]
    questions[4]["show_if"] = "q0 = 'yes'"
    return Definition.model_validate({
        "key": "w", "version": "1.0", "title": "W", "stages": ["tender"],
        "standard": {"key": "s", "title": "S"},
        "sections": [{"id": "s1", "title": "S1", "questions": questions[:2]},
                     {"id": "s2", "title": "S2", "questions": questions[2:]}],
    })


def test_points_on_a_fine_grid_are_summed_exactly() -> None:
    # a weight like 0.1 makes the grid 1/2**55 of a point: the sums outgrow a machine word
    rng = random.Random(7)
    for weight, points in ((0.1, 0.3), (1e-9, 7.0), (0.5, 1.5)):
        definition = _weighted(weight, points)
        compiled = CompiledDefinition(definition, "w")
        for _ in range(200):
            answers = {}
            for q in definition.questions():
                if q.type is not QuestionType.NOTE and rng.random() < 0.8:
                    answers[q.id] = rng.choice(_choices(q))
            a = score(compiled, answers, required_tier=rng.choice(["basic", "advanced"]))
            assert _totals(a) == _summed(compiled, a)
            assert a.points == math.fsum(r.points for r in a.questions)
    assert CompiledDefinition(_weighted(0.1, 0.3), "w").layout.tiers[-1].offset > 64


def _choices(q: Any) -> list[Any]:
    if q.type is QuestionType.YES_NO:
        return ["yes", "no", None]
    if q.type is QuestionType.SINGLE_CHOICE:
        return [*q.option_values, None]
    if q.type is QuestionType.NUMBER:
        return [0, 5, 9.5, 10, 50, 100, None]
    return [[], ["a"], ["b", "a"], ["a", "b", "c"], ["c"]]


def test_points_off_the_grid_are_summed_by_hand() -> None:
    # an override can give any points up to the maximum: 0.1 is on no power-of-two grid
    compiled = CompiledDefinition(_weighted(1.0, 1.0), "w")
    answers = {"q0": "yes", "q1": "a", "q2": ["a", "b"], "q3": 20, "q4": "no"}
    plain = score(compiled, answers, required_tier="advanced")
    a = score(compiled, answers, required_tier="advanced",
              overrides=[Override("q1", "Checked on site", points=0.1)])
    assert a.question("q1").points == 0.1
    assert a.points == math.fsum(r.points for r in a.questions) != plain.points
    assert _totals(a) == _summed(compiled, a)
