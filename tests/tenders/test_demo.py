"""The demo's procurement: tenders and contracts always; requests, a scored submission with
gaps, an action and a finding when a questionnaire is published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.assessments.models import Assessment
from portal.db import db
from portal.findings.models import Finding
from portal.followup.models import FollowUpAction
from portal.questionnaires.services import PublishRefused, publish_paths
from portal.requests.models import Request
from portal.tenders.models import Contract, Tender
from tests.review.helpers import FIXTURE

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_demo_without_questionnaires_says_so(app: Flask, runner: Any) -> None:
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "No questionnaire is published yet" in result.output
    with app.app_context():
        assert (_count(Tender), _count(Contract), _count(Request)) == (4, 2, 0)


@pytest.mark.parametrize("source", ["fixture", "shipped"])
def test_demo_with_a_published_questionnaire(app: Flask, runner: Any, source: str) -> None:
    with app.app_context():
        if source == "shipped":
            try:
                publish_paths([SHIPPED])
            except PublishRefused as refused:  # the shipped files are still being written
                pytest.skip(f"the shipped questionnaires do not publish yet: {refused}")
        else:
            publish_paths([FIXTURE])
        db.session.commit()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Demo procurement: 4 tenders, 2 contracts" in result.output
    with app.app_context():
        assert _count(Request) == 4
        assessment = db.session.scalar(select(Assessment).where(Assessment.is_current.is_(True)))
        assert assessment is not None
        assert assessment.gaps_critical + assessment.gaps_high + assessment.gaps_medium + (
            assessment.gaps_low) > 0
        assert _count(FollowUpAction) == 1 and _count(Finding) == 1
    forced = runner.invoke(args=["demo", "load", "--force"])
    assert forced.exit_code == 0 and "Demo procurement" in forced.output
