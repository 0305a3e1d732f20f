"""The route permission matrix: shared vocabulary; each feature adds a module of rows here.

A module in this package defines `MATRIX: dict[str, list[Case]]` (endpoint -> cases); the test in
tests/test_route_matrix.py merges every module's rows and requires a row for every route.
Expected outcomes: a status code, or LOGIN (redirected to sign-in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.factories import WorldRefs

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
    """One request: `url` and `data` values may hold {placeholders} filled from the world's
    ids (`{buyer}`, `{supplier}`, ...) and from what `setup` returns. `setup` runs inside an
    app context before the request, builds extra objects (a request, a response ...), and
    returns their ids by placeholder name."""

    method: str
    url: str
    expect: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)
    setup: Callable[[WorldRefs], dict[str, Any]] | None = None


def everyone(outcome: Any, **overrides: Any) -> dict[str, Any]:
    return {actor: overrides.get(actor, outcome) for actor in ACTORS}


def signed_in(outcome: Any, **overrides: Any) -> dict[str, Any]:
    return everyone(outcome, anonymous=LOGIN, **overrides)
