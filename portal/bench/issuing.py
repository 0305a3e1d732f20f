"""Planning the requests of the bench world: who asks whom, on which questionnaire version and
in which procurement; the answers given; the scores of the submitted ones."""

from __future__ import annotations

import datetime as dt
import random

from portal.bench import names
from portal.bench.answers import FILE, AnswerMaker
from portal.bench.plan import (
    QUALITIES,
    SHOWCASE,
    Contract,
    Plan,
    Planned,
    PlanRefused,
    Supplier,
    Tender,
    Version,
    stream,
)
from portal.questionnaires.definition import Definition, QuestionType
from portal.scoring import compile_definition, score


def writer_target(definition: Definition) -> tuple[str, str]:
    """The section with the most questions among those holding a text question shown whatever
    the answers (else any text question), and that text question."""
    found = []
    for position, section in enumerate(definition.sections):
        texts = [q for q in section.questions if q.type is QuestionType.TEXT]
        if texts:
            plain = [q for q in texts if not q.show_if]
            found.append((bool(plain), len(section.questions), -position, section.id,
                          (plain or texts)[0].id))
    if not found:
        raise PlanRefused(f"{definition.key} {definition.version} has no text question to write")
    *_rank, section_id, question_id = max(found)
    return section_id, question_id


def _pick_version(rng: random.Random, plan: Plan, supplier: Supplier, key: str | None) -> Version:
    by_key: dict[str, list[Version]] = {}
    for v in plan.versions:
        by_key.setdefault(v.key, []).append(v)
    if key is None:
        if supplier.category in by_key and rng.random() < 0.7:
            key = supplier.category
        elif rng.random() < 0.85 or len(by_key) == 1:
            key = plan.main.key
        else:
            key = rng.choice(sorted(by_key))
    versions = sorted(by_key[key], key=lambda v: v.order)
    return versions[-1] if len(versions) == 1 or rng.random() < 0.65 else rng.choice(versions[:-1])


def _request(rng: random.Random, plan: Plan, buyer: int, supplier: int, version: Version,
             state: str) -> Planned:
    d = version.definition
    stages = [s.value for s in d.stages]
    stage = "contract" if "contract" in stages and rng.random() < 0.3 else (
        "tender" if "tender" in stages else stages[0])
    tiers = d.standard.tiers
    created = plan.now - dt.timedelta(days=rng.randint(20, 400), minutes=rng.randint(0, 1440))
    planned = Planned(
        len(plan.requests), buyer, supplier, version, stage,
        tiers[0] if rng.random() < 0.75 else tiers[-1],
        created, created.date() + dt.timedelta(days=rng.randint(21, 90)), state,
    )
    if state != "not started":
        planned.started_at = created + dt.timedelta(days=rng.randint(0, 10), hours=2)
    if state == "submitted":
        assert planned.started_at is not None
        planned.submitted_at = min(
            planned.started_at + dt.timedelta(days=rng.randint(1, 15), hours=3),
            plan.now - dt.timedelta(hours=1),
        )
    plan.requests.append(planned)
    return planned


def plan_requests(plan: Plan, writers: int) -> None:
    """Each supplier is asked by 1 to 3 buyers; the first suppliers surely submitted and shared
    a response to the main questionnaire; writers get one more, in progress."""
    rng = stream(plan.seed, "requests")
    members = len(plan.buyers)
    buyers_of: list[list[int]] = []
    for s in plan.suppliers:
        count = min(rng.choices((1, 2, 3), weights=(35, 40, 25))[0], members)
        chosen = rng.sample(range(members), count)
        buyers_of.append(chosen)
        for n, b in enumerate(chosen):
            showcase = s.index < SHOWCASE and n == 0
            state = "submitted" if showcase else rng.choices(
                ("submitted", "draft", "not started"), weights=(70, 15, 15))[0]
            key = plan.main.key if showcase else None
            planned = _request(rng, plan, b, s.index, _pick_version(rng, plan, s, key), state)
            planned.showcase = showcase
    # Every published version in use, even in a small world.
    used = {r.version.id for r in plan.requests}
    spare = [r for r in plan.requests if not r.showcase]
    for version, r in zip([v for v in plan.versions if v.id not in used], spare, strict=False):
        r.version = version
        stages = [s.value for s in version.definition.stages]
        r.stage = r.stage if r.stage in stages else stages[0]
        r.tier = version.definition.standard.tiers[0]
    section, question = writer_target(plan.main.definition)
    plan.writer_section, plan.writer_question = section, question
    for s_index in rng.sample(range(len(plan.suppliers)), min(writers, len(plan.suppliers))):
        planned = _request(rng, plan, buyers_of[s_index][0], s_index, plan.main, "draft")
        planned.writer = True


