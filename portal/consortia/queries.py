"""What a consortium member may read, as SQL: one visibility rule, and the aggregates built on it.

`visible_responses` is the only place that decides which responses a member organisation
reads through a consortium; every consortium page starts from it (through
`latest_assessments`). Everything here runs a fixed number of statements, whatever the number
of suppliers: aggregates are GROUP BY queries over Share, Assessment and QuestionOutcome, and
lists are fetched for a page of suppliers at once, never one supplier at a time.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    distinct,
    exists,
    func,
    select,
    union,
)

from portal.assessments.models import Assessment
from portal.db import db
from portal.organisations.models import ConsortiumMembership, Organisation
from portal.questionnaires.models import QuestionnaireVersion
from portal.requests.models import Request
from portal.responses.models import Response, ResponseStatus, Share
from portal.tenders.models import Category, Contract, Tender

# The procurement category a response was given for: the contract's, else the tender's.
RESPONSE_CATEGORY = func.coalesce(Contract.category_key, Tender.category_key)


def visible_responses(consortium_id: int, viewer_id: int) -> Select[Any]:
    """The responses the member organisation `viewer_id` reads through the consortium.

    A response is visible when it is submitted (never a draft, nor one reopened for changes),
    and a live share (not withdrawn) names the consortium or the viewer itself, and the viewer
    is a member of the consortium now: leaving removes access at once. Columns: response_id,
    supplier_id, version_id, category (key or None), submitted_at.
    """
    is_member = exists().where(
        ConsortiumMembership.consortium_id == consortium_id,
        ConsortiumMembership.organisation_id == viewer_id,
    )
    # Driven from the live shares, one indexed branch per audience (ix_shares_consortium,
    # ix_shares_buyer), not from every response in the portal.
    shared = union(
        select(Share.response_id).where(
            Share.consortium_id == consortium_id, Share.withdrawn_at.is_(None)
        ),
        select(Share.response_id).where(Share.buyer_id == viewer_id, Share.withdrawn_at.is_(None)),
    )
    return (
        select(
            Response.id.label("response_id"),
            Request.supplier_id.label("supplier_id"),
            Request.questionnaire_version_id.label("version_id"),
            RESPONSE_CATEGORY.label("category"),
            Response.submitted_at.label("submitted_at"),
        )
        .join(Request, Request.id == Response.request_id)
        .outerjoin(Tender, Tender.id == Request.tender_id)
        .outerjoin(Contract, Contract.id == Request.contract_id)
        .where(Response.id.in_(shared), Response.status == ResponseStatus.SUBMITTED, is_member)
    )


def latest_assessments(consortium_id: int, viewer_id: int, *, key: str | None = None) -> Subquery:
    """Per supplier and questionnaire key, the current assessment of the latest visible
    response (by submission time), with what the directory and comparisons show of it."""
    visible = visible_responses(consortium_id, viewer_id).subquery("visible")
    ranked = (
        select(
            visible.c.response_id,
            visible.c.supplier_id,
            visible.c.version_id,
            visible.c.category,
            visible.c.submitted_at,
            QuestionnaireVersion.key.label("key"),
            QuestionnaireVersion.version.label("version"),
            Assessment.id.label("assessment_id"),
            Assessment.required_tier,
            Assessment.tier_attained,
            Assessment.rating,
            Assessment.points,
            Assessment.max_points,
            Assessment.gaps_critical,
            Assessment.gaps_high,
            Assessment.gaps_medium,
            Assessment.gaps_low,
            Assessment.red_flags,
            func.row_number()
            .over(
                partition_by=(visible.c.supplier_id, QuestionnaireVersion.key),
                order_by=(
                    visible.c.submitted_at.desc().nulls_last(),
                    visible.c.response_id.desc(),
                ),
            )
            .label("position"),
        )
        .join(QuestionnaireVersion, QuestionnaireVersion.id == visible.c.version_id)
        .join(
            Assessment,
            and_(Assessment.response_id == visible.c.response_id, Assessment.is_current.is_(True)),
        )
    )
    if key is not None:
        ranked = ranked.where(QuestionnaireVersion.key == key)
    inner = ranked.subquery("ranked")
    columns = [c for c in inner.c if c.name != "position"]
    return select(*columns).where(inner.c.position == 1).subquery("latest")


# Rows handed to the views -------------------------------------------------------------------


@dataclass(frozen=True)
class Latest:
    """A supplier's latest shared assessment for one questionnaire."""

    supplier_id: int
    response_id: int
    assessment_id: int
    version_id: int
    key: str
    version: str
    category: str | None
    submitted_at: datetime | None
    required_tier: str
    tier_attained: str
    rating: str
    points: float
    max_points: float
    gaps_critical: int
    gaps_high: int
    gaps_medium: int
    gaps_low: int
    red_flags: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.points / self.max_points if self.max_points > 0 else None

    @property
    def gaps(self) -> int:
        return self.gaps_critical + self.gaps_high + self.gaps_medium + self.gaps_low


