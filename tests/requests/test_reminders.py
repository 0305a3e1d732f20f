"""`send-reminders`: due-soon and overdue reminders once each; scheduled re-assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from sqlalchemy import select

from portal.db import db
from portal.requests.models import Request
from portal.responses.models import Answer, Response
from portal.tenders.models import Contract
from tests.factories import WorldRefs, mails
from tests.review import helpers


def _reminders(outbox: Any) -> list[Any]:
    return [m for m in mails(outbox) if m["Subject"].startswith(("Due in", "Overdue"))]


def _run(runner: Any, day: dt.date) -> str:
    result = runner.invoke(args=["send-reminders", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def test_each_reminder_is_sent_once(app: Flask, runner: Any, world: WorldRefs, outbox: Any,
                                    in_app: Any, submission: dict[str, int]) -> None:
    today = helpers.today()

    def setup() -> tuple[int, int]:
        soon = helpers.issued(world.buyer.id, world.supplier.id, due=today + dt.timedelta(days=5),
                              email="soon@supplier.example")
        later = helpers.issued(world.buyer.id, world.other_supplier.id,
                               due=today + dt.timedelta(days=20), email="later@supplier.example")
        return soon.id, later.id

    soon_id, later_id = in_app(setup)
    first = _run(runner, today)
    assert first.startswith("reminders: 1 due soon, 0 overdue")
    assert [m["To"] for m in _reminders(outbox)] == ["soon@supplier.example"]
    message = _reminders(outbox)[0]
    assert "Due in 5 day(s)" in message["Subject"]
    with app.app_context():
        code = db.session.get_one(Request, soon_id).invitation_code
    assert code in message.get_content()
    assert _run(runner, today).startswith("reminders: 0 due soon, 0 overdue")
    overdue = _run(runner, today + dt.timedelta(days=6))
    assert overdue.startswith("reminders: 0 due soon, 1 overdue")
    assert _reminders(outbox)[-1]["Subject"].startswith("Overdue:")
    assert _run(runner, today + dt.timedelta(days=7)).startswith("reminders: 0 due soon, 0 over")
    # Skipping straight to overdue sends only the overdue reminder.
    late = _run(runner, today + dt.timedelta(days=30))
    assert late.startswith("reminders: 0 due soon, 1 overdue")
    with app.app_context():
        later = db.session.get_one(Request, later_id)
        assert later.reminder_overdue_sent_at is not None
        assert later.reminder_due_sent_at is not None
    # The submitted request of the fixture never gets a reminder.
    assert not [m for m in _reminders(outbox) if m["To"] == "contact@supplier.example"]


def test_scheduled_reassessments(app: Flask, runner: Any, world: WorldRefs, outbox: Any,
                                 in_app: Any, submission: dict[str, int]) -> None:
    today = helpers.today()

    def setup() -> int:
        contract = helpers.contract(world.buyer.id, world.supplier.id,
                                    tender_id=submission["tender"], reassess_every_months=6,
                                    next_assessment_due=today - dt.timedelta(days=1))
        first = helpers.issued(world.buyer.id, world.supplier.id, contract_row=contract,
                               stage="contract", email="contracts@supplier.example")
        helpers.submit(first, helpers.STRONG_ANSWERS)
        return contract.id

    contract_id = in_app(setup)
    output = _run(runner, today)
    assert "re-assessments issued: 1" in output
    with app.app_context():
        contract = db.session.get_one(Contract, contract_id)
        assert contract.next_assessment_due is not None
        assert contract.next_assessment_due > today
        requests = db.session.scalars(select(Request).where(
            Request.contract_id == contract_id).order_by(Request.id)).all()
        assert len(requests) == 2 and requests[-1].stage == "contract"
        response = db.session.scalar(select(Response).where(
            Response.request_id == requests[-1].id))
        assert response is not None
        prefilled = db.session.scalars(select(Answer.question_id).where(
            Answer.response_id == response.id, Answer.prefilled.is_(True))).all()
        assert set(prefilled) == set(helpers.STRONG_ANSWERS)
    assert any(m["To"] == "contracts@supplier.example" and "/invitations/" in m.get_content()
               for m in mails(outbox))
    again = _run(runner, today)
    assert "re-assessments issued: 0" in again


def test_reassessment_without_an_earlier_request_is_noted(
    app: Flask, runner: Any, world: WorldRefs, in_app: Any
) -> None:
    today = helpers.today()
    in_app(lambda: helpers.contract(world.buyer.id, world.supplier.id, reference="C-77",
                                    reassess_every_months=3, next_assessment_due=today))
    output = _run(runner, today)
    assert "note: contract C-77: no earlier request to repeat" in output
