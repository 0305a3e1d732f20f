"""The `show_if` condition language: parsing, static checks, compilation and question visibility.

Conditions are parsed by a lark LALR grammar into frozen dataclasses, never evaluated with
`eval`. Each is compiled once into a closure `(answers, visible) -> bool`; the scoring engine
keeps one `CompiledConditions` per definition hash so evaluation costs only a few calls.
A comparison with an unanswered or hidden question is false; `is not answered` is true for it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import operator
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lark import Lark, Token, Transformer_NonRecursive, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from portal.questionnaires.definition import Definition, Question, QuestionType, is_answered

MAX_CONDITION_LENGTH = 2000
MAX_CONDITION_DEPTH = 32

_GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr ("or" and_expr)+ -> or_
        | and_expr
?and_expr: not_expr ("and" not_expr)+ -> and_
         | not_expr
?not_expr: NOT not_expr -> not_
         | atom
?atom: "(" or_expr ")"
     | ID OP literal -> compare
     | ID "in" "[" literal ("," literal)* "]" -> in_list
     | ID "contains" literal -> contains
     | ID "is" "answered" -> answered
     | ID "is" NOT "answered" -> not_answered
literal: STRING | NUMBER
NOT: "not"
OP: "<=" | ">=" | "!=" | "=" | "<" | ">"
ID: /[A-Za-z_][A-Za-z0-9_]*/
STRING: /'[^']*'/ | /"[^"]*"/
NUMBER: /-?[0-9]+(\.[0-9]+)?/
%import common.WS
%ignore WS
"""

Value = str | int | float


@dataclass(frozen=True)
class Lit:
    """A literal in a condition: a quoted string or a number."""

    value: Value
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Compare:
    """`question op literal` with op one of = != < <= > >=."""

    question: str
    op: str
    value: Lit
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class InList:
    """`question in [a, b]`."""

    question: str
    values: tuple[Lit, ...]
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Contains:
    """`question contains value`: a multiple choice answer includes the value."""

    question: str
    value: Lit
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Answered:
    """`question is answered`, or `is not answered` when negated."""

    question: str
    negated: bool = False
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    """`not operand`."""

    operand: Expr
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class And:
    """All operands hold (two or more)."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    """Any operand holds (two or more)."""

    operands: tuple[Expr, ...]


Atom = Compare | InList | Contains | Answered
Expr = Atom | Not | And | Or


@dataclass(frozen=True)
class ConditionError:
    """A problem in a condition, at a 1-based column of its text."""

    column: int
    message: str


class ConditionSyntaxError(ValueError):
    """A condition that does not parse."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(f"column {column}: {message}")
        self.error = ConditionError(column, message)


class _ToAst(Transformer_NonRecursive):  # type: ignore[type-arg]
    # lark calls these by rule name; tokens keep their columns for error messages

    def literal(self, children: list[Token]) -> Lit:
        token = children[0]
        if token.type == "STRING":
            return Lit(token.value[1:-1], token.column or 0)
        number = float(token.value) if "." in token.value else int(token.value)
        return Lit(number, token.column or 0)

    def compare(self, children: list[Any]) -> Compare:
        qid, op, lit = children
        return Compare(qid.value, op.value, lit, qid.column)

    def in_list(self, children: list[Any]) -> InList:
        qid, *lits = children
        return InList(qid.value, tuple(lits), qid.column)

    def contains(self, children: list[Any]) -> Contains:
        qid, lit = children
        return Contains(qid.value, lit, qid.column)

    def answered(self, children: list[Token]) -> Answered:
        return Answered(children[0].value, False, children[0].column or 0)

    def not_answered(self, children: list[Token]) -> Answered:
        return Answered(children[0].value, True, children[0].column or 0)

    @v_args(inline=True)
    def not_(self, keyword: Token, operand: Expr) -> Not:
        return Not(operand, keyword.column or 0)

    def and_(self, children: list[Expr]) -> And:
        return And(tuple(children))

    def or_(self, children: list[Expr]) -> Or:
        return Or(tuple(children))


_PARSER = Lark(_GRAMMAR, parser="lalr", maybe_placeholders=False)

_TOKEN_WORDS = {
    "ID": "a question id",
    "OP": "a comparison (= != < <= > >=)",
    "STRING": "a quoted value",
    "NUMBER": "a number",
    "LPAR": "'('",
    "RPAR": "')'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "NOT": "'not'",
    "$END": "the end of the condition",
}


