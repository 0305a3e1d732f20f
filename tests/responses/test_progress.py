"""Section statuses and what blocks submission (pure)."""

from __future__ import annotations

from portal.questionnaires.conditions import visible_questions
from portal.questionnaires.loader import load_path
from portal.responses.progress import (
    Missing,
    SectionStatus,
    completed_sections,
    missing_for_submission,
    section_progress,
)
from tests.responses.helpers import SUPPLY_CHAIN

DEFINITION = load_path(SUPPLY_CHAIN)


def progress(answers: dict[str, object], confirmed: set[str] = frozenset(),  # type: ignore[assignment]
             prefilled: bool = False):  # type: ignore[no-untyped-def]
    return section_progress(
        DEFINITION, answers, visible_questions(DEFINITION, answers), confirmed,
        confirmation_required=prefilled,
    )


def test_nothing_answered() -> None:
    result = progress({})
    assert [p.status for p in result] == [SectionStatus.NOT_STARTED] * 2
    assert missing_for_submission(result) == [Missing("policy", "forced_labour_policy", "required")]


def test_saved_section_with_required_answer_is_completed() -> None:
    result = progress({"forced_labour_policy": "no"}, {"policy"})
    assert result[0].status is SectionStatus.COMPLETED
    assert result[1].status is SectionStatus.NOT_STARTED
    assert missing_for_submission(result) == []
    assert completed_sections(result) == 1


def test_hidden_questions_do_not_count() -> None:
    # "yes" shows two more questions in the section, so it is no longer all answered
    assert progress({"forced_labour_policy": "no"})[0].status is SectionStatus.COMPLETED
    yes = progress({"forced_labour_policy": "yes"})[0]
    assert yes.status is SectionStatus.IN_PROGRESS and yes.answerable == 3


def test_prefilled_sections_need_confirming() -> None:
    result = progress({"forced_labour_policy": "no"}, prefilled=True)
    assert result[0].status is SectionStatus.IN_PROGRESS and result[0].needs_confirmation
    assert Missing("policy", None, "confirm") in missing_for_submission(result)
    confirmed = progress({"forced_labour_policy": "no"}, {"policy", "wages"}, prefilled=True)
    assert missing_for_submission(confirmed) == []
