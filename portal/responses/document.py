"""What the questionnaire and answers PDFs say, as plain data (pure; drawn by pdf.py).

The blank questionnaire lets a supplier spread the work across colleagues before starting;
the answers document is a record of what was submitted. Words that are not questionnaire
text (type names, "Required" ...) come in through `Words`, already in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from portal.questionnaires.definition import Definition, Question, QuestionType
from portal.responses.inputs import Labels, display


@dataclass(frozen=True)
class Words:
    """Interface words in the reader's language."""

    kinds: Mapping[str, str] = field(default_factory=dict)
    required: str = "Required"
    shown_when: str = "Asked only when: {condition}"
    not_answered: str = "Not answered"
    not_applicable: str = "Does not apply (not asked)"
    options: str = "Options"
    labels: Labels = field(default_factory=Labels)


@dataclass(frozen=True)
class DocQuestion:
    number: str
    text: str
    help: str
    kind: str
    required: bool
    condition: str
    options: tuple[str, ...] = ()
    answer: str | None = None


@dataclass(frozen=True)
class DocSection:
    number: str
    title: str
    description: str
    questions: tuple[DocQuestion, ...]


@dataclass(frozen=True)
class Document:
    title: str
    lines: tuple[str, ...]
    sections: tuple[DocSection, ...]


def numbering(definition: Definition) -> dict[str, str]:
    """Question numbers as people cite them: "2.3" is the third answerable question of section 2."""
    numbers: dict[str, str] = {}
    for s_index, section in enumerate(definition.sections, start=1):
        count = 0
        for q in section.questions:
            if q.type is QuestionType.NOTE:
                continue
            count += 1
            numbers[q.id] = f"{s_index}.{count}"
    return numbers


def readable_condition(condition: str | None, numbers: Mapping[str, str]) -> str:
    """The condition with question ids replaced by their numbers ("Q1.2 = 'yes'")."""
    if not condition:
        return ""
    return re.sub(
        r"\b[A-Za-z_][A-Za-z0-9_]*\b",
        lambda m: f"Q{numbers[m.group(0)]}" if m.group(0) in numbers else m.group(0),
        condition,
    )


def _question(
    definition: Definition, q: Question, lang: str, words: Words, numbers: Mapping[str, str]
) -> DocQuestion:
    options: tuple[str, ...] = ()
    if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        options = tuple(definition.text(o.label, lang) for o in q.options or ())
    elif q.type is QuestionType.YES_NO:
        options = (words.labels.yes, words.labels.no)
    condition = readable_condition(q.show_if, numbers)
    text = definition.text(q.text, lang)
    if q.type is QuestionType.NUMBER and q.unit:
        text = f"{text} ({definition.text(q.unit, lang)})"
    return DocQuestion(
        number=numbers.get(q.id, ""),
        text=text,
        help=definition.text(q.help, lang) if q.help else "",
        kind=words.kinds.get(q.type.value, q.type.value),
        required=q.required,
        condition=words.shown_when.format(condition=condition) if condition else "",
        options=options,
    )


def questions_document(
    definition: Definition, lang: str, words: Words, lines: Sequence[str] = ()
) -> Document:
    """Every question of the questionnaire, with its type, options, help and condition."""
    numbers = numbering(definition)
    sections = []
    for index, section in enumerate(definition.sections, start=1):
        sections.append(
            DocSection(
                number=str(index),
                title=definition.text(section.title, lang),
                description=definition.text(section.description, lang),
                questions=tuple(_question(definition, q, lang, words, numbers)
                                for q in section.questions),
            )
        )
    return Document(definition.text(definition.title, lang), tuple(lines), tuple(sections))


def answers_document(
    definition: Definition,
    lang: str,
    words: Words,
    answers: Mapping[str, object],
    visible: Collection[str],
    files: Mapping[str, Sequence[str]],
    lines: Sequence[str] = (),
) -> Document:
    """The questionnaire with each answer (file names for evidence); unasked questions say so."""
    blank = questions_document(definition, lang, words, lines)
    sections = []
    for doc_section, section in zip(blank.sections, definition.sections, strict=True):
        questions = []
        for doc_q, q in zip(doc_section.questions, section.questions, strict=True):
            if q.type is QuestionType.NOTE:
                questions.append(doc_q)
                continue
            if q.id not in visible:
                answer = words.not_applicable
            elif q.type is QuestionType.EVIDENCE:
                answer = ", ".join(files.get(q.id, ())) or words.not_answered
            else:
                answer = display(q, answers.get(q.id), lang, definition.default_language,
                                 words.labels) or words.not_answered
            questions.append(DocQuestion(**{**doc_q.__dict__, "answer": answer}))
        sections.append(DocSection(doc_section.number, doc_section.title,
                                   doc_section.description, tuple(questions)))
    return Document(blank.title, blank.lines, tuple(sections))
