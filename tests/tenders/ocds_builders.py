"""OCDS packages built in the tests: release and record packages, 1.0 and 1.1, tidy or messy."""

from __future__ import annotations

import copy
import json
from typing import Any

URI = "https://example.org/ocds/package.json"
PUBLISHED = "2024-06-01T00:00:00Z"
PUBLISHER = {"name": "Eastvale University procurement"}


def party(pid: Any, name: str, scheme: str | None = "GB-COH", number: Any = None,
          roles: tuple[str, ...] = ("supplier",)) -> dict[str, Any]:
    data: dict[str, Any] = {"id": pid, "name": name, "roles": list(roles)}
    if scheme and number is not None:
        data["identifier"] = {"scheme": scheme, "id": number}
    return data


def release_11(ocid: str = "ocds-abc123-0001", *, date: str = "2024-05-01T00:00:00Z",
               tag: tuple[str, ...] = ("tender", "award", "contract")) -> dict[str, Any]:
    """A tidy OCDS 1.1 release: a tender with two bidders, one award, one contract."""
    return {
        "ocid": ocid,
        "id": f"{ocid}-r1",
        "date": date,
        "tag": list(tag),
        "initiationType": "tender",
        "parties": [
            party("GB-EDU-1", "Eastvale University", scheme=None, roles=("buyer",)),
            party("GB-COH-01234567", "Brightline IT Ltd", number="01234567"),
            party("GB-COH-07654321", "Northwind Computers Ltd", number="07654321"),
        ],
        "buyer": {"id": "GB-EDU-1", "name": "Eastvale University"},
        "tender": {
            "id": "EV-2024-017",
            "title": "Laptops for teaching rooms",
            "description": "300 laptops with three years' support.",
            "status": "complete",
            "value": {"amount": 450000, "currency": "GBP"},
            "tenderPeriod": {"startDate": "2024-01-10T00:00:00Z",
                             "endDate": "2024-02-20T12:00:00Z"},
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "30213100"}}],
            "tenderers": [{"id": "GB-COH-01234567", "name": "Brightline IT Ltd"},
                          {"id": "GB-COH-07654321", "name": "Northwind Computers Ltd"}],
        },
        "awards": [{
            "id": "EV-2024-017-A1",
            "status": "active",
            "title": "Laptops lot 1",
            "value": {"amount": 432000, "currency": "GBP"},
            "suppliers": [{"id": "GB-COH-01234567", "name": "Brightline IT Ltd"}],
            "contractPeriod": {"startDate": "2024-04-01T00:00:00Z",
                               "endDate": "2027-03-31T00:00:00Z"},
        }],
        "contracts": [{
            "id": "EV-2024-017-C1",
            "awardID": "EV-2024-017-A1",
            "title": "Laptop supply and support",
            "status": "active",
            "value": {"amount": 432000, "currency": "GBP"},
            "period": {"startDate": "2024-04-01T00:00:00Z", "endDate": "2027-03-31T00:00:00Z"},
        }],
    }


def release_10(ocid: str = "ocds-old-0001") -> dict[str, Any]:
    """The same in OCDS 1.0's shape: full organisation objects, no parties, no version."""
    return {
        "ocid": ocid,
        "id": f"{ocid}-r1",
        "date": "2015-03-01T00:00:00Z",
        "tag": ["tender", "award", "contract"],
        "initiationType": "tender",
        "buyer": {"identifier": {"scheme": "GB-EDU", "id": "1"}, "name": "Eastvale University"},
        "tender": {
            "id": "EV-2015-003",
            "title": "Cleaning of halls of residence",
            "status": "complete",
            "value": {"amount": 90000, "currency": "GBP"},
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "90911200"}}],
            "tenderers": [{"identifier": {"scheme": "GB-COH", "id": "05550555"},
                           "name": "CleanCity Facilities Services"}],
        },
        "awards": [{
            "id": "A1",
            "status": "active",
            "suppliers": [{"identifier": {"scheme": "GB-COH", "id": "05550555"},
                           "name": "CleanCity Facilities Services"}],
        }],
        "contracts": [{"id": "C1", "awardID": "A1", "status": "active",
                       "value": {"amount": 88000, "currency": "GBP"}}],
    }


def release_package(*releases: dict[str, Any], version: str | None = "1.1") -> dict[str, Any]:
    package: dict[str, Any] = {"uri": URI, "publishedDate": PUBLISHED, "publisher": PUBLISHER,
                               "releases": [copy.deepcopy(r) for r in releases]}
    if version is not None:
        package["version"] = version
    return package


def record_package(*releases: dict[str, Any], version: str | None = "1.1",
                   compiled: bool = True) -> dict[str, Any]:
    """A record per ocid: the compiled release, or only the embedded releases."""
    records = []
    for release in releases:
        record: dict[str, Any] = {"ocid": release["ocid"],
                                  "releases": [copy.deepcopy(release)]}
        if compiled:
            record["compiledRelease"] = copy.deepcopy(release)
        records.append(record)
    package: dict[str, Any] = {"uri": URI, "publishedDate": PUBLISHED, "publisher": PUBLISHER,
                               "records": records}
    if version is not None:
        package["version"] = version
    return package


def dump(package: Any) -> bytes:
    return json.dumps(package).encode()
