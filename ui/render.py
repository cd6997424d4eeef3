"""HTML for the chat and the report view: answer cards with the figure, whose it is and its citation;
a report's tables, overview and audit findings. Every report text is escaped, so a report containing
`<script>` or Markdown shows literally."""

from __future__ import annotations

import html
import re
from datetime import datetime

from index.records import Figure
from index.store.rows import ReportRow, StoredTable, section_label
from qa.audit import AUDIT_KINDS, SEVERITY_NAMES, Finding
from qa.compose import numbered_frame, report_label
from qa.overview import NOT_STATED, Overview, OverviewItem
from qa.records import Answer, FigureHit, Passage

# How each kind of figure is read, in the user's words (index/records.Figure.kind).
FIGURE_KIND_NAMES = {"table_cell": "表格", "prose": "正文", "label_value": "表单", "target_actual": "目标与实际",
                     "target": "目标", "computed": "计算"}


def local_time(stamp: str) -> str:
    """`2026-12-05T04:13:11+00:00` as an official reads a time: `2026-12-05 12:13` in this machine's zone
    (a stamp that is not a time is shown as stored)."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def escape_text(text: object) -> str:
    """Escape for HTML and neutralize Markdown, which the chat would otherwise interpret."""
    escaped = html.escape(str(text), quote=True)
    return re.sub(r"([*_`#\[\]|~\\])", lambda m: f"&#{ord(m.group(1))};", escaped)


def highlight(quote: str, value: str) -> str:
    """The quote as written (its thousands separators kept: 593,697.88) with the first occurrence of the
    value marked."""
    digits = [r"[.．]" if ch in ".．" else re.escape(ch) for ch in value]
    pattern = "[,，]?".join(digits)
    match = re.search(rf"(?<![\d.,]){pattern}(?![\d])", quote)
    if match is None:
        return escape_text(quote)
    return escape_text(quote[: match.start()]) + f"<mark>{escape_text(match.group())}</mark>" + escape_text(quote[match.end():])


def row_cells(quote: str, kind: str = "table_cell") -> tuple[str, list[tuple[str, str]]]:
    """A table row as index/extract/table_labels.render_row wrote it (`局机关：收入合计 874.61 万元，上年结转
    162.13 万元`): its row label and its (column, cell) pairs — shown as a row, never as a sentence. A
    form's `label：value` is one cell under its label (the label may itself hold a colon)."""
    if kind == "label_value" and " | " not in quote:
        head, _, value = quote.rpartition("：")
        return head, [("", value)]
    head, mark, body = quote.partition("：")
    if not mark:
        head, body = "", quote
    if " | " in body:  # a form's row of bare cells: `总分：100 | 96 | 优`
        return head, [("", cell.strip()) for cell in body.split(" | ")]
    cells = []
    for part in body.split("，"):
        words = part.strip().split(" ")
        # The cell is the last word, with the table's unit after a number (`局部门 2020 1.90 万元`: column
        # 局部门 2020, cell 1.90 万元); a column's name may hold spaces, a cell's number does not.
        with_unit = len(words) >= 3 and not re.search(r"\d", words[-1]) and re.search(r"\d", words[-2])
        taken = 2 if with_unit else 1
        cells.append((" ".join(words[:-taken]), " ".join(words[-taken:])))
    return head, cells


def quote_html(figure: Figure) -> str:
    """Prose is quoted as written; a figure read from a table or a form is shown as its row — the row's
    label and each cell under its column — since the sentence-like quote is assembled, not the report's."""
    return shown_quote(figure.quote, figure.kind, figure.value)


def quoted_as_written(kind: str | None) -> bool:
    """Is a figure of this kind quoted as its sentence (prose, a computed figure's own words), or shown
    as the row of the table or form it was read from?"""
    return kind in (None, "prose", "computed")


def shown_quote(quote: str, kind: str | None, value: str) -> str:
    if quoted_as_written(kind):
        return f"<q>{highlight(quote, value)}</q>"
    head, cells = row_cells(quote, kind)
    columns = "".join(f"<th>{escape_text(column)}</th>" for column, _ in cells)
    values = "".join(f"<td>{highlight(cell, value)}</td>" for _, cell in cells)
    return (f"<table class='rq-row'><tr><th></th>{columns}</tr>"
            f"<tr><th>{escape_text(head)}</th>{values}</tr></table>")


def _figure(hit: FigureHit) -> Figure:
    figure = hit.figure
    assert isinstance(figure, Figure)
    return figure


