"""The supplier directory of a consortium: one page of suppliers with what members know of them."""

from __future__ import annotations

from dataclasses import dataclass

from portal.consortia import activity, queries
from portal.consortia.activity import Work
from portal.consortia.queries import Filters, Latest, SupplierRow

PER_PAGE = 25


@dataclass(frozen=True)
class Paging:
    page: int
    pages: int
    total: int
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def paging(total: int, page: int, per_page: int = PER_PAGE) -> Paging:
    """The page asked for, kept between the first and the last (an empty list has one page)."""
    pages = max(1, -(-total // per_page))
    return Paging(min(max(1, page), pages), pages, total, per_page)


@dataclass(frozen=True)
class Entry:
    supplier: SupplierRow
    latest: list[Latest]
    work: list[Work]
    open_actions: int
    contradicting_findings: int


@dataclass(frozen=True)
class Directory:
    paging: Paging
    entries: list[Entry]


def load(consortium_id: int, viewer_id: int, filters: Filters, page: int) -> Directory:
    """A page of the directory in a fixed number of statements (eight, whatever the size)."""
    found = queries.directory(
        consortium_id, viewer_id, filters, offset=(max(1, page) - 1) * PER_PAGE, limit=PER_PAGE
    )
    window = paging(found.total, page)
    if window.page != max(1, page):  # asked past the end: show the last page instead
        found = queries.directory(
            consortium_id, viewer_id, filters, offset=window.offset, limit=PER_PAGE
        )
    ids = [s.id for s in found.suppliers]
    work = activity.member_work(consortium_id, ids)
    actions = activity.open_actions(consortium_id, ids)
    contradictions = activity.contradicting_findings(consortium_id, viewer_id, ids)
    entries = [
        Entry(
            supplier=s,
            latest=found.latest[s.id],
            work=work.get(s.id, []),
            open_actions=actions.get(s.id, 0),
            contradicting_findings=contradictions.get(s.id, 0),
        )
        for s in found.suppliers
    ]
    return Directory(window, entries)