def _expected(names: Iterable[str]) -> str:
    words = sorted({_TOKEN_WORDS.get(n, repr(n.lower())) for n in names})
    return " or ".join(words) if words else "something else"


def _syntax_error(text: str, exc: UnexpectedInput) -> ConditionSyntaxError:
    if isinstance(exc, UnexpectedEOF):
        return ConditionSyntaxError(len(text) + 1, "the condition ends too early")
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream] if exc.pos_in_stream is not None else "?"
        return ConditionSyntaxError(exc.column, f"unexpected character {char!r}")
    if isinstance(exc, UnexpectedToken):
        if exc.token.type == "$END":
            return ConditionSyntaxError(
                len(text) + 1, f"the condition ends too early; expected {_expected(exc.expected)}"
            )
        return ConditionSyntaxError(
            exc.column,
            f"unexpected {exc.token.value!r}; expected {_expected(exc.expected)}",
        )
    return ConditionSyntaxError(getattr(exc, "column", 1), "the condition does not parse")


def depth(expr: Expr) -> int:
    """Nesting depth of an expression (an atom is 1), computed without recursion."""
    deepest, stack = 0, [(expr, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(node, Not):
            stack.append((node.operand, level + 1))
        elif isinstance(node, And | Or):
            stack.extend((child, level + 1) for child in node.operands)
    return deepest


def parse_condition(text: str) -> Expr:
    """Parse a condition; ConditionSyntaxError (with a column) if it is not well formed."""
    if len(text) > MAX_CONDITION_LENGTH:
        raise ConditionSyntaxError(1, f"a condition has at most {MAX_CONDITION_LENGTH} characters")
    if not text.strip():
        raise ConditionSyntaxError(1, "the condition is empty")
    try:
        tree = _PARSER.parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc) from None
    expr: Expr = _ToAst().transform(tree)
    if depth(expr) > MAX_CONDITION_DEPTH:
        raise ConditionSyntaxError(1, f"a condition nests at most {MAX_CONDITION_DEPTH} levels")
    return expr


def _lit_text(lit: Lit) -> str:
    if isinstance(lit.value, str):
        return f'"{lit.value}"' if "'" in lit.value else f"'{lit.value}'"
    number = repr(lit.value)
    if "e" in number:  # the grammar has no exponent: write 1e-07 as 0.0000001
        number = format(Decimal(number), "f")
    # a float keeps its point, so it reads back as a float and not as a (different) int
    return number + ".0" if isinstance(lit.value, float) and "." not in number else number


def to_text(expr: Expr) -> str:
    """Source text of an expression, with only the parentheses its structure needs."""
    if isinstance(expr, Compare):
        return f"{expr.question} {expr.op} {_lit_text(expr.value)}"
    if isinstance(expr, InList):
        return f"{expr.question} in [{', '.join(_lit_text(v) for v in expr.values)}]"
    if isinstance(expr, Contains):
        return f"{expr.question} contains {_lit_text(expr.value)}"
    if isinstance(expr, Answered):
        return f"{expr.question} is {'not ' if expr.negated else ''}answered"
    if isinstance(expr, Not):
        inner = to_text(expr.operand)
        return f"not ({inner})" if isinstance(expr.operand, And | Or) else f"not {inner}"
    # a nested And/Or of the same or looser binding needs parentheses to keep its structure
    looser = (And, Or) if isinstance(expr, And) else (Or,)
    word = " and " if isinstance(expr, And) else " or "
    return word.join(
        f"({to_text(op)})" if isinstance(op, looser) else to_text(op) for op in expr.operands
    )


def atoms(expr: Expr) -> list[Atom]:
    """The atoms of an expression, left to right."""
    found: list[Atom] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, And | Or):
            stack.extend(reversed(node.operands))
        else:
            found.append(node)
    return found


def referenced_ids(expr: Expr | str) -> tuple[str, ...]:
    """Question ids a condition refers to, once each, in order of first appearance."""
    parsed = parse_condition(expr) if isinstance(expr, str) else expr
    return tuple(dict.fromkeys(a.question for a in atoms(parsed)))



# --- static checks -------------------------------------------------------------------------

