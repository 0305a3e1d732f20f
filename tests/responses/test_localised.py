"""Supplier-facing words in the user's language: questionnaire titles, tier names, follow-up
refusals; and overdue follow-up actions marked on the supplier's home."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from portal.auth.models import User
from portal.db import db
from portal.followup import services as followup
from portal.followup.models import ActionStatus, FollowUpAction
from portal.responses import services, submission
from portal.responses.models import Response
from portal.review import labels
from tests.responses.conftest import Started
from tests.responses.helpers import TODAY, Issued


def _language(app: Flask, user_id: int, language: str) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        user.language = language
        db.session.commit()


def _submit(app: Flask, world: Any, started: Started) -> None:
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        response = db.session.get(Response, started.response_id)
        assert actor is not None and response is not None
        services.set_answer_value(actor, response, "forced_labour_policy", "no")
        submission.submit(actor, response, services.state_of(response), language="en")
        db.session.commit()


def test_the_home_shows_the_questionnaire_title_in_the_users_language(
    supplier: FlaskClient, app: Flask, world: Any, issued: Issued
) -> None:
    english = supplier.get("/supplier/").get_data(as_text=True)
    assert "Supply chain labour risks" in english
    _language(app, world.supplier_admin.id, "fr")
    french = supplier.get("/supplier/").get_data(as_text=True)
    assert "Risques sociaux dans la chaîne d&#39;approvisionnement" in french
    assert "Supply chain labour risks" not in french
    _language(app, world.supplier_admin.id, "es")  # no Spanish title: the default language
    assert "Supply chain labour risks" in supplier.get("/supplier/").get_data(as_text=True)


def test_tier_names_are_labels_everywhere_the_supplier_sees_them(
    supplier: FlaskClient, app: Flask, world: Any, started: Started,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A marker label shows that every place goes through the one helper, not the raw key.
    monkeypatch.setitem(labels.TIER, "basic", "LEVEL-ONE")
    start = supplier.get(f"/supplier/requests/{started.request_id}").get_data(as_text=True)
    assert "LEVEL-ONE" in start and "<dd>basic</dd>" not in start
    _submit(app, world, started)
    overview = supplier.get(f"/supplier/requests/{started.request_id}").get_data(as_text=True)
    assert "<dd>LEVEL-ONE</dd>" in overview  # the required level
    assert "<dd>below LEVEL-ONE</dd>" in overview  # the level reached
    assert "below basic" not in overview


def test_tier_label(app: Flask) -> None:
    with app.test_request_context():
        assert labels.tier_label("basic") == "basic"
        assert labels.tier_label("below advanced") == "below advanced"
        assert labels.tier_label("gold") == "gold"  # a definition's own tier: shown as it is
        assert labels.tier_label(None) == ""


def test_the_home_marks_overdue_actions(
    supplier: FlaskClient, app: Flask, world: Any
) -> None:
    with app.app_context():
        db.session.add_all([
            FollowUpAction(buyer_id=world.buyer.id, supplier_id=world.supplier.id,
                           title="Late grievance mechanism", due_date=TODAY - timedelta(days=2)),
            FollowUpAction(buyer_id=world.buyer.id, supplier_id=world.supplier.id,
                           title="Timely wage audit", due_date=TODAY + timedelta(days=9)),
        ])
        db.session.commit()
    html = supplier.get("/supplier/").get_data(as_text=True)
    actions = html.split('id="actions-heading"')[1].split("</ul>")[0]
    items = {item.split("</a>")[0].rsplit(">", 1)[-1]: item for item in actions.split("<li")[1:]}
    late, timely = items["Late grievance mechanism"], items["Timely wage audit"]
    assert 'class="is-overdue"' in late and '<span class="overdue">overdue</span>' in late
    assert "is-overdue" not in timely and "overdue</span>" not in timely


def test_follow_up_refusals_are_translated(app: Flask, world: Any) -> None:
    with app.test_request_context(), force_locale("es"):
        action = FollowUpAction(buyer_id=world.buyer.id, supplier_id=world.supplier.id,
                                title="Publish a grievance mechanism")
        db.session.add(action)
        db.session.flush()
        actor = db.session.get(User, world.supplier_admin.id)
        with pytest.raises(followup.ActionError) as refused:
            followup.change_status(actor, action, ActionStatus.VERIFIED, as_buyer=False)
        db.session.rollback()
    assert str(refused.value) == "Solo el comprador verifica o cierra una acción."
