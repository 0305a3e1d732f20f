"""The front door: health check, landing redirect and each user's home."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from werkzeug.wrappers import Response

from portal.db import db
from portal.organisations import queries

bp = Blueprint("main", __name__)


@bp.route("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}, 200


@bp.route("/")
def index() -> Response:
    return redirect(url_for("main.home" if current_user.is_authenticated else "auth.sign_in"))


@bp.route("/home")
@login_required
def home() -> Response | str:
    organisation = current_user.organisation
    # Each side's own home page, where its feature provides one.
    kind_home = None
    if organisation is not None:
        kind_home = "responses.home" if organisation.is_supplier else "review.dashboard"
    if kind_home and kind_home in current_app.view_functions:
        return redirect(url_for(kind_home))
    consortia = queries.consortia_of(organisation.id) if organisation else []
    counts = queries.platform_counts() if current_user.is_operator else None
    return render_template(
        "main/home.html", organisation=organisation, consortia=consortia, counts=counts
    )
