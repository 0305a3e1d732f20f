"""Canonical JSON of an assessment: stable bytes, exact round trip, strict reading."""

from __future__ import annotations

import json

import pytest

from portal.scoring import (
    ENGINE_VERSION,
    CompiledDefinition,
    Override,
    assessment_from_json,
    assessment_to_json,
    score,
)
from tests.scoring.test_worked_examples import BELOW, worked_definition


@pytest.fixture(scope="module")
def text() -> str:
    compiled = CompiledDefinition(worked_definition(), "worked-hash")
    assessment = score(compiled, BELOW, required_tier="advanced", language="fr",
                       overrides=[Override("p4", "Vérifié sur site", points=3)])
    return assessment_to_json(assessment)


def test_canonical_form(text: str) -> None:
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert (data["engine_version"], data["version_hash"]) == (ENGINE_VERSION, "worked-hash")
    assert "Vérifié sur site" in text  # UTF-8 text, not escapes
    p4 = next(q for q in data["questions"] if q["question_id"] == "p4")
    assert p4["override"] == {"met": None, "points": 3.0, "question_id": "p4",
                              "reason": "Vérifié sur site"}
    assert (p4["original"]["points"], p4["outcome"]["points"]) == (2.0, 3.0)


def test_round_trip_is_exact(text: str) -> None:
    assessment = assessment_from_json(text)
    assert assessment_to_json(assessment) == text
    assert assessment_from_json(text.encode("utf-8")) == assessment


def test_equal_inputs_give_equal_bytes() -> None:
    first = score(CompiledDefinition(worked_definition(), "h"), BELOW, required_tier="basic")
    second = score(CompiledDefinition(worked_definition(), "h"), dict(reversed(BELOW.items())),
                   required_tier="basic")
    assert assessment_to_json(first) == assessment_to_json(second)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("rating"),
        lambda d: d.update(rating="G"),
        lambda d: d.update(points="6"),  # no coercion of strings to numbers
        lambda d: d["questions"][0].update(applicable="yes"),
        lambda d: d.update(extra=1),
        lambda d: d["gaps"][0]["reason"].update(why="unknown field"),
    ],
)
def test_reading_is_strict(text: str, change: object) -> None:
    data = json.loads(text)
    change(data)  # type: ignore[operator]
    with pytest.raises(ValueError):
        assessment_from_json(json.dumps(data))


def test_integer_override_points_read_back_the_same() -> None:
    compiled = CompiledDefinition(worked_definition(), "h")
    for qid in ("p4", "p6"):  # shown, and hidden by its condition
        a = score(compiled, BELOW, required_tier="basic",
                  overrides=[Override(qid, "Checked", points=1)])
        text = assessment_to_json(a)
        assert assessment_to_json(assessment_from_json(text)) == text
