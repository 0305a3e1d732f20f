"""Tell us once: a new request for a questionnaire answered before starts from those answers."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.responses import evidence, services, starting, submission
from portal.responses.models import Answer, EvidenceFile, Response
from portal.responses.uploads import inspect_upload
from tests.responses.files import PDF
from tests.responses.helpers import FIXTURES, form_tokens, issue_request, request_row

V11 = FIXTURES / "supply-chain" / "1.1.yaml"


def _earlier_submission(app: Flask, world: Any) -> int:
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        made = issue_request(world)
        response = starting.start(actor, request_row(made.id), language="en", reuse=None)
        for qid, value in (("forced_labour_policy", "yes"), ("policy_scope", "all"),
                           ("weekly_hours", 40)):
            services.set_answer_value(actor, response, qid, value)
        evidence.add_file(actor, response, "policy_document",
                          inspect_upload("policy.pdf", PDF, max_bytes=10**6), PDF)
        submission.submit(actor, response, services.state_of(response), language="en")
        later = issue_request(world, path=V11, version="1.1")
        db.session.commit()
        return later.id


def test_the_start_page_offers_reuse(supplier: FlaskClient, app: Flask, world: Any) -> None:
    request_id = _earlier_submission(app, world)
    html = supplier.get(f"/supplier/requests/{request_id}").get_data(as_text=True)
    assert "You have answered this questionnaire before" in html
    assert 'value="yes" aria-describedby="reuse-hint" checked' in html


def test_prefilled_answers_are_marked_and_sections_must_be_confirmed(
    supplier: FlaskClient, app: Flask, world: Any
) -> None:
    request_id = _earlier_submission(app, world)
    started = supplier.post(f"/supplier/requests/{request_id}/start", data={"reuse": "yes"})
    assert started.status_code == 302
    with app.app_context():
        response = db.session.scalar(select(Response).where(Response.request_id == request_id))
        rows = {a.question_id: a for a in db.session.scalars(
            select(Answer).where(Answer.response_id == response.id))}
        # the reworded option is not carried over; the file is copied to the new response
        assert set(rows) == {"forced_labour_policy", "weekly_hours", "policy_document"}
        assert all(a.prefilled for a in rows.values())
        copied = db.session.scalars(select(EvidenceFile).where(
            EvidenceFile.response_id == response.id)).all()
        assert [f.filename for f in copied] == ["policy.pdf"]
        assert rows["policy_document"].value == [copied[0].id]

    overview = supplier.get(f"/supplier/requests/{request_id}").get_data(as_text=True)
    assert overview.count("Prefilled: check and save this section") == 2
    policy = f"/supplier/requests/{request_id}/sections/policy"
    html = supplier.get(policy).get_data(as_text=True)
    assert 'id="prefilled-forced_labour_policy"' in html
    assert supplier.post(f"/supplier/requests/{request_id}/submit").status_code == 400
    check = supplier.get(f"/supplier/requests/{request_id}/check").get_data(as_text=True)
    assert "Check and save the prefilled answers in “Policy”" in check

    for section in ("policy", "wages"):
        url = f"/supplier/requests/{request_id}/sections/{section}"
        tokens = form_tokens(supplier, url)
        data = {**tokens, "q_forced_labour_policy": "yes", "q_weekly_hours": "40",
                "q_policy_scope": "all", "action": "save"}
        assert supplier.post(url, data=data).status_code == 302
    assert supplier.post(f"/supplier/requests/{request_id}/submit").status_code == 302


def test_starting_afresh(supplier: FlaskClient, app: Flask, world: Any) -> None:
    request_id = _earlier_submission(app, world)
    supplier.post(f"/supplier/requests/{request_id}/start", data={"reuse": "no"})
    with app.app_context():
        response = db.session.scalar(select(Response).where(Response.request_id == request_id))
        assert response.prefilled_from_id is None
        assert db.session.scalars(select(Answer).where(
            Answer.response_id == response.id)).all() == []


def test_another_suppliers_submission_is_never_offered(
    client: FlaskClient, app: Flask, world: Any
) -> None:
    _earlier_submission(app, world)
    with app.app_context():
        theirs = issue_request(world, supplier="other_supplier", path=V11, version="1.1")
        db.session.commit()
    from tests.factories import sign_in

    sign_in(client, world.other_supplier_admin.email)
    html = client.get(f"/supplier/requests/{theirs.id}").get_data(as_text=True)
    assert "You have answered this questionnaire before" not in html
