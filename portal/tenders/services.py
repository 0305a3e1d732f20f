"""Tenders, contracts, their suppliers, categories and country risk: reads scoped by buyer,
and changes recorded in the audit log. Services add and flush; the request commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal.audit.services import record
from portal.db import db, utcnow
from portal.organisations.models import Organisation, OrganisationKind
from portal.tenders.models import (
    Category,
    Contract,
    ContractStatus,
    CountryRisk,
    RiskLevel,
    Tender,
    TenderStatus,
    TenderSupplier,
)
from portal.tenders.risk import CountryRiskRow, add_months


class TenderError(ValueError):
    """A change the rules refuse; the message says why in plain words."""


def jsonable(value: Any) -> Any:
    """A value as the audit log stores it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: jsonable(getattr(obj, name)) for name in names}


# Categories and country risk ------------------------------------------------------------------


def categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.name)))


def country_risks() -> list[CountryRisk]:
    return list(db.session.scalars(select(CountryRisk).order_by(CountryRisk.country)))


def country_risk_of(country: str | None) -> str | None:
    if not country:
        return None
    row = db.session.get(CountryRisk, country.upper())
    return row.risk.value if row else None


def save_category(actor: Any, *, key: str, name: str, risk: RiskLevel) -> Category:
    """Add a category, or change an existing one's name and risk."""
    category = db.session.get(Category, key)
    before = None if category is None else snapshot(category, ("name", "risk"))
    if category is None:
        category = Category(key=key, name=name.strip(), risk=risk)
        db.session.add(category)
    else:
        category.name, category.risk = name.strip(), risk
    db.session.flush()
    after = snapshot(category, ("name", "risk"))
    if before != after:
        record(
            "category.saved",
            actor=actor,
            organisation_id=getattr(actor, "organisation_id", None),
            object_type="category",
            key=key,
            before=before,
            after=after,
        )
    return category


def import_country_risk(actor: Any, rows: list[CountryRiskRow]) -> tuple[int, int]:
    """Add or update each country's risk; (created, updated)."""
    created = updated = 0
    for row in rows:
        existing = db.session.get(CountryRisk, row.country)
        if existing is None:
            db.session.add(
                CountryRisk(country=row.country, risk=RiskLevel(row.risk), source=row.source)
            )
            created += 1
        elif (existing.risk.value, existing.source) != (row.risk, row.source):
            existing.risk, existing.source = RiskLevel(row.risk), row.source
            existing.updated_at = utcnow()
            updated += 1
    db.session.flush()
    record(
        "country_risk.imported",
        actor=actor,
        organisation_id=getattr(actor, "organisation_id", None),
        object_type="country_risk",
        after={"created": created, "updated": updated, "rows": len(rows)},
    )
    return created, updated


# Suppliers ------------------------------------------------------------------------------------


def supplier_organisations() -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.kind == OrganisationKind.SUPPLIER)
            .order_by(Organisation.name)
        )
    )


def supplier(supplier_id: int | None) -> Organisation | None:
    org = db.session.get(Organisation, supplier_id) if supplier_id else None
    return org if org is not None and org.is_supplier else None


# Tenders --------------------------------------------------------------------------------------

TENDER_FIELDS = (
    "reference",
    "title",
    "description",
    "category_key",
    "country",
    "value_amount",
    "currency",
    "start_date",
    "end_date",
    "status",
)


@dataclass
class TenderFields:
    reference: str
    title: str
    description: str = ""
    category_key: str | None = None
    country: str | None = None
    value_amount: Decimal | None = None
    currency: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: TenderStatus = TenderStatus.ACTIVE


def _clean(values: TenderFields | ContractFields) -> None:
    values.reference = values.reference.strip()
    values.title = values.title.strip()
    values.country = (values.country or "").strip().upper() or None
    values.currency = (values.currency or "").strip().upper() or None
    values.category_key = values.category_key or None
    if values.category_key and db.session.get(Category, values.category_key) is None:
        raise TenderError("Choose a category from the list.")
    if values.start_date and values.end_date and values.end_date < values.start_date:
        raise TenderError("The end date is before the start date.")


