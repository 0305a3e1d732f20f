"""Matrix rows of the supplier's journey: invitations, answering, submission, sharing, files.

The matrix's owning organisation is a buyer (world.buyer), so its member and admin play the
issuing buyer here: they know the request exists (403 on the supplier's pages) and may read
the response. The request goes to world.other_supplier, whose admin is the answering actor.
"""

from __future__ import annotations

from typing import Any

from portal.auth.models import User
from portal.db import db
from portal.organisations.models import Consortium, ConsortiumMembership, Organisation
from portal.requests.models import Request
from portal.responses import evidence, services, sharing, starting, submission
from portal.responses.models import Share
from portal.responses.uploads import inspect_upload
from tests.factories import WorldRefs
from tests.matrix import Case, everyone, signed_in
from tests.responses.helpers import issue_request

UNANSWERED = "0:74234e98afe7498f"  # the token of a question never answered
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _actor(world: WorldRefs) -> User:
    user = db.session.get(User, world.other_supplier_admin.id)
    assert user is not None
    return user


def _issued(world: WorldRefs) -> dict[str, Any]:
    made = issue_request(world, supplier="other_supplier")
    return {"request": made.id, "token": made.token, "code": made.code}


def _started(world: WorldRefs, *, policy: str = "no", file: bool = False) -> dict[str, Any]:
    values = _issued(world)
    req = db.session.get(Request, values["request"])
    assert req is not None
    actor = _actor(world)
    response = starting.start(actor, req, language="en", reuse=None)
    services.set_answer_value(actor, response, "forced_labour_policy", policy)
    if file:
        accepted = inspect_upload("policy.pdf", PDF, max_bytes=10**6)
        values["file"] = evidence.add_file(actor, response, "policy_document", accepted, PDF).id
    values["response"] = response.id
    return values


def _submitted(world: WorldRefs, **kwargs: Any) -> dict[str, Any]:
    values = _started(world, **kwargs)
    actor = _actor(world)
    response = db.session.get(services.Response, values["response"])
    assert response is not None
    submission.submit(actor, response, services.state_of(response), language="en")
    values["question"] = "forced_labour_policy"  # "no": a gap with a recommendation
    return values


def _shared_with_other_buyer(world: WorldRefs) -> dict[str, Any]:
    values = _submitted(world, policy="yes", file=True)
    response = db.session.get(services.Response, values["response"])
    buyer = db.session.get(Organisation, world.other_buyer.id)
    assert response is not None and buyer is not None
    values["share"] = sharing.share(_actor(world), response, buyer=buyer).id
    return values


def _shared_with_consortium(world: WorldRefs) -> dict[str, Any]:
    values = _submitted(world, policy="yes", file=True)
    response = db.session.get(services.Response, values["response"])
    consortium = db.session.get(Consortium, world.consortium.id)
    assert response is not None and consortium is not None
    values["share"] = sharing.share(_actor(world), response, consortium=consortium).id
    return values


def _withdrawn_from_consortium(world: WorldRefs) -> dict[str, Any]:
    values = _shared_with_consortium(world)
    response = db.session.get(services.Response, values["response"])
    row = db.session.get(Share, values["share"])
    assert response is not None and row is not None
    sharing.withdraw(_actor(world), response, row)
    return values


def _not_shared(world: WorldRefs) -> dict[str, Any]:
    return _submitted(world, policy="yes", file=True)


def _shared_then_northgate_left(world: WorldRefs) -> dict[str, Any]:
    values = _shared_with_consortium(world)
    user = db.session.get(User, world.consortium_member.id)
    assert user is not None
    db.session.delete(
        db.session.get(ConsortiumMembership, (world.consortium.id, user.organisation_id))
    )
    return values


def _for_world_supplier(world: WorldRefs) -> dict[str, Any]:
    made = issue_request(world, supplier="supplier")
    return {"request": made.id, "token": made.token, "code": made.code}


