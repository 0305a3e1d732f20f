"""Generating the bench dataset into an empty database: check, plan, write in bulk, describe."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from portal.auth.services import hasher
from portal.bench import activity, issuing, manifest, plan, store
from portal.db import db, utcnow
from portal.organisations.models import Organisation
from portal.questionnaires.services import active_versions, definition_of
from portal.tenders.models import Category

# One password for every bench account, hashed once (argon2 is slow on purpose). Bench data
# belongs in a scratch database only: anyone who reads this file can sign in to it.
PASSWORD = "bench-otter-lantern-42"  # noqa: S105 - documented, bench data only


class GenerateRefused(RuntimeError):
    """Nothing was generated; the message says why and what to do."""


@dataclass(frozen=True)
class Generated:
    manifest: dict[str, Any]
    counts: dict[str, int]


def _versions() -> list[plan.Version]:
    return [
        plan.Version(v.id, v.key, v.version, v.version_order, v.sha256, definition_of(v))
        for v in active_versions()
    ]


def make_plan(seed: int, now: dt.datetime, versions: list[plan.Version], categories: list[str],
              *, suppliers: int, members: int, writers: int) -> plan.Plan:
    """The whole world in memory: people, requests, answers and scores, procurement."""
    if not versions:
        raise plan.PlanRefused("no questionnaire version is published")
    main = max(versions, key=lambda v: (v.size, v.order, v.key))
    planned = plan.Plan(seed, now, versions, main)
    plan.plan_buyers(planned, members)
    plan.plan_suppliers(planned, suppliers, categories)
    issuing.plan_requests(planned, writers)
    issuing.plan_answers(planned)
    issuing.plan_procurement(planned)
    return planned


def generate(*, suppliers: int, members: int, seed: int, writers: int) -> Generated:
    """Fill an empty, migrated database with published questionnaires; the caller commits."""
    if db.session.scalar(select(Organisation.id).limit(1)) is not None:
        raise GenerateRefused(
            "the database already holds organisations: bench generate only fills an empty "
            "database (migrate a new one, with PORTAL_INSTANCE_PATH or PORTAL_DATABASE_URL)"
        )
    versions = _versions()
    if not versions:
        raise GenerateRefused(
            "no questionnaire is published: run `flask --app portal questionnaires publish` first"
        )
    categories = list(db.session.scalars(select(Category.key).order_by(Category.key)))
    if not categories:
        raise GenerateRefused("there are no procurement categories: run `flask db upgrade`")
    try:
        planned = make_plan(seed, utcnow(), versions, categories, suppliers=suppliers,
                            members=members, writers=writers)
    except plan.PlanRefused as refused:
        raise GenerateRefused(str(refused)) from None
    after = activity.plan_activity(planned)
    written = store.write(planned, after, hasher().hash(PASSWORD))
    db.session.flush()
    described = manifest.build(planned, after, written, PASSWORD)
    return Generated(described, written.counts)
