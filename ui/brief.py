"""The one-page Word brief officials take into a meeting: a report's overview and its audit findings,
each figure with its source.

One page on purpose: small type, the figures in one table, at most a few items per list (the count of
the others is said, never silently dropped), findings with their arithmetic. Nothing here computes a
figure — it lays out what `qa.overview` and `qa.audit` found.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from qa.audit import AUDIT_KINDS, SEVERITY_NAMES, Finding
from qa.overview import LIST_ITEMS, NOT_STATED, OUTPUT_PREFIX, Overview, OverviewItem
from ui.render import quoted_as_written, row_cells

MAX_LIST_ITEMS = 4  # per list (问题, 措施); the rest are counted
MAX_OUTPUTS = 5  # 主要产出 rows; the rest are counted
MAX_FINDINGS = 5
MAX_ROW_CELLS = 5  # of a table figure's row in the brief's narrow source column
QUOTE_CHARS = 60  # of a source quote: the value is exact and whole, its sentence is a pointer to the page
FONT = "SimSun"  # the font Chinese Word documents expect; Word substitutes a CJK font where it is missing


def value_text(item: OverviewItem) -> str:
    """An item's value as the report states it, or 报告未载明."""
    if item.value is None:
        return NOT_STATED
    if isinstance(item.value, float):
        return f"{item.value:g}{item.unit or ''}"
    if isinstance(item.value, list):
        return f"{len(item.value)} 项"
    return f"{item.value}{item.unit or ''}"


def brief_title(overview: Overview) -> str:
    return f"{overview.department or overview.report} {overview.year or ''}年 {overview.type or '报告'} · 概览"


def _style(document: WordDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(9)
    normal.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)
    normal.paragraph_format.space_after = Pt(1)
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(1.5)
        section.left_margin = section.right_margin = Cm(1.8)


def _heading(document: WordDocument, text: str, size: float = 11) -> None:
    run = document.add_paragraph().add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def _source_run(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(7.5)
    run.font.color.rgb = RGBColor(0x47, 0x55, 0x69)


def _figures_table(document: WordDocument, items: list[OverviewItem]) -> None:
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("项目", "数值", "来源（章节 · 原文）"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for item in items:
        cells = table.add_row().cells
        cells[0].text = item.name
        cells[1].text = value_text(item)
        if item.value is None:
            continue
        section = (item.section or "").split(" › ")[-1]
        if quoted_as_written(item.kind):
            quote = item.quote or ""
            quote = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "…"
            _source_run(cells[2].paragraphs[0], f"{section} · {quote}")
        else:  # a table or form figure: its row, as the page shows it (never an assembled sentence)
            _source_run(cells[2].paragraphs[0], section)
            _row_table(cells[2], item)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width, row.cells[2].width = Cm(3.6), Cm(3.0), Cm(11.0)


def _row_table(cell: _Cell, item: OverviewItem) -> None:
    """The figure's row inside its source cell: the row's label, then up to MAX_ROW_CELLS cells under
    their columns, the one holding the value among them."""
    head, cells = row_cells(item.quote or "", item.kind or "table_cell")
    at = next((k for k, (_, text) in enumerate(cells) if item.written in text.replace(",", "")), 0)
    start = max(0, min(at - MAX_ROW_CELLS // 2, len(cells) - MAX_ROW_CELLS))
    kept = cells[start:start + MAX_ROW_CELLS]
    table = cell.add_table(rows=2, cols=len(kept) + 1)
    table.style = "Table Grid"
    for row, texts in zip(table.rows, (["", *(c for c, _ in kept)], [head, *(v for _, v in kept)]), strict=True):
        for target, text in zip(row.cells, texts, strict=True):
            _source_run(target.paragraphs[0], text)


def _list(document: WordDocument, item: OverviewItem) -> None:
    _heading(document, item.name, 10)
    if not isinstance(item.value, list):
        document.add_paragraph(NOT_STATED)
        return
    for number, line in enumerate(item.value[:MAX_LIST_ITEMS], 1):
        document.add_paragraph(f"{number}. {line}")
    rest = len(item.value) - MAX_LIST_ITEMS
    paragraph = document.add_paragraph()
    _source_run(paragraph, (f"另有 {rest} 项未列出；" if rest > 0 else "") + f"来源：{item.section}")


def _findings(document: WordDocument, findings: list[Finding]) -> None:
    _heading(document, f"一致性检查（{len(findings)} 处）", 10)
    if not findings:
        document.add_paragraph("未发现报告内前后不一致的数字。")
        return
    for number, finding in enumerate(findings[:MAX_FINDINGS], 1):
        paragraph = document.add_paragraph(
            f"{number}. [{SEVERITY_NAMES[finding.severity]}] {AUDIT_KINDS.get(finding.kind, finding.kind)}：{finding.arithmetic}")
        _source_run(paragraph, "  来源：" + "；".join(f"{s}「{q}」" for q, s in zip(finding.quotes, finding.sections, strict=True)))
    if len(findings) > MAX_FINDINGS:
        document.add_paragraph(f"另有 {len(findings) - MAX_FINDINGS} 处，见 reportqa audit。")


def write_brief(overview: Overview, findings: list[Finding], path: Path) -> Path:
    """Write the brief to `path` (.docx) and return it."""
    document = Document()
    _style(document)
    _heading(document, brief_title(overview), 14)
    _source_run(document.add_paragraph(), f"文件：{overview.report}。每个数字后为其出处；“{NOT_STATED}”表示报告中没有该项。")
    lists = {name for name, _ in LIST_ITEMS}
    outputs = [item for item in overview.items if item.name.startswith(OUTPUT_PREFIX)]
    _figures_table(document, [item for item in overview.items if item.name not in lists and item not in outputs]
                   + outputs[:MAX_OUTPUTS])
    if len(outputs) > MAX_OUTPUTS:
        _source_run(document.add_paragraph(), f"另有 {len(outputs) - MAX_OUTPUTS} 项主要产出，见报告概览。")
    for item in overview.items:
        if item.name in lists:
            _list(document, item)
    _findings(document, findings)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
