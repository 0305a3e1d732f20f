"""Heatmap and benchmark on hand-checked numbers.

Five glove makers shared labour-check with the consortium (one point per requirement met),
a sixth (ICT) shared everything "no", a seventh glove maker withdrew its share:

| supplier | version | forced | child | living | grievance (1.0) / union (1.1) | points |
| --- | --- | --- | --- | --- | --- | --- |
| G1 | 1.0 | yes | yes | yes | yes | 4/4 100 % |
| G2 | 1.0 | no  | yes | no  | yes | 2/4  50 % |
| G3 | 1.1 | no  | no  | no  | yes | 1/4  25 % |
| G4 | 1.1 | yes | yes | no  | no  | 2/4  50 % |
| G5 | 1.0 | yes | yes | yes | no  | 3/4  75 % |
| X (ICT) | 1.0 | no | no | no | no | 0/4 0 % |
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.consortia import analysis, profile, queries
from portal.db import db
from tests import factories
from tests.consortia import builders as b
from tests.factories import WorldRefs

GLOVES = "medical-gloves-ppe"
Y, N = "yes", "no"
ROWS = {
    "G1": ("1.0", Y, Y, Y, Y),
    "G2": ("1.0", N, Y, N, Y),
    "G3": ("1.1", N, N, N, Y),
    "G4": ("1.1", Y, Y, N, N),
    "G5": ("1.0", Y, Y, Y, N),
}


@dataclass(frozen=True)
class Gloves:
    consortium: int
    viewer: int
    ids: dict[str, int]


@pytest.fixture
def gloves(app: Flask, world: WorldRefs) -> Gloves:
    with app.app_context():
        versions = b.publish()
        cons, east = world.consortium.id, world.buyer.id
        ids = {}
        for name, (version, forced, child, living, last) in ROWS.items():
            org = b.supplier(name)
            answers = {
                "forced_labour": forced,
                "child_labour": child,
                "living_wage": living,
                "grievance": last,
                "union_rights": last,
            }
            b.share(
                b.submitted(east, org.id, versions[version], answers, category=GLOVES),
                consortium_id=cons,
            )
            ids[name] = org.id
        ict = b.supplier("X")
        nothing = dict.fromkeys(b.ALL_YES, N)
        b.share(
            b.submitted(east, ict.id, versions["1.0"], nothing, category="ict-hardware"),
            consortium_id=cons,
        )
        ids["X"] = ict.id
        gone = b.supplier("Withdrawn gloves")
        b.share(
            b.submitted(east, gone.id, versions["1.0"], nothing, category=GLOVES),
            consortium_id=cons,
            withdrawn=True,
        )
        db.session.commit()
        return Gloves(cons, east, ids)


def test_heatmap_of_a_category(app: Flask, gloves: Gloves) -> None:
    with app.app_context():
        found = analysis.category_heatmap(gloves.consortium, gloves.viewer, b.KEY, GLOVES, "en")
    assert found.suppliers == 5
    rows = {r.question_id: (r.met, r.applicable, r.level) for s in found.sections for r in s.rows}
    assert rows == {
        "forced_labour": (3, 5, 3),  # 60 %
        "child_labour": (4, 5, 4),  # 80 %
        "living_wage": (2, 5, 2),  # 40 %
        "grievance": (2, 3, 3),  # 1.0 only: 67 %
        "union_rights": (1, 2, 2),  # 1.1 only: 50 %
    }
    policy, wages = found.sections
    assert (policy.met, policy.applicable, policy.share) == (7, 10, 70.0)
    assert (wages.met, wages.applicable, wages.share) == (5, 10, 50.0)
    # Aligned across versions: 1.0's grievance after living_wage, then 1.1's union_rights.
    assert [r.question_id for r in wages.rows] == ["living_wage", "grievance", "union_rights"]
    assert [r.question_id for r in found.weakest] == [
        "living_wage",
        "union_rights",
        "forced_labour",
        "grievance",
        "child_labour",
    ]


def test_heatmap_of_every_category(app: Flask, gloves: Gloves) -> None:
    with app.app_context():
        found = analysis.category_heatmap(gloves.consortium, gloves.viewer, b.KEY, None, "en")
    assert found.suppliers == 6
    rows = {r.question_id: (r.met, r.applicable) for s in found.sections for r in s.rows}
    assert rows["forced_labour"] == (3, 6) and rows["grievance"] == (2, 4)


def test_heatmap_page(client: FlaskClient, world: WorldRefs, gloves: Gloves) -> None:
    factories.sign_in(client, world.consortium_member.email)
    url = f"/consortia/{gloves.consortium}/heatmap?questionnaire={b.KEY}&category={GLOVES}"
    body = client.get(url).get_data(as_text=True)
    assert "Based on 5 suppliers." in body
    assert "Medical gloves and PPE" in body

    def cell(question_id: str) -> tuple[str, str]:
        match = re.search(
            rf"\({question_id}\)</span></th>\s*<td class=\"number heat heat-(\d)\">([^<]+)</td>",
            body,
        )
        assert match, question_id
        return match.group(1), match.group(2).strip()

    assert cell("forced_labour") == ("3", "60 %")
    assert cell("living_wage") == ("2", "40 %")
    assert cell("grievance") == ("3", "67 %")
    assert "Do you pay a living wage? – 2 of 5 suppliers meet it (40 %)" in body
    empty = client.get(
        f"/consortia/{gloves.consortium}/heatmap?questionnaire={b.KEY}&category=solar-panels"
    )
    assert empty.status_code == 200 and "No supplier of this category" in empty.get_data(
        as_text=True
    )


def test_benchmark(app: Flask, gloves: Gloves) -> None:
    with app.app_context():
        [supplier] = queries.visible_suppliers(gloves.consortium, gloves.viewer, [gloves.ids["G4"]])
        found = profile.load(gloves.consortium, gloves.viewer, supplier, "en")
    [assessed] = found.assessed
    bench = assessed.benchmark
    # G4 scores 50 %; peers 100, 50, 25, 75 (gloves) and 0 (ICT): 2 lower, 1 level.
    assert (bench.overall.peers, bench.overall.lower, bench.overall.ties) == (5, 2, 1)
    assert bench.overall.percentile == 50.0
    # Among glove makers only (100, 50, 25, 75): 1 lower, 1 level -> 1.5 / 4.
    assert bench.category is not None and bench.category.percentile == 37.5
    policy, wages = bench.sections
    # Policy 100 %: peers 100, 50, 0, 100 and 0 -> 3 lower, 2 level -> 4 / 5.
    assert (policy.section_id, policy.overall.score, policy.overall.percentile) == (
        "policy",
        100.0,
        80.0,
    )
    assert policy.category is not None and policy.category.percentile == 75.0
    # Wages 0 %: peers 100, 50, 50, 50 and 0 -> 0 lower, 1 level -> 0.5 / 5.
    assert (wages.overall.score, wages.overall.percentile) == (0.0, 10.0)
    assert wages.category is not None and wages.category.percentile == 0.0
    assert assessed.category == "Medical gloves and PPE"


def test_benchmark_on_the_supplier_page(
    client: FlaskClient, world: WorldRefs, gloves: Gloves
) -> None:
    factories.sign_in(client, world.buyer_member.email)
    body = client.get(f"/consortia/{gloves.consortium}/suppliers/{gloves.ids['G4']}").get_data(
        as_text=True
    )
    assert re.search(r"Overall</th><td>50 %</td><td>50 <span class=\"muted\">\(of 5 peers\)", body)
    assert "share of the other suppliers in the consortium scoring lower" in body
