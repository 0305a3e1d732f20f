"""Worked examples with numbers checked by hand: every question type and every tier outcome."""

from __future__ import annotations

from typing import Any

import pytest

from portal.questionnaires.definition import Definition, Severity
from portal.questionnaires.validation import parts_of, semantic_issues
from portal.scoring import (
    Assessment,
    CompiledDefinition,
    Override,
    Rating,
    ReasonCode,
    RedFlagHit,
    score,
)

# Maxima: p1 1, p2 2, p3 4 (2+1+1), p4 4 (2 points x weight 2), p5 1, p6 1, p7 1, p9 2.
# Basic: p1 p2 p4 p6 p7 = 9; advanced: p3 p5 p9 = 7; total 16.
# Section "policy" (p1 p2 p3, note p8): 7; section "practice" (p4 p5 p6 p7 p9): 9.
DEFINITION: dict[str, Any] = {
    "key": "worked", "version": "1.0", "title": "Worked example", "stages": ["tender"],
    "languages": ["en", "fr"],
    "standard": {"key": "ilo", "title": "ILO core", "tiers": ["basic", "advanced"]},
    "sections": [
        {"id": "policy", "title": "Policy", "questions": [
            {"id": "p1", "type": "yes_no", "text": "Forced labour policy?", "tier": "basic",
             "required": True, "severity": "critical", "clauses": ["ILO-C029", "ILO-C105"],
             "recommendation": {"en": "Adopt a policy.", "fr": "Adoptez une politique."},
             "red_flags": [{"when": {"in": ["no"]},
                            "label": {"en": "No policy", "fr": "Pas de politique"}}]},
            {"id": "p2", "type": "single_choice", "text": "Policy status", "tier": "basic",
             "severity": "high", "recommendation": "Adopt the draft.",
             "options": [{"value": "none", "label": "None", "points": 0},
                         {"value": "draft", "label": "Draft", "points": 1},
                         {"value": "adopted", "label": "Adopted", "points": 2}]},
            {"id": "p3", "type": "multi_choice", "text": "Controls", "tier": "advanced",
             "required": True, "recommendation": "Audit or run a hotline.",
             "met": {"includes_any": ["audits", "hotline"]},
             "options": [{"value": "audits", "label": "Audits", "points": 2},
                         {"value": "hotline", "label": "Hotline", "points": 1},
                         {"value": "training", "label": "Training", "points": 1},
                         {"value": "nothing", "label": "Nothing", "points": 0}],
             "red_flags": [{"when": {"includes_all": ["nothing"]}, "label": "No controls"}]},
            {"id": "p8", "type": "note", "text": "The next section is about practice."},
        ]},
        {"id": "practice", "title": "Practice", "questions": [
            {"id": "p4", "type": "number", "text": "Weekly hours", "tier": "basic",
             "min": 0, "max": 100, "severity": "high", "recommendation": "Cut hours.",
             "scoring": {"weight": 2, "thresholds": [{"max": 48, "points": 2},
                                                     {"min": 48, "max": 60, "points": 1}]},
             "red_flags": [{"when": {"range": {"min": 60}}, "label": "Excessive hours"}]},
            {"id": "p5", "type": "text", "text": "Grievance mechanism", "tier": "advanced",
             "severity": "low", "recommendation": "Describe it."},
            {"id": "p6", "type": "date", "text": "Last audit", "tier": "basic",
             "show_if": "p1 = 'yes'", "recommendation": "Audit."},
            {"id": "p7", "type": "evidence", "text": "Upload the policy", "tier": "basic",
             "required": True, "show_if": "p1 = 'yes'", "recommendation": "Upload it."},
            {"id": "p9", "type": "yes_no", "text": "Policy signed by the board?",
             "tier": "advanced", "severity": "critical", "recommendation": "Have it signed.",
             "scoring": {"points": {"yes": 2, "no": 0}},
             "evidence_required": True, "evidence_question": "p7"},
        ]},
    ],
}


def _localised(data: Any) -> Any:
    # every text of the example in English and French, so language fallback is exercised
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in ("title", "text", "label", "recommendation") and isinstance(value, str):
                out[key] = {"en": value, "fr": f"{value} (fr)"}
            else:
                out[key] = _localised(value)
        return out
    if isinstance(data, list):
        return [_localised(v) for v in data]
    return data


def worked_definition() -> Definition:
    """The worked example, both languages filled in."""
    data = _localised(DEFINITION)
    return Definition.model_validate(data)


