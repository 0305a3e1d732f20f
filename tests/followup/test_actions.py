"""Follow-up actions: from gaps, the conversation on both sides, files, status rules."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.db import db
from portal.followup.models import ActionMessage, ActionStatus, FollowUpAction
from tests.factories import WorldRefs, mails, sign_in

DUE = (dt.date.today() + dt.timedelta(days=14)).isoformat()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _count(app: Flask, model: Any = FollowUpAction) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def _one_action(client: FlaskClient, submission: dict[str, int], app: Flask) -> int:
    done = client.post(f"/actions/from-gap/{submission['request']}",
                       data={"question_id": "forced_labour_policy", "owner_id": "",
                             "due_date": DUE})
    assert done.status_code == 302, done.get_data(as_text=True)
    with app.app_context():
        action = db.session.scalar(select(FollowUpAction))
        assert action is not None
        return action.id


def test_a_gap_becomes_an_action_once(client: FlaskClient, world: WorldRefs, app: Flask,
                                      submission: dict[str, int], outbox: Any) -> None:
    sign_in(client, world.buyer_member.email)
    action_id = _one_action(client, submission, app)
    with app.app_context():
        action = db.session.get_one(FollowUpAction, action_id)
        assert action.severity == "high" and action.supplier_id == world.supplier.id
        assert "Adopt a written policy prohibiting forced labour." in action.description
        assert action.status is ActionStatus.OPEN
    assert any(f"/actions/{action_id}" in m.get_content() for m in mails(outbox))
    again = client.post(f"/actions/from-gap/{submission['request']}",
                        data={"question_id": "forced_labour_policy", "due_date": DUE})
    assert again.status_code == 302 and _count(app) == 1
    not_a_gap = client.post(f"/actions/from-gap/{submission['request']}",
                            data={"question_id": "audit_findings", "due_date": DUE})
    assert not_a_gap.status_code == 302 and _count(app) == 1
    past = client.post(f"/actions/from-gap/{submission['request']}",
                       data={"question_id": "weekly_hours", "due_date": "2020-01-01"})
    assert past.status_code == 302 and _count(app) == 1
    page = client.get(f"/buyer/requests/{submission['request']}").get_data(as_text=True)
    assert f"/actions/{action_id}" in page


def test_all_gaps_at_or_above_a_severity(client: FlaskClient, world: WorldRefs, app: Flask,
                                         submission: dict[str, int]) -> None:
    sign_in(client, world.buyer_admin.email)
    url = f"/actions/from-gaps/{submission['request']}"
    client.post(url, data={"min_severity": "critical", "owner_id": "", "due_date": DUE})
    assert _count(app) == 0
    client.post(url, data={"min_severity": "high", "owner_id": str(world.buyer_member.id),
                           "due_date": DUE})
    assert _count(app) == 1
    client.post(url, data={"min_severity": "low", "owner_id": "", "due_date": DUE})
    assert _count(app) == 2  # the high one is not made twice
    with app.app_context():
        owners = db.session.scalars(select(FollowUpAction.owner_id).order_by(
            FollowUpAction.id)).all()
        assert owners == [world.buyer_member.id, None]


def test_an_action_on_another_organisations_request_is_refused(
    client: FlaskClient, world: WorldRefs, app: Flask, submission: dict[str, int]
) -> None:
    sign_in(client, world.other_buyer_admin.email)
    for url in (f"/actions/from-gap/{submission['request']}",
                f"/actions/from-gaps/{submission['request']}"):
        response = client.post(url, data={"question_id": "forced_labour_policy",
                                          "min_severity": "low", "due_date": DUE})
        assert response.status_code == 404
    assert _count(app) == 0


def test_conversation_both_sides_with_files(
    client: FlaskClient, world: WorldRefs, app: Flask, submission: dict[str, int], outbox: Any
) -> None:
    sign_in(client, world.buyer_member.email)
    action_id = _one_action(client, submission, app)
    client.post("/auth/sign-out")
    sign_in(client, world.supplier_admin.email)
    page = client.get(f"/actions/{action_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Only the buyer verifies or closes an action." in text
    assert 'value="verified"' not in text
    posted = client.post(f"/actions/{action_id}/messages", data={
        "body": "Our board adopted the policy; attached.",
        "file": (io.BytesIO(PDF), "policy.pdf")}, content_type="multipart/form-data")
    assert posted.status_code == 302
    to_buyer = [m for m in mails(outbox) if m["To"] == world.buyer_member.email]
    assert to_buyer and "Our board adopted the policy" in to_buyer[-1].get_content()
    # A file that lies about its type is refused, and nothing is stored.
    fake = client.post(f"/actions/{action_id}/messages", data={
        "body": "", "file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "policy.pdf")},
        content_type="multipart/form-data")
    assert fake.status_code == 400
    assert "does not match its extension" in fake.get_data(as_text=True)
    app.config["UPLOAD_MAX_BYTES"] = 10
    big = client.post(f"/actions/{action_id}/messages", data={
        "body": "x", "file": (io.BytesIO(PDF), "policy.pdf")}, content_type="multipart/form-data")
    assert big.status_code == 400 and "larger than" in big.get_data(as_text=True)
    app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as archive:
        for i in range(2100):
            archive.writestr(f"f{i}.xml", "")
    crowded = client.post(f"/actions/{action_id}/messages", data={
        "body": "", "file": (io.BytesIO(bomb.getvalue()), "plan.docx")},
        content_type="multipart/form-data")
    assert crowded.status_code == 400
    assert _count(app, ActionMessage) == 1
    empty = client.post(f"/actions/{action_id}/messages", data={"body": "  "})
    assert empty.status_code == 400
    with app.app_context():
        message = db.session.scalar(select(ActionMessage))
        assert message is not None and message.content_type == "application/pdf"
        message_id = message.id
    download = client.get(f"/actions/{action_id}/files/{message_id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith('attachment; filename="policy.pdf"')
    # The supplier may say resolved, never verified.
    assert client.post(f"/actions/{action_id}/status",
                       data={"status": "verified"}).status_code == 403
    assert client.post(f"/actions/{action_id}/status",
                       data={"status": "resolved"}).status_code == 302
    assert client.post(f"/actions/{action_id}/edit", data={"title": "x"}).status_code == 403
    client.post("/auth/sign-out")
    sign_in(client, world.buyer_member.email)
    assert any(m["To"] == world.buyer_member.email and "resolved" in m["Subject"]
               for m in mails(outbox))
    reply = client.post(f"/actions/{action_id}/messages", data={"body": "Thank you, verified."})
    assert reply.status_code == 302
    assert any(m["To"] in ("supplier.admin@example.org", "supplier.member@example.org")
               and "Thank you, verified." in m.get_content() for m in mails(outbox))
    assert client.post(f"/actions/{action_id}/status",
                       data={"status": "verified"}).status_code == 302
    client.post("/auth/sign-out")
    sign_in(client, world.supplier_member.email)
    refused = client.post(f"/actions/{action_id}/status", data={"status": "in progress"})
    assert refused.status_code == 400  # verified by the buyer: the supplier cannot reopen it
    with app.app_context():
        action = db.session.get_one(FollowUpAction, action_id)
        assert action.status is ActionStatus.VERIFIED
        history = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.object_type == "action", AuditEvent.object_id == action_id)).all()
        assert history.count("action.status_changed") == 2
        assert history.count("action.message_posted") == 2
    page = client.get(f"/actions/{action_id}").get_data(as_text=True)
    assert "action.status_changed" in page  # the history is shown on the action's page


def test_buyer_edits_and_overdue_actions_stand_out(
    client: FlaskClient, world: WorldRefs, app: Flask, submission: dict[str, int]
) -> None:
    sign_in(client, world.buyer_admin.email)
    action_id = _one_action(client, submission, app)
    edited = client.post(f"/actions/{action_id}/edit", data={
        "title": "Adopt and publish a forced labour policy", "description": "By the board.",
        "owner_id": str(world.buyer_member.id), "due_date": "2020-01-31"})
    assert edited.status_code == 302
    stranger = client.post(f"/actions/{action_id}/edit", data={
        "title": "x", "owner_id": str(world.other_buyer_admin.id)})
    assert stranger.status_code == 400
    page = client.get(f"/actions/{action_id}").get_data(as_text=True)
    assert "This action is overdue" in page
    listing = client.get("/actions/?overdue=1").get_data(as_text=True)
    assert "is-overdue" in listing and "Adopt and publish a forced labour policy" in listing
    client.post("/auth/sign-out")
    sign_in(client, world.supplier_member.email)
    theirs = client.get("/actions/").get_data(as_text=True)
    assert "Adopt and publish a forced labour policy" in theirs and "is-overdue" in theirs
    client.post("/auth/sign-out")
    sign_in(client, world.other_supplier_admin.email)
    assert client.get(f"/actions/{action_id}").status_code == 404
    assert "forced labour" not in client.get("/actions/").get_data(as_text=True)


def test_a_joint_action_is_worked_on_by_the_consortium(
    client: FlaskClient, world: WorldRefs, app: Flask, submission: dict[str, int], outbox: Any
) -> None:
    sign_in(client, world.buyer_member.email)
    action_id = _one_action(client, submission, app)
    with app.app_context():
        action = db.session.get_one(FollowUpAction, action_id)
        action.is_joint, action.consortium_id = True, world.consortium.id
        db.session.commit()
    client.post("/auth/sign-out")
    sign_in(client, world.consortium_member.email)
    assert "prohibiting forced labour" in client.get("/actions/").get_data(as_text=True)
    page = client.get(f"/actions/{action_id}").get_data(as_text=True)
    assert "Change the status" not in page and "Edit the action" not in page
    posted = client.post(f"/actions/{action_id}/messages",
                         data={"body": "Our monitor found the same at the Penang site."})
    assert posted.status_code == 302
    told = {m["To"] for m in mails(outbox) if "Penang" in m.get_content()}
    assert world.buyer_member.email in told  # the owning buyer
    assert told & {"supplier.admin@example.org", "supplier.member@example.org"}  # the supplier
    page = client.get(f"/actions/{action_id}").get_data(as_text=True)
    assert "Northgate Hospital" in page  # the partner's name on its message
