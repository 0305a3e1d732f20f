"""The supplier's whole journey in headless Chromium: invitation to sharing, nothing lost."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from portal.db import db
from portal.organisations.models import OrganisationKind, Role
from portal.responses.models import Answer, EvidenceFile
from tests import factories
from tests.responses.helpers import issue_request, response_of

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fresh_supplier_request(app: Any, world: Any) -> Any:
    """A request to a supplier organisation that has no users yet."""
    with app.app_context():
        org = factories.organisation(OrganisationKind.SUPPLIER, "Fresh Textiles Ltd")
        made = issue_request(
            world, supplier="supplier", tier="advanced", message="Please answer by the deadline."
        )
        from portal.requests.models import Request

        req = db.session.get(Request, made.id)
        assert req is not None
        req.supplier_id = org.id
        db.session.commit()
        return made, org.id


def _saved(page: Any) -> None:
    page.locator("#autosave-status", has_text="Saved").wait_for()
    page.evaluate("document.getElementById('autosave-status').textContent = ''")


def test_invitation_to_sharing(
    browser_page: Any, live_server: Any, world: Any, axe_check: Any, tmp_path: Path
) -> None:
    page = browser_page
    app = live_server.app
    made, org_id = _fresh_supplier_request(app, world)

    # The invitation link, then registration: the first person of the organisation is admin.
    page.goto(f"/invitations/{made.token}")
    assert "Fresh Textiles Ltd" in page.inner_text("main")
    axe_check(page)
    page.click("a:text('Create an account')")
    page.fill("#name", "Ana Costa")
    page.fill("#email", "ana@fresh-textiles.example")
    page.fill("#password", "lantern-meadow-spindle")
    page.fill("#confirm", "lantern-meadow-spindle")
    page.click("#submit")
    page.wait_for_url(re.compile(rf"/supplier/requests/{made.id}$"))
    with app.app_context():
        from portal.auth.services import user_by_email

        user = user_by_email("ana@fresh-textiles.example")
        assert user is not None and user.organisation_id == org_id and user.role is Role.ADMIN
    assert "Please answer by the deadline." in page.inner_text("main")
    axe_check(page)

    # Start, and open the first section from the task list.
    page.click("button:text('Start answering')")
    page.wait_for_selector("ol.task-list")
    axe_check(page)
    page.click("ol.task-list >> text=Policy")
    page.wait_for_selector("h1:text('Policy')")

    # A condition: the scope and the upload appear only once the policy exists.
    assert page.is_hidden("#question-policy_scope")
    assert page.is_hidden("#question-policy_document")
    page.check("#q_forced_labour_policy-0")
    page.wait_for_selector("#question-policy_scope", state="visible")
    assert page.is_visible("#question-policy_document")
    _saved(page)
    page.check("#q_policy_scope-0")  # own staff only: a gap at the advanced tier
    _saved(page)
    axe_check(page)

    # An upload (the page saves everything else on the way).
    upload = tmp_path / "Forced labour policy.pdf"
    upload.write_bytes(PDF)
    page.set_input_files("#q_policy_document", str(upload))
    page.click("button[value='upload:policy_document']")
    page.wait_for_selector("text=Forced labour policy.pdf")

    # Reload: nothing lost.
    page.reload()
    assert page.is_checked("#q_forced_labour_policy-0")
    assert page.is_checked("#q_policy_scope-0")
    assert page.is_visible("text=Forced labour policy.pdf")
    page.click("button.button:text('Save and continue')")
    page.wait_for_selector("h1:text('Wages and hours')")

    # Typing is saved as it goes; a condition on a number and on a multiple choice.
    page.fill("#q_weekly_hours", "45")
    page.wait_for_selector("#question-audit_types", state="visible")
    _saved(page)
    page.check("#q_audit_types-1")
    page.wait_for_selector("#question-last_audit", state="visible")
    _saved(page)
    page.fill("#q_last_audit", "2024-05-01")
    page.dispatch_event("#q_last_audit", "change")
    _saved(page)
    page.fill("#q_audit_findings", "Two overtime breaches, corrected within a month.")
    _saved(page)
    page.reload()
    assert page.input_value("#q_weekly_hours") == "45"
    assert page.input_value("#q_audit_findings").startswith("Two overtime breaches")
    with app.app_context():
        response = response_of(made.id)
        assert response is not None
        stored = {
            a.question_id: a.value
            for a in db.session.scalars(select(Answer).where(Answer.response_id == response.id))
        }
        assert stored["weekly_hours"] == 45 and stored["audit_types"] == ["third_party"]
        assert db.session.scalar(select(EvidenceFile.filename)) == "Forced labour policy.pdf"
    page.click("button.button:text('Save and continue')")
    page.wait_for_selector("ol.task-list")

    # Check, submit, and acknowledge every recommendation.
    page.click("text=Check your answers and submit")
    page.wait_for_selector("h1:text('Check your answers')")
    assert "Forced labour policy.pdf" in page.inner_text("main")
    axe_check(page)
    page.click("text=Submit my answers")
    page.wait_for_selector("h1:text('Recommendations')")
    axe_check(page)
    sections = page.locator("section.recommendation")
    count = sections.count()
    assert count >= 1
    for index in range(count):
        section = page.locator("section.recommendation").nth(index)
        section.locator("input[value='accepted']").check()
        section.locator("textarea[id$='planned_action']").fill("Commission an independent audit.")
        section.locator("input[type=date]").fill("2031-06-30")
        section.locator("button[type=submit]").click()
        page.wait_for_load_state()
    assert "your assessment is complete" in page.inner_text("main")

    # Share with another buyer; the supplier sees who can read it.
    page.goto(f"/supplier/requests/{made.id}/sharing")
    axe_check(page)
    page.check("#audience-0")
    page.fill("#value", "Westshire Council")
    page.click("#submit")
    page.wait_for_selector("td:text('Westshire Council')")
    readers = page.inner_text("table")
    assert "Eastvale University" in readers and "Westshire Council" in readers
    axe_check(page)
