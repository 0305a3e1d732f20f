"""A consortium's suppliers with hand-checkable results (labour-check: every requirement is a
yes/no worth one point; basic: forced_labour, child_labour, and grievance (1.0) or
union_rights (1.1); advanced: living_wage).

The world's consortium has two members: Eastvale University (world.buyer, consortium admin)
and Northgate Hospital (world.consortium_member's organisation). What each supplier shared:

| supplier | category | version | answers "no" to | shared with | points | rating | tier |
| --- | --- | --- | --- | --- | --- | --- | --- |
| Alpha Textiles | textiles | 1.0 | - | consortium | 4/4 | A | advanced |
| Beta Garments | textiles | 1.0 | forced_labour, living_wage | consortium | 2/4 | C | below |
| Gamma Electronics | ict | 1.1 | child_labour | Northgate only | 3/4 | C | below |
| Delta Uniforms | textiles | 1.1 | living_wage | consortium, withdrawn | 3/4 | A | basic |
| Epsilon Foods | food | 1.0 | - | consortium, but reopened | | | |
| Zeta Cleaning | cleaning | 1.0 | - | nobody | | | |

(textiles: textiles-uniforms, from the request's tender; below: below basic.)
So Eastvale sees Alpha and Beta; Northgate sees Alpha, Beta and Gamma.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from portal.auth.models import User
from portal.db import db
from portal.followup.models import ActionStatus
from portal.responses.models import ResponseStatus
from tests.consortia import builders as b
from tests.factories import WorldRefs


@dataclass(frozen=True)
class Scenario:
    consortium: int
    eastvale: int
    northgate: int
    westshire: int
    alpha: int
    beta: int
    gamma: int
    delta: int
    epsilon: int
    zeta: int
    versions: dict[str, int]
    eastvale_action: int
    northgate_action: int
    northgate_finding: int
    eastvale_finding: int


def partner_id(world: WorldRefs) -> int:
    user = db.session.get(User, world.consortium_member.id)
    assert user is not None and user.organisation_id is not None
    return user.organisation_id


def build(world: WorldRefs) -> Scenario:
    """Needs an app context; the caller commits."""
    versions = b.publish()
    east, north, cons = world.buyer.id, partner_id(world), world.consortium.id
    v10, v11 = versions["1.0"], versions["1.1"]
    alpha = b.supplier("Alpha Textiles", country="BD", line="Garment maker")
    beta = b.supplier("Beta Garments", country="BD")
    gamma = b.supplier("Gamma Electronics", country="CN")
    delta = b.supplier("Delta Uniforms", country="GB")
    epsilon = b.supplier("Epsilon Foods", country="GB")
    zeta = b.supplier("Zeta Cleaning", country="GB")
    textiles = "textiles-uniforms"
    r = b.submitted(east, alpha.id, v10, b.ALL_YES, category=textiles)
    b.share(r, consortium_id=cons)
    r = b.submitted(
        east,
        beta.id,
        v10,
        {**b.ALL_YES, "forced_labour": "no", "living_wage": "no"},
        category=textiles,
    )
    b.share(r, consortium_id=cons)
    r = b.submitted(
        east, gamma.id, v11, {**b.ALL_YES, "child_labour": "no"}, category="ict-hardware"
    )
    b.share(r, buyer_id=north)
    r = b.submitted(north, delta.id, v11, {**b.ALL_YES, "living_wage": "no"}, category=textiles)
    b.share(r, consortium_id=cons, withdrawn=True)
    r = b.submitted(
        east,
        epsilon.id,
        v10,
        b.ALL_YES,
        category="food-agriculture",
        status=ResponseStatus.REOPENED,
    )
    b.share(r, consortium_id=cons)
    b.submitted(east, zeta.id, v10, b.ALL_YES, category="cleaning-services")
    # Northgate holds a contract with Alpha; actions and findings on Beta.
    b.submitted(north, alpha.id, v10, b.ALL_YES, contract_category=textiles, when=b.at(-30))
    east_action = b.action(east, beta.id, messages=2)
    north_action = b.action(
        north, beta.id, "Verify the policy", status=ActionStatus.CLOSED, messages=1
    )
    north_finding = b.finding(north, beta.id, consortium_id=cons, contradicts=("forced_labour",))
    east_finding = b.finding(east, alpha.id, summary="Visit found nothing of concern.")
    return Scenario(
        consortium=cons,
        eastvale=east,
        northgate=north,
        westshire=world.other_buyer.id,
        alpha=alpha.id,
        beta=beta.id,
        gamma=gamma.id,
        delta=delta.id,
        epsilon=epsilon.id,
        zeta=zeta.id,
        versions=versions,
        eastvale_action=east_action.id,
        northgate_action=north_action.id,
        northgate_finding=north_finding.id,
        eastvale_finding=east_finding.id,
    )


@pytest.fixture
def scenario(app: Flask, world: WorldRefs) -> Scenario:
    with app.app_context():
        built = build(world)
        db.session.commit()
        return built
