"""Findings: independent evidence about suppliers, recorded by buyers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from portal import permissions
from portal import permissions as rules
from portal.db import db
from portal.findings import services
from portal.findings.forms import FindingForm
from portal.findings.models import Finding, FindingKind
from portal.organisations.models import Consortium, Organisation
from portal.organisations.queries import consortia_of
from portal.questionnaires.definition import QuestionType
from portal.questionnaires.services import definition_of
from portal.review.services import events_for, today
from portal.review.views import load_submission
from portal.tenders.services import supplier, supplier_organisations

bp = Blueprint("findings", __name__, url_prefix="/findings")


def _buyer() -> Organisation:
    permissions.require(rules.can_manage_tenders(current_user))
    return current_user.organisation


@bp.route("/")
@login_required
def index() -> str:
    buyer = _buyer()
    supplier_id = request.args.get("supplier_id", "")
    findings = services.visible_findings(
        buyer.id, supplier_id=int(supplier_id) if supplier_id.isdigit() else None
    )
    ids = {f.supplier_id for f in findings} | {f.buyer_id for f in findings}
    names = {o.id: o.name for o in (db.session.get(Organisation, i) for i in ids) if o}
    return render_template("findings/index.html", findings=findings, names=names)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create() -> Response | tuple[str, int] | str:
    buyer = _buyer()
    form = FindingForm()
    issued = None
    key = None
    raw = request.args.get("request_id", "")
    if raw.isdigit():
        issued, _response, manage = load_submission(int(raw))
        permissions.require(manage, visible=True)
        version = issued.questionnaire_version
        key = version.key
        definition = definition_of(version)
        language = str(get_locale() or "en")
        form.questions.choices = [
            SelectChoice(q.id, f"{definition.text(q.text, language)} ({q.id})")
            for q in definition.questions()
            if q.type is not QuestionType.NOTE
        ]
        form.supplier_id.choices = [SelectChoice(str(issued.supplier_id), issued.supplier.name)]
        if not form.is_submitted():
            form.supplier_id.data = str(issued.supplier_id)
    else:
        form.supplier_id.choices = [SelectChoice("", _("Choose a supplier"))] + [
            SelectChoice(str(o.id), o.name) for o in supplier_organisations()
        ]
        if not form.is_submitted():
            form.supplier_id.data = request.args.get("supplier_id", "")
    consortia = consortia_of(buyer.id)
    form.consortium_id.choices = [SelectChoice("", _("Not shared"))] + [
        SelectChoice(str(c.id), c.name) for c in consortia
    ]
    if form.validate_on_submit():
        chosen = (
            supplier(int(form.supplier_id.data))
            if (form.supplier_id.data or "").isdigit()
            else None
        )
        if issued is not None and (chosen is None or chosen.id != issued.supplier_id):
            chosen = None
        allowed = {c.value for c in form.questions.choices}
        picked = [q for q in form.questions.data or [] if q in allowed]
        consortium = form.consortium_id.data or ""
        if chosen is None:
            form.supplier_id.errors = [_("Choose the supplier the finding is about.")]
        else:
            try:
                finding = services.record_finding(
                    current_user,
                    buyer=buyer,
                    supplier=chosen,
                    kind=FindingKind(form.kind.data),
                    found_on=form.found_on.data,
                    source=form.source.data or "",
                    summary=form.summary.data or "",
                    questions=[
                        services.ConcernedQuestion(
                            key or "", qid, form.contradicts.data == "yes", form.note.data or ""
                        )
                        for qid in picked
                        if key
                    ],
                    consortium_id=int(consortium) if consortium.isdigit() else None,
                    today=today(),
                )
            except services.FindingError as error:
                form.found_on.errors = [str(error)]
            else:
                flash(_("The finding has been recorded."), "info")
                if issued is not None:
                    return redirect(url_for("review.submission", request_id=issued.id))
                return redirect(url_for("findings.show", finding_id=finding.id))
    status = 400 if form.is_submitted() else 200
    return render_template("findings/form.html", form=form, issued=issued), status


@bp.route("/<int:finding_id>")
@login_required
def show(finding_id: int) -> str:
    finding = db.session.get(Finding, finding_id)
    if finding is None:
        permissions.deny()
    viewer = current_user.organisation_id
    permissions.require(
        rules.can_view_finding(current_user, finding, services.consortium_ids(viewer))
    )
    own = rules.owns(current_user, finding)
    return render_template(
        "findings/show.html",
        finding=finding,
        supplier=db.session.get(Organisation, finding.supplier_id),
        buyer=db.session.get(Organisation, finding.buyer_id),
        consortium=db.session.get(Consortium, finding.consortium_id)
        if finding.consortium_id
        else None,
        questions=services.questions_of(finding.id),
        author=services.author_name(finding) if own else "",
        events=events_for([("finding", finding.id)]) if own else [],
    )
