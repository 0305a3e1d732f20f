"""Reading Open Contracting (OCDS 1.0 and 1.1) release and record packages (pure).

Plain data in (the parsed JSON), plain records out: the tenders, contracts and suppliers a
package describes, and every item skipped with the reason. Real publications are messy, so
nothing here trusts the data: ids may be strings, integers or null; optional fields may be
missing or of the wrong type; releases tagged `tender` may carry awards (tags are ignored:
what is there is read). Several releases of one `ocid` are merged in date order (a simplified
OCDS merge: objects merge by field, arrays of objects by `id`, null removes), and a record's
`compiledRelease` is used when it has one.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

VERSIONS = ("1.0", "1.1")
MAX_AMOUNT = Decimal(10) ** 16  # what Numeric(18, 2) holds

TENDER_STATUS = {
    "planning": "planning",
    "planned": "planning",
    "active": "active",
    "complete": "complete",
    "cancelled": "cancelled",
    "unsuccessful": "cancelled",
    "withdrawn": "cancelled",
}
CONTRACT_STATUS = {
    "pending": "pending",
    "active": "active",
    "cancelled": "terminated",
    "terminated": "terminated",
}
DEAD_AWARDS = ("cancelled", "unsuccessful")

# CPV code prefixes -> the portal's default category keys (the longest prefix wins).
CPV_CATEGORIES = {
    "302": "ict-hardware",
    "32": "ict-hardware",
    "301": "office-supplies",
    "30192": "office-supplies",
    "18": "textiles-uniforms",
    "19": "textiles-uniforms",
    "18424": "medical-gloves-ppe",
    "18143": "medical-gloves-ppe",
    "33141420": "medical-gloves-ppe",
    "35113": "medical-gloves-ppe",
    "09331": "solar-panels",
    "03": "food-agriculture",
    "15": "food-agriculture",
    "44": "construction",
    "45": "construction",
    "9091": "cleaning-services",
    "7971": "security-services",
    "39": "furniture",
    "33": "medical-devices",
    "34": "vehicles-fleet",
    "555": "catering-services",
    "48": "software-services",
    "72": "software-services",
    "79": "professional-services",
}


class NotOcds(ValueError):
    """The data is not an OCDS release or record package; the message says what it is."""


@dataclass(frozen=True)
class Supplier:
    """A supplier as the package names it; keyed by its identifier, else its name."""

    name: str
    scheme: str | None = None
    identifier: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        if self.scheme and self.identifier:
            return (self.scheme, self.identifier)
        return ("", self.name.casefold())


@dataclass(frozen=True)
class TenderRecord:
    ocid: str
    tender_id: str | None
    title: str
    description: str
    status: str
    value_amount: Decimal | None
    currency: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    category_key: str | None
    suppliers: tuple[Supplier, ...]

    @property
    def reference(self) -> str:
        return self.tender_id or self.ocid


@dataclass(frozen=True)
class ContractRecord:
    ocid: str
    contract_id: str | None
    award_id: str | None
    title: str
    status: str
    value_amount: Decimal | None
    currency: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    supplier: Supplier
    reference: str


@dataclass(frozen=True)
class Skipped:
    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"


@dataclass(frozen=True)
class Parsed:
    kind: str
    version: str
    tenders: tuple[TenderRecord, ...] = ()
    contracts: tuple[ContractRecord, ...] = ()
    skipped: tuple[Skipped, ...] = ()


# Plain values ---------------------------------------------------------------------------------


def load_json(data: bytes) -> Any:
    """The JSON in `data`, or NotOcds saying it is not JSON."""
    try:
        return json.loads(data)
    except RecursionError:
        raise NotOcds("The file is not usable JSON: it is nested too deeply.") from None
    except UnicodeDecodeError:
        raise NotOcds("The file is not JSON: it is not UTF-8 text.") from None
    except ValueError as error:
        raise NotOcds(f"The file is not JSON: {error}.") from None


def ident(value: object, limit: int = 200) -> str | None:
    """An OCDS id as text: strings and integers are ids; null, blanks and others are not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    return text if text and len(text) <= limit else None


