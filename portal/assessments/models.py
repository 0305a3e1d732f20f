"""Stored assessments (what the engine computed, and from what) and buyers' overrides."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from portal.db import UTCDateTime, db, utcnow


class Assessment(db.Model):
    """One scoring of a response. A new one is stored on submission and on every override;
    the latest is current. The JSON is the engine's canonical serialisation, so a stored
    result can be reproduced from the version hash, the engine version and the inputs."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_response_current", "response_id", "is_current"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    is_current: Mapped[bool] = mapped_column(default=True)
    engine_version: Mapped[str] = mapped_column(String(20))
    definition_sha256: Mapped[str] = mapped_column(String(64))
    required_tier: Mapped[str] = mapped_column(String(40))
    tier_attained: Mapped[str] = mapped_column(String(60))
    rating: Mapped[str] = mapped_column(String(1))
    met_share: Mapped[float]
    points: Mapped[float]
    max_points: Mapped[float]
    gaps_critical: Mapped[int] = mapped_column(default=0)
    gaps_high: Mapped[int] = mapped_column(default=0)
    gaps_medium: Mapped[int] = mapped_column(default=0)
    gaps_low: Mapped[int] = mapped_column(default=0)
    red_flags: Mapped[int] = mapped_column(default=0)
    overridden: Mapped[bool] = mapped_column(default=False)
    data: Mapped[str] = deferred(mapped_column(Text))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuestionOutcome(db.Model):
    """One requirement's outcome in an assessment, kept as rows so that consortium views
    (heatmaps, comparisons) aggregate in SQL instead of decoding every assessment."""

    __tablename__ = "question_outcomes"
    __table_args__ = (Index("ix_question_outcomes_question", "question_id", "met"),)

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    section_id: Mapped[str] = mapped_column(String(100))
    tier: Mapped[str | None] = mapped_column(String(40))
    applicable: Mapped[bool]
    met: Mapped[bool | None]
    points: Mapped[float]
    max_points: Mapped[float]
    severity: Mapped[str | None] = mapped_column(String(10))
    is_gap: Mapped[bool] = mapped_column(default=False)
    red_flag: Mapped[bool] = mapped_column(default=False)


class ScoreOverride(db.Model):
    """A buyer's override of one question's outcome, with its mandatory reason."""

    __tablename__ = "score_overrides"
    __table_args__ = (Index("ix_score_overrides_response", "response_id", "withdrawn_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    met: Mapped[bool | None]
    points: Mapped[float | None]
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
