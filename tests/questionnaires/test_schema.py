"""The exported JSON Schema is current and as strict as the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from portal.questionnaires.schema import SCHEMA_PATH, definition_schema, main, schema_text


def test_schema_file_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "questionnaires/schema.json is stale: run python -m portal.questionnaires.schema")


def test_check_mode_reports_staleness(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "schema.json"
    assert main(["--check", "--path", str(path)]) == 1
    assert main(["--path", str(path)]) == 0
    assert main(["--check", "--path", str(path)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "Questionnaire definition"


def test_every_object_forbids_unknown_fields() -> None:
    definitions: dict[str, Any] = definition_schema()["$defs"]
    assert {"Question", "Section", "Option", "AnswerRule", "Scoring", "Threshold",
            "RedFlag", "Standard"} <= set(definitions)
    for name, schema in definitions.items():
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is False, name


def test_schema_speaks_the_file_format() -> None:
    schema = definition_schema()
    question = schema["$defs"]["Question"]["properties"]
    assert {"type": "string"} in question["text"]["anyOf"]  # a plain string is accepted
    assert "in" in schema["$defs"]["AnswerRule"]["properties"]  # the alias, not in_
    assert set(schema["required"]) == {"key", "version", "title", "stages", "standard",
                                       "sections"}
    assert schema["$defs"]["QuestionType"]["enum"] == [
        "yes_no", "single_choice", "multi_choice", "number", "text", "date", "evidence", "note"]
