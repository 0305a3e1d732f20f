"""Matrix rows of the buyer's journey: tenders, contracts, risk settings, imports, issuing,
review, follow-up actions, findings and reports.

Everything here belongs to world.buyer (its member and admin are the owners) and concerns
world.supplier; the other actors see nothing of it (404), except pages every buyer has of its
own (lists, new tender) and the risk settings, which buyer admins and operators may edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal.db import db, utcnow
from portal.findings.models import Finding, FindingKind
from portal.followup.models import ActionMessage, FollowUpAction
from portal.organisations.models import ConsortiumMembership
from portal.responses.models import Share
from tests.consortia.conftest import partner_id
from tests.factories import WorldRefs
from tests.matrix import Case, signed_in
from tests.review import helpers

OWNER = signed_in(404, member=200, admin=200)
OWNER_ACTS = signed_in(404, member=302, admin=302)
BUYERS = signed_in(200, other_supplier=404, operator=404)
BUYERS_ACT = signed_in(302, other_supplier=404, operator=404)
BUYERS_BAD_INPUT = signed_in(400, other_supplier=404, operator=404)
RISK_VIEW = signed_in(200, other_supplier=404)
# The tables are platform-wide: only the operator changes them; buyers (admins too) may not.
RISK_EDIT = signed_in(403, other_supplier=404, operator=302)
RISK_EDIT_BAD = signed_in(403, other_supplier=404, operator=400)
DUE = (dt.date.today() + dt.timedelta(days=20)).isoformat()


def _tender(world: WorldRefs) -> dict[str, Any]:
    return {"tender": helpers.tender(world.buyer.id, world.supplier.id).id,
            "version": helpers.published_version().id}


def _contract(world: WorldRefs) -> dict[str, Any]:
    values = _tender(world)
    values["contract"] = helpers.contract(world.buyer.id, world.supplier.id,
                                          tender_id=values["tender"]).id
    return values


def _issued(world: WorldRefs) -> dict[str, Any]:
    request = helpers.issued(world.buyer.id, world.supplier.id)
    return {"request": request.id}


def _submitted(world: WorldRefs) -> dict[str, Any]:
    return helpers.scored_submission(world)


def _shared_with_consortium(world: WorldRefs) -> dict[str, Any]:
    values = _submitted(world)
    db.session.add(Share(response_id=values["response"], consortium_id=world.consortium.id))
    return values


def _withdrawn_from_consortium(world: WorldRefs) -> dict[str, Any]:
    values = _submitted(world)
    db.session.add(Share(response_id=values["response"], consortium_id=world.consortium.id,
                         withdrawn_at=utcnow()))
    return values


def _shared_then_northgate_left(world: WorldRefs) -> dict[str, Any]:
    values = _shared_with_consortium(world)
    db.session.delete(
        db.session.get(ConsortiumMembership, (world.consortium.id, partner_id(world)))
    )
    return values


def _action(world: WorldRefs) -> dict[str, Any]:
    values = _submitted(world)
    action = FollowUpAction(buyer_id=world.buyer.id, supplier_id=world.supplier.id,
                            response_id=values["response"], question_id="forced_labour_policy",
                            title="Adopt a forced labour policy", severity="high",
                            created_by_id=world.buyer_member.id)
    db.session.add(action)
    db.session.flush()
    message = ActionMessage(action_id=action.id, author_id=world.buyer_member.id,
                            organisation_id=world.buyer.id, body="See the template.",
                            filename="template.txt", content_type="text/plain", size=5,
                            data=b"hello")
    db.session.add(message)
    db.session.flush()
    return {**values, "action": action.id, "message": message.id}


def _joint_action(world: WorldRefs) -> dict[str, Any]:
    values = _action(world)
    action = db.session.get(FollowUpAction, values["action"])
    assert action is not None
    action.is_joint, action.consortium_id = True, world.consortium.id
    return values


def _finding(world: WorldRefs, consortium: bool = False) -> dict[str, Any]:
    finding = Finding(buyer_id=world.buyer.id, supplier_id=world.supplier.id,
                      kind=FindingKind.SITE_VISIT, found_on=utcnow().date(),
                      source="Electronics Watch monitor", summary="Passports held by agents.",
                      consortium_id=world.consortium.id if consortium else None)
    db.session.add(finding)
    db.session.flush()
    return {"finding": finding.id}


TENDER_DATA = {"reference": "T-NEW", "title": "Cleaning services", "status": "active",
               "category_key": "cleaning-services"}
CONTRACT_DATA = {"reference": "C-NEW", "title": "Cleaning", "supplier_id": "{supplier}",
                 "status": "active", "tender_id": ""}
ISSUE_DATA = {"version_id": "{version}", "required_tier": "basic", "due_date": DUE,
              "suppliers-0-supplier_id": "{supplier}", "suppliers-0-include": "y",
              "suppliers-0-email": "contact@supplier.example"}
FINDING_DATA = {"supplier_id": "{supplier}", "kind": "audit", "found_on": "2024-02-01",
                "source": "Third-party audit", "summary": "Wages paid late.",
                "contradicts": "yes"}

MATRIX: dict[str, list[Case]] = {
    # Tenders and contracts
    "tenders.index": [Case("GET", "/tenders/?q=laptops&status=active", BUYERS)],
    "tenders.create": [
        Case("GET", "/tenders/new", BUYERS),
        Case("POST", "/tenders/new", BUYERS_ACT, TENDER_DATA),
    ],
    "tenders.show": [
        Case("GET", "/tenders/{tender}", OWNER, setup=_tender),
        Case("GET", "/tenders/999999", signed_in(404)),
    ],
    "tenders.edit": [
        Case("GET", "/tenders/{tender}/edit", OWNER, setup=_tender),
        Case("POST", "/tenders/{tender}/edit", OWNER_ACTS, TENDER_DATA, setup=_tender),
    ],
    "tenders.add_supplier": [
        Case("POST", "/tenders/{tender}/suppliers", OWNER_ACTS,
             {"supplier_id": "{other_supplier}"}, setup=_tender),
    ],
    "tenders.remove_supplier": [
        Case("POST", "/tenders/{tender}/suppliers/{supplier}/remove", OWNER_ACTS, setup=_tender),
    ],
    "tenders.award": [
        Case("POST", "/tenders/{tender}/award", OWNER_ACTS,
             {"supplier_id": "{supplier}", "reference": "C-100"}, setup=_tender),
    ],
    "tenders.contracts": [Case("GET", "/contracts/?status=active", BUYERS)],
    "tenders.create_contract": [
        Case("GET", "/contracts/new", BUYERS),
        Case("POST", "/contracts/new", BUYERS_ACT, CONTRACT_DATA),
    ],
    "tenders.contract": [Case("GET", "/contracts/{contract}", OWNER, setup=_contract)],
    "tenders.edit_contract": [
        Case("GET", "/contracts/{contract}/edit", OWNER, setup=_contract),
        Case("POST", "/contracts/{contract}/edit", OWNER_ACTS, CONTRACT_DATA, setup=_contract),
    ],
    # Risk settings: every buyer and the operator may look; only the operator changes them.
    "tenders.categories": [
        Case("GET", "/tenders/categories", RISK_VIEW),
        Case("POST", "/tenders/categories", RISK_EDIT,
             {"key": "toys", "name": "Toys and games", "risk": "medium"}),
    ],
    "tenders.country_risk": [
        Case("GET", "/tenders/country-risk", RISK_VIEW),
        Case("POST", "/tenders/country-risk", RISK_EDIT_BAD),  # no file: a clear error
    ],
    "tenders.import_ocds": [
        Case("GET", "/tenders/import", BUYERS),
        Case("POST", "/tenders/import", BUYERS_BAD_INPUT),  # no file
    ],
    # Issuing
    "requests.issue_for_tender": [
        Case("GET", "/requests/tender/{tender}/issue", OWNER, setup=_tender),
        Case("POST", "/requests/tender/{tender}/issue", OWNER_ACTS, ISSUE_DATA, setup=_tender),
    ],
    "requests.issue_for_contract": [
        Case("GET", "/requests/contract/{contract}/issue", OWNER, setup=_contract),
        Case("POST", "/requests/contract/{contract}/issue", OWNER_ACTS, ISSUE_DATA,
             setup=_contract),
    ],
    "requests.cancel": [Case("POST", "/requests/{request}/cancel", OWNER_ACTS, setup=_issued)],
    # Review
    "review.dashboard": [Case("GET", "/buyer/?status=submitted&severity=high", BUYERS)],
    "review.submission": [
        Case("GET", "/buyer/requests/{request}", OWNER, setup=_submitted),
        Case("GET", "/buyer/requests/{request}", OWNER, setup=_issued),
        # Shared with the consortium: its other member may read it.
        Case("GET", "/buyer/requests/{request}",
             signed_in(404, member=200, admin=200, consortium_member=200),
             setup=_shared_with_consortium),
        # Shared then withdrawn, never shared, or shared before the other member left.
        Case("GET", "/buyer/requests/{request}", OWNER, setup=_withdrawn_from_consortium),
        Case("GET", "/buyer/requests/{request}", OWNER, setup=_submitted),
        Case("GET", "/buyer/requests/{request}", OWNER, setup=_shared_then_northgate_left),
    ],
    "review.override": [
        Case("POST", "/buyer/requests/{request}/overrides", OWNER_ACTS,
             {"question_id": "weekly_hours", "outcome": "met", "reason": "Union audit."},
             setup=_submitted),
        Case("POST", "/buyer/requests/{request}/overrides",
             signed_in(404, member=302, admin=302, consortium_member=403),
             {"question_id": "weekly_hours", "outcome": "met", "reason": "Union audit."},
             setup=_shared_with_consortium),
    ],
    "review.withdraw_override": [
        Case("POST", "/buyer/requests/{request}/overrides/withdraw", OWNER_ACTS,
             {"question_id": "weekly_hours"}, setup=_submitted),
    ],
    "review.reopen": [
        Case("POST", "/buyer/requests/{request}/reopen", OWNER_ACTS,
             {"message": "Attach the policy."}, setup=_submitted),
    ],
    # Follow-up actions
    "followup.index": [Case("GET", "/actions/?status=open", signed_in(200, operator=404))],
    "followup.from_gap": [
        Case("POST", "/actions/from-gap/{request}", OWNER_ACTS,
             {"question_id": "forced_labour_policy", "owner_id": "", "due_date": DUE},
             setup=_submitted),
    ],
    "followup.from_gaps": [
        Case("POST", "/actions/from-gaps/{request}", OWNER_ACTS,
             {"min_severity": "medium", "owner_id": "", "due_date": DUE}, setup=_submitted),
    ],
    "followup.show": [
        Case("GET", "/actions/{action}", OWNER, setup=_action),
        # Joint in the consortium: its other member works on it too.
        Case("GET", "/actions/{action}", signed_in(404, member=200, admin=200,
                                                   consortium_member=200), setup=_joint_action),
    ],
    "followup.post_message": [
        Case("POST", "/actions/{action}/messages", OWNER_ACTS, {"body": "Any news?"},
             setup=_action),
        Case("POST", "/actions/{action}/messages",
             signed_in(404, member=302, admin=302, consortium_member=302),
             {"body": "We saw the same at our site visit."}, setup=_joint_action),
    ],
    "followup.change_status": [
        Case("POST", "/actions/{action}/status", OWNER_ACTS, {"status": "verified"},
             setup=_action),
        # Only the owning buyer verifies, even on a joint action.
        Case("POST", "/actions/{action}/status",
             signed_in(404, member=302, admin=302, consortium_member=403),
             {"status": "verified"}, setup=_joint_action),
    ],
    "followup.edit": [
        Case("POST", "/actions/{action}/edit", OWNER_ACTS,
             {"title": "Adopt and publish a policy", "owner_id": ""}, setup=_action),
        Case("POST", "/actions/{action}/edit",
             signed_in(404, member=302, admin=302, consortium_member=403),
             {"title": "Adopt and publish a policy", "owner_id": ""}, setup=_joint_action),
    ],
    "followup.download": [
        Case("GET", "/actions/{action}/files/{message}", OWNER, setup=_action),
    ],
    # Findings
    "findings.index": [Case("GET", "/findings/", BUYERS)],
    "findings.create": [
        Case("GET", "/findings/new", BUYERS),
        Case("GET", "/findings/new?request_id={request}", OWNER, setup=_submitted),
        Case("POST", "/findings/new", BUYERS_ACT, FINDING_DATA),
    ],
    "findings.show": [
        Case("GET", "/findings/{finding}", OWNER, setup=_finding),
        Case("GET", "/findings/{finding}",
             signed_in(404, member=200, admin=200, consortium_member=200),
             setup=lambda world: _finding(world, consortium=True)),
    ],
    # Reports
    "reports.assessment": [
        Case("GET", "/reports/requests/{request}.pdf", OWNER, setup=_submitted),
    ],
    "reports.export": [
        Case("GET", "/reports/exports/requests.csv", BUYERS),
        Case("GET", "/reports/exports/assessments.xlsx", BUYERS),
        Case("GET", "/reports/exports/actions.csv", BUYERS),
        Case("GET", "/reports/exports/secrets.csv", signed_in(404)),
    ],
}
