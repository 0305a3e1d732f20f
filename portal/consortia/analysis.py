"""Reading what a comparison and a heatmap show: SQL aggregates in, pure matrices out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from portal.consortia import compare, heatmap, queries, scores
from portal.consortia.queries import SupplierRow
from portal.questionnaires.definition import Definition, QuestionType
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import definition_of
from portal.responses.inputs import Labels, display

# Hand-picked suppliers side by side: the page stays readable. A whole category may hold more;
# past this many the heatmap serves better than columns.
MAX_PICKED = 10
MAX_CATEGORY = 50
MIN_COMPARED = 2


def layout_of(version: QuestionnaireVersion, lang: str) -> compare.Layout:
    """What a version asks, in the reader's language (notes are not questions)."""
    d = definition_of(version)
    return compare.Layout(
        version.version,
        [(s.id, d.text(s.title, lang)) for s in d.sections],
        [
            compare.Question(q.id, s.id, d.text(q.text, lang), q.is_requirement)
            for s in d.sections
            for q in s.questions
            if q.type is not QuestionType.NOTE
        ],
    )


def _labels() -> Labels:
    return Labels(yes=_("Yes"), no=_("No"), files=_("{count} file(s)"))


def _answer_text(d: Definition, question_id: str, value: Any, lang: str, labels: Labels) -> str:
    if not d.has_question(question_id):
        return ""
    return display(d.question(question_id), value, lang, d.default_language, labels)


def comparison(
    consortium_id: int, viewer_id: int, key: str, suppliers: Sequence[SupplierRow], lang: str
) -> compare.Matrix:
    """The chosen suppliers side by side for one questionnaire (six statements at most)."""
    latest = queries.latest_of(
        consortium_id, viewer_id, key=key, supplier_ids=[s.id for s in suppliers]
    )
    by_supplier = {row.supplier_id: row for row in latest}
    supplier_of = {row.assessment_id: row.supplier_id for row in latest}
    version_rows = scores.versions({row.version_id for row in latest})
    definitions = {v.id: definition_of(v) for v in version_rows}
    columns = []
    for s in suppliers:
        row = by_supplier.get(s.id)
        if row is None:
            columns.append(compare.Column(s.id, s.name))
            continue
        columns.append(
            compare.Column(
                s.id,
                s.name,
                version=row.version,
                submitted_on=row.submitted_at.date() if row.submitted_at else None,
                tier_attained=row.tier_attained,
                rating=row.rating,
                percent=row.percent,
                red_flags=row.red_flags,
                gaps=compare.Gaps(row.gaps_critical, row.gaps_high, row.gaps_medium, row.gaps_low),
            )
        )
    section_scores = {
        (supplier_of[s.assessment_id], s.section_id): s.percent
        for s in scores.section_sums(list(supplier_of))
    }
    outcomes = {
        (supplier_of[o.assessment_id], o.question_id): compare.Outcome(
            o.applicable, o.met, o.red_flag
        )
        for o in scores.outcomes(list(supplier_of))
    }
    labels = _labels()
    response_of = {row.response_id: row for row in latest}
    answers = {
        (response_of[rid].supplier_id, qid): _answer_text(
            definitions[response_of[rid].version_id], qid, value, lang, labels
        )
        for (rid, qid), value in scores.answers(list(response_of)).items()
    }
    layouts = [layout_of(v, lang) for v in version_rows]
    return compare.build_matrix(columns, layouts, section_scores, outcomes, answers)


def heatmap_layout(versions: Sequence[QuestionnaireVersion], lang: str) -> heatmap.Layout:
    """Sections and requirements of every version, aligned by id, worded by the newest."""
    merged = compare.aligned([layout_of(v, lang) for v in versions])
    requirements = [q for q in merged.questions if q.requirement]
    return heatmap.Layout(
        [
            (sid, title, [q.question_id for q in requirements if q.section_id == sid])
            for sid, title in merged.sections
        ],
        {q.question_id: q.text for q in requirements},
    )


def category_heatmap(
    consortium_id: int, viewer_id: int, key: str, category: str | None, lang: str
) -> heatmap.Heatmap:
    """Per requirement, the share of the category's suppliers meeting it (three statements)."""
    suppliers, tallies = scores.heat_tallies(consortium_id, viewer_id, key=key, category=category)
    layout = heatmap_layout(scores.versions_of(key), lang)
    return heatmap.build(
        suppliers,
        [heatmap.Tally(t.section_id, t.question_id, t.applicable, t.met) for t in tallies],
        layout,
    )
