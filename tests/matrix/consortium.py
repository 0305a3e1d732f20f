"""Matrix rows of the consortium results: directory, supplier pages, comparisons, heatmap,
sharing follow-up actions and findings, members' notes, and leaving the consortium.

world.buyer (Eastvale: `member`, `admin`) and Northgate (`consortium_member`) are the
consortium's members; `other_buyer` is outside it; the operator sees that the consortium exists
but reads no supplier's results (403). Each situation is built by a setup: a supplier's
submitted response shared with the consortium, shared with Northgate only, shared then
withdrawn, shared then reopened (a draft again), or never shared; `_left` adds Northgate's
leaving the consortium afterwards.
"""

from __future__ import annotations

from typing import Any

from portal.auth.models import User
from portal.consortia.models import ConsortiumNote
from portal.db import db
from portal.organisations.models import ConsortiumMembership
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
# Every member acts; after Northgate left, Eastvale alone.
MEMBERS_ACT = signed_in(404, member=302, admin=302, consortium_member=302, operator=403)
EASTVALE = signed_in(404, member=200, admin=200, operator=403)
NORTHGATE_ACTS = signed_in(404, consortium_member=302, operator=403)


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


def _left(setup: Any) -> Any:
    """The situation `setup` builds, after which Northgate left the consortium."""

    def left(world: WorldRefs) -> dict[str, Any]:
        values = setup(world)
        _northgate_leaves(world)
        return values

    return left


def _northgate_leaves(world: WorldRefs) -> dict[str, Any]:
    membership = db.session.get(ConsortiumMembership, (world.consortium.id, partner_id(world)))
    db.session.delete(membership)
    db.session.flush()
    return {}


def _with_note(how: str, *, by: str = "buyer_member") -> Any:
    """A note on the supplier by `by` (a WorldRefs user: Eastvale's member or admin, or
    Northgate's admin `consortium_member`)."""

    def setup(world: WorldRefs) -> dict[str, Any]:
        values = _supplier(world, how)
        author = db.session.get(User, getattr(world, by).id)
        assert author is not None and author.organisation_id is not None
        note = ConsortiumNote(
            consortium_id=world.consortium.id,
            supplier_id=values["shared"],
            organisation_id=author.organisation_id,
            author_id=author.id,
            body="Visited in May.",
        )
        db.session.add(note)
        db.session.flush()
        return {**values, "note": note.id}

    return setup


def _northgate_admin_too(world: WorldRefs) -> dict[str, Any]:
    membership = db.session.get(ConsortiumMembership, (world.consortium.id, partner_id(world)))
    assert membership is not None
    membership.is_admin = True
    db.session.flush()
    return {}


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
NOTES = f"{BASE}/suppliers/{{shared}}/notes"
NOTE = {"body": "Visited in May: the dormitories are locked at night."}
DELETE_NOTE = f"{BASE}/notes/{{note}}/delete"
# Admins of member organisations leave; a member organisation's other users may not.
LEAVERS_SEE = signed_in(404, member=403, admin=200, consortium_member=200, operator=403)
LEAVERS = signed_in(404, member=403, admin=302, consortium_member=302, operator=403)

