"""The pure modules of the buyer's journey import neither Flask nor a database library."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_pure_imports import BANNED_ROOTS, imported_modules

ROOT = Path(__file__).resolve().parents[2]
PURE = ("portal/reports/data.py", "portal/reports/exports.py", "portal/tenders/ocds.py",
        "portal/tenders/risk.py")
ALLOWED_PORTAL = ("portal.questionnaires.definition", "portal.scoring", "portal.reports.data",
                  "portal.tenders.risk")


@pytest.mark.parametrize("path", PURE)
def test_pure(path: str) -> None:
    module = path.removesuffix(".py").replace("/", ".")
    found = imported_modules((ROOT / path).read_text(), module)
    for _line, name in found:
        root = name.split(".")[0]
        assert root not in BANNED_ROOTS and not root.startswith("flask_"), name
        if root == "portal":
            assert name == "portal" or name.startswith(ALLOWED_PORTAL), name
