"""Members' notes on a shared supplier: written, read by every member newest first, deleted by
their author or the author's organisation's admin, never read by the supplier or outsiders."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.consortia.models import ConsortiumNote
from portal.db import db
from portal.organisations.models import ConsortiumMembership, Organisation
from tests import factories
from tests.consortia import builders as b
from tests.consortia.conftest import Scenario
from tests.factories import WorldRefs, counting


def _switch(client: FlaskClient, email: str) -> None:
    client.post("/auth/sign-out")
    factories.sign_in(client, email)


def _page(scenario: Scenario, supplier: int) -> str:
    return f"/consortia/{scenario.consortium}/suppliers/{supplier}"


def _notes(client: FlaskClient) -> list[ConsortiumNote]:
    with client.application.app_context():
        return list(db.session.scalars(select(ConsortiumNote).order_by(ConsortiumNote.id)))


def _name(client: FlaskClient, user_id: int) -> str:
    with client.application.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        return user.name


def test_members_read_each_others_notes_newest_first(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    factories.sign_in(client, world.buyer_member.email)
    url = _page(scenario, scenario.beta)
    added = client.post(f"{url}/notes", data={"body": "  Called them: policy due in June.\n  "})
    assert added.status_code == 302 and added.location.endswith(f"{url}#notes")
    _switch(client, world.consortium_member.email)
    client.post(f"{url}/notes", data={"body": "Our visit <b>found</b> locked dormitories."})
    body = client.get(url).get_data(as_text=True)
    # Newest first, each with its author, organisation and date; text escaped, not markup.
    newest = body.index("Our visit &lt;b&gt;found&lt;/b&gt; locked dormitories.")
    oldest = body.index("Called them: policy due in June.")
    assert newest < oldest
    assert f"{_name(client, world.consortium_member.id)}, Northgate Hospital, on " in body
    assert f"{_name(client, world.buyer_member.id)}, Eastvale University, on " in body
    assert "<b>found</b>" not in body
    [first, second] = _notes(client)
    assert first.body == "Called them: policy due in June."  # trimmed
    assert (first.consortium_id, first.supplier_id) == (scenario.consortium, scenario.beta)
    assert first.organisation_id == scenario.eastvale and first.author_id == world.buyer_member.id
    assert second.organisation_id == scenario.northgate
    # Only the author's side may delete: Northgate sees a delete button for its own note only.
    assert f"/consortia/{scenario.consortium}/notes/{second.id}/delete" in body
    assert f"/consortia/{scenario.consortium}/notes/{first.id}/delete" not in body
    # Notes are about one supplier in one consortium.
    assert "Called them" not in client.get(_page(scenario, scenario.alpha)).get_data(as_text=True)
    with client.application.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "consortium.note_added")
        ).all()
        assert sorted(e.object_id for e in events) == [first.id, second.id]
        assert events[0].details["after"]["supplier_id"] == scenario.beta


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write the note before adding it."),
        ("   \n ", "Write the note before adding it."),
        ("x" * 2001, "A note can be at most 2000 characters long."),
    ],
)
def test_an_empty_or_too_long_note_is_refused(
    client: FlaskClient, world: WorldRefs, scenario: Scenario, body: str, message: str
) -> None:
    factories.sign_in(client, world.buyer_member.email)
    refused = client.post(f"{_page(scenario, scenario.beta)}/notes", data={"body": body})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert message in page and "There is a problem" in page
    assert "Beta Garments" in page  # the supplier's page again, with what was typed
    if body.strip():
        assert body in page
    assert _notes(client) == []
    with client.application.app_context():
        recorded = select(AuditEvent.id).where(AuditEvent.object_type == "consortium_note")
        assert db.session.scalars(recorded).all() == []


def test_a_note_of_2000_characters_is_accepted(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    factories.sign_in(client, world.buyer_member.email)
    done = client.post(f"{_page(scenario, scenario.beta)}/notes", data={"body": "x" * 2000})
    assert done.status_code == 302
    assert len(_notes(client)[0].body) == 2000


def test_deleting_a_note(client: FlaskClient, world: WorldRefs, scenario: Scenario) -> None:
    url = _page(scenario, scenario.beta)
    factories.sign_in(client, world.buyer_member.email)
    client.post(f"{url}/notes", data={"body": "First note."})
    client.post(f"{url}/notes", data={"body": "Second note."})
    first, second = (n.id for n in _notes(client))
    base = f"/consortia/{scenario.consortium}/notes"
    # Another member's admin sees the notes but may not delete them.
    _switch(client, world.consortium_member.email)
    assert client.post(f"{base}/{first}/delete").status_code == 403
    # Nor through another consortium.
    with client.application.app_context():
        eastvale = db.session.get(Organisation, scenario.eastvale)
        assert eastvale is not None
        other = factories.consortium(eastvale, admin=eastvale).id
        db.session.commit()
    _switch(client, world.buyer_admin.email)
    assert client.post(f"/consortia/{other}/notes/{first}/delete").status_code == 404
    # The author deletes its own; an admin of the author's organisation deletes it too.
    _switch(client, world.buyer_member.email)
    done = client.post(f"{base}/{first}/delete", follow_redirects=True)
    assert "The note has been deleted." in done.get_data(as_text=True)
    _switch(client, world.buyer_admin.email)
    assert client.post(f"{base}/{second}/delete").status_code == 302
    assert _notes(client) == []
    assert client.post(f"{base}/{second}/delete").status_code == 404
    with client.application.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "consortium.note_deleted")
            .order_by(AuditEvent.id)
        ).all()
        assert [(e.object_id, e.actor_id) for e in events] == [
            (first, world.buyer_member.id),
            (second, world.buyer_admin.id),
        ]
        assert events[0].details["before"]["body"] == "First note."


def test_only_members_read_or_write_notes(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    url = _page(scenario, scenario.beta)
    factories.sign_in(client, world.consortium_member.email)
    client.post(f"{url}/notes", data={"body": "Note from Northgate."})
    # Outside buyers, suppliers (the subject too) and the operator neither read nor write.
    with client.application.app_context():
        beta_user = factories.user(db.session.get(Organisation, scenario.beta))
        db.session.commit()
        beta_email = beta_user.email
    for email, status in (
        (world.other_buyer_admin.email, 404),
        (world.supplier_admin.email, 404),
        (beta_email, 404),
        (world.operator.email, 403),
    ):
        _switch(client, email)
        page = client.get(url)
        assert page.status_code == status
        assert "Note from Northgate" not in page.get_data(as_text=True)
        assert client.post(f"{url}/notes", data={"body": "Mine."}).status_code == status
        note = _notes(client)[0].id
        deleted = client.post(f"/consortia/{scenario.consortium}/notes/{note}/delete")
        assert deleted.status_code == status
    home = client.get("/supplier/").get_data(as_text=True)
    assert "Note from Northgate" not in home
    assert [n.body for n in _notes(client)] == ["Note from Northgate."]
    # A supplier the member cannot see takes no notes either (Zeta never shared).
    _switch(client, world.buyer_member.email)
    zeta = f"{_page(scenario, scenario.zeta)}/notes"
    assert client.post(zeta, data={"body": "x"}).status_code == 404


def test_leaving_takes_a_members_notes_and_access_away(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    url = _page(scenario, scenario.beta)
    factories.sign_in(client, world.consortium_member.email)
    client.post(f"{url}/notes", data={"body": "Note from Northgate."})
    _switch(client, world.buyer_member.email)
    client.post(f"{url}/notes", data={"body": "Note from Eastvale."})
    with client.application.app_context():
        db.session.delete(
            db.session.get(ConsortiumMembership, (scenario.consortium, scenario.northgate))
        )
        db.session.commit()
    body = client.get(url).get_data(as_text=True)
    assert "Note from Eastvale." in body and "Note from Northgate." not in body
    _switch(client, world.consortium_member.email)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/notes", data={"body": "Still here?"}).status_code == 404
    assert len(_notes(client)) == 2


def test_actions_link_to_their_page_where_the_viewer_may_open_them(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    with client.application.app_context():
        joint = b.action(
            scenario.northgate, scenario.beta, "Joint audit", joint_in=scenario.consortium
        )
        db.session.commit()
        joint_id = joint.id
    factories.sign_in(client, world.buyer_member.email)
    body = client.get(_page(scenario, scenario.beta)).get_data(as_text=True)
    # Eastvale's own action and Northgate's joint one link; Northgate's own one is text only.
    own = scenario.eastvale_action
    assert f'<a href="/actions/{own}">Publish a forced labour policy</a>' in body
    assert f'<a href="/actions/{joint_id}">Joint audit</a>' in body
    assert "Verify the policy" in body
    assert f'href="/actions/{scenario.northgate_action}"' not in body
    # The links lead to pages that open.
    assert client.get(f"/actions/{joint_id}").status_code == 200
    assert client.get(f"/actions/{scenario.northgate_action}").status_code == 404


def _note(world: WorldRefs, scenario: Scenario, author: Any, text: str) -> None:
    user = db.session.get(User, author.id)
    assert user is not None and user.organisation_id is not None
    db.session.add(
        ConsortiumNote(
            consortium_id=scenario.consortium,
            supplier_id=scenario.beta,
            organisation_id=user.organisation_id,
            author_id=user.id,
            body=text,
        )
    )


def test_the_page_reads_notes_in_a_fixed_number_of_statements(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    url = _page(scenario, scenario.beta)
    with client.application.app_context():
        _note(world, scenario, world.buyer_member, "One.")
        db.session.commit()
    factories.sign_in(client, world.buyer_admin.email)
    with counting(client.application) as one:
        assert client.get(url).status_code == 200
    with client.application.app_context():
        for i in range(12):
            author = (world.buyer_member, world.buyer_admin, world.consortium_member)[i % 3]
            _note(world, scenario, author, f"Note {i}.")
        b.action(scenario.northgate, scenario.beta, "Joint one", joint_in=scenario.consortium)
        b.action(scenario.eastvale, scenario.beta, "Another own")
        db.session.commit()
    with counting(client.application) as many:
        page = client.get(url)
    assert page.status_code == 200 and "Note 11." in page.get_data(as_text=True)
    assert len(many) == len(one)


def _token(page: str) -> str:
    return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_notes_need_the_form_token(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    sign_in = _token(client.get("/auth/sign-in").get_data(as_text=True))
    client.post(
        "/auth/sign-in",
        data={"email": world.buyer_member.email, "password": factories.PASSWORD,
              "csrf_token": sign_in},
    )
    url = _page(scenario, scenario.beta)
    token = _token(client.get(url).get_data(as_text=True))
    assert client.post(f"{url}/notes", data={"body": "Forged."}).status_code == 400
    assert _notes(client) == []
    done = client.post(f"{url}/notes", data={"body": "Real.", "csrf_token": token})
    assert done.status_code == 302
    [note] = _notes(client)
    delete = f"/consortia/{scenario.consortium}/notes/{note.id}/delete"
    assert client.post(delete).status_code == 400
    assert client.post(delete, data={"csrf_token": token}).status_code == 302
    assert _notes(client) == []
