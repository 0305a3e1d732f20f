"""Follow-up action pages, shared by both sides: the list, one action with its conversation,
and creating actions from a submission's gaps."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal import permissions
from portal import permissions as rules
from portal.assessments.services import scored
from portal.db import db
from portal.findings.services import consortium_ids
from portal.followup import services
from portal.followup.forms import (
    BulkActionsForm,
    EditActionForm,
    GapActionForm,
    MessageForm,
    StatusForm,
    owner_choices,
)
from portal.followup.models import ActionMessage, ActionStatus, FollowUpAction
from portal.organisations.models import Organisation
from portal.questionnaires.definition import Severity
from portal.questionnaires.services import definition_of
from portal.responses.models import Response as SupplierResponse
from portal.responses.uploads import UploadRejected, content_disposition, inspect_upload
from portal.review import services as review
from portal.review.labels import ACTION_STATUS
from portal.review.views import load_submission

bp = Blueprint("followup", __name__, url_prefix="/actions")


def _owner(form: Any, users: list[Any]) -> int | None:
    """The chosen owner, one of the buyer's people; nobody when none is chosen."""
    raw = form.owner_id.data or ""
    if not raw:
        return None
    if raw.isdigit() and int(raw) in {u.id for u in users}:
        return int(raw)
    raise services.ActionError(_("The owner must be a person of your organisation."))


@bp.route("/")
@login_required
def index() -> str:
    organisation = current_user.organisation
    permissions.require(organisation is not None)
    status = request.args.get("status", "")
    if status not in ACTION_STATUS:
        status = ""
    overdue_only = request.args.get("overdue") == "1"
    today = review.today()
    actions = services.actions_of(
        organisation, status=status or None, overdue_only=overdue_only, today=today
    )
    return render_template(
        "followup/index.html",
        actions=actions,
        owners=services.names_of(a.owner_id for a in actions),
        status=status,
        overdue_only=overdue_only,
        today=today,
        is_overdue=services.is_overdue,
        organisations=_organisation_names(actions),
    )


def _organisation_names(
    actions: list[FollowUpAction], extra: set[int] | None = None
) -> dict[int, str]:
    ids = {a.buyer_id for a in actions} | {a.supplier_id for a in actions} | (extra or set())
    return {o.id: o.name for o in (db.session.get(Organisation, i) for i in ids) if o}


# Creating from gaps ---------------------------------------------------------------------------


def _gaps(request_id: int) -> tuple[Any, Any, list[Any], Any]:
    issued, response, manage = load_submission(request_id)
    permissions.require(manage, visible=True)
    row = review.current_assessment(response)
    if response is None or row is None:
        permissions.deny(visible=True)
    definition = definition_of(issued.questionnaire_version)
    return issued, response, list(scored(row).gaps), definition


def _title(definition: Any, question_id: str) -> str:
    return definition.text(definition.question(question_id).text, "en")


@bp.route("/from-gap/<int:request_id>", methods=["POST"])
@login_required
def from_gap(request_id: int) -> Response:
    issued, response, gaps, definition = _gaps(request_id)
    form = GapActionForm()
    users = services.buyer_users(issued.buyer_id)
    form.owner_id.choices = owner_choices(users)
    back = url_for("review.submission", request_id=issued.id) + "#gaps"
    if not form.validate_on_submit():
        flash(_("The action could not be created: check the due date."), "error")
        return redirect(back)
    gap = next((g for g in gaps if g.question_id == form.question_id.data), None)
    if gap is None:
        flash(_("That requirement is no longer a gap."), "error")
        return redirect(back)
    try:
        action = services.create_from_gap(
            current_user,
            issued,
            response,
            gap,
            title=_title(definition, gap.question_id),
            owner_id=_owner(form, users),
            due_date=form.due_date.data,
            today=review.today(),
        )
    except services.ActionError as error:
        flash(str(error), "error")
        return redirect(back)
    if action is None:
        flash(_("This gap already has an open action."), "info")
        return redirect(back)
    flash(_("The action has been created."), "info")
    return redirect(url_for("followup.show", action_id=action.id))


@bp.route("/from-gaps/<int:request_id>", methods=["POST"])
@login_required
def from_gaps(request_id: int) -> Response:
    issued, response, gaps, definition = _gaps(request_id)
    form = BulkActionsForm()
    users = services.buyer_users(issued.buyer_id)
    form.owner_id.choices = owner_choices(users)
    back = url_for("review.submission", request_id=issued.id) + "#gaps"
    if not form.validate_on_submit():
        flash(_("The actions could not be created: check the severity and the due date."), "error")
        return redirect(back)
    try:
        made = services.create_from_gaps(
            current_user,
            issued,
            response,
            [(g, _title(definition, g.question_id)) for g in gaps],
            min_severity=Severity(form.min_severity.data),
            owner_id=_owner(form, users),
            due_date=form.due_date.data,
            today=review.today(),
        )
    except services.ActionError as error:
        flash(str(error), "error")
        return redirect(back)
    flash(
        _("%(count)d action(s) created.", count=len(made))
        if made
        else _("Every such gap already has an open action."),
        "info",
    )
    return redirect(back)


# One action -----------------------------------------------------------------------------------


def _load(action_id: int) -> FollowUpAction:
    action = db.session.get(FollowUpAction, action_id)
    if action is None:
        permissions.deny()
    permissions.require(
        rules.can_view_action(current_user, action, consortium_ids(current_user.organisation_id))
    )
    return action


