"""Fixtures for the supplier's journey: a request issued to the world's supplier, started."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.db import db
from portal.responses import starting
from tests.factories import WorldRefs, sign_in
from tests.responses.helpers import Issued, issue_request, request_row


@dataclass(frozen=True)
class Started:
    request_id: int
    response_id: int
    issued: Issued


@pytest.fixture
def issued(app: Flask, world: WorldRefs) -> Issued:
    """A request from the world's buyer to the world's supplier."""
    with app.app_context():
        made = issue_request(world)
        db.session.commit()
        return made


@pytest.fixture
def started(app: Flask, world: WorldRefs, issued: Issued) -> Started:
    """The issued request with its response started by the supplier's admin."""
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        response = starting.start(actor, request_row(issued.id), language="en", reuse=None)
        db.session.commit()
        return Started(issued.id, response.id, issued)


@pytest.fixture
def supplier(client: FlaskClient, world: WorldRefs) -> FlaskClient:
    """The client, signed in as the supplier's admin."""
    sign_in(client, world.supplier_admin.email)
    return client
