"""A comparison as a PDF: the CSV's rows, a few suppliers per table so that it stays legible."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from portal.consortia.compare import Matrix, Words, table_rows
from portal.reports import pdf

PER_TABLE = 4  # supplier columns per table on a portrait A4 page
LABEL_WIDTH = 56 * mm
PAGE_WIDTH = 180 * mm


def matrix_pdf(matrix: Matrix, words: Words, *, title: str) -> bytes:
    rows = table_rows(matrix, words)
    story: list[Flowable] = [pdf.text(title, "Title")]
    count = len(matrix.columns)
    width = (PAGE_WIDTH - LABEL_WIDTH) / PER_TABLE
    for start in range(0, max(count, 1), PER_TABLE):
        part = [[row[0], *row[1 + start : 1 + start + PER_TABLE]] for row in rows]
        columns = len(part[0]) - 1
        story.append(pdf.table(part, [LABEL_WIDTH, *([width] * columns)]))
        story.append(Spacer(1, 6 * mm))
    return pdf.build(story, title=title)