@pytest.fixture(scope="module")
def compiled() -> CompiledDefinition:
    definition = worked_definition()
    assert semantic_issues(parts_of(definition)) == []
    return CompiledDefinition(definition, "worked-hash")


FULL = {
    "p1": "yes", "p2": "adopted", "p3": ["audits", "training"], "p4": 40,
    "p5": "We run a hotline with a union.", "p6": "2024-05-01", "p7": "policy.pdf", "p9": "yes",
}


def _points(a: Assessment) -> dict[str, float]:
    return {q.question_id: q.points for q in a.questions}


def test_advanced_everything_met(compiled: CompiledDefinition) -> None:
    a = score(compiled, FULL, required_tier="advanced")
    assert _points(a) == {"p1": 1, "p2": 2, "p3": 3, "p4": 4, "p5": 1, "p6": 1, "p7": 1, "p9": 2}
    assert (a.points, a.max_points) == (15, 16)
    assert a.percent == pytest.approx(93.75)
    assert a.tier_attained == "advanced"
    assert (a.requirements, a.requirements_met, a.rating) == (8, 8, Rating.A)
    assert [(s.section_id, s.points, s.max_points, s.requirements, s.met) for s in a.sections] == [
        ("policy", 6, 7, 3, 3), ("practice", 9, 9, 5, 5)]
    assert a.sections[0].percent == pytest.approx(600 / 7)
    assert [(t.tier, t.points, t.max_points, t.requirements, t.met, t.attained)
            for t in a.tiers] == [("basic", 9, 9, 5, 5, True), ("advanced", 6, 7, 3, 3, True)]
    assert a.gaps == a.recommendations == a.red_flags == a.unanswered_required == ()
    assert (a.version_hash, a.questionnaire_key, a.questionnaire_version) == (
        "worked-hash", "worked", "1.0")
    p9 = a.question("p9")
    assert p9.outcome.reason.code is ReasonCode.MET
    assert p9.outcome.explanation == (
        "Met: the answer yes is among the accepted answers (yes). A file is attached to p7.")
    with pytest.raises(KeyError):  # a note has no result
        a.question("p8")


def test_basic_only_when_an_advanced_requirement_is_missing(compiled: CompiledDefinition) -> None:
    answers = FULL | {"p5": ""}
    basic = score(compiled, answers, required_tier="basic")
    assert basic.tier_attained == "basic"
    assert (basic.requirements, basic.requirements_met, basic.rating) == (5, 5, Rating.A)
    assert basic.gaps == ()  # p5 is above the required tier
    advanced = score(compiled, answers, required_tier="advanced")
    assert advanced.tier_attained == "basic"
    assert (advanced.requirements, advanced.requirements_met) == (8, 7)
    assert advanced.rating is Rating.B  # 87.5 %
    assert [g.question_id for g in advanced.gaps] == ["p5"]
    gap = advanced.gaps[0]
    assert (gap.severity, gap.tier, gap.section_id) == (Severity.LOW, "advanced", "practice")
    assert gap.reason.code is ReasonCode.UNANSWERED
    assert gap.explanation == "Not met: the question is not answered."
    assert advanced.points == 14


BELOW = {"p1": "no", "p2": "draft", "p3": [], "p4": 55, "p5": "x", "p9": "yes"}


def test_below_basic_with_hidden_questions_and_missing_evidence(
    compiled: CompiledDefinition,
) -> None:
    a = score(compiled, BELOW, files={"p7"}, required_tier="advanced")
    # p1 = no hides p6 and p7: not applicable, so their maxima leave the totals (16 - 2)
    assert _points(a) == {"p1": 0, "p2": 1, "p3": 0, "p4": 2, "p5": 1, "p6": 0, "p7": 0, "p9": 2}
    assert (a.points, a.max_points) == (6, 14)
    for qid in ("p6", "p7"):
        result = a.question(qid)
        assert (result.applicable, result.met, result.max_points) == (False, None, 0)
        assert result.outcome.reason.code is ReasonCode.NOT_APPLICABLE
    assert a.question("p6").outcome.explanation == (
        "Not applicable: its condition (p1 = 'yes') does not hold.")
    # the file on p7 does not count: p7 is not shown
    p9 = a.question("p9")
    assert p9.outcome.reason.code is ReasonCode.EVIDENCE_MISSING
    assert p9.outcome.explanation == (
        "Not met: the answer yes is among the accepted answers (yes), "
        "but no file is attached to p7.")
    assert a.tier_attained == "below basic"
    assert (a.requirements, a.requirements_met, a.rating) == (6, 1, Rating.F)  # 16.7 %
    # critical first (p1, p9), then high (p2, p4), then medium (p3), document order within
    assert [g.question_id for g in a.gaps] == ["p1", "p9", "p2", "p4", "p3"]
    assert [r.question_id for r in a.recommendations] == ["p1", "p9", "p2", "p4", "p3"]
    assert a.gaps[0].clauses == ("ILO-C029", "ILO-C105")
    assert a.gaps[0].recommendation == "Adopt a policy."
    assert a.red_flags == (RedFlagHit("p1", 0, "No policy"),)
    assert a.unanswered_required == ("p3",)  # p7 is required but hidden
    p4 = a.question("p4")
    assert p4.outcome.explanation == "Not met: the answer 55 scores 1 of a possible 2 points."
    assert [(s.points, s.max_points, s.requirements, s.met) for s in a.sections] == [
        (1, 7, 3, 0), (5, 7, 3, 1)]
    basic = score(compiled, BELOW, files={"p7"}, required_tier="basic")
    assert (basic.requirements, basic.requirements_met, basic.rating) == (3, 0, Rating.F)
    assert [g.question_id for g in basic.gaps] == ["p1", "p2", "p4"]


