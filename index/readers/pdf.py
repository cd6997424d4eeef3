"""PDF reports: text lines and ruled tables (pdfplumber), interleaved by their place on the page."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from index.errors import CorruptFileError, EmptyFileError
from index.readers.canonical import render_paragraph, render_table
from index.readers.text import parse_text
from index.records import Document
from index.textnorm import normalize_text


def _inside(bbox: tuple[float, float, float, float], line: dict[str, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle = (line["top"] + line["bottom"]) / 2
    return top - 1 <= middle <= bottom + 1 and line["x1"] >= x0 and line["x0"] <= x1


def _join_wrapped(lines: list[dict], page_width: float) -> list[tuple[float, str]]:
    """Lines that run to the right margin and end mid-sentence continue on the next line."""
    right = max([line["x1"] for line in lines] + [0.75 * page_width])
    paragraphs: list[tuple[float, str]] = []
    joining = False
    for line in lines:
        text = line["text"].strip()
        if joining and paragraphs and len(text.split()) >= 3:
            joining = False
        if joining and paragraphs:
            top, previous = paragraphs[-1]
            paragraphs[-1] = (top, previous + text)
        else:
            paragraphs.append((line["top"], text))
        # Rows of a table without rules (several space-separated cells) are never joined.
        tabular = len(text.split()) >= 3
        joining = line["x1"] >= 0.9 * right and not tabular and not text.endswith(("。", "！", "？", "：", ":"))
    return paragraphs


def _page_text(page: pdfplumber.page.Page) -> str:
    tables = page.find_tables()
    items: list[tuple[float, str]] = []
    for table in tables:
        rows = [[cell or "" for cell in row] for row in table.extract()]
        items.append((table.bbox[1], render_table(rows)))
    free = [line for line in page.extract_text_lines(layout=False) if not any(_inside(t.bbox, line) for t in tables)]
    runs: list[list[dict]] = []
    for line in free:  # a table between two lines breaks the run
        if runs and not any(runs[-1][-1]["bottom"] <= t.bbox[1] <= line["top"] for t in tables):
            runs[-1].append(line)
        else:
            runs.append([line])
    for run in runs:
        items.extend((top, render_paragraph(text)) for top, text in _join_wrapped(run, float(page.width)))
    items.sort(key=lambda item: item[0])
    return "".join(text for _, text in items)


def pdf_to_text(data: bytes) -> str:
    """The canonical text of a PDF: each line a paragraph, each ruled table a grid."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(_page_text(page) for page in pdf.pages)


def read_pdf(path: Path, data: bytes) -> Document:
    try:
        text = pdf_to_text(data)
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise CorruptFileError(path, f"not a readable PDF (truncated, damaged or encrypted: {exc})") from exc
    text = normalize_text(text)
    if not text.strip():
        raise EmptyFileError(path, "the PDF has no text layer (scanned images?); OCR it first")
    return parse_text(text)
