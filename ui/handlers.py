"""What the UI's events do, as plain typed functions of the app's context: ask, upload, delete, open
a report (overview, audit, outline, tables, figures), export, draw. `ui/app.py` only wires them to
components; these never touch Gradio beyond the progress bar, so they are tested without a browser.

Every view that several components show is one dataclass (`LibraryView`, `ReportView`), turned into
component updates in one place in the app, by field name.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from index.ingest import StepReport, ingest_paths, remove_report, save_upload
from index.settings import Settings
from index.store.rows import PATH_SEPARATOR, ReportRow, section_label
from index.store.sqlite import Store
from qa.assistant import Assistant
from qa.audit import audit_report
from qa.compose import report_label
from qa.overview import build_overview
from qa.question_parser import QuestionError
from qa.records import Answer, Filters
from qa.understand import Conversation
from ui import charts
from ui.render import (
    FIGURE_KIND_NAMES,
    answer_html,
    audit_html,
    escape_text,
    local_time,
    overview_html,
    tables_html,
)
from ui.workers import AnswerWorkers

log = logging.getLogger(__name__)
ALL = "全部"
FIGURE_COLUMNS = ["指标", "数值", "单位", "单位/机构", "列/限定", "年度", "类型", "章节", "原文"]
REPORT_COLUMNS = ["报告", "部门", "年度", "类型", "得分/等次", "数字", "段落", "入库时间", "编号"]


@dataclass
class AppContext:
    """What the app shares between sessions: the assistant, and the lock that lets one writer (an
    upload, a removal) at a time change the archive. Readers take no lock: each thread reads the store
    through its own connection, and a new search-index generation is switched in by one assignment."""

    settings: Settings
    assistant: Assistant
    workers: AnswerWorkers | None = None  # answering processes; None answers in this process
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def store(self) -> Store:
        return self.assistant.retriever.store

    def ask(self, message: str, conversation: Conversation, filters: Filters) -> tuple[Answer, Conversation]:
        """One question, answered by a worker process when there are some, else here; either way after
        catching up with a report another process (`reportqa ingest`, another server) ingested."""
        self._follow_other_writers()
        if self.workers is not None:
            return self.workers.ask(message, conversation, filters)
        return self.assistant.ask(message, conversation=conversation, filters=filters), conversation

    def _follow_other_writers(self) -> None:
        """A report ingested by another process (`reportqa ingest`, another server) is answered by the
        workers at once; this process then needs its names too, to show the answer's sources."""
        if self.assistant.retriever.behind():
            with self.write_lock:
                if self.assistant.retriever.behind():
                    self.assistant.reload()


@dataclass(frozen=True)
class LibraryView:
    """Everything that changes when the library changes: the table, the report pickers, the filters."""

    reports: pd.DataFrame
    report_choices: list[tuple[str, str]]
    departments: list[str]
    years: list[str]
    doc_types: list[str]
    summary: str


def _summary(reports: list[ReportRow]) -> str:
    if not reports:
        return "尚未载入报告：请在“报告库”上传。"
    names = "、".join(f"{r.department or r.name}（{r.fiscal_year or '?'}）" for r in reports[:8])
    more = f" 等 {len(reports)} 份" if len(reports) > 8 else f"，共 {len(reports)} 份"
    return f"已载入：{names}{more}"


def reports_frame(reports: list[ReportRow]) -> pd.DataFrame:
    rows = [
        {"报告": r.name, "部门": r.department or "", "年度": r.fiscal_year or "", "类型": r.kind or "",
         "得分/等次": " ".join(x for x in (r.score and f"{r.score}分", r.grade) if x), "数字": r.n_figures,
         "段落": r.n_chunks, "入库时间": local_time(r.ingested_at), "编号": r.id}
        for r in reports
    ]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def library_view(ctx: AppContext, doc_type: str | None = ALL) -> LibraryView:
    """The library as it stands — read again when another process (an upload through another server, a
    `reportqa ingest`) changed it; the table shows only `doc_type` unless it is 全部."""
    if ctx.assistant.retriever.behind():
        with ctx.write_lock:
            ctx.assistant.reload()
    reports = list(ctx.assistant.reports.values())
    shown = [r for r in reports if doc_type in (None, "", ALL) or r.kind == doc_type]
    return LibraryView(
        reports=reports_frame(shown),
        report_choices=[(f"{r.department or ''} {r.fiscal_year or ''} {r.kind or ''} · {r.name}", r.id) for r in reports],
        departments=[ALL, *sorted({r.department for r in reports if r.department})],
        years=[ALL, *sorted({str(r.fiscal_year) for r in reports if r.fiscal_year}, reverse=True)],
        doc_types=[ALL, *sorted({r.kind for r in reports if r.kind})],
        summary=_summary(reports),
    )


