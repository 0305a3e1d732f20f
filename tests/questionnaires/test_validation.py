"""Validation of definition files: every planted error is found, placed and worded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.questionnaires.definition import Definition
from portal.questionnaires.loader import (
    DefinitionError,
    DefinitionInvalid,
    expected_names,
    load_definition,
    load_path,
    parse_yaml,
    validate_path,
    validate_text,
)
from tests.questionnaires.builders import BROKEN, VALID

EXPECT = re.compile(r"^# expect: (\d+):(\d+) (\S*): (.*)$", re.MULTILINE)
BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))


def _expected(text: str) -> list[tuple[int, int, str, str]]:
    return [(int(line), int(col), path, msg) for line, col, path, msg in EXPECT.findall(text)]


def _found(errors: list[DefinitionError]) -> list[tuple[int, int, str, str]]:
    return [(e.line, e.column, e.path, e.message) for e in errors]


def test_there_is_a_fixture_per_planted_error() -> None:
    assert len(BROKEN_FILES) >= 30
    for path in BROKEN_FILES:
        assert _expected(path.read_text(encoding="utf-8")), f"{path.name} expects nothing"


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_fixture_reports_exactly_its_errors(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    errors = validate_text(text, path.name, check_names=False)
    assert _found(errors) == _expected(text)
    assert all(e.file == path.name for e in errors)


def test_many_errors_are_reported_at_once() -> None:
    errors = validate_text((BROKEN / "many_errors.yaml").read_text(encoding="utf-8"),
                           "many_errors.yaml", check_names=False)
    assert len(errors) >= 15
    assert len({e.path for e in errors}) >= 14


@pytest.mark.parametrize("path", sorted(VALID.rglob("*.yaml")), ids=lambda p: p.parent.name)
def test_valid_fixtures_have_no_errors(path: Path) -> None:
    assert validate_path(path) == []
    assert isinstance(load_path(path), Definition)


def _write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


SUPPLY_CHAIN = (VALID / "supply-chain" / "1.0.yaml").read_text(encoding="utf-8")


def test_key_and_version_must_match_folder_and_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "labour-risks/2.0.yaml", SUPPLY_CHAIN)
    assert [(e.path, e.message) for e in validate_path(path)] == [
        ("key", "the key 'supply-chain' must equal the folder name 'labour-risks'"),
        ("version", "the version '1.0' must equal the file name '2.0' (without .yaml)"),
    ]
    assert validate_text(SUPPLY_CHAIN, str(path), check_names=False) == []


@pytest.mark.parametrize(
    ("filename", "names"),
    [("questionnaires/modern-slavery/1.0.yaml", ("modern-slavery", "1.0")),
     ("1.2.yaml", (None, "1.2")), ("upload.xlsx", (None, None))],
)
def test_expected_names(filename: str, names: tuple[str | None, str | None]) -> None:
    assert expected_names(filename) == names


def test_validate_path_walks_a_folder(tmp_path: Path) -> None:
    _write(tmp_path, "supply-chain/1.0.yaml", SUPPLY_CHAIN)
    _write(tmp_path, "supply-chain/1.1.yaml", SUPPLY_CHAIN)
    _write(tmp_path, "supply-chain/notes.txt", "not a definition")
    errors = validate_path(tmp_path)
    assert [(Path(e.file).name, e.path) for e in errors] == [("1.1.yaml", "version")]


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    errors = validate_path(tmp_path / "nowhere" / "1.0.yaml")
    assert [e.message for e in errors] == ["the file cannot be read: No such file or directory"]


def test_load_definition_raises_with_every_error() -> None:
    text = (BROKEN / "many_errors.yaml").read_text(encoding="utf-8")
    with pytest.raises(DefinitionInvalid) as caught:
        load_definition(text, "many_errors.yaml", check_names=False)
    assert len(caught.value.errors) == len(_expected(text))
    assert "many_errors.yaml:" in str(caught.value)


def test_error_string_names_file_line_column_and_path() -> None:
    error = DefinitionError("q/1.0.yaml", 3, 7, "sections[0].id", "boom")
    assert str(error) == "q/1.0.yaml:3:7: sections[0].id: boom"


def test_oversized_text_is_refused_before_parsing() -> None:
    # not even YAML: the size check must come first
    errors = validate_text("[" * (2 * 1024 * 1024 + 1), "big.yaml", check_names=False)
    assert [e.message for e in errors] == [
        "the file is 2097153 bytes; the limit is 2097152 bytes"]


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big" / "1.0.yaml"
    path.parent.mkdir()
    path.write_bytes(b"#" * (2 * 1024 * 1024 + 1))
    assert "the limit is" in validate_path(path)[0].message


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    errors = validate_text("\n".join(lines), "bomb.yaml", check_names=False)
    assert len(errors) == 1
    assert "anchors and aliases" in errors[0].message
    assert (errors[0].line, errors[0].column) == (1, 5)


def test_deep_nesting_is_refused() -> None:
    errors = validate_text("a: " + "[" * 500 + "]" * 500, "deep.yaml", check_names=False)
    assert ["nests deeper" in e.message for e in errors] == [True]


def test_too_many_nodes_is_refused() -> None:
    text = "a: [" + ", ".join("1" for _ in range(1001)) + "]"
    with pytest.raises(DefinitionInvalid) as caught:
        parse_yaml(text, "wide.yaml", max_nodes=1000)
    assert [e.message for e in caught.value.errors] == ["the file has more than 1000 YAML values"]
    assert len(parse_yaml(text, "wide.yaml", max_nodes=1004).data["a"]) == 1001


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "the file is empty"), ("# only a comment\n", "the file is empty"),
     ("- a\n- b\n", "the file must be a mapping of fields (key: ..., version: ..., "
                    "sections: ...)"),
     ("a: !custom x\n", "YAML tag '!custom' is not supported"),
     ("a: 1\n---\nb: 2\n", "YAML syntax error")],
)
def test_files_that_are_not_a_definition(text: str, message: str) -> None:
    errors = validate_text(text, "odd.yaml", check_names=False)
    assert len(errors) == 1
    assert errors[0].message.startswith(message)


def test_positions_of_values_and_keys() -> None:
    doc = parse_yaml("a:\n  b: [1, {c: 2}]\n", "x.yaml")
    assert doc.position(("a", "b", 1, "c")) == (2, 14)
    assert doc.position(("a", "b", 1, "c"), key=True) == (2, 11)
    assert doc.position(("a", "b", 1, "missing")) == (2, 10)  # its mapping
    assert doc.data == {"a": {"b": [1, {"c": 2}]}}


@pytest.mark.parametrize(
    ("scalar", "value"),
    [("12", 12), ("0x1f", 31), ("1.5", 1.5), ("true", True), ("null", None), ("yes", "yes"),
     ("'12'", "12"), ("2024-01-31", "2024-01-31"), ("!!str 12", "12")],
)
def test_yaml_scalars(scalar: str, value: object) -> None:
    assert parse_yaml(f"a: {scalar}\n", "x.yaml").data == {"a": value}


PUBLISHED = Path(__file__).parents[2] / "questionnaires"


@pytest.mark.parametrize(
    "path",
    sorted(PUBLISHED.rglob("*.yaml")) or [None],
    ids=lambda p: f"{p.parent.name}/{p.name}" if p else "none",
)
def test_published_definitions_are_valid(path: Path | None) -> None:
    if path is None:
        pytest.skip("no questionnaire files yet")
    assert [str(e) for e in validate_path(path)] == []
