"""The supplier due-diligence portal: the application factory and its registration steps."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import configure

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages, security, commands."""
    # The instance folder (database, secret key, outbox) can live elsewhere, e.g. for tests.
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "PORTAL_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure(app, test_config)
    if app.config["PROXY_COUNT"]:
        # Behind N trusted proxies: take the client address and scheme from their headers.
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from flask_babel import get_locale

    from portal import db as database
    from portal import models as _models  # noqa: F401 - every table, for migrations
    from portal.auth.session import init_login
    from portal.extensions import babel, csrf, limiter, migrate, select_locale

    app.jinja_env.add_extension("jinja2.ext.do")
    database.init_app(app)
    migrate.init_app(
        app,
        database.db,
        directory=str(Path(__file__).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    init_login(app)
    app.jinja_env.globals["get_locale"] = get_locale


def register_blueprints(app: Flask) -> None:
    from portal.auth.views import account_bp
    from portal.auth.views import bp as auth_bp
    from portal.consortia.views import bp as consortia_bp
    from portal.main.views import bp as main_bp
    from portal.organisations.views import bp as organisations_bp

    for blueprint in (main_bp, auth_bp, account_bp, organisations_bp, consortia_bp):
        app.register_blueprint(blueprint)
    # The buyer's journey: tenders and contracts, issuing, review, follow-up, findings, reports.
    from portal.findings.views import bp as findings_bp
    from portal.followup.views import bp as followup_bp
    from portal.reports.views import bp as reports_bp
    from portal.requests.views import bp as requests_bp
    from portal.review.views import bp as review_bp
    from portal.tenders.views import bp as tenders_bp

    for blueprint in (tenders_bp, requests_bp, review_bp, followup_bp, findings_bp, reports_bp):
        app.register_blueprint(blueprint)

    from portal.invitations.views import bp as invitations_bp
    from portal.responses.views import bp as responses_bp

    for blueprint in (invitations_bp, responses_bp):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from portal.errors import init_errors

    init_errors(app)


def register_security(app: Flask) -> None:
    from portal.security import init_security

    init_security(app)


def register_commands(app: Flask) -> None:
    from portal.cli import init_commands

    init_commands(app)