_ORDERING = frozenset({"<", "<=", ">", ">="})
_ORDERED_TYPES = frozenset({QuestionType.NUMBER, QuestionType.DATE})
_VALUE_TYPES = frozenset({QuestionType.YES_NO, QuestionType.SINGLE_CHOICE})


def _parse_date(value: object) -> dt.date | None:
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


def _check_literal(lit: Lit, q: Question) -> ConditionError | None:
    value = lit.value
    if q.type in _VALUE_TYPES or q.type is QuestionType.MULTI_CHOICE:
        allowed = q.option_values
        if not isinstance(value, str):
            return ConditionError(lit.column, f"write the value in quotes: '{value}'")
        if value not in allowed:
            return ConditionError(
                lit.column,
                f"{q.id!r} cannot be {value!r}; its values are {', '.join(allowed) or 'none'}",
            )
    elif q.type is QuestionType.NUMBER:
        if not isinstance(value, int | float):
            return ConditionError(lit.column, f"{q.id!r} is a number: compare it with a number")
    elif q.type is QuestionType.DATE:
        if not isinstance(value, str) or _parse_date(value) is None:
            return ConditionError(
                lit.column, f"{q.id!r} is a date: compare it with a quoted date like '2024-01-31'"
            )
    elif q.type is QuestionType.TEXT and not isinstance(value, str):
        return ConditionError(lit.column, f"write the value in quotes: '{value}'")
    return None


def _check_atom(atom: Atom, q: Question) -> list[ConditionError]:
    where = atom.column
    if q.type is QuestionType.NOTE:
        return [ConditionError(where, f"{q.id!r} is a note: notes are never answered")]
    if isinstance(atom, Answered):
        return []
    if isinstance(atom, Contains):
        if q.type is not QuestionType.MULTI_CHOICE:
            return [ConditionError(
                where, f"'contains' works only on multi_choice questions; {q.id!r} is {q.type}"
            )]
        error = _check_literal(atom.value, q)
        return [error] if error else []
    if q.type is QuestionType.MULTI_CHOICE:
        return [ConditionError(
            where, f"{q.id!r} is multi_choice and holds several values: use 'contains'"
        )]
    if q.type is QuestionType.EVIDENCE:
        return [ConditionError(
            where, f"{q.id!r} is an evidence upload: only 'is answered' can test it"
        )]
    if isinstance(atom, Compare) and atom.op in _ORDERING and q.type not in _ORDERED_TYPES:
        return [ConditionError(
            where, f"'{atom.op}' compares numbers or dates only; {q.id!r} is {q.type}"
        )]
    lits = atom.values if isinstance(atom, InList) else (atom.value,)
    return [e for e in (_check_literal(lit, q) for lit in lits) if e is not None]


def check_condition(
    text: str, questions: Sequence[Question | str], owner: int
) -> list[ConditionError]:
    """Every error in the condition of `questions[owner]`.

    `questions` is the whole definition in document order; a bare id stands for a question
    whose own content is invalid, so only references to it (not its type) can be checked.
    """
    try:
        expr = parse_condition(text)
    except ConditionSyntaxError as exc:
        return [exc.error]
    positions: dict[str, int] = {}
    for i, q in enumerate(questions):
        positions.setdefault(q if isinstance(q, str) else q.id, i)
    errors: list[ConditionError] = []
    for atom in atoms(expr):
        pos = positions.get(atom.question)
        if pos is None:
            hint = difflib.get_close_matches(atom.question, list(positions), n=1)
            errors.append(ConditionError(
                atom.column,
                f"no question has the id {atom.question!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else ""),
            ))
        elif pos == owner:
            errors.append(ConditionError(atom.column, "a condition cannot refer to its question"))
        elif pos > owner:
            errors.append(ConditionError(
                atom.column,
                f"{atom.question!r} comes later in the questionnaire; "
                "a condition may only refer to earlier questions",
            ))
        elif isinstance(target := questions[pos], Question):
            errors.extend(_check_atom(atom, target))
    return errors


# --- compilation and visibility ------------------------------------------------------------

Answers = Mapping[str, object]
Predicate = Callable[[Answers, Container[str]], bool]
AnswerTest = Callable[[Any], bool]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _text(value: object) -> str | None:
    if isinstance(value, bool):  # tolerate yes/no answers kept as booleans
        return "yes" if value else "no"
    return value if isinstance(value, str) and value else None