def plan_answers(plan: Plan) -> None:
    """Answers by the supplier's quality; drafts stop part way; submitted ones are scored."""
    rng = stream(plan.seed, "answers")
    makers = {v.id: AnswerMaker(v.definition, plan.today) for v in plan.versions}
    compiled = {v.id: compile_definition(v.definition, v.sha256) for v in plan.versions}
    for r in plan.requests:
        if r.state == "not started":
            continue
        maker, supplier = makers[r.version.id], plan.suppliers[r.supplier]
        share = QUALITIES[supplier.quality]
        sections = len(r.version.definition.sections)
        if r.state == "submitted":
            r.answers = maker.answers(rng, share, red_flags=supplier.red_flags)
            files = {qid for qid, value in r.answers.items() if value == FILE}
            r.scored = score(compiled[r.version.id], r.answers, required_tier=r.tier,
                             files=files, language="en")
        elif r.writer:
            first = next(i for i, s in enumerate(r.version.definition.sections)
                         if s.id == plan.writer_section)
            r.answers = maker.answers(rng, share, sections=rng.randint(first + 1, sections))
            r.answers.setdefault(plan.writer_question, names.GENERIC_TEXTS[0])
            if plan.writer_question not in maker.visible(r.answers):
                raise PlanRefused(f"{plan.writer_question} is not shown to a writer")
        else:
            r.answers = maker.answers(rng, share, sections=rng.randint(1, max(1, sections - 1)))


def plan_procurement(plan: Plan) -> None:
    """Tender-stage requests grouped into tenders (up to 8 bidders each) per buyer and
    category; a contract for each contract-stage request, awarded from such a tender when
    the buyer has one."""
    rng = stream(plan.seed, "procurement")
    open_tender: dict[tuple[int, str], int] = {}
    of_category: dict[tuple[int, str], list[int]] = {}
    count = [0] * len(plan.buyers)

    def reference(buyer: int, when: dt.datetime, kind: str = "") -> str:
        count[buyer] += 1
        return f"{plan.buyers[buyer].code}-{kind}{when.year}-{count[buyer]:04d}"

    for r in plan.requests:
        supplier = plan.suppliers[r.supplier]
        titles = names.SUPPLIER_LINES.get(supplier.category, names.GENERIC_LINE)[3]
        slot = (r.buyer, supplier.category)
        if r.stage == "tender":
            t = open_tender.get(slot)
            if t is None or len(plan.tenders[t].suppliers) >= 8:
                t = len(plan.tenders)
                plan.tenders.append(Tender(r.buyer, reference(r.buyer, r.created_at),
                                           rng.choice(titles), supplier.category, []))
                open_tender[slot] = t
                of_category.setdefault(slot, []).append(t)
            if r.supplier not in plan.tenders[t].suppliers:
                plan.tenders[t].suppliers.append(r.supplier)
            r.tender = t
            continue
        awarded = rng.choice(of_category[slot]) if of_category.get(slot) else None
        if awarded is not None:
            plan.tenders[awarded].awarded = True
            if r.supplier not in plan.tenders[awarded].suppliers:
                plan.tenders[awarded].suppliers.append(r.supplier)
        r.contract = len(plan.contracts)
        plan.contracts.append(Contract(
            r.buyer, r.supplier, awarded, reference(r.buyer, r.created_at, "C-"),
            f"{rng.choice(titles)}: supply", supplier.category, supplier.country,
            rng.choice((6, 12, 12, 24)),
        ))