# The supplier's pages: the answering supplier acts; the issuing buyer is refused (it knows the
# request); everyone else gets 404.
SUPPLIER_PAGE = signed_in(404, member=403, admin=403)
SUPPLIER_ONLY = signed_in(403, other_supplier=200)
# What both parties (and those it is shared with) may read.
PARTIES_READ = signed_in(404, member=200, admin=200, other_supplier=200)
REQUEST = "/supplier/requests/{request}"

MATRIX: dict[str, list[Case]] = {
    "responses.home": [Case("GET", "/supplier/", SUPPLIER_ONLY)],
    "responses.overview": [
        Case("GET", REQUEST, {**SUPPLIER_PAGE, "other_supplier": 200}, setup=_issued),
        Case("GET", REQUEST, {**SUPPLIER_PAGE, "other_supplier": 200}, setup=_submitted),
        Case("GET", "/supplier/requests/999999", signed_in(404)),
        # A request to another supplier: the other supplier cannot see it.
        Case("GET", REQUEST, SUPPLIER_PAGE, setup=_for_world_supplier),
    ],
    "responses.start_response": [
        Case("POST", REQUEST + "/start", {**SUPPLIER_PAGE, "other_supplier": 302}, setup=_issued),
    ],
    "responses.section": [
        Case("GET", REQUEST + "/sections/policy", {**SUPPLIER_PAGE, "other_supplier": 200},
             setup=_started),
        Case("GET", REQUEST + "/sections/nowhere", {**SUPPLIER_PAGE, "other_supplier": 404},
             setup=_started),
        Case(
            "POST",
            REQUEST + "/sections/wages",
            {**SUPPLIER_PAGE, "other_supplier": 302},
            {"q_weekly_hours": "40", "r_weekly_hours": UNANSWERED, "action": "later"},
            setup=_started,
        ),
        # A crafted POST to a submitted response changes nothing.
        Case(
            "POST",
            REQUEST + "/sections/wages",
            {**SUPPLIER_PAGE, "other_supplier": 409},
            {"q_weekly_hours": "40", "r_weekly_hours": UNANSWERED},
            setup=_submitted,
        ),
    ],
    "responses.autosave": [
        # Form data where JSON is expected: a 400 for the supplier; a 401 (JSON) when signed out.
        Case("POST", REQUEST + "/autosave",
             {**SUPPLIER_PAGE, "anonymous": 401, "other_supplier": 400},
             {"question": "weekly_hours"}, setup=_started),
    ],
    "responses.check": [
        Case("GET", REQUEST + "/check", {**SUPPLIER_PAGE, "other_supplier": 200},
             setup=_started),
    ],
    "responses.submit_response": [
        Case("POST", REQUEST + "/submit", {**SUPPLIER_PAGE, "other_supplier": 302},
             setup=_started),
        Case("POST", REQUEST + "/submit", {**SUPPLIER_PAGE, "other_supplier": 409},
             setup=_submitted),
    ],
    "responses.recommendations_page": [
        Case("GET", REQUEST + "/recommendations", {**SUPPLIER_PAGE, "other_supplier": 200},
             setup=_submitted),
    ],
    "responses.acknowledge_recommendation": [
        Case(
            "POST",
            REQUEST + "/recommendations/{question}",
            {**SUPPLIER_PAGE, "other_supplier": 302},
            {"ack-forced_labour_policy-decision": "declined",
             "ack-forced_labour_policy-explanation": "We do not employ anyone directly."},
            setup=_submitted,
        ),
        Case("POST", REQUEST + "/recommendations/no_such_question",
             {**SUPPLIER_PAGE, "other_supplier": 404}, setup=_submitted),
    ],
    "responses.sharing_page": [
        Case("GET", REQUEST + "/sharing", {**SUPPLIER_PAGE, "other_supplier": 200},
             setup=_submitted),
        Case(
            "POST",
            REQUEST + "/sharing",
            {**SUPPLIER_PAGE, "other_supplier": 302},
            {"audience": "buyer_name", "value": "Westshire Council"},
            setup=_submitted,
        ),
    ],
    "responses.withdraw_share": [
        Case("POST", REQUEST + "/sharing/{share}/withdraw",
             {**SUPPLIER_PAGE, "other_supplier": 302}, setup=_shared_with_other_buyer),
    ],
    "responses.questions_pdf": [
        Case("GET", REQUEST + "/questions.pdf", PARTIES_READ, setup=_issued),
    ],
    "responses.answers_pdf": [
        Case("GET", "/responses/{response}/answers.pdf", PARTIES_READ, setup=_started),
        Case("GET", "/responses/{response}/answers.pdf", {**PARTIES_READ, "other_buyer": 200},
             setup=_shared_with_other_buyer),
        Case("GET", "/responses/{response}/answers.pdf",
             {**PARTIES_READ, "consortium_member": 200}, setup=_shared_with_consortium),
        # Withdrawn, never shared, shared before Northgate left: the two parties only.
        Case("GET", "/responses/{response}/answers.pdf", PARTIES_READ,
             setup=_withdrawn_from_consortium),
        Case("GET", "/responses/{response}/answers.pdf", PARTIES_READ, setup=_not_shared),
        Case("GET", "/responses/{response}/answers.pdf", PARTIES_READ,
             setup=_shared_then_northgate_left),
    ],
    "responses.evidence_file": [
        # A draft is read by the two parties only.
        Case("GET", "/responses/{response}/evidence/{file}", PARTIES_READ,
             setup=lambda world: _started(world, policy="yes", file=True)),
        Case("GET", "/responses/{response}/evidence/{file}", {**PARTIES_READ, "other_buyer": 200},
             setup=_shared_with_other_buyer),
        Case("GET", "/responses/{response}/evidence/{file}",
             {**PARTIES_READ, "consortium_member": 200}, setup=_shared_with_consortium),
        Case("GET", "/responses/{response}/evidence/{file}", PARTIES_READ,
             setup=_withdrawn_from_consortium),
        Case("GET", "/responses/{response}/evidence/{file}", PARTIES_READ, setup=_not_shared),
        Case("GET", "/responses/{response}/evidence/{file}", PARTIES_READ,
             setup=_shared_then_northgate_left),
        Case("GET", "/responses/{response}/evidence/999999", signed_in(404), setup=_started),
    ],
    "invitations.enter_code": [
        Case("GET", "/invitations/code", SUPPLIER_ONLY),
        Case("POST", "/invitations/code", signed_in(403, other_supplier=302), {"code": "{code}"},
             setup=_issued),
        Case("POST", "/invitations/code", signed_in(403, other_supplier=400),
             {"code": "ZZZZ-ZZZZ"}),
        # Another supplier's code reveals nothing: the same answer as an unknown code.
        Case("POST", "/invitations/code", signed_in(403, other_supplier=400), {"code": "{code}"},
             setup=_for_world_supplier),
    ],
    "invitations.landing": [
        Case("GET", "/invitations/{token}", everyone(403, anonymous=200, other_supplier=302),
             setup=_issued),
        Case("GET", "/invitations/no-such-token", everyone(404)),
    ],
    "invitations.register": [
        Case("GET", "/invitations/{token}/register",
             everyone(403, anonymous=200, other_supplier=302), setup=_issued),
        Case(
            "POST",
            "/invitations/{token}/register",
            everyone(403, anonymous=302, other_supplier=302),
            {
                "name": "New Contact",
                "email": "new.contact@example.org",
                "password": "lantern-meadow-spindle",
                "confirm": "lantern-meadow-spindle",
            },
            setup=_issued,
        ),
        Case("POST", "/invitations/no-such-token/register", everyone(404), {"name": "x"}),
    ],
}
