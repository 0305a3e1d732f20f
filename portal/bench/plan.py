"""The bench world as planned in memory from a seed before anything is written, and its
people: buyers and suppliers. Same seed, same plan.

Each phase draws from its own random stream (seeded with the seed and the phase's name), so
a change to one phase does not reshuffle the others.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from portal.bench import names
from portal.questionnaires.definition import Definition, QuestionType
from portal.scoring import Assessment as Scored

EMAIL_DOMAIN = "bench.portal.test"
SHOWCASE = 12  # suppliers sure to have a scored response shared with the consortium
QUALITIES = {"good": 0.95, "middling": 0.72, "poor": 0.42}  # share of requirements met


def stream(seed: int, phase: str) -> random.Random:
    """The phase's own reproducible random stream (not for anything secret)."""
    return random.Random(f"{seed}:{phase}")  # noqa: S311 - bench data, not security


@dataclass(frozen=True)
class Version:
    """A published questionnaire version, as the plan needs it."""

    id: int
    key: str
    version: str
    order: str
    sha256: str
    definition: Definition

    @property
    def size(self) -> int:
        return sum(q.type is not QuestionType.NOTE for q in self.definition.questions())


@dataclass(frozen=True)
class Buyer:
    index: int
    name: str
    code: str
    country: str
    admin: tuple[str, str]  # email, name
    member: tuple[str, str]


@dataclass(frozen=True)
class Supplier:
    index: int
    name: str
    category: str
    line: str
    country: str
    quality: str
    red_flags: int
    user: tuple[str, str]


@dataclass
class Planned:
    """One request, its response (if started) and its score (if submitted)."""

    index: int
    buyer: int
    supplier: int
    version: Version
    stage: str
    tier: str
    created_at: dt.datetime
    due: dt.date
    state: str  # "submitted", "draft" or "not started"
    writer: bool = False
    showcase: bool = False
    answers: dict[str, Any] = field(default_factory=dict)
    started_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    scored: Scored | None = None
    tender: int | None = None  # index into Plan.tenders
    contract: int | None = None  # index into Plan.contracts


@dataclass
class Tender:
    buyer: int
    reference: str
    title: str
    category: str
    suppliers: list[int]
    awarded: bool = False


@dataclass(frozen=True)
class Contract:
    buyer: int
    supplier: int
    tender: int | None
    reference: str
    title: str
    category: str
    country: str
    months: int


@dataclass
class Plan:
    seed: int
    now: dt.datetime
    versions: list[Version]
    main: Version  # the largest questionnaire's newest version
    buyers: list[Buyer] = field(default_factory=list)
    suppliers: list[Supplier] = field(default_factory=list)
    requests: list[Planned] = field(default_factory=list)
    tenders: list[Tender] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    writer_section: str = ""
    writer_question: str = ""

    @property
    def today(self) -> dt.date:
        return self.now.date()


class PlanRefused(ValueError):
    """The published questionnaires do not allow the plan; the message says why."""


def _person(rng: random.Random) -> str:
    return f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    taken.add(candidate)
    return candidate


def plan_buyers(plan: Plan, members: int) -> None:
    rng = stream(plan.seed, "buyers")
    taken: set[str] = set()
    for i in range(members):
        place = names.PLACES[i % len(names.PLACES)]
        body = names.BODIES[(i + i // len(names.PLACES)) % len(names.BODIES)]
        name = _unique(f"{place} {body}", taken)
        code = "".join(w[0] for w in name.split() if w[0].isalpha()).upper() + str(i + 1)
        plan.buyers.append(Buyer(
            i, name, code, rng.choice(names.BUYER_COUNTRIES),
            (f"buyer{i + 1}.admin@{EMAIL_DOMAIN}", _person(rng)),
            (f"buyer{i + 1}.member@{EMAIL_DOMAIN}", _person(rng)),
        ))


def plan_suppliers(plan: Plan, count: int, categories: list[str]) -> None:
    rng = stream(plan.seed, "suppliers")
    taken: set[str] = set()
    for i in range(count):
        category = rng.choice(categories)
        lines, countries, endings, _titles = names.SUPPLIER_LINES.get(category, names.GENERIC_LINE)
        quality = rng.choices(list(QUALITIES), weights=(45, 35, 20))[0]
        flags = rng.choice((0, 1, 1, 2)) if quality == "poor" else int(
            quality == "middling" and rng.random() < 0.1
        )
        name = _unique(f"{rng.choice(names.SUPPLIER_PREFIXES)} {rng.choice(endings)}", taken)
        plan.suppliers.append(Supplier(
            i, name, category, rng.choice(lines), rng.choice(countries), quality, flags,
            (f"supplier{i + 1}@{EMAIL_DOMAIN}", _person(rng)),
        ))
