"""Fixtures of the questionnaire definition tests."""

from __future__ import annotations

import pytest

from portal.questionnaires.definition import Definition
from portal.questionnaires.loader import load_path
from tests.questionnaires.builders import VALID


@pytest.fixture(scope="session")
def supply_chain() -> Definition:
    """The two-language sample using every question type."""
    return load_path(VALID / "supply-chain" / "1.0.yaml")
