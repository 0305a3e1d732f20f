"""Carrying answers over to a new version: what is kept, dropped and asked again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.questionnaires.carryover import (
    NEW_QUESTION,
    NOT_ANSWERED,
    REMOVED,
    answer_problem,
    carry_over,
)
from portal.questionnaires.definition import Definition
from tests.questionnaires.builders import build, choice, question

OLD_QUESTIONS: dict[str, dict[str, Any]] = {
    "policy": question("policy", tier="basic", recommendation="Adopt one."),
    "scope": choice("scope", ("own", "tier1", "all")),
    "audits": choice("audits", ("self", "third_party"), "multi_choice"),
    "hours": question("hours", "number", min=0, max=100),
    "since": question("since", "date"),
    "notes": question("notes", "text"),
}
OLD = build(*OLD_QUESTIONS.values())
ANSWERS: dict[str, object] = {
    "policy": "yes", "scope": "tier1", "audits": ["self"], "hours": 45,
    "since": dt.date(2024, 1, 31), "notes": "We audit yearly.",
}


def _new(qid: str, **changes: Any) -> Definition:
    return build(*[{**q, **changes} if q["id"] == qid else q for q in OLD_QUESTIONS.values()])


@pytest.mark.parametrize(
    ("qid", "changes"),
    [
        ("policy", {"text": "Do you have a written forced labour policy?"}),
        ("policy", {"help": "New help."}),
        ("policy", {"tier": "advanced"}),
        ("policy", {"scoring": {"weight": 3}, "severity": "critical"}),
        ("scope", {"options": [{"value": v, "label": v.upper()}
                               for v in ("all", "tier1", "own", "none")]}),  # reordered, added
        ("scope", {"options": [{"value": "own", "label": "Own staff only"},  # not the chosen one
                               {"value": "tier1", "label": "TIER1"},
                               {"value": "all", "label": "ALL"}]}),
        ("audits", {"options": [{"value": "self", "label": "SELF"}]}),  # unchosen one removed
        ("hours", {"min": 40, "max": 48}),
        ("hours", {"integer": True}),
        ("notes", {"max_length": 16}),
        ("notes", {"show_if": "policy = 'yes'"}),
    ],
)
def test_answer_is_kept(qid: str, changes: dict[str, Any]) -> None:
    result = carry_over(OLD, _new(qid, **changes), ANSWERS)
    assert result.kept == ANSWERS
    assert result.needs_answer == []
    assert result.dropped == []


@pytest.mark.parametrize(
    ("qid", "changes", "reason"),
    [
        ("policy", {"type": "text"}, "the answer type changed from yes_no to text"),
        ("scope", {"options": [{"value": "own", "label": "OWN"},
                               {"value": "all", "label": "ALL"}]},
         "option 'tier1' does not exist"),
        ("scope", {"options": [{"value": "own", "label": "OWN"},
                               {"value": "tier1", "label": "Suppliers we audit"},
                               {"value": "all", "label": "ALL"}]},
         "the chosen option 'tier1' was reworded"),
        ("audits", {"options": [{"value": "third_party", "label": "THIRD_PARTY"}]},
         "option 'self' does not exist"),
        ("hours", {"max": 40}, "45 is outside the accepted range 0..40"),
        ("hours", {"min": 50, "max": None}, "45 is outside the accepted range 50.."),
        ("notes", {"max_length": 5}, "the answer is longer than 5 characters"),
    ],
)
def test_answer_is_dropped(qid: str, changes: dict[str, Any], reason: str) -> None:
    result = carry_over(OLD, _new(qid, **changes), ANSWERS)
    assert qid not in result.kept
    assert result.dropped == [(qid, reason)]
    assert result.needs_answer == [(qid, reason)]
    assert set(result.kept) == set(ANSWERS) - {qid}


def test_fractional_number_needs_answer_when_whole_numbers_are_required() -> None:
    result = carry_over(OLD, _new("hours", integer=True), {**ANSWERS, "hours": 37.5})
    assert result.needs_answer == [("hours", "37.5 is not a whole number")]


def test_removed_new_and_unanswered_questions() -> None:
    new = build(*[q for k, q in OLD_QUESTIONS.items() if k != "notes"], question("fresh"),
                question("note", "note"))
    answers = {k: v for k, v in ANSWERS.items() if k != "since"}
    result = carry_over(OLD, new, {**answers, "ghost": "x", "hours": None})
    assert result.dropped == [("notes", REMOVED),
                              ("ghost", "no such question in the earlier version")]
    assert result.needs_answer == [("hours", NOT_ANSWERED), ("since", NOT_ANSWERED),
                                   ("fresh", NEW_QUESTION)]


def test_hidden_questions_need_no_answer() -> None:
    new = build(*OLD_QUESTIONS.values(), question("why_not", "text", show_if="policy = 'no'"))
    assert carry_over(OLD, new, ANSWERS).needs_answer == []
    reanswered = carry_over(OLD, new, {**ANSWERS, "policy": "no"})
    assert reanswered.needs_answer == [("why_not", NEW_QUESTION)]


def test_an_answer_that_was_never_valid_is_not_carried() -> None:
    result = carry_over(OLD, OLD, {**ANSWERS, "scope": "galaxy"})
    assert result.dropped == [
        ("scope", "the earlier answer was not valid: option 'galaxy' does not exist")]


@pytest.mark.parametrize(
    ("qid", "value", "problem"),
    [
        ("policy", "maybe", "'maybe' is not yes or no"),
        ("audits", "self", "'self' is not a choice"),
        ("audits", ["self", 3], "['self', 3] is not a choice"),
        ("hours", "45", "'45' is not a number"),
        ("hours", True, "True is not a number"),
        ("hours", float("nan"), "nan is not a number"),
        ("since", "31/01/2024", "'31/01/2024' is not a date"),
        ("notes", 12, "the answer is not text"),
        ("since", "2024-01-31", None),
        ("audits", ("self", "third_party"), None),
    ],
)
def test_answer_problem(qid: str, value: object, problem: str | None) -> None:
    assert answer_problem(OLD.question(qid), value) == problem


valid_answers = st.fixed_dictionaries(
    {},
    optional={
        "policy": st.sampled_from(["yes", "no"]),
        "scope": st.sampled_from(["own", "tier1", "all"]),
        "audits": st.lists(st.sampled_from(["self", "third_party"]), unique=True, min_size=1),
        "hours": st.integers(0, 100) | st.floats(0, 100, allow_nan=False),
        "since": st.dates().map(dt.date.isoformat),
        "notes": st.text(min_size=1, max_size=50),
    },
)


@given(valid_answers)
def test_identical_definition_keeps_every_valid_answer(answers: dict[str, object]) -> None:
    result = carry_over(OLD, OLD, answers)
    assert result.kept == answers
    assert result.dropped == []
    assert {qid for qid, _ in result.needs_answer} == set(OLD_QUESTIONS) - set(answers)
