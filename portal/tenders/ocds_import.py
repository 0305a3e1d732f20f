"""Writing an Open Contracting package into the portal: tenders, contracts and suppliers,
keyed by ocid and OCDS ids so that importing the same publication again updates, never
duplicates. Parsing is `portal.tenders.ocds` (pure); this module does the database writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select

from portal.audit.services import record
from portal.db import db
from portal.organisations.models import Organisation, OrganisationKind
from portal.tenders import ocds
from portal.tenders.models import (
    Category,
    Contract,
    ContractStatus,
    OrganisationIdentifier,
    Tender,
    TenderStatus,
    TenderSupplier,
)

MB = 1024 * 1024
DEFAULT_LIMIT = 50 * MB


class OcdsFileError(ValueError):
    """Nothing was imported: the file is too large, not JSON, or not OCDS."""


def size_limit(config: Mapping[str, Any]) -> int:
    return int(config.get("OCDS_MAX_BYTES") or DEFAULT_LIMIT)


def _too_large(limit: int) -> OcdsFileError:
    return OcdsFileError(
        f"The file is larger than {limit / MB:g} MB, the most the portal imports at once. "
        "Split the package (by year or by buyer) and import the parts."
    )


def read_bounded(stream: IO[bytes], limit: int) -> bytes:
    """At most `limit` bytes of the stream; OcdsFileError, without reading further, if more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data


def read_path(path: Path, limit: int) -> bytes:
    """The file's bytes; a file over the limit is refused by its size, before it is opened."""
    try:
        if path.stat().st_size > limit:
            raise _too_large(limit)
        with path.open("rb") as stream:
            return read_bounded(stream, limit)
    except OSError as error:
        raise OcdsFileError(f"The file cannot be read: {error.strerror or error}.") from None


@dataclass
class ImportResult:
    tenders: int = 0
    contracts: int = 0
    suppliers: int = 0
    updated: int = 0
    skipped: list[ocds.Skipped] = field(default_factory=list)
    kind: str = ""
    version: str = ""

    def summary(self) -> str:
        return (
            f"created: {self.tenders} tenders, {self.contracts} contracts, "
            f"{self.suppliers} suppliers; updated: {self.updated}; skipped: {len(self.skipped)}"
        )


def import_stream(
    actor: Any, buyer: Organisation, stream: IO[bytes], *, limit: int, today: dt.date
) -> ImportResult:
    return import_bytes(actor, buyer, read_bounded(stream, limit), today=today)


def import_bytes(actor: Any, buyer: Organisation, data: bytes, *, today: dt.date) -> ImportResult:
    """Import a package's tenders, contracts and suppliers for the buyer."""
    if not buyer.is_buyer:
        raise OcdsFileError(f"{buyer.name} is not a buyer organisation.")
    try:
        parsed = ocds.parse_package(ocds.load_json(data))
    except ocds.NotOcds as error:
        raise OcdsFileError(str(error)) from None
    writer = _Writer(actor, buyer)
    result = writer.result
    result.kind, result.version = parsed.kind, parsed.version
    result.skipped += parsed.skipped
    tenders: dict[str, Tender] = {}
    for tender_record in parsed.tenders:
        tender = writer.tender(tender_record)
        if tender is not None:
            tenders[tender_record.ocid] = tender
    for contract_record in parsed.contracts:
        tender = tenders.get(contract_record.ocid)
        if tender is not None:
            writer.contract(contract_record, tender)
    db.session.flush()
    record(
        "ocds.imported",
        actor=actor,
        organisation_id=buyer.id,
        object_type="organisation",
        object_id=buyer.id,
        after={
            "package": f"{parsed.kind} {parsed.version}",
            "tenders": result.tenders,
            "contracts": result.contracts,
            "suppliers": result.suppliers,
            "updated": result.updated,
            "skipped": len(result.skipped),
        },
    )
    return result


