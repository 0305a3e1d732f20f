"""XLSForm import: real-world-shaped forms built at test time convert into valid definitions."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.questionnaires import xlsform_reader
from portal.questionnaires.conditions import parse_condition, to_text
from portal.questionnaires.loader import load_definition, parse_yaml, validate_text
from portal.questionnaires.xlsform import (
    ImportWarning,
    XLSFormError,
    XLSFormResult,
    convert_xlsform,
    parse_required,
)
from portal.questionnaires.xlsform_relevant import RelevantError, Target, translate_relevant
from portal.questionnaires.xlsform_text import language_code
from tests.questionnaires.xlsform.forms import LANGS, REAL_WORLD, YES_NO, Form, survey, write_form

FORMATS = (".xlsx", ".xls", ".csv", ".md")


def convert(tmp_path: Path, form: Form, suffix: str = ".xlsx", key: str = "imported",
            version: str = "1.0") -> XLSFormResult:
    """Write, convert, and check the result: valid, and the same data once read back."""
    result = convert_xlsform(write_form(form, tmp_path / f"form{suffix}"), key, version)
    assert validate_text(result.yaml_text, f"questionnaires/{key}/{version}.yaml") == []
    assert parse_yaml(result.yaml_text, "form.yaml").data == result.definition
    return result


def questions(result: XLSFormResult) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for s in result.definition["sections"] for q in s["questions"]}


def messages(result: XLSFormResult) -> list[str]:
    return [str(w) for w in result.warnings]


def warned(result: XLSFormResult, row: int, *words: str, sheet: str = "survey") -> bool:
    return any(w.sheet == sheet and w.row == row and all(x in w.message for x in words)
               for w in result.warnings)


def broken(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(XLSFormError) as caught:
        convert_xlsform(path, "imported", "1.0")
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# --- a real-world form, in every format ------------------------------------------------------


@pytest.fixture(scope="module")
def real_world(tmp_path_factory: pytest.TempPathFactory) -> XLSFormResult:
    return convert(tmp_path_factory.mktemp("real"), REAL_WORLD, key="forced-labour")


def test_real_world_form_top_level(real_world: XLSFormResult) -> None:
    d = real_world.definition
    assert d["key"] == "forced-labour" and d["version"] == "1.0"
    assert d["languages"] == ["en", "es", "fr"] and d["default_language"] == "en"
    assert d["title"]["en"] == "Forced labour self-assessment"
    assert d["stages"] == ["tender", "contract"]
    assert d["standard"]["tiers"] == ["basic", "advanced"]
    assert [s["id"] for s in d["sections"]] == [
        "general", "policy", "workforce", "migrants", "workforce_2", "general_2"]
    assert d["sections"][1]["title"] == {"en": "Policy", "es": "Política", "fr": "Politique"}


def test_real_world_form_questions(real_world: XLSFormResult) -> None:
    qs = questions(real_world)
    assert list(qs) == ["intro", "has_policy", "published", "adopted", "workers", "risk_areas",
                        "fee_share", "risk_details", "grievance", "contact", "thanks"]
    assert {q: v["type"] for q, v in qs.items() if v["type"] != "note"} == {
        "has_policy": "single_choice", "published": "single_choice", "adopted": "date",
        "workers": "number", "risk_areas": "multi_choice", "fee_share": "number",
        "risk_details": "text", "grievance": "single_choice", "contact": "text"}
    assert qs["workers"]["integer"] is True and "integer" not in qs["fee_share"]
    assert qs["has_policy"]["help"]["es"] == "Un documento firmado."
    assert [o["value"] for o in qs["published"]["options"]] == ["yes", "no"]  # old syntax
    assert [o["value"] for o in qs["grievance"]["options"]] == ["hotline", "union", "other"]
    required = {q for q, v in qs.items() if v.get("required")}
    assert required == {"has_policy", "published", "adopted", "workers", "risk_areas"}


def test_real_world_form_conditions(real_world: XLSFormResult) -> None:
    qs = questions(real_world)
    assert qs["published"]["show_if"] == "has_policy = 'yes'"
    assert qs["adopted"]["show_if"] == "published != 'no' or published is not answered"
    # a group's condition applies to every question in it, nested groups included
    assert qs["workers"]["show_if"] == "has_policy is answered"
    assert qs["risk_areas"]["show_if"] == (
        "has_policy is answered and (workers >= 10 or workers < 2)")
    assert qs["fee_share"]["show_if"] == (
        "has_policy is answered and risk_areas contains 'migrant' and not workers = 0")
    assert qs["risk_details"]["show_if"] == "has_policy is answered"  # its own was dropped
    assert "show_if" not in qs["grievance"]


def test_real_world_form_scoring(real_world: XLSFormResult) -> None:
    qs = questions(real_world)
    policy = qs["has_policy"]
    assert policy["tier"] == "basic" and policy["severity"] == "high"
    assert policy["clauses"] == ["ILO-C029", "ILO-C105"]
    assert [(o["value"], o["points"]) for o in policy["options"]] == [("yes", 2), ("no", 0)]
    assert policy["recommendation"]["fr"] == "Adoptez une politique écrite."
    assert policy["red_flags"] == [{"when": {"in": ["no"]}, "label": {
        "en": "Do you have a forced labour policy?: No", "es": "¿Tiene una política?: No",
        "fr": "Avez-vous une politique ?: Non"}}]
    risks = qs["risk_areas"]
    assert risks["tier"] == "advanced" and risks["severity"] == "critical"
    assert [o["points"] for o in risks["options"]] == [0, 0, 1, 3]
    assert risks["red_flags"][0]["when"] == {"includes_any": ["child"]}
    assert qs["contact"]["tier"] == "basic" and qs["contact"]["scoring"] == {"weight": 3}
    # points on the choices sheet are not carried onto questions that are not scored
    assert all("points" not in o for o in qs["published"]["options"])


def test_real_world_form_warns_about_everything_it_drops(real_world: XLSFormResult) -> None:
    r = real_world
    assert warned(r, 9, "constraint")
    assert warned(r, 11, "'migrants'", "nested")
    assert warned(r, 14, "risk_details", "no fr translation", "en text was copied")
    assert warned(r, 14, "count-selected(${risk_areas}) > 1", "count-selected() is not supported")
    assert warned(r, 16, "repeat 'sites'", "rows 16-18")
    assert warned(r, 19, "calculate", "'total'")
    assert warned(r, 20, "geopoint", "'hq'")
    assert warned(r, 21, "${total} > 3", "not an earlier question")
    assert warned(r, 21, "or_other")
    assert warned(r, 2, "form_title", sheet="settings")
    assert len(r.warnings) == 10, messages(r)
    assert str(r.warnings[0]) == "survey sheet, row 9: constraint cannot be represented; ignored"


@pytest.mark.parametrize("suffix", FORMATS[1:])
def test_every_format_converts_the_same(
    tmp_path: Path, suffix: str, real_world: XLSFormResult
) -> None:
    result = convert(tmp_path, REAL_WORLD, suffix, key="forced-labour")
    assert result.definition == real_world.definition
    assert messages(result) == messages(real_world)


def test_yaml_has_no_anchors_and_quotes_yaml_11_booleans(real_world: XLSFormResult) -> None:
    text = real_world.yaml_text
    assert "&id" not in text and "*id" not in text
    assert "- value: 'yes'" in text and "version: '1.0'" in text
    assert text.startswith("# Converted from the XLSForm form.xlsx")
    definition = load_definition(text, "questionnaires/forced-labour/1.0.yaml")
    assert len(definition.requirements()) == 3


# --- relevant expressions --------------------------------------------------------------------

TARGETS = {
    "yn": Target("yn", "single_choice", {"yes": "yes", "no": "no", "1": "one"}),
    "multi": Target("multi", "multi_choice", {"a": "a", "b c": "b_c"}),
    "n": Target("n", "number"),
    "d": Target("d", "date"),
    "t": Target("t", "text"),
    "file": Target("file", "evidence"),
    "intro": Target("intro", "note"),
}


@pytest.mark.parametrize(("expression", "condition"), [
    ("${yn} = 'yes'", "yn = 'yes'"),
    ('${yn}="no"', "yn = 'no'"),
    ("'yes' = ${yn}", "yn = 'yes'"),
    ("${yn} = 1", "yn = 'one'"),
    ("${yn} != 'yes'", "yn != 'yes' or yn is not answered"),
    ("${n} > 3", "n > 3"),
    ("${n} <= -2.5", "n <= -2.5"),
    ("${n} >= '10'", "n >= 10"),
    ("${n} > 0.0000001", "n > 0.0000001"),
    ("${n} < 12345678901234567890", "n < 12345678901234567890"),
    ("10 < ${n}", "n > 10"),
    ("${d} < '2024-01-31'", "d < '2024-01-31'"),
    ("${t} = 'it''s'", None),  # not XPath: the parser refuses the second string
    ('${t} = "it\'s"', "t = \"it's\""),
    ("selected(${multi}, 'a')", "multi contains 'a'"),
    ("selected( ${multi} , 'b c')", "multi contains 'b_c'"),
    ("selected(${yn}, 'no')", "yn = 'no'"),
    ("${t} != ''", "t is answered"),
    ("${file} != ''", "file is answered"),
    ("${n} = ''", "n is not answered"),
    ("not(${yn} = 'no')", "not yn = 'no'"),
    ("not(${n} > 1 and ${n} < 5)", "not (n > 1 and n < 5)"),
    ("${yn} = 'yes' and (${n} > 1 or ${t} = 'x')", "yn = 'yes' and (n > 1 or t = 'x')"),
    ("(${yn} = 'yes' or ${n} > 1) and selected(${multi}, 'a')",
     "(yn = 'yes' or n > 1) and multi contains 'a'"),
    ("${yn} = 'yes' or ${n} > 1 and ${t} = 'x'", "yn = 'yes' or n > 1 and t = 'x'"),
    ("${ yn } = 'yes'", "yn = 'yes'"),
])
def test_supported_relevant_shapes(expression: str, condition: str | None) -> None:
    if condition is None:
        with pytest.raises(RelevantError):
            translate_relevant(expression, TARGETS)
        return
    translated = to_text(translate_relevant(expression, TARGETS))
    assert translated == condition
    assert to_text(parse_condition(translated)) == translated


@pytest.mark.parametrize(("expression", "reason"), [
    ("count-selected(${multi}) > 1", "count-selected() is not supported"),
    ("string-length(${t}) > 0", "string-length() is not supported"),
    ("${n} + 1 > 3", "unexpected '+'"),
    ("${n} > ${yn}", "only a comparison of a ${question} with a value"),
    (". > 3", "unexpected '.'"),
    ("${yn} = 'maybe'", "'maybe' is not a choice of ${yn}"),
    ("${multi} = 'a'", "multi_choice"),
    ("${t} > 'a'", "needs a number or date question"),
    ("${d} > 3", "is a date"),
    ("${n} = 'many'", "is a number"),
    ("${n} > 'inf'", "is a number"),
    ("${file} = 'x'", "evidence"),
    ("${intro} = 'x'", "is a note"),
    ("${later} = 'x'", "not an earlier question"),
    ("${yn} = 'yes' and", "ends too early"),
    ("(${yn} = 'yes'", "expected ')'"),
    ("${yn}", "alone is not a condition"),
    ("true()", "true() is not supported"),
    ("${n} > 1 > 0", "chained comparisons"),
    ("${yn} = 'yes' AND ${n} > 1", "unexpected 'AND'"),
    ("selected(${t}, 'x')", "not a choice question"),
    ("${n} > 1" + " or ${n} > 1" * 300, "longer than"),
    ("/data/yn = 'yes'", "unexpected '/'"),
])
def test_unsupported_relevant_is_refused_with_a_reason(expression: str, reason: str) -> None:
    with pytest.raises(RelevantError, match=None) as caught:
        translate_relevant(expression, TARGETS)
    assert reason in str(caught.value)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("${}()'\",=!<>-. 0123456789abnotrdyselc_")),
               max_size=60))
def test_relevant_translation_never_fails_otherwise(expression: str) -> None:
    try:
        condition = translate_relevant(expression, TARGETS)
    except RelevantError:
        return
    assert parse_condition(to_text(condition)) is not None


# --- columns, names and values ---------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("yes", True), ("YES", True), ("Yes", True), ("true", True), ("TRUE", True),
    ("true()", True), ("1", True), (" yes ", True), ("no", False), ("FALSE", False),
    ("false()", False), ("0", False), ("${x} = 'y'", None), ("maybe", None),
])
def test_required_spellings(value: str, expected: bool | None) -> None:
    assert parse_required(value) is expected


def test_conditional_required_is_warned(tmp_path: Path) -> None:
    r = convert(tmp_path, survey(["text", "a", "A", "${b} = 'x'"],
                                 header=("type", "name", "label", "required")))
    assert "required" not in questions(r)["a"] and warned(r, 2, "is not yes/no")


def test_headers_with_stray_spaces_and_case(tmp_path: Path) -> None:
    form = survey(["TEXT", "a", "A", "Help", "yes"],
                  ["Integer", "b", "B", None, None, "${a} != ''"],
                  header=("  TYPE ", "Name", " Label :: English (en) ", "HINT", "Required ",
                          "relevance"))
    qs = questions(convert(tmp_path, form))
    assert qs["a"] == {"id": "a", "type": "text", "text": {"en": "A"}, "help": {"en": "Help"},
                       "required": True}
    assert qs["b"]["show_if"] == "a is answered" and qs["b"]["integer"] is True


def test_invalid_and_duplicate_names_are_sanitised(tmp_path: Path) -> None:
    form = survey(["text", "1st question", "A"], ["text", "sécurité-site", "B"],
                  ["text", "dup", "C"], ["text", "dup", "D"], ["text", None, "E"],
                  ["text", "_kept", "K"],
                  ["select_one l", "pick", "P", "${1st question} = 'x'"],
                  header=("type", "name", "label", "relevant"),
                  choices=[["l", "a b", "AB"], ["l", "a_b", "AB2"], ["l", "ok.1", "OK"],
                           ["l", "??", "Q"], ["l", "-x_", "X"]])
    r = convert(tmp_path, form)
    assert list(questions(r)) == ["_1st_question", "securite_site", "dup", "dup_2", "q6",
                                  "_kept", "pick"]
    assert [o["value"] for o in questions(r)["pick"]["options"]] == ["a_b", "a_b_2", "ok.1",
                                                                      "option", "-x_"]
    assert warned(r, 2, "'1st question'", "'_1st_question'")
    assert warned(r, 5, "'dup_2'") and warned(r, 6, "no name", "'q6'")
    assert warned(r, 2, "'a b'", "'a_b'", sheet="choices")
    assert warned(r, 3, "'a_b'", "'a_b_2'", sheet="choices")
    # a relevant naming an XLSForm name still finds the renamed question: the ${} is not valid
    assert warned(r, 8, "relevant")


def test_a_condition_can_name_a_sanitised_question(tmp_path: Path) -> None:
    form = survey(["select_one l", "my-q", "A"], ["text", "b", "B", "${my-q} = 'x y'"],
                  header=("type", "name", "label", "relevant"),
                  choices=[["l", "x y", "XY"], ["l", "z", "Z"]])
    r = convert(tmp_path, form)
    assert questions(r)["b"]["show_if"] == "my_q = 'x_y'"


def test_unknown_and_unsupported_columns_are_warned(tmp_path: Path) -> None:
    form = survey(["text", "a", "A", "x", "field-list", "5"],
                  header=("type", "name", "label", "notes", "appearance", "default"),
                  choices=[["l", "a", "A", "x > 1"]],
                  choice_header=("list_name", "name", "label", "filter"))
    r = convert(tmp_path, form)
    assert warned(r, 1, "'notes'", "ignored")
    assert warned(r, 1, "'filter'", sheet="choices")
    assert warned(r, 2, "appearance, default cannot be represented")


def test_repeated_column_is_warned(tmp_path: Path) -> None:
    r = convert(tmp_path, survey(["text", "a", "A", "B"], header=("type", "name", "label",
                                                                   "Label")))
    assert questions(r)["a"]["text"] == {"en": "A"} and warned(r, 1, "'Label' repeats")


@pytest.mark.parametrize("kind", ["calculate", "geopoint", "geotrace", "image", "audio",
                                  "video", "barcode", "hidden", "start", "deviceid",
                                  "acknowledge", "rank l", "select_one_from_file x.csv",
                                  "time", "trigger", "made-up"])
def test_unrepresentable_types_are_dropped_with_a_warning(tmp_path: Path, kind: str) -> None:
    r = convert(tmp_path, survey(["text", "a", "A"], [kind, "b", "B"]))
    assert list(questions(r)) == ["a"] and warned(r, 3, repr(kind), "dropped")


def test_more_types(tmp_path: Path) -> None:
    form = survey(["file", "proof", "Upload"], ["dateTime", "when", "When"],
                  ["range", "score", "Score", "start=1 end=5 step=1"], ["string", "s", "S"],
                  header=("type", "name", "label", "parameters"))
    r = convert(tmp_path, form)
    qs = questions(r)
    assert qs["proof"]["type"] == "evidence" and qs["when"]["type"] == "date"
    assert qs["score"] == {"id": "score", "type": "number", "text": {"en": "Score"}, "min": 1,
                           "max": 5}
    assert qs["s"]["type"] == "text"
    assert warned(r, 3, "time is not kept") and warned(r, 4, "range")


def test_a_question_without_label_or_with_missing_list(tmp_path: Path) -> None:
    r = convert(tmp_path, survey(["text", "a", None], ["select_one nolist", "b", "B"]))
    assert questions(r) == {"a": {"id": "a", "type": "text", "text": {"en": "a"}}}
    assert warned(r, 2, "no label") and warned(r, 3, "'nolist' has no choices")


def test_broken_choice_rows_are_warned(tmp_path: Path) -> None:
    form = survey(["select_one l", "a", "A"], choices=[
        ["l", "x", "X", "many"], ["l", None, "No name"], [None, "y", "No list"],
        ["l", "x", "Again"], ["l", "z", None]],
        choice_header=("list_name", "name", "label", "points"))
    r = convert(tmp_path, form)
    options = questions(r)["a"]["options"]
    assert options == [{"value": "x", "label": {"en": "X"}}, {"value": "z", "label": {"en": "z"}}]
    for row, words in ((2, "not a number"), (3, "no name"), (4, "no list_name"),
                       (5, "already has"), (6, "no label")):
        assert warned(r, row, words, sheet="choices"), (row, messages(r))


# --- languages -------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "code"), [
    ("English (en)", "en"), ("Español (es)", "es"), ("Français (fr)", "fr"), ("EN", "en"),
    ("English", "en"), ("French", "fr"), ("Français", "fr"), ("Deutsch", "de"),
    ("Português (pt-BR)", "pt-BR"), ("Chinese (zh_Hant)", "zh-Hant"), ("pt-BR", "pt-BR"),
    ("Not a language at all", None), ("(123)", None),
])
def test_language_codes(label: str, code: str | None) -> None:
    assert language_code(label) == code


def test_default_language_from_settings(tmp_path: Path) -> None:
    form = survey(["text", "a", "A", "Á", "À"], header=("type", "name", *LANGS),
                  settings={"default_language": "Español (es)", "form_title": "T"})
    r = convert(tmp_path, form)
    assert r.definition["default_language"] == "es"
    assert r.definition["languages"] == ["en", "es", "fr"]


def test_default_language_is_english_when_present_else_the_first(tmp_path: Path) -> None:
    both = convert(tmp_path, survey(["text", "a", "Á", "A"], header=(
        "type", "name", "label::Español (es)", "label::English (en)")))
    assert both.definition["default_language"] == "en"
    assert both.definition["languages"] == ["es", "en"]
    no_english = convert(tmp_path, survey(["text", "a", "Á", "À"], header=(
        "type", "name", "label::Español (es)", "label::Français (fr)")))
    assert no_english.definition["default_language"] == "es"
    assert no_english.definition["title"] == {"es": "imported", "fr": "imported"}


def test_plain_label_is_the_default_language(tmp_path: Path) -> None:
    r = convert(tmp_path, survey(["text", "a", "A", "Á"], ["text", "b", "B", None],
                                 header=("type", "name", "label", "label::Español (es)")))
    assert r.definition["languages"] == ["en", "es"]
    assert questions(r)["b"]["text"] == {"en": "B", "es": "B"}
    assert warned(r, 3, "no es translation")
    plain_es = convert(tmp_path, survey(["text", "a", "Á"], settings={
        "default_language": "Spanish"}))
    assert plain_es.definition["languages"] == ["es"]
    assert questions(plain_es)["a"]["text"] == {"es": "Á"}


def test_missing_default_language_text_copies_another(tmp_path: Path) -> None:
    form = survey(["text", "a", None, "Á"], header=("type", "name", *LANGS[:2]))
    r = convert(tmp_path, form)
    assert questions(r)["a"]["text"] == {"en": "Á", "es": "Á"}
    assert warned(r, 2, "no en translation", "es text was copied")


def test_unrecognisable_language_column_is_ignored(tmp_path: Path) -> None:
    r = convert(tmp_path, survey(["text", "a", "A", "?"], header=(
        "type", "name", "label::English (en)", "label::Elvish dialect")))
    assert r.definition["languages"] == ["en"]
    assert warned(r, 1, "'label::Elvish dialect'", "ignored")


def test_bad_default_language_setting_is_warned(tmp_path: Path) -> None:
    r = convert(tmp_path, survey(["text", "a", "A"], settings={"default_language": "Zzz zz"}))
    assert r.definition["default_language"] == "en"
    assert warned(r, 2, "'Zzz zz'", sheet="settings")
    r = convert(tmp_path, survey(["text", "a", "A"], settings={"default_language": "fr"},
                                 header=("type", "name", "label::English (en)")))
    assert r.definition["default_language"] == "en" and warned(r, 2, "no label column",
                                                               sheet="settings")


# --- groups and sections ---------------------------------------------------------------------


def test_groups_become_sections_and_loose_questions_keep_their_place(tmp_path: Path) -> None:
    form = survey(
        ["text", "a", "A"],
        ["begin_group", "g1", None], ["text", "b", "B"], ["end_group"],
        ["text", "c", "C"],
        ["begin group", "empty", "Empty"], ["calculate", "x", None], ["end group"],
        ["end group"],
        ["begin group", "g1", "Again"], ["note", "d", "D"],
    )
    r = convert(tmp_path, form)
    sections = [(s["id"], [q["id"] for q in s["questions"]]) for s in r.definition["sections"]]
    assert sections == [("general", ["a"]), ("g1", ["b"]), ("general_2", ["c"]),
                        ("g1_2", ["d"])]
    assert r.definition["sections"][1]["title"] == {"en": "g1"}
    assert warned(r, 3, "group 'g1' has no label")
    assert warned(r, 7, "'empty'", "no question")
    assert warned(r, 10, "closes nothing")
    assert warned(r, 11, "never closed")


def test_a_group_condition_that_cannot_convert_is_warned(tmp_path: Path) -> None:
    form = survey(["integer", "n", "N"], ["begin group", "g", "G", "${n} * 2 > 3"],
                  ["text", "a", "A"], ["end group"], header=("type", "name", "label", "relevant"))
    r = convert(tmp_path, form)
    assert "show_if" not in questions(r)["a"] and warned(r, 3, "${n} * 2 > 3")


def test_nested_repeats_are_skipped_whole(tmp_path: Path) -> None:
    form = survey(["text", "a", "A"], ["begin repeat", "r", "R"], ["begin_repeat", "r2", "R2"],
                  ["text", "x", "X"], ["end_repeat"], ["text", "y", "Y"], ["end repeat"],
                  ["text", "b", "B", "${x} != ''"], ["end repeat"],
                  header=("type", "name", "label", "relevant"))
    r = convert(tmp_path, form)
    assert list(questions(r)) == ["a", "b"]
    assert warned(r, 3, "repeat 'r'", "rows 3-8") and warned(r, 10, "closes nothing")
    assert warned(r, 9, "${x} != ''")


# --- scoring columns -------------------------------------------------------------------------

SCORED = ("type", "name", "label", "tier", "points", "recommendation", "severity", "clause",
          "red_flag")


def test_extra_tier_is_appended_with_a_warning(tmp_path: Path) -> None:
    form = survey(["text", "a", "A", "Leading Practice", None, "Do it"],
                  ["text", "b", "B", "expert", None, "Do it"],
                  ["text", "c", "C", "basic", None, "Do it"], header=SCORED)
    r = convert(tmp_path, form)
    assert r.definition["standard"]["tiers"] == ["basic", "advanced", "leading_practice",
                                                 "expert"]
    assert warned(r, 2, "'leading_practice'", "added after 'advanced'")
    assert warned(r, 3, "'expert'", "added after 'leading_practice'")


def test_tier_without_recommendation_is_dropped(tmp_path: Path) -> None:
    r = convert(tmp_path, survey(["text", "a", "A", "basic"], header=SCORED))
    assert "tier" not in questions(r)["a"] and warned(r, 2, "no recommendation", "dropped")


@pytest.mark.parametrize(("row", "words"), [
    (["integer", "a", "A", "basic", None, "R"], "thresholds"),
    (["note", "a", "A", "basic", None, "R"], "never answered"),
    (["text", "a", "A", "Top tier!", None, "R"], "not a valid tier"),
    (["select_one l", "a", "A", "basic", None, "R"], "has no points"),
])
def test_tiers_that_cannot_score_are_dropped(tmp_path: Path, row: list[Any], words: str) -> None:
    r = convert(tmp_path, survey(row, header=SCORED, choices=[["l", "x", "X"]]))
    assert "tier" not in questions(r)["a"] and warned(r, 2, words), messages(r)


def test_yes_no_points_on_the_survey_row(tmp_path: Path) -> None:
    form = survey(["select_one yesno", "a", "A", "basic", "5", "R", "LOW", "ILO-C087 ILO-C098",
                   "no"],
                  ["select_one yesno", "b", "B", "basic", None, "R"],
                  ["select_one l", "c", "C", "basic", "2", "R"],
                  ["select_multiple l", "d", "D", "advanced", None, "R", "urgent", None, "x y"],
                  header=SCORED, choices=[*(r[:3] for r in YES_NO), ["l", "x", "X", "1"],
                                          ["l", "y", "Y"]],
                  choice_header=("list_name", "name", "label", "points"))
    r = convert(tmp_path, form)
    qs = questions(r)
    assert [o["points"] for o in qs["a"]["options"]] == [5, 0]
    assert qs["a"]["severity"] == "low" and qs["a"]["clauses"] == ["ILO-C087", "ILO-C098"]
    assert [o["points"] for o in qs["b"]["options"]] == [1, 0] and warned(r, 3, "'yes' scores 1")
    assert [o["points"] for o in qs["c"]["options"]] == [1, 0] and warned(r, 4, "'yes' choice")
    assert warned(r, 4, "without points score 0: y")
    assert [o["points"] for o in qs["d"]["options"]] == [1, 0]
    assert qs["d"]["red_flags"][0] == {"when": {"includes_any": ["x", "y"]},
                                       "label": {"en": "D: X, Y"}}
    assert "severity" not in qs["d"] and warned(r, 5, "'urgent'")


def test_scoring_columns_without_tier(tmp_path: Path) -> None:
    form = survey(["select_one yesno", "a", "A", None, "3", "R", "high", "ILO-C029", "no, maybe"],
                  ["text", "b", "B", None, None, None, None, None, "x"],
                  header=SCORED, choices=[r[:3] for r in YES_NO])
    r = convert(tmp_path, form)
    a = questions(r)["a"]
    assert a["clauses"] == ["ILO-C029"] and a["red_flags"][0]["when"] == {"in": ["no"]}
    assert "recommendation" not in a and "severity" not in a
    assert warned(r, 2, "points, severity, recommendation only apply to requirements")
    assert warned(r, 2, "maybe") and warned(r, 3, "not a choice question")


def test_localised_recommendation(tmp_path: Path) -> None:
    form = survey(["text", "a", "A", "Á", "basic", "Do", "Haga"], header=(
        "type", "name", *LANGS[:2], "tier", "recommendation::English (en)",
        "Recommendation::Español (es)"))
    assert questions(convert(tmp_path, form))["a"]["recommendation"] == {"en": "Do", "es": "Haga"}


def test_points_that_are_not_usable(tmp_path: Path) -> None:
    form = survey(["text", "a", "A", "basic", "lots", "R"], ["date", "b", "B", "basic", "-1", "R"],
                  header=SCORED)
    r = convert(tmp_path, form)
    assert "scoring" not in questions(r)["a"] and warned(r, 2, "'lots' is not a number")
    assert "scoring" not in questions(r)["b"] and warned(r, 3, "negative points")


# --- settings and arguments ------------------------------------------------------------------


def test_title_and_key_version(tmp_path: Path) -> None:
    r = convert(tmp_path, survey(["text", "a", "A"]), key="my-form", version="2.1.3")
    assert r.definition["title"] == {"en": "my-form"}
    assert (r.definition["key"], r.definition["version"]) == ("my-form", "2.1.3")
    path = write_form(survey(["text", "a", "A"]), tmp_path / "f.xlsx")
    with pytest.raises(XLSFormError, match="key"):
        convert_xlsform(path, "My Form", "1.0")
    with pytest.raises(XLSFormError, match="version"):
        convert_xlsform(path, "my-form", "v1")


def test_result_types(real_world: XLSFormResult) -> None:
    assert all(isinstance(w, ImportWarning) for w in real_world.warnings)
    assert ImportWarning("survey", None, "x").__str__() == "survey sheet: x"


# --- broken and hostile files ----------------------------------------------------------------


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    assert "not a valid .xlsx" in broken(tmp_path, "f.xlsx", b"%PDF-1.4 not a workbook\n" * 50)
    assert "not a valid .xls" in broken(tmp_path, "f.xls", b"plain text, renamed\n" * 50)
    assert "must be one of" in broken(tmp_path, "f.ods", b"whatever")
    assert "is empty" in broken(tmp_path, "f.csv", b"")
    assert "cannot be read" in broken(tmp_path, "g.csv", b"just one line of text")
    assert "UTF-8" in broken(tmp_path, "h.md", b"| survey |\n| \xff\xfe |")
    with pytest.raises(XLSFormError, match="no such file"):
        convert_xlsform(tmp_path / "missing.xlsx", "imported", "1.0")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "cannot be read" in broken(tmp_path, "f.xlsx", data.getvalue())


def test_corrupt_zip_entry(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row>" * 100)
    raw = bytearray(data.getvalue())
    raw[40] ^= 0xFF  # inside the entry's data: its CRC no longer matches
    assert "not a valid .xlsx" in broken(tmp_path, "crc.xlsx", bytes(raw))


def test_corrupt_xls(tmp_path: Path) -> None:
    assert "cannot be read" in broken(tmp_path, "f.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" +
                                      b"\0" * 600)


def test_zip_bomb(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    assert len(data.getvalue()) < 100_000
    assert "zip bomb" in broken(tmp_path, "bomb.xlsx", data.getvalue())


def test_zip_unpacking_too_large(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as archive:
        for i in range(6):
            archive.writestr(f"xl/media/image{i}.bin", b"\0" * (9 * 1024 * 1024))
    path = tmp_path / "big.xlsx"
    path.write_bytes(data.getvalue())
    with pytest.raises(XLSFormError, match="bytes"):
        convert_xlsform(path, "imported", "1.0")


def test_too_many_zip_entries(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for i in range(1_001):
            archive.writestr(f"xl/part{i}.xml", b"")
    assert "1001 files" in broken(tmp_path, "many.xlsx", data.getvalue())


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(xlsform_reader.MAX_FILE_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(XLSFormError, match="the limit is"):
        convert_xlsform(path, "imported", "1.0")


def _with_rows(tmp_path: Path, count: int) -> Path:
    # openpyxl would take seconds to write this many rows: swap the sheet XML of a small file
    small = write_form(survey(["text", "a", "A"]), tmp_path / "small.xlsx")
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>text</t></is></c>'
                   f'<c r="B{i}" t="inlineStr"><is><t>q{i}</t></is></c></row>'
                   for i in range(2, count + 2))
    path = tmp_path / "rows.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                text = data.decode()
                head, _, rest = text.partition("<sheetData>")
                # openpyxl's read-only mode trusts the declared size of the sheet
                head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:B{count + 1}"', head)
                _, _, tail = rest.partition("</sheetData>")
                header = ('<row r="1"><c r="A1" t="inlineStr"><is><t>type</t></is></c>'
                          '<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>')
                data = f"{head}<sheetData>{header}{rows}</sheetData>{tail}".encode()
            out.writestr(entry, data)
    return path


def test_hundred_thousand_rows_fail_fast(tmp_path: Path) -> None:
    path = _with_rows(tmp_path, 100_000)
    started = time.perf_counter()
    with pytest.raises(XLSFormError, match="more than 20000 rows") as caught:
        convert_xlsform(path, "imported", "1.0")
    assert time.perf_counter() - started < 1.0
    assert "\n" not in str(caught.value)


def test_survey_row_limit(tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(XLSFormError, match="more than 5000 survey rows"):
        convert_xlsform(_with_rows(tmp_path, 5_001), "imported", "1.0")
    assert time.perf_counter() - started < 5.0
    lines = "survey\n,type,name\n" + "".join(f",text,q{i}\n" for i in range(30_000))
    assert "lines" in broken(tmp_path, "rows.csv", lines.encode())


def test_empty_survey(tmp_path: Path) -> None:
    assert "survey sheet is empty" in broken(
        tmp_path, "f.xlsx", write_form({"survey": [["type", "name", "label"]]},
                                       tmp_path / "x.xlsx").read_bytes())
    no_survey = write_form({"choices": [["list_name", "name", "label"]],
                            "settings": [["form_title"]]}, tmp_path / "y.xlsx")
    assert "no survey sheet" in broken(tmp_path, "g.xlsx", no_survey.read_bytes())


def test_nothing_convertible(tmp_path: Path) -> None:
    path = write_form(survey(["calculate", "a", None]), tmp_path / "f.xlsx")
    with pytest.raises(XLSFormError, match="no question"):
        convert_xlsform(path, "imported", "1.0")


def test_pyxform_errors_become_one_line(tmp_path: Path) -> None:
    # pyxform refuses a repeated header
    dup = write_form(survey(["text", "a", "A", "B"], header=("type", "name", "label", "label")),
                     tmp_path / "dup.xlsx")
    assert "Duplicate column header" in broken(tmp_path, "f.xlsx", dup.read_bytes())



# --- generated forms always convert into valid definitions -----------------------------------

_NAMES = st.text(alphabet=st.sampled_from(list("abcXYZ_-1 é.")), min_size=0, max_size=6)
_TYPES = st.sampled_from(["text", "integer", "decimal", "date", "note", "select_one l",
                          "select_multiple l", "select one from l", "begin group", "end group",
                          "begin repeat", "end repeat", "calculate", "geopoint", "file"])
_RELEVANT = st.sampled_from([None, "${a} = 'x'", "${b} > 2", "selected(${c}, 'y')",
                             "${a} != ''", "not(${b} = 1)", "${zz} = 1", "bad("])
_ROW = st.tuples(_TYPES, _NAMES, st.one_of(st.none(), st.text(max_size=5)),
                 st.one_of(st.none(), st.text(max_size=5)), _RELEVANT,
                 st.sampled_from([None, "yes", "no", "maybe"]),
                 st.sampled_from([None, "basic", "advanced", "gold"]),
                 st.sampled_from([None, "Fix it"]), st.sampled_from([None, "1", "x"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_ROW, min_size=1, max_size=12),
       choices=st.lists(st.tuples(_NAMES, st.one_of(st.none(), st.text(max_size=4))),
                        max_size=4))
def test_generated_forms_convert_into_valid_definitions(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[Any, ...]],
    choices: list[tuple[str, str | None]],
) -> None:
    names = ["a", "b", "c"]
    survey_rows = [[t, names[i] if i < 3 and n == "" else n, *rest]
                   for i, (t, n, *rest) in enumerate(rows)]
    # a first question keeps every form convertible, whatever follows (an unclosed repeat...)
    form = survey(["text", "first", "First"], *survey_rows,
                  header=("type", "name", "label::English (en)", "label::Español (es)",
                          "relevant", "required", "tier", "recommendation", "points"),
                  choices=[["l", "x", "X"], ["l", "y", "Y"], *(["l", v, lab] for v, lab in
                                                                choices)])
    # .md keeps every cell as text, as users type them; writing it is quick
    convert(tmp_path_factory.mktemp("gen"), form, ".md")