def chat_turn(
    ctx: AppContext, message: str, history: list[dict[str, str]] | None, conversation: Conversation | None,
    department: str = ALL, year: str = ALL, doc_type: str = ALL,
) -> tuple[list[dict[str, str]], Conversation]:
    """One exchange: the user's message and the assistant's HTML reply appended to this session's history.
    The conversation (follow-up slots) belongs to the browser session that passed it in."""
    conversation = conversation if conversation is not None else Conversation()
    history = [*(history or []), {"role": "user", "content": message}]
    filters = Filters(department=None if department in (ALL, None, "") else department,
                      year=None if year in (ALL, None, "") else int(year),
                      doc_type=None if doc_type in (ALL, None, "") else doc_type)
    chart = None
    try:
        answer, conversation = ctx.ask(message, conversation, filters)
        reply = answer_html(answer, ctx.assistant.reports)
        chart = series_chart(answer, ctx.assistant.reports)
    except QuestionError as exc:
        reply = f"<div class='rq-answer rq-missing'>{escape_text(exc)}</div>"
    history.append({"role": "assistant", "content": reply})
    if chart is not None:  # drawn under the answer (ui/app.py shows a figure in the chat as a plot)
        history.append({"role": "assistant", "content": chart})
    return history, conversation


def series_chart(answer: Answer, reports: dict[str, ReportRow]) -> go.Figure | None:
    """A department's figure year by year (某单位近三年的…) drawn as a line: each point a claimed figure of
    that year's report, its source on hover. None for any other answer, or fewer than two years."""
    if answer.across != "series" or not answer.found:
        return None
    points = []
    for hit in answer.figures:
        report = reports.get(hit.report_id)
        year = hit.figure.year or (report.fiscal_year if report else None)
        if year is not None and hit.figure.number is not None:
            points.append(charts.YearPoint(year, hit.figure.number, hit.figure.unit,
                                           f"{report_label(report, hit.report)} › {section_label(hit.figure.section)}"))
    department = next((r.department for h in answer.figures if (r := reports.get(h.report_id)) and r.department), "")
    return charts.trend_chart(f"{department}{answer.figures[0].figure.metric}", points)


def upload_step(done: int, total: int, name: str | None) -> tuple[float, str]:
    """What the page shows while an upload is ingested: (share done, 文件 2/3：解析 x.pdf / 建索引)."""
    if name is None:
        return done / (total + 1), f"文件 {total}/{total} 已解析：正在建索引（计算向量）…"
    return done / (total + 1), f"文件 {done + 1}/{total}：正在解析 {name} …"


def upload_reports(ctx: AppContext, files: Sequence[Path | str], names: Sequence[str],
                   on_step: StepReport | None = None) -> tuple[str, LibraryView]:
    """Save the uploaded files under the data folder and ingest them; one line per file."""
    settings = ctx.settings
    if not files:
        return "请选择文件。", library_view(ctx)
    if len(files) > settings.max_upload_files:
        return f"一次最多上传 {settings.max_upload_files} 个文件（本次 {len(files)} 个）。", library_view(ctx)
    paths = [save_upload(settings, name, Path(source).read_bytes()) for source, name in zip(files, names, strict=True)]
    with ctx.write_lock:
        results = ingest_paths(paths, settings, progress=False, embedder=ctx.assistant.retriever.embedder,
                               on_step=on_step)
        ctx.assistant.reload()
    lines = []
    for result in results:
        shown = Path(result.path).name
        if result.ok:
            verb = "已替换" if result.replaced else "已入库"
            lines.append(f"✓ {shown}：{verb}（{result.department or '?'} {result.fiscal_year or '?'}，"
                         f"{result.figures} 个数字，{result.chunks} 个段落）")
        else:
            lines.append(f"✗ {shown}：{result.error}")
    return "\n".join(lines), library_view(ctx)


