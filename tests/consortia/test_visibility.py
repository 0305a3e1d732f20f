"""Who sees what: the one visibility rule, and the latest shared assessment it leads to."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.assessments.services import current, scored
from portal.consortia import queries, scores
from portal.db import db, utcnow
from portal.organisations.models import ConsortiumMembership
from portal.questionnaires.services import get_version, publish_paths
from portal.requests.models import Request
from portal.responses.models import Response, Share
from tests import factories
from tests.consortia import builders as b
from tests.consortia.conftest import Scenario
from tests.factories import WorldRefs

SUPPLY_CHAIN = (
    Path(__file__).resolve().parents[1]
    / "questionnaires"
    / "fixtures"
    / "valid"
    / "supply-chain"
    / "1.0.yaml"
)


def _seen(scenario: Scenario, viewer: int) -> set[int]:
    rows = db.session.execute(queries.visible_responses(scenario.consortium, viewer)).all()
    return {row.supplier_id for row in rows}


def test_members_see_what_was_shared_with_the_consortium_or_with_them(
    app: Flask, scenario: Scenario
) -> None:
    with app.app_context():
        assert _seen(scenario, scenario.eastvale) == {scenario.alpha, scenario.beta}
        assert _seen(scenario, scenario.northgate) == {
            scenario.alpha,
            scenario.beta,
            scenario.gamma,
        }
        # A buyer outside the consortium sees nothing through it, shares or not.
        assert _seen(scenario, scenario.westshire) == set()


def test_a_withdrawn_share_removes_access_at_once(app: Flask, scenario: Scenario) -> None:
    with app.app_context():
        share = db.session.scalars(
            select(Share)
            .join(Response, Response.id == Share.response_id)
            .join(Request, Request.id == Response.request_id)
            .where(Request.supplier_id == scenario.alpha, Share.withdrawn_at.is_(None))
        ).one()
        share.withdrawn_at = utcnow()
        db.session.flush()
        assert _seen(scenario, scenario.eastvale) == {scenario.beta}


def test_leaving_the_consortium_removes_access(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    factories.sign_in(client, world.consortium_member.email)
    page = f"/consortia/{scenario.consortium}/suppliers/{scenario.beta}"
    assert client.get(page).status_code == 200
    with client.application.app_context():
        db.session.delete(
            db.session.get(ConsortiumMembership, (scenario.consortium, scenario.northgate))
        )
        db.session.commit()
        assert _seen(scenario, scenario.northgate) == set()
    assert client.get(page).status_code == 404
    assert client.get(f"/consortia/{scenario.consortium}/suppliers").status_code == 404
    # What was shared with Northgate directly stays out of the consortium's pages too.
    gamma = f"/consortia/{scenario.consortium}/suppliers/{scenario.gamma}"
    assert client.get(gamma).status_code == 404


def test_the_latest_shared_response_counts_per_questionnaire(
    app: Flask, world: WorldRefs, scenario: Scenario
) -> None:
    with app.app_context():
        v11 = scenario.versions["1.1"]
        # Alpha answers 1.1 later: shared, it replaces the 1.0 assessment ...
        newer = b.submitted(
            scenario.eastvale,
            scenario.alpha,
            v11,
            {**b.ALL_YES, "union_rights": "no"},
            when=b.at(100),
        )
        b.share(newer, consortium_id=scenario.consortium)
        # ... but a still later one that is not shared changes nothing.
        b.submitted(scenario.eastvale, scenario.alpha, v11, {}, when=b.at(200))
        found = queries.latest_of(
            scenario.consortium, scenario.eastvale, supplier_ids=[scenario.alpha]
        )
        assert [(r.key, r.version, r.rating, r.tier_attained) for r in found] == [
            (b.KEY, "1.1", "C", "below basic")  # union_rights (basic) not met: 2 of 3
        ]
        assert found[0].response_id == newer.id


@pytest.mark.parametrize(
    "answers",
    [
        {"forced_labour_policy": "no", "weekly_hours": 50},
        {
            "forced_labour_policy": "yes",
            "policy_scope": "tier1",
            "weekly_hours": 40,
            "audit_types": ["third_party"],
            "audit_findings": "None.",
        },
        {},
    ],
)
def test_section_sums_in_sql_agree_with_the_engine(
    app: Flask, world: WorldRefs, answers: dict[str, object]
) -> None:
    with app.app_context():
        if get_version("supply-chain", "1.0") is None:
            publish_paths([SUPPLY_CHAIN])
        version = get_version("supply-chain", "1.0")
        assert version is not None
        org = b.supplier()
        response = b.submitted(world.buyer.id, org.id, version.id, answers, tier="advanced")
        assert queries.latest_of(world.consortium.id, world.buyer.id) == []  # not shared
        stored = current(response.id)
        assert stored is not None
        engine = {s.section_id: s.percent for s in scored(stored).sections}
        sql = {s.section_id: s.percent for s in scores.section_sums([stored.id])}
        for section_id, percent in engine.items():
            if percent is None:
                assert sql.get(section_id) is None
            else:
                assert sql[section_id] == pytest.approx(percent)