def text(value: object, limit: int | None = None) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    result = " ".join(str(value).split())
    return result[:limit] if limit else result


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def day(value: object) -> dt.date | None:
    """The date of an OCDS date-time ("2024-03-01T00:00:00Z"), or None if it is not one."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def money(value: object) -> tuple[Decimal | None, str | None]:
    """(amount, currency) of an OCDS Value; None for what is missing, negative or too big."""
    data = _obj(value)
    raw = data.get("amount")
    amount: Decimal | None = None
    if not isinstance(raw, bool) and isinstance(raw, int | float | str):
        try:
            amount = Decimal(str(raw).strip()).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            amount = None
        if amount is not None and (not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT):
            amount = None
    currency = text(data.get("currency")).upper()
    return amount, (currency if len(currency) == 3 and currency.isalpha() else None)


def category_of(tender: Mapping[str, Any]) -> str | None:
    """The portal category of the tender's items, from their CPV classification."""
    codes = []
    for item in _list(tender.get("items")):
        classification = _obj(_obj(item).get("classification"))
        scheme = text(classification.get("scheme")).upper()
        code = ident(classification.get("id"))
        if code and scheme in ("CPV", ""):
            codes.append(code.split("-")[0])
    for code in codes:
        for length in range(len(code), 1, -1):
            if code[:length] in CPV_CATEGORIES:
                return CPV_CATEGORIES[code[:length]]
    return None


# Merging releases -----------------------------------------------------------------------------


