"""Fixtures of the buyer's journey tests: a scored submission of world.supplier to world.buyer."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from portal.db import db
from tests.factories import WorldRefs
from tests.review import helpers


@pytest.fixture
def submission(app: Flask, world: WorldRefs) -> dict[str, int]:
    """A tender of world.buyer with world.supplier, a request, and a submitted response with
    gaps (weak answers), scored; the ids by name."""
    with app.app_context():
        ids = helpers.scored_submission(world)
        db.session.commit()
        return ids


@pytest.fixture
def in_app(app: Flask) -> Any:
    """Run a function inside an app context and commit: `in_app(lambda: ...)`."""

    def run(fn: Any) -> Any:
        with app.app_context():
            result = fn()
            db.session.commit()
            return result

    return run
