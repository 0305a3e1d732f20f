"""What changed between two versions of a questionnaire, question by question, in buyers' words.

Questions and sections are matched by their stable ids. Each change is classified so that
`carryover.py` can decide whether an earlier answer still holds, and `render_diff` can say it
in plain sentences ("the text was reworded; option 'partial' was added").
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from portal.questionnaires.conditions import ConditionSyntaxError, parse_condition
from portal.questionnaires.definition import Definition, Question, Section, localise


class ChangeKind(enum.StrEnum):
    """How a question changed between two versions."""

    TEXT_REWORDED = "text_reworded"
    TRANSLATION_CHANGED = "translation_changed"
    HELP_CHANGED = "help_changed"
    OPTIONS_ADDED = "options_added"
    OPTIONS_REMOVED = "options_removed"
    OPTIONS_RELABELLED = "options_relabelled"
    OPTIONS_REORDERED = "options_reordered"
    SCORING_CHANGED = "scoring_changed"
    MET_CHANGED = "met_changed"
    TIER_CHANGED = "tier_changed"
    CONDITION_CHANGED = "condition_changed"
    TYPE_CHANGED = "type_changed"
    REQUIRED_CHANGED = "required_changed"
    EVIDENCE_CHANGED = "evidence_changed"
    SEVERITY_CHANGED = "severity_changed"
    RECOMMENDATION_CHANGED = "recommendation_changed"
    RANGE_CHANGED = "range_changed"
    UNIT_CHANGED = "unit_changed"
    RED_FLAGS_CHANGED = "red_flags_changed"
    CLAUSES_CHANGED = "clauses_changed"
    MOVED = "moved"


@dataclass(frozen=True)
class Change:
    """One change; `values` names options, `old`/`new` the before and after where useful."""

    kind: ChangeKind
    values: tuple[str, ...] = ()
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class QuestionChange:
    """A question present in both versions that changed."""

    question_id: str
    section_title: Mapping[str, str]
    changes: tuple[Change, ...]

    @property
    def kinds(self) -> frozenset[ChangeKind]:
        """The kinds of its changes."""
        return frozenset(c.kind for c in self.changes)


@dataclass(frozen=True)
class QuestionRef:
    """A question added or removed, with the title of its section."""

    question_id: str
    section_title: Mapping[str, str]


@dataclass(frozen=True)
class SectionRef:
    """A section added, removed or retitled."""

    section_id: str
    title: Mapping[str, str]


@dataclass(frozen=True)
class VersionDiff:
    """Everything that differs between two versions, in document order."""

    old_version: str
    new_version: str
    default_language: str
    added_sections: tuple[SectionRef, ...]
    removed_sections: tuple[SectionRef, ...]
    retitled_sections: tuple[SectionRef, ...]
    added_questions: tuple[QuestionRef, ...]
    removed_questions: tuple[QuestionRef, ...]
    changed_questions: tuple[QuestionChange, ...]
    other: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        """Whether the two versions say the same thing."""
        return not (self.added_sections or self.removed_sections or self.retitled_sections
                    or self.added_questions or self.removed_questions
                    or self.changed_questions or self.other)

    def changes_of(self, question_id: str) -> QuestionChange | None:
        """The changes of one question present in both versions, if it changed."""
        return next((c for c in self.changed_questions if c.question_id == question_id), None)


def _same_condition(old: str | None, new: str | None) -> bool:
    if old is None or new is None:
        return old == new
    try:  # layout and redundant parentheses are not a change
        return parse_condition(old) == parse_condition(new)
    except ConditionSyntaxError:
        return old.strip() == new.strip()


def _option_changes(old: Question, new: Question) -> Iterator[Change]:
    before = {o.value: o for o in old.options or ()}
    after = {o.value: o for o in new.options or ()}
    if added := tuple(v for v in after if v not in before):
        yield Change(ChangeKind.OPTIONS_ADDED, added)
    if removed := tuple(v for v in before if v not in after):
        yield Change(ChangeKind.OPTIONS_REMOVED, removed)
    common = [v for v in after if v in before]
    if relabelled := tuple(v for v in common if before[v].label != after[v].label):
        yield Change(ChangeKind.OPTIONS_RELABELLED, relabelled)
    if [v for v in before if v in after] != common:
        yield Change(ChangeKind.OPTIONS_REORDERED)


def _scoring_differs(old: Question, new: Question) -> bool:
    if old.scoring != new.scoring:
        return True
    before = {o.value: o.points for o in old.options or ()}
    return any(before.get(o.value, o.points) != o.points for o in new.options or ())


def _range_text(q: Question) -> str:
    low = "any" if q.min is None else f"{q.min:g}"
    high = "any" if q.max is None else f"{q.max:g}"
    whole = ", whole numbers" if q.integer else ""
    length = f", up to {q.text_max_length} characters" if q.max_length is not None else ""
    return f"{low} to {high}{whole}{length}"


def question_changes(old: Question, new: Question, default_lang: str) -> list[Change]:
    """Every change between two versions of one question (same id)."""
    changes: list[Change] = []
    if old.type != new.type:
        changes.append(Change(ChangeKind.TYPE_CHANGED, old=old.type, new=new.type))
    if old.text.get(default_lang) != new.text.get(default_lang):
        changes.append(Change(ChangeKind.TEXT_REWORDED))
    elif old.text != new.text:
        languages = tuple(sorted(k for k in {*old.text, *new.text}
                                 if old.text.get(k) != new.text.get(k)))
        changes.append(Change(ChangeKind.TRANSLATION_CHANGED, languages))
    if old.help != new.help:
        changes.append(Change(ChangeKind.HELP_CHANGED))
    changes += _option_changes(old, new)
    simple = (
        (ChangeKind.RANGE_CHANGED, (old.min, old.max, old.integer, old.max_length),
         (new.min, new.max, new.integer, new.max_length), _range_text(old), _range_text(new)),
        (ChangeKind.UNIT_CHANGED, old.unit, new.unit, None, None),
        (ChangeKind.TIER_CHANGED, old.tier, new.tier, old.tier, new.tier),
        (ChangeKind.SCORING_CHANGED, _scoring_differs(old, new), False, None, None),
        (ChangeKind.MET_CHANGED, old.met, new.met, None, None),
        (ChangeKind.REQUIRED_CHANGED, old.required, new.required, str(old.required).lower(),
         str(new.required).lower()),
        (ChangeKind.EVIDENCE_CHANGED, (old.evidence_required, old.evidence_question),
         (new.evidence_required, new.evidence_question), str(old.evidence_required).lower(),
         str(new.evidence_required).lower()),
        (ChangeKind.SEVERITY_CHANGED, old.severity, new.severity, old.severity, new.severity),
        (ChangeKind.RECOMMENDATION_CHANGED, old.recommendation, new.recommendation, None, None),
        (ChangeKind.RED_FLAGS_CHANGED, old.red_flags, new.red_flags, None, None),
        (ChangeKind.CLAUSES_CHANGED, old.clauses, new.clauses, ", ".join(old.clauses),
         ", ".join(new.clauses)),
    )
    for kind, before, after, old_text, new_text in simple:
        if before != after:
            changes.append(Change(kind, old=old_text, new=new_text))
    if not _same_condition(old.show_if, new.show_if):
        changes.append(Change(ChangeKind.CONDITION_CHANGED, old=old.show_if, new=new.show_if))
    return changes


def _sections(definition: Definition) -> dict[str, Section]:
    return {s.id: s for s in definition.sections}


def _other(old: Definition, new: Definition) -> tuple[str, ...]:
    fields = ("title", "description", "languages", "default_language", "stages")
    found = [name for name in fields if getattr(old, name) != getattr(new, name)]
    if old.standard.tiers != new.standard.tiers:
        found.append("tiers")
    if (old.standard.key, old.standard.title) != (new.standard.key, new.standard.title):
        found.append("standard")
    return tuple(found)


def diff_definitions(old: Definition, new: Definition) -> VersionDiff:
    """What changed from `old` to `new`, matched by question and section ids."""
    lang = new.default_language
    old_sections, new_sections = _sections(old), _sections(new)
    changed: list[QuestionChange] = []
    for q in new.questions():
        if not old.has_question(q.id):
            continue
        changes = question_changes(old.question(q.id), q, lang)
        old_section, new_section = old.section_of(q.id), new.section_of(q.id)
        if old_section.id != new_section.id:
            changes.append(Change(ChangeKind.MOVED, old=old_section.id, new=new_section.id))
        if changes:
            changed.append(QuestionChange(q.id, new_section.title, tuple(changes)))
    return VersionDiff(
        old_version=old.version,
        new_version=new.version,
        default_language=lang,
        added_sections=tuple(SectionRef(s.id, s.title) for s in new.sections
                             if s.id not in old_sections),
        removed_sections=tuple(SectionRef(s.id, s.title) for s in old.sections
                               if s.id not in new_sections),
        retitled_sections=tuple(
            SectionRef(s.id, s.title) for s in new.sections if s.id in old_sections
            and (old_sections[s.id].title, old_sections[s.id].description)
            != (s.title, s.description)
        ),
        added_questions=tuple(QuestionRef(q.id, new.section_of(q.id).title)
                              for q in new.questions() if not old.has_question(q.id)),
        removed_questions=tuple(QuestionRef(q.id, old.section_of(q.id).title)
                                for q in old.questions() if not new.has_question(q.id)),
        changed_questions=tuple(changed),
        other=_other(old, new),
    )


# --- plain words ----------------------------------------------------------------------------

_TYPE_WORDS = {
    "yes_no": "yes/no",
    "single_choice": "single choice",
    "multi_choice": "multiple choice",
    "number": "number",
    "text": "text",
    "date": "date",
    "evidence": "evidence upload",
    "note": "note",
}
_FIXED_WORDS = {
    ChangeKind.TEXT_REWORDED: "the text was reworded",
    ChangeKind.HELP_CHANGED: "the help text changed",
    ChangeKind.OPTIONS_REORDERED: "the options were reordered",
    ChangeKind.SCORING_CHANGED: "its scoring changed",
    ChangeKind.MET_CHANGED: "what counts as met changed",
    ChangeKind.RECOMMENDATION_CHANGED: "the recommendation changed",
    ChangeKind.UNIT_CHANGED: "the unit changed",
    ChangeKind.RED_FLAGS_CHANGED: "its red flags changed",
}


def _quoted(values: tuple[str, ...]) -> str:
    names = [f"'{v}'" for v in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _options(values: tuple[str, ...], verb: str) -> str:
    plural = len(values) > 1
    return f"option{'s' if plural else ''} {_quoted(values)} {'were' if plural else 'was'} {verb}"


def _tier(change: Change) -> str:
    if change.old is None:
        return f"it now counts towards the {change.new} tier (it was not scored before)"
    if change.new is None:
        return f"it no longer counts towards any tier (it was {change.old})"
    return f"it now counts towards the {change.new} tier instead of {change.old}"


def _condition(change: Change) -> str:
    if change.new is None:
        return "it is now always shown"
    if change.old is None:
        return f"it is now shown only when {change.new}"
    return f"it is now shown when {change.new} (before: when {change.old})"


def _evidence(change: Change) -> str:
    if (change.old, change.new) == ("false", "true"):
        return "it now needs supporting evidence"
    if (change.old, change.new) == ("true", "false"):
        return "it no longer needs evidence"
    return "the evidence it needs changed"


def change_words(change: Change) -> str:
    """One change as a plain English phrase."""
    old, new = change.old, change.new
    match change.kind:
        case kind if kind in _FIXED_WORDS:
            return _FIXED_WORDS[kind]
        case ChangeKind.TRANSLATION_CHANGED:
            return f"its translation ({', '.join(change.values)}) changed"
        case ChangeKind.TYPE_CHANGED:
            return (f"it is now answered as {_TYPE_WORDS.get(new or '')} instead of "
                    f"{_TYPE_WORDS.get(old or '')}")
        case ChangeKind.REQUIRED_CHANGED:
            return "it is now required" if new == "true" else "it is no longer required"
        case ChangeKind.EVIDENCE_CHANGED:
            return _evidence(change)
        case ChangeKind.SEVERITY_CHANGED:
            return f"a gap on it is now {new} severity instead of {old}"
        case ChangeKind.RANGE_CHANGED:
            return f"the accepted answers are now {new} (before: {old})"
        case ChangeKind.CLAUSES_CHANGED:
            return f"the clauses it evidences are now {new or 'none'} (before: {old or 'none'})"
        case ChangeKind.MOVED:
            return f"it moved from section {old}"
        case ChangeKind.TIER_CHANGED:
            return _tier(change)
        case ChangeKind.CONDITION_CHANGED:
            return _condition(change)
        case ChangeKind.OPTIONS_ADDED:
            return _options(change.values, "added")
        case ChangeKind.OPTIONS_REMOVED:
            return _options(change.values, "removed")
    return _options(change.values, "relabelled")


def render_diff(diff: VersionDiff, lang: str = "en") -> str:
    """The diff as plain sentences, one line each; section titles in `lang`."""
    def title(text: Mapping[str, str]) -> str:
        return localise(text, lang, diff.default_language)

    lines = [f"Changes from version {diff.old_version} to {diff.new_version}:"]
    if diff.is_empty:
        return lines[0] + " none."
    if diff.other:
        lines.append(f"Questionnaire: changed {', '.join(diff.other)}.")
    lines += [f"Section {title(s.title)} ({s.section_id}): added." for s in diff.added_sections]
    lines += [f"Section {title(s.title)} ({s.section_id}): removed."
              for s in diff.removed_sections]
    lines += [f"Section {title(s.title)} ({s.section_id}): its title or description changed."
              for s in diff.retitled_sections]
    lines += [f"Question {q.question_id} ({title(q.section_title)}): added."
              for q in diff.added_questions]
    lines += [f"Question {q.question_id} ({title(q.section_title)}): removed."
              for q in diff.removed_questions]
    lines += [f"Question {c.question_id} ({title(c.section_title)}): "
              f"{'; '.join(change_words(x) for x in c.changes)}." for c in diff.changed_questions]
    return "\n".join(lines)
