"""The consortium pages run a fixed number of statements, whatever the number of suppliers."""

from __future__ import annotations

from flask.testing import FlaskClient

from portal.db import db
from tests import factories
from tests.consortia import builders as b
from tests.consortia.conftest import partner_id
from tests.factories import WorldRefs, counting

CATEGORY = "medical-gloves-ppe"


def _populate(world: WorldRefs, count: int, start: int = 0) -> list[int]:
    """`count` suppliers that shared with the consortium, each with a contract, an action, a
    message and a contradicting finding, half on each version; their ids."""
    versions = b.publish()
    east, north, cons = world.buyer.id, partner_id(world), world.consortium.id
    ids = []
    for i in range(start, start + count):
        org = b.supplier(f"Glove maker {i:03d}", country="MY")
        version = versions["1.0" if i % 2 else "1.1"]
        answers = {**b.ALL_YES, "forced_labour": "no" if i % 3 else "yes"}
        response = b.submitted(east, org.id, version, answers, category=CATEGORY)
        b.share(response, consortium_id=cons)
        b.submitted(north, org.id, version, answers, contract_category=CATEGORY)
        b.action(north, org.id, messages=1, joint_in=cons)
        b.finding(north, org.id, consortium_id=cons, contradicts=("forced_labour",))
        ids.append(org.id)
    return ids


def _pages(consortium: int, first: list[int]) -> dict[str, str]:
    c, key = consortium, b.KEY
    return {
        "directory": f"/consortia/{c}/suppliers",
        "directory filtered": f"/consortia/{c}/suppliers?category={CATEGORY}&red_flags=yes",
        "compare category": f"/consortia/{c}/compare?questionnaire={key}&category={CATEGORY}",
        "compare picked": f"/consortia/{c}/compare?questionnaire={key}"
        + "".join(f"&supplier={i}" for i in first[:2]),
        "compare csv": f"/consortia/{c}/compare.csv?questionnaire={key}&category={CATEGORY}",
        "compare pdf": f"/consortia/{c}/compare.pdf?questionnaire={key}&category={CATEGORY}",
        "heatmap": f"/consortia/{c}/heatmap?questionnaire={key}&category={CATEGORY}",
        "supplier": f"/consortia/{c}/suppliers/{first[0]}",
    }


def _statements(client: FlaskClient, pages: dict[str, str]) -> dict[str, int]:
    found = {}
    for name, url in pages.items():
        with counting(client.application) as statements:
            response = client.get(url)
        assert response.status_code == 200, (name, response.get_data(as_text=True)[:2000])
        found[name] = len(statements)
    return found


def test_statement_counts_do_not_grow_with_suppliers(client: FlaskClient, world: WorldRefs) -> None:
    with client.application.app_context():
        first = _populate(world, 3)
        db.session.commit()
    factories.sign_in(client, world.buyer_admin.email)
    pages = _pages(world.consortium.id, first)
    three = _statements(client, pages)
    with client.application.app_context():
        _populate(world, 27, start=3)  # 30 in all
        db.session.commit()
    assert _statements(client, pages) == three
    # Every supplier counted: 30 in the heatmap, 30 columns in the category's comparison.
    body = client.get(pages["heatmap"]).get_data(as_text=True)
    assert "Based on 30 suppliers." in body
    assert client.get(pages["compare csv"]).get_data(as_text=True).splitlines()[0].count(",") == 30
