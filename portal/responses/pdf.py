"""Drawing a questionnaire or answers document (document.py) as a PDF with the house styles."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.platypus import Flowable, Spacer

from portal.reports.pdf import build, text
from portal.responses.document import Document, Words
from portal.responses.inputs import Labels


def words() -> Words:
    """The interface words of the documents, in the current language."""
    return Words(
        kinds={
            "yes_no": _("Yes or no"),
            "single_choice": _("Choose one"),
            "multi_choice": _("Choose all that apply"),
            "number": _("A number"),
            "text": _("Text"),
            "date": _("A date"),
            "evidence": _("Upload a file"),
            "note": _("Note"),
        },
        required=_("Required"),
        shown_when=_("Asked only when: {condition}"),
        not_answered=_("Not answered"),
        not_applicable=_("Does not apply (not asked)"),
        options=_("Options"),
        labels=Labels(yes=_("Yes"), no=_("No"), files=_("{count} file(s)")),
    )


def render(document: Document, w: Words) -> bytes:
    story: list[Flowable] = [text(document.title, "Title")]
    story += [text(line, "Muted") for line in document.lines]
    for section in document.sections:
        story.append(text(f"{section.number}. {section.title}", "Heading2"))
        if section.description:
            story.append(text(section.description))
        for q in section.questions:
            if q.kind == w.kinds.get("note"):
                story.append(text(q.text, "Muted"))
                continue
            heading = f"{q.number}  {q.text}" + (f"  ({w.required})" if q.required else "")
            story.append(text(heading, "Heading4"))
            details = [q.kind, q.condition]
            story.append(text(" · ".join(d for d in details if d), "Small"))
            if q.help:
                story.append(text(q.help, "Muted"))
            if q.options and q.answer is None:
                story.append(text(f"{w.options}: " + " / ".join(q.options), "Small"))
            if q.answer is not None:
                story.append(text(q.answer))
            story.append(Spacer(1, 4))
    return build(story, title=document.title)