MATRIX: dict[str, list[Case]] = {
    "consortia.suppliers": [
        Case("GET", f"{BASE}/suppliers", MEMBERS, setup=shared),
        # A list page answers whatever was shared; tests/consortia/test_directory.py checks
        # that the withdrawn, reopened and absent suppliers are not on it.
        Case("GET", f"{BASE}/suppliers", MEMBERS, setup=northgate),
        Case("GET", f"{BASE}/suppliers", MEMBERS, setup=withdrawn),
        Case("GET", f"{BASE}/suppliers", MEMBERS, setup=reopened),
        Case("GET", f"{BASE}/suppliers", MEMBERS, setup=absent),
        Case("GET", f"{BASE}/suppliers", EASTVALE, setup=_left(shared)),
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
        Case("GET", f"{BASE}/suppliers/{{shared}}", EASTVALE, setup=_left(shared)),
        Case("GET", f"{BASE}/suppliers/{{shared}}", NOBODY, setup=_left(northgate)),
    ],
    "consortia.compare_suppliers": [
        Case("GET", f"{BASE}/compare", MEMBERS),
        Case("GET", f"{BASE}/compare?{PAIR}", MEMBERS, setup=shared),
        Case("GET", f"{BASE}/compare?{PAIR}", NORTHGATE_ONLY, setup=northgate),
        Case("GET", f"{BASE}/compare?{PAIR}", NOBODY, setup=withdrawn),
        Case("GET", f"{BASE}/compare?{PAIR}", NOBODY, setup=absent),
        Case("GET", f"{BASE}/compare?{PAIR}", NOBODY, setup=reopened),
        Case("GET", f"{BASE}/compare?{PAIR}", EASTVALE, setup=_left(shared)),
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
        Case("GET", f"{BASE}/compare.csv?{PAIR}", NOBODY, setup=absent),
        Case("GET", f"{BASE}/compare.csv?{PAIR}", NOBODY, setup=reopened),
        Case("GET", f"{BASE}/compare.csv", BAD_INPUT),
    ],
    "consortia.compare_pdf": [
        Case("GET", f"{BASE}/compare.pdf?{PAIR}", MEMBERS, setup=shared),
        Case("GET", f"{BASE}/compare.pdf?{PAIR}", NORTHGATE_ONLY, setup=northgate),
        Case("GET", f"{BASE}/compare.pdf?{PAIR}", NOBODY, setup=withdrawn),
        Case("GET", f"{BASE}/compare.pdf?{PAIR}", NOBODY, setup=absent),
        Case("GET", f"{BASE}/compare.pdf?{PAIR}", NOBODY, setup=reopened),
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
        Case("GET", f"{BASE}/heatmap?questionnaire={{key}}", MEMBERS, setup=absent),
        Case("GET", f"{BASE}/heatmap?questionnaire={{key}}", EASTVALE, setup=_left(shared)),
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
        Case(
            "POST",
            f"{BASE}/actions/{{action}}/end-joint",
            NOBODY,
            setup=_with_action("never", joint=True),
        ),
    ],
    "consortia.share_finding": [
        Case(
            "POST",
            f"{BASE}/findings/{{finding}}/share",
            OWNER_ALONE,
            setup=_with_finding("consortium"),
        ),
        Case(
            "POST", f"{BASE}/findings/{{finding}}/share", NOBODY, setup=_with_finding("withdrawn")
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
        Case(
            "POST",
            f"{BASE}/findings/{{finding}}/unshare",
            NOBODY,
            setup=_with_finding("never", shared_with=True),
        ),
    ],
    "consortia.add_note": [
        Case("POST", NOTES, MEMBERS_ACT, NOTE, setup=shared),
        Case("POST", NOTES, NORTHGATE_ACTS, NOTE, setup=northgate),
        Case("POST", NOTES, NOBODY, NOTE, setup=withdrawn),
        Case("POST", NOTES, NOBODY, NOTE, setup=reopened),
        Case("POST", NOTES, NOBODY, NOTE, setup=absent),
        Case("POST", NOTES, OWNER_ALONE, NOTE, setup=_left(shared)),
        Case("POST", NOTES, BAD_INPUT, {"body": "   "}, setup=shared),
        Case("POST", NOTES, BAD_INPUT, {"body": "x" * 2001}, setup=shared),
        Case("POST", f"{BASE}/suppliers/{{buyer}}/notes", NOBODY, NOTE),
    ],
    "consortia.delete_note": [
        # The author; an admin of its organisation; the other member sees it but may not.
        Case("POST", DELETE_NOTE, OWNER_ACTS, setup=_with_note("consortium")),
        Case(
            "POST",
            DELETE_NOTE,
            signed_in(404, member=403, admin=302, consortium_member=403, operator=403),
            setup=_with_note("consortium", by="buyer_admin"),
        ),
        Case(
            "POST",
            DELETE_NOTE,
            signed_in(404, member=403, admin=403, consortium_member=302, operator=403),
            setup=_with_note("consortium", by="consortium_member"),
        ),
        Case("POST", DELETE_NOTE, NOBODY, setup=_with_note("withdrawn")),
        Case("POST", DELETE_NOTE, NOBODY, setup=_with_note("never")),
        # Northgate left: its note is off the page, and Northgate is out.
        Case(
            "POST",
            DELETE_NOTE,
            NOBODY,
            setup=_left(_with_note("consortium", by="consortium_member")),
        ),
        Case("POST", f"{BASE}/notes/999999/delete", NOBODY),
    ],
    "consortia.leave": [
        # Admins of member organisations; Eastvale is the only managing member (refused with a
        # message, a redirect), unless Northgate manages too.
        Case("GET", f"{BASE}/leave", LEAVERS_SEE),
        Case("POST", f"{BASE}/leave", LEAVERS),
        Case("POST", f"{BASE}/leave", LEAVERS, setup=_northgate_admin_too),
        Case("POST", f"{BASE}/leave", signed_in(404, member=403, admin=302, operator=403),
             setup=_northgate_leaves),
        Case("POST", "/consortia/999999/leave", signed_in(404)),
    ],
}
