"""The consortium pages in a real browser: no serious or critical accessibility violation, and
the comparison reached from the directory's ticks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.consortia import builders as b
from tests.consortia.conftest import Scenario, scenario  # noqa: F401 - the fixture
from tests.factories import WorldRefs

pytestmark = pytest.mark.browser


def test_pages_pass_axe_and_compare_from_the_directory(
    browser_page: Any,
    browser_sign_in: Callable[..., None],
    axe_check: Callable[[Any], None],
    world: WorldRefs,
    scenario: Scenario,  # noqa: F811
) -> None:
    page = browser_page
    browser_sign_in(page, world.consortium_member.email)
    c = scenario.consortium
    page.goto(f"/consortia/{c}/suppliers")
    axe_check(page)
    page.check(f"#pick-{scenario.alpha}")
    page.check(f"#pick-{scenario.gamma}")
    page.select_option("#compare-questionnaire", b.KEY)
    page.click("text=Compare >> nth=-1")
    page.wait_for_load_state()
    assert "/compare?" in page.url
    assert page.locator("table.table--compare").count() == 1
    assert page.locator("text=Not in this version").count() == 2
    axe_check(page)
    for url in (
        f"/consortia/{c}/suppliers/{scenario.beta}",
        f"/consortia/{c}/heatmap?questionnaire={b.KEY}&category=textiles-uniforms",
        f"/consortia/{c}",
    ):
        page.goto(url)
        axe_check(page)