def _source(report: ReportRow | None, file_name: str) -> str:
    """The source label, the file name in its tooltip."""
    return f"<span class='rq-source' title='{escape_text(file_name)}'>{escape_text(report_label(report, file_name))}</span>"


def figure_card(hit: FigureHit, report: ReportRow | None, *, main: bool) -> str:
    f = _figure(hit)
    who = " · ".join(escape_text(x) for x in (report.department if report else None, f.entity, f"{f.year}年" if f.year else None) if x)
    section = escape_text(section_label(f.section))
    qualifier = f"<span class='rq-qual'>（{escape_text(f.qualifier)}）</span>" if f.qualifier else ""
    target = f"<div class='rq-target'>目标：{escape_text(f.target)}</div>" if f.target else ""
    size = "rq-main" if main else "rq-alt"
    return (
        f"<div class='rq-card {size}'>"
        f"<div class='rq-value'><b>{escape_text(f.value)}</b> <span class='rq-unit'>{escape_text(f.unit or '')}</span></div>"
        f"<div class='rq-metric'>{escape_text(f.metric)}{qualifier}</div>"
        f"<div class='rq-who'>{who}</div>{target}"
        f"<div class='rq-cite'>来源：{_source(report, hit.report)} › {section}<br>{quote_html(f)}</div>"
        "</div>"
    )


def passage_block(passage: Passage, rank: int, report: ReportRow | None) -> str:
    chunk = passage.chunk
    body = chunk.text.split("\n", 1)[-1]
    title = escape_text(section_label(chunk.section))
    return (
        f"<details><summary>{rank}. {_source(report, chunk.report)} › {title}</summary>"
        f"<div class='rq-passage'>{escape_text(body)}</div></details>"
    )


FOLDED_AFTER = 240  # characters of a long passage answer shown before its 展开 control


def _answer_text(answer: Answer) -> str:
    """The answer's sentence; a list as a numbered list, each item whole; a long passage folded
    behind 展开 — never cut."""
    if answer.items:
        lead, source = numbered_frame(answer.text)
        items = "".join(f"<li>{escape_text(item)}</li>" for item in answer.items)
        return f"{escape_text(lead)}<ol class='rq-list'>{items}</ol><div class='rq-cite'>{escape_text(source)}</div>"
    if len(answer.text) <= FOLDED_AFTER:
        return escape_text(answer.text)
    head, rest = answer.text[:FOLDED_AFTER], answer.text[FOLDED_AFTER:]
    return f"{escape_text(head)}<details class='rq-more'><summary>展开</summary>{escape_text(rest)}</details>"


def answer_html(answer: Answer, reports: dict[str, ReportRow]) -> str:
    """The whole reply: sentence, figure cards (answer first), then the passages to expand."""
    parts = [f"<div class='rq-answer{'' if answer.found else ' rq-missing'}'>{_answer_text(answer)}</div>"]
    for index, hit in enumerate(answer.figures[:4]):
        parts.append(figure_card(hit, reports.get(hit.report_id), main=index == 0))
    if answer.passages:
        label = "相关段落" if answer.found else "最接近的段落"
        blocks = "".join(passage_block(p, i, reports.get(p.chunk.report_id)) for i, p in enumerate(answer.passages[:5], 1))
        parts.append(f"<div class='rq-passages'><div class='rq-label'>{label}</div>{blocks}</div>")
    return "".join(parts)


def tables_html(tables: list[StoredTable]) -> str:
    """A report's rebuilt tables; an unverified one says so, a failed identity is listed under it."""
    out = []
    for table in tables:
        head = "".join(f"<th>{escape_text(c)}</th>" for c in table.columns)
        body = "".join("<tr>" + "".join(f"<td>{escape_text(c)}</td>" for c in row) + "</tr>" for row in table.rows)
        note = "" if table.mapping != "unverified" else "（列未能核实，仅作文本）"
        caption = escape_text(table.caption or "") + (f"（单位：{escape_text(table.unit)}）" if table.unit else "") + note
        failed = "".join(f"<div class='rq-failed'>不符：{escape_text(f.arithmetic)}</div>" for f in table.failed)
        out.append(f"<table class='rq-table'><caption>{caption}</caption><tr>{head}</tr>{body}</table>{failed}")
    return "".join(out) or "<p>（无表格）</p>"


def _overview_value(item: OverviewItem) -> str:
    if item.value is None:
        return f"<span class='rq-missing'>{NOT_STATED}</span>"
    if isinstance(item.value, list):
        return "<ol>" + "".join(f"<li>{escape_text(line)}</li>" for line in item.value) + "</ol>"
    return f"<b>{escape_text(item.written)}</b> {escape_text(item.unit or '')}"


