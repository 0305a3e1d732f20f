"""Translate the supported subset of XLSForm `relevant` expressions into `show_if` conditions.

The subset: `${q} = 'x'`, `!=`, ordering comparisons with numbers (and ISO dates),
`selected(${q}, 'x')`, `${q} = ''` / `${q} != ''`, `and`, `or`, `not(...)` and parentheses.
Anything else raises `RelevantError` with a one-line reason, so the caller can drop the condition
with a warning. Nothing is evaluated: a tokenizer and a recursive-descent parser build a small
tree, which is checked against the questions it names and written out in our syntax.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from portal.questionnaires.conditions import (
    MAX_CONDITION_LENGTH,
    And,
    Answered,
    Compare,
    Contains,
    Expr,
    Lit,
    Not,
    Or,
)

__all__ = ["RelevantError", "Target", "all_of", "translate_relevant"]

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<ref>\$\{\s*(?P<ref_name>[^}\s]+)\s*\})
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<punct>[(),-])
  | (?P<name>[A-Za-z_][A-Za-z0-9_.:-]*)
    """,
    re.VERBOSE,
)
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FLIPPED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_ORDERING = frozenset({"<", "<=", ">", ">="})


class RelevantError(ValueError):
    """The expression is malformed or outside the supported subset; the message says why."""


@dataclass(frozen=True, slots=True)
class Target:
    """An earlier converted question a condition may name: our id, type and choice values.

    `values` maps the XLSForm choice name to our (possibly sanitised) option value.
    """

    id: str
    type: str
    values: Mapping[str, str] | None = None


def all_of(conditions: Iterable[Expr]) -> Expr | None:
    """The conjunction of the conditions (None when there are none), flattened."""
    parts = tuple(p for c in conditions for p in (c.operands if isinstance(c, And) else (c,)))
    if len(parts) <= 1:
        return parts[0] if parts else None
    return And(parts)


# --- tokens and tree -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class _Ref:
    name: str


@dataclass(frozen=True, slots=True)
class _Literal:
    value: str | int | float
    source: str


@dataclass(frozen=True, slots=True)
class _Call:
    name: str
    args: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Compare:
    op: str
    left: _Node
    right: _Node


@dataclass(frozen=True, slots=True)
class _Bool:
    op: str  # "and" / "or"
    operands: tuple[_Node, ...]


_Node = _Ref | _Literal | _Call | _Compare | _Bool


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            raise RelevantError(f"unexpected {text[pos]!r} at position {pos + 1}")
        kind = match.lastgroup or ""
        if kind == "ref":
            tokens.append(_Token("ref", match.group("ref_name")))
        elif kind != "ws":
            tokens.append(_Token(kind, match.group(kind)))
        pos = match.end()
    return tokens


class _Parser:
    """Recursive descent over: or := and ("or" and)*; and := cmp ("and" cmp)*;
    cmp := primary (op primary)?; primary := "(" or ")" | ref | literal | name "(" args ")".
    """

    def __init__(self, tokens: Sequence[_Token]) -> None:
        self._tokens = tokens
        self._pos = 0

    def parse(self) -> _Node:
        node = self._or()
        if self._pos < len(self._tokens):
            raise RelevantError(f"unexpected {self._tokens[self._pos].text!r}")
        return node

    def _peek(self) -> _Token | None:
        return self._tokens[self._pos] if self._pos < len(self._tokens) else None

    def _take(self) -> _Token:
        token = self._peek()
        if token is None:
            raise RelevantError("the expression ends too early")
        self._pos += 1
        return token

    def _accept(self, kind: str, text: str) -> bool:
        token = self._peek()
        if token is not None and token.kind == kind and token.text == text:
            self._pos += 1
            return True
        return False

    def _expect(self, kind: str, text: str) -> None:
        if not self._accept(kind, text):
            found = self._peek()
            raise RelevantError(
                f"expected {text!r}, found {found.text!r}" if found else f"expected {text!r}"
            )

    def _or(self) -> _Node:
        operands = [self._and()]
        while self._accept("name", "or"):
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else _Bool("or", tuple(operands))

    def _and(self) -> _Node:
        operands = [self._compare()]
        while self._accept("name", "and"):
            operands.append(self._compare())
        return operands[0] if len(operands) == 1 else _Bool("and", tuple(operands))

    def _compare(self) -> _Node:
        left = self._primary()
        token = self._peek()
        if token is None or token.kind != "op":
            return left
        self._pos += 1
        right = self._primary()
        following = self._peek()
        if following is not None and following.kind == "op":
            raise RelevantError("chained comparisons are not supported")
        return _Compare(token.text, left, right)

    def _primary(self) -> _Node:
        token = self._take()
        if token.kind == "punct" and token.text == "(":
            node = self._or()
            self._expect("punct", ")")
            return node
        if token.kind == "punct" and token.text == "-":
            number = self._take()
            if number.kind != "number":
                raise RelevantError("arithmetic is not supported")
            return _Literal(-_number(number.text), "-" + number.text)
        if token.kind == "ref":
            return _Ref(token.text)
        if token.kind == "string":
            return _Literal(token.text[1:-1], token.text)
        if token.kind == "number":
            return _Literal(_number(token.text), token.text)
        if token.kind == "name" and self._accept("punct", "("):
            args: list[_Node] = []
            if not self._accept("punct", ")"):
                args.append(self._or())
                while self._accept("punct", ","):
                    args.append(self._or())
                self._expect("punct", ")")
            return _Call(token.text, tuple(args))
        raise RelevantError(f"{token.text!r} is not supported here")


