"""Members' pages of the suppliers shared with a consortium: the directory, one supplier, and
sharing one's own follow-up actions and findings with the other members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal import permissions
from portal.consortia import directory, profile, queries, services
from portal.consortia.access import Results, load_results
from portal.consortia.blueprint import bp
from portal.consortia.forms import DirectoryFilters, NoteForm
from portal.consortia.queries import Filters, SupplierRow
from portal.db import db
from portal.findings.models import Finding
from portal.findings.services import consortium_ids
from portal.followup.models import FollowUpAction
from portal.organisations.models import Consortium


def _filters(form: DirectoryFilters) -> Filters:
    def value(field: str) -> str | None:
        return getattr(form, field).data or None

    flags = value("red_flags")
    return Filters(
        category=value("category"),
        country=value("country"),
        tier=value("tier"),
        rating=value("rating"),
        red_flags=None if flags is None else flags == "yes",
        key=value("questionnaire"),
    )


@bp.route("/<int:consortium_id>/suppliers")
@login_required
def suppliers(consortium_id: int) -> tuple[str, int]:
    results = load_results(consortium_id)
    found = queries.options(results.consortium.id, results.viewer_id)
    form = DirectoryFilters(request.args)
    form.offer(
        keys=found.keys, categories=found.categories, countries=found.countries, tiers=found.tiers
    )
    page = None
    if form.validate():
        page = directory.load(
            results.consortium.id,
            results.viewer_id,
            _filters(form),
            request.args.get("page", 1, type=int) or 1,
        )
    return render_template(
        "consortia/suppliers.html",
        results=results,
        consortium=results.consortium,
        form=form,
        directory=page,
        keys=found.keys,
        categories=dict(found.categories),
        args={
            **{k: v for k, v in request.args.items() if k != "page"},
            "consortium_id": results.consortium.id,
        },
    ), 200 if page is not None else 400


def visible_supplier(results: Results, supplier_id: int) -> SupplierRow:
    """The supplier, if it shared with the consortium or the viewer; 404 otherwise."""
    found = queries.visible_suppliers(results.consortium.id, results.viewer_id, [supplier_id])
    permissions.require(
        permissions.can_view_consortium_supplier(
            current_user, results.consortium, results.members, shared=bool(found)
        )
    )
    return found[0]


def render_supplier(results: Results, row: SupplierRow, note_form: NoteForm) -> str:
    """The supplier's page; actions link to their page where the viewer may open them."""
    found = profile.load(results.consortium.id, results.viewer_id, row, str(get_locale()))
    mine = consortium_ids(current_user.organisation_id)
    return render_template(
        "consortia/supplier.html",
        results=results,
        consortium=results.consortium,
        profile=found,
        openable={
            a.id for a in found.actions if permissions.can_view_action(current_user, a, mine)
        },
        note_form=note_form,
        deletable={
            n.id
            for n in found.notes
            if permissions.can_delete_consortium_note(
                current_user, results.consortium, results.members, n
            )
        },
    )


@bp.route("/<int:consortium_id>/suppliers/<int:supplier_id>")
@login_required
def supplier(consortium_id: int, supplier_id: int) -> str:
    results = load_results(consortium_id)
    return render_supplier(results, visible_supplier(results, supplier_id), NoteForm())


def _back(results: Results, supplier_id: int) -> Response:
    return redirect(
        url_for(
            "consortia.supplier",
            consortium_id=results.consortium.id,
            supplier_id=supplier_id,
            _anchor="follow-up",
        )
    )


def _own(results: Results, obj: FollowUpAction | Finding | None) -> FollowUpAction | Finding:
    """Load, then check: an action or finding on a supplier the member sees in the consortium
    (404 otherwise); another member's is visible but not theirs to share (403)."""
    if obj is None:
        permissions.deny()
    visible_supplier(results, obj.supplier_id)
    is_members = any(m.organisation_id == obj.buyer_id for m in results.members)
    if isinstance(obj, Finding):
        # Another member's finding is visible only once shared with this consortium.
        is_members = is_members and obj.consortium_id == results.consortium.id
    permissions.require(
        permissions.can_share_with_consortium(
            current_user, results.consortium, results.members, obj.buyer_id
        ),
        visible=is_members,
    )
    return obj


Shareable = FollowUpAction | Finding


def _change(
    consortium_id: int,
    model: type[Shareable],
    object_id: int,
    change: Callable[[Any, Consortium, Any], bool],
    done: str,
    refused: str = "",
) -> Response:
    """Load, check (`_own`), then make the change and say what happened."""
    results = load_results(consortium_id)
    obj = _own(results, db.session.get(model, object_id))
    try:
        if change(current_user, results.consortium, obj):
            flash(done, "info")
    except services.SharingRefused:
        flash(refused, "error")
    return _back(results, obj.supplier_id)


@bp.route("/<int:consortium_id>/actions/<int:action_id>/joint", methods=["POST"])
@login_required
def make_joint(consortium_id: int, action_id: int) -> Response:
    return _change(
        consortium_id,
        FollowUpAction,
        action_id,
        services.make_joint,
        _("The action is now joint: every member sees it and its conversation."),
        _("This action is joint in another consortium; end it there first."),
    )


@bp.route("/<int:consortium_id>/actions/<int:action_id>/end-joint", methods=["POST"])
@login_required
def end_joint(consortium_id: int, action_id: int) -> Response:
    return _change(
        consortium_id,
        FollowUpAction,
        action_id,
        services.end_joint,
        _("The action is your organisation's alone again."),
    )


@bp.route("/<int:consortium_id>/findings/<int:finding_id>/share", methods=["POST"])
@login_required
def share_finding(consortium_id: int, finding_id: int) -> Response:
    return _change(
        consortium_id,
        Finding,
        finding_id,
        services.share_finding,
        _("The finding is shared with every member of the consortium."),
        _("This finding is shared with another consortium; stop sharing it there first."),
    )


@bp.route("/<int:consortium_id>/findings/<int:finding_id>/unshare", methods=["POST"])
@login_required
def unshare_finding(consortium_id: int, finding_id: int) -> Response:
    return _change(
        consortium_id,
        Finding,
        finding_id,
        services.unshare_finding,
        _("The finding is no longer shared with the consortium."),
    )
