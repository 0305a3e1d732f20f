"""The database layer: SQLite's pragmas and write transactions that wait instead of failing."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, text

from portal.db import configure_engine, db


def test_sqlite_connection_settings(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def test_concurrent_read_then_write_transactions_all_commit(tmp_path: Path) -> None:
    """8 writers each read a counter and write it back: with BEGIN IMMEDIATE none is lost."""
    engine = create_engine(f"sqlite:///{tmp_path / 'c.db'}", connect_args={"timeout": 30})
    configure_engine(engine, busy_timeout_seconds=30)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    errors: list[BaseException] = []
    per_thread = 25

    def work() -> None:
        try:
            for _ in range(per_thread):
                with engine.begin() as conn:
                    n = conn.execute(text("SELECT n FROM counter")).scalar_one()
                    conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.connect() as conn:
        total = conn.execute(text("SELECT n FROM counter")).scalar_one()
    engine.dispose()
    assert errors == []
    assert total == 8 * per_thread


def test_foreign_keys_are_enforced(app: Flask) -> None:
    from sqlalchemy.exc import IntegrityError

    from portal.organisations.models import ConsortiumMembership

    with app.app_context():
        db.session.add(ConsortiumMembership(consortium_id=424242, organisation_id=434343))
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
        else:
            raise AssertionError("a membership of nothing was stored")


def test_migrations_match_the_models(app: Flask) -> None:
    """The schema the migrations built is the schema the models describe, on either database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