def _coercer(q: Question | None) -> Callable[[object], Any]:
    if q is not None and q.type is QuestionType.NUMBER:
        return _number
    if q is not None and q.type is QuestionType.DATE:
        return _parse_date
    return _text


def _never(answer: object) -> bool:
    return False


def _answered(negated: bool) -> AnswerTest:
    if negated:
        return lambda answer: not is_answered(answer)
    return is_answered


def _contains(wanted: frozenset[Value]) -> AnswerTest:
    # `q contains a`, or `q contains a or q contains b ...`: one of the values is chosen
    if len(wanted) == 1:
        (only,) = wanted

        def contains(answer: object) -> bool:
            if answer.__class__ is list:  # what JSON gives
                return only in answer
            return isinstance(answer, Collection) and not isinstance(answer, str) and (
                only in answer
            )

        return contains

    def contains_any(answer: object) -> bool:
        if answer.__class__ is list:
            try:
                return not wanted.isdisjoint(answer)
            except TypeError:  # an unhashable item: compare one value at a time
                pass
        return isinstance(answer, Collection) and not isinstance(answer, str) and any(
            w in answer for w in wanted
        )

    return contains_any


def _member_of(members: frozenset[Any], coerce: Callable[[object], Any]) -> AnswerTest:
    # `q in [...]`, and `q = v` on a text-like question; None is never a member
    if coerce is not _text:
        return lambda answer: coerce(answer) in members

    def in_texts(answer: object) -> bool:
        if answer.__class__ is str:  # the usual answer; "" is never a member
            return answer in members
        return _text(answer) in members

    return in_texts


def _comparison(op: str, lit: Lit, coerce: Callable[[object], Any]) -> AnswerTest:
    compare, expected = _OPS[op], coerce(lit.value)
    if expected is None:  # e.g. a number compared with a text: never true
        return _never
    if op == "=" and coerce is _text:
        return _member_of(frozenset((expected,)), coerce)

    def comparison(answer: object) -> bool:
        value = coerce(answer)
        try:
            return value is not None and compare(value, expected)
        except TypeError:  # e.g. text ordered against a number in an unchecked definition
            return False

    return comparison


def _atom_test(atom: Atom, q: Question | None) -> AnswerTest:
    if isinstance(atom, Answered):
        return _answered(atom.negated)
    if isinstance(atom, Contains):
        return _contains(frozenset((atom.value.value,)))
    coerce = _coercer(q)
    if isinstance(atom, InList):
        return _member_of(frozenset(coerce(lit.value) for lit in atom.values) - {None}, coerce)
    return _comparison(atom.op, atom.value, coerce)


def _checked_test(node: Expr, q: Question | None) -> AnswerTest | None:
    # Shortcuts for checked answers (see `compile_test`): a yes/no or single choice answer is
    # then a str or None, a multiple choice one a collection of option values, "" or None, a
    # number an int, a float (never a bool) or None. None where the general test is as good.
    kind = q.type if q is not None else None
    if kind in _VALUE_TYPES and (
        isinstance(node, InList) or (isinstance(node, Compare) and node.op == "=")
    ):
        lits = node.values if isinstance(node, InList) else (node.value,)
        members = frozenset(_text(lit.value) for lit in lits) - {None}
        return members.__contains__  # no coercion to do, and "" is never a member
    if kind is QuestionType.MULTI_CHOICE:
        parts = node.operands if isinstance(node, Or) else (node,)
        wanted = frozenset(op.value.value for op in parts if isinstance(op, Contains))
        if len(wanted) == len(parts):  # `q contains a` or `q contains a or q contains b ...`
            return lambda answer: bool(answer) and not wanted.isdisjoint(answer)
        if (isinstance(node, And) and len(node.operands) == 2
                and isinstance(node.operands[0], Answered) and not node.operands[0].negated
                and isinstance(node.operands[1], Not)
                and isinstance(node.operands[1].operand, Contains)):
            # `q is answered and not (q contains v)`, as for a "none of these" option
            unwanted = node.operands[1].operand.value.value
            return lambda answer: bool(answer) and unwanted not in answer
    if kind is QuestionType.NUMBER and isinstance(node, Compare):
        compare, expected = _OPS[node.op], _number(node.value.value)
        if expected is None:
            return _never
        return lambda answer: answer is not None and compare(answer, expected)
    return None


def _both(first: AnswerTest, second: AnswerTest) -> AnswerTest:
    return lambda answers: first(answers) and second(answers)


