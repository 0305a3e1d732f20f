"""From typed input to stored answers and back; revision tokens (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.questionnaires.loader import load_path
from portal.responses.inputs import (
    InputError,
    Labels,
    answer_token,
    display,
    form_values,
    parse_number,
    parse_token,
    to_answer,
    value_hash,
)
from tests.responses.helpers import SUPPLY_CHAIN

DEFINITION = load_path(SUPPLY_CHAIN)


def q(qid: str):  # type: ignore[no-untyped-def]
    return DEFINITION.question(qid)


@pytest.mark.parametrize(
    ("text", "number"),
    [("40", 40), ("1 200", 1200), ("1,200", 1200), ("12,5", 12.5), ("12.5", 12.5),
     ("-3", -3), ("40.0", 40), ("1\u00a0000", 1000), (".5", 0.5)],
)
def test_numbers_as_people_write_them(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "abc", "1e5", "12,5,3", "1.2.3", "nan", "inf", "9" * 50])
def test_not_numbers(text: str) -> None:
    with pytest.raises(InputError):
        parse_number(text)


@pytest.mark.parametrize(
    ("qid", "raw", "answer"),
    [
        ("forced_labour_policy", ["yes"], "yes"),
        ("forced_labour_policy", [], None),
        ("policy_scope", ["tier1"], "tier1"),
        ("audit_types", ["worker_voice", "self"], ["self", "worker_voice"]),
        ("audit_types", [], None),
        ("weekly_hours", ["48"], 48),
        ("weekly_hours", [" "], None),
        ("last_audit", ["2024-02-29"], "2024-02-29"),
        ("audit_findings", ["  line one\r\nline two  "], "line one\nline two"),
        ("audit_findings", [""], None),
    ],
)
def test_to_answer(qid: str, raw: list[str], answer: object) -> None:
    assert to_answer(q(qid), raw) == answer


@pytest.mark.parametrize(
    ("qid", "raw", "code"),
    [
        ("forced_labour_policy", ["maybe"], "choice"),
        ("policy_scope", ["everyone"], "choice"),
        ("audit_types", ["self", "bribery"], "choice"),
        ("weekly_hours", ["169"], "above"),
        ("weekly_hours", ["-1"], "below"),
        ("weekly_hours", ["40.5"], "integer"),
        ("weekly_hours", ["forty"], "number"),
        ("last_audit", ["2023-02-30"], "date"),
        ("last_audit", ["01/02/2024"], "date"),
        ("audit_findings", ["x" * 2001], "too_long"),
        ("policy_document", ["file"], "invalid"),
    ],
)
def test_refused_input(qid: str, raw: list[str], code: str) -> None:
    with pytest.raises(InputError) as caught:
        to_answer(q(qid), raw)
    assert caught.value.code == code


@given(st.integers(min_value=0, max_value=168))
def test_numbers_round_trip_through_the_form(hours: int) -> None:
    question = q("weekly_hours")
    assert to_answer(question, form_values(question, hours)) == hours


def test_display_uses_labels_in_the_language() -> None:
    labels = Labels(yes="Oui", no="Non")
    assert display(q("forced_labour_policy"), "yes", "fr", "en", labels) == "Oui"
    assert display(q("policy_scope"), "all", "fr", "en", labels) == "Toute la chaîne"
    assert display(q("audit_types"), ["self", "third_party"], "en", "en", labels) == (
        "Self-assessment, Third-party audit"
    )
    assert display(q("weekly_hours"), 40, "fr", "en", labels) == "40 heures"
    assert display(q("weekly_hours"), None, "en", "en", labels) == ""


def test_tokens() -> None:
    token = answer_token(3, ["a", "b"])
    parsed = parse_token(token)
    assert parsed is not None and parsed.revision == 3
    assert parsed.value_hash == value_hash(["a", "b"]) != value_hash(["b", "a"])
    for junk in (None, "", "3", "x:0123456789abcdef", "3:zz", "-1:0123456789abcdef"):
        assert parse_token(junk) is None