class _Writer:
    def __init__(self, actor: Any, buyer: Organisation) -> None:
        self.actor = actor
        self.buyer = buyer
        self.result = ImportResult()
        self.categories = set(db.session.scalars(select(Category.key)))
        self.suppliers: dict[tuple[str, str], Organisation | None] = {}

    # suppliers -------------------------------------------------------------------------------

    def supplier(self, found: ocds.Supplier, where: str) -> Organisation | None:
        if found.key in self.suppliers:
            return self.suppliers[found.key]
        organisation = None
        if found.scheme and found.identifier:
            organisation = db.session.scalar(
                select(Organisation)
                .join(
                    OrganisationIdentifier,
                    OrganisationIdentifier.organisation_id == Organisation.id,
                )
                .where(
                    OrganisationIdentifier.scheme == found.scheme,
                    OrganisationIdentifier.identifier == found.identifier,
                )
            )
        if organisation is None:
            organisation = db.session.scalar(
                select(Organisation).where(func.lower(Organisation.name) == found.name.lower())
            )
            if organisation is not None and not organisation.is_supplier:
                self.result.skipped.append(
                    ocds.Skipped(
                        f"{where}, supplier {found.name}",
                        "an organisation of that name is on the portal as a buyer",
                    )
                )
                self.suppliers[found.key] = None
                return None
            if organisation is None:
                organisation = Organisation(name=found.name, kind=OrganisationKind.SUPPLIER)
                db.session.add(organisation)
                db.session.flush()
                self.result.suppliers += 1
                record(
                    "organisation.created",
                    actor=self.actor,
                    organisation_id=organisation.id,
                    object_type="organisation",
                    object_id=organisation.id,
                    after={"name": organisation.name, "kind": "supplier", "via": "ocds"},
                )
            if found.scheme and found.identifier:
                db.session.add(
                    OrganisationIdentifier(
                        organisation_id=organisation.id,
                        scheme=found.scheme,
                        identifier=found.identifier,
                    )
                )
                db.session.flush()
        self.suppliers[found.key] = organisation
        return organisation

    def _involve(self, tender: Tender, organisation: Organisation) -> bool:
        if db.session.get(TenderSupplier, (tender.id, organisation.id)) is not None:
            return False
        db.session.add(TenderSupplier(tender_id=tender.id, supplier_id=organisation.id))
        db.session.flush()
        return True

    # tenders ---------------------------------------------------------------------------------

    def _free_reference(self, model: Any, wanted: list[str], own_id: int | None) -> str | None:
        for reference in wanted:
            reference = reference[:120]
            stmt = select(model.id).where(
                model.buyer_id == self.buyer.id,
                func.lower(model.reference) == reference.lower(),
            )
            if own_id is not None:
                stmt = stmt.where(model.id != own_id)
            if db.session.scalar(stmt) is None:
                return reference
        return None

    def tender(self, found: ocds.TenderRecord) -> Tender | None:
        values: dict[str, Any] = {
            "title": found.title,
            "status": TenderStatus(found.status),
            "ocds_tender_id": found.tender_id,
        }
        optional = {
            "description": found.description or None,
            "value_amount": found.value_amount,
            "currency": found.currency,
            "start_date": found.start_date,
            "end_date": found.end_date,
            "category_key": found.category_key if found.category_key in self.categories else None,
        }
        values.update({k: v for k, v in optional.items() if v is not None})
        tender = db.session.scalar(
            select(Tender).where(Tender.buyer_id == self.buyer.id, Tender.ocid == found.ocid)
        )
        changed = created = False
        if tender is None:
            reference = self._free_reference(Tender, [found.reference, found.ocid], None)
            if reference is None:
                self.result.skipped.append(
                    ocds.Skipped(
                        f"tender {found.ocid}",
                        f"the reference {found.reference} is taken by another of your tenders",
                    )
                )
                return None
            tender = Tender(buyer_id=self.buyer.id, ocid=found.ocid, reference=reference, **values)
            db.session.add(tender)
            db.session.flush()
            self.result.tenders += 1
            created = True
        else:
            for name, value in values.items():
                if getattr(tender, name) != value:
                    setattr(tender, name, value)
                    changed = True
        for supplier in found.suppliers:
            organisation = self.supplier(supplier, f"tender {found.ocid}")
            if organisation is not None:
                changed = self._involve(tender, organisation) or changed
        if changed and not created:
            self.result.updated += 1
        return tender

    # contracts -------------------------------------------------------------------------------

    def contract(self, found: ocds.ContractRecord, tender: Tender) -> None:
        where = f"contract {found.reference} of {found.ocid}"
        organisation = self.supplier(found.supplier, where)
        if organisation is None:
            self.result.skipped.append(ocds.Skipped(where, "its supplier could not be recorded"))
            return
        stmt = select(Contract).where(
            Contract.buyer_id == self.buyer.id, Contract.ocid == found.ocid
        )
        if found.contract_id is not None:
            stmt = stmt.where(Contract.ocds_contract_id == found.contract_id)
        else:
            stmt = stmt.where(
                Contract.ocds_contract_id.is_(None),
                Contract.ocds_award_id == found.award_id,
                Contract.supplier_id == organisation.id,
            )
        contract = db.session.scalar(stmt)
        values: dict[str, Any] = {
            "title": found.title,
            "status": ContractStatus(found.status),
            "supplier_id": organisation.id,
            "tender_id": tender.id,
            "ocds_award_id": found.award_id,
        }
        optional = {
            "value_amount": found.value_amount,
            "currency": found.currency,
            "start_date": found.start_date,
            "end_date": found.end_date,
            "category_key": tender.category_key,
        }
        values.update({k: v for k, v in optional.items() if v is not None})
        changed = self._involve(tender, organisation)
        if contract is None:
            reference = self._free_reference(
                Contract, [found.reference, f"{found.ocid}/{found.reference}"], None
            )
            if reference is None:
                self.result.skipped.append(
                    ocds.Skipped(
                        where, f"the reference {found.reference} is taken by another contract"
                    )
                )
                return
            db.session.add(
                Contract(
                    buyer_id=self.buyer.id,
                    ocid=found.ocid,
                    ocds_contract_id=found.contract_id,
                    reference=reference,
                    **values,
                )
            )
            db.session.flush()
            self.result.contracts += 1
            return
        for name, value in values.items():
            if getattr(contract, name) != value:
                setattr(contract, name, value)
                changed = True
        if changed:
            self.result.updated += 1
