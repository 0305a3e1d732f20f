"""Wiring Flask-Login to the server-side sessions, and the idle timeout on every request."""

from __future__ import annotations

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth import services
from portal.auth.models import User
from portal.extensions import login_manager


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Sign in to continue.")
    login_manager.login_message_category = "info"
    # Our own server-side sessions replace Flask-Login's cookie fingerprinting.
    login_manager.session_protection = None

    @login_manager.user_loader
    def _load(token: str) -> User | None:
        return services.load_session_user(token)

    @app.before_request
    def _idle_timeout() -> Response | None:
        if request.endpoint == "static":
            return None
        if session.get("_user_id") and not current_user.is_authenticated:
            # The cookie names a session the server no longer honours: start clean.
            language = session.get("language")
            session.clear()
            if language:
                session["language"] = language
            if request.method == "GET":
                flash(_l("Your session has ended. Sign in again to continue."), "info")
                return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
            return None
        if current_user.is_authenticated:
            services.touch_session()
        return None
