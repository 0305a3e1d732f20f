"""Configuration: defaults, instance/config.py, PORTAL_* variables, then the test override."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any

from flask import Flask


class Defaults:
    """Settings every deployment starts from; each can be overridden (see README)."""

    # Database: a SQLite file in instance/ unless PORTAL_DATABASE_URL names another.
    DATABASE_URL: str | None = None
    SQLITE_BUSY_TIMEOUT_SECONDS = 15

    # Sessions: server-side records, idle and absolute timeouts.
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 12
    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # None: secure unless debug

    # Passwords (argon2id parameters; see portal/auth/passwords.py).
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_KIB = 65536
    PASSWORD_HASH_PARALLELISM = 2

    # Sign-in rate limits (counted on failures only) and their store.
    SIGNIN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    SIGNIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
    RATELIMIT_STORAGE_URI = "memory://"

    # Links sent by mail.
    BASE_URL = "http://127.0.0.1:5000"
    RESET_LINK_MINUTES = 60
    INVITATION_DAYS = 14
    # A request's invitation (link and code) to a supplier; it is used up by one registration.
    SUPPLIER_INVITATION_DAYS = 120

    # Mail: "file" writes .eml files into instance/outbox; "smtp" sends.
    MAIL_BACKEND = "file"
    MAIL_FROM = "Supplier due-diligence portal <no-reply@portal.invalid>"
    MAIL_OUTBOX_DIR: str | None = None
    SMTP_HOST = "localhost"
    SMTP_PORT = 587
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = True
    SMTP_TIMEOUT_SECONDS = 20

    # Number of trusted reverse proxies in front (their X-Forwarded-* headers are believed).
    PROXY_COUNT = 0

    # Requests and uploads.
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    # docx and xlsx are zip files: bounds checked before anything opens them.
    UPLOAD_ZIP_MAX_ENTRIES = 2000
    UPLOAD_ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024

    # Open Contracting files larger than this are refused before being read.
    OCDS_MAX_BYTES = 50 * 1024 * 1024

    # Where `questionnaires validate/publish` look by default.
    QUESTIONNAIRES_DIR = str(Path(__file__).resolve().parent.parent / "questionnaires")

    # Languages offered to users.
    LANGUAGES = ["en", "es", "fr"]
    BABEL_DEFAULT_LOCALE = "en"

    WTF_CSRF_TIME_LIMIT: int | None = None  # the token lives as long as the session


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Apply the configuration layers in order and derive what depends on them."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("PORTAL")
    if test_config is not None:
        app.config.from_mapping(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))

    url = app.config.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'portal.db'}"
    app.config["DATABASE_URL"] = url
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    if url.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"].setdefault(
            "connect_args", {"timeout": app.config["SQLITE_BUSY_TIMEOUT_SECONDS"]}
        )
    else:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"].setdefault("pool_pre_ping", True)

    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = not app.debug
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["RATELIMIT_HEADERS_ENABLED"] = False
    if not app.config.get("MAIL_OUTBOX_DIR"):
        app.config["MAIL_OUTBOX_DIR"] = str(Path(app.instance_path) / "outbox")


def _instance_secret_key(instance: Path) -> str:
    """The instance's secret key, created once; safe when several workers start together."""
    path = instance / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another worker may have created the file an instant ago and not written it yet.
        for _ in range(50):
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty: delete it to have a new key generated") from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key
