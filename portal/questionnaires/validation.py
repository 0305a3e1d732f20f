"""Rules of a definition that span several fields: ids, tiers, translations, scoring, conditions.

The pydantic models check each field alone; these checks need the whole definition. They also
run on a partly broken file (`collect_parts` keeps every piece that validates on its own) so an
author sees all the problems of a file at once, not one layer of them per attempt.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from portal.questionnaires.conditions import check_condition
from portal.questionnaires.definition import (
    CHOICE_TYPES,
    DEFAULT_LANGUAGE,
    DEFAULT_TIERS,
    AnswerRule,
    Definition,
    LanguageCode,
    Localised,
    Question,
    QuestionType,
    Stage,
    TierName,
    default_language_scope,
)

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """A problem at a place in the data; `at_key` places it on the field name, not its value."""

    loc: Loc
    message: str
    at_key: bool = False


@dataclass
class Parts:
    """The pieces of a definition that are valid on their own, each with its place."""

    key: str | None = None
    version: str | None = None
    default_language: str = DEFAULT_LANGUAGE
    languages: tuple[str, ...] | None = (DEFAULT_LANGUAGE,)
    stages: tuple[Stage, ...] = ()
    tiers: tuple[str, ...] | None = DEFAULT_TIERS
    texts: list[tuple[Loc, dict[str, str]]] = field(default_factory=list)
    section_ids: list[tuple[Loc, str]] = field(default_factory=list)
    # a bare id stands for a question whose content is invalid (its errors are reported already)
    questions: list[tuple[Loc, Question | str]] = field(default_factory=list)
    # fields left out so that the rest of a question could be checked, by question place
    broken: dict[Loc, frozenset[str]] = field(default_factory=dict)


_LANGUAGES = TypeAdapter(tuple[LanguageCode, ...])
_LANGUAGE = TypeAdapter(LanguageCode)
_STAGES = TypeAdapter(tuple[Stage, ...])
_TIERS = TypeAdapter(tuple[TierName, ...])
_LOCALISED: TypeAdapter[dict[str, str]] = TypeAdapter(Localised)


def _valid(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list | tuple) else []


def parts_of(definition: Definition) -> Parts:
    """Parts of a definition that validated as a whole."""
    parts = Parts(definition.key, definition.version, definition.default_language,
                  definition.languages, definition.stages, definition.standard.tiers)
    parts.texts += [(("title",), definition.title),
                    (("standard", "title"), definition.standard.title)]
    if definition.description:
        parts.texts.append((("description",), definition.description))
    for s, section in enumerate(definition.sections):
        loc: Loc = ("sections", s)
        parts.section_ids.append(((*loc, "id"), section.id))
        parts.texts.append(((*loc, "title"), section.title))
        if section.description:
            parts.texts.append(((*loc, "description"), section.description))
        parts.questions += [((*loc, "questions", i), q) for i, q in enumerate(section.questions)]
    return parts


def collect_parts(data: Mapping[str, Any]) -> Parts:
    """Parts of a definition that failed to validate as a whole: every piece valid alone."""
    language = _valid(_LANGUAGE, data.get("default_language", DEFAULT_LANGUAGE))
    parts = Parts(
        key=data.get("key") if isinstance(data.get("key"), str) else None,
        version=data.get("version") if isinstance(data.get("version"), str) else None,
        default_language=language or DEFAULT_LANGUAGE,
        languages=_valid(_LANGUAGES, data.get("languages", [DEFAULT_LANGUAGE])),
        stages=_valid(_STAGES, data.get("stages")) or (),
    )
    standard = data.get("standard")
    standard = standard if isinstance(standard, dict) else {}
    parts.tiers = _valid(_TIERS, standard.get("tiers", list(DEFAULT_TIERS)))
    with default_language_scope(parts.default_language):
        for loc in (("title",), ("description",), ("standard", "title")):
            raw = standard.get("title") if loc[0] == "standard" else data.get(str(loc[0]))
            if (text := _valid(_LOCALISED, raw)) is not None:
                parts.texts.append((loc, text))
        for s, section in _items(data.get("sections")):
            section = section if isinstance(section, dict) else {}
            if isinstance(section.get("id"), str):
                parts.section_ids.append((("sections", s, "id"), section["id"]))
            for name in ("title", "description"):
                if (text := _valid(_LOCALISED, section.get(name))) is not None:
                    parts.texts.append((("sections", s, name), text))
            for i, raw_q in _items(section.get("questions")):
                q_loc: Loc = ("sections", s, "questions", i)
                question, broken = _salvage_question(raw_q)
                if question is not None:
                    parts.questions.append((q_loc, question))
                if broken:
                    parts.broken[q_loc] = broken
    return parts


# Without these a question cannot stand in for itself: conditions test its type and values.
_ESSENTIAL = frozenset({"id", "type", "options"})


def _salvage_question(raw: Any) -> tuple[Question | str | None, frozenset[str]]:
    """The question without its invalid fields, or its bare id, or nothing."""
    if not isinstance(raw, dict):
        return None, frozenset()
    try:
        return Question.model_validate(raw), frozenset()
    except ValidationError as exc:
        broken = frozenset(str(e["loc"][0]) for e in exc.errors() if e["loc"])
    bare = raw["id"] if isinstance(raw.get("id"), str) else None
    if broken & _ESSENTIAL or not broken:
        return bare, broken
    try:
        kept = {k: v for k, v in raw.items() if k not in broken}
        return Question.model_validate(kept), broken
    except ValidationError:  # e.g. a required field was the broken one
        return bare, broken


def _duplicates(named: list[tuple[Loc, str]], what: str) -> Iterator[Issue]:
    seen: dict[str, Loc] = {}
    for loc, name in named:
        if name in seen:
            yield Issue(loc, f"{what} {name!r} is used twice (first at {_where(seen[name])})")
        else:
            seen[name] = loc


def _where(loc: Loc) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def _localised(q: Question, loc: Loc) -> Iterator[tuple[Loc, dict[str, str]]]:
    for name in ("text", "help", "unit", "recommendation"):
        if (value := getattr(q, name)) is not None:
            yield (*loc, name), value
    for i, option in enumerate(q.options or ()):
        yield (*loc, "options", i, "label"), option.label
    for i, flag in enumerate(q.red_flags):
        yield (*loc, "red_flags", i, "label"), flag.label


def _translations(parts: Parts) -> Iterator[Issue]:
    if parts.languages is None:
        return
    declared = set(parts.languages)
    texts = list(parts.texts)
    for loc, q in parts.questions:
        if isinstance(q, Question):
            texts += _localised(q, loc)
    for loc, text in texts:
        missing = [lang for lang in parts.languages if lang not in text]
        if missing:
            yield Issue(loc, f"translation missing for {', '.join(map(repr, missing))}")
        # a default language missing from `languages` is reported once, at default_language
        yield from (Issue((*loc, lang), f"language {lang!r} is not declared in 'languages'",
                          at_key=True)
                    for lang in text if lang not in declared and lang != parts.default_language)


def _top_level(parts: Parts, key: str | None, version: str | None) -> Iterator[Issue]:
    if parts.languages is not None:
        yield from _duplicates([(("languages", i), x) for i, x in enumerate(parts.languages)],
                               "language")
        if parts.default_language not in parts.languages:
            yield Issue(("default_language",), f"the default language {parts.default_language!r}"
                        f" must be listed in 'languages' ({', '.join(parts.languages)})")
    yield from _duplicates([(("stages", i), str(x)) for i, x in enumerate(parts.stages)], "stage")
    if parts.tiers is not None:
        yield from _duplicates([(("standard", "tiers", i), t) for i, t in enumerate(parts.tiers)],
                               "tier")
    if key is not None and parts.key is not None and parts.key != key:
        yield Issue(("key",), f"the key {parts.key!r} must equal the folder name {key!r}")
    if version is not None and parts.version is not None and parts.version != version:
        yield Issue(("version",), f"the version {parts.version!r} must equal the file name "
                    f"{version!r} (without .yaml)")


_RULE_TYPES: dict[str, frozenset[QuestionType]] = {
    "in": frozenset({QuestionType.YES_NO, QuestionType.SINGLE_CHOICE}),
    "includes_any": frozenset({QuestionType.MULTI_CHOICE}),
    "includes_all": frozenset({QuestionType.MULTI_CHOICE}),
    "includes_none": frozenset({QuestionType.MULTI_CHOICE}),
    "range": frozenset({QuestionType.NUMBER}),
    "min_points": frozenset({QuestionType.YES_NO, *CHOICE_TYPES, QuestionType.NUMBER}),
    "answered": frozenset(QuestionType) - {QuestionType.NOTE},
}
_ONLY_FOR: dict[str, QuestionType] = {
    "min": QuestionType.NUMBER,
    "max": QuestionType.NUMBER,
    "unit": QuestionType.NUMBER,
    "max_length": QuestionType.TEXT,
}
_REQUIREMENT_ONLY = ("scoring", "met", "recommendation")
# fields whose checks do not depend on other fields of the question
_INDEPENDENT = frozenset({"id", "options", "min", "max", "unit", "max_length", "tier",
                          "red_flags", "required", "integer"})


def _rule_issues(rule: AnswerRule, q: Question, loc: Loc) -> Iterator[Issue]:
    kind = rule.kind
    if q.type not in _RULE_TYPES[kind]:
        yield Issue((*loc, kind), f"the rule {kind!r} does not apply to a {q.type} question",
                    at_key=True)
        return
    allowed = q.option_values
    for i, value in enumerate(rule.values()):
        if value not in allowed:
            yield Issue((*loc, kind, i), f"{q.id!r} cannot be {value!r}; its values are "
                        f"{', '.join(allowed) or 'none'}")


def _shape_issues(q: Question, loc: Loc) -> Iterator[Issue]:
    if q.type in CHOICE_TYPES and not q.options:
        yield Issue((*loc, "options"), f"a {q.type} question needs options")
    if q.type not in CHOICE_TYPES and q.options is not None:
        yield Issue((*loc, "options"), f"options only apply to choice questions, not {q.type}",
                    at_key=True)
    yield from _duplicates([((*loc, "options", i, "value"), o.value)
                            for i, o in enumerate(q.options or ())], "option value")
    for name, only in _ONLY_FOR.items():
        if getattr(q, name) is not None and q.type is not only:
            yield Issue((*loc, name), f"{name!r} only applies to {only} questions", at_key=True)
    if q.integer and q.type is not QuestionType.NUMBER:
        yield Issue((*loc, "integer"), "'integer' only applies to number questions", at_key=True)
    if q.min is not None and q.max is not None and q.min > q.max:
        yield Issue((*loc, "min"), f"min ({q.min:g}) is above max ({q.max:g})")
    if q.type is QuestionType.NOTE:
        answered_only = ("required", "tier", "red_flags", "evidence_required")
        for name in (n for n in answered_only if getattr(q, n)):
            yield Issue((*loc, name), f"a note is never answered, so it cannot have {name!r}",
                        at_key=True)


def _scoring_issues(q: Question, loc: Loc) -> Iterator[Issue]:
    if q.scoring and q.scoring.points and q.type is not QuestionType.YES_NO:
        yield Issue((*loc, "scoring", "points"), "scoring points apply to yes_no questions "
                    "only (choice options carry their own points)", at_key=True)
    if q.scoring and q.scoring.thresholds and q.type is not QuestionType.NUMBER:
        yield Issue((*loc, "scoring", "thresholds"), "thresholds apply to number questions only",
                    at_key=True)
    by_points = q.met is None or q.met.kind == "min_points"
    if q.type is QuestionType.SINGLE_CHOICE or (q.type is QuestionType.MULTI_CHOICE and by_points):
        for i, option in enumerate(q.options or ()):
            if option.points is None:
                yield Issue((*loc, "options", i), f"scored choice without points: option "
                            f"{option.value!r} of requirement {q.id!r} needs 'points'")
    if q.type is QuestionType.NUMBER and by_points and not (q.scoring and q.scoring.thresholds):
        yield Issue((*loc, "scoring"), f"number requirement {q.id!r} needs scoring thresholds "
                    "(or a 'met' range)")


def _question_issues(
    q: Question, loc: Loc, tiers: tuple[str, ...] | None, by_id: Mapping[str, Question | str]
) -> Iterator[Issue]:
    yield from _shape_issues(q, loc)
    if q.tier is not None:
        if tiers is not None and q.tier not in tiers:
            yield Issue((*loc, "tier"), f"tier {q.tier!r} is not declared in standard.tiers "
                        f"({', '.join(tiers)})")
        if q.recommendation is None:
            yield Issue((*loc, "recommendation"), f"requirement {q.id!r} has no recommendation: "
                        "add the advice a supplier receives when it is not met")
        if q.type is not QuestionType.NOTE:
            yield from _scoring_issues(q, loc)
    else:
        for name in (n for n in _REQUIREMENT_ONLY if getattr(q, n) is not None):
            yield Issue((*loc, name), f"{name!r} only applies to requirements (questions with "
                        "a tier)", at_key=True)
    if q.met is not None:
        yield from _rule_issues(q.met, q, (*loc, "met"))
    for i, flag in enumerate(q.red_flags):
        yield from _rule_issues(flag.when, q, (*loc, "red_flags", i, "when"))
    yield from _evidence_issues(q, loc, by_id)


def _evidence_issues(
    q: Question, loc: Loc, by_id: Mapping[str, Question | str]
) -> Iterator[Issue]:
    target_id = q.evidence_question
    if target_id is not None:
        target = by_id.get(target_id)
        if target is None:
            yield Issue((*loc, "evidence_question"), f"no question has the id {target_id!r}")
        elif isinstance(target, Question) and target.type is not QuestionType.EVIDENCE:
            yield Issue((*loc, "evidence_question"), f"{target_id!r} is a {target.type} "
                        "question; evidence_question must name an evidence question")
        if not q.evidence_required:
            yield Issue((*loc, "evidence_question"), "evidence_question is set but "
                        "evidence_required is not true", at_key=True)
    elif q.evidence_required and q.type is not QuestionType.EVIDENCE:
        yield Issue((*loc, "evidence_required"), "evidence_required needs an evidence_question "
                    "naming the evidence question that holds the file", at_key=True)


def semantic_issues(
    parts: Parts, *, key: str | None = None, version: str | None = None
) -> list[Issue]:
    """Every cross-field problem; `key`/`version` are the folder and file names when known."""
    issues = list(_top_level(parts, key, version))
    issues += _duplicates(parts.section_ids, "section id")
    ids = [(loc, q if isinstance(q, str) else q.id) for loc, q in parts.questions]
    issues += _duplicates([((*loc, "id"), qid) for loc, qid in ids], "question id")
    issues += _translations(parts)
    by_id: dict[str, Question | str] = {}
    for _, q in parts.questions:
        by_id.setdefault(q if isinstance(q, str) else q.id, q)
    everything = [q for _, q in parts.questions]
    for position, (loc, q) in enumerate(parts.questions):
        if not isinstance(q, Question):
            continue
        if loc in parts.broken:
            # rules relating several fields would misfire on the fields left out; keep the rest
            broken = parts.broken[loc]
            own = _question_issues(q, loc, parts.tiers, by_id)
            issues += [i for i in own if len(i.loc) > len(loc)
                       and i.loc[len(loc)] in _INDEPENDENT and i.loc[len(loc)] not in broken]
        else:
            issues += _question_issues(q, loc, parts.tiers, by_id)
        if q.show_if is not None:
            issues += [Issue((*loc, "show_if"), f"in the condition at column {e.column}: "
                             f"{e.message}") for e in check_condition(q.show_if, everything,
                                                                      position)]
    return issues
