"""From what a supplier typed or ticked to a stored answer, and back (pure).

Form input arrives as lists of strings (one per ticked box); `to_answer` turns it into the
answer the definition expects (see portal.questionnaires.definition) or raises InputError with
a code the web layer words in the user's language. Numbers accept the ways people write them
("1 200", "1,200", "12,5"). `form_values` gives the inputs that show an answer again.

Each rendered answer carries a token "revision:hash": the revision it was rendered at and a
hash of the value shown. A save whose value still has that hash changed nothing; a changed
value saved against an older revision than the stored one is a conflict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from portal.questionnaires.definition import (
    NO,
    YES,
    Question,
    QuestionType,
    is_answered,
    localise,
)
from portal.scoring import AnswerError, check_answer

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_NUMBER_TEXT = 40


class InputError(ValueError):
    """What is wrong with the input: `code` (choice, number, integer, below, above, too_long,
    date, invalid) and the numbers the message needs."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


def parse_number(text: str) -> int | float:
    """A number as people write it: spaces and thousands commas ignored, a lone comma decimal."""
    raw = _SPACES.sub("", text)
    if not raw or len(raw) > MAX_NUMBER_TEXT:
        raise InputError("number")
    if _THOUSANDS.match(raw):
        raw = raw.replace(",", "")
    elif raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    if not _PLAIN_NUMBER.match(raw):
        raise InputError("number")
    if "." in raw:
        value = float(raw)
        if not math.isfinite(value):
            raise InputError("number")
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    return int(raw)


def _first(raw: Sequence[str]) -> str:
    return raw[0].strip() if raw else ""


def to_answer(q: Question, raw: Sequence[str]) -> object:
    """The answer to store for this input (None when left empty); InputError if unacceptable."""
    kind = q.type
    if kind is QuestionType.MULTI_CHOICE:
        chosen = {v for v in raw if v}
        if not chosen <= set(q.option_values):
            raise InputError("choice")
        value: object = [v for v in q.option_values if v in chosen] or None
    elif kind in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE):
        first = _first(raw)
        allowed = (YES, NO) if kind is QuestionType.YES_NO else q.option_values
        if first and first not in allowed:
            raise InputError("choice")
        value = first or None
    elif kind is QuestionType.NUMBER:
        first = _first(raw)
        value = _number(q, first) if first else None
    elif kind is QuestionType.TEXT:
        text = (raw[0] if raw else "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > q.text_max_length:
            raise InputError("too_long", limit=q.text_max_length, count=len(text))
        value = text or None
    elif kind is QuestionType.DATE:
        first = _first(raw)
        value = _date(first) if first else None
    else:
        raise InputError("invalid")
    try:
        check_answer(q, value)
    except AnswerError:
        raise InputError("invalid") from None
    return value


def _number(q: Question, text: str) -> int | float:
    value = parse_number(text)
    if q.integer and value != int(value):
        raise InputError("integer")
    if q.min is not None and value < q.min:
        raise InputError("below", min=q.min, max=q.max)
    if q.max is not None and value > q.max:
        raise InputError("above", min=q.min, max=q.max)
    return value


def _date(text: str) -> str:
    if not _ISO_DATE.match(text):
        raise InputError("date")
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("date") from None
    return text


def format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def form_values(q: Question, value: object) -> list[str]:
    """The form inputs that show this answer again (empty when unanswered)."""
    if not is_answered(value):
        return []
    if q.type is QuestionType.MULTI_CHOICE and isinstance(value, list | tuple):
        return [str(v) for v in value]
    if q.type is QuestionType.NUMBER and isinstance(value, int | float):
        return [format_number(value)]
    return [str(value)]


@dataclass(frozen=True)
class Labels:
    """Words the display needs in the reader's language."""

    yes: str = "Yes"
    no: str = "No"
    files: str = "{count} file(s)"


def display(q: Question, value: object, lang: str, default_lang: str, labels: Labels) -> str:
    """An answer as a person reads it ("" when unanswered)."""
    if not is_answered(value):
        return ""
    kind = q.type
    if kind is QuestionType.YES_NO:
        return labels.yes if value == YES else labels.no if value == NO else str(value)
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        chosen = value if isinstance(value, list | tuple) else [value]
        names = []
        for v in chosen:
            option = q.option(str(v))
            names.append(localise(option.label, lang, default_lang) if option else str(v))
        return ", ".join(names)
    if kind is QuestionType.NUMBER and isinstance(value, int | float):
        unit = localise(q.unit, lang, default_lang) if q.unit else ""
        return f"{format_number(value)} {unit}".strip()
    if kind is QuestionType.EVIDENCE:
        count = len(value) if isinstance(value, list | tuple) else 1
        return labels.files.format(count=count)
    return str(value)


# Revision tokens ------------------------------------------------------------------------------


def value_hash(value: object) -> str:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def answer_token(revision: int, value: object) -> str:
    return f"{revision}:{value_hash(value)}"


@dataclass(frozen=True)
class Token:
    revision: int
    value_hash: str


def parse_token(text: str | None) -> Token | None:
    """The token a form carried back; None if it is missing or malformed."""
    if not text:
        return None
    revision, _sep, digest = text.partition(":")
    if not revision.isdigit() or len(revision) > 12 or not re.fullmatch(r"[0-9a-f]{16}", digest):
        return None
    return Token(int(revision), digest)
