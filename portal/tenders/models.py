"""Categories with risk levels, country risk, tenders and contracts (keyed by OCDS ids)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, db, str_enum, utcnow
from portal.organisations.models import Organisation


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


RISK_RANK = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


class TenderStatus(StrEnum):
    PLANNING = "planning"
    ACTIVE = "active"
    AWARDED = "awarded"
    CANCELLED = "cancelled"
    COMPLETE = "complete"


class ContractStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    TERMINATED = "terminated"
    EXPIRED = "expired"


class Category(db.Model):
    """A procurement category with its inherent labour-rights risk (configurable)."""

    __tablename__ = "categories"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    risk: Mapped[RiskLevel] = mapped_column(str_enum(RiskLevel))


class CountryRisk(db.Model):
    """A country's risk level as the operator imported it, with its source."""

    __tablename__ = "country_risks"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    risk: Mapped[RiskLevel] = mapped_column(str_enum(RiskLevel))
    source: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Tender(db.Model):
    """A buyer's procurement before award; an Open Contracting `ocid` where there is one."""

    __tablename__ = "tenders"
    __table_args__ = (
        UniqueConstraint("buyer_id", "ocid"),
        UniqueConstraint("buyer_id", "reference"),
        Index("ix_tenders_buyer_status", "buyer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    reference: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category_key: Mapped[str | None] = mapped_column(ForeignKey("categories.key"))
    country: Mapped[str | None] = mapped_column(String(2))
    value_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[TenderStatus] = mapped_column(
        str_enum(TenderStatus), default=TenderStatus.ACTIVE
    )
    ocid: Mapped[str | None] = mapped_column(String(200))
    ocds_tender_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    buyer: Mapped[Organisation] = relationship(lazy="raise", foreign_keys=[buyer_id])
    category: Mapped[Category | None] = relationship(lazy="joined")
    suppliers: Mapped[list[Organisation]] = relationship(
        secondary="tender_suppliers", lazy="raise", order_by="Organisation.name"
    )


class TenderSupplier(db.Model):
    """A supplier taking part in a tender (bidder, invited, or awarded)."""

    __tablename__ = "tender_suppliers"

    tender_id: Mapped[int] = mapped_column(
        ForeignKey("tenders.id", ondelete="CASCADE"), primary_key=True
    )
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Contract(db.Model):
    """An awarded contract with one supplier, perhaps re-assessed every N months."""

    __tablename__ = "contracts"
    __table_args__ = (
        UniqueConstraint("buyer_id", "ocid", "ocds_contract_id"),
        Index("ix_contracts_buyer_status", "buyer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    tender_id: Mapped[int | None] = mapped_column(ForeignKey("tenders.id", ondelete="SET NULL"))
    reference: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    category_key: Mapped[str | None] = mapped_column(ForeignKey("categories.key"))
    country: Mapped[str | None] = mapped_column(String(2))
    value_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ContractStatus] = mapped_column(
        str_enum(ContractStatus), default=ContractStatus.ACTIVE
    )
    ocid: Mapped[str | None] = mapped_column(String(200))
    ocds_contract_id: Mapped[str | None] = mapped_column(String(200))
    ocds_award_id: Mapped[str | None] = mapped_column(String(200))
    reassess_every_months: Mapped[int | None]
    next_assessment_due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    buyer: Mapped[Organisation] = relationship(lazy="raise", foreign_keys=[buyer_id])
    supplier: Mapped[Organisation] = relationship(lazy="joined", foreign_keys=[supplier_id])
    tender: Mapped[Tender | None] = relationship(lazy="raise")
    category: Mapped[Category | None] = relationship(lazy="joined")


class OrganisationIdentifier(db.Model):
    """An organisation's identifier in an outside register (an OCDS party's scheme and id),
    so that importing a publication again finds the same supplier instead of a new one."""

    __tablename__ = "organisation_identifiers"
    __table_args__ = (UniqueConstraint("scheme", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(60))
    identifier: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
