"""A member organisation's admin takes it out of a consortium: confirmed, audited, refused for
the last managing member, and access to what was shared with the consortium ends at once."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.db import db
from portal.organisations.models import ConsortiumMembership
from portal.requests.models import Request
from tests import factories
from tests.consortia import builders as b
from tests.consortia.conftest import Scenario
from tests.factories import WorldRefs


def _member(client: FlaskClient, scenario: Scenario, organisation_id: int) -> bool:
    with client.application.app_context():
        key = (scenario.consortium, organisation_id)
        return db.session.get(ConsortiumMembership, key) is not None


def _left_events(client: FlaskClient) -> list[AuditEvent]:
    with client.application.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "consortium.member_left")
            )
        )


def test_a_member_leaves_and_loses_access_at_once(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    c = scenario.consortium
    with client.application.app_context():
        # Eastvale's request to Alpha, whose response Alpha shared with the consortium.
        alpha_request = db.session.scalars(
            select(Request.id).where(
                Request.buyer_id == scenario.eastvale, Request.supplier_id == scenario.alpha
            )
        ).one()
    pages = [
        f"/consortia/{c}/suppliers",
        f"/consortia/{c}/suppliers/{scenario.alpha}",
        f"/consortia/{c}/compare?questionnaire={b.KEY}"
        f"&supplier={scenario.alpha}&supplier={scenario.beta}",
        f"/consortia/{c}/compare.csv?questionnaire={b.KEY}"
        f"&supplier={scenario.alpha}&supplier={scenario.beta}",
        f"/consortia/{c}/heatmap?questionnaire={b.KEY}",
        f"/buyer/requests/{alpha_request}",
    ]
    factories.sign_in(client, world.consortium_member.email)
    assert [client.get(p).status_code for p in pages] == [200] * len(pages)
    show = client.get(f"/consortia/{c}").get_data(as_text=True)
    assert f'href="/consortia/{c}/leave"' in show
    confirm = client.get(f"/consortia/{c}/leave")
    assert confirm.status_code == 200
    text = confirm.get_data(as_text=True)
    assert "If Northgate Hospital leaves" in text and f'action="/consortia/{c}/leave"' in text
    assert _member(client, scenario, scenario.northgate)  # looking changes nothing
    done = client.post(f"/consortia/{c}/leave", follow_redirects=True)
    assert "Northgate Hospital has left" in done.get_data(as_text=True)
    assert not _member(client, scenario, scenario.northgate)
    assert [client.get(p).status_code for p in pages] == [404] * len(pages)
    assert client.get(f"/consortia/{c}").status_code == 404
    [event] = _left_events(client)
    assert (event.actor_id, event.organisation_id, event.object_id) == (
        world.consortium_member.id,
        scenario.northgate,
        c,
    )
    # The members who stay keep their pages.
    client.post("/auth/sign-out")
    factories.sign_in(client, world.buyer_member.email)
    assert client.get(pages[1]).status_code == 200


def test_the_last_managing_member_may_not_leave(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    c = scenario.consortium
    factories.sign_in(client, world.buyer_admin.email)
    confirm = client.get(f"/consortia/{c}/leave").get_data(as_text=True)
    message = "Your organisation is the only one managing this consortium"
    assert message in confirm and f'action="/consortia/{c}/leave"' not in confirm
    refused = client.post(f"/consortia/{c}/leave", follow_redirects=True)
    assert message in refused.get_data(as_text=True)
    assert _member(client, scenario, scenario.eastvale)
    assert _left_events(client) == []
    # Once another member manages too, it may.
    with client.application.app_context():
        north = db.session.get(ConsortiumMembership, (c, scenario.northgate))
        assert north is not None
        north.is_admin = True
        db.session.commit()
    assert client.post(f"/consortia/{c}/leave").status_code == 302
    assert not _member(client, scenario, scenario.eastvale)


def test_only_an_admin_of_a_member_organisation_leaves(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    c = scenario.consortium
    factories.sign_in(client, world.buyer_member.email)
    assert f'href="/consortia/{c}/leave"' not in client.get(f"/consortia/{c}").get_data(
        as_text=True
    )
    assert client.post(f"/consortia/{c}/leave").status_code == 403
    assert _member(client, scenario, scenario.eastvale)
    client.post("/auth/sign-out")
    factories.sign_in(client, world.other_buyer_admin.email)
    assert client.post(f"/consortia/{c}/leave").status_code == 404
    assert _left_events(client) == []