def _show(
    action: FollowUpAction,
    *,
    message_form: MessageForm | None = None,
    edit_form: EditActionForm | None = None,
    status_form: StatusForm | None = None,
) -> str:
    as_buyer = rules.is_action_buyer(current_user, action)
    users = services.buyer_users(action.buyer_id) if as_buyer else []
    edit_form = edit_form or EditActionForm(obj=action)
    edit_form.owner_id.choices = owner_choices(users)
    if not edit_form.is_submitted():
        edit_form.owner_id.data = str(action.owner_id or "")
    status_form = status_form or StatusForm()
    if not as_buyer:
        status_form.status.choices = [
            c for c in status_form.status.choices if c.value in ("in progress", "resolved")
        ]
    if not status_form.is_submitted():
        status_form.status.data = action.status.value
    messages = services.messages_of(action)
    request_id = None
    if action.response_id is not None:
        response = db.session.get(SupplierResponse, action.response_id)
        request_id = response.request_id if response else None
    return render_template(
        "followup/show.html",
        action=action,
        as_buyer=as_buyer,
        can_change_status=as_buyer
        or (
            rules.is_action_supplier(current_user, action)
            and action.status.value in ("open", "in progress", "resolved")
        ),
        overdue=services.is_overdue(action, review.today()),
        owner=services.names_of([action.owner_id]).get(action.owner_id or 0, ""),
        messages=messages,
        authors=services.names_of(m.author_id for m in messages),
        organisations=_organisation_names([action], {m.organisation_id for m in messages}),
        message_form=message_form or MessageForm(),
        edit_form=edit_form,
        status_form=status_form,
        request_id=request_id,
        events=review.events_for([("action", action.id), ("followup_action", action.id)]),
        max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
    )


@bp.route("/<int:action_id>")
@login_required
def show(action_id: int) -> str:
    return _show(_load(action_id))


@bp.route("/<int:action_id>/messages", methods=["POST"])
@login_required
def post_message(action_id: int) -> Response | tuple[str, int]:
    action = _load(action_id)
    form = MessageForm()
    if form.validate_on_submit():
        attachment = None
        upload = form.file.data
        if upload is not None and getattr(upload, "filename", ""):
            data = upload.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
            try:
                accepted = inspect_upload(
                    upload.filename, data, max_bytes=current_app.config["UPLOAD_MAX_BYTES"]
                )
            except UploadRejected as error:
                form.file.errors = [_upload_problem(error)]
            else:
                attachment = (accepted, data)
        if not form.file.errors:
            try:
                services.post_message(
                    current_user, action, form.body.data or "", attachment=attachment
                )
            except services.ActionError as error:
                form.body.errors = [str(error)]
            else:
                flash(_("Your message has been sent."), "info")
                return redirect(url_for("followup.show", action_id=action.id) + "#conversation")
    return _show(action, message_form=form), 400


def _upload_problem(error: UploadRejected) -> str:
    limit = error.params.get("limit")
    messages = {
        "no_name": _("The file has no name."),
        "extension": _("Attach a PDF, PNG, JPG, DOCX, XLSX, CSV or TXT file."),
        "empty": _("The file is empty."),
        "too_large": _(
            "The file is larger than %(mb)s MB.",
            mb=f"{(int(limit) if isinstance(limit, int) else 0) / 1048576:g}",
        ),
        "mismatch": _("The file's content does not match its extension."),
        "zip_entries": _("The document holds too many parts to be opened safely."),
        "zip_size": _("The document is too large once unpacked to be opened safely."),
        "encrypted": _("The document is encrypted; attach it without a password."),
    }
    return messages.get(error.code, _("The file cannot be accepted."))


@bp.route("/<int:action_id>/status", methods=["POST"])
@login_required
def change_status(action_id: int) -> Response | tuple[str, int]:
    action = _load(action_id)
    as_buyer = rules.is_action_buyer(current_user, action)
    permissions.require(as_buyer or rules.is_action_supplier(current_user, action), visible=True)
    form = StatusForm()
    if form.validate_on_submit():
        status = ActionStatus(form.status.data)
        # Only the buyer verifies or closes: the supplier may see the action, not do that.
        permissions.require(as_buyer or status in services.SUPPLIER_STATUSES, visible=True)
        try:
            changed = services.change_status(current_user, action, status, as_buyer=as_buyer)
        except services.ActionError as error:
            form.status.errors = [str(error)]
        else:
            if changed:
                flash(
                    _("The action is now %(status)s.", status=ACTION_STATUS[action.status.value]),
                    "info",
                )
            return redirect(url_for("followup.show", action_id=action.id))
    return _show(action, status_form=form), 400


@bp.route("/<int:action_id>/edit", methods=["POST"])
@login_required
def edit(action_id: int) -> Response | tuple[str, int]:
    action = _load(action_id)
    permissions.require(rules.is_action_buyer(current_user, action), visible=True)
    form = EditActionForm()
    users = services.buyer_users(action.buyer_id)
    form.owner_id.choices = owner_choices(users)
    if form.validate_on_submit():
        try:
            changed = services.update(
                current_user,
                action,
                title=form.title.data or "",
                description=form.description.data or "",
                owner_id=_owner(form, users),
                due_date=form.due_date.data,
            )
        except services.ActionError as error:
            form.owner_id.errors = [str(error)]
        else:
            if changed:
                flash(_("The action has been saved."), "info")
            return redirect(url_for("followup.show", action_id=action.id))
    return _show(action, edit_form=form), 400


@bp.route("/<int:action_id>/files/<int:message_id>")
@login_required
def download(action_id: int, message_id: int) -> Response:
    action = _load(action_id)
    message = db.session.get(ActionMessage, message_id)
    if message is None or message.action_id != action.id or message.filename is None:
        permissions.deny()
    response = current_app.response_class(message.data or b"", mimetype=message.content_type)
    response.headers["Content-Disposition"] = content_disposition(message.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
