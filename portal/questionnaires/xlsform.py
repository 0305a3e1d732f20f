"""Convert an XLSForm spreadsheet into a questionnaire definition of our YAML format.

`convert_xlsform(path, key, version)` reads the workbook with pyxform (through the bounded
reader), maps groups to sections and rows to questions, and returns the definition as plain
data and YAML text, with a warning for everything it could not carry over: nothing is dropped
silently. A broken file raises `XLSFormError` with a one-line message.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from pyxform import aliases
from ruamel.yaml import YAML
from ruamel.yaml.representer import SafeRepresenter

from portal.questionnaires.conditions import Expr, to_text
from portal.questionnaires.definition import (
    DEFAULT_TIERS,
    KEY_PATTERN,
    VERSION_PATTERN,
    Question,
    Stage,
)
from portal.questionnaires.xlsform_choices import (
    ChoiceList,
    parse_number,
    parse_select,
    read_choices,
    sanitise_id,
    unique,
)
from portal.questionnaires.xlsform_reader import (
    ImportWarning,
    Row,
    Workbook,
    XLSFormError,
    read_workbook,
)
from portal.questionnaires.xlsform_relevant import (
    RelevantError,
    Target,
    all_of,
    translate_relevant,
)
from portal.questionnaires.xlsform_scoring import SCORING_COLUMNS, Scorer
from portal.questionnaires.xlsform_text import TEXT_COLUMNS, Texts

__all__ = ["ImportWarning", "XLSFormError", "XLSFormResult", "convert_xlsform"]

_SIMPLE_TYPES = {
    "text": "text", "string": "text", "integer": "number", "int": "number",
    "decimal": "number", "range": "number", "date": "date", "datetime": "date",
    "note": "note", "file": "evidence",
}
_CONTROL_RE = re.compile(
    r"^(?P<edge>begin|end)[ _](?P<kind>" + "|".join(map(re.escape, aliases.control)) + r")\b",
    re.IGNORECASE,
)
_USED = {"type", "name", "label", "hint", "required", "relevant", "parameters", *SCORING_COLUMNS}
# Columns a form may fill that we cannot represent: warned about on each row that uses them.
_UNSUPPORTED = {
    "constraint", "constraint_message", "required_message", "calculation", "default",
    "read_only", "appearance", "choice_filter", "trigger", "repeat_count", "jr:count", "image",
    "big-image", "audio", "video", "media", "guidance_hint", "autoplay", "body", "save_to",
    "jr:constraintmsg", "jr:requiredmsg", "instance::odk:tag",
}
_CHOICE_COLUMNS = {"list_name", "name", "label", "points"}


@dataclass(frozen=True)
class XLSFormResult:
    """A converted definition: plain data in our format, its YAML text, and the warnings."""

    definition: dict[str, Any]
    yaml_text: str
    warnings: list[ImportWarning] = field(default_factory=list)


def convert_xlsform(path: str | PathLike[str], key: str, version: str) -> XLSFormResult:
    """Convert the XLSForm at `path` into version `version` of questionnaire `key`."""
    if not re.match(KEY_PATTERN, key):
        raise XLSFormError(f"the key {key!r} must match {KEY_PATTERN}, e.g. modern-slavery")
    if not re.match(VERSION_PATTERN, version):
        raise XLSFormError(f"the version {version!r} must look like 1.0 or 1.0.1")
    book = read_workbook(path)
    definition, warnings = _Converter(book, key, version).convert()
    return XLSFormResult(definition, dump_yaml(definition, Path(path).name), warnings)


def parse_required(value: str) -> bool | None:
    """yes/YES/true/TRUE/true()/1 -> True, their opposites -> False, else None."""
    text = value.strip()
    if text in aliases.yes_no:
        return bool(aliases.yes_no[text])
    return {"1": True, "0": False}.get(text)


@dataclass
class _Group:
    row: int
    name: str
    title: dict[str, str]
    condition: Expr | None
    questions: int = 0


class _Converter:
    def __init__(self, book: Workbook, key: str, version: str) -> None:
        self.book, self.key, self.version = book, key, version
        self.warnings: list[ImportWarning] = list(book.warnings)
        self.texts = Texts(book, self.warnings)
        self.choices = read_choices(book.choices, self.texts, self.warnings)
        self.tiers = list(DEFAULT_TIERS)
        self.scorer = Scorer(self.texts, self.warnings, self.tiers)
        self.targets: dict[str, Target] = {}
        self.ids: set[str] = set()
        self.sections: list[dict[str, Any]] = []
        self.groups: list[_Group] = []
        self.current: dict[str, Any] | None = None
        settings = book.settings.rows[0] if book.settings.rows else None
        title = settings.get("form_title") if settings else ""
        self.title = self.texts.same(title or key)
        if title and len(self.texts.languages) > 1:
            self._warn("settings", 2, f"form_title has no translations; {title!r} is used "
                       "for every language")

    def _warn(self, sheet: str, row: int | None, message: str) -> None:
        self.warnings.append(ImportWarning(sheet, row, message))

    def convert(self) -> tuple[dict[str, Any], list[ImportWarning]]:
        self._check_columns()
        rows = iter(self.book.survey.rows)
        for row in rows:
            kind = row.get("type")
            control = _CONTROL_RE.match(" ".join(kind.split()))
            if control and control["kind"].lower() != "group":
                if control["edge"].lower() == "begin":
                    self._skip_repeat(row, rows)
                else:
                    self._warn("survey", row.number, f"{kind!r} closes nothing; ignored")
            elif control and control["edge"].lower() == "begin":
                self._begin_group(row)
            elif control:
                self._end_group(row)
            elif not kind:
                self._warn("survey", row.number, "the row has no type; it was dropped")
            else:
                self._question(row, kind)
        for group in reversed(self.groups):
            self._warn("survey", group.row, f"group {group.name!r} is never closed with "
                       "'end group'; it ends with the sheet")
        self._close()
        if not self.sections:
            raise XLSFormError("the survey has no question that can be converted")
        definition: dict[str, Any] = {
            "key": self.key, "version": self.version, "title": self.title,
            "default_language": self.texts.default, "languages": self.texts.languages,
            "stages": [s.value for s in Stage],
            "standard": {"key": self.key, "title": self.title, "tiers": self.tiers},
            "sections": self.sections,
        }
        sheets = ["survey", "choices", "settings"]
        return definition, sorted(self.warnings, key=lambda w: (sheets.index(w.sheet), w.row or 0))

    def _check_columns(self) -> None:
        for sheet, known in (("survey", _USED | _UNSUPPORTED), ("choices", _CHOICE_COLUMNS)):
            columns = getattr(self.book, sheet).columns
            for name in dict.fromkeys(n for n, _ in columns):
                if name not in known and name not in TEXT_COLUMNS.get(sheet, ()):
                    self._warn(sheet, 1, f"column {name!r} is not an XLSForm column we can "
                               "convert; it was ignored")

    def _skip_repeat(self, begin: Row, rows: Iterator[Row]) -> None:
        depth, last = 1, begin.number
        for row in rows:
            last = row.number
            control = _CONTROL_RE.match(" ".join(row.get("type").split()))
            if control and control["kind"].lower() != "group":
                depth += 1 if control["edge"].lower() == "begin" else -1
                if depth == 0:
                    break
        name = begin.get("name") or "(unnamed)"
        self._warn("survey", begin.number, f"repeat {name!r} (rows {begin.number}-{last}) cannot "
                   "be represented; it and everything inside it were dropped")

    def _begin_group(self, row: Row) -> None:
        self._close()
        name = row.get("name") or f"group_{row.number}"
        title = self.texts.get(row, "survey", "label", f"the label of group {name!r}")
        if title is None:
            self._warn("survey", row.number, f"group {name!r} has no label; its name is the "
                       "section title")
            title = self.texts.same(name)
        condition = self._condition(row)
        if self.groups:
            self._warn("survey", row.number, f"group {name!r} is nested in "
                       f"{self.groups[-1].name!r}; nested groups become separate sections")
        self.groups.append(_Group(row.number, name, title, condition))
        self._ignored_columns(row, {"required", *SCORING_COLUMNS})

    def _end_group(self, row: Row) -> None:
        if not self.groups:
            self._warn("survey", row.number, "'end group' closes nothing; ignored")
            return
        self._close()
        group = self.groups.pop()
        if group.questions == 0:
            self._warn("survey", group.row, f"group {group.name!r} has no question that could "
                       "be converted; it has no section")

    def _close(self) -> None:
        if self.current is not None and self.current["questions"]:
            self.sections.append(self.current)
        self.current = None

    def _section(self) -> dict[str, Any]:
        if self.current is None:
            group = self.groups[-1] if self.groups else None
            base = sanitise_id(group.name) if group else "general"
            section_id = unique(base or "section", {s["id"] for s in self.sections})
            self.current = {"id": section_id, "title": group.title if group else self.title,
                            "questions": []}
        return self.current

    def _condition(self, row: Row) -> Expr | None:
        expression = row.get("relevant")
        if not expression:
            return None
        try:
            return translate_relevant(expression, self.targets)
        except RelevantError as exc:
            self._warn("survey", row.number, f"relevant {expression!r} cannot be converted "
                       f"({exc}); the condition was dropped")
            return None

    def _ignored_columns(self, row: Row, extra: set[str] | frozenset[str] = frozenset()) -> None:
        names = dict.fromkeys(n for n, _ in row.cells)
        ignored = [n for n in names if n in _UNSUPPORTED | extra]
        if ignored:
            self._warn("survey", row.number, f"{', '.join(ignored)} cannot be represented; "
                       "ignored")

    def _question(self, row: Row, kind: str) -> None:
        select = parse_select(kind)
        qtype = "multi_choice" if select and select[0] else "single_choice" if select else \
            _SIMPLE_TYPES.get(" ".join(kind.lower().split()))
        name = row.get("name")
        if qtype is None:
            what = f"the row {name!r} was dropped (conditions using it are dropped too)" \
                if name else "the row was dropped"
            self._warn("survey", row.number, f"type {kind!r} cannot be represented; {what}")
            return
        choices: ChoiceList | None = None
        if select:
            choices = self.choices.get(select[1])
            if not choices or not choices.choices:
                self._warn("survey", row.number, f"list {select[1]!r} has no choices; the "
                           "question was dropped")
                return
        qid = self._id(row, name)
        text = self.texts.get(row, "survey", "label", f"the label of {qid!r}")
        if text is None:
            self._warn("survey", row.number, f"{qid!r} has no label; its name is used instead")
            text = self.texts.same(name or qid)
        question: dict[str, Any] = {"id": qid, "type": qtype, "text": text}
        if (hint := self.texts.get(row, "survey", "hint", f"the hint of {qid!r}")) is not None:
            question["help"] = hint
        self._required(question, row)
        condition = all_of(c for c in [*(g.condition for g in self.groups),
                                       self._condition(row)] if c is not None)
        if condition is not None:
            question["show_if"] = to_text(condition)
        self._details(question, row, kind, choices, select is not None and select[2])
        self.scorer.apply(question, row, choices)
        self._ignored_columns(row)
        order = list(Question.model_fields)  # the documented field order, for readable YAML
        question = dict(sorted(question.items(), key=lambda item: order.index(item[0])))
        self._section()["questions"].append(question)
        for group in self.groups:
            group.questions += 1
        self.ids.add(qid)
        values = {c.name: c.value for c in choices.choices} if choices else None
        self.targets[name or qid] = Target(qid, qtype, values)

    def _id(self, row: Row, name: str) -> str:
        base = sanitise_id(name) or f"q{row.number}"
        qid = unique(base, self.ids)
        if not name:
            self._warn("survey", row.number, f"the question has no name; it became {qid!r}")
        elif qid != name:
            self._warn("survey", row.number, f"name {name!r} is not a valid question id "
                       f"(or is used twice); it became {qid!r}")
        return qid

    def _required(self, question: dict[str, Any], row: Row) -> None:
        raw = row.get("required")
        if not raw:
            return
        required = parse_required(raw)
        if required is None:
            self._warn("survey", row.number, f"required {raw!r} is not yes/no; the question is "
                       "not required")
        elif required and question["type"] == "note":
            self._warn("survey", row.number, "a note is never answered; required was ignored")
        elif required:
            question["required"] = True

    def _details(self, question: dict[str, Any], row: Row, kind: str,
                 choices: ChoiceList | None, other: bool) -> None:
        simple = " ".join(kind.lower().split())
        if choices is not None:
            question["options"] = [{"value": c.value, "label": c.label} for c in choices.choices]
            if other:
                value = unique("other", {c.value for c in choices.choices})
                question["options"].append({"value": value, "label": self.texts.same("Other")})
                self._warn("survey", row.number, f"or_other became an option {value!r} labelled "
                           "'Other' in every language; the 'specify other' text is not kept")
        elif simple in ("integer", "int"):
            question["integer"] = True
        elif simple == "datetime":
            self._warn("survey", row.number, "dateTime became date; the time is not kept")
        elif simple == "range":
            self._range(question, row)

    def _range(self, question: dict[str, Any], row: Row) -> None:
        params = dict(p.partition("=")[::2] for p in row.get("parameters").split())
        bounds = {k: parse_number(params.get(p, "")) for k, p in (("min", "start"), ("max", "end"))}
        start, end = bounds["min"], bounds["max"]
        question.update({"min": start if start is not None else 1,
                         "max": end if end is not None else 10})
        if question["min"] > question["max"]:
            question["min"], question["max"] = question["max"], question["min"]
        self._warn("survey", row.number, "range became a number question with min/max; its "
                   "step and appearance are not kept")


class _Representer(SafeRepresenter):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # shared texts are written out in full: our loader refuses anchors

    def represent_str(self, data: str) -> Any:
        # quote words that YAML 1.1 readers take for booleans, and keep long texts readable
        if data.lower() in {"yes", "no", "on", "off", "y", "n", "true", "false"}:
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        if any(c in data for c in "\r\x85\u2028\u2029"):  # line breaks YAML would rewrite
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        if "\n" in data:
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        return super().represent_str(data)


_Representer.add_representer(str, _Representer.represent_str)


def dump_yaml(definition: dict[str, Any], source: str) -> str:
    """The definition as YAML text, fields in the documented order."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = _Representer
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out = io.StringIO()
    source = " ".join(source.split())
    out.write(f"# Converted from the XLSForm {source}; review before publishing.\n")
    yaml.dump(definition, out)
    return out.getvalue()
