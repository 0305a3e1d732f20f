"""Matrix rows of the consortium results: directory, supplier pages, comparisons, heatmap, and
sharing follow-up actions and findings.

world.buyer (Eastvale: `member`, `admin`) and Northgate (`consortium_member`) are the
consortium's members; `other_buyer` is outside it; the operator sees that the consortium exists
but reads no supplier's results (403). Each situation is built by a setup: a supplier's
submitted response shared with the consortium, shared with Northgate only, shared then
withdrawn, shared then reopened (a draft again), or never shared.
"""

from __future__ import annotations

from typing import Any

from portal.responses.models import ResponseStatus
from tests.consortia import builders as b
from tests.consortia.conftest import partner_id
from tests.factories import WorldRefs
from tests.matrix import Case, signed_in

# Members read; outsiders cannot know; the operator may not read.
MEMBERS = signed_in(404, member=200, admin=200, consortium_member=200, operator=403)
# Only Northgate, to which the supplier shared directly.
NORTHGATE_ONLY = signed_in(404, consortium_member=200, operator=403)
NOBODY = signed_in(404, operator=403)
BAD_INPUT = signed_in(404, member=400, admin=400, consortium_member=400, operator=403)
# Eastvale's own action or finding, which Northgate sees but may not change.
OWNER_ACTS = signed_in(404, member=302, admin=302, consortium_member=403, operator=403)
# Eastvale's own, that Northgate cannot see.
OWNER_ALONE = signed_in(404, member=302, admin=302, operator=403)


def _supplier(world: WorldRefs, how: str) -> dict[str, Any]:
    """A supplier with a response to Eastvale's request, shared as `how` says."""
    versions = b.publish()
    org = b.supplier()
    status = ResponseStatus.REOPENED if how == "reopened" else ResponseStatus.SUBMITTED
    response = b.submitted(
        world.buyer.id, org.id, versions["1.0"], b.ALL_YES, category="ict-hardware", status=status
    )
    other = b.supplier()
    b.share(
        b.submitted(world.buyer.id, other.id, versions["1.1"], b.ALL_YES, category="ict-hardware"),
        consortium_id=world.consortium.id,
    )
    if how in ("consortium", "withdrawn", "reopened"):
        b.share(response, consortium_id=world.consortium.id, withdrawn=how == "withdrawn")
    elif how == "northgate":
        b.share(response, buyer_id=partner_id(world))
    return {"shared": org.id, "peer": other.id, "key": b.KEY}


def shared(world: WorldRefs) -> dict[str, Any]:
    return _supplier(world, "consortium")


def northgate(world: WorldRefs) -> dict[str, Any]:
    return _supplier(world, "northgate")


def withdrawn(world: WorldRefs) -> dict[str, Any]:
    return _supplier(world, "withdrawn")


def reopened(world: WorldRefs) -> dict[str, Any]:
    return _supplier(world, "reopened")


def absent(world: WorldRefs) -> dict[str, Any]:
    return _supplier(world, "never")


def _with_action(how: str, *, joint: bool = False) -> Any:
    def setup(world: WorldRefs) -> dict[str, Any]:
        values = _supplier(world, how)
        action = b.action(
            world.buyer.id, values["shared"], joint_in=world.consortium.id if joint else None
        )
        return {**values, "action": action.id}

    return setup


def _with_finding(how: str, *, shared_with: bool = False, by_northgate: bool = False) -> Any:
    def setup(world: WorldRefs) -> dict[str, Any]:
        values = _supplier(world, how)
        owner = partner_id(world) if by_northgate else world.buyer.id
        finding = b.finding(
            owner, values["shared"], consortium_id=world.consortium.id if shared_with else None
        )
        return {**values, "finding": finding.id}

    return setup


BASE = "/consortia/{consortium}"
PAIR = "questionnaire={key}&supplier={shared}&supplier={peer}"

