"""The show_if language: parsing, static checks, evaluation and visibility."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.questionnaires.conditions import (
    MAX_CONDITION_DEPTH,
    And,
    Answered,
    Compare,
    CompiledConditions,
    ConditionSyntaxError,
    Contains,
    Expr,
    InList,
    Lit,
    Not,
    Or,
    check_condition,
    compile_condition,
    compile_definition,
    parse_condition,
    referenced_ids,
    to_text,
    visible_questions,
)
from portal.questionnaires.definition import Definition, Question
from tests.questionnaires.builders import build, choice, question

SAMPLE = build(
    question("intro", "note"),
    question("policy"),
    choice("scope", ("own", "all")),
    choice("audits", ("self", "third_party"), "multi_choice"),
    question("hours", "number"),
    question("since", "date"),
    question("notes", "text"),
    question("proof", "evidence"),
    question("last"),
)
QUESTIONS: list[Question | str] = list(SAMPLE.questions())
BY_ID = {q.id: q for q in SAMPLE.questions()}
LAST = len(QUESTIONS) - 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("policy = 'yes'", Compare("policy", "=", Lit("yes"))),
        ('scope != "own"', Compare("scope", "!=", Lit("own"))),
        ("hours >= -2.5", Compare("hours", ">=", Lit(-2.5))),
        ("scope in ['own', 'all']", InList("scope", (Lit("own"), Lit("all")))),
        ("audits contains 'self'", Contains("audits", Lit("self"))),
        ("proof is answered", Answered("proof")),
        ("proof is not answered", Answered("proof", negated=True)),
        ("not policy = 'no'", Not(Compare("policy", "=", Lit("no")))),
        ("notes_2 is answered", Answered("notes_2")),  # an id starting with a keyword
        (
            "policy = 'yes' and hours > 1 or scope = 'all'",
            Or((And((Compare("policy", "=", Lit("yes")), Compare("hours", ">", Lit(1)))),
                Compare("scope", "=", Lit("all")))),
        ),
        (
            "policy = 'yes' and (hours > 1 or scope = 'all')",
            And((Compare("policy", "=", Lit("yes")),
                 Or((Compare("hours", ">", Lit(1)), Compare("scope", "=", Lit("all")))))),
        ),
    ],
)
def test_parse(text: str, expected: Expr) -> None:
    assert parse_condition(text) == expected


def test_columns_point_into_the_text() -> None:
    expr = parse_condition("policy = 'yes' and  hours > 3")
    assert isinstance(expr, And)
    first, second = expr.operands
    assert isinstance(first, Compare) and isinstance(second, Compare)
    assert (first.column, first.value.column, second.column) == (1, 10, 21)


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("policy == 'yes'", 9, "unexpected '='"),
        ("policy = ", 10, "ends too early"),
        ("policy = 'yes' and", 19, "ends too early"),
        ("policy $ 1", 8, "unexpected character '$'"),
        ("policy = 'yes' AND hours > 1", 16, "unexpected 'AND'"),
        ("(policy = 'yes'", 16, "ends too early"),
        ("   ", 1, "empty"),
        ("policy is maybe", 11, "unexpected 'maybe'"),
    ],
)
def test_syntax_errors_name_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(text)
    assert caught.value.error.column == column
    assert words in caught.value.error.message


def test_limits_on_length_and_depth() -> None:
    with pytest.raises(ConditionSyntaxError, match="at most"):
        parse_condition("a is answered or " * 200 + "a is answered")
    deep = "not " * (MAX_CONDITION_DEPTH + 1) + "a is answered"
    with pytest.raises(ConditionSyntaxError, match="nests"):
        parse_condition(deep)
    assert isinstance(parse_condition("not " * (MAX_CONDITION_DEPTH - 1) + "a is answered"), Not)


def test_referenced_ids_in_order_once() -> None:
    assert referenced_ids("b = 'x' or (a is answered and b != 'y')") == ("b", "a")
    assert referenced_ids(parse_condition("a is answered")) == ("a",)


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("policy = 'yes' and hours > 2 and since < '2024-01-31'", []),
        ("scope in ['own', 'all'] or audits contains 'self'", []),
        ("notes = 'none' and proof is answered", []),
        ("polcy = 'yes'", [(1, "no question has the id 'polcy' (did you mean 'policy'?)")]),
        ("last is answered", [(1, "a condition cannot refer to its question")]),
        ("policy = 'maybe'", [(10, "'policy' cannot be 'maybe'; its values are yes, no")]),
        ("scope in ['own', 'some']", [(18, "'scope' cannot be 'some'; its values are own, all")]),
        ("policy = 1", [(10, "write the value in quotes: '1'")]),
        ("scope > 'own'", [(1, "'>' compares numbers or dates only; 'scope' is single_choice")]),
        ("notes <= 'b'", [(1, "'<=' compares numbers or dates only; 'notes' is text")]),
        ("scope contains 'own'",
         [(1, "'contains' works only on multi_choice questions; 'scope' is single_choice")]),
        ("audits contains 'x'", [(17, "'audits' cannot be 'x'; its values are self, third_party")]),
        ("audits = 'self'", [(1, "'audits' is multi_choice and holds several values: "
                                "use 'contains'")]),
        ("hours > 'ten'", [(9, "'hours' is a number: compare it with a number")]),
        ("since > '31/01/2024'",
         [(9, "'since' is a date: compare it with a quoted date like '2024-01-31'")]),
        ("proof = 'x'", [(1, "'proof' is an evidence upload: only 'is answered' can test it")]),
        ("intro is answered", [(1, "'intro' is a note: notes are never answered")]),
        ("policy = =", [(10, "unexpected '='; expected a number or a quoted value")]),
    ],
)
def test_static_checks(text: str, errors: list[tuple[int, str]]) -> None:
    found = check_condition(text, QUESTIONS, LAST)
    assert [(e.column, e.message) for e in found] == errors


def test_forward_reference_is_an_error() -> None:
    errors = check_condition("last is answered", QUESTIONS, 2)
    assert [e.message for e in errors] == [
        "'last' comes later in the questionnaire; a condition may only refer to earlier questions"
    ]


def test_a_bare_id_is_known_but_not_type_checked() -> None:
    questions: list[Question | str] = ["broken", *QUESTIONS]
    assert check_condition("broken > 'whatever'", questions, len(questions) - 1) == []


ALL = frozenset(BY_ID)


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("policy = 'yes'", {"policy": "yes"}, True),
        ("policy = 'yes'", {"policy": True}, True),  # yes/no kept as a boolean
        ("policy = 'yes'", {}, False),
        ("policy != 'yes'", {}, False),  # unanswered: every comparison is false
        ("not policy = 'yes'", {}, True),
        ("policy != 'yes'", {"policy": "no"}, True),
        ("scope in ['own', 'all']", {"scope": "all"}, True),
        ("scope in ['own']", {"scope": "all"}, False),
        ("audits contains 'self'", {"audits": ["self", "third_party"]}, True),
        ("audits contains 'self'", {"audits": ["third_party"]}, False),
        ("audits contains 'self'", {"audits": "self"}, False),  # not a collection of values
        ("hours > 48", {"hours": 50}, True),
        ("hours > 48", {"hours": 48}, False),
        ("hours >= 48.0", {"hours": 48}, True),
        ("hours < 10", {"hours": "5"}, False),  # text is not a number
        ("hours < 10", {"hours": True}, False),  # nor is a boolean
        ("since < '2024-01-31'", {"since": dt.date(2023, 12, 1)}, True),
        ("since < '2024-01-31'", {"since": "2024-02-01"}, False),
        ("since < '2024-01-31'", {"since": dt.datetime(2024, 1, 1, 12, 0)}, True),
        ("since < '2024-01-31'", {"since": "yesterday"}, False),
        ("notes = 'none'", {"notes": "none"}, True),
        ("proof is answered", {"proof": ["file-1"]}, True),
        ("proof is answered", {"proof": []}, False),
        ("proof is not answered", {"proof": None}, True),
        ("policy = 'yes' and hours > 1 or scope = 'all'", {"scope": "all"}, True),
        ("policy = 'yes' and (hours > 1 or scope = 'all')", {"scope": "all"}, False),
    ],
)
def test_evaluation(text: str, answers: dict[str, object], expected: bool) -> None:
    assert compile_condition(text, BY_ID)(answers, ALL) is expected


def test_a_hidden_question_reads_as_unanswered() -> None:
    predicate = compile_condition("policy = 'yes'", BY_ID)
    assert predicate({"policy": "yes"}, ALL - {"policy"}) is False
    assert compile_condition("policy is not answered", BY_ID)({"policy": "yes"}, set()) is True


CHAIN = build(
    question("a"),
    question("b", show_if="a = 'yes'"),
    question("c", show_if="b = 'yes'"),
    question("d", show_if="c is not answered"),
    question("e"),
)


@pytest.mark.parametrize(
    ("answers", "visible"),
    [
        ({}, {"a", "d", "e"}),
        ({"a": "yes"}, {"a", "b", "d", "e"}),
        ({"a": "yes", "b": "yes"}, {"a", "b", "c", "d", "e"}),
        ({"a": "yes", "b": "yes", "c": "no"}, {"a", "b", "c", "e"}),
        # b keeps a stale answer but is hidden, so c must not see it
        ({"a": "no", "b": "yes", "c": "no"}, {"a", "d", "e"}),
    ],
)
def test_visibility_in_document_order(answers: dict[str, object], visible: set[str]) -> None:
    assert visible_questions(CHAIN, answers) == visible
    compiled = compile_definition(CHAIN)
    assert isinstance(compiled, CompiledConditions)
    assert visible_questions(compiled, answers) == visible


def test_fixture_visibility(supply_chain: Definition) -> None:
    shown = visible_questions(supply_chain, {"forced_labour_policy": "no", "weekly_hours": 40})
    assert "policy_document" not in shown
    assert {"audit_types", "audit_findings"} <= shown
    assert "last_audit" not in shown


# --- round trip of random expressions -------------------------------------------------------

ids = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda s: s not in {"not", "and", "or", "in", "is", "contains", "answered"})
texts = st.text(st.characters(codec="utf-8", exclude_characters="'\"\n\r"), max_size=10)
numbers = st.integers(-10**9, 10**9) | st.floats(allow_nan=False, allow_infinity=False)
literals = st.builds(Lit, texts | numbers)
atoms_ = st.one_of(
    st.builds(Compare, ids, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), literals),
    st.builds(InList, ids, st.lists(literals, min_size=1, max_size=3).map(tuple)),
    st.builds(Contains, ids, literals),
    st.builds(Answered, ids, st.booleans()),
)
exprs = st.recursive(
    atoms_,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(And, st.lists(inner, min_size=2, max_size=3).map(tuple)),
        st.builds(Or, st.lists(inner, min_size=2, max_size=3).map(tuple)),
    ),
    max_leaves=8,
)


@given(exprs)
def test_text_round_trip(expr: Expr) -> None:
    assert parse_condition(to_text(expr)) == expr


@given(exprs, st.dictionaries(st.sampled_from(sorted(BY_ID)), st.sampled_from(
    ["yes", "no", "own", "all", 3, 50.5, ["self"], "2024-01-01", None])))
def test_not_negates_whatever_the_answers(expr: Expr, answers: dict[str, object]) -> None:
    plain = compile_condition(expr, BY_ID)(answers, ALL)
    assert compile_condition(Not(expr), BY_ID)(answers, ALL) is (not plain)
