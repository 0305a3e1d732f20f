"""The OCDS reader (pure): packages of both kinds and versions, and messy publications."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from portal.tenders import ocds
from tests.tenders.ocds_builders import (
    record_package,
    release_10,
    release_11,
    release_package,
)


@pytest.mark.parametrize(
    "package",
    [
        release_package(release_11()),
        record_package(release_11()),
        record_package(release_11(), compiled=False),
    ],
    ids=["release package", "record package", "record package without compiledRelease"],
)
def test_tidy_11_packages(package: dict) -> None:
    parsed = ocds.parse_package(package)
    assert parsed.version == "1.1" and parsed.skipped == ()
    (tender,) = parsed.tenders
    assert tender.ocid == "ocds-abc123-0001" and tender.reference == "EV-2024-017"
    assert tender.title == "Laptops for teaching rooms"
    assert tender.status == "complete" and tender.category_key == "ict-hardware"
    assert tender.value_amount == Decimal("450000.00") and tender.currency == "GBP"
    assert [s.name for s in tender.suppliers] == ["Brightline IT Ltd", "Northwind Computers Ltd"]
    assert tender.suppliers[0].key == ("GB-COH", "01234567")
    (contract,) = parsed.contracts
    assert contract.contract_id == "EV-2024-017-C1" and contract.award_id == "EV-2024-017-A1"
    assert contract.supplier.name == "Brightline IT Ltd"
    assert str(contract.start_date) == "2024-04-01"


@pytest.mark.parametrize("kind", ["release", "record"])
def test_10_packages(kind: str) -> None:
    build = release_package if kind == "release" else record_package
    parsed = ocds.parse_package(build(release_10(), version=None))
    assert parsed.version == "1.0" and parsed.skipped == ()
    (tender,) = parsed.tenders
    assert tender.category_key == "cleaning-services"
    (contract,) = parsed.contracts
    assert contract.supplier.key == ("GB-COH", "05550555")
    assert contract.title == "Cleaning of halls of residence"  # falls back to the tender's


def test_releases_of_one_ocid_are_merged_in_date_order() -> None:
    planning = {"ocid": "ocds-x-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
                "tender": {"id": "T1", "title": "Old title", "status": "active",
                           "value": {"amount": 10, "currency": "EUR"}}}
    award = {"ocid": "ocds-x-1", "id": "2", "date": "2024-03-01T00:00:00Z", "tag": ["award"],
             "tender": {"id": "T1", "title": "New title"},
             "awards": [{"id": 7, "status": "active",
                         "suppliers": [{"name": "Solaris Panels Europe"}]}]}
    parsed = ocds.parse_package(release_package(award, planning))
    (tender,) = parsed.tenders
    assert tender.title == "New title" and tender.value_amount == Decimal("10.00")
    assert tender.status == "awarded"
    (contract,) = parsed.contracts  # an award without a contract becomes one
    assert contract.contract_id is None and contract.award_id == "7"
    assert contract.supplier.key == ("", "solaris panels europe")


def test_messy_release_is_read_or_skipped_with_reasons() -> None:
    messy = {
        "ocid": 12345,  # an integer ocid
        "date": None,
        "tag": ["tender"],  # but it carries awards and contracts
        "parties": [{"id": 1, "name": "Meridian Workwear Ltd"}, {"id": None, "name": "Ghost"}],
        "tender": {"id": None, "title": None, "value": {"amount": "not a number"},
                   "tenderPeriod": {"startDate": "soon"}, "items": "none"},
        "awards": [
            {"id": 1, "status": None, "suppliers": [{"id": 1}, {"name": ""}, "oops"],
             "value": {"amount": 1e30, "currency": "pounds"}},
            {"id": None, "suppliers": [{"name": "Nobody"}]},
            {"id": 2, "status": "cancelled", "suppliers": [{"name": "Cancelled Ltd"}]},
            {"id": 3, "status": "active", "suppliers": [{"id": 99}]},
        ],
        "contracts": [
            {"id": 10, "awardID": 1, "value": {"amount": 5_000_000, "currency": "GBP"}},
            {"id": 11, "awardID": 404},
            {"id": 12, "awardID": 2},
            {"id": None, "awardID": 1},
            {"id": 10, "awardID": 1},
            {"id": 13},
        ],
    }
    parsed = ocds.parse_package(release_package(messy, {"no ocid": True}, "text"))
    (tender,) = parsed.tenders
    assert tender.ocid == "12345" and tender.reference == "12345"
    assert tender.title == "12345" and tender.value_amount is None and tender.start_date is None
    (contract,) = parsed.contracts
    assert contract.contract_id == "10" and contract.supplier.name == "Meridian Workwear Ltd"
    assert contract.value_amount == Decimal("5000000.00")  # far above the tender: kept as is
    reasons = [str(s) for s in parsed.skipped]
    expected = [
        "release 2: it has no ocid",
        "release 3: not an object",
        "a supplier has neither a name nor an identifier",
        "a supplier is not an object",
        "award 2 of 12345: it has no id",
        "award 2 of 12345: the award is cancelled",
        "supplier 99 names no party of the release",
        "contract 11 of 12345: its award 404 is not in the release",
        "contract 12 of 12345: its award 2 is cancelled or unsuccessful",
        "contract 4 of 12345: it has no id",
        "contract 10 of 12345: its id appears twice",
        "contract 13 of 12345: it names no award (awardID), so no supplier",
        "award 3 of 12345: it names no usable supplier",
    ]
    for reason in expected:
        assert any(reason in r for r in reasons), (reason, reasons)


def test_a_contract_holds_one_supplier() -> None:
    release = release_11()
    release["awards"][0]["suppliers"].append({"id": "GB-COH-07654321"})
    parsed = ocds.parse_package(release_package(release))
    (contract,) = parsed.contracts
    assert contract.supplier.name == "Brightline IT Ltd"
    assert any("Northwind Computers Ltd takes part in the tender" in s.reason
               for s in parsed.skipped)


def test_records_with_only_linked_releases_are_skipped() -> None:
    package = {"uri": "x", "publishedDate": "x", "version": "1.1", "records": [
        {"ocid": "ocds-l-1", "releases": [{"url": "https://example.org/r1.json",
                                           "date": "2024-01-01", "tag": ["tender"]}]},
        {"ocid": "ocds-l-1", "compiledRelease": release_11("ocds-l-1")},
    ]}
    parsed = ocds.parse_package(package)
    assert parsed.tenders == ()
    assert [str(s) for s in parsed.skipped] == [
        "record ocds-l-1: it has no compiled release and only linked releases",
        "record ocds-l-1: the ocid appears twice; the first record was used",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n", "not JSON"),
        (b'{"releases": [', "not JSON"),
        (b"[" * 100_000, "not"),
    ],
)
def test_not_json(data: bytes, message: str) -> None:
    with pytest.raises(ocds.NotOcds, match=message):
        ocds.parse_package(ocds.load_json(data))


@pytest.mark.parametrize(
    ("package", "message"),
    [
        ([1, 2, 3], "not an object"),
        ({"name": "a spreadsheet"}, "neither releases nor records"),
        (release_11(), "single release"),
        ({"version": "2.0", "releases": []}, "version '2.0' is not supported"),
    ],
)
def test_not_ocds(package: object, message: str) -> None:
    with pytest.raises(ocds.NotOcds, match=message):
        ocds.parse_package(package)


def test_ids_and_amounts() -> None:
    assert ocds.ident(7) == "7" and ocds.ident(7.0) == "7" and ocds.ident(" a ") == "a"
    assert ocds.ident(None) is None and ocds.ident(True) is None and ocds.ident("") is None
    assert ocds.ident(7.5) is None and ocds.ident("x" * 300) is None
    assert ocds.money({"amount": "12.345", "currency": "eur"}) == (Decimal("12.34"), "EUR")
    assert ocds.money({"amount": -1}) == (None, None)
    assert ocds.money({"amount": float("nan")})[0] is None
    assert ocds.money({"amount": json.loads("1e400")})[0] is None
    assert ocds.money("nothing") == (None, None)
