"""Follow-up actions on gaps: owner, due date, status, a thread with the supplier, files."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from portal.db import UTCDateTime, db, str_enum, utcnow


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    RESOLVED = "resolved"
    VERIFIED = "verified"
    CLOSED = "closed"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.RESOLVED)


class FollowUpAction(db.Model):
    """A buyer's corrective action on a gap. Only the buyer verifies or closes it; an action
    marked joint is visible to, and worked on by, every consortium member sharing the supplier."""

    __tablename__ = "followup_actions"
    __table_args__ = (
        Index("ix_followup_actions_buyer_status", "buyer_id", "status"),
        Index("ix_followup_actions_supplier_status", "supplier_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="RESTRICT"), index=True
    )
    question_id: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(10), default="medium")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus), default=ActionStatus.OPEN
    )
    is_joint: Mapped[bool] = mapped_column(default=False)
    consortium_id: Mapped[int | None] = mapped_column(
        ForeignKey("consortia.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ActionMessage(db.Model):
    """One message in an action's conversation, from either side, perhaps with a file."""

    __tablename__ = "action_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("followup_actions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int | None]
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
