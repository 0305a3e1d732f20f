"""Members' analysis pages: suppliers compared side by side (with CSV and PDF), and a category's
heatmap of requirements met."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from portal.consortia import analysis, compare, export, queries
from portal.consortia.access import Results, load_results
from portal.consortia.blueprint import bp
from portal.consortia.compare_pdf import matrix_pdf
from portal.consortia.forms import ChooseQuestionnaire
from portal.consortia.queries import SupplierRow


@dataclass(frozen=True)
class Asked:
    """What a comparison or heatmap was asked for, and what is wrong with it (if anything)."""

    form: ChooseQuestionnaire
    key: str | None
    category: str | None
    titles: dict[str, str]
    problem: str | None = None
    status: int = 200


def _ask(results: Results, any_category: object = None) -> Asked:
    found = queries.options(results.consortium.id, results.viewer_id)
    form = ChooseQuestionnaire(request.args)
    form.offer(keys=found.keys, categories=found.categories, any_category=any_category)
    key = (request.args.get("questionnaire") or "").strip() or None
    category = (request.args.get("category") or "").strip() or None
    titles = dict(found.keys)
    if key is not None and not queries.questionnaire_exists(key):
        problem = _("There is no questionnaire %(key)s.", key=key)
        return Asked(form, key, category, titles, problem, 404)
    if category is not None and not queries.category_exists(category):
        problem = _("There is no category %(key)s.", key=category)
        return Asked(form, key, category, titles, problem, 404)
    return Asked(form, key, category, titles)


def _supplier_ids() -> list[int] | None:
    """The suppliers picked, in the order given, once each; None if an id is not a number."""
    ids: dict[int, None] = {}
    for raw in request.args.getlist("supplier"):
        if not (raw.isascii() and raw.strip().isdigit()):
            return None
        ids[int(raw)] = None
    return list(ids)


def _compared(results: Results, asked: Asked) -> tuple[list[SupplierRow], str | None, int]:
    """The suppliers to compare, or why not (a message and a status)."""
    assert asked.key is not None
    picked = _supplier_ids()
    if picked is None:
        return [], _("Suppliers are chosen by their number."), 400
    if picked and asked.category:
        return [], _("Choose suppliers or a category, not both."), 400
    if asked.category:
        found = queries.suppliers_in_category(
            results.consortium.id,
            results.viewer_id,
            key=asked.key,
            category=asked.category,
            limit=analysis.MAX_CATEGORY + 1,
        )
        if len(found) > analysis.MAX_CATEGORY:
            return (
                [],
                _(
                    "This category has more than %(most)d suppliers: too many side by side. "
                    "Use its heatmap, or choose suppliers from the directory.",
                    most=analysis.MAX_CATEGORY,
                ),
                400,
            )
        if len(found) < analysis.MIN_COMPARED:
            return (
                [],
                _(
                    "Fewer than two suppliers of this category shared a response to this "
                    "questionnaire with you."
                ),
                400,
            )
        return found, None, 200
    if not analysis.MIN_COMPARED <= len(picked) <= analysis.MAX_PICKED:
        return (
            [],
            _(
                "Choose between %(least)d and %(most)d suppliers to compare (you chose %(count)d).",
                least=analysis.MIN_COMPARED,
                most=analysis.MAX_PICKED,
                count=len(picked),
            ),
            400,
        )
    found = queries.visible_suppliers(results.consortium.id, results.viewer_id, picked)
    if len(found) != len(picked):
        # Some supplier never shared with this member: say nothing about which.
        return [], _("Some of these suppliers have not shared results with you."), 404
    order = {sid: i for i, sid in enumerate(picked)}
    return sorted(found, key=lambda s: order[s.id]), None, 200


def _matrix(results: Results) -> tuple[Asked, compare.Matrix | None]:
    asked = _ask(results, any_category=_("Choose a category"))
    if asked.problem or asked.key is None:
        return asked, None
    chosen, problem, status = _compared(results, asked)
    if problem:
        return Asked(asked.form, asked.key, asked.category, asked.titles, problem, status), None
    lang = str(get_locale())
    return asked, analysis.comparison(
        results.consortium.id, results.viewer_id, asked.key, chosen, lang
    )


@bp.route("/<int:consortium_id>/compare")
@login_required
def compare_suppliers(consortium_id: int) -> tuple[str, int]:
    results = load_results(consortium_id)
    asked, matrix = _matrix(results)
    return render_template(
        "consortia/compare.html",
        results=results,
        consortium=results.consortium,
        asked=asked,
        matrix=matrix,
        max_picked=analysis.MAX_PICKED,
        states=state_words(),
        query=request.query_string.decode(),
    ), asked.status


def words() -> compare.Words:
    """The comparison's words in the reader's language."""
    return compare.Words(
        supplier=_("Supplier"),
        version=_("Version answered"),
        submitted=_("Submitted"),
        tier=_("Tier attained"),
        rating=_("Rating"),
        score=_("Score"),
        red_flags=_("Red flags"),
        gaps={
            "critical": _("Critical gaps"),
            "high": _("High gaps"),
            "medium": _("Medium gaps"),
            "low": _("Low gaps"),
        },
        section=_("Section: %(title)s", title="{title}"),
        states=state_words(),
        red_flag=_("red flag"),
    )


def state_words() -> dict[compare.State, str]:
    return {
        compare.State.MET: _("Met"),
        compare.State.NOT_MET: _("Not met"),
        compare.State.NOT_APPLICABLE: _("Not asked"),
        compare.State.ANSWERED: _("Answered"),
        compare.State.UNANSWERED: _("Not answered"),
        compare.State.NOT_IN_VERSION: _("Not in this version"),
        compare.State.NO_RESPONSE: _("Nothing shared"),
    }


def _download(
    consortium_id: int,
    extension: str,
    mimetype: str,
    render: Callable[[Results, Asked, compare.Matrix], str | bytes],
) -> Response:
    """The comparison asked for, as a file; a plain-text refusal when it cannot be made."""
    results = load_results(consortium_id)
    asked, matrix = _matrix(results)
    if matrix is None:
        message = asked.problem or _("Choose a questionnaire to compare suppliers on.")
        status = asked.status if asked.problem else 400
        return Response(message, status=status, mimetype="text/plain")
    return Response(
        render(results, asked, matrix),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="compare-{asked.key}.{extension}"'},
    )


@bp.route("/<int:consortium_id>/compare.csv")
@login_required
def compare_csv(consortium_id: int) -> Response:
    def render(_results: Results, _asked: Asked, matrix: compare.Matrix) -> str:
        # The byte order mark tells spreadsheets that the text is UTF-8.
        return "\ufeff" + export.to_csv(compare.table_rows(matrix, words()))

    return _download(consortium_id, "csv", "text/csv", render)


@bp.route("/<int:consortium_id>/compare.pdf")
@login_required
def compare_pdf(consortium_id: int) -> Response:
    def render(results: Results, asked: Asked, matrix: compare.Matrix) -> bytes:
        title = _(
            "%(consortium)s: suppliers compared on %(questionnaire)s",
            consortium=results.consortium.name,
            questionnaire=asked.titles.get(asked.key or "", asked.key),
        )
        return matrix_pdf(matrix, words(), title=title)

    return _download(consortium_id, "pdf", "application/pdf", render)


@bp.route("/<int:consortium_id>/heatmap")
@login_required
def heatmap(consortium_id: int) -> tuple[str, int]:
    results = load_results(consortium_id)
    asked = _ask(results, any_category=_("Every category"))
    found = None
    if asked.key is not None and asked.problem is None:
        found = analysis.category_heatmap(
            results.consortium.id,
            results.viewer_id,
            asked.key,
            asked.category,
            str(get_locale()),
        )
    return render_template(
        "consortia/heatmap.html",
        results=results,
        consortium=results.consortium,
        asked=asked,
        heatmap=found,
        categories=dict(queries.category_names([asked.category] if asked.category else [])),
    ), asked.status
