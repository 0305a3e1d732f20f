"""axe-core on every supplier page, in its ordinary state and with errors shown."""

from __future__ import annotations

from typing import Any

import pytest

from portal.auth.models import User
from portal.db import db
from portal.requests.models import Request
from portal.responses import services, starting, submission
from portal.responses.models import ResponseStatus
from tests.responses.helpers import issue_request, response_of

pytestmark = pytest.mark.browser


def _setup(app: Any, world: Any) -> dict[str, Any]:
    """One request not started (with an earlier submission to reuse), one draft, one submitted."""
    with app.app_context():
        actor = db.session.get(User, world.supplier_admin.id)
        earlier = issue_request(world)
        draft = issue_request(world, message="Tell us about your factories.")
        fresh = issue_request(world)
        done = issue_request(world, tier="advanced")
        for made in (earlier, draft, done):
            req = db.session.get(Request, made.id)
            response = starting.start(actor, req, language="en", reuse=None)
            services.set_answer_value(actor, response, "forced_labour_policy", "no")
        for made in (earlier, done):
            response = response_of(made.id)
            submission.submit(actor, response, services.state_of(response), language="en")
        reopened = response_of(done.id)
        db.session.commit()
        return {"draft": draft, "fresh": fresh, "done": done, "response": reopened.id}


def test_supplier_pages(
    browser_page: Any, live_server: Any, world: Any, axe_check: Any, browser_sign_in: Any
) -> None:
    page = browser_page
    made = _setup(live_server.app, world)
    draft, fresh, done = made["draft"].id, made["fresh"].id, made["done"].id

    # Signed out: the invitation pages.
    for url in (
        f"/invitations/{made['fresh'].token}",
        f"/invitations/{made['fresh'].token}/register",
        "/invitations/no-such-token",
    ):
        page.goto(url)
        axe_check(page)
    page.goto(f"/invitations/{made['fresh'].token}/register")
    page.click("#submit")  # everything empty: an error summary
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    axe_check(page)

    browser_sign_in(page, world.supplier_admin.email)
    pages = [
        "/supplier/",
        "/invitations/code",
        f"/supplier/requests/{fresh}",  # start page, offering to reuse the earlier answers
        f"/supplier/requests/{draft}",  # task list
        f"/supplier/requests/{draft}/sections/policy",
        f"/supplier/requests/{draft}/sections/wages",
        f"/supplier/requests/{draft}/check",
        f"/supplier/requests/{done}",
        f"/supplier/requests/{done}/recommendations",
        f"/supplier/requests/{done}/sharing",
        f"/supplier/requests/{done}/check",
    ]
    for url in pages:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        axe_check(page)

    # Pages with errors.
    page.goto("/invitations/code")
    page.fill("#code", "ZZZZ-ZZZZ")
    page.click("#submit")
    page.wait_for_selector(".error-summary")
    axe_check(page)

    page.goto(f"/supplier/requests/{draft}/sections/wages")
    page.evaluate("document.querySelector('script[src$=\"respond.js\"]')")  # present
    page.fill("#q_weekly_hours", "500")
    page.fill("#q_audit_findings", "x" * 2001)
    page.click("button.button:text('Save and continue')")
    page.wait_for_selector(".error-summary")
    page.click(".error-summary a >> nth=0")
    assert page.evaluate("document.activeElement.id") == "q_weekly_hours"
    axe_check(page)

    page.goto(f"/supplier/requests/{draft}/check")
    with live_server.app.app_context():
        response = response_of(draft)
        services.set_answer_value(
            db.session.get(User, world.supplier_admin.id), response, "forced_labour_policy", None
        )
        db.session.commit()
    page.click("text=Submit my answers")
    page.wait_for_selector(".error-summary")
    axe_check(page)

    page.goto(f"/supplier/requests/{done}/recommendations")
    page.locator("section.recommendation").first.locator("button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    axe_check(page)

    page.goto(f"/supplier/requests/{done}/sharing")
    page.click("#submit")
    page.wait_for_selector(".error-summary")
    axe_check(page)

    # A conflict with a colleague, as the form shows it.
    page.goto(f"/supplier/requests/{draft}/sections/policy")
    with live_server.app.app_context():
        colleague = db.session.get(User, world.supplier_member.id)
        services.set_answer_value(colleague, response_of(draft), "forced_labour_policy", "yes")
        db.session.commit()
    page.evaluate("document.querySelector('form').removeAttribute('data-autosave-url')")
    page.check("#q_forced_labour_policy-1")
    page.click("button.button:text('Save and continue')")
    page.wait_for_selector(".conflict")
    axe_check(page)

    # A reopened response shows the buyer's message.
    with live_server.app.app_context():
        response = response_of(done)
        response.status = ResponseStatus.REOPENED
        response.reopen_message = "Please attach the policy document."
        db.session.commit()
    page.goto(f"/supplier/requests/{done}")
    assert "Please attach the policy document." in page.inner_text("main")
    axe_check(page)
