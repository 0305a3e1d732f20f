"""Compiled definitions: cached by hash (LRU), and refused when the engine cannot trust them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from portal.questionnaires.definition import Definition
from portal.scoring import clear_cache, compile_definition, score
from portal.scoring.compiled import CACHE_SIZE, CompiledDefinition
from portal.scoring.tables import MEMO_LIMIT
from tests.scoring.test_worked_examples import FULL, worked_definition


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def test_the_cache_is_keyed_by_hash() -> None:
    definition = worked_definition()
    first = compile_definition(definition, "a")
    assert compile_definition(definition, "a") is first
    assert compile_definition(definition, "b") is not first


def test_the_least_recently_used_is_evicted() -> None:
    definition = worked_definition()
    oldest = compile_definition(definition, "h0")
    kept = compile_definition(definition, "h1")
    for i in range(2, CACHE_SIZE + 1):
        compile_definition(definition, f"h{i}")
        compile_definition(definition, "h1")  # used again: stays
    assert compile_definition(definition, "h1") is kept
    assert compile_definition(definition, "h0") is not oldest


def _small(**question: Any) -> dict[str, Any]:
    return {
        "key": "s", "version": "1.0", "title": "S", "stages": ["tender"],
        "standard": {"key": "s", "title": "S"},
        "sections": [{"id": "s", "title": "S", "questions": [
            {"id": "a", "type": "yes_no", "text": "A"},
            {"id": "b", "type": "yes_no", "text": "B"} | question,
        ]}],
    }


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"tier": "gold", "recommendation": "x"}, "tier 'gold' is not declared"),
        ({"show_if": "b = 'yes'"}, "the condition refers to 'b', not an earlier question"),
        ({"show_if": "c = 'yes'"}, "the condition refers to 'c', not an earlier question"),
        ({"tier": "basic", "recommendation": "x", "evidence_required": True,
          "evidence_question": "zz"}, "evidence question 'zz' does not exist"),
    ],
)
def test_untrustworthy_definitions_are_refused(question: dict[str, Any], message: str) -> None:
    definition = Definition.model_validate(_small(**question))
    with pytest.raises(ValueError, match=message):
        CompiledDefinition(definition, "x")


def test_many_distinct_answers_stay_correct_beyond_the_tables() -> None:
    definition = Definition.model_validate({
        "key": "n", "version": "1.0", "title": "N", "stages": ["tender"],
        "standard": {"key": "s", "title": "S"},
        "sections": [{"id": "s", "title": "S", "questions": [
            {"id": "n", "type": "number", "text": "N", "tier": "basic", "recommendation": "x",
             "met": {"range": {"max": 1000}}},
        ]}],
    })
    compiled = CompiledDefinition(definition, "n")
    for value in range(MEMO_LIMIT + 10):
        a = score(compiled, {"n": value}, required_tier="basic")
        assert a.question("n").met is (value <= 1000)
        assert a.question("n").outcome.reason.param("answer") == str(value)


def test_equal_numbers_give_equal_results() -> None:
    compiled = CompiledDefinition(worked_definition(), "w")
    as_int = score(compiled, FULL | {"p4": 40}, required_tier="basic")
    as_float = score(compiled, FULL | {"p4": 40.0}, required_tier="basic")
    assert as_int == as_float
    assert score(CompiledDefinition(worked_definition(), "w"), FULL | {"p4": 40.0},
                 required_tier="basic") == as_int
