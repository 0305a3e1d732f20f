"""Every access rule of the portal, as named predicates over a user and an object.

Views load the object, ask one of these, then act. `require` turns a refusal into 404 when
the user may not even know the object exists, and into 403 when they may see it but not act.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import abort

from portal.organisations.models import Consortium, ConsortiumMembership, Organisation


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_operator(user: Any) -> bool:
    """The platform operator manages organisations and consortia."""
    return _signed_in(user) and bool(user.is_operator)


def belongs_to(user: Any, organisation: Organisation) -> bool:
    return _signed_in(user) and user.organisation_id == organisation.id


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    return belongs_to(user, organisation) or is_operator(user)


def can_manage_organisation(user: Any, organisation: Organisation) -> bool:
    """Invite and disable users, change roles, read the audit log."""
    return (belongs_to(user, organisation) and user.is_admin) or is_operator(user)


def is_buyer_user(user: Any) -> bool:
    return _signed_in(user) and user.organisation is not None and user.organisation.is_buyer


def is_supplier_user(user: Any) -> bool:
    return _signed_in(user) and user.organisation is not None and user.organisation.is_supplier


def consortium_membership(
    user: Any, memberships: list[ConsortiumMembership]
) -> ConsortiumMembership | None:
    """The user's organisation's membership among a consortium's memberships, if any."""
    if not _signed_in(user) or user.organisation_id is None:
        return None
    return next((m for m in memberships if m.organisation_id == user.organisation_id), None)


def can_view_consortium(
    user: Any, consortium: Consortium, memberships: list[ConsortiumMembership]
) -> bool:
    return is_operator(user) or consortium_membership(user, memberships) is not None


def can_manage_consortium(
    user: Any, consortium: Consortium, memberships: list[ConsortiumMembership]
) -> bool:
    """Operators, and admins of a member organisation that holds consortium-admin rights."""
    if is_operator(user):
        return True
    membership = consortium_membership(user, memberships)
    return membership is not None and membership.is_admin and bool(user.is_admin)


def can_leave_consortium(
    user: Any, consortium: Consortium, memberships: list[ConsortiumMembership]
) -> bool:
    """An admin of a member organisation takes it out of the consortium (the views refuse
    when it is the last managing member)."""
    return consortium_membership(user, memberships) is not None and bool(user.is_admin)


def require(allowed: bool, *, visible: bool = False) -> None:
    """Stop the request unless allowed: 403 if the user may see the object, else 404."""
    if not allowed:
        deny(visible=visible)


def deny(*, visible: bool = False) -> NoReturn:
    abort(403 if visible else 404)


# Requests and responses ---------------------------------------------------------------------
# The platform operator runs the portal but reads no supplier's answers.


def can_answer_request(user: Any, request: Any) -> bool:
    """Any user of the supplier organisation the request was issued to."""
    return _signed_in(user) and user.organisation_id == request.supplier_id


def can_review_request(user: Any, request: Any) -> bool:
    """Any user of the buyer organisation that issued the request."""
    return _signed_in(user) and user.organisation_id == request.buyer_id


def can_view_request(user: Any, request: Any) -> bool:
    return can_answer_request(user, request) or can_review_request(user, request)


def can_manage_requests(user: Any) -> bool:
    """Issue requests, create tenders and contracts, override, reopen: buyer users."""
    return is_buyer_user(user)


def can_read_response(user: Any, request: Any, *, submitted: bool, shared: bool) -> bool:
    """The two parties always; another buyer only a submitted response shared with it
    (directly or through one of its consortia), never a draft."""
    if can_view_request(user, request):
        return True
    return submitted and shared and is_buyer_user(user)


# Buyer's journey: tenders, contracts, submissions, actions, findings ----------------------------


def owns(user: Any, obj: Any) -> bool:
    """The user belongs to the buyer organisation that owns the tender, contract or finding."""
    return _signed_in(user) and user.organisation_id == obj.buyer_id


def can_manage_tenders(user: Any) -> bool:
    """Create tenders and contracts, import them, issue requests: any buyer user."""
    return is_buyer_user(user)


