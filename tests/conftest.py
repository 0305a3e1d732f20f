"""Fixtures: an app on a migrated test database (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from portal import create_app
from portal.db import db
from tests import factories

TEST_DATABASE_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated once for the whole run, through the real migrations."""
    if TEST_DATABASE_URL:
        url = TEST_DATABASE_URL
        _reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    app = create_app(_config(url, tmp_path_factory.mktemp("outbox")))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def _config(url: str, outbox: Path, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "INSTANCE_PATH": str(outbox.parent / "instance"),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "MAIL_OUTBOX_DIR": str(outbox),
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_KIB": 1024,
        "PASSWORD_HASH_PARALLELISM": 1,
        "BASE_URL": "http://localhost",
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Per-test overrides of the configuration (tests may update it before using `app`)."""
    return {}


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def app(database_url: str, outbox: Path, app_config: dict[str, Any]) -> Iterator[Flask]:
    # No app context stays pushed during the test: each request gets its own, as in
    # production (a shared context would share `g`, and with it the signed-in user).
    app = create_app(_config(database_url, outbox, **app_config))
    yield app
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


# Reference data seeded by the migrations survives between tests.
SEEDED_TABLES = {"categories"}


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in SEEDED_TABLES]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def world(app: Flask) -> factories.World:
    """Two buyers, two suppliers, a consortium, and a user of every role."""
    with app.app_context():
        built = factories.build_world()
        db.session.commit()
        return built.snapshot()
