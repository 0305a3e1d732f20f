"""Operator commands: the demo loader and creating an operator account."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.auth.models import User
from portal.db import db
from portal.organisations.models import Consortium, Organisation, OrganisationKind


def test_demo_load_then_sign_in_as_printed(
    app: Flask, client: FlaskClient, runner: Any, tmp_path: Any
) -> None:
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        kinds = db.session.execute(
            select(Organisation.kind, func.count()).group_by(Organisation.kind)
        ).all()
        assert dict(kinds) == {OrganisationKind.BUYER: 5, OrganisationKind.SUPPLIER: 8}
        assert db.session.scalar(select(func.count()).select_from(Consortium)) == 2
        assert all(
            h.startswith("$argon2id$") for h in db.session.scalars(select(User.password_hash))
        )
    accounts = dict(re.findall(r"^\s+(\S+@demo\.portal\.test)\s+(\S+)", result.output, re.M))
    assert len(accounts) >= 6
    for email in ("buyer.admin@demo.portal.test", "supplier.admin@demo.portal.test"):
        r = client.post("/auth/sign-in", data={"email": email, "password": accounts[email]})
        assert r.status_code == 302
        # each side lands on its own home page
        assert client.get("/home", follow_redirects=True).status_code == 200
        client.post("/auth/sign-out")


def test_demo_refuses_a_non_empty_database(app: Flask, runner: Any) -> None:
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    refused = runner.invoke(args=["demo", "load"])
    assert refused.exit_code == 1 and "not empty" in refused.output
    quiet = runner.invoke(args=["demo", "load", "--if-empty"])
    assert quiet.exit_code == 0 and "already holds data" in quiet.output
    forced = runner.invoke(args=["demo", "load", "--force"])
    assert forced.exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 26


def test_create_operator(app: Flask, runner: Any) -> None:
    ok = runner.invoke(
        args=["users", "create-operator", "ops@council.example", "--password", "amber-kettle-drift"]
    )
    assert ok.exit_code == 0, ok.output
    weak = runner.invoke(
        args=["users", "create-operator", "ops2@council.example", "--password", "password"]
    )
    assert weak.exit_code == 1 and "commonly used" in weak.output
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "ops@council.example")).one()
        assert user.is_operator and user.organisation_id is None