LATEST_FIELDS = tuple(Latest.__dataclass_fields__)


def latest_rows(stmt: Select[Any]) -> list[Latest]:
    return [Latest(**row._asdict()) for row in db.session.execute(stmt)]


def select_latest(latest: Subquery) -> Select[Any]:
    return select(*(latest.c[name] for name in LATEST_FIELDS))


@dataclass(frozen=True)
class SupplierRow:
    id: int
    name: str
    category: str | None
    country: str | None


@dataclass(frozen=True)
class Filters:
    """The directory's filters; None means any."""

    category: str | None = None
    country: str | None = None
    tier: str | None = None
    rating: str | None = None
    red_flags: bool | None = None
    key: str | None = None


def _filtered(latest: Subquery, filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.category is not None:
        conditions.append(latest.c.category == filters.category)
    if filters.country is not None:
        conditions.append(Organisation.country == filters.country)
    if filters.tier is not None:
        conditions.append(latest.c.tier_attained == filters.tier)
    if filters.rating is not None:
        conditions.append(latest.c.rating == filters.rating)
    if filters.red_flags is True:
        conditions.append(latest.c.red_flags > 0)
    elif filters.red_flags is False:
        conditions.append(latest.c.red_flags == 0)
    if filters.key is not None:
        conditions.append(latest.c.key == filters.key)
    return conditions


@dataclass(frozen=True)
class DirectoryPage:
    total: int
    suppliers: list[SupplierRow]
    latest: dict[int, list[Latest]]


def directory(
    consortium_id: int, viewer_id: int, filters: Filters, *, offset: int, limit: int
) -> DirectoryPage:
    """A page of the suppliers the viewer sees in the consortium, by name, with the latest
    assessments that match the filters (three statements whatever the size)."""
    latest = latest_assessments(consortium_id, viewer_id)
    conditions = _filtered(latest, filters)
    matching = (
        select(latest.c.supplier_id)
        .join(Organisation, Organisation.id == latest.c.supplier_id)
        .where(*conditions)
    )
    total = db.session.scalar(
        select(func.count(distinct(latest.c.supplier_id)))
        .select_from(latest)
        .join(Organisation, Organisation.id == latest.c.supplier_id)
        .where(*conditions)
    )
    suppliers = [
        SupplierRow(*row)
        for row in db.session.execute(
            select(Organisation.id, Organisation.name, Organisation.category, Organisation.country)
            .where(Organisation.id.in_(matching))
            .order_by(Organisation.name, Organisation.id)
            .offset(offset)
            .limit(limit)
        )
    ]
    rows: dict[int, list[Latest]] = {s.id: [] for s in suppliers}
    if suppliers:
        stmt = (
            select_latest(latest)
            .join(Organisation, Organisation.id == latest.c.supplier_id)
            .where(latest.c.supplier_id.in_(list(rows)), *conditions)
            .order_by(latest.c.key)
        )
        for found in latest_rows(stmt):
            rows[found.supplier_id].append(found)
    return DirectoryPage(total or 0, suppliers, rows)


@dataclass(frozen=True)
class Options:
    """The values the directory's filters can take, from what the viewer sees."""

    categories: list[tuple[str, str]]
    countries: list[str]
    tiers: list[str]
    keys: list[tuple[str, str]]


def options(consortium_id: int, viewer_id: int) -> Options:
    latest = latest_assessments(consortium_id, viewer_id)
    combos = db.session.execute(
        select(latest.c.category, Organisation.country, latest.c.tier_attained, latest.c.key)
        .join(Organisation, Organisation.id == latest.c.supplier_id)
        .group_by(latest.c.category, Organisation.country, latest.c.tier_attained, latest.c.key)
    ).all()
    category_keys = {c for c, _, _, _ in combos if c is not None}
    keys = {k for _, _, _, k in combos}
    return Options(
        categories=category_names(category_keys),
        countries=sorted({country for _, country, _, _ in combos if country}),
        tiers=sorted({t for _, _, t, _ in combos}),
        keys=questionnaire_titles(keys),
    )


def category_names(keys: Collection[str] | None = None) -> list[tuple[str, str]]:
    """(key, name) of the categories, by name; all of them when `keys` is None."""
    stmt = select(Category.key, Category.name).order_by(Category.name)
    if keys is not None:
        if not keys:
            return []
        stmt = stmt.where(Category.key.in_(list(keys)))
    return [(k, n) for k, n in db.session.execute(stmt)]


def category_exists(key: str) -> bool:
    return db.session.get(Category, key) is not None


def questionnaire_titles(keys: Collection[str] | None = None) -> list[tuple[str, str]]:
    """(key, title of its newest version) of published questionnaires, by title."""
    newest = select(
        QuestionnaireVersion.key,
        QuestionnaireVersion.title,
        func.row_number()
        .over(
            partition_by=QuestionnaireVersion.key,
            order_by=QuestionnaireVersion.version_order.desc(),
        )
        .label("position"),
    )
    if keys is not None:
        if not keys:
            return []
        newest = newest.where(QuestionnaireVersion.key.in_(list(keys)))
    inner = newest.subquery()
    rows = db.session.execute(
        select(inner.c.key, inner.c.title).where(inner.c.position == 1).order_by(inner.c.title)
    )
    return [(k, t) for k, t in rows]


def questionnaire_exists(key: str) -> bool:
    found = db.session.scalar(
        select(QuestionnaireVersion.id).where(QuestionnaireVersion.key == key).limit(1)
    )
    return found is not None


# One supplier, or a chosen few ---------------------------------------------------------------


def visible_suppliers(
    consortium_id: int, viewer_id: int, supplier_ids: Collection[int]
) -> list[SupplierRow]:
    """Of these suppliers, those with a response the viewer reads in the consortium."""
    if not supplier_ids:
        return []
    visible = visible_responses(consortium_id, viewer_id).subquery()
    stmt = (
        select(Organisation.id, Organisation.name, Organisation.category, Organisation.country)
        .where(
            Organisation.id.in_(list(supplier_ids)),
            Organisation.id.in_(select(visible.c.supplier_id)),
        )
        .order_by(Organisation.name, Organisation.id)
    )
    return [SupplierRow(*row) for row in db.session.execute(stmt)]


def latest_of(
    consortium_id: int,
    viewer_id: int,
    *,
    key: str | None = None,
    supplier_ids: Collection[int] | None = None,
    category: str | None = None,
) -> list[Latest]:
    """Latest shared assessments, for some suppliers, a questionnaire, a category."""
    latest = latest_assessments(consortium_id, viewer_id, key=key)
    stmt = select_latest(latest)
    if supplier_ids is not None:
        stmt = stmt.where(latest.c.supplier_id.in_(list(supplier_ids)))
    if category is not None:
        stmt = stmt.where(latest.c.category == category)
    return latest_rows(stmt.order_by(latest.c.supplier_id, latest.c.key))


def suppliers_in_category(
    consortium_id: int, viewer_id: int, *, key: str, category: str, limit: int
) -> list[SupplierRow]:
    """Suppliers whose latest shared response to the questionnaire was for this category, by
    name; at most `limit` (ask for one more than allowed to tell that there are too many)."""
    latest = latest_assessments(consortium_id, viewer_id, key=key)
    stmt = (
        select(Organisation.id, Organisation.name, Organisation.category, Organisation.country)
        .join(latest, latest.c.supplier_id == Organisation.id)
        .where(latest.c.category == category)
        .order_by(Organisation.name, Organisation.id)
        .limit(limit)
    )
    return [SupplierRow(*row) for row in db.session.execute(stmt)]
