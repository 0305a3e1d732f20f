"""Deterministic budgets: each page the load harness measures runs as many SQL statements on
a generated world four times larger. A count that grows with the data is an N+1 query."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.bench import helpers
from tests.factories import counting

SMALL, LARGE = 6, 24


def _statements(app: Flask, client: FlaskClient, manifest: dict[str, Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    helpers.sign_in(client, manifest["buyer"]["email"])
    for name, url in manifest["pages"].items():
        client.get(url)  # the first visit may fill caches; the budget is for every visit
        with counting(app) as statements:
            answer = client.get(url)
        assert answer.status_code == 200, (name, answer.get_data(as_text=True)[:1000])
        found[name] = len(statements)
    writer = manifest["writers"][0]
    helpers.sign_in(client, writer["email"])
    client.get(writer["section"])
    with counting(app) as statements:
        page = client.get(writer["section"])
    assert page.status_code == 200
    found["section"] = len(statements)
    token = re.search(rf'name="r_{re.escape(writer["question"])}" value="([^"]*)"',
                      page.get_data(as_text=True))
    assert token is not None
    with counting(app) as statements:
        saved = client.post(writer["autosave"], json={
            "question": writer["question"], "values": ["Counted save"], "token": token[1]})
    assert saved.status_code == 200 and saved.json and saved.json["status"] == "saved"
    found["save"] = len(statements)
    return found


def test_statement_counts_do_not_grow_with_the_data(
    app: Flask, client: FlaskClient, runner: Any, tmp_path: Path
) -> None:
    helpers.publish(app)
    small = _statements(app, client, helpers.generate(runner, tmp_path / "s.json", SMALL))
    helpers.empty(app)
    helpers.publish(app)
    large = _statements(app, client, helpers.generate(runner, tmp_path / "l.json", LARGE))
    assert large == small
