"""Publishing, retiring and reading questionnaire versions stored in the database."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portal.audit.services import record
from portal.db import db, utcnow
from portal.questionnaires.canonical import canonical_json, content_hash, definition_from_canonical
from portal.questionnaires.definition import Definition
from portal.questionnaires.loader import DefinitionError, definition_files, load_path
from portal.questionnaires.models import QuestionnaireVersion, VersionStatus, version_order


@dataclass(frozen=True)
class PublishOutcome:
    """What publishing one file did: published, unchanged, or refused (with why)."""

    file: str
    key: str
    version: str
    sha256: str
    outcome: str
    message: str = ""


class PublishRefused(RuntimeError):
    """Nothing was published; `errors` and `outcomes` say why."""

    def __init__(self, errors: list[DefinitionError], outcomes: list[PublishOutcome]) -> None:
        self.errors = errors
        self.outcomes = outcomes
        super().__init__(
            f"{len(errors)} error(s), {sum(o.outcome == 'refused' for o in outcomes)} refused"
        )


def get_version(key: str, version: str) -> QuestionnaireVersion | None:
    return db.session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.key == key, QuestionnaireVersion.version == version
        )
    )


def all_versions() -> list[QuestionnaireVersion]:
    stmt = select(QuestionnaireVersion).order_by(
        QuestionnaireVersion.key, QuestionnaireVersion.version_order
    )
    return list(db.session.scalars(stmt))


def active_versions(stage: str | None = None) -> list[QuestionnaireVersion]:
    """Versions that new requests may use, perhaps only those serving a stage."""
    versions = [v for v in all_versions() if v.is_active]
    return [v for v in versions if stage is None or stage in v.stage_list]


def definition_of(version: QuestionnaireVersion) -> Definition:
    """The published definition, read back from its canonical content and checked by hash."""
    return _definition(version.sha256, version.content)


def title_of(version: QuestionnaireVersion, lang: str) -> str:
    """The version's title in `lang` where the definition has it, else its default language."""
    definition = definition_of(version)
    return definition.text(definition.title, lang)


@lru_cache(maxsize=64)
def _definition(sha256: str, content: str) -> Definition:
    return definition_from_canonical(content, expected_hash=sha256)


def publish_paths(paths: list[Path], actor: Any | None = None) -> list[PublishOutcome]:
    """Publish every definition under the paths, all or nothing.

    Every file is validated first; any error, or any file whose version number is already
    published with other content, publishes nothing and raises PublishRefused.
    """
    errors: list[DefinitionError] = []
    loaded: list[tuple[Path, Definition]] = []
    for path in paths:
        for file in definition_files(path):
            try:
                loaded.append((file, load_path(file)))
            except ValueError as exc:
                errors.extend(
                    getattr(exc, "errors", []) or [DefinitionError(str(file), 1, 1, "", str(exc))]
                )
    outcomes: list[PublishOutcome] = []
    seen: dict[tuple[str, str], str] = {}
    for file, definition in loaded:
        sha = content_hash(definition)
        ident = (definition.key, definition.version)
        existing = get_version(*ident)
        other = seen.get(ident)
        if other is not None and other != sha:
            outcomes.append(
                PublishOutcome(
                    str(file),
                    *ident,
                    sha,
                    "refused",
                    f"two files define {ident[0]} {ident[1]} differently",
                )
            )
        elif existing is None and other is None:
            outcomes.append(PublishOutcome(str(file), *ident, sha, "published"))
        elif existing is not None and existing.sha256 != sha:
            outcomes.append(
                PublishOutcome(
                    str(file),
                    *ident,
                    sha,
                    "refused",
                    f"{ident[0]} {ident[1]} is already published with content "
                    f"{existing.sha256[:12]}; this file has {sha[:12]}. "
                    "A published version never changes: give the new content a new version number.",
                )
            )
        else:
            outcomes.append(PublishOutcome(str(file), *ident, sha, "unchanged"))
        seen[ident] = sha
    if errors or any(o.outcome == "refused" for o in outcomes):
        raise PublishRefused(errors, outcomes)
    by_file = {str(f): d for f, d in loaded}
    for outcome in outcomes:
        if outcome.outcome != "published":
            continue
        definition = by_file[outcome.file]
        row = QuestionnaireVersion(
            key=definition.key,
            version=definition.version,
            version_order=version_order(definition.version),
            title=definition.text(definition.title, definition.default_language)[:300],
            stages=",".join(s.value for s in definition.stages),
            content=canonical_json(definition),
            sha256=outcome.sha256,
            published_by_id=getattr(actor, "id", None),
        )
        db.session.add(row)
        db.session.flush()
        record(
            "questionnaire.published",
            actor=actor,
            object_type="questionnaire_version",
            object_id=row.id,
            key=row.key,
            version=row.version,
            sha256=row.sha256,
        )
    return outcomes


def retire(version: QuestionnaireVersion, actor: Any | None = None) -> bool:
    """No new requests may use the version; existing responses keep reading it. False if already."""
    if not version.is_active:
        return False
    version.status = VersionStatus.RETIRED
    version.retired_at = utcnow()
    record(
        "questionnaire.retired",
        actor=actor,
        object_type="questionnaire_version",
        object_id=version.id,
        key=version.key,
        version=version.version,
        before={"status": "active"},
        after={"status": "retired"},
    )
    return True
