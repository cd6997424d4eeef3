"""PDF reports: text lines and ruled tables (pdfplumber), interleaved by their place on the page."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from index.errors import CorruptFileError, EmptyFileError
from index.extract.sections import is_numbered_heading, is_plain_heading, is_toc_line
from index.readers.canonical import render_paragraph, render_table
from index.readers.pdfium_objects import lend_objects
from index.readers.text import parse_text
from index.records import Document
from index.text.normalize import normalize_text


def _inside(bbox: tuple[float, float, float, float], line: dict[str, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle = (line["top"] + line["bottom"]) / 2
    return top - 1 <= middle <= bottom + 1 and line["x1"] >= x0 and line["x0"] <= x1


@dataclass
class _PageParagraph:
    """A paragraph of one page; `runs_on` when its last line reaches the margin mid-sentence (it may go
    on at the top of the next page)."""

    text: str
    runs_on: bool = False


def _join_wrapped(lines: list[dict], page_width: float) -> list[tuple[float, _PageParagraph]]:
    """Lines that run to the right margin and end mid-sentence continue on the next line. The margin is
    where several lines of the page end; a page of one line (a cover) has no paragraph to run on."""
    right = max([line["x1"] for line in lines] + [0.75 * page_width])
    full_lines = sum(1 for line in lines if line["x1"] >= 0.9 * right)
    paragraphs: list[tuple[float, _PageParagraph]] = []
    joining = False
    for line in lines:
        text = line["text"].strip()
        if joining and paragraphs and (len(text.split()) >= 3 or is_toc_line(text)):
            joining = False
        if joining and paragraphs:
            paragraphs[-1][1].text += text
        else:
            paragraphs.append((line["top"], _PageParagraph(text)))
        # Rows of a table without rules (several space-separated cells) are never joined.
        tabular = len(text.split()) >= 3
        joining = line["x1"] >= 0.9 * right and not tabular and not text.endswith(("。", "！", "？", "：", ":"))
        paragraphs[-1][1].runs_on = joining and full_lines >= 2
    return paragraphs


@dataclass
class _PageTable:
    """A ruled table of one page, its rows in the canonical convention."""

    rows: list[list[str]]

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


# A line of a cell that ends a sentence or clause, or a line that starts an item (目标2：, 2.), is a
# paragraph of the cell; any other break is where the cell's width wrapped the text.
_ENDS_CLAUSE = ("。", "；", ";", "！", "？", "：", ":")
_STARTS_ITEM = re.compile(r"^(?:(?:目标|指标|任务|措施|问题)\s*\d+|\d+\s*(?:[、:：)）]|[.．](?!\d))|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)")


def _unwrap_cell(text: str) -> str:
    """A cell's text with the breaks its width made removed and its own paragraph breaks kept."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out: list[str] = []
    for line in lines:
        if out and not out[-1].endswith(_ENDS_CLAUSE) and not _STARTS_ITEM.match(line):
            glue = " " if out[-1][-1:].isascii() and out[-1][-1:].isalnum() and line[:1].isascii() and line[:1].isalpha() else ""
            out[-1] += glue + line
        else:
            out.append(line)
    return "\n".join(out)


_PAGE_NUMBER = re.compile(r"^[-—–\s第页]*\d{1,4}[-—–\s页/共\d]*$")


def _column_edges(table: pdfplumber.table.Table) -> list[float]:
    """Left edges of the grid's columns, then the table's right edge. pdfplumber's own column boxes
    are unions of the cells starting there, which a merged cell widens past its column."""
    lefts = sorted({round(cell[0], 1) for row in table.rows for cell in row.cells if cell is not None})
    edges: list[float] = []
    for left in lefts:
        if not edges or left - edges[-1] > 1.0:
            edges.append(left)
    return [*edges, table.bbox[2]]


def _table_rows(table: pdfplumber.table.Table) -> list[list[str]]:
    """Rows in the canonical convention. pdfplumber gives None where a merged cell covers a position:
    a cell merged across is written once (the position dropped), a cell merged down leaves an empty
    cell below it, as the Word layout does. A position is looked up at the middle of its own column
    and of its row's own band (from its top to the next row's top): a row's box is widened by any
    cell merged down from it."""
    texts = table.extract()
    origins = [list(row.cells) for row in table.rows]
    edges = _column_edges(table)
    tops = [row.bbox[1] for row in table.rows] + [table.bbox[3]]
    rows: list[list[str]] = []
    for r, row_texts in enumerate(texts):
        out: list[str] = []
        middle_y = (tops[r] + max(tops[r + 1], tops[r])) / 2
        for c, text in enumerate(row_texts):
            if origins[r][c] is not None:
                out.append(_unwrap_cell(text or ""))
                continue
            middle_x = (edges[c] + edges[c + 1]) / 2 if c + 1 < len(edges) else edges[-1]
            cover = next((cell for cells in origins[:r + 1] for cell in cells
                          if cell and cell[0] <= middle_x <= cell[2] and cell[1] <= middle_y <= cell[3]), None)
            if cover is None or cover[1] < tops[r] - 0.5:
                out.append("")  # merged down from a row above (or no cell at all)
            # else merged across from a cell on this row: written once
        rows.append(out)
    return rows


