"""Answering a section: forms from the definition, saving, conditions, validation, bad input."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from portal.assessments.services import compute
from portal.auth.models import User
from portal.db import db
from portal.responses import services
from portal.responses.models import Response, ResponseStatus
from tests.factories import sign_in
from tests.responses.conftest import Started
from tests.responses.helpers import form_tokens, stored_answers, tokens_in

POLICY = "/supplier/requests/{}/sections/policy"
WAGES = "/supplier/requests/{}/sections/wages"


def _answers(client: FlaskClient, started: Started) -> dict[str, Any]:
    with client.application.app_context():
        return stored_answers(started.response_id)


def test_the_form_follows_the_definition(supplier: FlaskClient, started: Started) -> None:
    html = supplier.get(POLICY.format(started.request_id)).get_data(as_text=True)
    # a choice group is a fieldset with a legend, its help text tied to it
    assert '<fieldset class="choices" aria-describedby="hint-forced_labour_policy">' in html
    assert "Do you have a written policy prohibiting forced labour?" in html
    assert "A board-approved document." in html
    assert (
        'type="radio" id="q_forced_labour_policy-0" name="q_forced_labour_policy" value="yes"'
        in html
    )
    # conditional questions are in the page, hidden until their condition holds
    assert (
        'id="question-policy_scope" data-question="policy_scope" data-type="single_choice" hidden'
        in html
    )
    assert 'enctype="multipart/form-data"' in html
    assert "Answer for your whole company." in html  # a note
    wages = supplier.get(WAGES.format(started.request_id)).get_data(as_text=True)
    assert '<label class="question__text" for="q_weekly_hours">' in wages
    assert 'inputmode="decimal"' in wages and "hours" in wages
    assert '<textarea id="q_audit_findings"' in wages


def test_save_and_continue(supplier: FlaskClient, started: Started) -> None:
    url = POLICY.format(started.request_id)
    page = supplier.post(url, data={**form_tokens(supplier, url), "q_forced_labour_policy": "no",
                                    "action": "save"})
    assert page.status_code == 302 and page.location.endswith(WAGES.format(started.request_id))
    assert _answers(supplier, started) == {"forced_labour_policy": "no"}
    overview = supplier.get(f"/supplier/requests/{started.request_id}").get_data(as_text=True)
    assert "You have completed 1 of 2 sections." in overview


def test_a_revealed_question_keeps_the_user_on_the_section(
    supplier: FlaskClient, started: Started
) -> None:
    url = POLICY.format(started.request_id)
    page = supplier.post(url, data={**form_tokens(supplier, url), "q_forced_labour_policy": "yes",
                                    "action": "save"})
    assert page.status_code == 302 and page.location.endswith(f"{url}#question-policy_document")
    html = supplier.get(url).get_data(as_text=True)
    assert "More questions now apply" in html
    assert 'data-question="policy_scope" data-type="single_choice">' in html  # shown now


def test_validation_errors_are_summarised_and_the_rest_is_saved(
    supplier: FlaskClient, started: Started
) -> None:
    url = WAGES.format(started.request_id)
    page = supplier.post(url, data={**form_tokens(supplier, url), "q_weekly_hours": "500",
                                    "q_audit_findings": "Kept.", "action": "save"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert '<li><a href="#q_weekly_hours">Enter a number from 0 to 168.</a></li>' in html
    assert 'value="500"' in html  # what was typed is shown again
    assert 'aria-invalid="true"' in html
    assert _answers(supplier, started) == {"audit_findings": "Kept."}


def test_a_draft_may_leave_required_questions(supplier: FlaskClient, started: Started) -> None:
    url = POLICY.format(started.request_id)
    page = supplier.post(url, data={**form_tokens(supplier, url), "action": "later"})
    assert page.status_code == 302 and _answers(supplier, started) == {}


def test_hidden_answers_are_kept_but_not_scored(
    supplier: FlaskClient, started: Started
) -> None:
    url = POLICY.format(started.request_id)
    supplier.post(url, data={**form_tokens(supplier, url), "q_forced_labour_policy": "yes"})
    supplier.post(url, data={**form_tokens(supplier, url), "q_forced_labour_policy": "yes",
                             "q_policy_scope": "all"})
    supplier.post(url, data={**form_tokens(supplier, url), "q_forced_labour_policy": "no",
                             "q_policy_scope": "all"})
    assert _answers(supplier, started) == {"forced_labour_policy": "no", "policy_scope": "all"}
    html = supplier.get(url).get_data(as_text=True)
    assert 'data-question="policy_scope" data-type="single_choice" hidden' in html
    with supplier.application.app_context():
        _definition, scored = compute(db.session.get(Response, started.response_id))
        assert scored.question("policy_scope").applicable is False


def test_answers_to_hidden_or_unknown_questions_are_not_saved(
    supplier: FlaskClient, started: Started
) -> None:
    url = POLICY.format(started.request_id)
    page = supplier.post(url, data={**form_tokens(supplier, url), "q_forced_labour_policy": "no",
                                    "q_policy_scope": "all", "q_nonsense": "x",
                                    "r_nonsense": "0:0000000000000000", "action": "later"},
                         follow_redirects=True)
    assert "Answers to questions that do not apply were not saved." in page.get_data(as_text=True)
    assert _answers(supplier, started) == {"forced_labour_policy": "no"}


def test_autosave(supplier: FlaskClient, started: Started) -> None:
    url = f"/supplier/requests/{started.request_id}/autosave"
    token = tokens_in(supplier.get(WAGES.format(started.request_id)).get_data(as_text=True))
    saved = supplier.post(url, json={"question": "weekly_hours", "values": ["40"],
                                     "token": token["weekly_hours"]})
    body = saved.get_json()
    assert saved.status_code == 200 and body["status"] == "saved"
    assert body["token"].startswith("1:") and "audit_types" in body["visible"]
    again = supplier.post(url, json={"question": "weekly_hours", "values": ["40"],
                                     "token": body["token"]})
    assert again.get_json()["status"] == "unchanged"
    assert _answers(supplier, started) == {"weekly_hours": 40}


def test_autosave_refuses_bad_input(supplier: FlaskClient, started: Started) -> None:
    url = f"/supplier/requests/{started.request_id}/autosave"
    token = "0:74234e98afe7498f"
    cases = [
        ({"question": "weekly_hours", "values": ["169"], "token": token}, 422, "invalid"),
        ({"question": "weekly_hours", "values": ["lots"], "token": token}, 422, "invalid"),
        ({"question": "policy_scope", "values": ["all"], "token": token}, 422, "hidden"),
        ({"question": "nonsense", "values": ["x"], "token": token}, 404, "invalid"),
        ({"question": "intro", "values": ["x"], "token": token}, 404, "invalid"),
        ({"question": "weekly_hours", "values": "40", "token": token}, 400, "invalid"),
        ({"question": "weekly_hours", "values": [4], "token": token}, 400, "invalid"),
    ]
    for payload, status, kind in cases:
        reply = supplier.post(url, json=payload)
        assert (reply.status_code, reply.get_json()["status"]) == (status, kind), payload
    assert supplier.post(url, data="not json", content_type="application/json").status_code == 400
    assert _answers(supplier, started) == {}


def test_a_submitted_response_cannot_change(
    supplier: FlaskClient, started: Started, world: Any
) -> None:
    url = POLICY.format(started.request_id)
    data = {**form_tokens(supplier, url), "q_forced_labour_policy": "no"}
    with supplier.application.app_context():
        response = db.session.get(Response, started.response_id)
        response.status = ResponseStatus.SUBMITTED
        db.session.commit()
    page = supplier.post(url, data=data)
    assert page.status_code == 409 and "Nothing was changed" in page.get_data(as_text=True)
    auto = supplier.post(f"/supplier/requests/{started.request_id}/autosave",
                         json={"question": "forced_labour_policy", "values": ["no"],
                               "token": data["r_forced_labour_policy"]})
    assert auto.status_code == 409 and auto.get_json()["status"] == "locked"
    assert _answers(supplier, started) == {}


def test_another_suppliers_request_is_not_found(
    client: FlaskClient, started: Started, world: Any
) -> None:
    sign_in(client, world.other_supplier_admin.email)
    url = POLICY.format(started.request_id)
    assert client.get(url).status_code == 404
    crafted = {"q_forced_labour_policy": "no", "r_forced_labour_policy": "0:74234e98afe7498f"}
    assert client.post(url, data=crafted).status_code == 404
    reply = client.post(f"/supplier/requests/{started.request_id}/autosave",
                        json={"question": "forced_labour_policy", "values": ["no"]})
    assert reply.status_code == 404
    assert "Brightline" not in reply.get_data(as_text=True)
    assert _answers(client, started) == {}


def test_questionnaire_text_in_the_users_language(
    client: FlaskClient, started: Started, world: Any
) -> None:
    with client.application.app_context():
        user = db.session.get(User, world.supplier_admin.id)
        user.language = "fr"
        db.session.commit()
    sign_in(client, world.supplier_admin.email)
    html = client.get(POLICY.format(started.request_id)).get_data(as_text=True)
    assert "Avez-vous une politique écrite interdisant le travail forcé ?" in html
    assert '<html lang="fr">' in html
    with client.application.app_context():
        db.session.get(User, world.supplier_admin.id).language = "es"
        db.session.commit()
    html = client.get(POLICY.format(started.request_id)).get_data(as_text=True)
    assert "Do you have a written policy prohibiting forced labour?" in html  # no Spanish text


def test_an_unknown_section_is_not_found(supplier: FlaskClient, started: Started) -> None:
    assert supplier.get(f"/supplier/requests/{started.request_id}/sections/nope").status_code == 404


def test_sections_need_a_started_response(supplier: FlaskClient, world: Any, issued: Any) -> None:
    page = supplier.get(POLICY.format(issued.id))
    assert page.status_code == 302 and page.location.endswith(f"/supplier/requests/{issued.id}")
    with supplier.application.app_context():
        assert services.response_for(db.session.get(services.Request, issued.id)) is None
