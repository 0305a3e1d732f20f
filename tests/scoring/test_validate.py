"""Bad input: every problem is reported, naming its question, and `score` refuses it."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from portal.scoring import (
    CompiledDefinition,
    InputProblem,
    InvalidInput,
    Override,
    score,
    validate_answers,
)
from tests.scoring.test_worked_examples import FULL, worked_definition


@pytest.fixture(scope="module")
def compiled() -> CompiledDefinition:
    return CompiledDefinition(worked_definition(), "worked-hash")


@pytest.mark.parametrize(
    ("answers", "question", "message"),
    [
        ({"zz": "yes"}, "zz", "answer to unknown question 'zz'"),
        ({"p8": "seen"}, "p8", "answer to 'p8', a note that takes no answer"),
        ({"p1": "maybe"}, "p1", "answer to 'p1': expected 'yes' or 'no', got 'maybe'"),
        ({"p1": True}, "p1", "answer to 'p1': expected 'yes' or 'no', got True"),
        ({"p2": "final"}, "p2",
         "answer to 'p2': 'final' is not one of the options (none, draft, adopted)"),
        ({"p2": ["draft"]}, "p2",
         "answer to 'p2': ['draft'] is not one of the options (none, draft, adopted)"),
        ({"p3": "audits"}, "p3", "answer to 'p3': expected a list of option values, got 'audits'"),
        ({"p3": ["audits", "bribes"]}, "p3",
         "answer to 'p3': 'bribes' is not one of the options (audits, hotline, training, nothing)"),
        ({"p3": ["audits", "audits"]}, "p3", "answer to 'p3': 'audits' is chosen more than once"),
        ({"p4": "forty"}, "p4", "answer to 'p4': expected a number, got 'forty'"),
        ({"p4": "40"}, "p4", "answer to 'p4': expected a number, got '40'"),
        ({"p4": False}, "p4", "answer to 'p4': expected a number, got False"),
        ({"p4": math.nan}, "p4", "answer to 'p4': expected a finite number, got nan"),
        ({"p4": 101}, "p4", "answer to 'p4': 101 is above the maximum 100"),
        ({"p4": -0.5}, "p4", "answer to 'p4': -0.5 is below the minimum 0"),
        ({"p5": 42}, "p5", "answer to 'p5': expected text, got 42"),
        ({"p6": "2024-02-30"}, "p6",
         "answer to 'p6': expected a date written YYYY-MM-DD, got '2024-02-30'"),
        ({"p6": "01/05/2024"}, "p6",
         "answer to 'p6': expected a date written YYYY-MM-DD, got '01/05/2024'"),
        ({"p6": "20240501"}, "p6",
         "answer to 'p6': expected a date written YYYY-MM-DD, got '20240501'"),
        ({"p6": dt.datetime(2024, 5, 1, 12, 0)}, "p6",
         "answer to 'p6': expected a date written YYYY-MM-DD, "
         "got datetime.datetime(2024, 5, 1, 12, 0)"),
        ({"p7": 3}, "p7", "answer to 'p7': expected a file reference, got 3"),
    ],
)
def test_bad_answers(
    compiled: CompiledDefinition, answers: dict[str, Any], question: str, message: str
) -> None:
    problems = validate_answers(compiled, FULL | answers, required_tier="basic")
    assert problems == (InputProblem(question, message),)
    with pytest.raises(InvalidInput) as raised:
        score(compiled, FULL | answers, required_tier="basic")
    assert raised.value.problems == problems
    assert raised.value.messages == (message,)
    assert str(raised.value) == message


def test_every_problem_is_reported_at_once(compiled: CompiledDefinition) -> None:
    answers = {"p1": "maybe", "p4": "x", "ghost": 1}
    problems = validate_answers(
        compiled, answers, required_tier="gold", files=["p1", "nobody"],
        overrides=[Override("p2", " ", met=True)],
    )
    assert [p.question_id for p in problems] == [None, "p1", "p4", "ghost", "p1", None, "p2"]
    assert problems[0].message == "required tier 'gold' is not one of basic, advanced"
    assert problems[4].message == "file attached to 'p1', which does not take evidence"
    assert problems[5].message == "file attached to unknown question 'nobody'"
    assert problems[6].message == "override of 'p2' needs a reason"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (Override("p2", ""), "override of 'p2' needs a reason"),
        (Override("p2", "ok"), "override of 'p2' sets neither met nor points"),
        (Override("nope", "ok", met=True), "override of unknown question 'nope'"),
        (Override("p8", "ok", met=True), "override of 'p8', which is not a requirement"),
        (Override("p4", "ok", points=4.5),
         "override of 'p4': points must be a number from 0 to 4, got 4.5"),
        (Override("p4", "ok", points=-1),
         "override of 'p4': points must be a number from 0 to 4, got -1"),
        (Override("p4", "ok", points=True),  # type: ignore[arg-type]
         "override of 'p4': points must be a number from 0 to 4, got True"),
        (Override("p2", "ok", met="yes"),  # type: ignore[arg-type]
         "override of 'p2': met must be true or false, got 'yes'"),
        (Override("p2", "lone \ud800", met=True), "override of 'p2': the reason is not valid text"),
    ],
)
def test_bad_overrides(compiled: CompiledDefinition, override: Override, message: str) -> None:
    problems = validate_answers(compiled, FULL, overrides=[override])
    assert [p.message for p in problems] == [message]
    with pytest.raises(InvalidInput):
        score(compiled, FULL, required_tier="basic", overrides=[override])


def test_an_override_twice_is_refused(compiled: CompiledDefinition) -> None:
    twice = [Override("p2", "a", met=True), Override("p2", "b", met=False)]
    assert [p.message for p in validate_answers(compiled, FULL, overrides=twice)] == [
        "'p2' is overridden more than once"]


def test_junk_containers_are_refused(compiled: CompiledDefinition) -> None:
    cases: list[dict[str, Any]] = [
        {"answers": ["p1"]},
        {"answers": FULL, "files": "p7"},
        {"answers": FULL, "overrides": 5},
        {"answers": FULL, "required_tier": None},
    ]
    for case in cases:
        with pytest.raises(InvalidInput):
            score(compiled, **{"required_tier": "basic", **case})


def test_answers_to_hidden_questions_are_accepted_and_kept(compiled: CompiledDefinition) -> None:
    answers = {"p1": "no", "p6": "2024-05-01", "p7": "policy.pdf"}
    assert validate_answers(compiled, answers) == ()
    a = score(compiled, answers, required_tier="basic")
    assert a.question("p6").applicable is False
    assert answers["p6"] == "2024-05-01"  # the engine never changes its input


def test_hidden_answers_must_still_be_valid(compiled: CompiledDefinition) -> None:
    problems = validate_answers(compiled, {"p1": "no", "p6": "yesterday"})
    assert [p.question_id for p in problems] == ["p6"]


@pytest.mark.parametrize(
    "answers",
    [
        {"p1": None, "p2": "", "p3": [], "p4": None, "p5": "", "p6": None, "p7": ""},
        {"p3": ("audits",), "p6": dt.date(2024, 5, 1), "p4": 40.0, "p7": ["a.pdf", "b.pdf"]},
        {"p3": {"audits", "hotline"}, "p7": {"name": "policy.pdf"}},
    ],
)
def test_other_accepted_forms(compiled: CompiledDefinition, answers: dict[str, Any]) -> None:
    assert validate_answers(compiled, answers) == ()
    score(compiled, answers, required_tier="advanced")


def test_an_integer_question_refuses_fractions() -> None:
    from portal.questionnaires.definition import Definition

    definition = Definition.model_validate({
        "key": "i", "version": "1.0", "title": "I", "stages": ["tender"],
        "standard": {"key": "s", "title": "S"},
        "sections": [{"id": "s", "title": "S", "questions": [
            {"id": "n", "type": "number", "text": "N", "integer": True},
            {"id": "t", "type": "text", "text": "T", "max_length": 5},
        ]}],
    })
    compiled = CompiledDefinition(definition, "i")
    assert validate_answers(compiled, {"n": 3.0, "t": "12345"}) == ()
    messages = [p.message for p in validate_answers(compiled, {"n": 2.5, "t": "123456"})]
    assert messages == ["answer to 'n': expected a whole number, got 2.5",
                        "answer to 't': the text has 6 characters; at most 5 are allowed"]
    assert [p.message for p in validate_answers(compiled, {"n": 10**400})] == [
        f"answer to 'n': {'1' + '0' * 56}... is too large a number"]
