"""Choice lists of an XLSForm and the names it uses: sanitised ids, option values and types.

XLSForm names are freer than ours; anything that is not a valid id or option value is
sanitised (accents dropped, other characters replaced) with a warning naming the row.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field

from pyxform import aliases

from portal.questionnaires.definition import IDENTIFIER_PATTERN, OPTION_VALUE_PATTERN
from portal.questionnaires.xlsform_reader import ImportWarning, Sheet
from portal.questionnaires.xlsform_text import Texts

_ID_RE = re.compile(IDENTIFIER_PATTERN)
_VALUE_RE = re.compile(OPTION_VALUE_PATTERN)
_ID_BAD = re.compile(r"[^A-Za-z0-9_]+")
_VALUE_BAD = re.compile(r"[^A-Za-z0-9_.-]+")
# "select one from yesno", "select_multiple list or_other": pyxform's own spellings
_SELECT_ONE = sorted((k for k, v in aliases.select.items() if v == "select one"
                      and "file" not in k), key=len, reverse=True)
_SELECT_MULTI = sorted((k for k, v in aliases.select.items() if v == "select all that apply"
                        and "file" not in k), key=len, reverse=True)
_SELECT_RE = re.compile(
    r"^(?P<command>" + "|".join(map(re.escape, _SELECT_ONE + _SELECT_MULTI)) + r")\s+"
    r"(?P<list>\S+)(?:\s+(?P<other>or_other|or specify other|or other))?$",
    re.IGNORECASE,
)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def sanitise_id(name: str) -> str:
    """A valid id (`^[A-Za-z_][A-Za-z0-9_]*$`) as close to `name` as possible ("" if none)."""
    if _ID_RE.match(name):
        return name
    text = _ID_BAD.sub("_", _ascii(name)).strip("_")
    return f"_{text}" if text[:1].isdigit() else text


def sanitise_value(value: str) -> str:
    """A valid option value (`^[A-Za-z0-9_.-]+$`) as close to `value` as possible."""
    if _VALUE_RE.match(value):
        return value
    return _VALUE_BAD.sub("_", _ascii(value)).strip("_")


def unique(name: str, taken: Container[str]) -> str:
    """`name`, or `name_2`, `name_3`... whichever is not taken."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    return candidate


def parse_select(type_text: str) -> tuple[bool, str, bool] | None:
    """(multiple?, list name, or_other?) of a select type, or None if it is not one."""
    match = _SELECT_RE.match(" ".join(type_text.split()))
    if match is None:
        return None
    command = " ".join(match.group("command").lower().split())
    return command in _SELECT_MULTI, match.group("list"), match.group("other") is not None


def parse_number(text: str) -> float | int | None:
    """A finite number written in a cell (ints stay ints), or None."""
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


@dataclass
class Choice:
    """One choice row: the XLSForm name, our value, its label and optional points."""

    row: int
    name: str
    value: str
    label: dict[str, str]
    points: float | int | None = None


@dataclass
class ChoiceList:
    """The choices of one list, in sheet order."""

    name: str
    choices: list[Choice] = field(default_factory=list)

    def values(self) -> dict[str, str]:
        """XLSForm name -> our option value."""
        return {c.name: c.value for c in self.choices}


def read_choices(
    sheet: Sheet, texts: Texts, warnings: list[ImportWarning]
) -> dict[str, ChoiceList]:
    """Every choice list of the choices sheet, with values sanitised and labels completed."""
    lists: dict[str, ChoiceList] = {}
    for row in sheet.rows:
        list_name, name = row.get("list_name"), row.get("name")
        if not list_name or not name:
            missing = "list_name" if not list_name else "name"
            warnings.append(ImportWarning("choices", row.number, f"the choice has no {missing}; "
                                          "it was dropped"))
            continue
        choice_list = lists.setdefault(list_name, ChoiceList(list_name))
        taken = {c.value for c in choice_list.choices}
        if name in {c.name for c in choice_list.choices}:
            warnings.append(ImportWarning("choices", row.number, f"list {list_name!r} already "
                                          f"has a choice {name!r}; this one was dropped"))
            continue
        value = unique(sanitise_value(name) or "option", taken)
        if value != name:
            warnings.append(ImportWarning("choices", row.number, f"choice value {name!r} is "
                                          f"not a valid option value; it became {value!r}"))
        label = texts.get(row, "choices", "label", f"the label of choice {name!r}")
        if label is None:
            warnings.append(ImportWarning("choices", row.number, f"choice {name!r} has no "
                                          "label; its name is used as the label"))
            label = texts.same(name)
        points = None
        if raw := row.get("points"):
            points = parse_number(raw)
            if points is None:
                warnings.append(ImportWarning("choices", row.number, f"points {raw!r} is not "
                                              "a number; it was ignored"))
        choice_list.choices.append(Choice(row.number, name, value, label, points))
    return lists
