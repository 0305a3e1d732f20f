"""The browser fixtures themselves: the live server answers, and the sign-in page passes axe."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible(browser_page: Any, axe_check: Any) -> None:
    browser_page.goto("/auth/sign-in")
    assert browser_page.locator("h1").inner_text() == "Sign in"
    axe_check(browser_page)


def test_signing_in_works_with_csrf_on(
    browser_page: Any, browser_sign_in: Any, world: Any
) -> None:
    browser_sign_in(browser_page, world.buyer_admin.email)
    assert "/auth/sign-in" not in browser_page.url


def test_a_missing_browser_skips_loudly_or_fails_under_ci() -> None:
    from tests.browser.conftest import require_chromium

    require_chromium("/bin/sh", {})  # present: nothing happens
    with pytest.raises(pytest.skip.Exception, match="BROWSER TESTS NOT RUN"):
        require_chromium("/nonexistent/chromium", {})
    with pytest.raises(pytest.fail.Exception, match="CI=true: failing instead of skipping"):
        require_chromium("/nonexistent/chromium", {"CI": "true"})
