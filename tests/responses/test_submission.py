"""Check your answers, submit (scored at once, then read-only), recommendations, reopening."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.assessments.models import Assessment
from portal.assessments.services import current
from portal.db import db, utcnow
from portal.responses.models import Acknowledgement, Response, ResponseStatus
from tests.responses.conftest import Started
from tests.responses.helpers import form_tokens

BASE = "/supplier/requests/{}"


def _answer(client: FlaskClient, started: Started, section: str, **answers: str) -> None:
    url = f"{BASE.format(started.request_id)}/sections/{section}"
    tokens = form_tokens(client, url)
    data = {**tokens, **{f"q_{k}": v for k, v in answers.items()}, "action": "save"}
    assert client.post(url, data=data).status_code == 302


def _response(app: Flask, started: Started) -> Response:
    with app.app_context():
        found = db.session.get(Response, started.response_id)
        assert found is not None
        db.session.expunge(found)
        return found


def test_check_lists_what_is_missing_with_links(supplier: FlaskClient, started: Started) -> None:
    _answer(supplier, started, "wages", weekly_hours="50")
    html = supplier.get(f"{BASE.format(started.request_id)}/check").get_data(as_text=True)
    assert "Before you can submit" in html
    link = f"{BASE.format(started.request_id)}/sections/policy#question-forced_labour_policy"
    assert f'<a href="{link}">' in html
    assert "50 hours" in html
    assert f"{BASE.format(started.request_id)}/sections/wages#question-weekly_hours" in html


def test_submitting_too_early_lists_the_gaps_and_changes_nothing(
    supplier: FlaskClient, app: Flask, started: Started
) -> None:
    page = supplier.post(f"{BASE.format(started.request_id)}/submit")
    assert page.status_code == 400 and "data-focus-on-load" in page.get_data(as_text=True)
    assert _response(app, started).status is ResponseStatus.DRAFT


def test_submission_scores_and_locks(supplier: FlaskClient, app: Flask, started: Started) -> None:
    _answer(supplier, started, "policy", forced_labour_policy="no")
    page = supplier.post(f"{BASE.format(started.request_id)}/submit")
    assert page.status_code == 302 and page.location.endswith("/recommendations")
    response = _response(app, started)
    assert response.status is ResponseStatus.SUBMITTED and response.submitted_at is not None
    with app.app_context():
        assessment = current(started.response_id)
        assert assessment is not None and assessment.tier_attained == "below basic"
    # read-only from now on
    section = supplier.get(f"{BASE.format(started.request_id)}/sections/policy")
    assert section.status_code == 302 and section.location.endswith("/check")
    check = supplier.get(section.location).get_data(as_text=True)
    assert "Submit my answers" not in check and "Change<span" not in check
    assert supplier.post(f"{BASE.format(started.request_id)}/submit").status_code == 409
    overview = supplier.get(BASE.format(started.request_id)).get_data(as_text=True)
    assert "0 of 3 answered" in overview


def _ack(client: FlaskClient, started: Started, qid: str, **fields: str) -> Any:
    data = {f"ack-{qid}-{k}": v for k, v in fields.items()}
    return client.post(f"{BASE.format(started.request_id)}/recommendations/{qid}", data=data)


def test_acknowledging_recommendations(
    supplier: FlaskClient, app: Flask, started: Started
) -> None:
    _answer(supplier, started, "policy", forced_labour_policy="no")
    _answer(supplier, started, "wages", weekly_hours="40")
    supplier.post(f"{BASE.format(started.request_id)}/submit")
    html = supplier.get(f"{BASE.format(started.request_id)}/recommendations").get_data(
        as_text=True)
    assert "Adopt a written policy prohibiting forced labour." in html
    assert "Share your audit findings." in html

    missing = _ack(supplier, started, "forced_labour_policy", decision="accepted")
    text = missing.get_data(as_text=True)
    assert missing.status_code == 400
    assert "Say what you will do." in text and "Enter the date by which you will do it." in text
    past = _ack(supplier, started, "forced_labour_policy", decision="accepted",
                planned_action="Write one.",
                planned_date=(utcnow() - timedelta(days=3)).date().isoformat())
    assert past.status_code == 400 and "today or later" in past.get_data(as_text=True)
    no_reason = _ack(supplier, started, "audit_findings", decision="declined")
    assert no_reason.status_code == 400
    assert "Explain why you decline" in no_reason.get_data(as_text=True)

    assert _ack(supplier, started, "forced_labour_policy", decision="accepted",
                planned_action="Adopt a board-approved policy.",
                planned_date="2031-01-31").status_code == 302
    done = _ack(supplier, started, "audit_findings", decision="declined",
                explanation="We have had no audit yet.")
    assert done.status_code == 302
    final = supplier.get(done.location).get_data(as_text=True)
    assert "your assessment is complete" in final
    with app.app_context():
        rows = {a.question_id: a for a in db.session.scalars(select(Acknowledgement))}
        assert rows["forced_labour_policy"].planned_action == "Adopt a board-approved policy."
        assert rows["audit_findings"].explanation == "We have had no audit yet."
    unknown = _ack(supplier, started, "weekly_hours_nope", decision="declined", explanation="x")
    assert unknown.status_code == 404


def test_no_acknowledgement_before_submission(supplier: FlaskClient, started: Started) -> None:
    page = _ack(supplier, started, "forced_labour_policy", decision="declined", explanation="x")
    assert page.status_code == 409


def test_a_reopened_response_can_be_changed_and_submitted_again(
    supplier: FlaskClient, app: Flask, started: Started
) -> None:
    _answer(supplier, started, "policy", forced_labour_policy="no")
    supplier.post(f"{BASE.format(started.request_id)}/submit")
    with app.app_context():  # the buyer reopens it (the buyer's journey builds the button)
        response = db.session.get(Response, started.response_id)
        response.status = ResponseStatus.REOPENED
        response.reopened_at = utcnow()
        response.reopen_message = "Please tell us about your policy again."
        db.session.commit()
    overview = supplier.get(BASE.format(started.request_id)).get_data(as_text=True)
    assert "Please tell us about your policy again." in overview
    section = supplier.get(f"{BASE.format(started.request_id)}/sections/policy")
    assert section.status_code == 200
    assert "Please tell us about your policy again." in section.get_data(as_text=True)
    _answer(supplier, started, "policy", forced_labour_policy="yes")
    assert supplier.post(f"{BASE.format(started.request_id)}/submit").status_code == 302
    assert _response(app, started).status is ResponseStatus.SUBMITTED
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assessment)) == 2
        assert db.session.scalar(select(func.count()).select_from(Assessment).where(
            Assessment.is_current.is_(True))) == 1