def test_red_flags_whatever_the_score(compiled: CompiledDefinition) -> None:
    a = score(compiled, FULL | {"p3": ["nothing"], "p4": 72}, required_tier="basic")
    assert a.red_flags == (
        RedFlagHit("p3", 0, "No controls"), RedFlagHit("p4", 0, "Excessive hours"))
    assert a.question("p4").points == 0  # 72 is outside every band


def test_language_of_recommendations_and_flags(compiled: CompiledDefinition) -> None:
    french = score(compiled, BELOW, required_tier="basic", language="fr")
    assert french.language == "fr"
    assert french.gaps[0].recommendation == "Adoptez une politique."
    assert french.red_flags[0].label == "Pas de politique"
    unknown = score(compiled, BELOW, required_tier="basic", language="de")
    assert unknown.language == "en"
    assert unknown.recommendations[0].text == "Adopt a policy."


def test_overrides_met_not_met_and_points(compiled: CompiledDefinition) -> None:
    overrides = [
        Override("p2", "Adopted policy seen on a site visit", met=True),
        Override("p4", "Hours verified lower by an audit", points=4),
        Override("p5", "Text copied from another supplier", met=False),
    ]
    a = score(compiled, BELOW, required_tier="advanced", overrides=overrides)
    p2, p4, p5 = a.question("p2"), a.question("p4"), a.question("p5")
    assert (p2.original.met, p2.met, p2.points) == (False, True, 1)
    assert (p4.original.points, p4.points, p4.met) == (2, 4, False)  # points leave met alone
    assert (p5.original.met, p5.met, p5.points) == (True, False, 1)
    assert p2.override == overrides[0]
    assert p2.outcome.reason.code is ReasonCode.OVERRIDDEN
    assert p2.outcome.explanation == (
        "Overridden by the buyer (set to met): Adopted policy seen on a site visit.")
    assert p4.outcome.explanation == (
        "Overridden by the buyer (given 4 points): Hours verified lower by an audit.")
    assert a.points == 8  # 6 - 2 + 4
    assert (a.requirements, a.requirements_met) == (6, 1)  # p2 met now, p5 not met any more
    assert [g.question_id for g in a.gaps] == ["p1", "p9", "p4", "p3", "p5"]
    p5_gap = a.gaps[-1]
    assert p5_gap.reason.code is ReasonCode.OVERRIDDEN  # the buyer's reason is the gap's
    p4_gap = a.gaps[2]
    assert p4_gap.reason.code is ReasonCode.NOT_MET  # points only: the answer still says why
    plain = score(compiled, BELOW, required_tier="advanced")
    assert plain.question("p2").override is None
    assert plain.question("p2").outcome == a.question("p2").original


def test_override_of_a_hidden_question_is_kept_but_not_applied(
    compiled: CompiledDefinition,
) -> None:
    override = Override("p6", "Audit report seen", met=True)
    a = score(compiled, BELOW, required_tier="basic", overrides=[override])
    p6 = a.question("p6")
    assert (p6.applicable, p6.met, p6.override) == (False, None, override)
    assert "override is not applied" in p6.outcome.explanation


