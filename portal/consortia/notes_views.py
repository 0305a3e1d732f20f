"""Members' notes on a supplier in a consortium: adding one, and deleting one's own."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal import permissions
from portal.consortia import services
from portal.consortia.access import Results, load_results
from portal.consortia.blueprint import bp
from portal.consortia.directory_views import render_supplier, visible_supplier
from portal.consortia.forms import NoteForm
from portal.consortia.models import ConsortiumNote
from portal.db import db


def _back(results: Results, supplier_id: int) -> Response:
    return redirect(
        url_for(
            "consortia.supplier",
            consortium_id=results.consortium.id,
            supplier_id=supplier_id,
            _anchor="notes",
        )
    )


@bp.route("/<int:consortium_id>/suppliers/<int:supplier_id>/notes", methods=["POST"])
@login_required
def add_note(consortium_id: int, supplier_id: int) -> Response | tuple[str, int]:
    results = load_results(consortium_id)
    row = visible_supplier(results, supplier_id)
    permissions.require(
        permissions.can_add_consortium_note(
            current_user, results.consortium, results.members, shared=True
        )
    )
    form = NoteForm()
    if not form.validate_on_submit():
        return render_supplier(results, row, form), 400
    services.add_note(current_user, results.consortium, row.id, form.body.data or "")
    flash(_("Your note has been added for the consortium's members."), "info")
    return _back(results, row.id)


@bp.route("/<int:consortium_id>/notes/<int:note_id>/delete", methods=["POST"])
@login_required
def delete_note(consortium_id: int, note_id: int) -> Response:
    """Load, then check: a note on a supplier the member sees in this consortium (404
    otherwise); another member's note is visible but not theirs to delete (403)."""
    results = load_results(consortium_id)
    note = db.session.get(ConsortiumNote, note_id)
    if note is None or note.consortium_id != results.consortium.id:
        permissions.deny()
    visible_supplier(results, note.supplier_id)
    listed = any(m.organisation_id == note.organisation_id for m in results.members)
    permissions.require(
        permissions.can_delete_consortium_note(
            current_user, results.consortium, results.members, note
        ),
        visible=listed,
    )
    services.delete_note(current_user, results.consortium, note)
    flash(_("The note has been deleted."), "info")
    return _back(results, note.supplier_id)