# --- translation -----------------------------------------------------------------------------


def translate_relevant(expression: str, targets: Mapping[str, Target]) -> Expr:
    """Our condition for an XLSForm `relevant` expression naming the questions in `targets`.

    `targets` holds only earlier converted questions, keyed by their XLSForm name, so a
    reference to a later, dropped or unknown question is refused like any other unsupported
    construct. Raises `RelevantError` with a one-line reason.
    """
    if len(expression) > MAX_CONDITION_LENGTH:
        raise RelevantError(f"the expression is longer than {MAX_CONDITION_LENGTH} characters")
    tree = _Parser(_tokenize(expression)).parse()
    return _Translator(targets).condition(tree)


def _number(text: str) -> int | float:
    """An int when written without a point (so large ids keep every digit), else a float."""
    return int(text) if text.isascii() and text.isdigit() else float(text)


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, int) or value.is_integer() else repr(value)


def _name(ref: _Ref) -> str:
    return f"${{{ref.name}}}"


class _Translator:
    def __init__(self, targets: Mapping[str, Target]) -> None:
        self._targets = targets

    def condition(self, node: _Node) -> Expr:
        if isinstance(node, _Bool):
            operands = tuple(self.condition(operand) for operand in node.operands)
            return Or(operands) if node.op == "or" else And(operands)
        if isinstance(node, _Call):
            return self._call(node)
        if isinstance(node, _Compare):
            return self._compare(node)
        what = _name(node) if isinstance(node, _Ref) else node.source
        raise RelevantError(f"{what} alone is not a condition")

    def _target(self, ref: _Ref) -> Target:
        target = self._targets.get(ref.name)
        if target is None:
            raise RelevantError(f"{_name(ref)} is not an earlier question that could be converted")
        if target.type == "note":
            raise RelevantError(f"{_name(ref)} is a note, which has no answer")
        return target

    def _call(self, node: _Call) -> Expr:
        if node.name == "not" and len(node.args) == 1:
            return Not(self.condition(node.args[0]))
        if node.name == "selected" and len(node.args) == 2:
            ref, literal = node.args
            if not isinstance(ref, _Ref) or not isinstance(literal, _Literal):
                raise RelevantError("selected() needs a ${question} and a value")
            target = self._target(ref)
            value = Lit(self._choice_value(target, ref, literal))
            if target.type == "multi_choice":
                return Contains(target.id, value)
            return Compare(target.id, "=", value)
        raise RelevantError(f"the function {node.name}() is not supported")

    def _choice_value(self, target: Target, ref: _Ref, literal: _Literal) -> str:
        if target.values is None:
            raise RelevantError(f"{_name(ref)} is not a choice question")
        raw = literal.value if isinstance(literal.value, str) else _number_text(literal.value)
        if raw not in target.values:
            raise RelevantError(f"{raw!r} is not a choice of {_name(ref)}")
        return target.values[raw]

    def _compare(self, node: _Compare) -> Expr:
        op, left, right = node.op, node.left, node.right
        if isinstance(left, _Literal) and isinstance(right, _Ref):
            op, left, right = _FLIPPED[op], right, left
        for side in (left, right):
            if isinstance(side, _Call):
                raise RelevantError(f"the function {side.name}() is not supported")
        if not isinstance(left, _Ref) or not isinstance(right, _Literal):
            raise RelevantError("only a comparison of a ${question} with a value is supported")
        target = self._target(left)
        if right.value == "":
            if op in ("=", "!="):
                return Answered(target.id, negated=op == "=")
            raise RelevantError(f"{op} with an empty text is not supported")
        comparison = Compare(target.id, op, self._literal_for(target, left, op, right))
        if op == "!=":
            # In XLSForm an unanswered (or hidden) question differs from every value, while our
            # comparisons with an unanswered question are false: keep the form's meaning.
            return Or((comparison, Answered(target.id, negated=True)))
        return comparison

    def _literal_for(self, target: Target, ref: _Ref, op: str, literal: _Literal) -> Lit:
        value = literal.value
        if target.type == "number":
            if isinstance(value, str):
                try:
                    value = _number(value.strip())
                except ValueError:
                    value = math.nan
            if isinstance(value, float) and not math.isfinite(value):
                raise RelevantError(f"{_name(ref)} is a number, not {literal.source}")
            return Lit(int(value) if isinstance(value, float) and value.is_integer() else value)
        if target.type == "date":
            if isinstance(value, str) and _ISO_DATE_RE.match(value):
                return Lit(value)
            raise RelevantError(f"{_name(ref)} is a date: compare it with 'YYYY-MM-DD'")
        if op in _ORDERING:
            raise RelevantError(f"{op} on {_name(ref)} needs a number or date question")
        if target.type == "single_choice":
            return Lit(self._choice_value(target, ref, literal))
        if target.type == "text":
            text = value if isinstance(value, str) else _number_text(value)
            if "'" in text and '"' in text:
                raise RelevantError("a text with both kinds of quote is not supported")
            return Lit(text)
        raise RelevantError(f"comparing {_name(ref)} ({target.type}) with a value is not supported")