def test_below_the_lowest_tier_of_any_standard() -> None:
    definition = Definition.model_validate({
        "key": "small", "version": "1.0", "title": "Small", "stages": ["contract"],
        "standard": {"key": "s", "title": "S", "tiers": ["core", "extended", "leading"]},
        "sections": [{"id": "s", "title": "S", "questions": [
            {"id": "a", "type": "yes_no", "text": "A?", "tier": "core", "recommendation": "A"},
            {"id": "b", "type": "yes_no", "text": "B?", "tier": "leading", "recommendation": "B"},
        ]}],
    })
    compiled = CompiledDefinition(definition, "small")
    below = score(compiled, {"a": "no", "b": "yes"}, required_tier="leading")
    assert below.tier_attained == "below core"
    assert [t.attained for t in below.tiers] == [False, False, False]
    # nothing at "extended": once "core" is met, "extended" is attained with it
    extended = score(compiled, {"a": "yes", "b": "no"}, required_tier="extended")
    assert extended.tier_attained == "extended"
    assert (extended.requirements, extended.rating) == (1, Rating.A)
    leading = score(compiled, {"a": "yes", "b": "yes"}, required_tier="core")
    assert leading.tier_attained == "leading"


def test_nothing_required_rates_a() -> None:
    definition = Definition.model_validate({
        "key": "empty", "version": "1.0", "title": "Empty", "stages": ["tender"],
        "standard": {"key": "s", "title": "S"},
        "sections": [{"id": "s", "title": "S", "questions": [
            {"id": "a", "type": "yes_no", "text": "A?"},
            {"id": "b", "type": "yes_no", "text": "B?", "tier": "basic",
             "show_if": "a = 'yes'", "recommendation": "B"},
        ]}],
    })
    a = score(CompiledDefinition(definition, "empty"), {"a": "no"}, required_tier="advanced")
    assert (a.requirements, a.requirements_met, a.rating) == (0, 0, Rating.A)
    assert (a.points, a.max_points, a.percent) == (0, 0, None)
    assert a.tier_attained == "advanced"
    assert a.question("a").outcome.reason.code is ReasonCode.NOT_A_REQUIREMENT


def test_weights_and_rules_of_every_kind() -> None:
    definition = Definition.model_validate({
        "key": "rules", "version": "1.0", "title": "Rules", "stages": ["tender"],
        "standard": {"key": "s", "title": "S"},
        "sections": [{"id": "s", "title": "S", "questions": [
            {"id": "n", "type": "number", "text": "N", "tier": "basic", "recommendation": "N",
             "met": {"range": {"min": 10, "max": 20}}},
            {"id": "m", "type": "multi_choice", "text": "M", "tier": "basic",
             "recommendation": "M", "met": {"min_points": 2}, "scoring": {"weight": 0.5},
             "options": [{"value": "a", "label": "A", "points": 3},
                         {"value": "b", "label": "B", "points": -2},
                         {"value": "c", "label": "C", "points": 1}]},
            {"id": "x", "type": "multi_choice", "text": "X", "tier": "basic",
             "recommendation": "X", "met": {"includes_none": ["bad"]},
             "options": [{"value": "bad", "label": "Bad"}, {"value": "ok", "label": "OK"}]},
            {"id": "y", "type": "yes_no", "text": "Y", "tier": "advanced", "recommendation": "Y",
             "met": {"min_points": 1}, "scoring": {"points": {"yes": 0, "no": 1}}},
        ]}],
    })
    compiled = CompiledDefinition(definition, "rules")
    answers = {"n": 15, "m": ["a", "b"], "x": ["ok"], "y": "no"}
    a = score(compiled, answers, required_tier="advanced")
    # n: no thresholds, 1 point when the range holds; m: (3 - 2) x 0.5, below min_points 2;
    # x: 0 of 0 (options without points), met; y: "no" scores 1, which min_points accepts
    assert _points(a) == {"n": 1, "m": 0.5, "x": 0, "y": 1}
    assert [q.met for q in a.questions] == [True, False, True, True]
    assert a.max_points == 1 + 2 + 0 + 1  # m: (3 + 1) x 0.5
    assert a.question("m").outcome.explanation == (
        "Not met: the answer a, b scores 1 point, fewer than 2.")
    b = score(compiled, {"n": 25, "m": ["b"], "x": ["bad", "ok"]}, required_tier="advanced")
    assert _points(b) == {"n": 0, "m": 0, "x": 0, "y": 0}  # m floors at 0
    assert b.question("n").outcome.explanation == "Not met: the answer 25 is not between 10 and 20."
    assert b.question("x").outcome.explanation == (
        "Not met: the answer (bad, ok) includes some of bad.")
