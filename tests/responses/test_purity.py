"""The supplier journey's pure modules import neither Flask nor SQLAlchemy."""

from __future__ import annotations

import pytest

from tests.test_pure_imports import ROOT, imported_modules, problem

PURE = ("uploads", "inputs", "progress", "document")
OURS = tuple(f"portal.responses.{name}" for name in PURE)


def _ours(imported: str) -> bool:
    return any(imported == m or imported.startswith(f"{m}.") for m in OURS)


@pytest.mark.parametrize("name", PURE)
def test_pure(name: str) -> None:
    path = ROOT / "portal" / "responses" / f"{name}.py"
    module = f"portal.responses.{name}"
    found = [
        f"{module}:{line} {why}"
        for line, imported in imported_modules(path.read_text(encoding="utf-8"), module)
        if not _ours(imported) and (why := problem(imported))
    ]
    assert not found, "\n".join(found)
