"""Compiled conditions against a plain reading of the condition language (hypothesis).

`compile_condition` specialises its closures (answers as JSON gives them, `and`/`or` as chained
closures, fused common shapes); this reference evaluates the same rules the obvious way, so any
shortcut that changes a result shows up here.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Collection, Container, Mapping
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.questionnaires.conditions import (
    And,
    Answered,
    Compare,
    Contains,
    Expr,
    InList,
    Lit,
    Not,
    Or,
    compile_condition,
    parse_condition,
    to_text,
)
from portal.questionnaires.definition import Question, QuestionType, is_answered
from tests.questionnaires.test_conditions import BY_ID

IDS = sorted(BY_ID)
OPS = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
       ">": operator.gt, ">=": operator.ge}


def _coerce(q: Question | None, value: object) -> Any:
    if q is not None and q.type is QuestionType.NUMBER:
        return None if isinstance(value, bool) or not isinstance(value, int | float) else value
    if q is not None and q.type is QuestionType.DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return None
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, str) and value else None


def reference(expr: Expr, answers: Mapping[str, object], visible: Container[str]) -> bool:
    """The documented meaning: a hidden or unanswered question compares false."""
    if isinstance(expr, Not):
        return not reference(expr.operand, answers, visible)
    if isinstance(expr, And):
        return all(reference(op, answers, visible) for op in expr.operands)
    if isinstance(expr, Or):
        return any(reference(op, answers, visible) for op in expr.operands)
    qid = expr.question
    value = answers.get(qid)
    if isinstance(expr, Answered):
        return (qid in visible and is_answered(value)) != expr.negated
    if isinstance(expr, Contains):
        return (qid in visible and isinstance(value, Collection) and not isinstance(value, str)
                and expr.value.value in value)
    if qid not in visible:
        return False
    q = BY_ID.get(qid)
    coerced = _coerce(q, value)
    if isinstance(expr, InList):
        members = {_coerce(q, lit.value) for lit in expr.values} - {None}
        return coerced is not None and coerced in members
    expected = _coerce(q, expr.value.value)
    if coerced is None or expected is None:
        return False
    try:
        return bool(OPS[expr.op](coerced, expected))
    except TypeError:
        return False


LITERALS = st.builds(Lit, st.sampled_from(
    ["yes", "no", "own", "all", "self", "none", "", "2024-01-01", 3, 48, 2.5, -1]))
ATOMS = st.one_of(
    st.builds(Compare, st.sampled_from(IDS), st.sampled_from(sorted(OPS)), LITERALS),
    st.builds(InList, st.sampled_from(IDS), st.lists(LITERALS, min_size=1, max_size=3).map(tuple)),
    st.builds(Contains, st.sampled_from(IDS), LITERALS),
    st.builds(Answered, st.sampled_from(IDS), st.booleans()),
)
# shapes the compiler fuses into one closure
FUSED = st.one_of(
    st.builds(lambda q, v: And((Answered(q), Not(Contains(q, Lit(v))))),
              st.sampled_from(IDS), st.sampled_from(["self", "none", 3])),
    st.builds(lambda q, vs: Or(tuple(Contains(q, Lit(v)) for v in vs)),
              st.sampled_from(IDS), st.lists(st.sampled_from(["self", "none", "own"]),
                                             min_size=2, max_size=4)),
)
EXPRS = st.recursive(
    st.one_of(ATOMS, FUSED),
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(And, st.lists(inner, min_size=2, max_size=4).map(tuple)),
        st.builds(Or, st.lists(inner, min_size=2, max_size=4).map(tuple)),
    ),
    max_leaves=8,
)
ANSWERS: list[object] = [
    "yes", "no", "own", "all", "", "2024-01-01", "2023-12-31", "x", 3, 48, 50.5, 0, -1,
    True, False, None, [], ["self"], ["none"], ["self", "none"], ("self",), {"self": 1},
    dt.date(2024, 1, 1), 10**20,
]
VALUES = st.sampled_from(ANSWERS)


@settings(max_examples=500, deadline=None)
@given(EXPRS, st.dictionaries(st.sampled_from(IDS), VALUES), st.sets(st.sampled_from(IDS)))
def test_compiled_conditions_agree_with_the_plain_reading(
    expr: Expr, answers: dict[str, object], hidden: set[str]
) -> None:
    visible = set(IDS) - hidden
    expected = reference(expr, answers, visible)
    assert compile_condition(expr, BY_ID)(answers, visible) is expected
    assert compile_condition(parse_condition(to_text(expr)), BY_ID)(answers, visible) is expected


def _shapes() -> list[Expr]:
    literals = [Lit(v) for v in ("yes", "own", "self", "none", "", "2024-01-01", 3, 48, 2.5)]
    shapes: list[Expr] = []
    for qid in IDS:
        shapes += [Compare(qid, op, lit) for op in OPS for lit in literals]
        shapes += [InList(qid, (lit, Lit("no"))) for lit in literals]
        shapes += [Contains(qid, lit) for lit in literals]
        shapes += [Answered(qid, False), Answered(qid, True)]
        shapes += [And((Answered(qid), Not(Contains(qid, lit)))) for lit in literals]
        shapes += [Or((Contains(qid, Lit("self")), Contains(qid, lit))) for lit in literals]
        shapes += [Not(shape) for shape in shapes[-3:]]
    return shapes


def test_every_atom_and_fused_shape_on_every_kind_of_answer() -> None:
    # exhaustive where the specialised closures differ: each shape, each value, shown or not
    for expr in _shapes():
        predicate = compile_condition(expr, BY_ID)
        for value in ANSWERS:
            answers = {expr.question if not isinstance(expr, And | Or | Not) else
                       _first_question(expr): value}
            for visible in (set(IDS), set()):
                assert predicate(answers, visible) is reference(expr, answers, visible), (
                    to_text(expr), value, bool(visible))


def _first_question(expr: Expr) -> str:
    while isinstance(expr, And | Or | Not):
        expr = expr.operand if isinstance(expr, Not) else expr.operands[0]
    return expr.question
