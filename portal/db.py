"""The database: declarative base, the Flask-SQLAlchemy handle, and SQLite's connection rules."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from flask import Flask, Response, g, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with constraint names that Alembic can alter on SQLite too."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Whether the current unit of work may write. GET and HEAD requests only read, so their
# transactions start deferred and never queue behind writers; everything else starts with
# BEGIN IMMEDIATE, so that under WAL a read-then-write waits for the lock (busy timeout)
# instead of failing at once with "database is locked".
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (stored naive-UTC by the models)."""
    return datetime.now(UTC)


@contextmanager
def read_only() -> Iterator[None]:
    """Run a block whose transactions start deferred (reads only)."""
    token = _write_intent.set(False)
    try:
        yield
    finally:
        _write_intent.reset(token)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the driver so that "begin" below decides.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


def configure_engine(engine: Engine, busy_timeout_seconds: float) -> None:
    """Install SQLite's pragmas and transaction rules; other databases need nothing."""
    if engine.dialect.name != "sqlite":
        return

    def connect(dbapi_connection: Any, record: Any) -> None:
        _sqlite_connect(dbapi_connection, record)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_seconds * 1000)}")
        cursor.close()

    event.listen(engine, "connect", connect)
    event.listen(engine, "begin", _sqlite_begin)


def init_app(app: Flask) -> None:
    """Bind the database to the app: engine rules, one commit per request, rollback on error."""
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_SECONDS"])

    @app.before_request
    def _declare_intent() -> None:
        if request.method in READ_ONLY_METHODS:
            request.environ["portal.intent_token"] = _write_intent.set(False)

    @app.after_request
    def _commit(response: Response) -> Response:
        # One commit per request, before the response leaves: a failed commit is a 500,
        # never a success page for lost work. Error responses keep nothing, unless a
        # service marked its changes as records that must survive (a failed sign-in).
        if response.status_code < 400 or g.get("keep_changes"):
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def _end_unit_of_work(exc: BaseException | None) -> None:
        try:
            db.session.rollback()
        finally:
            token = request.environ.pop("portal.intent_token", None)
            if token is not None:
                _write_intent.reset(token)


def keep_changes_on_error() -> None:
    """Commit this request's changes even when it answers with an error status."""
    g.keep_changes = True


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC as a naive timestamp (the same on SQLite and PostgreSQL); returns it aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use portal.db.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def str_enum(enum_class: type[StrEnum], length: int = 20) -> Enum:
    """A string column holding an enum's values, checked by the database on every backend."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        name=f"{enum_class.__name__.lower()}",
    )
