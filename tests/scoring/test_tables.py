"""Answer tables: shortcuts for numbers, choices in any order and dates never change a result."""

from __future__ import annotations

import math
from typing import Any

import pytest

from portal.questionnaires.definition import Definition
from portal.scoring import (
    CompiledDefinition,
    InvalidInput,
    assessment_to_json,
    score,
    validate_answers,
)


def _definition() -> Definition:
    return Definition.model_validate({
        "key": "t", "version": "1.0", "title": "T", "stages": ["tender"],
        "standard": {"key": "s", "title": "S"},
        "sections": [{"id": "s", "title": "S", "questions": [
            # context, not a requirement: a number needs no table of its own
            {"id": "staff", "type": "number", "text": "Staff", "min": 0, "max": 10**6,
             "integer": True, "required": True},
            {"id": "deaths", "type": "number", "text": "Deaths", "min": 0, "max": 10**5,
             "red_flags": [{"when": {"range": {"min": 1}}, "label": "Fatal accidents"}]},
            {"id": "share", "type": "number", "text": "Share", "min": 0, "max": 100,
             "red_flags": [{"when": {"range": {"min": 10, "max": 20}}, "label": "Mid"},
                           {"when": {"range": {"max": 5}}, "label": "Low"}]},
            {"id": "checks", "type": "multi_choice", "text": "Checks", "tier": "basic",
             "recommendation": "Check.", "met": {"includes_all": ["id", "fees"]},
             "options": [{"value": v, "label": v, "points": 1} for v in ("id", "fees", "age")]},
            {"id": "since", "type": "date", "text": "Since", "tier": "basic",
             "recommendation": "Date it."},
        ]}],
    })


def _json(compiled: CompiledDefinition, answers: dict[str, Any]) -> str:
    return assessment_to_json(score(compiled, answers, required_tier="basic"))


NUMBERS: list[Any] = [0, 1, 7, 12, 12.5, 20, 20.0, 99.9, 100, 101, 10**5, 10**5 + 1, 10**6,
                      -1, -0.0, 2.5, True, False, math.nan, math.inf, -math.inf, 10**400, "7"]


@pytest.mark.parametrize("question", ["staff", "deaths", "share"])
def test_numbers_not_echoed_are_checked_and_flagged_as_the_rules_say(question: str) -> None:
    warm = CompiledDefinition(_definition(), "t")
    for value in NUMBERS * 2:  # the second round finds what the first one left in the tables
        answers = {question: value}
        if validate_answers(warm, answers):
            with pytest.raises(InvalidInput):
                score(warm, answers, required_tier="basic")
            continue
        assert _json(warm, answers) == _json(CompiledDefinition(_definition(), "t"), answers)


def test_flags_of_numbers_follow_their_ranges() -> None:
    compiled = CompiledDefinition(_definition(), "t")
    flags = {v: [f.label for f in score(compiled, {"share": v}, required_tier="basic").red_flags]
             for v in (0, 5, 5.5, 10, 15, 20, 20.5)}
    assert flags == {0: ["Low"], 5: ["Low"], 5.5: [], 10: ["Mid"], 15: ["Mid"], 20: ["Mid"],
                     20.5: []}
    deaths = {v: bool(score(compiled, {"deaths": v}, required_tier="basic").red_flags)
              for v in (0, 1, 2, 0, 1)}
    assert deaths == {0: False, 1: True, 2: True}


def test_choices_in_any_order_give_the_same_result() -> None:
    compiled = CompiledDefinition(_definition(), "t")
    first = _json(compiled, {"checks": ["id", "fees"]})
    for _ in range(2):  # once found as a set, then as remembered in this order
        assert _json(compiled, {"checks": ["fees", "id"]}) == first
        assert _json(compiled, {"checks": ("fees", "id")}) == first
    for bad in (["id", "id"], ["fees", "id", "fees"], ["id", "nope"], "id", {"id": 1}, [["id"]]):
        with pytest.raises(InvalidInput, match="'checks'"):
            score(compiled, {"checks": bad}, required_tier="basic")


def test_dates_are_remembered_once_checked() -> None:
    compiled = CompiledDefinition(_definition(), "t")
    answered = _json(compiled, {"since": "2024-01-31"})
    assert _json(compiled, {"since": "2024-01-31"}) == answered  # found in the table
    assert _json(compiled, {"since": "2023-06-01"}) == answered  # any date: the same entry
    for bad in ("2024-02-30", "2024-1-31", "yesterday", 20240131):
        with pytest.raises(InvalidInput, match="'since'"):
            score(compiled, {"since": bad}, required_tier="basic")
