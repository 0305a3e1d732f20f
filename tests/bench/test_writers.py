"""A manifest writer saves as the page's script does, CSRF and all: sign in with the form's
token, open the section, then post each answer with the page's token and the answer's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.bench import helpers


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def _csrf_sign_in(client: FlaskClient, email: str) -> None:
    page = client.get("/auth/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None
    answer = client.post("/auth/sign-in", data={
        "email": email, "password": helpers.PASSWORD, "csrf_token": token[1]})
    assert answer.status_code == 302


def _section(client: FlaskClient, writer: dict[str, Any]) -> tuple[str, str, str]:
    page = client.get(writer["section"])
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    csrf = re.search(r'data-csrf="([^"]+)"', text)
    qid = re.escape(writer["question"])
    token = re.search(rf'name="r_{qid}" value="([^"]*)"', text)
    area = re.search(rf'<textarea[^>]*name="q_{qid}"[^>]*>(.*?)</textarea>', text, re.S)
    assert csrf and token and area
    return csrf[1], token[1], area[1]


def test_a_writer_saves_through_autosave(app: Any, client: FlaskClient, runner: Any,
                                         tmp_path: Path) -> None:
    helpers.publish(app)
    manifest = helpers.generate(runner, tmp_path / "m.json", 6, writers=2)
    writer = manifest["writers"][0]
    _csrf_sign_in(client, writer["email"])
    csrf, token, before = _section(client, writer)
    assert before  # the writer's text question was answered before
    start = int(token.partition(":")[0])
    refused = client.post(writer["autosave"], json={
        "question": writer["question"], "values": ["no header"], "token": token})
    assert refused.status_code == 400  # without the page's CSRF token nothing is saved
    for n in range(1, 4):
        answer = client.post(
            writer["autosave"], headers={"X-CSRFToken": csrf, "Accept": "application/json"},
            json={"question": writer["question"], "values": [f"Saved {n}"], "token": token},
        )
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.json is not None and answer.json["status"] == "saved"
        token = answer.json["token"]
    _csrf, token, text = _section(client, writer)
    assert int(token.partition(":")[0]) == start + 3
    assert text == "Saved 3"
