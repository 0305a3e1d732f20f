"""Evidence: uploads checked by content and extension, listed, removable, served safely."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.auth.models import User
from portal.db import db
from portal.organisations.models import Organisation
from portal.responses import services, sharing, submission
from portal.responses.models import EvidenceFile, Response
from tests.factories import sign_in
from tests.responses.conftest import Started
from tests.responses.files import EXE, PDF, TXT, office
from tests.responses.helpers import form_tokens, stored_answers

POLICY = "/supplier/requests/{}/sections/policy"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"UPLOAD_MAX_BYTES": 1024, "MAX_CONTENT_LENGTH": 16 * 1024,
            "UPLOAD_ZIP_MAX_UNCOMPRESSED": 2048}


def _post(client: FlaskClient, started: Started, files: list[tuple[bytes, str]],
          policy: str = "yes", action: str = "upload:policy_document") -> Any:
    url = POLICY.format(started.request_id)
    tokens = form_tokens(client, url)
    data: dict[str, Any] = {**tokens, "q_forced_labour_policy": policy, "action": action}
    data["q_policy_document"] = [(io.BytesIO(body), name) for body, name in files]
    return client.post(url, data=data, content_type="multipart/form-data")


def _files(app: Flask) -> list[tuple[str, str, int]]:
    with app.app_context():
        return [(f.filename, f.content_type, f.size) for f in db.session.scalars(
            select(EvidenceFile).order_by(EvidenceFile.id))]


def test_upload_list_download_remove(supplier: FlaskClient, app: Flask, started: Started) -> None:
    page = _post(supplier, started, [(PDF, "Política final.pdf"), (TXT, "notes.txt")])
    assert page.status_code == 302 and page.location.endswith("#question-policy_document")
    assert _files(app) == [("Política final.pdf", "application/pdf", len(PDF)),
                           ("notes.txt", "text/plain", len(TXT))]
    with app.app_context():
        ids = [f.id for f in db.session.scalars(select(EvidenceFile).order_by(EvidenceFile.id))]
        assert stored_answers(started.response_id)["policy_document"] == ids
    html = supplier.get(POLICY.format(started.request_id)).get_data(as_text=True)
    link = f"/responses/{started.response_id}/evidence/{ids[0]}"
    assert f'href="{link}">Política final.pdf</a>' in html

    download = supplier.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Pol_tica final.pdf\"; "
        "filename*=UTF-8''Pol%C3%ADtica%20final.pdf"
    )

    removed = _post(supplier, started, [], action=f"remove:{ids[0]}")
    assert removed.status_code == 302
    assert [f[0] for f in _files(app)] == ["notes.txt"]
    with app.app_context():
        assert stored_answers(started.response_id)["policy_document"] == [ids[1]]


@pytest.mark.parametrize(
    ("body", "name", "message"),
    [
        (EXE, "policy.pdf", "does not contain what its name says"),
        (PDF, "policy.exe", "files of this type cannot be uploaded"),
        (office("docx", big=4096), "policy.docx", "cannot be opened safely"),
        (PDF + b" " * 2000, "policy.pdf", "larger than 1 KB"),
    ],
)
def test_refused_uploads_change_nothing(
    supplier: FlaskClient, app: Flask, started: Started, body: bytes, name: str, message: str
) -> None:
    page = _post(supplier, started, [(body, name)])
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and message in html
    assert 'href="#q_policy_document"' in html  # the summary links to the file input
    assert _files(app) == []
    with app.app_context():  # the other answer in the form is saved all the same
        assert stored_answers(started.response_id) == {"forced_labour_policy": "yes"}


def test_a_request_larger_than_allowed_is_refused(supplier: FlaskClient, started: Started) -> None:
    page = _post(supplier, started, [(PDF + b" " * 20_000, "policy.pdf")])
    assert page.status_code == 413 and "The upload is too large" in page.get_data(as_text=True)


def test_no_upload_to_a_question_that_does_not_apply(
    supplier: FlaskClient, app: Flask, started: Started
) -> None:
    page = _post(supplier, started, [(PDF, "policy.pdf")], policy="no")
    assert page.status_code == 400 and "does not apply" in page.get_data(as_text=True)
    assert _files(app) == []


def _submit_with_file(app: Flask, world: Any, started: Started) -> int:
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        response = db.session.get(Response, started.response_id)
        services.set_answer_value(actor, response, "forced_labour_policy", "yes")
        from portal.responses import evidence
        from portal.responses.uploads import inspect_upload

        file = evidence.add_file(actor, response, "policy_document",
                                 inspect_upload("p.pdf", PDF, max_bytes=10**6), PDF)
        submission.submit(actor, response, services.state_of(response), language="en")
        db.session.commit()
        return file.id


def test_who_may_download(client: FlaskClient, app: Flask, world: Any, started: Started) -> None:
    file_id = _submit_with_file(app, world, started)
    url = f"/responses/{started.response_id}/evidence/{file_id}"
    for who, status in (("buyer_member", 200), ("other_buyer_admin", 404),
                        ("other_supplier_admin", 404), ("consortium_member", 404),
                        ("operator", 404)):
        sign_in(client, getattr(world, who).email)
        assert client.get(url).status_code == status, who
        client.post("/auth/sign-out")
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        response = db.session.get(Response, started.response_id)
        share = sharing.share(actor, response, buyer=db.session.get(Organisation,
                                                                    world.other_buyer.id))
        db.session.commit()
        share_id = share.id
    sign_in(client, world.other_buyer_admin.email)
    assert client.get(url).status_code == 200
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        sharing.withdraw(actor, db.session.get(Response, started.response_id),
                         db.session.get(sharing.Share, share_id))
        db.session.commit()
    assert client.get(url).status_code == 404


def test_files_of_a_submitted_response_cannot_be_removed(
    supplier: FlaskClient, app: Flask, world: Any, started: Started
) -> None:
    file_id = _submit_with_file(app, world, started)
    url = POLICY.format(started.request_id)
    page = supplier.post(url, data={"action": f"remove:{file_id}"})
    assert page.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EvidenceFile)) == 1
