"""Importing OCDS packages: what is created, re-imports that create nothing, bad files."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.db import db
from portal.organisations.models import Organisation, OrganisationKind
from portal.tenders.models import Contract, OrganisationIdentifier, Tender, TenderSupplier
from tests.factories import WorldRefs, sign_in
from tests.tenders.ocds_builders import (
    dump,
    record_package,
    release_10,
    release_11,
    release_package,
)


def _counts(app: Flask) -> tuple[int, int, int, int]:
    with app.app_context():
        def count(model: Any) -> int:
            return db.session.scalar(select(func.count()).select_from(model)) or 0

        suppliers = db.session.scalar(
            select(func.count()).select_from(Organisation)
            .where(Organisation.kind == OrganisationKind.SUPPLIER)) or 0
        return count(Tender), count(Contract), suppliers, count(TenderSupplier)


def _write(tmp_path: Path, package: Any, name: str = "package.json") -> Path:
    path = tmp_path / name
    path.write_bytes(dump(package))
    return path


@pytest.mark.parametrize(
    ("build", "version"),
    [(release_package, "1.1"), (record_package, "1.1"), (release_package, None),
     (record_package, None)],
    ids=["release 1.1", "record 1.1", "release 1.0", "record 1.0"],
)
def test_cli_imports_then_reimports_without_duplicates(
    app: Flask, runner: Any, world: WorldRefs, tmp_path: Path, build: Any, version: str | None
) -> None:
    release = release_11() if version else release_10()
    path = _write(tmp_path, build(release, version=version))
    before = _counts(app)
    first = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer", world.buyer.name])
    assert first.exit_code == 0, first.output
    suppliers = 2 if version else 1
    assert first.output.splitlines()[0] == (
        f"created: 1 tenders, 1 contracts, {suppliers} suppliers; updated: 0; skipped: 0"
    )
    after = _counts(app)
    assert after[:3] == (before[0] + 1, before[1] + 1, before[2] + suppliers)
    again = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                str(world.buyer.id)])
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[0] == (
        "created: 0 tenders, 0 contracts, 0 suppliers; updated: 0; skipped: 0"
    )
    assert _counts(app) == after
    with app.app_context():
        tender = db.session.scalar(select(Tender).where(Tender.buyer_id == world.buyer.id))
        assert tender is not None and tender.ocid == release["ocid"]
        contract = db.session.scalar(select(Contract))
        assert contract is not None and contract.tender_id == tender.id


def test_reimport_updates_changed_fields(app: Flask, runner: Any, world: WorldRefs,
                                         tmp_path: Path) -> None:
    release = release_11()
    path = _write(tmp_path, release_package(release))
    assert runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                               world.buyer.name]).exit_code == 0
    later = release_11(date="2024-09-01T00:00:00Z")
    later["contracts"][0]["status"] = "terminated"
    later["tender"]["title"] = "Laptops for teaching rooms (lot 1)"
    path = _write(tmp_path, release_package(later), "later.json")
    result = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                 world.buyer.name])
    assert result.output.splitlines()[0] == (
        "created: 0 tenders, 0 contracts, 0 suppliers; updated: 2; skipped: 0"
    )
    with app.app_context():
        contract = db.session.scalar(select(Contract))
        assert contract is not None and contract.status.value == "terminated"


def test_suppliers_are_matched_by_identifier_then_by_name(
    app: Flask, runner: Any, world: WorldRefs, tmp_path: Path
) -> None:
    release = release_11()
    # The supplier already on the portal under the same name (the world's Brightline IT)
    release["parties"][1]["name"] = world.supplier.name
    release["tender"]["tenderers"][0]["name"] = world.supplier.name
    release["awards"][0]["suppliers"][0]["name"] = world.supplier.name
    path = _write(tmp_path, release_package(release))
    result = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                 world.buyer.name])
    assert "1 suppliers" in result.output.splitlines()[0]  # only Northwind is new
    with app.app_context():
        contract = db.session.scalar(select(Contract))
        assert contract is not None and contract.supplier_id == world.supplier.id
        known = db.session.scalar(select(OrganisationIdentifier).where(
            OrganisationIdentifier.identifier == "01234567"))
        assert known is not None and known.organisation_id == world.supplier.id
    # Renamed in a later publication: the identifier still finds it.
    renamed = release_11(date="2024-09-01T00:00:00Z")
    renamed["awards"][0]["suppliers"][0]["name"] = "Brightline Information Technology"
    renamed["parties"][1]["name"] = "Brightline Information Technology"
    path = _write(tmp_path, release_package(renamed), "renamed.json")
    again = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                world.buyer.name])
    assert "0 suppliers" in again.output.splitlines()[0]


def test_a_buyer_named_like_a_supplier_is_not_taken(
    app: Flask, runner: Any, world: WorldRefs, tmp_path: Path
) -> None:
    release = release_11()
    release["awards"][0]["suppliers"] = [{"name": world.other_buyer.name}]
    path = _write(tmp_path, release_package(release))
    result = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                 world.buyer.name])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "0 contracts" in lines[0] and "skipped: 2" in lines[0]
    assert any("on the portal as a buyer" in line for line in lines[1:])


def test_messy_package_prints_each_skipped_item(
    app: Flask, runner: Any, world: WorldRefs, tmp_path: Path
) -> None:
    release = release_11()
    release["contracts"].append({"id": "C2", "awardID": "missing"})
    release["awards"].append({"id": None, "suppliers": []})
    path = _write(tmp_path, release_package(release, {"ocid": None}))
    result = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                 world.buyer.name])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("skipped: 3")
    assert lines[1:] == [
        "skipped release 2: it has no ocid",
        "skipped award 2 of ocds-abc123-0001: it has no id",
        "skipped contract C2 of ocds-abc123-0001: its award missing is not in the release",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not json", "not JSON"),
        (json.dumps({"hello": "world"}).encode(), "not an OCDS release or record package"),
        (json.dumps({"version": "9", "releases": []}).encode(), "not supported"),
    ],
)
def test_bad_files_change_nothing(app: Flask, runner: Any, world: WorldRefs, tmp_path: Path,
                                  content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = _counts(app)
    result = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                 world.buyer.name])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output
    assert _counts(app) == before


def test_a_200_mb_file_is_refused_without_being_read(
    app: Flask, runner: Any, world: WorldRefs, tmp_path: Path
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    result = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                 world.buyer.name])
    assert result.exit_code == 1
    assert "larger than 50 MB" in result.output


def test_unknown_buyer(runner: Any, world: WorldRefs, tmp_path: Path) -> None:
    path = _write(tmp_path, release_package(release_11()))
    result = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer", "Nobody"])
    assert result.exit_code == 1 and "no organisation 'Nobody'" in result.output
    supplier = runner.invoke(args=["tenders", "import-ocds", str(path), "--buyer",
                                   world.supplier.name])
    assert supplier.exit_code == 1 and "is not a buyer organisation" in supplier.output


def test_upload_page_imports_and_reports(client: FlaskClient, world: WorldRefs, app: Flask) -> None:
    sign_in(client, world.buyer_member.email)
    page = client.post("/tenders/import", data={
        "file": (io.BytesIO(dump(record_package(release_11()))), "records.json")},
        content_type="multipart/form-data")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "created: 1 tenders, 1 contracts, 2 suppliers; updated: 0; skipped: 0" in text
    again = client.post("/tenders/import", data={
        "file": (io.BytesIO(dump(release_package(release_11()))), "releases.json")},
        content_type="multipart/form-data")
    assert "created: 0 tenders, 0 contracts, 0 suppliers" in again.get_data(as_text=True)
    listing = client.get("/tenders/?q=laptops").get_data(as_text=True)
    assert "EV-2024-017" in listing


def test_upload_page_refuses_bad_and_large_files(client: FlaskClient, world: WorldRefs,
                                                 app: Flask) -> None:
    sign_in(client, world.buyer_member.email)
    bad = client.post("/tenders/import", data={"file": (io.BytesIO(b"<xml/>"), "x.json")},
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "Nothing was imported" in bad.get_data(as_text=True)
    app.config["OCDS_MAX_BYTES"] = 1000
    big = client.post("/tenders/import", data={
        "file": (io.BytesIO(b" " * 2000), "big.json")}, content_type="multipart/form-data")
    assert big.status_code == 400 and "larger than" in big.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 1500
    refused = client.post("/tenders/import", data={
        "file": (io.BytesIO(b" " * 3000), "bigger.json")}, content_type="multipart/form-data")
    assert refused.status_code == 413
    assert _counts(app)[0] == 0
