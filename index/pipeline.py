"""From file bytes to a ParsedReport: read, sections, metadata, figures, chunks (pure, no storage)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from index.errors import EmptyFileError, FileTooLargeError
from index.extract.chunks import build_chunks
from index.extract.figures import extract_figures
from index.extract.forms import form_figures, merge_form_figures
from index.extract.metadata import extract_meta
from index.extract.sections import build_sections, section_finder
from index.extract.table_checks import verified
from index.extract.table_labels import carry_units
from index.readers import read_document
from index.records import Chunk, Document, Figure, ParsedReport, Table
from index.settings import Settings


def report_id_for(text: str) -> str:
    """Content hash of the normalized text: the same report ingested twice gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _attach_chunks(figures: list[Figure], chunks: list[Chunk]) -> list[Figure]:
    """Each figure points at the chunk of its section that covers its span."""
    attached = []
    for figure in figures:
        owner = next(
            (c for c in chunks if c.section == figure.section and c.start <= figure.start < c.end),
            None,
        ) or next((c for c in chunks if c.start <= figure.start < c.end), None)
        attached.append(replace(figure, chunk_id=owner.id if owner else None))
    return attached


def _department_forms(department: str) -> list[str]:
    """The department's name and its shorter forms after a place (上海市普陀区财政局 -> 普陀区财政局, 财政局)."""
    forms = [department] + [department[i:] for i in range(1, len(department) - 2) if department[i - 1] in "省市区县镇"]
    return sorted(set(forms), key=len, reverse=True)


def without_department(figures: list[Figure], department: str | None) -> list[Figure]:
    """A metric never carries the report's own department (`上海市普陀区财政局财政拨款的机关运行经费预算`
    is 财政拨款的机关运行经费预算 of that department): the name is the report's, not the metric's."""
    if not department:
        return figures
    forms = _department_forms(department)
    out = []
    for figure in figures:
        form = next((f for f in forms if figure.metric.startswith(f)), None)
        rest = figure.metric[len(form):].lstrip("的") if form else ""
        out.append(replace(figure, metric=rest) if form and len(rest) >= 2 else figure)
    return out


def check_size(path: Path, size: int, settings: Settings) -> None:
    """Refuse empty files and files over the configured limit, before reading them whole."""
    if size == 0:
        raise EmptyFileError(path, "文件是空的（0 字节）")
    if size > settings.max_file_bytes:
        raise FileTooLargeError(
            path,
            f"文件 {size:,} 字节，超过上限 {settings.max_file_bytes:,} 字节"
            f"（{settings.max_file_bytes / 1048576:g} MB；可用环境变量 REPORTQA_MAX_FILE_MB 调高）",
        )


def parse_report(path: Path, data: bytes, settings: Settings) -> ParsedReport:
    """Everything ingestion derives from one file. Raises an IngestError subclass on bad input."""
    check_size(path, len(data), settings)
    return derive_report(path.name, read_document(path, data))


def derive_report(name: str, document: Document) -> ParsedReport:
    """Everything derived from a document's blocks; also used to rebuild a report from its stored text."""
    # 1. blocks
    blocks = tuple(verified(b) if isinstance(b, Table) else b for b in carry_units(document.blocks))
    # 2. sections and metadata
    sections, paths = build_sections(blocks, len(document.text))
    meta = extract_meta(blocks, document.text)
    report_id = report_id_for(document.text)
    # 3. figures and chunks
    figures = extract_figures(blocks, paths, fiscal_year=meta.fiscal_year)
    figures = merge_form_figures(figures, form_figures(document.text, section_finder(sections), year=meta.fiscal_year))
    figures = without_department(figures, meta.department)
    chunks = build_chunks(blocks, paths, report_id=report_id, report_title=meta.title)
    warnings = []
    if not sections and not figures:
        warnings.append("没有找到章节，也没有找到数字：这不像一份绩效评价报告，已按普通文本入库")
    if meta.fiscal_year is None:
        warnings.append("标题中没有找到年度")
    tables = tuple(b for b in blocks if isinstance(b, Table))
    for table in tables:
        if table.mapping == "unverified":
            warnings.append(f"表格“{table.caption or '、'.join(table.columns[:3])}”无法核对，只作为文本保存")
        for failure in table.failed:
            warnings.append(f"表格“{table.caption or '、'.join(table.columns[:3])}”合计与分项不符：{failure.arithmetic}")
    return ParsedReport(
        report_id=report_id,
        name=name,
        text=document.text,
        meta=meta,
        sections=tuple(sections),
        tables=tables,
        figures=tuple(_attach_chunks(figures, chunks)),
        chunks=tuple(chunks),
        warnings=tuple(warnings),
    )