def _search(stmt: Select[Any], model: Any, q: str | None) -> Select[Any]:
    if q and q.strip():
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(model.reference).like(like),
                func.lower(model.title).like(like),
                func.lower(func.coalesce(model.ocid, "")).like(like),
            )
        )
    return stmt


def tenders_of(buyer_id: int, *, q: str | None = None, status: str | None = None) -> list[Tender]:
    stmt = select(Tender).where(Tender.buyer_id == buyer_id)
    stmt = _search(stmt, Tender, q)
    if status:
        stmt = stmt.where(Tender.status == TenderStatus(status))
    stmt = stmt.options(selectinload(Tender.suppliers)).order_by(Tender.created_at.desc())
    return list(db.session.scalars(stmt))


def tender_suppliers(tender: Tender) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .join(TenderSupplier, TenderSupplier.supplier_id == Organisation.id)
            .where(TenderSupplier.tender_id == tender.id)
            .order_by(Organisation.name)
        )
    )


def _reference_clash(model: Any, buyer_id: int, reference: str, own_id: int | None) -> bool:
    stmt = select(model.id).where(
        model.buyer_id == buyer_id, func.lower(model.reference) == reference.lower()
    )
    if own_id is not None:
        stmt = stmt.where(model.id != own_id)
    return db.session.scalar(stmt) is not None


def create_tender(actor: Any, buyer: Organisation, values: TenderFields) -> Tender:
    _clean(values)
    if _reference_clash(Tender, buyer.id, values.reference, None):
        raise TenderError(f"You already have a tender with the reference {values.reference}.")
    return _create(actor, Tender, buyer, values, TENDER_FIELDS, "tender")


def _create(
    actor: Any,
    model: Any,
    buyer: Organisation,
    values: TenderFields | ContractFields,
    names: tuple[str, ...],
    kind: str,
    **extra: Any,
) -> Any:
    """Add the tender or contract and record it."""
    obj = model(
        buyer_id=buyer.id, **{f.name: getattr(values, f.name) for f in fields(values)}, **extra
    )
    db.session.add(obj)
    db.session.flush()
    record(
        f"{kind}.created",
        actor=actor,
        organisation_id=buyer.id,
        object_type=kind,
        object_id=obj.id,
        after=snapshot(obj, names),
    )
    return obj


def update_tender(actor: Any, tender: Tender, values: TenderFields) -> bool:
    _clean(values)
    if _reference_clash(Tender, tender.buyer_id, values.reference, tender.id):
        raise TenderError(f"You already have a tender with the reference {values.reference}.")
    return _apply(actor, tender, values, TENDER_FIELDS, "tender")


