"""Every route against every kind of user: the access rules, enforced in one table.

A route with no row here fails the suite, so no new page ships without deciding who may use it.
Expected outcomes: a status code, or LOGIN (redirected to sign-in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories

LOGIN = "login"
ACTORS = (
    "anonymous",
    "member",
    "admin",
    "other_buyer",
    "other_supplier",
    "consortium_member",
    "operator",
)
# Who each actor is in the world fixture; the owning organisation is world.buyer.
ACTOR_USER = {
    "member": "buyer_member",
    "admin": "buyer_admin",
    "other_buyer": "other_buyer_admin",
    "other_supplier": "other_supplier_admin",
    "consortium_member": "consortium_member",
    "operator": "operator",
}


@dataclass(frozen=True)
class Case:
    method: str
    url: str
    expect: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)


def everyone(outcome: Any, **overrides: Any) -> dict[str, Any]:
    return {actor: overrides.get(actor, outcome) for actor in ACTORS}


def signed_in(outcome: Any, **overrides: Any) -> dict[str, Any]:
    return everyone(outcome, anonymous=LOGIN, **overrides)


# Owning organisation's admin may act; its member may look but not act; everyone else: 404.
ORG_ADMIN_ACTION = signed_in(404, member=403, admin=302, operator=302)
CONSORTIUM_ADMIN_ACTION = signed_in(404, member=403, admin=302, consortium_member=403, operator=302)

MATRIX: dict[str, list[Case]] = {
    "main.healthz": [Case("GET", "/healthz", everyone(200))],
    "main.index": [Case("GET", "/", everyone(302))],
    "main.home": [Case("GET", "/home", signed_in(200))],
    "auth.sign_in": [
        Case("GET", "/auth/sign-in", everyone(302, anonymous=200)),
        Case(
            "POST",
            "/auth/sign-in",
            everyone(302, anonymous=401),
            {"email": "nobody@example.org", "password": "wrong-password"},
        ),
    ],
    "auth.sign_out": [Case("POST", "/auth/sign-out", everyone(302))],
    "auth.reset_request": [
        Case("GET", "/auth/reset", everyone(200)),
        Case("POST", "/auth/reset", everyone(302), {"email": "nobody@example.org"}),
    ],
    "auth.reset": [
        Case("GET", "/auth/reset/unknown-token", everyone(410)),
        Case("POST", "/auth/reset/unknown-token", everyone(410), {"password": "x", "confirm": "x"}),
    ],
    "auth.accept_invitation": [
        Case("GET", "/auth/invitation/unknown-token", everyone(410)),
        Case("POST", "/auth/invitation/unknown-token", everyone(410), {"name": "x"}),
    ],
    "account.account": [Case("GET", "/account/", signed_in(200))],
    "account.change_password": [
        Case(
            "POST",
            "/account/password",
            signed_in(400),
            {
                "current": "wrong-current",
                "password": "lantern-meadow-spindle",
                "confirm": "lantern-meadow-spindle",
            },
        ),
    ],
    "account.change_language": [
        Case("POST", "/account/language", everyone(302), {"language": "es"})
    ],
    "organisations.index": [
        Case("GET", "/organisations/", signed_in(404, operator=200)),
        Case(
            "POST",
            "/organisations/",
            signed_in(404, operator=302),
            {"name": "Fresh Supplier Ltd", "kind": "supplier"},
        ),
    ],
    "organisations.show": [
        Case("GET", "/organisations/{buyer}", signed_in(404, member=200, admin=200, operator=200)),
        Case("GET", "/organisations/999999", signed_in(404)),
    ],
    "organisations.invite": [
        Case(
            "POST",
            "/organisations/{buyer}/invitations",
            ORG_ADMIN_ACTION,
            {"email": "new.person@example.org", "role": "member"},
        ),
    ],
    "organisations.revoke_invitation": [
        Case("POST", "/organisations/{buyer}/invitations/{invitation}/revoke", ORG_ADMIN_ACTION),
    ],
    "organisations.disable_user": [
        Case(
            "POST",
            "/organisations/{buyer}/users/{buyer_member}/disable",
            signed_in(404, member=403, admin=302, operator=302),
        ),
        # Another organisation's user through this organisation's URL: not found.
        Case(
            "POST",
            "/organisations/{buyer}/users/{other_buyer_admin}/disable",
            signed_in(404, member=403),
        ),
    ],
    "organisations.enable_user": [
        Case("POST", "/organisations/{buyer}/users/{buyer_member}/enable", ORG_ADMIN_ACTION),
    ],
    "organisations.change_role": [
        Case(
            "POST",
            "/organisations/{buyer}/users/{buyer_member}/role",
            ORG_ADMIN_ACTION,
            {"role": "admin"},
        ),
    ],
    "organisations.audit": [
        Case(
            "GET",
            "/organisations/{buyer}/audit",
            signed_in(404, member=403, admin=200, operator=200),
        ),
    ],
    "consortia.index": [
        Case("GET", "/consortia/", signed_in(200, other_supplier=404)),
        Case(
            "POST",
            "/consortia/",
            signed_in(403, other_supplier=404, operator=302),
            {"name": "New Consortium", "description": ""},
        ),
    ],
    "consortia.show": [
        Case(
            "GET",
            "/consortia/{consortium}",
            signed_in(404, member=200, admin=200, consortium_member=200, operator=200),
        ),
    ],
    "consortia.add_member": [
        Case(
            "POST",
            "/consortia/{consortium}/members",
            CONSORTIUM_ADMIN_ACTION,
            {"organisation_id": "{other_buyer}"},
        ),
    ],
    "consortia.remove_member": [
        Case(
            "POST",
            "/consortia/{consortium}/members/{consortium_member_org}/remove",
            CONSORTIUM_ADMIN_ACTION,
        ),
    ],
    "consortia.toggle_admin": [
        Case(
            "POST",
            "/consortia/{consortium}/members/{consortium_member_org}/rights",
            CONSORTIUM_ADMIN_ACTION,
        ),
    ],
}

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


def _fill(template: str, world: factories.WorldRefs) -> str:
    values = {name: getattr(world, name).id for name in vars(world)}
    values["consortium_member_org"] = _partner_org_id(world)
    return template.format(**values)


def _partner_org_id(world: factories.WorldRefs) -> int:
    # The partner organisation is the consortium member's own organisation.
    from portal.auth.models import User
    from portal.db import db

    user = db.session.get(User, world.consortium_member.id)
    assert user is not None and user.organisation_id is not None
    return user.organisation_id


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
        url = _fill(case.url, world)
        data = {k: _fill(str(v), world) for k, v in case.data.items()}
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
