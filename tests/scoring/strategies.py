"""Hypothesis strategies (valid definitions of every question type, answers) and answer helpers."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import strategies as st

from portal.questionnaires.definition import Definition, Question, QuestionType
from portal.scoring.validate import AnswerError, check_answer

TYPES = ("yes_no", "single_choice", "multi_choice", "number", "text", "date", "evidence", "note")
TIER_SETS = (("basic", "advanced"), ("basic", "advanced", "leading"), ("core", "extended"))
POINTS = st.sampled_from([0, 0.5, 1, 2, 3])
WEIGHTS = st.sampled_from([0, 0.5, 1, 1, 1, 2, 1.5])
SEVERITIES = st.sampled_from(["low", "medium", "high", "critical"])
# text that JSON, UTF-8 and the canonical form all carry unchanged
SAFE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)


def _t(text: str) -> dict[str, str]:
    return {"en": text, "fr": f"{text} (fr)"}


def _options(draw: st.DrawFn, scored: bool) -> list[dict[str, Any]]:
    size = draw(st.integers(2, 4))
    return [
        {"value": f"o{i}", "label": _t(f"Option {i}")}
        | ({"points": draw(POINTS)} if scored or draw(st.booleans()) else {})
        for i in range(size)
    ]


def _subset(draw: st.DrawFn, values: list[str]) -> list[str]:
    return draw(st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True))


def _met_and_flags(draw: st.DrawFn, q: dict[str, Any], requirement: bool) -> None:
    kind = q["type"]
    values = [o["value"] for o in q.get("options", [])] or ["yes", "no"]
    rules: list[Any] = [None, {"answered": True}]
    if kind in ("yes_no", "single_choice"):
        rules += [{"in": _subset(draw, values)}, {"min_points": draw(POINTS)}]
    elif kind == "multi_choice":
        rules += [{name: _subset(draw, values)} for name in
                  ("includes_any", "includes_all", "includes_none")]
        rules.append({"min_points": draw(POINTS)})
    elif kind == "number":
        low = draw(st.integers(0, 40))
        rules += [{"range": {"min": low, "max": low + draw(st.integers(0, 60))}},
                  {"range": {"max": draw(st.integers(0, 100))}}]
        if "thresholds" in q.get("scoring", {}):
            rules.append({"min_points": draw(POINTS)})
    if requirement:
        rule = draw(st.sampled_from(rules))
        if rule is not None:
            q["met"] = rule
    flag_rules = [r for r in rules if r is not None and "min_points" not in r]
    if draw(st.integers(0, 3)) == 0:
        q["red_flags"] = [{"when": draw(st.sampled_from(flag_rules)), "label": _t("Flag")}]


def _question(draw: st.DrawFn, n: int, kind: str, tiers: tuple[str, ...]) -> dict[str, Any]:
    q: dict[str, Any] = {"id": f"q{n}", "type": kind, "text": _t(f"Question {n}")}
    if kind == "note":
        return q
    requirement = draw(st.integers(0, 3)) > 0
    q["required"] = draw(st.booleans())
    if kind in ("single_choice", "multi_choice"):
        q["options"] = _options(draw, scored=requirement)
    if kind == "number":
        if draw(st.booleans()):
            q["min"] = 0
        if draw(st.booleans()):
            q["max"] = 100
        q["integer"] = draw(st.booleans())
    if kind == "text" and draw(st.booleans()):
        q["max_length"] = draw(st.integers(1, 20))
    if requirement:
        q["tier"] = draw(st.sampled_from(tiers))
        q["recommendation"] = _t(f"Fix {n}")
        q["severity"] = draw(SEVERITIES)
        q["clauses"] = draw(st.lists(st.sampled_from(["ILO-C029", "ILO-C138", "UNGP-17"]),
                                     max_size=2, unique=True))
        scoring: dict[str, Any] = {}
        if draw(st.booleans()):
            scoring["weight"] = draw(WEIGHTS)
        if kind == "yes_no" and draw(st.booleans()):
            scoring["points"] = {"yes": draw(POINTS), "no": draw(POINTS)}
        if kind == "number" and draw(st.booleans()):
            cut = draw(st.integers(1, 99))
            scoring["thresholds"] = [{"max": cut, "points": draw(POINTS)},
                                     {"min": cut, "points": draw(POINTS)}]
        if scoring:
            q["scoring"] = scoring
    _met_and_flags(draw, q, requirement)
    by_points = "met" not in q or q["met"].get("min_points") is not None
    if requirement and kind == "number" and "thresholds" not in q.get("scoring", {}) and by_points:
        q["met"] = {"range": {"min": 10, "max": 90}}  # no thresholds: a range decides
    return q


def _atom(draw: st.DrawFn, q: dict[str, Any]) -> str:
    qid, kind = q["id"], q["type"]
    values = [o["value"] for o in q.get("options", [])] or ["yes", "no"]
    if kind in ("yes_no", "single_choice"):
        return draw(st.sampled_from([
            f"{qid} = '{draw(st.sampled_from(values))}'",
            f"{qid} != '{draw(st.sampled_from(values))}'",
            f"{qid} in ['{values[0]}', '{values[-1]}']",
        ]))
    if kind == "multi_choice":
        return f"{qid} contains '{draw(st.sampled_from(values))}'"
    if kind == "number":
        op = draw(st.sampled_from(["<", "<=", ">", ">=", "="]))
        return f"{qid} {op} {draw(st.integers(0, 100))}"
    if kind == "date":
        return draw(st.sampled_from([f"{qid} >= '2020-06-01'", f"{qid} is answered"]))
    return f"{qid} is {draw(st.sampled_from(['', 'not ']))}answered"


def _condition(draw: st.DrawFn, earlier: list[dict[str, Any]]) -> str:
    first = _atom(draw, draw(st.sampled_from(earlier)))
    shape = draw(st.integers(0, 5))
    if shape == 0:
        return f"not {first}"
    if shape == 1:
        second = _atom(draw, draw(st.sampled_from(earlier)))
        return f"({first}) {draw(st.sampled_from(['and', 'or']))} ({second})"
    return first


@st.composite
def definitions(draw: st.DrawFn, min_questions: int = 2, max_questions: int = 12) -> Definition:
    """A valid definition: 2-3 tiers, every type, conditions on earlier questions, evidence."""
    tiers = draw(st.sampled_from(TIER_SETS))
    kinds = draw(st.lists(st.sampled_from(TYPES), min_size=min_questions, max_size=max_questions))
    questions: list[dict[str, Any]] = []
    for n, kind in enumerate(kinds):
        q = _question(draw, n, kind, tiers)
        earlier = [e for e in questions if e["type"] != "note"]
        if kind != "note" and earlier and draw(st.integers(0, 2)) == 0:
            q["show_if"] = _condition(draw, earlier)
        questions.append(q)
    evidence = [q["id"] for q in questions if q["type"] == "evidence"]
    for q in questions:
        if evidence and "tier" in q and q["type"] != "evidence" and draw(st.booleans()):
            q["evidence_required"] = True
            q["evidence_question"] = draw(st.sampled_from(evidence))
    cut = sorted(draw(st.sets(st.integers(1, max(1, len(questions) - 1)), max_size=2)))
    bounds = [0, *[c for c in cut if c < len(questions)], len(questions)]
    sections = [
        {"id": f"s{i}", "title": _t(f"Section {i}"), "questions": questions[a:b]}
        for i, (a, b) in enumerate(itertools.pairwise(bounds)) if b > a
    ]
    return Definition.model_validate({
        "key": "generated", "version": "1.0", "title": _t("Generated"),
        "languages": ["en", "fr"], "stages": ["tender"],
        "standard": {"key": "std", "title": _t("Standard"), "tiers": list(tiers)},
        "sections": sections,
    })


def answer_values(q: Question) -> st.SearchStrategy[Any]:
    """Valid answers to one question (None: unanswered)."""
    kind = q.type
    if kind is QuestionType.YES_NO:
        return st.sampled_from(["yes", "no"])
    if kind is QuestionType.SINGLE_CHOICE:
        return st.sampled_from(q.option_values)
    if kind is QuestionType.MULTI_CHOICE:
        return st.lists(st.sampled_from(q.option_values), unique=True)
    if kind is QuestionType.NUMBER:
        low = q.min if q.min is not None else -50
        high = q.max if q.max is not None else 150
        if q.integer:
            return st.integers(int(low), int(high))
        return st.one_of(st.integers(int(low), int(high)),
                         st.floats(low, high, allow_nan=False, allow_infinity=False))
    if kind is QuestionType.TEXT:
        return st.text(st.characters(exclude_categories=("Cs",)), max_size=q.text_max_length)
    if kind is QuestionType.DATE:
        dates = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))
        return st.one_of(dates, dates.map(dt.date.isoformat))
    return st.sampled_from(["policy.pdf", ["audit.pdf", "photo.jpg"]])


@st.composite
def responses(draw: st.DrawFn, definition: Definition) -> tuple[dict[str, Any], frozenset[str]]:
    """Answers to some of the questions (with some None) and the questions with files."""
    answers: dict[str, Any] = {}
    for q in definition.questions():
        if q.type is QuestionType.NOTE:
            continue
        choice = draw(st.integers(0, 5))
        if choice == 0:
            answers[q.id] = None
        elif choice > 1:
            answers[q.id] = draw(answer_values(q))
    targets = sorted({q.id for q in definition.questions() if q.type is QuestionType.EVIDENCE})
    files = frozenset(draw(st.lists(st.sampled_from(targets), unique=True))) if targets else (
        frozenset())
    return answers, files


@st.composite
def scored_inputs(draw: st.DrawFn) -> tuple[Definition, dict[str, Any], frozenset[str], str]:
    """A definition, a response to it and a required tier."""
    definition = draw(definitions())
    answers, files = draw(responses(definition))
    return definition, answers, files, draw(st.sampled_from(definition.standard.tiers))


def candidate_answers(q: Question) -> list[Any]:
    """A few answers of each kind, around the bounds a rule or a band may use."""
    kind = q.type
    if kind is QuestionType.YES_NO:
        return ["yes", "no"]
    if kind is QuestionType.SINGLE_CHOICE:
        return list(q.option_values)
    if kind is QuestionType.MULTI_CHOICE:
        values = q.option_values
        return [list(c) for n in range(1, len(values) + 1)
                for c in itertools.combinations(values, n)]
    if kind is QuestionType.NUMBER:
        edges = {0, 1, 9, 10, 11, 47, 48, 50, 59, 60, 89, 90, 91, 100, -1, -50, 150}
        if q.met and q.met.range:
            edges |= {q.met.range.min or 0, q.met.range.max or 0}
        for band in (q.scoring.thresholds or ()) if q.scoring else ():
            edges |= {band.min or 0, band.max or 0, (band.max or 1) - 1}
        return sorted(edges)
    if kind is QuestionType.TEXT:
        return ["x"]
    if kind is QuestionType.DATE:
        return ["2021-01-01"]
    return ["file.pdf"]


def is_valid_answer(q: Question, value: Any) -> bool:
    """Whether the engine accepts this answer to this question."""
    try:
        check_answer(q, value)
    except AnswerError:
        return False
    return True
