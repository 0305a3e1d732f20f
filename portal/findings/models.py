"""Independent evidence about a supplier, linked to the questions it confirms or contradicts."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, db, str_enum, utcnow


class FindingKind(StrEnum):
    SITE_VISIT = "site visit"
    MONITORING_REPORT = "monitoring report"
    WORKER_TESTIMONY = "worker testimony"
    UNION_TESTIMONY = "trade union testimony"
    AUDIT = "audit"


class Finding(db.Model):
    """Recorded by a buyer; shared with a consortium so that one site visit serves every member."""

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_supplier", "supplier_id", "found_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    kind: Mapped[FindingKind] = mapped_column(str_enum(FindingKind, length=30))
    found_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    consortium_id: Mapped[int | None] = mapped_column(
        ForeignKey("consortia.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class FindingQuestion(db.Model):
    """A question of a questionnaire (by key and stable id) that a finding concerns."""

    __tablename__ = "finding_questions"

    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True
    )
    questionnaire_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    contradicts: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")
