"""No lost work: two tabs or two colleagues, and a session that ends while someone types."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.db import db, utcnow
from portal.responses.models import AnswerStash
from tests.factories import PASSWORD, sign_in
from tests.responses.conftest import Started
from tests.responses.helpers import form_tokens, stored_answers, tokens_in

POLICY = "/supplier/requests/{}/sections/policy"
WAGES = "/supplier/requests/{}/sections/wages"


def _answers(app: Flask, started: Started) -> dict[str, Any]:
    with app.app_context():
        return stored_answers(started.response_id)


def _colleague(app: Flask, world: Any) -> FlaskClient:
    other = app.test_client()
    sign_in(other, world.supplier_member.email)
    return other


def test_two_tabs_conflict_and_the_user_chooses(
    supplier: FlaskClient, app: Flask, world: Any, started: Started
) -> None:
    url = POLICY.format(started.request_id)
    mine = form_tokens(supplier, url)  # tab A opens the page
    colleague = _colleague(app, world)
    colleague.post(url, data={**form_tokens(colleague, url), "q_forced_labour_policy": "yes"})

    page = supplier.post(url, data={**mine, "q_forced_labour_policy": "no", "action": "save"})
    html = page.get_data(as_text=True)
    assert page.status_code == 409
    assert _answers(app, started) == {"forced_labour_policy": "yes"}  # nothing overwritten
    assert "changed this answer after you opened the page" in html
    assert "Their answer: <strong>Yes</strong>" in html
    assert 'value="no" checked' in html  # my answer is still in the field
    assert '<a href="#c_forced_labour_policy-mine">' in html

    # Re-sent without choosing: asked again, nothing changed.
    again = {**{f"r_{k}": v for k, v in tokens_in(html).items()},
             "q_forced_labour_policy": "no", "k_forced_labour_policy": "1"}
    unresolved = supplier.post(url, data=again)
    assert unresolved.status_code == 409
    assert "Choose which answer to keep." in unresolved.get_data(as_text=True)
    assert _answers(app, started) == {"forced_labour_policy": "yes"}

    kept = supplier.post(url, data={**again, "c_forced_labour_policy": "mine"})
    assert kept.status_code == 302
    assert _answers(app, started) == {"forced_labour_policy": "no"}


def test_choosing_the_colleagues_answer(
    supplier: FlaskClient, app: Flask, world: Any, started: Started
) -> None:
    url = POLICY.format(started.request_id)
    mine = form_tokens(supplier, url)
    colleague = _colleague(app, world)
    colleague.post(url, data={**form_tokens(colleague, url), "q_forced_labour_policy": "yes"})
    html = supplier.post(url, data={**mine, "q_forced_labour_policy": "no"}).get_data(as_text=True)
    again = {**{f"r_{k}": v for k, v in tokens_in(html).items()},
             "q_forced_labour_policy": "no", "k_forced_labour_policy": "1",
             "c_forced_labour_policy": "theirs"}
    assert supplier.post(url, data=again).status_code == 302
    assert _answers(app, started) == {"forced_labour_policy": "yes"}


def test_an_untouched_field_does_not_undo_a_colleagues_answer(
    supplier: FlaskClient, app: Flask, world: Any, started: Started
) -> None:
    url = WAGES.format(started.request_id)
    mine = form_tokens(supplier, url)
    colleague = _colleague(app, world)
    colleague.post(url, data={**form_tokens(colleague, url), "q_weekly_hours": "40"})
    # Tab A still shows the hours empty, and changes only the findings.
    page = supplier.post(url, data={**mine, "q_weekly_hours": "", "q_audit_findings": "None."})
    assert page.status_code == 302
    assert _answers(app, started) == {"weekly_hours": 40, "audit_findings": "None."}


def test_autosave_conflict(
    supplier: FlaskClient, app: Flask, world: Any, started: Started
) -> None:
    url = f"/supplier/requests/{started.request_id}/autosave"
    stale = tokens_in(supplier.get(WAGES.format(started.request_id)).get_data(as_text=True))
    colleague = _colleague(app, world)
    colleague.post(url, json={"question": "weekly_hours", "values": ["40"],
                              "token": stale["weekly_hours"]})
    reply = supplier.post(url, json={"question": "weekly_hours", "values": ["48"],
                                     "token": stale["weekly_hours"]})
    body = reply.get_json()
    assert reply.status_code == 409 and body["status"] == "conflict"
    assert body["theirs"] == "40 hours" and body["theirs_values"] == ["40"]
    assert body["token"].startswith("1:")
    assert _answers(app, started) == {"weekly_hours": 40}
    # "Keep mine": sent again against the colleague's revision.
    kept = supplier.post(url, json={"question": "weekly_hours", "values": ["48"],
                                    "token": body["token"]})
    assert kept.status_code == 200 and _answers(app, started) == {"weekly_hours": 48}


def _expire_session(client: FlaskClient) -> None:
    with client.session_transaction() as session:
        session["seen"] = utcnow().timestamp() - 24 * 3600


def test_a_post_after_the_session_ended_is_kept_until_sign_in(
    supplier: FlaskClient, app: Flask, world: Any, started: Started
) -> None:
    url = WAGES.format(started.request_id)
    data = {**form_tokens(supplier, url), "q_weekly_hours": "45",
            "q_audit_findings": "Three pages of careful notes.", "action": "save"}
    _expire_session(supplier)

    page = supplier.post(url, data=data)
    assert page.status_code == 302 and urlsplit(page.location).path == "/auth/sign-in"
    target = parse_qs(urlsplit(page.location).query)["next"][0]
    assert target.startswith(url + "?restore=")
    assert _answers(app, started) == {}  # not saved yet, but kept
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AnswerStash)) == 1

    signed = supplier.post(page.location, data={"email": world.supplier_admin.email,
                                                "password": PASSWORD})
    assert signed.status_code == 302 and signed.location == target
    restored = supplier.get(target)
    html = restored.get_data(as_text=True)
    assert "These are the answers you typed before your session ended" in html
    assert 'value="45"' in html and "Three pages of careful notes." in html
    token = parse_qs(urlsplit(target).query)["restore"][0]
    assert f'name="stash" value="{token}"' in html

    saved = supplier.post(url, data={**data, "stash": token})
    assert saved.status_code == 302
    assert _answers(app, started) == {"weekly_hours": 45,
                                      "audit_findings": "Three pages of careful notes."}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AnswerStash)) == 0


def test_a_stash_opens_only_for_its_request(
    supplier: FlaskClient, app: Flask, world: Any, started: Started
) -> None:
    url = WAGES.format(started.request_id)
    data = {**form_tokens(supplier, url), "q_weekly_hours": "45"}
    _expire_session(supplier)
    target = parse_qs(urlsplit(supplier.post(url, data=data).location).query)["next"][0]
    sign_in(supplier, world.supplier_admin.email)
    token = parse_qs(urlsplit(target).query)["restore"][0]
    elsewhere = supplier.get(f"{POLICY.format(started.request_id)}?restore={token}")
    assert "before your session ended" not in elsewhere.get_data(as_text=True)
    other = app.test_client()
    sign_in(other, world.other_supplier_admin.email)
    assert other.get(target).status_code == 404


def test_autosave_after_the_session_ended_says_so(
    supplier: FlaskClient, started: Started
) -> None:
    _expire_session(supplier)
    reply = supplier.post(f"/supplier/requests/{started.request_id}/autosave",
                          json={"question": "weekly_hours", "values": ["40"]})
    assert reply.status_code == 401 and reply.get_json()["status"] == "signed_out"
    assert "Save and continue" in reply.get_json()["message"]
