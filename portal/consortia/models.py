"""Notes that members of a consortium write about a shared supplier, for the other members."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, db, utcnow

NOTE_MAX_LENGTH = 2000


class ConsortiumNote(db.Model):
    """A member's note on a supplier, read by every member of the consortium (never by the
    supplier); the author, or an admin of the author's organisation, deletes it."""

    __tablename__ = "consortium_notes"
    __table_args__ = (
        Index("ix_consortium_notes_supplier", "consortium_id", "supplier_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortia.id", ondelete="CASCADE"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
