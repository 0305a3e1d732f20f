"""The questionnaire and answers as PDF: the data (pure) and the download."""

from __future__ import annotations

import base64
import io
import re
import zlib
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.db import db
from portal.questionnaires.conditions import visible_questions
from portal.questionnaires.loader import load_path
from portal.responses import services
from portal.responses.document import (
    Words,
    answers_document,
    numbering,
    questions_document,
    readable_condition,
)
from portal.responses.models import Response
from tests.responses.conftest import Started
from tests.responses.helpers import SUPPLY_CHAIN

DEFINITION = load_path(SUPPLY_CHAIN)


def test_numbering_skips_notes() -> None:
    numbers = numbering(DEFINITION)
    assert numbers["forced_labour_policy"] == "1.1" and "intro" not in numbers
    assert numbers["weekly_hours"] == "2.1" and numbers["audit_findings"] == "2.4"


def test_conditions_name_question_numbers() -> None:
    numbers = numbering(DEFINITION)
    assert readable_condition("forced_labour_policy = 'yes'", numbers) == "Q1.1 = 'yes'"
    assert readable_condition(None, numbers) == ""


def test_questions_document() -> None:
    doc = questions_document(DEFINITION, "fr", Words(kinds={"single_choice": "Un choix"}),
                             ["Due 1 May"])
    assert doc.title == "Risques sociaux dans la chaîne d'approvisionnement"
    assert doc.lines == ("Due 1 May",)
    scope = doc.sections[0].questions[3]
    assert scope.number == "1.3" and scope.kind == "Un choix"
    assert scope.options == ("Notre personnel", "Fournisseurs directs", "Toute la chaîne")
    assert scope.condition == "Asked only when: Q1.1 = 'yes'"
    hours = doc.sections[1].questions[0]
    assert hours.text.endswith("(heures)") and hours.answer is None
    assert doc.sections[0].questions[1].required


def test_answers_document() -> None:
    answers = {"forced_labour_policy": "no", "weekly_hours": 40, "policy_scope": "all"}
    doc = answers_document(DEFINITION, "en", Words(), answers,
                           visible_questions(DEFINITION, answers), {})
    by_number = {q.number: q.answer for s in doc.sections for q in s.questions}
    assert by_number["1.1"] == "No"
    assert by_number["1.3"] == "Does not apply (not asked)"  # hidden: kept, not shown
    assert by_number["2.1"] == "40 hours"
    assert by_number["2.4"] == "Not answered"


def _pdf_text(data: bytes) -> str:
    """The PDF's content streams unpacked (ASCII85, then Flate), to search the drawn text."""
    parts = []
    for match in re.finditer(rb"stream\r?\n(.*?)~>\s*endstream", data, re.S):
        raw = base64.a85decode(match.group(1).replace(b"\n", b""))
        parts.append(zlib.decompress(raw).decode("latin-1"))
    return "\n".join(parts)


def test_questions_pdf_download(supplier: FlaskClient, started: Started) -> None:
    page = supplier.get(f"/supplier/requests/{started.request_id}/questions.pdf")
    assert page.status_code == 200 and page.data.startswith(b"%PDF")
    assert page.headers["Content-Type"] == "application/pdf"
    assert page.headers["Content-Disposition"].startswith('attachment; filename="supply-chain-1.0')
    assert "Supply chain labour risks" in _pdf_text(page.data)


def test_answers_pdf_download(
    supplier: FlaskClient, app: Flask, world: Any, started: Started
) -> None:
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        response = db.session.get(Response, started.response_id)
        services.set_answer_value(actor, response, "audit_findings", "Nothing <b>bold</b> here")
        db.session.commit()
    page = supplier.get(f"/responses/{started.response_id}/answers.pdf")
    assert page.status_code == 200 and page.data.startswith(b"%PDF")
    text = _pdf_text(page.data)
    assert "Draft: not submitted yet" in text
    assert "(Nothing <) Tj (b) Tj (>) Tj (bold)" in text  # escaped: drawn as typed, not bold
    assert io.BytesIO(page.data).getbuffer().nbytes > 1000