def _merge(base: dict[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in new.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _merge(base[key], value)
        elif (
            isinstance(value, list)
            and isinstance(base.get(key), list)
            and value
            and all(isinstance(v, dict) and ident(v.get("id")) for v in value)
        ):
            items = {ident(v.get("id")): v for v in base[key] if isinstance(v, dict)}
            order = [ident(v.get("id")) for v in base[key] if isinstance(v, dict)]
            for item in value:
                item_id = ident(item.get("id"))
                if item_id in items:
                    items[item_id] = _merge(items[item_id], item)
                else:
                    items[item_id] = copy.deepcopy(item)
                    order.append(item_id)
            base[key] = [items[i] for i in order]
        else:
            base[key] = copy.deepcopy(value)
    return base


def compile_releases(releases: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One release from several of the same ocid, later ones (by date) overriding earlier."""
    ordered = sorted(releases, key=lambda r: text(r.get("date")))
    merged: dict[str, Any] = {}
    for release in ordered:
        _merge(merged, release)
    return merged


# The package ----------------------------------------------------------------------------------


def _version(package: Mapping[str, Any]) -> str:
    raw = package.get("version", "1.0")
    version = text(raw)
    if version not in VERSIONS:
        raise NotOcds(f"OCDS version {version or raw!r} is not supported; 1.0 and 1.1 are.")
    return version


def compiled_releases(
    package: object,
) -> tuple[str, str, list[tuple[str, dict[str, Any]]], list[Skipped]]:
    """(kind, version, [(ocid, compiled release)], skipped) of a release or record package."""
    if not isinstance(package, dict):
        raise NotOcds("The file is JSON but not an OCDS package: it is not an object.")
    skipped: list[Skipped] = []
    if isinstance(package.get("releases"), list):
        version = _version(package)
        groups: dict[str, list[dict[str, Any]]] = {}
        for number, release in enumerate(package["releases"], start=1):
            if not isinstance(release, dict):
                skipped.append(Skipped(f"release {number}", "not an object"))
                continue
            ocid = ident(release.get("ocid"))
            if ocid is None:
                skipped.append(Skipped(f"release {number}", "it has no ocid"))
                continue
            groups.setdefault(ocid, []).append(release)
        compiled = [(ocid, compile_releases(group)) for ocid, group in groups.items()]
        return "release package", version, compiled, skipped
    if isinstance(package.get("records"), list):
        version = _version(package)
        compiled = []
        seen: set[str] = set()
        for number, record in enumerate(package["records"], start=1):
            if not isinstance(record, dict):
                skipped.append(Skipped(f"record {number}", "not an object"))
                continue
            ocid = ident(record.get("ocid"))
            if ocid is None:
                skipped.append(Skipped(f"record {number}", "it has no ocid"))
                continue
            if ocid in seen:
                skipped.append(
                    Skipped(f"record {ocid}", "the ocid appears twice; the first record was used")
                )
                continue
            seen.add(ocid)
            release = record.get("compiledRelease")
            if not isinstance(release, dict):
                embedded = [
                    r
                    for r in _list(record.get("releases"))
                    if isinstance(r, dict) and ("tender" in r or "awards" in r or "contracts" in r)
                ]
                if not embedded:
                    skipped.append(
                        Skipped(
                            f"record {ocid}", "it has no compiled release and only linked releases"
                        )
                    )
                    continue
                release = compile_releases(embedded)
            compiled.append((ocid, release))
        return "record package", version, compiled, skipped
    if "ocid" in package and ("tender" in package or "awards" in package):
        raise NotOcds(
            "The file holds a single release, not a package: publish it inside a "
            "release package (with uri, publishedDate and releases)."
        )
    raise NotOcds(
        "The file is JSON but not an OCDS release or record package: it has neither "
        "releases nor records."
    )


def parse_package(package: object) -> Parsed:
    """The tenders and contracts of a package, with every item skipped and why."""
    kind, version, compiled, skipped = compiled_releases(package)
    tenders: list[TenderRecord] = []
    contracts: list[ContractRecord] = []
    for ocid, release in compiled:
        tender, found, notes = _read_release(ocid, release)
        skipped += notes
        if tender is not None:
            tenders.append(tender)
            contracts += found
    return Parsed(kind, version, tuple(tenders), tuple(contracts), tuple(skipped))


@dataclass
class _Parties:
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, release: Mapping[str, Any]) -> _Parties:
        parties = cls()
        for party in _list(release.get("parties")):
            party_id = ident(_obj(party).get("id"))
            if party_id and party_id not in parties.by_id:
                parties.by_id[party_id] = party
        return parties

    def supplier(self, ref: object, where: str) -> Supplier | Skipped:
        if not isinstance(ref, dict):
            return Skipped(where, "a supplier is not an object")
        party_id = ident(ref.get("id"))
        party = self.by_id.get(party_id or "", {})
        identifier = _obj(ref.get("identifier")) or _obj(party.get("identifier"))
        scheme = text(identifier.get("scheme"), 60) or None
        number = ident(identifier.get("id"))
        name = text(ref.get("name"), 200) or text(party.get("name"), 200)
        if party_id and not party and not name and not number:
            return Skipped(where, f"supplier {party_id} names no party of the release")
        if not name and scheme and number:
            name = f"{scheme} {number}"[:200]
        if not name:
            return Skipped(where, "a supplier has neither a name nor an identifier")
        return Supplier(name, scheme if number else None, number if scheme else None)


def _read_release(
    ocid: str, release: Mapping[str, Any]
) -> tuple[TenderRecord | None, list[ContractRecord], list[Skipped]]:
    skipped: list[Skipped] = []
    tender = _obj(release.get("tender"))
    awards = [a for a in _list(release.get("awards")) if isinstance(a, dict)]
    contracts = [c for c in _list(release.get("contracts")) if isinstance(c, dict)]
    if not tender and not awards and not contracts:
        return None, [], [Skipped(f"release {ocid}", "it has no tender, awards or contracts")]
    parties = _Parties.of(release)
    suppliers: dict[tuple[str, str], Supplier] = {}

    def add(found: Supplier | Skipped) -> Supplier | None:
        if isinstance(found, Skipped):
            skipped.append(found)
            return None
        return suppliers.setdefault(found.key, found)

    for ref in _list(tender.get("tenderers")):
        add(parties.supplier(ref, f"tender {ocid}"))
    award_suppliers: dict[str, list[Supplier]] = {}
    live_awards: dict[str, dict[str, Any]] = {}
    for number, award in enumerate(awards, start=1):
        award_id = ident(award.get("id"))
        where = f"award {award_id or number} of {ocid}"
        if award_id is None:
            skipped.append(Skipped(where, "it has no id"))
            continue
        if award_id in live_awards or award_id in award_suppliers:
            skipped.append(Skipped(where, "its id appears twice"))
            continue
        status = text(award.get("status")).lower()
        if status in DEAD_AWARDS:
            skipped.append(Skipped(where, f"the award is {status}"))
            award_suppliers[award_id] = []
            continue
        found = [add(parties.supplier(ref, where)) for ref in _list(award.get("suppliers"))]
        award_suppliers[award_id] = [s for s in found if s is not None]
        live_awards[award_id] = award
    title = (
        text(tender.get("title"), 300)
        or next((text(a.get("title"), 300) for a in awards if text(a.get("title"))), "")
        or next((text(c.get("title"), 300) for c in contracts if text(c.get("title"))), "")
        or ocid
    )
    status = TENDER_STATUS.get(text(tender.get("status")).lower(), "active")
    if status in ("planning", "active") and any(
        text(a.get("status")).lower() in ("active", "") and award_suppliers.get(i)
        for i, a in live_awards.items()
    ):
        status = "awarded"
    amount, currency = money(tender.get("value"))
    period = _obj(tender.get("tenderPeriod"))
    record = TenderRecord(
        ocid=ocid,
        tender_id=ident(tender.get("id"), 120),
        title=title,
        description=text(tender.get("description"), 5000),
        status=status,
        value_amount=amount,
        currency=currency,
        start_date=day(period.get("startDate")),
        end_date=day(period.get("endDate")),
        category_key=category_of(tender),
        suppliers=tuple(suppliers.values()),
    )
    found_contracts: list[ContractRecord] = []
    used_awards: set[str] = set()
    seen_contracts: set[str] = set()
    for number, contract in enumerate(contracts, start=1):
        contract_id = ident(contract.get("id"))
        where = f"contract {contract_id or number} of {ocid}"
        if contract_id is None:
            skipped.append(Skipped(where, "it has no id"))
            continue
        if contract_id in seen_contracts:
            skipped.append(Skipped(where, "its id appears twice"))
            continue
        seen_contracts.add(contract_id)
        award_id = ident(contract.get("awardID"))
        if award_id is None:
            skipped.append(Skipped(where, "it names no award (awardID), so no supplier"))
            continue
        if award_id not in award_suppliers:
            skipped.append(Skipped(where, f"its award {award_id} is not in the release"))
            continue
        used_awards.add(award_id)
        if award_id not in live_awards:
            skipped.append(Skipped(where, f"its award {award_id} is cancelled or unsuccessful"))
            continue
        award = live_awards[award_id]
        holders = award_suppliers[award_id]
        if not holders:
            skipped.append(Skipped(where, f"its award {award_id} names no usable supplier"))
            continue
        for extra in holders[1:]:
            skipped.append(
                Skipped(
                    f"{where}, supplier {extra.name}",
                    f"a contract holds one supplier; it is recorded with {holders[0].name} and "
                    f"{extra.name} takes part in the tender",
                )
            )
        amount, currency = money(contract.get("value"))
        if amount is None:
            amount, currency = money(award.get("value"))
        dates = _obj(contract.get("period")) or _obj(award.get("contractPeriod"))
        found_contracts.append(
            ContractRecord(
                ocid=ocid,
                contract_id=contract_id,
                award_id=award_id,
                title=text(contract.get("title"), 300) or text(award.get("title"), 300) or title,
                status=CONTRACT_STATUS.get(text(contract.get("status")).lower(), "active"),
                value_amount=amount,
                currency=currency,
                start_date=day(dates.get("startDate")),
                end_date=day(dates.get("endDate")),
                supplier=holders[0],
                reference=contract_id,
            )
        )
    for award_id, award in live_awards.items():
        if award_id in used_awards:
            continue
        holders = award_suppliers[award_id]
        if not holders:
            skipped.append(Skipped(f"award {award_id} of {ocid}", "it names no usable supplier"))
            continue
        amount, currency = money(award.get("value"))
        dates = _obj(award.get("contractPeriod"))
        status = "pending" if text(award.get("status")).lower() == "pending" else "active"
        for n, holder in enumerate(holders, start=1):
            found_contracts.append(
                ContractRecord(
                    ocid=ocid,
                    contract_id=None,
                    award_id=award_id,
                    title=text(award.get("title"), 300) or title,
                    status=status,
                    value_amount=amount,
                    currency=currency,
                    start_date=day(dates.get("startDate")),
                    end_date=day(dates.get("endDate")),
                    supplier=holder,
                    reference=f"{award_id}/{n}" if len(holders) > 1 else award_id,
                )
            )
    return record, found_contracts, skipped
