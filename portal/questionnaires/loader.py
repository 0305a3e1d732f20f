"""Turn a definition file into a `Definition`, or into every error in it with line and column.

YAML is read into plain data that remembers where each value sits, then validated by the
models (their errors reworded for authors) and by the cross-field rules of `validation.py`.
Untrusted files are read within bounds: a size limit checked before parsing, a cap on YAML
nodes and nesting, and no anchors or aliases (which could expand a small file enormously).
"""

from __future__ import annotations

import difflib
import math
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from portal.questionnaires.definition import (
    IDENTIFIER_PATTERN,
    KEY_PATTERN,
    LANGUAGE_PATTERN,
    OPTION_VALUE_PATTERN,
    TIER_PATTERN,
    VERSION_PATTERN,
    Definition,
)
from portal.questionnaires.validation import (
    Issue,
    Loc,
    collect_parts,
    parts_of,
    semantic_issues,
)

MAX_BYTES = 2 * 1024 * 1024
# a large questionnaire holds about 10,000 YAML values; pure-Python parsing costs ~30 µs each
MAX_NODES = 50_000
MAX_DEPTH = 40


@dataclass(frozen=True, order=True)
class DefinitionError:
    """One problem in a definition file, in words its author understands."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}:" if self.path else ""
        return f"{self.file}:{self.line}:{self.column}:{where} {self.message}"


class DefinitionInvalid(ValueError):
    """A definition that cannot be loaded; `errors` lists every problem found."""

    def __init__(self, errors: list[DefinitionError]) -> None:
        self.errors = sorted(errors)
        summary = "; ".join(str(e) for e in self.errors[:3])
        more = f" (and {len(self.errors) - 3} more)" if len(self.errors) > 3 else ""
        super().__init__(f"{len(self.errors)} error(s): {summary}{more}")


def format_path(loc: Loc) -> str:
    """`("sections", 2, "questions", 4, "options")` -> `sections[2].questions[4].options`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class YamlDocument:
    """Plain data of a YAML file, with the 1-based line and column of every value and key."""

    filename: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Where `loc` is written, or its nearest written parent (a missing field's mapping)."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def error(self, loc: Loc, message: str, *, key: bool = False) -> DefinitionError:
        """A DefinitionError placed at `loc`."""
        line, column = self.position(loc, key=key)
        return DefinitionError(self.filename, line, column, format_path(loc), message)


def _yaml_error(filename: str, exc: YAMLError) -> DefinitionError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if isinstance(exc, MarkedYAMLError):
        message = "; ".join(w for w in (exc.context, exc.problem) if w) or "not valid YAML"
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            message += f" (it began at line {start.line + 1}, column {start.column + 1})"
    else:
        message = str(exc).splitlines()[0] if str(exc) else "the file is not valid YAML"
    return DefinitionError(filename, line, column, "", f"YAML syntax error: {message}")


def _check_events(
    yaml: YAML, text: str, filename: str, max_nodes: int, max_depth: int
) -> DefinitionError | None:
    # The event parser is not recursive, so bombs and deep nesting are caught before composing.
    nodes = depth = 0
    for event in yaml.parse(text):
        mark = event.start_mark
        where = (filename, mark.line + 1, mark.column + 1, "")
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            return DefinitionError(*where, "YAML anchors and aliases (&name, *name) are not "
                                   "allowed: write the content out in full")
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                return DefinitionError(*where, f"the file nests deeper than {max_depth} levels")
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        if isinstance(event, NodeEvent):
            nodes += 1
            if nodes > max_nodes:
                return DefinitionError(*where, f"the file has more than {max_nodes} YAML values")
    return None


_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


def _scalar(node: ScalarNode) -> Any:
    kind, value = (node.tag or "").rsplit(":", 1)[-1], node.value
    if kind == "null":
        return None
    if kind == "bool":
        return value.lower() == "true"
    if kind == "int":
        try:
            return int(value, 0) if value.lower().lstrip("+-")[:2] in ("0x", "0o") else int(value)
        except ValueError:
            return value
    if kind == "float":
        special = _SPECIAL_FLOATS.get(value.lower())
        return special if special is not None else float(value)
    # timestamps and anything else stay as written: the format has no date fields
    return value


class _Builder:
    """Turn composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.errors: list[DefinitionError] = []

    def build(self, node: Node, loc: Loc) -> Any:
        self.doc.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode) and (node.tag or "").startswith("tag:yaml.org,2002:"):
            return _scalar(node)
        self.errors.append(self.doc.error(loc, f"YAML tag {node.tag!r} is not supported"))
        return None

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.errors.append(self.doc.error(loc, "a field name must be plain text"))
                continue
            key, key_loc = str(key_node.value), (*loc, str(key_node.value))
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                first = self.doc.keys[key_loc]
                self.errors.append(DefinitionError(
                    self.doc.filename, *key_pos, format_path(key_loc),
                    f"field {key!r} is written twice (first at line {first[0]})",
                ))
                continue
            self.doc.keys[key_loc] = key_pos
            out[key] = self.build(value_node, key_loc)
        return out


def parse_yaml(
    text: str,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_nodes: int = MAX_NODES,
    max_depth: int = MAX_DEPTH,
) -> YamlDocument:
    """Parse YAML text within bounds; DefinitionInvalid on syntax errors or limits."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise DefinitionInvalid([DefinitionError(
            filename, 1, 1, "", f"the file is {size} bytes; the limit is {max_bytes} bytes"
        )])
    yaml = YAML(typ="safe", pure=True)
    try:
        problem = _check_events(yaml, text, filename, max_nodes, max_depth)
        if problem is not None:
            raise DefinitionInvalid([problem])
        root = yaml.compose(text)
    except YAMLError as exc:
        raise DefinitionInvalid([_yaml_error(filename, exc)]) from None
    doc = YamlDocument(filename, None)
    if root is None:
        raise DefinitionInvalid([DefinitionError(filename, 1, 1, "", "the file is empty")])
    builder = _Builder(doc)
    doc.data = builder.build(root, ())
    if builder.errors:
        raise DefinitionInvalid(builder.errors)
    if not isinstance(doc.data, dict):
        raise DefinitionInvalid([doc.error((), "the file must be a mapping of fields "
                                           "(key: ..., version: ..., sections: ...)")])
    return doc


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """The text of a definition file, refusing oversized files before reading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DefinitionInvalid([DefinitionError(
            str(path), 1, 1, "", f"the file cannot be read: {exc.strerror or exc}"
        )]) from None
    if size > max_bytes:
        raise DefinitionInvalid([DefinitionError(
            str(path), 1, 1, "", f"the file is {size} bytes; the limit is {max_bytes} bytes"
        )])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionInvalid([DefinitionError(
            str(path), 1, 1, "", f"the file is not UTF-8 text (byte {exc.start})"
        )]) from None


def definition_files(path: Path) -> Iterator[Path]:
    """The file itself, or every `*.yaml` below a folder, sorted."""
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*.yaml") if p.is_file())
    else:
        yield path


# --- model errors in words an author understands ---------------------------------------------

_PATTERN_WORDS = {
    IDENTIFIER_PATTERN: "an id (letters, digits and _, not starting with a digit)",
    OPTION_VALUE_PATTERN: "an option value (letters, digits, _, . and -)",
    KEY_PATTERN: "a key (lower-case letters, digits and -, starting with a letter)",
    VERSION_PATTERN: "a version like 1.0 or 1.2.3",
    TIER_PATTERN: "a tier name (lower-case letters, digits and _, starting with a letter)",
    LANGUAGE_PATTERN: "a language code like en, fr or pt-BR",
}
_ENUM_WORDS = {"type": "question type", "severity": "severity", "stages": "stage"}
_ITEM_WORDS = {"sections": "section", "questions": "question", "stages": "stage",
               "tiers": "tier", "languages": "language", "thresholds": "band"}
_LOCALISED = {"title", "description", "text", "help", "label", "recommendation", "unit"}


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


def _unwrap(tp: Any) -> Any:
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
        elif get_origin(tp) in (Union, types.UnionType):
            rest = [a for a in get_args(tp) if a is not type(None)]
            if len(rest) != 1:
                return tp
            tp = rest[0]
        else:
            return tp


def _fields_at(loc: Loc) -> list[str]:
    """Field names (as written in files) of the model at `loc` under Definition."""
    tp: Any = Definition
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int) and get_origin(tp) is tuple:
            tp = get_args(tp)[0]
        elif isinstance(part, str) and isinstance(tp, type) and issubclass(tp, BaseModel):
            found = [f for n, f in tp.model_fields.items() if part in (n, f.alias)]
            if not found:
                return []
            tp = found[0].annotation
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or n for n, f in tp.model_fields.items()]
    return []


def _did_you_mean(loc: Loc) -> str | None:
    """The known field an unknown field at `loc` most likely misspells."""
    hints = difflib.get_close_matches(str(loc[-1]), _fields_at(loc[:-1]), n=1)
    return hints[0] if hints else None


def _reword(error: Any) -> Issue | None:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    ctx = error.get("ctx") or {}
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "too_short" and isinstance(value, list | tuple | dict) and (
        len(value) >= ctx.get("min_length", 0)
    ):
        return None  # pydantic counts only valid items: the real error is reported inside
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        desc = _PATTERN_WORDS.get(ctx.get("pattern", ""), "a valid name")
        return Issue(loc, f"{_show(value)} is not {desc}", at_key=True)
    if kind == "extra_forbidden":
        hint = _did_you_mean(loc)
        did_you_mean = f" (did you mean {hint!r}?)" if hint else ""
        return Issue(loc, f"unknown field {loc[-1]!r}{did_you_mean}", at_key=True)
    if kind == "missing":
        return Issue(loc, f"missing required field {loc[-1]!r}")
    if kind == "string_type":
        quote = " (put it in quotes)" if isinstance(value, int | float) else ""
        return Issue(loc, f"expected text, got {_show(value)}{quote}")
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        what = "a whole number" if kind.startswith("int") else "a number"
        return Issue(loc, f"expected {what}, got {_show(value)}")
    if kind in ("bool_type", "bool_parsing"):
        return Issue(loc, f"expected true or false, got {_show(value)}")
    if kind == "finite_number":
        return Issue(loc, "expected a finite number")
    if kind == "literal_error":
        return Issue(loc, f"expected {ctx.get('expected', '').lower()}, got {_show(value)}")
    if kind == "enum":
        what = _ENUM_WORDS.get(name, "value")
        return Issue(loc, f"unknown {what} {_show(value)}; use one of "
                     f"{str(ctx.get('expected', '')).replace(chr(39), '')}")
    if kind == "string_pattern_mismatch":
        desc = _PATTERN_WORDS.get(ctx.get("pattern", ""), "in the expected form")
        return Issue(loc, f"{_show(value)} is not {desc}")
    if kind in ("string_too_short", "too_short"):
        if kind == "string_too_short":
            return Issue(loc, "must not be empty")
        noun = "language" if name in _LOCALISED else _ITEM_WORDS.get(name, "item")
        return Issue(loc, f"needs at least one {noun}")
    if kind == "greater_than_equal":
        return Issue(loc, f"must be at least {ctx.get('ge')}, got {_show(value)}")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if name in _LOCALISED and not (loc and isinstance(loc[-1], int)):
            return Issue(loc, f"expected a text or a mapping of language to text, "
                         f"got {_show(value)}")
        return Issue(loc, f"expected a mapping of fields, got {_show(value)}")
    if kind in ("tuple_type", "list_type"):
        return Issue(loc, f"expected a list, got {_show(value)}")
    if kind == "value_error":
        return Issue(loc, str(error["msg"]).removeprefix("Value error, "))
    return Issue(loc, str(error["msg"]))


def model_issues(exc: ValidationError) -> list[Issue]:
    """The model's errors, reworded for authors, without pydantic's knock-on duplicates."""
    errors = exc.errors(include_url=False)
    # "unknown field 'txt' (did you mean 'text'?)" already explains the missing 'text'
    misspelt = {(*e["loc"][:-1], _did_you_mean(tuple(e["loc"]))) for e in errors
                if e["type"] == "extra_forbidden"}
    reworded = (_reword(e) for e in errors
                if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt))
    return list(dict.fromkeys(i for i in reworded if i is not None))


# --- entry points ---------------------------------------------------------------------------


def expected_names(filename: str) -> tuple[str | None, str | None]:
    """The key (folder name) and version (file name) a file at `filename` must declare."""
    path = PurePath(filename)
    if path.suffix not in (".yaml", ".yml"):
        return None, None
    return (path.parent.name or None), path.stem


def _check(doc: YamlDocument, check_names: bool) -> tuple[Definition | None, list[DefinitionError]]:
    key, version = expected_names(doc.filename) if check_names else (None, None)
    try:
        definition = Definition.model_validate(doc.data)
    except ValidationError as exc:
        issues = model_issues(exc)
        issues += semantic_issues(collect_parts(doc.data), key=key, version=version)
        return None, _placed(doc, issues)
    errors = _placed(doc, semantic_issues(parts_of(definition), key=key, version=version))
    return (None if errors else definition), errors


def _placed(doc: YamlDocument, issues: list[Issue]) -> list[DefinitionError]:
    return sorted({doc.error(i.loc, i.message, key=i.at_key) for i in issues})


def validate_text(text: str, filename: str, *, check_names: bool = True) -> list[DefinitionError]:
    """Every error in a definition's YAML text (empty when valid).

    With `check_names`, `key` and `version` must match the folder and the file name.
    """
    try:
        return _check(parse_yaml(text, filename), check_names)[1]
    except DefinitionInvalid as exc:
        return exc.errors


def load_definition(text: str, filename: str, *, check_names: bool = True) -> Definition:
    """The definition in a YAML text; DefinitionInvalid listing every error otherwise."""
    definition, errors = _check(parse_yaml(text, filename), check_names)
    if definition is None:
        raise DefinitionInvalid(errors)
    return definition


def load_path(path: str | Path) -> Definition:
    """Read and load one definition file; DefinitionInvalid listing every error otherwise."""
    return load_definition(read_text(Path(path)), str(path))


def validate_path(path: str | Path) -> list[DefinitionError]:
    """Every error in a definition file, or in every `*.yaml` below a folder."""
    errors: list[DefinitionError] = []
    for file in definition_files(Path(path)):
        try:
            errors += validate_text(read_text(file), str(file))
        except DefinitionInvalid as exc:
            errors += exc.errors
    return errors
