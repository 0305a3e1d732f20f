"""What happens after submission in the bench world: shares, acknowledged recommendations,
follow-up actions with their conversations, findings; and which buyer, submission and
suppliers the manifest points at."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from portal.bench import names
from portal.bench.plan import Plan, Planned, stream
from portal.questionnaires.definition import YES, QuestionType
from portal.scoring import Gap

ACTION_STATUSES = ("open", "in progress", "resolved", "verified", "closed")


@dataclass(frozen=True)
class Share:
    request: int
    buyer: int | None  # None: with the consortium
    at: dt.datetime
    withdrawn: bool = False


@dataclass(frozen=True)
class Acknowledgement:
    request: int
    question_id: str
    accepted: bool
    text: str
    planned: dt.date | None
    at: dt.datetime


@dataclass(frozen=True)
class Action:
    request: int
    gap: Gap
    title: str
    by_admin: bool
    due: dt.date
    status: str
    joint: bool
    at: dt.datetime
    messages: tuple[tuple[bool, str, dt.datetime], ...]  # from the buyer?, body, when


@dataclass(frozen=True)
class Finding:
    buyer: int
    supplier: int
    kind: str
    found_on: dt.date
    shared: bool
    questions: tuple[tuple[str, str], ...]  # questionnaire key, question id
    at: dt.datetime


@dataclass
class Activity:
    lead: int  # the buyer the manifest signs in as
    featured: int  # a scored submission of the lead buyer, with actions and a finding
    compared: list[int]  # suppliers that shared a response to the main questionnaire
    shares: list[Share] = field(default_factory=list)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _lead(plan: Plan) -> int:
    """The buyer with the most requests among those with a scored submission."""
    counts = [0] * len(plan.buyers)
    scored = [False] * len(plan.buyers)
    for r in plan.requests:
        counts[r.buyer] += 1
        scored[r.buyer] = scored[r.buyer] or r.scored is not None
    return max(range(len(plan.buyers)), key=lambda b: (scored[b], counts[b], -b))


def _featured(plan: Plan, lead: int) -> Planned:
    mine = [r for r in plan.requests if r.buyer == lead and r.scored is not None]
    return min(mine, key=lambda r: (
        not (r.scored and r.scored.gaps), r.version.key != plan.main.key, r.stage != "tender",
        r.index,
    ))


def _later(plan: Plan, at: dt.datetime, days: int) -> dt.datetime:
    return min(at + dt.timedelta(days=days), plan.now - dt.timedelta(minutes=5))


def _ranked(gaps: tuple[Gap, ...]) -> list[Gap]:
    return sorted(gaps, key=lambda g: -g.severity.rank)


def plan_activity(plan: Plan) -> Activity:
    rng = stream(plan.seed, "activity")
    lead = _lead(plan)
    featured = _featured(plan, lead)
    compared = sorted({r.supplier for r in plan.requests if r.showcase})[:10]
    activity = Activity(lead, featured.index, compared)
    members = len(plan.buyers)
    for r in plan.requests:
        if r.scored is None or r.submitted_at is None:
            continue
        if r.showcase or rng.random() < 0.85:
            withdrawn = not r.showcase and rng.random() < 0.04
            activity.shares.append(Share(r.index, None, _later(plan, r.submitted_at, 1),
                                         withdrawn))
        if members > 1 and rng.random() < 0.15:
            other = rng.choice([b for b in range(members) if b != r.buyer])
            activity.shares.append(Share(r.index, other, _later(plan, r.submitted_at, 2)))
        gaps = _ranked(r.scored.gaps)
        if gaps and rng.random() < 0.5:
            for gap in gaps:
                accepted = rng.random() < 0.8
                activity.acknowledgements.append(Acknowledgement(
                    r.index, gap.question_id, accepted,
                    rng.choice(names.PLANNED_ACTIONS) if accepted
                    else "This does not apply to the services we deliver.",
                    r.submitted_at.date() + dt.timedelta(days=rng.randint(60, 180))
                    if accepted else None,
                    _later(plan, r.submitted_at, 1),
                ))
        if r.index == featured.index:
            _actions(plan, activity, rng, r, gaps[:2], messages=2)
        elif gaps and rng.random() < 0.45:
            _actions(plan, activity, rng, r, gaps[: rng.randint(1, 3)], messages=None)
    _findings(plan, activity, rng, featured)
    return activity


def _actions(plan: Plan, activity: Activity, rng: random.Random, r: Planned, gaps: list[Gap],
             messages: int | None) -> None:
    assert r.submitted_at is not None
    d = r.version.definition
    for gap in gaps:
        at = _later(plan, r.submitted_at, rng.randint(1, 10))
        count = rng.randint(0, 3) if messages is None else messages
        thread = tuple(
            (i % 2 == 0,
             rng.choice(names.MESSAGES_BUYER if i % 2 == 0 else names.MESSAGES_SUPPLIER),
             _later(plan, at, i + 1))
            for i in range(count)
        )
        activity.actions.append(Action(
            r.index, gap, d.text(d.question(gap.question_id).text, "en")[:300],
            rng.random() < 0.6, r.submitted_at.date() + dt.timedelta(days=rng.randint(30, 90)),
            "open" if messages is not None else rng.choices(
                ACTION_STATUSES, weights=(40, 25, 15, 10, 10))[0],
            messages is None and rng.random() < 0.15, at, thread,
        ))


def _findings(plan: Plan, activity: Activity, rng: random.Random, featured: Planned) -> None:
    submitted: dict[int, list[Planned]] = {}
    buyers: dict[int, list[int]] = {}
    for r in plan.requests:
        buyers.setdefault(r.supplier, []).append(r.buyer)
        if r.scored is not None:
            submitted.setdefault(r.supplier, []).append(r)
    for s in plan.suppliers:
        is_featured = s.index == featured.supplier
        if not (is_featured or (s.index in submitted and rng.random() < 0.1)):
            continue
        buyer = featured.buyer if is_featured else rng.choice(buyers[s.index])
        claims = [
            (r.version.key, q.id) for r in submitted.get(s.index, [])
            for q in r.version.definition.requirements()
            if q.type is QuestionType.YES_NO and r.answers.get(q.id) == YES
        ]
        picked = sorted(set(rng.sample(claims, min(2, len(claims)))))
        activity.findings.append(Finding(
            buyer, s.index, rng.choice(sorted(names.FINDINGS)),
            plan.today - dt.timedelta(days=rng.randint(5, 300)),
            is_featured or rng.random() < 0.6, tuple(picked),
            plan.now - dt.timedelta(days=rng.randint(1, 4)),
        ))
