"""Sharing a submitted response with another buyer or a consortium, and withdrawing it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from portal import permissions
from portal.db import db
from portal.requests.models import Request
from portal.responses import sharing
from portal.responses.forms import ShareForm
from portal.responses.models import Response, ResponseStatus, Share
from portal.responses.views.common import answering, bp, locked_page


def _page(req: Request, response: Response, form: ShareForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "responses/sharing.html",
        req=req,
        response=response,
        readers=sharing.readers(response),
        form=form,
        can_share=response.status is ResponseStatus.SUBMITTED,
    ), status


@bp.route("/supplier/requests/<int:request_id>/sharing", methods=["GET", "POST"])
@login_required
def sharing_page(request_id: int) -> WerkzeugResponse | tuple[str, int]:
    req, response = answering(request_id)
    if response is None:
        return redirect(url_for(".overview", request_id=req.id))
    form = ShareForm()
    if not form.is_submitted():
        return _page(req, response, form)
    if response.status is not ResponseStatus.SUBMITTED:
        return locked_page(req, response)
    if not form.validate():
        return _page(req, response, form, 400)
    value = form.value.data or ""
    buyer = consortium = None
    if form.audience.data == "buyer_name":
        buyer = sharing.buyer_named(value)
        missing = _("No buyer organisation on the portal has exactly that name. Check the "
                    "spelling, or use an invitation code that buyer sent you.")
    elif form.audience.data == "buyer_code":
        buyer = sharing.buyer_of_code(value, req.supplier_id)
        missing = _("That code does not belong to a request sent to your organisation. Check "
                    "the code in the buyer's invitation.")
    else:
        consortium = sharing.consortium_named(value)
        missing = _("No consortium on the portal has exactly that name. Check the spelling.")
    try:
        sharing.share(current_user, response, buyer=buyer, consortium=consortium)
    except sharing.ShareRefused as refused:
        name = buyer.name if buyer else consortium.name if consortium else ""
        if refused.code == "issuer":
            message = _("%(name)s issued this request: it can already read your answers.",
                        name=name)
        elif refused.code == "already":
            message = _("%(name)s can already read your answers.", name=name)
        else:
            message = missing
        form.value.errors = [message]
        return _page(req, response, form, 400)
    name = buyer.name if buyer else consortium.name if consortium else ""
    flash(_("%(name)s can now read your submitted answers.", name=name), "info")
    return redirect(url_for(".sharing_page", request_id=req.id))


@bp.route("/supplier/requests/<int:request_id>/sharing/<int:share_id>/withdraw",
          methods=["POST"])
@login_required
def withdraw_share(request_id: int, share_id: int) -> WerkzeugResponse:
    req, response = answering(request_id)
    found = db.session.get(Share, share_id)
    if response is None or found is None or found.response_id != response.id:
        permissions.deny()
    sharing.withdraw(current_user, response, found)
    flash(_("The share has been withdrawn: they can no longer read your answers."), "info")
    return redirect(url_for(".sharing_page", request_id=req.id))
