"""A supplier's page in a consortium: its latest shared assessments, where it stands among the
consortium's suppliers, who works with it, and the members' follow-up and findings."""

from __future__ import annotations

from dataclasses import dataclass

from portal.consortia import activity, benchmark, queries, scores
from portal.consortia.activity import ActionRow, FindingRow, NoteRow, Work
from portal.consortia.analysis import layout_of
from portal.consortia.queries import Latest, SupplierRow


@dataclass(frozen=True)
class Assessed:
    """One questionnaire the supplier shared: its latest assessment and its benchmark."""

    latest: Latest
    title: str
    category: str | None  # the category's name
    sections: dict[str, str]  # section id -> title, in order
    section_scores: dict[str, float | None]
    benchmark: benchmark.Benchmark


@dataclass(frozen=True)
class Profile:
    supplier: SupplierRow
    assessed: list[Assessed]
    work: list[Work]
    actions: list[ActionRow]
    findings: list[FindingRow]
    notes: list[NoteRow]


def load(consortium_id: int, viewer_id: int, supplier: SupplierRow, lang: str) -> Profile:
    """Everything on the page, in a fixed number of statements."""
    mine = queries.latest_of(consortium_id, viewer_id, supplier_ids=[supplier.id])
    keys = {row.key for row in mine}
    population, sums = scores.population_sums(consortium_id, viewer_id, keys)
    by_assessment: dict[int, dict[str, float | None]] = {}
    for s in sums:
        by_assessment.setdefault(s.assessment_id, {})[s.section_id] = s.percent
    titles = dict(queries.questionnaire_titles(keys))
    categories = dict(queries.category_names({r.category for r in mine if r.category}))
    layouts = {v.id: layout_of(v, lang) for v in scores.versions({r.version_id for r in mine})}
    assessed = []
    for row in mine:
        peers = [
            benchmark.Scores(
                p.supplier_id, p.category, p.percent, by_assessment.get(p.assessment_id, {})
            )
            for p in population
            if p.key == row.key
        ]
        subject = benchmark.Scores(
            supplier.id, row.category, row.percent, by_assessment.get(row.assessment_id, {})
        )
        sections = dict(layouts[row.version_id].sections)
        assessed.append(
            Assessed(
                latest=row,
                title=titles.get(row.key, row.key),
                category=categories.get(row.category or ""),
                sections=sections,
                section_scores=dict(subject.sections),
                benchmark=benchmark.benchmark(subject, peers, list(sections)),
            )
        )
    return Profile(
        supplier=supplier,
        assessed=sorted(assessed, key=lambda a: a.title),
        work=activity.member_work(consortium_id, [supplier.id]).get(supplier.id, []),
        actions=activity.member_actions(consortium_id, supplier.id),
        findings=activity.findings_on(consortium_id, viewer_id, supplier.id),
        notes=activity.member_notes(consortium_id, supplier.id),
    )
