"""Shared PDF building blocks: house styles, escaped paragraphs, and a document to bytes.

User text is always escaped before it reaches a reportlab Paragraph, whose markup would
otherwise let a supplier's answer inject tags (links, fonts, images) into a buyer's report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle


@cache
def styles() -> StyleSheet1:
    sheet = getSampleStyleSheet()
    sheet.add(ParagraphStyle("Small", parent=sheet["BodyText"], fontSize=8, leading=10))
    sheet.add(
        ParagraphStyle("Muted", parent=sheet["BodyText"], textColor=colors.HexColor("#505a5f"))
    )
    return sheet


def text(value: object, style: str = "BodyText") -> Paragraph:
    """A paragraph of plain user text: escaped, line breaks kept."""
    escaped = escape("" if value is None else str(value)).replace("\n", "<br/>")
    return Paragraph(escaped, styles()[style])


def table(rows: Sequence[Sequence[object]], widths: Sequence[float] | None = None) -> Table:
    """A grid with a header row; plain values are escaped into paragraphs."""
    cells = [[c if isinstance(c, Flowable) else text(c, "Small") for c in row] for row in rows]
    grid = Table(cells, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return grid


def build(
    story: list[Flowable], *, title: str, author: str = "Supplier due-diligence portal"
) -> bytes:
    """Lay the story out on A4 pages with numbered footers; the PDF as bytes."""
    buffer = io.BytesIO()

    def footer(canvas, doc):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(15 * mm, 10 * mm, title[:90])
        canvas.drawRightString(195 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
