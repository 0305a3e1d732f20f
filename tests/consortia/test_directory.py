"""The supplier directory: what each line says, filters, pages, and bad filters."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from portal.consortia import directory
from portal.consortia.queries import Filters
from tests import factories
from tests.consortia import builders as b
from tests.consortia.conftest import Scenario
from tests.factories import WorldRefs


def _load(scenario: Scenario, viewer: int, page: int = 1, **filters: object) -> directory.Directory:
    return directory.load(scenario.consortium, viewer, Filters(**filters), page)  # type: ignore[arg-type]


def test_each_supplier_with_its_latest_assessment_members_actions_findings(
    app: Flask, scenario: Scenario
) -> None:
    with app.app_context():
        found = _load(scenario, scenario.eastvale)
        assert found.paging.total == 2
        alpha, beta = found.entries
        assert (alpha.supplier.name, beta.supplier.name) == ("Alpha Textiles", "Beta Garments")
        [a] = alpha.latest
        assert (a.key, a.version, a.category, a.tier_attained, a.rating, a.percent) == (
            b.KEY,
            "1.0",
            "textiles-uniforms",
            "advanced",
            "A",
            100.0,
        )
        [bb] = beta.latest
        # Beta: forced_labour "no" (high, red flag) and living_wage "no" (advanced: no gap at
        # the basic tier required): 2 of 4 points, 2 of 3 basic requirements met -> C.
        assert (bb.tier_attained, bb.rating, bb.percent, bb.red_flags) == (
            "below basic",
            "C",
            50.0,
            1,
        )
        assert (bb.gaps_critical, bb.gaps_high, bb.gaps_medium, bb.gaps_low) == (0, 1, 0, 0)
        # Who works with them: Eastvale asked both; Northgate asked Alpha under a contract.
        assert [(w.buyer_id, w.requests, w.contracts) for w in alpha.work] == sorted(
            [(scenario.eastvale, 1, 0), (scenario.northgate, 1, 1)]
        )
        assert [(w.buyer_id, w.requests, w.contracts) for w in beta.work] == [
            (scenario.eastvale, 1, 0)
        ]
        # Beta: Eastvale's open action counts, Northgate's closed one does not; Northgate's
        # finding shared with the consortium contradicts an answer.
        assert (beta.open_actions, beta.contradicting_findings) == (1, 1)
        assert (alpha.open_actions, alpha.contradicting_findings) == (0, 0)


def test_filters(app: Flask, scenario: Scenario) -> None:
    with app.app_context():

        def names(**filters: object) -> list[str]:
            return [e.supplier.name for e in _load(scenario, scenario.northgate, **filters).entries]

        assert names() == ["Alpha Textiles", "Beta Garments", "Gamma Electronics"]
        assert names(category="ict-hardware") == ["Gamma Electronics"]
        assert names(country="BD") == ["Alpha Textiles", "Beta Garments"]
        assert names(tier="below basic") == ["Beta Garments", "Gamma Electronics"]
        assert names(rating="A") == ["Alpha Textiles"]
        assert names(red_flags=True) == ["Beta Garments"]
        assert names(red_flags=False) == ["Alpha Textiles", "Gamma Electronics"]
        assert names(key="no-such-questionnaire") == []
        assert names(category="textiles-uniforms", rating="C") == ["Beta Garments"]


def test_pages_of_25(app: Flask, world: WorldRefs) -> None:
    with app.app_context():
        v10 = b.publish()["1.0"]
        for i in range(27):
            org = b.supplier(f"Supplier {i:02d}")
            b.share(
                b.submitted(world.buyer.id, org.id, v10, b.ALL_YES),
                consortium_id=world.consortium.id,
            )
        cons = world.consortium.id
        first = directory.load(cons, world.buyer.id, Filters(), 1)
        assert (first.paging.total, first.paging.pages, len(first.entries)) == (27, 2, 25)
        assert first.entries[0].supplier.name == "Supplier 00"
        second = directory.load(cons, world.buyer.id, Filters(), 2)
        assert [e.supplier.name for e in second.entries] == ["Supplier 25", "Supplier 26"]
        # Past the end: the last page.
        assert directory.load(cons, world.buyer.id, Filters(), 9).paging.page == 2
        assert directory.paging(0, 5).pages == 1


def test_directory_page(client: FlaskClient, world: WorldRefs, scenario: Scenario) -> None:
    factories.sign_in(client, world.buyer_member.email)
    base = f"/consortia/{scenario.consortium}/suppliers"
    body = client.get(base).get_data(as_text=True)
    assert "2 suppliers" in body and "Alpha Textiles" in body and "Beta Garments" in body
    # Nothing Eastvale was not given: Gamma went to Northgate, Delta's share was withdrawn,
    # Epsilon's response is reopened, Zeta never shared.
    for hidden in ("Gamma", "Delta", "Epsilon", "Zeta"):
        assert hidden not in body
    assert "Northgate Hospital: 1 request, 1 contract" in body
    filtered = client.get(f"{base}?red_flags=yes").get_data(as_text=True)
    assert "1 supplier" in filtered and "Alpha Textiles" not in filtered
    bad = client.get(f"{base}?category=nowhere&rating=Z")
    assert bad.status_code == 400
    assert "Not a valid choice" in bad.get_data(as_text=True)
    assert "Beta Garments" not in bad.get_data(as_text=True)


def test_directory_links_to_a_comparison(
    client: FlaskClient, world: WorldRefs, scenario: Scenario
) -> None:
    factories.sign_in(client, world.buyer_admin.email)
    body = client.get(f"/consortia/{scenario.consortium}").get_data(as_text=True)
    assert f"/consortia/{scenario.consortium}/suppliers" in body
    page = client.get(f"/consortia/{scenario.consortium}/suppliers").get_data(as_text=True)
    assert f'name="supplier" value="{scenario.alpha}"' in page
    assert f'action="/consortia/{scenario.consortium}/compare"' in page
