"""Published questionnaire versions: immutable content with its hash, retirable, never edited."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, db, str_enum, utcnow


class VersionStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


class QuestionnaireVersion(db.Model):
    """One published definition. Its content never changes; only its status may."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[str] = mapped_column(String(20))
    # Zero-padded version numbers, so that 1.10 sorts after 1.9 in SQL.
    version_order: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    stages: Mapped[str] = mapped_column(String(40))
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[VersionStatus] = mapped_column(
        str_enum(VersionStatus), default=VersionStatus.ACTIVE
    )
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def stage_list(self) -> list[str]:
        return self.stages.split(",")

    @property
    def is_active(self) -> bool:
        return self.status is VersionStatus.ACTIVE


def version_order(version: str) -> str:
    return ".".join(f"{int(part):06d}" for part in version.split("."))


IMMUTABLE = ("key", "version", "version_order", "title", "stages", "content", "sha256")


class PublishedVersionImmutable(RuntimeError):
    """Raised when code tries to change a published version's content."""


@event.listens_for(QuestionnaireVersion, "before_update")
def _refuse_content_changes(_mapper: Any, _connection: Any, target: QuestionnaireVersion) -> None:
    state = db.inspect(target)
    changed = [name for name in IMMUTABLE if state.attrs[name].history.has_changes()]
    if changed:
        raise PublishedVersionImmutable(
            f"{target.key} {target.version} is published; its {', '.join(changed)} cannot change"
        )
