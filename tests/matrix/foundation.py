"""Matrix rows of the foundation: front door, accounts, organisations, consortia."""

from __future__ import annotations

from tests.matrix import Case, everyone, signed_in

# Owning organisation's admin may act; its member may look but not act; everyone else: 404.
ORG_ADMIN_ACTION = signed_in(404, member=403, admin=302, operator=302)
CONSORTIUM_ADMIN_ACTION = signed_in(404, member=403, admin=302, consortium_member=403, operator=302)

MATRIX: dict[str, list[Case]] = {
    "main.healthz": [Case("GET", "/healthz", everyone(200))],
    "main.index": [Case("GET", "/", everyone(302))],
    # Suppliers and buyers are sent on to their own home pages (responses.home,
    # review.dashboard); the operator, who belongs to no organisation, stays.
    "main.home": [Case("GET", "/home", signed_in(302, operator=200))],
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
