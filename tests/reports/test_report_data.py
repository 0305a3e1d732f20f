"""The data a report is drawn from (pure), built from a scored fixture questionnaire."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portal.questionnaires.canonical import content_hash
from portal.questionnaires.loader import load_path
from portal.reports.data import ActionInput, FindingInput, ReportMeta, build_report, format_answer
from portal.scoring import Override, compile_definition, score

FIXTURE = (Path(__file__).resolve().parents[1] / "questionnaires" / "fixtures" / "valid"
           / "supply-chain" / "1.0.yaml")
ANSWERS = {"forced_labour_policy": "no", "weekly_hours": 70, "audit_types": ["self"],
           "audit_findings": "None."}
META = ReportMeta(buyer="Eastvale", supplier="Brightline", questionnaire="Supply chain",
                  version="1.0", stage="tender", required_tier="basic")


def _scored(overrides: tuple[Override, ...] = ()):  # type: ignore[no-untyped-def]
    definition = load_path(FIXTURE)
    compiled = compile_definition(definition, content_hash(definition))
    return definition, score(compiled, ANSWERS, required_tier="basic", overrides=overrides)


def test_report_from_an_assessment() -> None:
    definition, assessment = _scored()
    finding = FindingInput(id=1, kind="site visit", found_on=dt.date(2024, 3, 1),
                           source="Monitor", summary="Passports held.", recorded_by="Eastvale",
                           questions=(("weekly_hours", True, "Payroll shows 80 hours"),
                                      ("audit_types", False, "")))
    action = ActionInput(id=9, title="Policy", status="open", severity="high", due_date=None,
                         owner="Ben", question_id="forced_labour_policy", overdue=False)
    report = build_report(definition=definition, assessment=assessment, meta=META,
                          answers=ANSWERS, actions=[action], findings=[finding],
                          yes_no=("Oui", "Non"))
    assert report.tier_attained == "below basic" and not report.tier_met
    assert [g.question_id for g in report.gaps] == ["forced_labour_policy", "weekly_hours"]
    assert report.gaps[0].actions == (action,)
    assert report.gaps[1].contradicted_by[0].note == "Payroll shows 80 hours"
    assert [f.label for f in report.red_flags] == ["No forced labour policy"]
    assert report.gap_counts == {"critical": 0, "high": 1, "medium": 1, "low": 0}
    line = report.question("forced_labour_policy")
    assert line is not None and line.answer == "Non" and line.red_flags
    hours = report.question("weekly_hours")
    assert hours is not None and hours.answer == "70 hours" and hours.contradicted
    audits = report.question("audit_types")
    assert audits is not None and audits.answer == "Self-assessment" and not audits.contradicted
    assert [c.question_id for c in report.contradicted] == ["weekly_hours"]
    assert report.question("intro") is None  # notes take no answer


def test_report_shows_original_and_override() -> None:
    definition, assessment = _scored((Override("weekly_hours", "Union audit: 46 hours", met=True),))
    report = build_report(definition=definition, assessment=assessment, meta=META,
                          answers=ANSWERS)
    (line,) = report.overrides
    assert line.question_id == "weekly_hours" and line.met and line.original_met is False
    assert line.override_reason == "Union audit: 46 hours"
    assert "Union audit: 46 hours" in line.explanation
    assert [g.question_id for g in report.gaps] == ["forced_labour_policy"]


def test_format_answer() -> None:
    definition = load_path(FIXTURE)
    q = definition.question
    assert format_answer(q("policy_scope"), "all", definition, "fr") == "Toute la chaîne"
    assert format_answer(q("audit_types"), ["third_party", "gone"], definition, "en") == (
        "Third-party audit, gone")
    assert format_answer(q("policy_document"), [3], definition, "en", ["policy.pdf"]) == (
        "policy.pdf")
    assert format_answer(q("weekly_hours"), None, definition, "en") == ""
