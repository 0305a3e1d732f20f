"""A supplier's response: answers saved one by one with revisions, evidence, sections, shares."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from portal.db import UTCDateTime, db, str_enum, utcnow
from portal.requests.models import Request


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REOPENED = "reopened"


class Response(db.Model):
    """The answers to one request: a draft until submitted, then read-only unless reopened."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="RESTRICT"), unique=True
    )
    status: Mapped[ResponseStatus] = mapped_column(
        str_enum(ResponseStatus), default=ResponseStatus.DRAFT
    )
    language: Mapped[str] = mapped_column(String(8), default="en")
    prefilled_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_message: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    request: Mapped[Request] = relationship(back_populates="response", lazy="joined")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", lazy="raise", cascade="all, delete-orphan"
    )

    @property
    def is_editable(self) -> bool:
        return self.status is not ResponseStatus.SUBMITTED


class Answer(db.Model):
    """One question's answer. `revision` grows on every save, so two tabs cannot overwrite
    each other silently: a save names the revision it started from."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    revision: Mapped[int] = mapped_column(default=1)
    prefilled: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    response: Mapped[Response] = relationship(back_populates="answers", lazy="raise")


class SectionState(db.Model):
    """Per section: whether the supplier has confirmed it (required after prefill)."""

    __tablename__ = "section_states"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    section_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class EvidenceFile(db.Model):
    """An uploaded file attached to an evidence question; stored in the database by default
    so that every app server can serve it."""

    __tablename__ = "evidence_files"
    __table_args__ = (Index("ix_evidence_files_response_question", "response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AcknowledgementDecision(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Acknowledgement(db.Model):
    """The supplier's answer to one recommendation: a planned action and date, or why not."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    decision: Mapped[AcknowledgementDecision] = mapped_column(str_enum(AcknowledgementDecision))
    planned_action: Mapped[str] = mapped_column(Text, default="")
    planned_date: Mapped[date | None] = mapped_column(Date)
    explanation: Mapped[str] = mapped_column(Text, default="")
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class Share(db.Model):
    """A supplier's consent that a buyer organisation or a consortium may read a response."""

    __tablename__ = "shares"
    __table_args__ = (
        CheckConstraint(
            "(buyer_id IS NULL) <> (consortium_id IS NULL)", name="one_audience"
        ),
        Index("ix_shares_buyer", "buyer_id", "withdrawn_at"),
        Index("ix_shares_consortium", "consortium_id", "withdrawn_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    consortium_id: Mapped[int | None] = mapped_column(
        ForeignKey("consortia.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AnswerStash(db.Model):
    """Answers posted after the user's session ended, kept until they sign in again and save
    them: the token travels in the sign-in link, so no typed work is lost to a timeout."""

    __tablename__ = "answer_stashes"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[str] = mapped_column(String(100))
    data: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