def _either(first: AnswerTest, second: AnswerTest) -> AnswerTest:
    return lambda answers: first(answers) or second(answers)


def _test(
    node: Expr, reads: tuple[str, ...], questions: Mapping[str, Question], checked: bool
) -> AnswerTest:
    # the test of `node` on the answers to `reads`: the bare answer when it is only one
    own = referenced_ids(node)
    if len(reads) > 1 and len(own) == 1:
        # a part on one question: tested on its answer, picked from the others once
        single = _test(node, own, questions, checked)
        pick = operator.itemgetter(reads.index(own[0]))
        return lambda answers: single(pick(answers))
    if checked and len(reads) == 1:
        shortcut = _checked_test(node, questions.get(reads[0]))
        if shortcut is not None:
            return shortcut
    if isinstance(node, Not):
        inner = _test(node.operand, reads, questions, checked)
        return lambda answers: not inner(answers)
    if isinstance(node, Or) and len(reads) == 1:
        wanted = [op.value.value for op in node.operands if isinstance(op, Contains)]
        if len(wanted) == len(node.operands):  # `q contains a or q contains b ...`: one test
            return _contains(frozenset(wanted))
    if isinstance(node, And | Or):
        # chained closures: all()/any() over a generator costs several times more per call
        join = _both if isinstance(node, And) else _either
        parts = [_test(op, reads, questions, checked) for op in node.operands]
        joined = parts[-1]
        for part in reversed(parts[:-1]):  # right-nested, so the first operand runs first
            joined = join(part, joined)
        return joined
    return _atom_test(node, questions.get(node.question))


@dataclass(frozen=True)
class ConditionTest:
    """A condition compiled into a test of the answers it reads.

    `reads` are the ids of the questions it refers to, once each, in order of first appearance.
    `holds` takes their answers as `operator.itemgetter(*reads)` picks them: the bare answer
    when it reads one question, else a tuple. A hidden question is passed as unanswered (None):
    to a condition the two are the same (a comparison is false, `is not answered` is true).
    """

    reads: tuple[str, ...]
    holds: AnswerTest


def compile_test(
    expr: Expr | str, questions: Mapping[str, Question], *, checked: bool = False
) -> ConditionTest:
    """Compile a condition once; `questions` gives the types its answers are compared as.

    With `checked`, the test is only ever given answers that `check_answer` accepts for their
    questions, an unanswered one as None, "" or an empty list or tuple: it then skips the
    coercions that other answers need.
    """
    node = parse_condition(expr) if isinstance(expr, str) else expr
    reads = referenced_ids(node)
    return ConditionTest(reads, _test(node, reads, questions, checked))


def compile_condition(expr: Expr | str, questions: Mapping[str, Question]) -> Predicate:
    """A closure `(answers, visible) -> bool` for a condition; `questions` gives answer types."""
    test = compile_test(expr, questions)
    holds = test.holds
    if len(test.reads) == 1:
        qid = test.reads[0]
        return lambda answers, visible: holds(answers.get(qid) if qid in visible else None)
    reads = test.reads
    return lambda answers, visible: holds(
        tuple(answers.get(qid) if qid in visible else None for qid in reads)
    )


@dataclass(frozen=True)
class CompiledConditions:
    """Every question's compiled condition in document order (None: always shown)."""

    order: tuple[tuple[str, Predicate | None], ...]

    def visible(self, answers: Answers) -> set[str]:
        """Ids of the questions shown for these answers."""
        shown: set[str] = set()
        for qid, predicate in self.order:
            # only earlier questions are in `shown`, so a hidden one reads as unanswered
            if predicate is None or predicate(answers, shown):
                shown.add(qid)
        return shown


def compile_definition(definition: Definition) -> CompiledConditions:
    """Compile every condition of a (validated) definition once."""
    by_id = {q.id: q for q in definition.questions()}
    return CompiledConditions(tuple(
        (q.id, compile_condition(q.show_if, by_id) if q.show_if else None)
        for q in definition.questions()
    ))


def visible_questions(
    definition_or_compiled: Definition | CompiledConditions, answers: Answers
) -> set[str]:
    """Ids of the questions shown for these answers, decided in document order."""
    compiled = definition_or_compiled
    if isinstance(compiled, Definition):
        compiled = compile_definition(compiled)
    return compiled.visible(answers)
