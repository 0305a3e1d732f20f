"""Coordinated follow-up: members see each other's actions and shared findings on a supplier,
make their own actions joint, and share their findings with the consortium."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.db import db
from portal.findings.models import Finding
from portal.followup.models import FollowUpAction
from portal.organisations.models import ConsortiumMembership, Organisation
from tests import factories
from tests.consortia import builders as b
from tests.consortia.conftest import Scenario
from tests.factories import WorldRefs


def _switch(client: FlaskClient, email: str) -> None:
    client.post("/auth/sign-out")
    factories.sign_in(client, email)


def _page(client: FlaskClient, scenario: Scenario, supplier: int) -> str:
    response = client.get(f"/consortia/{scenario.consortium}/suppliers/{supplier}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_members_see_each_others_actions_and_shared_findings(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    factories.sign_in(client, world.consortium_member.email)
    body = _page(client, scenario, scenario.beta)
    # Eastvale's open action (2 messages) first, Northgate's own closed one (1 message) after.
    assert body.index("Publish a forced labour policy") < body.index("Verify the policy")
    assert "Eastvale University" in body and '<td class="number">2</td>' in body
    assert "labour-check / forced_labour: contradicts the answer" in body
    # Eastvale's unshared finding on Alpha is Eastvale's alone.
    assert "Visit found nothing of concern" not in _page(client, scenario, scenario.alpha)


def test_an_action_made_joint_and_back(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    factories.sign_in(client, world.buyer_member.email)
    base = f"/consortia/{scenario.consortium}/actions/{scenario.eastvale_action}"
    done = client.post(f"{base}/joint", follow_redirects=True)
    assert "The action is now joint" in done.get_data(as_text=True)
    with client.application.app_context():
        action = db.session.get(FollowUpAction, scenario.eastvale_action)
        assert action is not None and action.is_joint
        assert action.consortium_id == scenario.consortium
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "followup.action_made_joint")
        ).one()
        assert event.object_id == action.id and event.details["after"]["is_joint"] is True
    # Again: nothing changes, nothing recorded twice.
    client.post(f"{base}/joint")
    assert client.post(f"{base}/end-joint").status_code == 302
    with client.application.app_context():
        action = db.session.get(FollowUpAction, scenario.eastvale_action)
        assert action is not None and not action.is_joint and action.consortium_id is None
        names = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "followup_action")
        ).all()
        assert sorted(names) == ["followup.action_joint_ended", "followup.action_made_joint"]


def test_an_action_joint_elsewhere_stays_there(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    with client.application.app_context():
        eastvale = db.session.get(Organisation, scenario.eastvale)
        assert eastvale is not None
        other = factories.consortium(eastvale, admin=eastvale)
        action = b.action(scenario.eastvale, scenario.beta, "Elsewhere", joint_in=other.id)
        db.session.commit()
        action_id, other_id = action.id, other.id
    factories.sign_in(client, world.buyer_admin.email)
    refused = client.post(
        f"/consortia/{scenario.consortium}/actions/{action_id}/joint", follow_redirects=True
    )
    assert "joint in another consortium" in refused.get_data(as_text=True)
    client.post(f"/consortia/{scenario.consortium}/actions/{action_id}/end-joint")
    with client.application.app_context():
        action = db.session.get(FollowUpAction, action_id)
        assert action is not None and action.consortium_id == other_id and action.is_joint


def test_a_finding_shared_and_unshared(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    base = f"/consortia/{scenario.consortium}/findings/{scenario.eastvale_finding}"
    shared = client.post(f"{base}/share", follow_redirects=True)
    assert "shared with every member" in shared.get_data(as_text=True)
    _switch(client, world.consortium_member.email)
    assert "Visit found nothing of concern" in _page(client, scenario, scenario.alpha)
    # Northgate may not take Eastvale's finding back.
    assert client.post(f"{base}/unshare").status_code == 403
    _switch(client, world.buyer_admin.email)
    assert client.post(f"{base}/unshare").status_code == 302
    with client.application.app_context():
        finding = db.session.get(Finding, scenario.eastvale_finding)
        assert finding is not None and finding.consortium_id is None
        names = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "finding")
        ).all()
        assert sorted(names) == ["finding.shared", "finding.unshared"]
    _switch(client, world.consortium_member.email)
    assert "Visit found nothing of concern" not in _page(client, scenario, scenario.alpha)


def test_a_member_that_leaves_takes_its_findings_and_actions_along(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    with client.application.app_context():
        db.session.delete(
            db.session.get(ConsortiumMembership, (scenario.consortium, scenario.northgate))
        )
        db.session.commit()
    factories.sign_in(client, world.buyer_admin.email)
    body = _page(client, scenario, scenario.beta)
    assert "Verify the policy" not in body and "Passports held" not in body
    listing = client.get(f"/consortia/{scenario.consortium}/suppliers").get_data(as_text=True)
    assert "Northgate Hospital" not in listing
