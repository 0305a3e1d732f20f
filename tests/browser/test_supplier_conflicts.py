"""Two tabs on one response in Chromium: autosave never overwrites silently; the user chooses."""

from __future__ import annotations

from typing import Any

import pytest

from portal.auth.models import User
from portal.db import db
from portal.responses import starting
from tests.responses.helpers import issue_request, request_row, response_of, stored_answers

pytestmark = pytest.mark.browser


def _started(app: Any, world: Any) -> int:
    with app.app_context():
        made = issue_request(world)
        actor = db.session.get(User, world.supplier_admin.id)
        starting.start(actor, request_row(made.id), language="en", reuse=None)
        db.session.commit()
        return made.id


def _stored(app: Any, request_id: int) -> dict[str, Any]:
    with app.app_context():
        return stored_answers(response_of(request_id).id)


def test_two_tabs(browser_page: Any, live_server: Any, world: Any, browser_sign_in: Any,
                  axe_check: Any) -> None:
    app = live_server.app
    request_id = _started(app, world)
    first = browser_page
    browser_sign_in(first, world.supplier_admin.email)
    url = f"/supplier/requests/{request_id}/sections/wages"
    first.goto(url)
    second = first.context.new_page()
    second.goto(url)

    first.fill("#q_audit_findings", "Written in the first tab.")
    first.locator("#autosave-status", has_text="Saved").wait_for()
    assert _stored(app, request_id) == {"audit_findings": "Written in the first tab."}

    # The second tab still shows the old (empty) answer: its save is a conflict.
    second.fill("#q_audit_findings", "Written in the second tab.")
    panel = second.locator("#question-audit_findings .conflict")
    panel.wait_for()
    assert "Written in the first tab." in panel.inner_text()
    assert _stored(app, request_id) == {"audit_findings": "Written in the first tab."}
    axe_check(second)

    # Keep mine: saved over the first tab's answer, knowingly.
    panel.locator("button", has_text="Keep my answer").click()
    second.locator("#autosave-status", has_text="Saved").wait_for()
    assert _stored(app, request_id) == {"audit_findings": "Written in the second tab."}

    # Now the first tab is behind: it takes the other answer instead.
    first.fill("#q_audit_findings", "A third version.")
    panel = first.locator("#question-audit_findings .conflict")
    panel.wait_for()
    panel.locator("button", has_text="Use their answer").click()
    assert first.input_value("#q_audit_findings") == "Written in the second tab."
    assert _stored(app, request_id) == {"audit_findings": "Written in the second tab."}

    # Its form, sent now, carries the new revision: no conflict, nothing undone.
    first.click("button.button:text('Save and continue')")
    first.wait_for_selector("ol.task-list")
    assert _stored(app, request_id) == {"audit_findings": "Written in the second tab."}
