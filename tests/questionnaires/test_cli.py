"""The questionnaire commands a questionnaire author runs: diff and import-xlsform."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal.questionnaires.loader import validate_path
from tests.questionnaires.xlsform.forms import survey, write_form


def test_diff_of_the_shipped_revision_reads_in_plain_words(runner: Any) -> None:
    result = runner.invoke(args=["questionnaires", "diff", "modern-slavery", "1.0", "1.1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Changes from version 1.0 to 1.1:"
    assert any(line.endswith(": added.") for line in lines)
    assert any(line.endswith(": removed.") for line in lines)
    assert any("the text was reworded" in line for line in lines)


def test_diff_of_an_unknown_version(runner: Any) -> None:
    result = runner.invoke(args=["questionnaires", "diff", "modern-slavery", "1.0", "7.0"])
    assert result.exit_code == 1 and "neither published nor in" in result.output


def test_import_xlsform_writes_a_valid_definition(runner: Any, tmp_path: Path) -> None:
    form = survey(
        ["begin group", "wages", "Wages"],
        ["select_one yn", "min_wage", "Do all workers earn at least the legal minimum wage?"],
        ["calculate", "total", ""],
        ["end group", "", ""],
        choices=[["yn", "yes", "Yes"], ["yn", "no", "No"]],
    )
    source = write_form(form, tmp_path / "form.xlsx")
    target = tmp_path / "wages" / "1.0.yaml"
    target.parent.mkdir()
    result = runner.invoke(
        args=[
            "questionnaires",
            "import-xlsform",
            str(source),
            "--key",
            "wages",
            "--version",
            "1.0",
            "--output",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "warning: survey sheet, row 4" in result.output  # the calculate row, named
    assert validate_path(target) == []


def test_import_xlsform_refuses_a_broken_file_in_one_line(runner: Any, tmp_path: Path) -> None:
    fake = tmp_path / "form.xlsx"
    fake.write_bytes(b"%PDF-1.7 not a spreadsheet")
    result = runner.invoke(
        args=["questionnaires", "import-xlsform", str(fake), "--key", "x", "--version", "1.0"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output
