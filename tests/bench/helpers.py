"""Running `flask bench generate` in tests: on an empty database with the shipped questionnaires."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from portal.bench.generate import PASSWORD
from portal.db import db
from portal.organisations.models import Consortium, Organisation
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import publish_paths
from portal.requests.models import Request
from tests.conftest import _empty_tables

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"


_PUBLISHED: list[dict[str, Any]] = []


def publish(app: Flask) -> None:
    """The shipped questionnaires published: through the real command once per run (it
    validates every file, which takes a while), then the same rows again."""
    with app.app_context():
        if _PUBLISHED:
            db.session.execute(insert(QuestionnaireVersion), _PUBLISHED)
        else:
            publish_paths([SHIPPED])
            table = QuestionnaireVersion.__table__
            _PUBLISHED.extend(
                {k: v for k, v in row._asdict().items() if k != "id"}
                for row in db.session.execute(select(table))
            )
        db.session.commit()


def empty(app: Flask) -> None:
    """Back to a migrated, empty database (the seeded categories kept), as each test starts."""
    with app.app_context():
        db.session.remove()
        _empty_tables()


def generate(runner: Any, path: Path | None, suppliers: int, *, members: int = 3,
             seed: int = 7, writers: int = 4) -> dict[str, Any]:
    """Run the command; the manifest it wrote (by default into the instance folder)."""
    args = ["bench", "generate", "--suppliers", str(suppliers), "--members", str(members),
            "--seed", str(seed), "--writers", str(writers)]
    result = runner.invoke(args=args + (["--manifest", str(path)] if path else []))
    assert result.exit_code == 0, result.output
    assert PASSWORD in result.output
    if path is None:
        path = Path(runner.app.instance_path) / "bench-manifest.json"
    manifest: dict[str, Any] = json.loads(path.read_text())
    return manifest


def sign_in(client: FlaskClient, email: str) -> None:
    client.post("/auth/sign-out")
    answer = client.post("/auth/sign-in", data={"email": email, "password": PASSWORD})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:500]


def described(app: Flask, manifest: dict[str, Any]) -> str:
    """The manifest with every id replaced by what it names, to compare runs whose ids differ
    (PostgreSQL's sequences go on counting after a test empties the tables)."""
    with app.app_context():
        def request(match: re.Match[str]) -> str:
            found = db.session.get(Request, int(match[2]))
            assert found is not None
            v = found.questionnaire_version
            return (f"{match[1]}[{found.buyer.name}>{found.supplier.name}:{v.key} {v.version}"
                    f" {found.stage} {found.invitation_code}]")

        def named(model: Any) -> Any:
            def name(match: re.Match[str]) -> str:
                found = db.session.scalar(select(model.name).where(model.id == int(match[2])))
                return f"{match[1]}[{found}]"

            return name

        text = json.dumps(manifest, sort_keys=True)
        text = re.sub(r"(requests/|\"request_id\": )(\d+)", request, text)
        text = re.sub(r"(consortia/|\"consortium_id\": )(\d+)", named(Consortium), text)
        return re.sub(r"(supplier=)(\d+)", named(Organisation), text)