MATRIX: dict[str, list[Case]] = {
    "consortia.suppliers": [
        Case("GET", f"{BASE}/suppliers", MEMBERS, setup=shared),
        Case(
            "GET", f"{BASE}/suppliers?category=ict-hardware&rating=A&page=2", MEMBERS, setup=shared
        ),
        Case("GET", f"{BASE}/suppliers?rating=Z", BAD_INPUT),
        Case("GET", "/consortia/999999/suppliers", signed_in(404)),
    ],
    "consortia.supplier": [
        Case("GET", f"{BASE}/suppliers/{{shared}}", MEMBERS, setup=shared),
        Case("GET", f"{BASE}/suppliers/{{shared}}", NORTHGATE_ONLY, setup=northgate),
        Case("GET", f"{BASE}/suppliers/{{shared}}", NOBODY, setup=withdrawn),
        Case("GET", f"{BASE}/suppliers/{{shared}}", NOBODY, setup=reopened),
        Case("GET", f"{BASE}/suppliers/{{shared}}", NOBODY, setup=absent),
        Case("GET", f"{BASE}/suppliers/{{buyer}}", NOBODY),
    ],
    "consortia.compare_suppliers": [
        Case("GET", f"{BASE}/compare", MEMBERS),
        Case("GET", f"{BASE}/compare?{PAIR}", MEMBERS, setup=shared),
        Case("GET", f"{BASE}/compare?{PAIR}", NORTHGATE_ONLY, setup=northgate),
        Case("GET", f"{BASE}/compare?{PAIR}", NOBODY, setup=withdrawn),
        Case("GET", f"{BASE}/compare?{PAIR}", NOBODY, setup=absent),
        Case(
            "GET",
            f"{BASE}/compare?questionnaire={{key}}&category=ict-hardware",
            MEMBERS,
            setup=shared,
        ),
        Case(
            "GET",
            f"{BASE}/compare?questionnaire={{key}}&supplier={{shared}}",
            BAD_INPUT,
            setup=shared,
        ),
        Case(
            "GET",
            f"{BASE}/compare?questionnaire=no-such-questionnaire&supplier={{shared}}"
            "&supplier={peer}",
            NOBODY,
            setup=shared,
        ),
    ],
    "consortia.compare_csv": [
        Case("GET", f"{BASE}/compare.csv?{PAIR}", MEMBERS, setup=shared),
        Case("GET", f"{BASE}/compare.csv?{PAIR}", NORTHGATE_ONLY, setup=northgate),
        Case("GET", f"{BASE}/compare.csv?{PAIR}", NOBODY, setup=withdrawn),
        Case("GET", f"{BASE}/compare.csv", BAD_INPUT),
    ],
    "consortia.compare_pdf": [
        Case("GET", f"{BASE}/compare.pdf?{PAIR}", MEMBERS, setup=shared),
        Case("GET", f"{BASE}/compare.pdf?{PAIR}", NOBODY, setup=withdrawn),
    ],
    "consortia.heatmap": [
        Case("GET", f"{BASE}/heatmap", MEMBERS),
        Case(
            "GET",
            f"{BASE}/heatmap?questionnaire={{key}}&category=ict-hardware",
            MEMBERS,
            setup=shared,
        ),
        Case("GET", f"{BASE}/heatmap?questionnaire={{key}}", MEMBERS, setup=withdrawn),
        Case("GET", f"{BASE}/heatmap?questionnaire=no-such-questionnaire", NOBODY),
        Case(
            "GET",
            f"{BASE}/heatmap?questionnaire={{key}}&category=no-such-category",
            NOBODY,
            setup=shared,
        ),
    ],
    "consortia.make_joint": [
        Case(
            "POST", f"{BASE}/actions/{{action}}/joint", OWNER_ACTS, setup=_with_action("consortium")
        ),
        Case("POST", f"{BASE}/actions/{{action}}/joint", NOBODY, setup=_with_action("withdrawn")),
        Case("POST", f"{BASE}/actions/{{action}}/joint", NOBODY, setup=_with_action("never")),
        Case("POST", f"{BASE}/actions/999999/joint", NOBODY),
    ],
    "consortia.end_joint": [
        Case(
            "POST",
            f"{BASE}/actions/{{action}}/end-joint",
            OWNER_ACTS,
            setup=_with_action("consortium", joint=True),
        ),
        Case(
            "POST",
            f"{BASE}/actions/{{action}}/end-joint",
            NOBODY,
            setup=_with_action("withdrawn", joint=True),
        ),
    ],
    "consortia.share_finding": [
        Case(
            "POST",
            f"{BASE}/findings/{{finding}}/share",
            OWNER_ALONE,
            setup=_with_finding("consortium"),
        ),
        Case("POST", f"{BASE}/findings/{{finding}}/share", NOBODY, setup=_with_finding("never")),
    ],
    "consortia.unshare_finding": [
        Case(
            "POST",
            f"{BASE}/findings/{{finding}}/unshare",
            OWNER_ACTS,
            setup=_with_finding("consortium", shared_with=True),
        ),
        # Northgate's shared finding: Eastvale sees it but may not take it back.
        Case(
            "POST",
            f"{BASE}/findings/{{finding}}/unshare",
            signed_in(404, member=403, admin=403, consortium_member=302, operator=403),
            setup=_with_finding("consortium", shared_with=True, by_northgate=True),
        ),
        Case(
            "POST",
            f"{BASE}/findings/{{finding}}/unshare",
            NOBODY,
            setup=_with_finding("withdrawn", shared_with=True),
        ),
    ],
}
