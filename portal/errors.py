"""Error pages that say what happened in plain words and leak nothing else."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.db import db


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return render_template("errors/error.html", code=code, reason=None), code

    @app.errorhandler(InternalServerError)
    def _internal(error: InternalServerError) -> tuple[str, int]:
        db.session.rollback()
        return render_template("errors/error.html", code=500, reason=None), 500
