"""Differences between two versions, classified and said in plain words."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.questionnaires.definition import Definition
from portal.questionnaires.diff import ChangeKind, diff_definitions, render_diff
from tests.questionnaires.builders import build, choice, data, question

K = ChangeKind
BASE: dict[str, Any] = choice(
    "living_wage", ("yes", "no"), text={"en": "Do you pay a living wage?", "fr": "Salaire ?"},
    help="Living wage, not minimum wage.", tier="basic", recommendation="Pay a living wage.",
    show_if="first is answered", clauses=["ILO-C131"],
)
FIRST = question("first")
TWO_LANGS = {"languages": ["en", "fr"]}


def _with(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def _options(*pairs: tuple[str, str], points: bool = False) -> list[dict[str, Any]]:
    return [{"value": v, "label": label, **({"points": 1} if points else {})}
            for v, label in pairs]


def _diff(old: dict[str, Any], new: dict[str, Any]) -> set[ChangeKind]:
    before = build(FIRST, old, **TWO_LANGS)
    after = build(FIRST, new, **TWO_LANGS)
    change = diff_definitions(before, after).changes_of("living_wage")
    return set(change.kinds) if change else set()


@pytest.mark.parametrize(
    ("new", "kinds"),
    [
        (BASE, set()),
        (_with(text={"en": "Do you pay a living wage to all?", "fr": "Salaire ?"}),
         {K.TEXT_REWORDED}),
        (_with(text={"en": "Do you pay a living wage?", "fr": "Salaire vital ?"}),
         {K.TRANSLATION_CHANGED}),
        (_with(help="See the guidance."), {K.HELP_CHANGED}),
        (_with(options=_options(("yes", "YES"), ("no", "NO"), ("partial", "Partly"))),
         {K.OPTIONS_ADDED}),
        (_with(options=_options(("yes", "YES"))), {K.OPTIONS_REMOVED}),
        (_with(options=_options(("yes", "Yes, always"), ("no", "NO"))), {K.OPTIONS_RELABELLED}),
        (_with(options=_options(("no", "NO"), ("yes", "YES"))), {K.OPTIONS_REORDERED}),
        (_with(options=_options(("yes", "YES"), ("no", "NO"), points=True)), {K.SCORING_CHANGED}),
        (_with(scoring={"weight": 2}), {K.SCORING_CHANGED}),
        (_with(met={"in": ["yes"]}), {K.MET_CHANGED}),
        (_with(tier="advanced"), {K.TIER_CHANGED}),
        (_with(show_if="first = 'yes'"), {K.CONDITION_CHANGED}),
        (_with(show_if="(first   is answered)"), set()),  # layout is not a change
        (_with(type="multi_choice"), {K.TYPE_CHANGED}),
        (_with(required=True), {K.REQUIRED_CHANGED}),
        (_with(evidence_required=True, evidence_question="proof"), {K.EVIDENCE_CHANGED}),
        (_with(severity="critical"), {K.SEVERITY_CHANGED}),
        (_with(recommendation="Pay a living wage now."), {K.RECOMMENDATION_CHANGED}),
        (_with(red_flags=[{"when": {"in": ["no"]}, "label": "No living wage"}]),
         {K.RED_FLAGS_CHANGED}),
        (_with(clauses=["ILO-C131", "ILO-C095"]), {K.CLAUSES_CHANGED}),
        (_with(tier="advanced", help="New help."), {K.TIER_CHANGED, K.HELP_CHANGED}),
    ],
)
def test_change_is_classified(new: dict[str, Any], kinds: set[ChangeKind]) -> None:
    assert _diff(BASE, new) == kinds


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (question("n", "number", min=0, max=10), question("n", "number", min=0, max=5),
         K.RANGE_CHANGED),
        (question("n", "number", unit="hours"), question("n", "number", unit="days"),
         K.UNIT_CHANGED),
        (question("t", "text"), question("t", "text", max_length=10), K.RANGE_CHANGED),
    ],
)
def test_answer_limits_are_classified(
    old: dict[str, Any], new: dict[str, Any], kind: ChangeKind
) -> None:
    change = diff_definitions(build(old), build(new)).changes_of(old["id"])
    assert change is not None and change.kinds == {kind}


def _two_sections(*second: dict[str, Any], title: str = "Wages and hours") -> Definition:
    raw = data(question("intro_q"))
    raw["sections"].append({"id": "wages", "title": title, "questions": list(second)})
    return Definition.model_validate(raw)


def test_render_in_plain_words() -> None:
    old = _two_sections(choice("wages_living_wage", ("yes", "no"), text="Living wage?",
                               tier="basic", recommendation="Pay it."))
    new = _two_sections(choice("wages_living_wage", ("yes", "no", "partial"),
                               text="Do you pay a living wage?", tier="advanced",
                               recommendation="Pay it."))
    assert render_diff(diff_definitions(old, new)).splitlines()[1:] == [
        "Question wages_living_wage (Wages and hours): the text was reworded; option 'partial'"
        " was added; it now counts towards the advanced tier instead of basic.",
    ]


def test_added_removed_and_moved() -> None:
    old = _two_sections(question("gone"), question("moving"), title="Wages")
    raw = data(question("intro_q"), question("moving"))
    raw["sections"].append({"id": "hours", "title": "Hours", "questions": [question("fresh")]})
    new = Definition.model_validate({**raw, "version": "1.1"})
    diff = diff_definitions(old, new)
    assert [q.question_id for q in diff.added_questions] == ["fresh"]
    assert [q.question_id for q in diff.removed_questions] == ["gone"]
    assert [s.section_id for s in diff.added_sections] == ["hours"]
    assert [s.section_id for s in diff.removed_sections] == ["wages"]
    assert diff.other == ()
    assert render_diff(diff).splitlines() == [
        "Changes from version 1.0 to 1.1:",
        "Section Hours (hours): added.",
        "Section Wages (wages): removed.",
        "Question fresh (Hours): added.",
        "Question gone (Wages): removed.",
        "Question moving (Main): it moved from section wages.",
    ]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ({"recommendation": "R"}, {"tier": "basic", "recommendation": "R"},
         "it now counts towards the basic tier (it was not scored before)"),
        ({"tier": "basic", "recommendation": "R"}, {"recommendation": "R"},
         "it no longer counts towards any tier (it was basic)"),
        ({}, {"required": True}, "it is now required"),
        ({"show_if": "a is answered"}, {}, "it is now always shown"),
        ({}, {"show_if": "a is answered"}, "it is now shown only when a is answered"),
        ({}, {"type": "text"}, "it is now answered as text instead of yes/no"),
        ({}, {"severity": "high"}, "a gap on it is now high severity instead of medium"),
        ({}, {"evidence_required": True, "evidence_question": "a"},
         "it now needs supporting evidence"),
        ({"evidence_required": True, "evidence_question": "a"}, {},
         "it no longer needs evidence"),
        ({}, {"clauses": ["ILO-C029"]}, "the clauses it evidences are now ILO-C029 "
         "(before: none)"),
        ({"type": "number", "max": 10}, {"type": "number", "max": 5, "integer": True},
         "the accepted answers are now any to 5, whole numbers (before: any to 10)"),
    ],
)
def test_change_words(old: dict[str, Any], new: dict[str, Any], words: str) -> None:
    before = build(question("a"), question("q", **old))
    after = build(question("a"), question("q", **new))
    assert render_diff(diff_definitions(before, after)).splitlines()[1] == (
        f"Question q (Main): {words}.")


def test_option_words() -> None:
    old = build(choice("q", ("a", "b", "c")))
    new = build(choice("q", ("a", "d", "e")) | {"options": [
        {"value": "a", "label": "First"}, {"value": "d", "label": "D"},
        {"value": "e", "label": "E"}]})
    assert render_diff(diff_definitions(old, new)).splitlines()[1] == (
        "Question q (Main): options 'd' and 'e' were added; options 'b' and 'c' were removed; "
        "option 'a' was relabelled.")


def test_titles_in_the_requested_language() -> None:
    old = build(question("q"), languages=["en", "fr"])
    raw = data(question("q", help="Help"), languages=["en", "fr"])
    raw["sections"][0]["title"] = {"en": "Main", "fr": "Principal"}
    new = Definition.model_validate(raw)
    assert "Question q (Principal): the help text changed." in render_diff(
        diff_definitions(old, new), lang="fr")


@given(st.sampled_from(["single_choice", "multi_choice"]), st.booleans())
def test_identical_versions_have_no_diff(qtype: str, required: bool) -> None:
    definition = build(question("a"), choice("b", qtype=qtype, required=required))
    diff = diff_definitions(definition, definition)
    assert diff.is_empty
    assert render_diff(diff) == "Changes from version 1.0 to 1.0: none."
