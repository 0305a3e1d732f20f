"""Small definitions built in Python for the questionnaire tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from portal.questionnaires.definition import Definition

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"


def question(qid: str, qtype: str = "yes_no", **fields: Any) -> dict[str, Any]:
    """A question mapping with a default text."""
    return {"id": qid, "type": qtype, "text": f"Question {qid}?", **fields}


def choice(qid: str, values: tuple[str, ...] = ("a", "b", "c"), qtype: str = "single_choice",
           **fields: Any) -> dict[str, Any]:
    """A choice question whose options are labelled after their values."""
    options = [{"value": v, "label": v.upper()} for v in values]
    return question(qid, qtype, options=options, **fields)


def data(*questions: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A definition mapping with one section holding `questions`."""
    return {
        "key": "sample",
        "version": "1.0",
        "title": "Sample",
        "stages": ["tender"],
        "standard": {"key": "ilo-core", "title": "ILO core"},
        "sections": [{"id": "main", "title": "Main", "questions": list(questions)}],
        **top,
    }


def build(*questions: dict[str, Any], **top: Any) -> Definition:
    """A Definition model with one section holding `questions`."""
    return Definition.model_validate(data(*copy.deepcopy(questions), **top))