def _overview_quote(item: OverviewItem) -> str:
    if not item.quote or isinstance(item.value, list):
        return ""
    return "<br>" + shown_quote(item.quote, item.kind, item.written)


def overview_html(overview: Overview) -> str:
    """The overview as a table: item, value (or 报告未载明, or a numbered list), its source."""
    title = " · ".join(escape_text(x) for x in (overview.department, overview.year and f"{overview.year}年", overview.type) if x)
    rows = "".join(
        f"<tr><th>{escape_text(item.name)}</th><td>{_overview_value(item)}</td>"
        f"<td class='rq-src'>{escape_text(item.section or '')}{_overview_quote(item)}</td></tr>"
        for item in overview.items
    )
    return (f"<div class='rq-overview'><div class='rq-title'>{title or escape_text(overview.report)}</div>"
            f"<table class='rq-table'><tr><th>项目</th><th>内容</th><th>来源</th></tr>{rows}</table></div>")


def audit_html(findings: list[Finding]) -> str:
    """The audit findings: kind, severity, the arithmetic, each value's quote and section."""
    if not findings:
        return "<div class='rq-audit'>未发现前后不一致的数字（表内勾稽、总数与分项、正文与表格、比率）。</div>"
    items = []
    for finding in findings:
        quotes = "".join(f"<li><q>{escape_text(q)}</q>（{escape_text(s)}）</li>"
                         for q, s in zip(finding.quotes, finding.sections, strict=True))
        items.append(f"<div class='rq-finding rq-{finding.severity}'><b>[{SEVERITY_NAMES[finding.severity]}] "
                     f"{escape_text(AUDIT_KINDS.get(finding.kind, finding.kind))}</b>：{escape_text(finding.arithmetic)}"
                     f"<ul>{quotes}</ul></div>")
    return f"<div class='rq-audit'><div class='rq-title'>发现 {len(findings)} 处不一致</div>{''.join(items)}</div>"


CSS = """
.rq-answer { font-size: 1.05em; margin-bottom: .4em; white-space: pre-line; }
.rq-missing { color: #8a4b00; }
.rq-card { border: 1px solid #d0d7de; border-radius: 8px; padding: .5em .75em; margin: .35em 0; background: #f8fafc; }
.rq-card.rq-main { border-color: #2563eb; background: #eff6ff; }
.rq-value b { font-size: 1.6em; color: #1d4ed8; }
.rq-alt .rq-value b { font-size: 1.1em; color: #334155; }
.rq-metric { font-weight: 600; }
.rq-who, .rq-target { color: #475569; font-size: .9em; }
.rq-cite { color: #334155; font-size: .85em; margin-top: .3em; }
.rq-cite mark { background: #fde68a; padding: 0 .15em; }
.rq-row { border-collapse: collapse; margin-top: .2em; font-size: .95em; }
.rq-row th, .rq-row td { border: 1px solid #cbd5e1; padding: 0 .4em; font-weight: normal; text-align: left; }
.rq-row th { background: #f1f5f9; }
.rq-passages details { margin: .2em 0; }
.rq-passage { white-space: pre-wrap; font-size: .9em; color: #334155; }
.rq-label { font-size: .85em; color: #64748b; margin-top: .4em; }
.rq-table { border-collapse: collapse; margin: .5em 0; font-size: .85em; }
.rq-table td, .rq-table th { border: 1px solid #cbd5e1; padding: .15em .4em; vertical-align: top; text-align: left; }
.rq-table caption { text-align: left; font-weight: 600; }
.rq-src { color: #475569; font-size: .85em; }
.rq-title { font-weight: 600; font-size: 1.05em; margin: .3em 0; }
.rq-failed { color: #b91c1c; font-size: .85em; }
.rq-list { padding-left: 1.8em; margin: .3em 0; }
.rq-finding { border-left: 4px solid #f59e0b; padding: .2em .6em; margin: .4em 0; }
.rq-finding.rq-high { border-color: #dc2626; }
.rq-finding.rq-low { border-color: #94a3b8; }
/* Gradio's chat toolbar (share, clear, copy) floats over the top of the scrolling message list and
   hid the bubble there: the list starts below the toolbar instead, so nothing scrolls under it. */
#rq-chat .bubble-wrap { margin-top: 30px; height: calc(100% - 30px); }
"""
