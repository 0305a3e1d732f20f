"""Every route against every kind of user: the access rules, enforced in one table.

The rows live in tests/matrix/ (one module per feature). A route with no row fails the suite,
so no new page ships without deciding who may use it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import tests.matrix
from tests import factories
from tests.matrix import ACTOR_USER, ACTORS, LOGIN, Case


def _merged() -> dict[str, list[Case]]:
    merged: dict[str, list[Case]] = {}
    for module in pkgutil.iter_modules(tests.matrix.__path__):
        rows = importlib.import_module(f"tests.matrix.{module.name}").MATRIX
        for endpoint, cases in rows.items():
            merged.setdefault(endpoint, []).extend(cases)
    return merged


MATRIX = _merged()
UNCHECKED_ENDPOINTS = {"static"}


def test_every_route_has_a_row(app: Flask) -> None:
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in UNCHECKED_ENDPOINTS:
            continue
        cases = MATRIX.get(rule.endpoint, [])
        methods = (rule.methods or set()) - {"HEAD", "OPTIONS"}
        covered = {c.method for c in cases}
        if not methods <= covered:
            missing.append(f"{rule.endpoint} {sorted(methods - covered)} {rule.rule}")
    assert not missing, "routes without a row in the permission matrix:\n" + "\n".join(missing)


def _partner_org_id(world: factories.WorldRefs) -> int:
    # The consortium member's own organisation.
    from portal.auth.models import User
    from portal.db import db

    user = db.session.get(User, world.consortium_member.id)
    assert user is not None and user.organisation_id is not None
    return user.organisation_id


def _values(case: Case, world: factories.WorldRefs) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(world, name).id for name in vars(world)}
    values["consortium_member_org"] = _partner_org_id(world)
    if case.setup is not None:
        from portal.db import db

        values.update(case.setup(world))
        db.session.commit()
    return values


CASES = [
    pytest.param(endpoint, i, actor, id=f"{endpoint}[{i}]-{actor}")
    for endpoint, cases in MATRIX.items()
    for i, _ in enumerate(cases)
    for actor in ACTORS
]


@pytest.mark.parametrize(("endpoint", "index", "actor"), CASES)
def test_route_permission(
    client: FlaskClient, world: factories.WorldRefs, endpoint: str, index: int, actor: str
) -> None:
    case = MATRIX[endpoint][index]
    with client.application.app_context():
        values = _values(case, world)
        url = case.url.format(**values)
        data = {k: str(v).format(**values) for k, v in case.data.items()}
    if actor != "anonymous":
        factories.sign_in(client, getattr(world, ACTOR_USER[actor]).email)
    response = client.open(url, method=case.method, data=data)
    expected = case.expect[actor]
    if expected == LOGIN:
        assert response.status_code == 302 and "/auth/sign-in" in response.location, (
            f"{case.method} {url} as {actor}: {response.status_code}"
        )
    else:
        assert response.status_code == expected, f"{case.method} {url} as {actor}"
    if response.status_code == 404 and actor not in ("member", "admin"):
        # Another organisation's object answers like a missing one: no names leak.
        assert world.buyer.name not in response.get_data(as_text=True)
