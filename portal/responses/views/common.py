"""The blueprint and the loaders every supplier page starts with (load, then check)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import current_user

from portal import permissions
from portal.db import db, utcnow
from portal.requests.models import Request
from portal.responses.models import Response
from portal.responses.services import response_for
from portal.responses.sharing import is_shared_with

bp = Blueprint("responses", __name__)


def language() -> str:
    return str(get_locale() or "en")


def today() -> date:
    return utcnow().date()


def load_request(request_id: int) -> Request:
    found = db.session.get(Request, request_id)
    if found is None:
        permissions.deny()
    return found


def answering(request_id: int) -> tuple[Request, Response | None]:
    """The request and its response, for a user of the supplier it was issued to.

    The issuing buyer knows the request exists (403); anyone else gets 404."""
    req = load_request(request_id)
    permissions.require(
        permissions.can_answer_request(current_user, req),
        visible=permissions.can_view_request(current_user, req),
    )
    return req, response_for(req)


def load_response(response_id: int) -> Response:
    found = db.session.get(Response, response_id)
    if found is None:
        permissions.deny()
    return found


def require_read(response: Response) -> None:
    """The two parties, or a buyer the submitted response is shared with."""
    org_id = getattr(current_user, "organisation_id", None)
    submitted = response.status.value == "submitted"
    shared = submitted and is_shared_with(response.id, org_id)
    permissions.require(
        permissions.can_read_response(
            current_user, response.request, submitted=submitted, shared=shared
        )
    )


def locked_page(req: Request, response: Response | None) -> tuple[str, int]:
    """Answer a change to a response that cannot change: nothing was changed."""
    return render_template("responses/locked.html", req=req, response=response), 409