def delete_report(ctx: AppContext, report_id: str | None, confirmed: bool) -> tuple[str, LibraryView]:
    if not report_id:
        return "请选择要删除的报告。", library_view(ctx)
    if not confirmed:
        return "请先勾选“确认删除”。", library_view(ctx)
    with ctx.write_lock:
        row = remove_report(ctx.settings, report_id, embedder=ctx.assistant.retriever.embedder)
        ctx.assistant.reload()
    return f"已删除：{row.name}", library_view(ctx)


def figures_frame(ctx: AppContext, report_id: str | None) -> pd.DataFrame:
    if not report_id:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    figures = ctx.store.figures(report=report_id)
    return pd.DataFrame(
        [[f.figure.metric, f.figure.value, f.figure.unit or "", f.figure.entity or "", f.figure.qualifier or "",
          f.figure.year or "", FIGURE_KIND_NAMES.get(f.figure.kind, f.figure.kind), PATH_SEPARATOR.join(f.figure.section), f.figure.quote] for f in figures],
        columns=FIGURE_COLUMNS,
    )


@dataclass(frozen=True)
class ReportView:
    """One opened report: its overview, audit, outline, tables and figures."""

    overview: str
    audit: str
    outline: str
    tables: str
    figures: pd.DataFrame


EMPTY_REPORT = ReportView("", "", "", "", pd.DataFrame(columns=FIGURE_COLUMNS))


def open_report(ctx: AppContext, report_id: str | None) -> ReportView:
    if not report_id:
        return EMPTY_REPORT
    overview = build_overview(ctx.assistant, ctx.store, report_id)
    findings = audit_report(ctx.store, report_id)
    sections = ctx.store.sections(report_id)
    tables = ctx.store.tables(report_id)
    outline = "\n".join(f"{'  ' * (level - 1)}- {path[-1]}" for path, level in sections) or "（无章节）"
    return ReportView(overview_html(overview), audit_html(findings), outline, tables_html(tables),
                      figures_frame(ctx, report_id))


def _export_folder(ctx: AppContext) -> Path:
    folder = ctx.settings.data / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_figures(ctx: AppContext, report_id: str | None, kind: str) -> Path | None:
    """A report's figures as CSV (UTF-8 with BOM, for Excel) or XLSX under data/exports/."""
    frame = figures_frame(ctx, report_id)
    if not report_id or frame.empty:
        return None
    path = _export_folder(ctx) / f"figures-{report_id}.{'csv' if kind == 'csv' else 'xlsx'}"
    if kind == "csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        frame.to_excel(path, index=False)
    return path


def export_brief(ctx: AppContext, report_id: str | None) -> Path | None:
    """The report's one-page Word brief (overview and audit) under data/exports/."""
    if not report_id:
        return None
    from ui.brief import write_brief  # python-docx only when a brief is asked for

    overview = build_overview(ctx.assistant, ctx.store, report_id)
    findings = audit_report(ctx.store, report_id)
    # One folder per report: two reports of one department and year keep their own brief.
    folder = _export_folder(ctx) / report_id
    folder.mkdir(exist_ok=True)
    return write_brief(overview, findings, folder / brief_file_name(overview.department, overview.year, overview.report))


_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


def brief_file_name(department: str | None, year: int | None, report: str) -> str:
    """`岳阳市科学技术局-2021-报告概览.docx`: what the download is called (the file's own name stands in for
    a department the report does not state)."""
    who = _UNSAFE_IN_FILE_NAMES.sub("", department or Path(report).stem) or "报告"
    return "-".join([who, *([str(year)] if year else []), "报告概览.docx"])


