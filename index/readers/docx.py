"""Word .docx reports: paragraphs and real table grids (gridSpan and vMerge) in document order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from index.errors import CorruptFileError, EmptyFileError
from index.readers.canonical import render_paragraph, render_table
from index.readers.text import parse_text
from index.records import Document
from index.text.normalize import normalize_text

# A real report's document.xml is a few MB; far more uncompressed is a zip bomb, not a report.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024


def _cell_text(tc: CT_Tc) -> str:
    paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
    return "\n".join(p for p in paragraphs if p.strip())


def table_rows(tbl: CT_Tbl) -> list[list[str]]:
    """Rows in the canonical convention: a spanned cell once, a vertical continuation as an empty cell."""
    rows: list[list[str]] = []
    for tr in tbl.tr_lst:
        row: list[str] = []
        for tc in tr.tc_lst:
            row.append("" if tc.vMerge == "continue" else _cell_text(tc))
        rows.append(row)
    return rows


def docx_to_text(data: bytes) -> str:
    """The canonical text of a .docx file."""
    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            parts.append(render_paragraph(item.text))
        elif isinstance(item, DocxTable):
            parts.append(render_table(table_rows(item._tbl)))
    return "".join(parts)


def read_docx(path: Path, data: bytes) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise CorruptFileError(path, "这个 .docx 解压后超过 200 MB，可能是压缩炸弹，已拒绝")
        text = docx_to_text(data)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptFileError(path, f"无法读取的 .docx（文件不完整或已损坏：{exc}）") from exc
    text = normalize_text(text)
    if not text.strip():
        raise EmptyFileError(path, "这个 .docx 没有文字")
    return parse_text(text)
