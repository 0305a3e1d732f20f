"""Publishing versions: canonical content and hash stored, idempotent, edits refused, retiring."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.db import db
from portal.questionnaires import services
from portal.questionnaires.canonical import content_hash
from portal.questionnaires.loader import load_path
from portal.questionnaires.models import PublishedVersionImmutable, QuestionnaireVersion
from tests.questionnaires.builders import VALID

SAMPLE = VALID / "supply-chain" / "1.0.yaml"
BROKEN = Path(__file__).parent / "fixtures" / "broken"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A questionnaires folder holding the sample definition."""
    folder = tmp_path / "questionnaires" / "supply-chain"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "1.0.yaml")
    return tmp_path / "questionnaires"


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(QuestionnaireVersion)) or 0


def test_publish_stores_canonical_content_and_hash(app: Flask, runner: Any, library: Path) -> None:
    result = runner.invoke(args=["questionnaires", "publish", str(library)])
    assert result.exit_code == 0, result.output
    expected = content_hash(load_path(SAMPLE))
    assert f"supply-chain 1.0: published ({expected[:12]})" in result.output
    with app.app_context():
        row = db.session.scalars(select(QuestionnaireVersion)).one()
        assert row.sha256 == expected and row.stages == "tender,contract"
        assert services.definition_of(row) == load_path(SAMPLE)
    listing = runner.invoke(args=["questionnaires", "list"])
    assert (
        "supply-chain" in listing.output
        and expected[:12] in listing.output
        and "active" in listing.output
    )


def test_publishing_again_does_nothing(app: Flask, runner: Any, library: Path) -> None:
    runner.invoke(args=["questionnaires", "publish", str(library)])
    # Comments and layout do not change the content: still the same version.
    file = library / "supply-chain" / "1.0.yaml"
    file.write_text("# reformatted\n" + file.read_text(encoding="utf-8"), encoding="utf-8")
    again = runner.invoke(args=["questionnaires", "publish", str(library)])
    assert again.exit_code == 0 and "unchanged" in again.output
    assert _count(app) == 1


def test_other_content_under_a_published_version_is_refused(
    app: Flask, runner: Any, library: Path
) -> None:
    runner.invoke(args=["questionnaires", "publish", str(library)])
    with app.app_context():
        old_hash = db.session.scalars(select(QuestionnaireVersion.sha256)).one()
    file = library / "supply-chain" / "1.0.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "Do you have a written policy prohibiting forced labour?",
            "Does your company have a written policy prohibiting forced labour?",
        ),
        encoding="utf-8",
    )
    refused = runner.invoke(args=["questionnaires", "publish", str(library)])
    assert refused.exit_code == 1
    assert old_hash[:12] in refused.output and content_hash(load_path(file))[:12] in refused.output
    assert "Nothing was published" in refused.output
    with app.app_context():
        assert db.session.scalars(select(QuestionnaireVersion.sha256)).one() == old_hash


def test_an_invalid_file_publishes_nothing(app: Flask, runner: Any, library: Path) -> None:
    shutil.copytree(BROKEN, library / "broken")
    result = runner.invoke(args=["questionnaires", "publish", str(library)])
    assert result.exit_code == 1
    assert "Nothing was published" in result.output
    assert _count(app) == 0


def test_published_content_cannot_be_edited(app: Flask, runner: Any, library: Path) -> None:
    runner.invoke(args=["questionnaires", "publish", str(library)])
    with app.app_context():
        row = db.session.scalars(select(QuestionnaireVersion)).one()
        row.content = row.content.replace("Policy", "Changed")
        with pytest.raises(PublishedVersionImmutable):
            db.session.flush()
        db.session.rollback()


def test_retire(app: Flask, runner: Any, library: Path) -> None:
    runner.invoke(args=["questionnaires", "publish", str(library)])
    assert (
        "retired" in runner.invoke(args=["questionnaires", "retire", "supply-chain", "1.0"]).output
    )
    assert (
        "already retired"
        in runner.invoke(args=["questionnaires", "retire", "supply-chain", "1.0"]).output
    )
    missing = runner.invoke(args=["questionnaires", "retire", "supply-chain", "9.9"])
    assert missing.exit_code == 1 and "not published" in missing.output
    with app.app_context():
        assert services.active_versions() == []
        assert [v.status.value for v in services.all_versions()] == ["retired"]


def test_validate_command(runner: Any, library: Path) -> None:
    ok = runner.invoke(args=["questionnaires", "validate", str(library)])
    assert ok.exit_code == 0 and "valid" in ok.output
    bad = runner.invoke(args=["questionnaires", "validate", str(BROKEN / "undeclared_tier.yaml")])
    assert bad.exit_code == 1
    assert "undeclared_tier.yaml:" in bad.output and "sections[" in bad.output
