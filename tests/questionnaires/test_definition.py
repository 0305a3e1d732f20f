"""The typed models of the definition format."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from portal.questionnaires.definition import (
    AnswerRule,
    Definition,
    QuestionType,
    Severity,
    Stage,
    is_answered,
    localise,
)
from tests.questionnaires.builders import build, choice, data, question


def test_fixture_loads_every_question_type(supply_chain: Definition) -> None:
    assert {q.type for q in supply_chain.questions()} == set(QuestionType)
    assert [q.id for q in supply_chain.questions()][:3] == [
        "intro", "forced_labour_policy", "policy_document"]
    assert supply_chain.stages == (Stage.TENDER, Stage.CONTRACT)


def test_lookups(supply_chain: Definition) -> None:
    assert supply_chain.question("weekly_hours").unit == {"en": "hours", "fr": "heures"}
    assert supply_chain.section_of("weekly_hours").id == "wages"
    assert supply_chain.has_question("weekly_hours")
    assert not supply_chain.has_question("nope")
    with pytest.raises(KeyError):
        supply_chain.question("nope")
    assert [q.id for q in supply_chain.requirements()] == [
        "forced_labour_policy", "policy_scope", "weekly_hours", "audit_types", "audit_findings"]


@pytest.mark.parametrize(("tier", "rank"), [("basic", 0), ("advanced", 1)])
def test_tier_rank(supply_chain: Definition, tier: str, rank: int) -> None:
    assert supply_chain.tier_rank(tier) == rank


def test_tier_rank_refuses_undeclared_tier(supply_chain: Definition) -> None:
    with pytest.raises(ValueError, match="gold"):
        supply_chain.tier_rank("gold")


def test_plain_string_means_the_default_language() -> None:
    definition = build(question("q"), default_language="fr", languages=["fr"])
    assert definition.title == {"fr": "Sample"}
    assert definition.question("q").text == {"fr": "Question q?"}
    # outside a definition, the default language is en
    assert build(question("q")).question("q").text == {"en": "Question q?"}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ({"en": "Yes", "fr": "Oui"}, "fr", "Oui"),
        ({"en": "Yes", "fr": "Oui"}, "de", "Yes"),
        ({"fr": "Oui"}, "de", "Oui"),
        (None, "en", ""),
    ],
)
def test_localise_falls_back(text: dict[str, str] | None, lang: str, expected: str) -> None:
    assert localise(text, lang, "en") == expected


def test_models_are_frozen(supply_chain: Definition) -> None:
    with pytest.raises(ValidationError):
        supply_chain.key = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("field", "value"),
    [("min", "10"), ("min", True), ("max_length", 10.5), ("required", "perhaps")],
)
def test_wrong_scalar_types_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        build(question("q", "number", **{field: value}))


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="txt"):
        Definition.model_validate(data(question("q", txt="x")))


@pytest.mark.parametrize(
    "rule", [{}, {"in": ["a"], "answered": True}, {"range": {}}, {"range": {"min": 3, "max": 1}}]
)
def test_answer_rule_needs_exactly_one_sound_kind(rule: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        AnswerRule.model_validate(rule)


def test_answer_rule_accessors() -> None:
    rule = AnswerRule.model_validate({"includes_all": ["a", "b"]})
    assert (rule.kind, rule.values()) == ("includes_all", ("a", "b"))
    assert AnswerRule(in_=("yes",)).model_dump(exclude_none=True) == {"in": ("yes",)}


def test_option_values_and_severity_order() -> None:
    definition = build(question("yn"), choice("c", ("x", "y")))
    assert definition.question("yn").option_values == ("yes", "no")
    assert definition.question("c").option_values == ("x", "y")
    assert definition.question("c").option("y") is not None
    assert definition.question("c").option("z") is None
    assert sorted(Severity, key=lambda s: s.rank)[-1] is Severity.CRITICAL


@pytest.mark.parametrize(
    ("value", "answered"),
    [(None, False), ("", False), ([], False), ((), False), ("no", True), (0, True),
     (["a"], True), (False, True)],
)
def test_is_answered(value: object, answered: bool) -> None:
    assert is_answered(value) is answered
