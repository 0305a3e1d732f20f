"""`flask bench generate`: refuses data it would mix with, fills an empty database with a
realistic world deterministically, and every manifest page opens for the right user."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import distinct, func, or_, select

from portal.assessments.models import Assessment, QuestionOutcome
from portal.assessments.services import compute
from portal.auth.models import User
from portal.auth.passwords import password_problem
from portal.db import db
from portal.findings.models import Finding
from portal.followup.models import ActionMessage, FollowUpAction
from portal.organisations.models import ConsortiumMembership, Organisation, OrganisationKind
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import definition_of
from portal.requests.models import Request
from portal.responses.models import Answer, Response, ResponseStatus, Share
from portal.scoring import assessment_to_json
from tests import factories
from tests.bench import helpers

PAGES = ("dashboard", "submission", "directory", "compare", "heatmap", "pdf")


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _table_counts() -> dict[str, int]:
    models = (Organisation, User, Request, Response, Answer, Assessment, Share)
    return {m.__tablename__: _count(m) for m in models}


def test_the_bench_password_passes_the_policy() -> None:
    assert password_problem(helpers.PASSWORD) is None


def test_refuses_a_database_that_holds_organisations(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    helpers.publish(app)
    with app.app_context():
        factories.organisation(name="Existing Council")
        db.session.commit()
        before = _table_counts()
    path = tmp_path / "manifest.json"
    result = runner.invoke(args=["bench", "generate", "--suppliers", "3", "--manifest", str(path)])
    assert result.exit_code == 1
    assert "already holds organisations" in result.output
    assert not path.exists()
    with app.app_context():
        assert _table_counts() == before


def test_needs_the_questionnaires_published(app: Flask, runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    result = runner.invoke(args=["bench", "generate", "--suppliers", "3", "--manifest", str(path)])
    assert result.exit_code == 1
    assert "questionnaires publish" in result.output
    assert not path.exists()
    with app.app_context():
        assert _count(Organisation) == 0


def test_a_world_of_the_size_asked_for(app: Flask, runner: Any, tmp_path: Path) -> None:
    helpers.publish(app)
    manifest = helpers.generate(runner, tmp_path / "m.json", 24, members=3, writers=5)
    assert set(manifest) == {"suppliers", "members", "seed", "password", "buyer", "pages",
                             "writers"}
    assert (manifest["suppliers"], manifest["members"], manifest["seed"]) == (24, 3, 7)
    assert set(manifest["pages"]) == set(PAGES)
    with app.app_context():
        kinds = dict(db.session.execute(
            select(Organisation.kind, func.count()).group_by(Organisation.kind)).all())
        assert kinds == {OrganisationKind.BUYER: 3, OrganisationKind.SUPPLIER: 24}
        assert _count(User) == 3 * 2 + 24
        hashes = set(db.session.scalars(select(User.password_hash)))
        assert len(hashes) == 1 and hashes.pop().startswith("$argon2id$")
        members = list(db.session.scalars(select(ConsortiumMembership)))
        assert len(members) == 3 and sum(m.is_admin for m in members) == 1
        assert {m.consortium_id for m in members} == {manifest["buyer"]["consortium_id"]}
        # Each supplier is asked by one to three buyers, on every published version.
        per_supplier = db.session.execute(
            select(Request.supplier_id, func.count(distinct(Request.buyer_id)))
            .group_by(Request.supplier_id)).all()
        assert len(per_supplier) == 24 and {n for _s, n in per_supplier} <= {1, 2, 3}
        used = set(db.session.scalars(select(Request.questionnaire_version_id).distinct()))
        assert used == set(db.session.scalars(select(QuestionnaireVersion.id)))
        # Submitted, in progress and not started; every submission scored once.
        statuses = dict(db.session.execute(
            select(Response.status, func.count()).group_by(Response.status)).all())
        assert statuses[ResponseStatus.SUBMITTED] == _count(Assessment)
        assert statuses[ResponseStatus.DRAFT] >= 5
        assert _count(Request) > _count(Response)
        ratings = set(db.session.scalars(select(Assessment.rating)))
        assert len(ratings) >= 3, ratings
        assert db.session.scalar(select(func.sum(Assessment.red_flags))) > 0
        assert db.session.scalar(
            select(func.count()).where(QuestionOutcome.is_gap.is_(True))) > 0
        assert _count(FollowUpAction) and _count(ActionMessage) and _count(Finding)
        # Stored as the real path stores it: the engine on the stored answers gives the same.
        for row in db.session.scalars(select(Assessment).order_by(Assessment.id).limit(5)):
            response = db.session.get_one(Response, row.response_id)
            assert assessment_to_json(compute(response)[1]) == row.data


def _fingerprint(app: Flask) -> tuple[dict[str, int], list[str]]:
    """Row counts, and every request with its response and score, without ids."""
    with app.app_context():
        rows = db.session.execute(
            select(Organisation.name, QuestionnaireVersion.key, QuestionnaireVersion.version,
                   Request.stage, Request.required_tier, Request.invitation_code,
                   Response.status, Assessment.rating, Assessment.points)
            .join(Request, Request.supplier_id == Organisation.id)
            .join(QuestionnaireVersion, QuestionnaireVersion.id == Request.questionnaire_version_id)
            .outerjoin(Response, Response.request_id == Request.id)
            .outerjoin(Assessment, Assessment.response_id == Response.id)
        )
        return _table_counts(), sorted(repr(tuple(row)) for row in rows)


def test_the_same_seed_gives_the_same_world(app: Flask, runner: Any, tmp_path: Path) -> None:
    helpers.publish(app)
    first = helpers.generate(runner, tmp_path / "1.json", 6, seed=11)
    first_described, first_data = helpers.described(app, first), _fingerprint(app)
    helpers.empty(app)
    helpers.publish(app)
    second = helpers.generate(runner, tmp_path / "2.json", 6, seed=11)
    assert helpers.described(app, second) == first_described
    assert _fingerprint(app) == first_data
    if not str(app.config["DATABASE_URL"]).startswith("postgresql"):
        assert second == first  # on SQLite the ids start again from 1 as well
    helpers.empty(app)
    helpers.publish(app)
    other = helpers.generate(runner, None, 6, seed=12)  # the manifest in the instance folder
    assert helpers.described(app, other) != first_described
    assert _fingerprint(app) != first_data


def _visible_suppliers(consortium_id: int, buyer_id: int, key: str | None = None) -> int:
    """Suppliers with a submitted response (perhaps to one questionnaire) shared live with the
    consortium or the buyer."""
    stmt = (
        select(func.count(distinct(Request.supplier_id)))
        .join(Response, Response.request_id == Request.id)
        .join(Share, Share.response_id == Response.id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Request.questionnaire_version_id)
        .where(Response.status == ResponseStatus.SUBMITTED, Share.withdrawn_at.is_(None),
               or_(Share.consortium_id == consortium_id, Share.buyer_id == buyer_id))
    )
    if key is not None:
        stmt = stmt.where(QuestionnaireVersion.key == key)
    return db.session.scalar(stmt) or 0


def test_every_manifest_page_opens(app: Flask, client: FlaskClient, runner: Any,
                                   tmp_path: Path) -> None:
    helpers.publish(app)
    manifest = helpers.generate(runner, tmp_path / "m.json", 24, members=3, writers=5)
    helpers.sign_in(client, manifest["buyer"]["email"])
    pages = {name: client.get(url) for name, url in manifest["pages"].items()}
    for name, answer in pages.items():
        assert answer.status_code == 200, (name, answer.get_data(as_text=True)[:1000])
    assert pages["pdf"].mimetype == "application/pdf"
    compared = re.findall(r"supplier=(\d+)", manifest["pages"]["compare"])
    assert len(compared) == 10 and len(set(compared)) == 10
    with app.app_context():
        buyer = db.session.scalars(
            select(User).where(User.email == manifest["buyer"]["email"])).one()
        assert buyer.is_admin
        mine = list(db.session.scalars(
            select(Request.id).where(Request.buyer_id == buyer.organisation_id)))
        consortium = manifest["buyer"]["consortium_id"]
        visible = _visible_suppliers(consortium, buyer.organisation_id)
        key = manifest["pages"]["heatmap"].rpartition("questionnaire=")[2]
        visible_on_key = _visible_suppliers(consortium, buyer.organisation_id, key)
        featured = int(manifest["pages"]["submission"].rsplit("/", 1)[1])
        assert featured in mine
        response = db.session.scalars(select(Response).where(Response.request_id == featured)).one()
        assert response.status is ResponseStatus.SUBMITTED
        assert db.session.scalar(select(func.count()).where(
            FollowUpAction.response_id == response.id)) == 2
    # The pages show the whole world: every request of the buyer, every sharing supplier.
    dashboard = pages["dashboard"].get_data(as_text=True)
    assert all(f'href="/buyer/requests/{i}"' in dashboard for i in mine)
    assert f"{visible} suppliers" in pages["directory"].get_data(as_text=True)
    assert f"Based on {visible_on_key} suppliers." in pages["heatmap"].get_data(as_text=True)
    # Each writer's page opens for its own supplier user, on the largest questionnaire.
    writers = manifest["writers"]
    assert len(writers) == 5 and len({w["email"] for w in writers}) == 5
    assert len({w["section"].rsplit("/", 1)[1] for w in writers}) == 1
    for writer in writers:
        helpers.sign_in(client, writer["email"])
        page = client.get(writer["section"])
        assert page.status_code == 200
        assert f'<textarea id="q_{writer["question"]}"' in page.get_data(as_text=True)
    with app.app_context():
        ids = [w["request_id"] for w in writers]
        versions = set(db.session.scalars(
            select(Request.questionnaire_version_id).where(Request.id.in_(ids))))
        drafts = db.session.scalars(select(Response.status).where(Response.request_id.in_(ids)))
        assert set(drafts) == {ResponseStatus.DRAFT}
        assert len(versions) == 1
        largest = max(
            db.session.scalars(select(QuestionnaireVersion)),
            key=lambda v: len(definition_of(v).questions()),
        )
        assert versions == {largest.id}
