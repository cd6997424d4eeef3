"""The seed report re-published in the other layouts real reports come in.

- double-spaced txt: the page copied from a web site, a blank line after every line;
- docx: the report's tables as real Word tables, header cells merged across and down as the
  original form has them (收入合计 over two header rows, 其中： across its parts);
- pdf: the same tables ruled, with the same spans, long cells wrapped.

Each is written from the seed's own parsed blocks (paragraphs, label–value fields, tables with their
header rows), so each must read back to the same figures and answer the seed's questions as the txt
does. Body cells are never merged: a blank in the txt is a blank cell here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from index.readers import read_document
from index.records import Heading, LabelValue, Paragraph, Table


@dataclass(frozen=True)
class Grid:
    """A table to write: its rows of cell texts, how many are header rows, and the caption line."""

    rows: tuple[tuple[str, ...], ...]
    header_count: int
    caption: str | None = None


Item = str | Grid  # a paragraph, or a table


def seed_items(seed: Path) -> list[Item]:
    """The seed's blocks in reading order: paragraphs as text, runs of form fields as a two-column grid,
    tables as grids of their header rows and body."""
    document = read_document(seed, seed.read_bytes())
    items: list[Item] = []
    fields: list[tuple[str, str]] = []
    for block in document.blocks:
        if isinstance(block, LabelValue):
            fields.append((block.label.text, block.value.text))
            continue
        if fields:
            items.append(Grid(tuple(fields), 0))
            fields = []
        if isinstance(block, (Paragraph, Heading)):
            items.append(block.text)
        elif isinstance(block, Table):
            caption = block.caption
            previous = items[-1] if items and isinstance(items[-1], str) else ""
            if caption and previous and caption.startswith(previous):
                caption = caption[len(previous):].strip() or None  # the unit line after a sentence
            body = tuple(tuple(cell.text for cell in row) for row in block.rows)
            items.append(Grid(tuple(block.header_rows) + body, len(block.header_rows), caption))
    if fields:
        items.append(Grid(tuple(fields), 0))
    return items


def header_spans(grid: Grid) -> list[tuple[int, int, int, int]]:
    """(row, col, last_row, last_col) of each merged header cell: equal neighbours across a header row
    are one cell; an empty header cell continues the cell above it; empty cells at the left of the top
    row belong to the first title (the reader gave the title's span an empty column of its own)."""
    spans: list[tuple[int, int, int, int]] = []
    header = [list(row) for row in grid.rows[:grid.header_count]]
    for r, row in enumerate(header):
        c = 0
        while c < len(row):
            if r == 0 and c == 0 and not row[0]:
                first = next((k for k, text in enumerate(row) if text), 0)
                if first:
                    spans.append((0, 0, 0, first))
                    c = first + 1
                    continue
            end = c
            while end + 1 < len(row) and row[c] and row[end + 1] == row[c]:
                end += 1
            if row[c]:
                last_row = r
                while last_row + 1 < len(header) and all(not header[last_row + 1][k] for k in range(c, end + 1)):
                    last_row += 1
                if (last_row, end) != (r, c):
                    spans.append((r, c, last_row, end))
            c = end + 1
    return spans


def write_double_spaced(seed: Path, path: Path) -> Path:
    path.write_text(seed.read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
    return path


def write_docx(seed: Path, path: Path) -> Path:
    import docx

    document = docx.Document()
    for item in seed_items(seed):
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        if item.caption:
            document.add_paragraph(item.caption)
        width = max(len(row) for row in item.rows)
        table = document.add_table(rows=len(item.rows), cols=width)
        spans = header_spans(item)
        covered = {(r, c) for r0, c0, r1, c1 in spans for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(item.rows):
            for c, text in enumerate(row):
                if (r, c) not in covered:
                    table.cell(r, c).text = text
        for r0, c0, r1, c1 in spans:
            merged = table.cell(r0, c0).merge(table.cell(r1, c1))
            merged.text = item.rows[r0][c0] or item.rows[r0][c1]
    document.save(str(path))
    return path


def write_pdf(seed: Path, path: Path, *, split_rows: bool = False) -> Path:
    """`split_rows`: a row taller than a page (a long cell of a full-length document) goes on at the
    next page's top, where it would otherwise stop the writing."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text_style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    usable = A4[0] - 72 * 2
    story: list[object] = []
    for item in seed_items(seed):
        if isinstance(item, str):
            story.extend(PdfParagraph(line, text_style) for line in item.split("\n") if line.strip())
            continue
        if item.caption:
            story.append(PdfParagraph(item.caption, text_style))
        width = max(len(row) for row in item.rows)
        rows = [[PdfParagraph(text, cell_style) if text else "" for text in row] + [""] * (width - len(row))
                for row in item.rows]
        spans = header_spans(item)
        covered = {(r, c) for r0, c0, r1, c1 in spans for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                   if (r, c) != (r0, c0)}
        for r0, c0, _, c1 in spans:
            title = item.rows[r0][c0] or item.rows[r0][c1]
            rows[r0][c0] = PdfParagraph(title, cell_style)
        for r, c in covered:
            rows[r][c] = ""
        style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            *[("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spans]])
        story += [PdfTable(rows, colWidths=[usable / width] * width, style=style, repeatRows=item.header_count,
                           splitInRow=int(split_rows)),
                  Spacer(1, 6)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    path.write_bytes(buffer.getvalue())
    return path


WRITERS = {"double-spaced.txt": write_double_spaced, "merged.docx": write_docx, "ruled.pdf": write_pdf}
