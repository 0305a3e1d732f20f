"""Bulk inserts in batches, with the new ids back in the order of the rows (RETURNING), so that
later rows can refer to earlier ones on SQLite and PostgreSQL alike and the database's own
sequences stay right."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert

from portal.db import db

BATCH = 5000


def chunks(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_rows(model: type[Any], rows: Sequence[dict[str, Any]], *,
                returning: bool = False) -> list[int]:
    """Insert the rows in batches; their new ids, in order, when `returning`."""
    table = model.__table__
    ids: list[int] = []
    for chunk in chunks(rows):
        if returning:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += db.session.scalars(stmt, list(chunk)).all()
        else:
            db.session.execute(insert(table), list(chunk))
    return ids


@dataclass
class Written:
    """The ids of what was written, by the plan's indexes, and the row counts."""

    buyers: list[int] = field(default_factory=list)
    suppliers: list[int] = field(default_factory=list)
    admins: list[int] = field(default_factory=list)  # per buyer
    members: list[int] = field(default_factory=list)  # per buyer
    supplier_users: list[int] = field(default_factory=list)  # per supplier
    consortium: int = 0
    requests: list[int] = field(default_factory=list)
    responses: dict[int, int] = field(default_factory=dict)  # request index -> response id
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, rows: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + rows
