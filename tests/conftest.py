"""Fixtures: an app on a migrated test database (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, text

from portal import create_app
from portal.db import db
from portal.extensions import limiter
from tests import factories

TEST_DATABASE_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")


class _SharedBytecode(BytecodeCache):
    """Templates compiled once per run, not once per test's app."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


BYTECODE = _SharedBytecode()


def make_app(config: dict[str, Any]) -> Flask:
    app = create_app(config)
    app.jinja_env.bytecode_cache = BYTECODE
    return app


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


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("run")


@pytest.fixture
def outbox(run_dir: Path) -> Iterator[Path]:
    """Where this test's mail lands; emptied after the test."""
    path = run_dir / "outbox"
    yield path
    shutil.rmtree(path, ignore_errors=True)


# Apps are reused between tests with the same configuration: building one costs more than
# most tests (engine, compiled SQL and template caches). Each test still starts with empty
# tables, an empty outbox, reset rate limits and the configuration as it was built.
_APPS: dict[tuple[str, str], Flask] = {}


@pytest.fixture
def app(database_url: str, outbox: Path, app_config: dict[str, Any]) -> Iterator[Flask]:
    # No app context stays pushed during the test: each request gets its own, as in
    # production (a shared context would share `g`, and with it the signed-in user).
    key = (database_url, repr(sorted(app_config.items())))
    app = _APPS.get(key)
    if app is None:
        app = _APPS[key] = make_app(_config(database_url, outbox, **app_config))
    saved = dict(app.config)
    with app.app_context():
        limiter.reset()
    yield app
    app.config.clear()
    app.config.update(saved)
    with app.app_context():
        db.session.remove()
        _empty_tables()


# Reference data seeded by the migrations survives between tests.
SEEDED_TABLES = {"categories"}


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in SEEDED_TABLES]
    # DELETE in dependency order: on small tables it beats TRUNCATE's fixed cost per table.
    with db.engine.begin() as conn:
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
