"""Browser fixtures: the test app served on a real port, headless Chromium, and an axe check.

- `live_server`: the `app` fixture (same database) served by werkzeug in a thread on a free
  127.0.0.1 port; `live_server.url` has no trailing slash. The app's BASE_URL points at it, so
  links in mails work in the browser. CSRF protection is ON here (unlike the other tests), as
  in production: set up data through services, not through `client` posts.
- `browser_page`: a fresh Playwright page (sync API) in its own context, `base_url` set to the
  live server, so `page.goto("/auth/sign-in")` works.
- `browser_sign_in(page, email)`: signs in through the sign-in form.
- `axe_check(page)`: runs axe-core on the page and fails on serious or critical violations.

Every test here is marked `browser`. Without /usr/bin/chromium the tests skip with a loud
reason, except when CI=true, where they fail instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = ("serious", "critical")
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Browser tests run with CSRF protection on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:  # no access log in test output
        pass


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask

    def __str__(self) -> str:
        return self.url


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    server: BaseWSGIServer = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
    )
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=url, app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def require_chromium(path: str = CHROMIUM, environ: Mapping[str, str] = os.environ) -> None:
    """Skip loudly without the browser; under CI=true, fail instead."""
    if Path(path).exists():
        return
    reason = (
        f"BROWSER TESTS NOT RUN: {path} is missing. Install Debian's chromium "
        "(apt-get install chromium) to run the end-to-end and accessibility tests."
    )
    if environ.get("CI") == "true":
        pytest.fail(reason + " CI=true: failing instead of skipping.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _chromium() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(_chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    context = _chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def browser_sign_in() -> Callable[..., None]:
    def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
        page.goto("/auth/sign-in")
        page.fill("#email", email)
        page.fill("#password", password)
        page.click("#submit")
        page.wait_for_load_state()
        assert "/auth/sign-in" not in page.url, f"sign-in failed for {email}"

    return sign_in


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response.get("violations", [])
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


@pytest.fixture
def axe_check() -> Callable[[Any], None]:
    def check(page: Any) -> None:
        blocking = axe_violations(page)
        if blocking:
            lines = [f"axe: {len(blocking)} serious/critical violation(s) on {page.url}"]
            for v in blocking:
                lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
                for node in v.get("nodes", [])[:5]:
                    lines.append(f"    at {node.get('target')}: {node.get('failureSummary', '')}")
            pytest.fail("\n".join(lines), pytrace=False)

    return check
