"""The buyer's journey in headless Chromium: issue to a supplier, review the scored submission,
override an outcome, turn gaps into actions, download the PDF report."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from portal.db import db
from portal.followup.models import FollowUpAction
from portal.requests.models import Request
from tests.factories import link_in, mails
from tests.review import helpers

pytestmark = pytest.mark.browser


def test_issue_review_override_act_and_report(
    browser_page: Any, browser_sign_in: Any, live_server: Any, world: Any, axe_check: Any,
    outbox: Any,
) -> None:
    page = browser_page
    app = live_server.app
    with app.app_context():
        helpers.published_version()
        tender_id = helpers.tender(world.buyer.id, world.supplier.id, reference="EV-2026-009").id
        db.session.commit()

    browser_sign_in(page, world.buyer_member.email)
    page.goto("/home")
    page.wait_for_url(re.compile(r"/buyer/$"))
    assert "Due-diligence dashboard" in page.inner_text("h1")
    axe_check(page)

    # Issue the questionnaire from the tender.
    page.goto(f"/tenders/{tender_id}")
    axe_check(page)
    page.click("a:text('Issue a questionnaire')")
    page.wait_for_selector("h1:text('Issue a questionnaire')")
    axe_check(page)
    page.select_option("#required_tier", "basic")
    page.check("#suppliers-0-include")
    page.fill("#suppliers-0-email", "sales@brightline.example")
    page.click("#submit")
    page.wait_for_url(re.compile(rf"/tenders/{tender_id}$"))
    assert "issued to 1 supplier" in page.inner_text("main")
    (invitation,) = [m for m in mails(outbox) if m["To"] == "sales@brightline.example"]
    assert link_in(invitation, "/invitations/")

    # The supplier answers and submits (its own pages are tested in its journey).
    with app.app_context():
        request = db.session.scalar(select(Request))
        assert request is not None
        helpers.submit(request, helpers.WEAK_ANSWERS, by=world.supplier_admin.id)
        request_id = request.id
        db.session.commit()

    # Review: the riskiest request first, its red flag before its gaps.
    page.goto("/buyer/")
    page.click(f"a:text('{world.supplier.name}')")
    page.wait_for_url(re.compile(rf"/buyer/requests/{request_id}(#.*)?$"))
    main = page.inner_text("main")
    assert "below basic" in main and "No forced labour policy" in main
    assert main.index("Red flags") < main.index("Gaps")
    axe_check(page)

    # Override one outcome, with its reason.
    page.select_option("#question_id", "weekly_hours")
    page.select_option("#outcome", "met")
    page.fill("#reason", "The union's payroll audit shows 46 hours a week.")
    page.click("input[value='Override and score again']")
    page.wait_for_selector("text=The outcome has been overridden")
    assert "The union's payroll audit shows 46 hours a week." in page.inner_text("#answers")
    axe_check(page)

    # Every remaining gap of medium severity or worse becomes an action.
    page.select_option("#min_severity", "medium")
    page.click("input[value='Create actions for these gaps']")
    page.wait_for_selector("text=1 action(s) created.")
    with app.app_context():
        actions = db.session.scalars(select(FollowUpAction)).all()
        assert [a.question_id for a in actions] == ["forced_labour_policy"]
        action_id = actions[0].id
    page.goto(f"/actions/{action_id}")
    assert "Adopt a written policy prohibiting forced labour." in page.inner_text("main")
    axe_check(page)

    # The PDF report.
    page.goto(f"/buyer/requests/{request_id}")
    with page.expect_download() as caught:
        page.click("a:text('Download the report (PDF)')")
    download = caught.value
    assert download.suggested_filename == f"assessment-{request_id}.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
