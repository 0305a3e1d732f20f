"""The PDF report of one assessment, drawn from `portal.reports.data.Report`.

Every piece of user text goes through `portal.reports.pdf` (escaped paragraphs and tables);
the section chart is a reportlab.graphics drawing.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from portal.reports.data import AcknowledgementInput, Report, SectionLine
from portal.reports.pdf import build, table, text

Translate = Callable[..., str]


def section_chart(sections: tuple[SectionLine, ...]) -> Drawing:
    """Horizontal bars: each section's share of its possible points, 0 to 100 %."""
    shown = [s for s in sections if s.max_points > 0] or list(sections)
    height = 30 + 18 * max(len(shown), 1)
    drawing = Drawing(180 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 65 * mm, 18
    chart.width, chart.height = 105 * mm, height - 26
    # reportlab draws the first category at the bottom: reverse to read top-down
    chart.data = [[round(s.percent or 0.0, 1) for s in reversed(shown)]]
    chart.categoryAxis.categoryNames = [s.title[:45] for s in reversed(shown)]
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.bars[0].fillColor = colors.HexColor("#1d4f91")
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%.0f %%"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _when(value: object) -> str:
    if value is None:
        return ""
    strftime = getattr(value, "strftime", None)
    return (
        strftime("%Y-%m-%d %H:%M UTC" if hasattr(value, "hour") else "%Y-%m-%d")
        if strftime
        else str(value)
    )


def _acknowledgement(ack: AcknowledgementInput | None, _: Translate) -> tuple[str, str]:
    """(the supplier's decision, its planned action or reason) as the report prints them."""
    if ack is None:
        return _("Not yet acknowledged"), ""
    if not ack.accepted:
        return _("Declined"), ack.explanation
    decision = _("Accepted")
    if ack.planned_date:
        decision += ", " + _("to be done by %(date)s", date=ack.planned_date.isoformat())
    return decision, ack.planned_action


def render(
    report: Report, _: Translate, labels: dict[str, dict], tier: Callable[[str], str] = str
) -> bytes:
    """The report as PDF bytes; `tier` names a tier in the reader's language."""
    meta = report.meta
    severity, status, kinds, risk = (
        labels["severity"],
        labels["action_status"],
        labels["finding_kind"],
        labels["risk"],
    )

    def risk_text(value: str | None) -> str:
        return str(risk.get(value, risk[None]))

    if not report.gaps:
        acknowledged = _("None needed: no recommendation to acknowledge.")
    elif report.complete:
        acknowledged = _("Complete") + " – " + _(
            "The supplier has acknowledged every recommendation."
        )
    else:
        acknowledged = _(
            "%(done)d of %(total)d recommendations acknowledged.",
            done=report.acknowledged,
            total=len(report.gaps),
        )

    story: list[Flowable] = [
        text(_("Due-diligence assessment"), "Title"),
        text(f"{meta.supplier} – {meta.questionnaire} {meta.version}", "Heading2"),
        table(
            [
                [_("Item"), _("Value")],
                [_("Buyer"), meta.buyer],
                [_("Supplier"), meta.supplier],
                [_("Questionnaire"), f"{meta.questionnaire} ({meta.version})"],
                [_("Stage"), str(labels["stage"].get(meta.stage, meta.stage))],
                [_("Tender or contract"), meta.procurement],
                [
                    _("Category"),
                    f"{meta.category} ({_('risk')}: {risk_text(meta.category_risk)})"
                    if meta.category
                    else "",
                ],
                [
                    _("Country"),
                    f"{meta.country} ({_('risk')}: {risk_text(meta.country_risk)})"
                    if meta.country
                    else "",
                ],
                [_("Required tier"), tier(meta.required_tier)],
                [
                    _("Tier attained"),
                    tier(report.tier_attained)
                    + ("" if report.tier_met else f" – {_('below the required tier')}"),
                ],
                [_("Acknowledgements"), acknowledged],
                [_("Rating"), report.rating],
                [_("Requirements met"), f"{report.requirements_met} / {report.requirements}"],
                [_("Submitted"), _when(meta.submitted_at)],
                [_("Assessed"), _when(meta.assessed_at)],
                [
                    _("Scored by"),
                    f"engine {report.engine_version}, questionnaire {report.version_hash[:12]}",
                ],
            ],
            widths=[50 * mm, 130 * mm],
        ),
        text(_("Sections"), "Heading2"),
        section_chart(report.sections),
        table(
            [[_("Section"), _("Points"), _("Requirements met")]]
            + [
                [s.title, f"{s.points:g} / {s.max_points:g}", f"{s.met} / {s.requirements}"]
                for s in report.sections
            ],
            widths=[100 * mm, 40 * mm, 40 * mm],
        ),
    ]
    story.append(text(_("Red flags"), "Heading2"))
    if report.red_flags:
        story.append(
            table(
                [[_("Question"), _("Red flag"), _("Contradicted by a finding")]]
                + [[f.text, f.label, _("Yes") if f.contradicted else ""] for f in report.red_flags],
                widths=[95 * mm, 55 * mm, 30 * mm],
            )
        )
    else:
        story.append(text(_("None."), "Muted"))
    story.append(text(_("Gaps and recommendations"), "Heading2"))
    if report.gaps:
        story.append(
            table(
                [[_("Severity"), _("Question"), _("Why it is a gap"), _("Recommendation")]]
                + [
                    [
                        str(severity.get(g.severity, g.severity)),
                        g.text
                        + (f"\n[{_('Contradicted by a finding')}]" if g.contradicted_by else ""),
                        g.explanation,
                        g.recommendation,
                    ]
                    for g in report.gaps
                ],
                widths=[20 * mm, 55 * mm, 55 * mm, 50 * mm],
            )
        )
        story.append(text(_("The supplier's acknowledgements"), "Heading2"))
        story.append(
            table(
                [[_("Question"), _("Decision"), _("Planned action or reason")]]
                + [[g.text, *_acknowledgement(g.acknowledgement, _)] for g in report.gaps],
                widths=[65 * mm, 45 * mm, 70 * mm],
            )
        )
    else:
        story.append(text(_("No gaps at the required tier."), "Muted"))
    if report.overrides:
        story.append(text(_("Overridden by the buyer"), "Heading2"))
        story.append(
            table(
                [[_("Question"), _("Original outcome"), _("Overridden outcome"), _("Reason")]]
                + [
                    [q.text, q.original_explanation, q.explanation, q.override_reason]
                    for q in report.overrides
                ],
                widths=[45 * mm, 50 * mm, 45 * mm, 40 * mm],
            )
        )
    if report.contradicted:
        story.append(text(_("Answers contradicted by independent findings"), "Heading2"))
        story.append(
            table(
                [[_("Question"), _("Answer"), _("Finding")]]
                + [
                    [
                        q.text,
                        q.answer,
                        "; ".join(
                            f"{kinds.get(c.kind, c.kind)}, {c.found_on.isoformat()}, {c.source}"
                            + (f": {c.note}" if c.note else "")
                            for c in q.contradicted_by
                        ),
                    ]
                    for q in report.contradicted
                ],
                widths=[60 * mm, 50 * mm, 70 * mm],
            )
        )
    story.append(text(_("Follow-up actions"), "Heading2"))
    if report.actions:
        story.append(
            table(
                [[_("Action"), _("Severity"), _("Status"), _("Owner"), _("Due")]]
                + [
                    [
                        a.title,
                        str(severity.get(a.severity, a.severity)),
                        str(status.get(a.status, a.status))
                        + (f" ({_('overdue')})" if a.overdue else ""),
                        a.owner,
                        a.due_date.isoformat() if a.due_date else "",
                    ]
                    for a in report.actions
                ],
                widths=[70 * mm, 22 * mm, 33 * mm, 33 * mm, 22 * mm],
            )
        )
    else:
        story.append(text(_("None yet."), "Muted"))
    story.append(text(_("Independent findings"), "Heading2"))
    if report.findings:
        story.append(
            table(
                [[_("Date"), _("Kind"), _("Source"), _("What was found")]]
                + [
                    [f.found_on.isoformat(), str(kinds.get(f.kind, f.kind)), f.source, f.summary]
                    for f in report.findings
                ],
                widths=[22 * mm, 30 * mm, 40 * mm, 88 * mm],
            )
        )
    else:
        story.append(text(_("None recorded."), "Muted"))
    story.append(Spacer(1, 6 * mm))
    story.append(
        text(
            _("Self-assessment is not proof: weigh these answers with independent evidence."),
            "Muted",
        )
    )
    return build(story, title=f"{meta.supplier} – {meta.questionnaire}")
