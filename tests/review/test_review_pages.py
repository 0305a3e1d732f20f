"""The buyer's dashboard and submission page: what they show, and overriding, reopening."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.assessments.models import Assessment, ScoreOverride
from portal.audit.models import AuditEvent
from portal.db import db
from portal.responses.models import Response, ResponseStatus
from tests.factories import WorldRefs, mails, sign_in
from tests.review import helpers


def test_home_sends_buyers_to_the_dashboard(client: FlaskClient, world: WorldRefs) -> None:
    sign_in(client, world.buyer_member.email)
    response = client.get("/home")
    assert response.status_code == 302 and response.location.endswith("/buyer/")


def test_dashboard_lists_requests_riskiest_first(
    client: FlaskClient, world: WorldRefs, submission: dict[str, int], in_app: Any
) -> None:
    def second() -> None:
        t = helpers.tender(world.buyer.id, world.other_supplier.id, reference="T-002",
                           title="Uniforms", category_key="textiles-uniforms")
        helpers.issued(world.buyer.id, world.other_supplier.id, tender_row=t)

    in_app(second)
    sign_in(client, world.buyer_member.email)
    page = client.get("/buyer/").get_data(as_text=True)
    assert page.index(world.supplier.name) < page.index(world.other_supplier.name)
    assert "Where the risk is" in page
    assert "Do you have a written policy prohibiting forced labour?" in page
    filtered = client.get("/buyer/?severity=high").get_data(as_text=True)
    assert world.supplier.name in filtered and world.other_supplier.name not in filtered
    not_started = client.get("/buyer/?status=not+started").get_data(as_text=True)
    assert world.other_supplier.name in not_started
    by_rating = client.get("/buyer/?rating=A").get_data(as_text=True)
    assert "No request matches these filters." in by_rating
    by_tender = client.get(f"/buyer/?tender={submission['tender']}").get_data(as_text=True)
    assert world.other_supplier.name not in by_tender
    tier = client.get("/buyer/?tier=below+basic").get_data(as_text=True)
    assert world.supplier.name in tier and world.other_supplier.name not in tier


def test_submission_page_shows_the_assessment(
    client: FlaskClient, world: WorldRefs, submission: dict[str, int]
) -> None:
    sign_in(client, world.buyer_member.email)
    page = client.get(f"/buyer/requests/{submission['request']}").get_data(as_text=True)
    assert "below basic" in page and "below the required tier" in page
    # red flags come before the gaps, and each gap says why it is one
    assert page.index("No forced labour policy") < page.index('id="gaps-title"')
    assert "Not met: the answer no is not among the accepted answers (yes)." in page
    assert "Adopt a written policy prohibiting forced labour." in page
    assert page.index("Adopt a written policy") < page.index("Keep working hours within 48")
    assert "<svg" in page and 'class="chart__bar"' in page
    assert "style=" not in page


def test_override_needs_a_reason_and_rescoring_keeps_the_original(
    client: FlaskClient, world: WorldRefs, submission: dict[str, int], app: Flask
) -> None:
    sign_in(client, world.buyer_member.email)
    url = f"/buyer/requests/{submission['request']}/overrides"
    refused = client.post(url, data={"question_id": "weekly_hours", "outcome": "met",
                                     "reason": "  "})
    assert refused.status_code == 400
    assert "Give the reason for the override" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ScoreOverride.id)) is None
    done = client.post(url, data={"question_id": "weekly_hours", "outcome": "met",
                                  "reason": "Overtime audit by the union shows 46 hours."})
    assert done.status_code == 302
    with app.app_context():
        rows = db.session.scalars(
            select(Assessment).where(Assessment.response_id == submission["response"])
            .order_by(Assessment.id)).all()
        assert [r.is_current for r in rows] == [False, True]
        assert rows[-1].overridden and rows[-1].gaps_medium == 0
        events = db.session.scalars(select(AuditEvent.action)).all()
        assert "response.overridden" in events
    page = client.get(f"/buyer/requests/{submission['request']}").get_data(as_text=True)
    assert "Overtime audit by the union shows 46 hours." in page
    assert 'class="original"' in page  # the original outcome is still shown
    assert "Not met: the answer 70 scores 0 of a possible 2 points." in page
    withdrawn = client.post(f"/buyer/requests/{submission['request']}/overrides/withdraw",
                            data={"question_id": "weekly_hours"})
    assert withdrawn.status_code == 302
    with app.app_context():
        current = db.session.scalar(select(Assessment).where(
            Assessment.response_id == submission["response"], Assessment.is_current.is_(True)))
        assert current is not None and not current.overridden and current.gaps_medium == 1


def test_override_of_a_question_that_is_not_a_requirement_is_refused(
    client: FlaskClient, world: WorldRefs, submission: dict[str, int]
) -> None:
    sign_in(client, world.buyer_member.email)
    refused = client.post(f"/buyer/requests/{submission['request']}/overrides",
                          data={"question_id": "policy_document", "outcome": "met",
                                "reason": "Seen it."})
    assert refused.status_code == 400
    assert "Only a scored requirement can be overridden." in refused.get_data(as_text=True)


def test_reopen_with_a_message_mails_the_supplier(
    client: FlaskClient, world: WorldRefs, submission: dict[str, int], app: Flask, outbox: Any
) -> None:
    sign_in(client, world.buyer_admin.email)
    url = f"/buyer/requests/{submission['request']}/reopen"
    assert client.post(url, data={"message": ""}).status_code == 400
    done = client.post(url, data={"message": "Please attach your policy document."})
    assert done.status_code == 302
    with app.app_context():
        response = db.session.get(Response, submission["response"])
        assert response is not None and response.status is ResponseStatus.REOPENED
        assert response.reopen_message == "Please attach your policy document."
    sent = [m for m in mails(outbox) if "reopened" in m["Subject"]]
    assert sent and sent[0]["To"] == "contact@supplier.example"
    assert "Please attach your policy document." in sent[0].get_content()
    again = client.post(url, data={"message": "Again"})
    assert again.status_code == 400


def test_other_buyers_do_not_see_the_submission_unless_shared(
    client: FlaskClient, world: WorldRefs, submission: dict[str, int], in_app: Any
) -> None:
    from portal.responses.models import Share

    sign_in(client, world.other_buyer_admin.email)
    assert client.get(f"/buyer/requests/{submission['request']}").status_code == 404
    in_app(lambda: db.session.add(Share(response_id=submission["response"],
                                        buyer_id=world.other_buyer.id)))
    page = client.get(f"/buyer/requests/{submission['request']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Override an outcome" not in text and "invitation code" not in text.lower()
    assert client.post(f"/buyer/requests/{submission['request']}/reopen",
                       data={"message": "x"}).status_code == 403


def test_dashboard_shows_fifty_requests_a_page_riskiest_first(
    client: FlaskClient, world: WorldRefs, submission: dict[str, int], in_app: Any
) -> None:
    def many() -> None:
        t = helpers.tender(world.buyer.id, world.other_supplier.id, reference="T-MANY",
                           title="Cleaning")
        for _ in range(55):
            helpers.issued(world.buyer.id, world.other_supplier.id, tender_row=t)

    in_app(many)
    sign_in(client, world.buyer_member.email)
    row = f">{world.other_supplier.name}</a></td>"
    first = client.get("/buyer/").get_data(as_text=True)
    assert first.count(row) == 49
    assert "Page 1 of 2" in first and 'rel="next"' in first
    # The riskiest (the scored submission with gaps) leads the first page.
    assert world.supplier.name in first
    second = client.get("/buyer/?page=2&status=not+started").get_data(as_text=True)
    assert "Page 2 of 2" in second and second.count(row) == 5
    assert "status=not+started" in second.split('rel="prev"')[0].rsplit("<a", 1)[1]
    # A page past the end shows the last one; the totals count every request.
    last = client.get("/buyer/?page=99").get_data(as_text=True)
    assert "Page 2 of 2" in last and last.count(row) == 6