def _page_items(page: pdfplumber.page.Page) -> list[tuple[float, _PageParagraph | _PageTable]]:
    """The page's paragraphs and tables by their place on the page; page numbers left out."""
    tables = page.find_tables()
    items: list[tuple[float, _PageParagraph | _PageTable]] = [(t.bbox[1], _PageTable(_table_rows(t))) for t in tables]
    free = [line for line in page.extract_text_lines(layout=False)
            if not any(_inside(t.bbox, line) for t in tables) and not _PAGE_NUMBER.match(line["text"].strip())]
    runs: list[list[dict]] = []
    for line in free:  # a table between two lines breaks the run
        if runs and not any(runs[-1][-1]["bottom"] <= t.bbox[1] <= line["top"] for t in tables):
            runs[-1].append(line)
        else:
            runs.append([line])
    for run in runs:
        items.extend(_join_wrapped(run, float(page.width)))
    items.sort(key=lambda item: item[0])
    return items


def _starts_anew(text: str) -> bool:
    """A line that opens something of its own (a title, a table of contents) never continues the
    previous page's sentence."""
    return is_toc_line(text) or is_numbered_heading(text) or is_plain_heading(text)


def _continues(previous: _PageTable, table: _PageTable) -> bool:
    """A table at the top of a page goes on from the table that ended the page before when it has
    as many columns (its header rows repeated or not)."""
    return previous.width == table.width and previous.width >= 2


def _repeated_header(first: list[list[str]], rows: list[list[str]]) -> int:
    """How many leading rows of a continuation repeat the first part's header rows."""
    count = 0
    while count < min(len(first), len(rows)) - 1 and rows[count] == first[count] and count < 3:
        count += 1
    return count


# PDFium may not be entered from two threads at once (the web app reads uploads beside other work).
_PDFIUM = threading.Lock()


@contextmanager
def _native_pages(data: bytes, pages: int) -> Iterator[pdfium.PdfDocument | None]:
    """PDFium's reading of the file, or None when it cannot open it or counts other pages (pdfminer then
    reads every page, and raises what it raises for a damaged or locked file)."""
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            yield None
            return
        try:
            yield document if len(document) == pages else None
        finally:
            document.close()


def pdf_to_text(data: bytes, *, native: bool = True) -> str:
    """The canonical text of a PDF: each line a paragraph, each ruled table a grid; a table that
    breaks across pages is one table, its repeated header rows dropped.

    Characters and rules are read by PDFium (`native`, index/readers/pdfium_objects.py: the same
    canonical text, ~3× faster), a page it cannot reproduce by pdfplumber's own parser."""
    items: list[_PageParagraph | _PageTable] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf, \
            (_native_pages(data, len(pdf.pages)) if native else nullcontext(None)) as document:
        for number, page in enumerate(pdf.pages):
            if document is not None:
                native_page = document[number]
                lend_objects(page, native_page)
                native_page.close()
            page_items = [item for _, item in _page_items(page)]
            last, first = (items[-1] if items else None), (page_items[0] if page_items else None)
            if isinstance(last, _PageTable) and isinstance(first, _PageTable) and _continues(last, first):
                last.rows.extend(first.rows[_repeated_header(last.rows, first.rows):])
                page_items.pop(0)
            elif isinstance(last, _PageParagraph) and isinstance(first, _PageParagraph) and last.runs_on \
                    and not _starts_anew(first.text):
                last.text += first.text  # a sentence broken by the page end
                last.runs_on = first.runs_on
                page_items.pop(0)
            items.extend(page_items)
    return "".join(render_table(item.rows) if isinstance(item, _PageTable) else render_paragraph(item.text)
                   for item in items)


def read_pdf(path: Path, data: bytes) -> Document:
    try:
        text = pdf_to_text(data)
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise CorruptFileError(path, f"无法读取的 PDF（文件不完整、已损坏或已加密：{exc}）") from exc
    text = normalize_text(text)
    if not text.strip():
        raise EmptyFileError(path, "这个 PDF 没有文字层（可能是扫描图片），请先做文字识别（OCR）")
    return parse_text(text)
