"""A request: one questionnaire version issued by a buyer to a supplier, with an invitation."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, db, utcnow
from portal.organisations.models import Organisation
from portal.questionnaires.models import QuestionnaireVersion

if TYPE_CHECKING:
    from portal.responses.models import Response
    from portal.tenders.models import Contract, Tender


class Request(db.Model):
    """Issued at the tender or contract stage with a required tier and a due date.

    The supplier joins through the invitation: a link (token, stored hashed) or a short code
    typed on the portal. Either may be used by any user of the supplier organisation.
    """

    __tablename__ = "requests"
    __table_args__ = (
        CheckConstraint("stage IN ('tender', 'contract')", name="stage"),
        Index("ix_requests_buyer_due", "buyer_id", "due_date"),
        Index("ix_requests_supplier_due", "supplier_id", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    questionnaire_version_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_versions.id", ondelete="RESTRICT"), index=True
    )
    tender_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenders.id", ondelete="RESTRICT"), index=True
    )
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("contracts.id", ondelete="RESTRICT"), index=True
    )
    stage: Mapped[str] = mapped_column(String(10))
    required_tier: Mapped[str] = mapped_column(String(40))
    due_date: Mapped[date] = mapped_column(Date)
    message: Mapped[str] = mapped_column(String(2000), default="")
    invitation_code: Mapped[str] = mapped_column(String(12), unique=True)
    invitation_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invitation_expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    invitation_email: Mapped[str | None] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_due_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_overdue_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    buyer: Mapped[Organisation] = relationship(lazy="joined", foreign_keys=[buyer_id])
    supplier: Mapped[Organisation] = relationship(lazy="joined", foreign_keys=[supplier_id])
    # selectin: a query of many requests reads each version (and its content) once
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="selectin")
    tender: Mapped[Tender | None] = relationship(lazy="raise")
    contract: Mapped[Contract | None] = relationship(lazy="raise")
    response: Mapped[Response | None] = relationship(
        back_populates="request", lazy="raise", uselist=False
    )