def can_manage_tender(user: Any, tender_or_contract: Any) -> bool:
    return is_buyer_user(user) and owns(user, tender_or_contract)


def can_view_risk_settings(user: Any) -> bool:
    return is_operator(user) or is_buyer_user(user)


def can_manage_risk_settings(user: Any) -> bool:
    """Edit the category list and import country risk: the platform operator only. The tables
    are platform-wide: one buyer's edit would re-rank every other buyer's gaps."""
    return is_operator(user)


def can_view_submission(user: Any, request: Any, *, submitted: bool, shared: bool) -> bool:
    """The issuing buyer; another buyer only a submitted response shared with it. Never the
    operator, and not the supplier (it has its own pages)."""
    if not is_buyer_user(user):
        return False
    return can_read_response(user, request, submitted=submitted, shared=shared)


def can_assess_submission(user: Any, request: Any) -> bool:
    """Override scores, reopen, turn gaps into actions: users of the issuing buyer."""
    return is_buyer_user(user) and can_review_request(user, request)


def can_view_action(
    user: Any, action: Any, consortium_ids: set[int] | frozenset[int] = frozenset()
) -> bool:
    """Both sides of a follow-up action; and, when the buyer made it joint in a consortium,
    every buyer of that consortium (they read and write its conversation)."""
    if not _signed_in(user):
        return False
    if user.organisation_id in (action.buyer_id, action.supplier_id):
        return True
    return bool(action.is_joint) and action.consortium_id in consortium_ids and is_buyer_user(user)


def is_action_buyer(user: Any, action: Any) -> bool:
    """Edit, verify and close: the buyer's side only."""
    return _signed_in(user) and user.organisation_id == action.buyer_id


def is_action_supplier(user: Any, action: Any) -> bool:
    """Reply, attach, mark in progress or resolved: the supplier's side."""
    return _signed_in(user) and user.organisation_id == action.supplier_id


def can_view_finding(user: Any, finding: Any, consortium_ids: set[int]) -> bool:
    """The buyer that recorded it, and members of the consortium it was shared with."""
    if not is_buyer_user(user):
        return False
    return owns(user, finding) or (
        finding.consortium_id is not None and finding.consortium_id in consortium_ids
    )


# Consortium results (issue 7) ----------------------------------------------------------------
# Members' users read what suppliers shared with the consortium, or with their own organisation;
# which responses that is, portal.consortia.queries.visible_responses decides, in SQL. The
# operator sees that a consortium exists (403 on its results) but reads no supplier's answers.


def can_read_consortium_results(
    user: Any, consortium: Consortium, memberships: list[ConsortiumMembership]
) -> bool:
    """Users of a member organisation: the supplier directory, comparisons, heatmaps."""
    return is_buyer_user(user) and consortium_membership(user, memberships) is not None


def can_view_consortium_supplier(
    user: Any, consortium: Consortium, memberships: list[ConsortiumMembership], *, shared: bool
) -> bool:
    """A member reads a supplier's page only when the supplier shared a submitted response
    with the consortium or with the member (`shared`, from visible_responses)."""
    return shared and can_read_consortium_results(user, consortium, memberships)


def can_share_with_consortium(
    user: Any, consortium: Consortium, memberships: list[ConsortiumMembership], owner_id: int
) -> bool:
    """A member's users make their own organisation's follow-up action joint, or share its
    finding, with the consortium (and take it back)."""
    return (
        can_read_consortium_results(user, consortium, memberships)
        and user.organisation_id == owner_id
    )


def can_add_consortium_note(
    user: Any, consortium: Consortium, memberships: list[ConsortiumMembership], *, shared: bool
) -> bool:
    """Members' users write notes on a supplier whose page they may read."""
    return can_view_consortium_supplier(user, consortium, memberships, shared=shared)


def can_delete_consortium_note(
    user: Any, consortium: Consortium, memberships: list[ConsortiumMembership], note: Any
) -> bool:
    """The note's author, or an admin of the author's organisation, while a member."""
    if not can_read_consortium_results(user, consortium, memberships):
        return False
    return note.author_id == user.id or (
        user.organisation_id == note.organisation_id and bool(user.is_admin)
    )