@dataclass(frozen=True)
class ReportCharts:
    """What the 图表 tab draws for one report, and in one sentence why a panel is left out (a panel with
    nothing to draw is hidden, never shown empty)."""

    budget: go.Figure | None = None
    compositions: tuple[go.Figure, ...] = ()
    note: str = ""


def draw(ctx: AppContext, report_id: str | None) -> ReportCharts:
    """Budget against actual, and up to two compositions, of one report."""
    if not report_id:
        return ReportCharts(note="请选择一份报告。")
    report = ctx.store.find_report(report_id)
    # A budget document states what is planned, nothing executed: bars of its columns would read as an
    # execution rate it cannot have.
    budget_only = report.is_budget_document
    budget = None if budget_only else charts.budget_vs_actual(ctx.store, report_id)
    pies = tuple(charts.compositions(ctx.store, report_id))
    notes = []
    if budget_only:
        notes.append("这是预算文件，只列预算数、没有执行数，因此不画“预算与执行”。")
    elif budget is None:
        notes.append("报告中没有一张同时列出预算数和执行（决算、实际）数的表，因此不画“预算与执行”。")
    if not pies:
        notes.append("报告的表中没有核对相符的“合计 = 各分项之和”，因此不画构成。")
    return ReportCharts(budget, pies, "".join(notes))


def trend_metrics(ctx: AppContext, department: str | None) -> list[str]:
    if not department or department == ALL:
        return []
    return charts.metrics_with_years(ctx.store, department)


def trend_note(ctx: AppContext, department: str | None, metrics: Sequence[str]) -> str:
    """Why the year trend is empty, when it is."""
    if not department or department == ALL:
        return "请选择一个部门。"
    if metrics:
        return ""
    years = sorted({r.fiscal_year for r in ctx.assistant.reports.values() if r.department == department and r.fiscal_year})
    if len(years) < 2:
        loaded = f"（{years[0]}年）" if years else ""
        return f"报告库中{department}只有一个年度的报告{loaded}，逐年变化需要至少两个年度。"
    return f"{department}的{len(years)}个年度的报告中没有同一指标在两年都载明的数字。"


@dataclass(frozen=True)
class Trend:
    """The year trend of one metric: its chart (None under two claimed years) and a sentence naming the
    years whose report the engine found no claimed value in."""

    chart: go.Figure | None
    note: str


def trend(ctx: AppContext, department: str | None, metric: str | None) -> Trend:
    """Each year's value asked of that year's report as a chat question is (`局机关公务接待费是多少？`
    scoped to the report) and drawn only when the engine claims it: a chart shows no number an answer
    would refuse. A year stated by two reports (a 自评 and a 决算) takes the first claimed."""
    if not department or not metric:
        return Trend(None, "")
    name, entity = charts.split_choice(metric)
    question = f"{entity or ''}{name}是多少？"
    reports = sorted((r for r in ctx.assistant.reports.values() if r.department == department and r.fiscal_year),
                     key=lambda r: (r.fiscal_year, r.id))
    points: dict[int, charts.YearPoint] = {}
    for report in reports:
        if report.fiscal_year in points:
            continue
        answer = ctx.assistant.ask(question, filters=Filters(report=report.id))
        claimed = answer.figures[0].figure if answer.found and answer.figures else None
        if claimed is not None and claimed.number is not None:
            points[report.fiscal_year] = charts.YearPoint(  # type: ignore[index]
                report.fiscal_year, claimed.number, claimed.unit, section_label(claimed.section))  # type: ignore[arg-type]
    unstated = sorted({r.fiscal_year for r in reports} - set(points))  # type: ignore[type-var]
    chart = charts.trend_chart(f"{department} {metric}", list(points.values()))
    note = f"{'、'.join(f'{y}年' for y in unstated)}的报告中没有找到可以确认的“{metric}”，图中不画这些年。" if unstated else ""
    if chart is None:
        note += f"能确认“{metric}”的年度不足两个，不画逐年变化。"
    return Trend(chart, note)