def _apply(
    actor: Any, obj: Any, values: TenderFields | ContractFields, names: tuple[str, ...], kind: str
) -> bool:
    """Set the values; record what changed (before and after); False when nothing did."""
    before = snapshot(obj, names)
    for f in fields(values):
        setattr(obj, f.name, getattr(values, f.name))
    after = snapshot(obj, names)
    if before == after:
        return False
    db.session.flush()
    record(
        f"{kind}.updated",
        actor=actor,
        organisation_id=obj.buyer_id,
        object_type=kind,
        object_id=obj.id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return True


def add_supplier(actor: Any, tender: Tender, organisation: Organisation) -> bool:
    """Involve a supplier in the tender; False when it already is."""
    if not organisation.is_supplier:
        raise TenderError(f"{organisation.name} is not a supplier organisation.")
    if db.session.get(TenderSupplier, (tender.id, organisation.id)) is not None:
        return False
    db.session.add(TenderSupplier(tender_id=tender.id, supplier_id=organisation.id))
    db.session.flush()
    record(
        "tender.supplier_added",
        actor=actor,
        organisation_id=tender.buyer_id,
        object_type="tender",
        object_id=tender.id,
        after={"supplier": organisation.name, "supplier_id": organisation.id},
    )
    return True


def remove_supplier(actor: Any, tender: Tender, organisation: Organisation) -> bool:
    link = db.session.get(TenderSupplier, (tender.id, organisation.id))
    if link is None:
        return False
    db.session.delete(link)
    db.session.flush()
    record(
        "tender.supplier_removed",
        actor=actor,
        organisation_id=tender.buyer_id,
        object_type="tender",
        object_id=tender.id,
        before={"supplier": organisation.name, "supplier_id": organisation.id},
    )
    return True


# Contracts ------------------------------------------------------------------------------------

CONTRACT_FIELDS = (
    "reference",
    "title",
    "supplier_id",
    "tender_id",
    "category_key",
    "country",
    "value_amount",
    "currency",
    "start_date",
    "end_date",
    "status",
    "reassess_every_months",
    "next_assessment_due",
)


@dataclass
class ContractFields:
    reference: str
    title: str
    supplier_id: int
    tender_id: int | None = None
    category_key: str | None = None
    country: str | None = None
    value_amount: Decimal | None = None
    currency: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: ContractStatus = ContractStatus.ACTIVE
    reassess_every_months: int | None = None
    next_assessment_due: dt.date | None = None


def contracts_of(
    buyer_id: int,
    *,
    q: str | None = None,
    status: str | None = None,
    tender_id: int | None = None,
) -> list[Contract]:
    stmt = select(Contract).where(Contract.buyer_id == buyer_id)
    stmt = _search(stmt, Contract, q)
    if status:
        stmt = stmt.where(Contract.status == ContractStatus(status))
    if tender_id:
        stmt = stmt.where(Contract.tender_id == tender_id)
    return list(db.session.scalars(stmt.order_by(Contract.created_at.desc())))


def _check_contract(
    buyer_id: int, values: ContractFields, own_id: int | None, today: dt.date
) -> None:
    _clean(values)
    if supplier(values.supplier_id) is None:
        raise TenderError("Choose the supplier the contract is with.")
    if values.tender_id is not None:
        tender = db.session.get(Tender, values.tender_id)
        if tender is None or tender.buyer_id != buyer_id:
            raise TenderError("Choose one of your tenders.")
    if _reference_clash(Contract, buyer_id, values.reference, own_id):
        raise TenderError(f"You already have a contract with the reference {values.reference}.")
    if values.reassess_every_months is not None and values.reassess_every_months < 1:
        values.reassess_every_months = None
    if values.reassess_every_months and values.next_assessment_due is None:
        values.next_assessment_due = add_months(today, values.reassess_every_months)
    if not values.reassess_every_months:
        values.next_assessment_due = None


def create_contract(
    actor: Any, buyer: Organisation, values: ContractFields, *, today: dt.date, **ocds: Any
) -> Contract:
    _check_contract(buyer.id, values, None, today)
    contract: Contract = _create(
        actor, Contract, buyer, values, CONTRACT_FIELDS, "contract", **ocds
    )
    return contract


def update_contract(
    actor: Any, contract: Contract, values: ContractFields, *, today: dt.date
) -> bool:
    _check_contract(contract.buyer_id, values, contract.id, today)
    return _apply(actor, contract, values, CONTRACT_FIELDS, "contract")


def award(
    actor: Any,
    tender: Tender,
    organisation: Organisation,
    *,
    reference: str,
    today: dt.date,
    value_amount: Decimal | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    reassess_every_months: int | None = None,
) -> Contract:
    """Award the tender to one of its suppliers: a contract carrying the tender's details."""
    if db.session.get(TenderSupplier, (tender.id, organisation.id)) is None:
        raise TenderError(f"{organisation.name} is not a supplier of this tender.")
    contract = create_contract(
        actor,
        db.session.get_one(Organisation, tender.buyer_id),
        ContractFields(
            reference=reference,
            title=tender.title,
            supplier_id=organisation.id,
            tender_id=tender.id,
            category_key=tender.category_key,
            country=tender.country,
            value_amount=value_amount if value_amount is not None else tender.value_amount,
            currency=tender.currency,
            start_date=start_date,
            end_date=end_date,
            reassess_every_months=reassess_every_months,
        ),
        today=today,
        ocid=tender.ocid,
    )
    if tender.status is not TenderStatus.AWARDED:
        before = tender.status.value
        tender.status = TenderStatus.AWARDED
        record(
            "tender.awarded",
            actor=actor,
            organisation_id=tender.buyer_id,
            object_type="tender",
            object_id=tender.id,
            before={"status": before},
            after={
                "status": "awarded",
                "contract": contract.reference,
                "supplier": organisation.name,
            },
        )
    return contract
