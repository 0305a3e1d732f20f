"""The short no-lost-writes check: 5 supplier sessions saving for 5 seconds against gunicorn.

`make bench` runs the long one (50 sessions, 30 seconds). This one serves the portal with
gunicorn's 2 workers on a scratch database of its own (a SQLite file, or a database created
on the PostgreSQL server when the suite runs there), exactly as bench/load.py does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import concurrency
from bench.server import Database, postgres_database, prepare, serving, sqlite_database

SESSIONS = 5
SECONDS = 5


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Database]:
    server = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if server:
        with postgres_database(server, tmp_path / "instance", "portal_test_no_lost") as db:
            yield db
    else:
        yield sqlite_database(tmp_path / "instance")


def test_every_acknowledged_save_reads_back(scratch: Database) -> None:
    manifest, _seconds = prepare(scratch, suppliers=12, members=3)
    assert len(manifest["writers"]) >= SESSIONS
    with serving(scratch) as base:
        outcome = concurrency.check(base, manifest, SESSIONS, SECONDS)
    assert outcome.lost == []
    assert outcome.server_errors == 0
    assert outcome.refused == 0
    # Every session saved, many times over: the check measured something.
    assert all(w.acknowledged >= 3 for w in outcome.writers), outcome.summary()
    assert outcome.passed


def test_the_read_back_notices_a_save_that_is_not_stored() -> None:
    writer = concurrency.Writer("a@example.org", start_revision=4, acknowledged=3,
                                last_value="third")
    outcome = concurrency.Outcome(1, 5.0, [writer], lost=[])
    assert outcome.passed
    assert not concurrency.Outcome(1, 5.0, [writer], lost=["a: revision 6, expected 7"]).passed
    writer.server_errors = 1
    assert not outcome.passed
    assert "1 5xx" in outcome.summary()


def test_the_hash_is_the_portals() -> None:
    from portal.responses.inputs import value_hash

    for value in ("plain", "accents: é, ü, ñ", ["a", "b"], 12, None):
        assert concurrency.value_hash(value) == value_hash(value)
