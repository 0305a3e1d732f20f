"""The supplier's acknowledgements of its recommendations, as the buyer sees them: on the
submission page, the dashboard (aggregated in SQL), the PDF report; and on the supplier's home."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.assessments.models import Assessment, QuestionOutcome
from portal.db import db
from portal.responses.models import Acknowledgement, AcknowledgementDecision
from tests.factories import WorldRefs, counting, sign_in
from tests.reports.pdf_text import contains, pdf_text
from tests.review import helpers

PLAN = "Adopt a policy <script>alert(1)</script> signed by the board."
REASON = "Our hours are set by the collective agreement."


def _gaps(app: Flask, response_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(QuestionOutcome.question_id)
            .join(Assessment, Assessment.id == QuestionOutcome.assessment_id)
            .where(Assessment.response_id == response_id, Assessment.is_current.is_(True),
                   QuestionOutcome.is_gap.is_(True))
            .order_by(QuestionOutcome.question_id)
        ))


def _acknowledge(client: FlaskClient, request_id: int, question_id: str, **fields: str) -> None:
    prefix = f"ack-{question_id}-"
    page = client.post(f"/supplier/requests/{request_id}/recommendations/{question_id}",
                       data={prefix + k: v for k, v in fields.items()})
    assert page.status_code == 302, page.get_data(as_text=True)


def _accept(client: FlaskClient, request_id: int, question_id: str) -> None:
    _acknowledge(client, request_id, question_id, decision="accepted", planned_action=PLAN,
                 planned_date="2031-06-30")


def test_the_buyer_sees_each_acknowledgement_and_when_the_assessment_is_complete(
    client: FlaskClient, app: Flask, world: WorldRefs, submission: dict[str, int]
) -> None:
    request_id = submission["request"]
    gaps = _gaps(app, submission["response"])
    assert len(gaps) >= 2 and "forced_labour_policy" in gaps and "weekly_hours" in gaps
    sign_in(client, world.buyer_member.email)
    page = client.get(f"/buyer/requests/{request_id}").get_data(as_text=True)
    assert "Submitted – awaiting acknowledgements" in page
    assert page.count("Not yet acknowledged") == len(gaps)
    assert f"0 of {len(gaps)} recommendations acknowledged." in page
    client.post("/auth/sign-out")

    sign_in(client, world.supplier_admin.email)
    _accept(client, request_id, "forced_labour_policy")
    _acknowledge(client, request_id, "weekly_hours", decision="declined", explanation=REASON)
    client.post("/auth/sign-out")

    sign_in(client, world.buyer_member.email)
    page = client.get(f"/buyer/requests/{request_id}").get_data(as_text=True)
    assert "to be done by 2031-06-30" in page
    assert "Adopt a policy &lt;script&gt;alert(1)&lt;/script&gt; signed by the board." in page
    assert "<script>alert(1)</script>" not in page  # the supplier's text is escaped
    assert "Declined" in page and REASON in page
    assert page.count("Not yet acknowledged") == len(gaps) - 2
    client.post("/auth/sign-out")

    sign_in(client, world.supplier_admin.email)
    for qid in gaps:
        if qid not in ("forced_labour_policy", "weekly_hours"):
            _accept(client, request_id, qid)
    client.post("/auth/sign-out")

    sign_in(client, world.buyer_member.email)
    page = client.get(f"/buyer/requests/{request_id}").get_data(as_text=True)
    assert "Not yet acknowledged" not in page
    assert "The supplier has acknowledged every recommendation." in page
    assert "Submitted – awaiting acknowledgements" not in page
    dashboard = client.get("/buyer/?status=complete").get_data(as_text=True)
    assert world.supplier.name in dashboard


def test_the_dashboard_tells_awaiting_from_complete_in_a_fixed_number_of_statements(
    client: FlaskClient, app: Flask, world: WorldRefs, in_app: Any
) -> None:
    def setup(first: int, count: int) -> list[int]:
        made = []
        for n in range(first, first + count):
            t = helpers.tender(world.buyer.id, world.supplier.id, reference=f"T-{n:03}")
            request = helpers.issued(world.buyer.id, world.supplier.id, tender_row=t)
            response = helpers.submit(request, helpers.WEAK_ANSWERS)
            made.append(response.id)
        return made

    first = in_app(lambda: setup(0, 1))
    sign_in(client, world.buyer_member.email)
    client.get("/buyer/")  # warm up (templates, definitions)
    with counting(app) as few:
        page = client.get("/buyer/").get_data(as_text=True)
    assert "<td>Submitted – awaiting acknowledgements" in page and "<td>Complete" not in page

    # every gap of the first response acknowledged: complete; three more awaiting
    def acknowledge_all() -> None:
        for qid in _gaps(app, first[0]):
            db.session.add(Acknowledgement(response_id=first[0], question_id=qid,
                                           decision=AcknowledgementDecision.DECLINED,
                                           explanation="No."))

    in_app(acknowledge_all)
    in_app(lambda: setup(1, 3))
    with counting(app) as many:
        page = client.get("/buyer/").get_data(as_text=True)
    assert len(many) == len(few), (few, many)
    assert page.count("<td>Complete") == 1
    assert page.count("<td>Submitted – awaiting acknowledgements") == 3
    assert page.count("awaiting acknowledgements</li>") == 1
    awaiting = client.get("/buyer/?status=awaiting+acknowledgements").get_data(as_text=True)
    assert awaiting.count("<td>Submitted – awaiting acknowledgements") == 3
    assert "<td>Complete" not in awaiting
    submitted = client.get("/buyer/?status=submitted").get_data(as_text=True)
    assert submitted.count("<td>Submitted – awaiting acknowledgements") == 3
    assert submitted.count("<td>Complete") == 1


def test_the_pdf_lists_the_acknowledgements(
    client: FlaskClient, app: Flask, world: WorldRefs, submission: dict[str, int]
) -> None:
    request_id = submission["request"]
    sign_in(client, world.supplier_admin.email)
    _acknowledge(client, request_id, "weekly_hours", decision="declined", explanation=REASON)
    client.post("/auth/sign-out")
    sign_in(client, world.buyer_member.email)
    text = pdf_text(client.get(f"/reports/requests/{request_id}.pdf").data)
    assert contains(text, "The supplier's acknowledgements")
    assert contains(text, REASON) and contains(text, "Declined")
    assert contains(text, "Not yet acknowledged")
    total = len(_gaps(app, submission["response"]))
    assert contains(text, f"1 of {total} recommendations acknowledged.")


def test_the_supplier_home_flags_recommendations_awaiting_acknowledgement(
    client: FlaskClient, app: Flask, world: WorldRefs, submission: dict[str, int]
) -> None:
    request_id = submission["request"]
    gaps = _gaps(app, submission["response"])
    sign_in(client, world.supplier_admin.email)
    home = client.get("/supplier/").get_data(as_text=True)
    assert f"{len(gaps)} recommendations to acknowledge" in home
    assert f"/supplier/requests/{request_id}/recommendations" in home
    for qid in gaps:
        _accept(client, request_id, qid)
    home = client.get("/supplier/").get_data(as_text=True)
    assert "to acknowledge" not in home
