"""The Gradio assistant: chat with figure cards, a report library, charts. Wiring only: every action
calls a library function; one lock serializes work on the shared store."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr
import pandas as pd

from index.ingest import ingest_paths, remove_report, save_upload
from index.settings import Settings
from index.store import PATH_SEPARATOR
from qa.assistant import Assistant, Conversation, load_assistant
from qa.examples import example_questions
from qa.records import Filters
from qa.retrieve import QuestionError
from ui import charts
from ui.render import CSS, answer_html, escape_text

log = logging.getLogger(__name__)
ALL = "全部"


@dataclass
class AppContext:
    """What the app shares between sessions: the assistant and the lock around store work."""

    settings: Settings
    assistant: Assistant
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.assistant.retriever.store


def _loaded_summary(ctx: AppContext) -> str:
    reports = list(ctx.assistant.reports.values())
    if not reports:
        return "尚未载入报告：请在“报告库”上传。"
    names = "、".join(f"{r.department or r.name}（{r.fiscal_year or '?'}）" for r in reports[:8])
    more = f" 等 {len(reports)} 份" if len(reports) > 8 else f"，共 {len(reports)} 份"
    return f"已载入：{names}{more}"


def _reports_frame(ctx: AppContext) -> pd.DataFrame:
    rows = [
        {"报告": r.name, "部门": r.department or "", "年度": r.fiscal_year or "", "类型": r.eval_type or "",
         "得分/等次": " ".join(x for x in (r.score and f"{r.score}分", r.grade) if x), "数字": r.n_figures,
         "段落": r.n_chunks, "入库时间": r.ingested_at, "id": r.id}
        for r in ctx.assistant.reports.values()
    ]
    return pd.DataFrame(rows, columns=["报告", "部门", "年度", "类型", "得分/等次", "数字", "段落", "入库时间", "id"])


def _choices(ctx: AppContext) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    reports = list(ctx.assistant.reports.values())
    departments = [ALL, *sorted({r.department for r in reports if r.department})]
    years = [ALL, *sorted({str(r.fiscal_year) for r in reports if r.fiscal_year}, reverse=True)]
    report_choices = [(f"{r.department or ''} {r.fiscal_year or ''} · {r.name}", r.id) for r in reports]
    return departments, years, report_choices


def chat_turn(
    ctx: AppContext, message: str, history: list[dict[str, str]] | None, conversation: Conversation | None,
    department: str = ALL, year: str = ALL,
) -> tuple[list[dict[str, str]], Conversation]:
    """One exchange: the user's message and the assistant's HTML reply appended to this session's history.
    The conversation (follow-up slots) belongs to the browser session that passed it in."""
    conversation = conversation if conversation is not None else Conversation()
    history = [*(history or []), {"role": "user", "content": message}]
    filters = Filters(department=None if department == ALL else department,
                      year=None if year in (ALL, None, "") else int(year))
    try:
        with ctx.lock:
            answer = ctx.assistant.ask(message, conversation=conversation, filters=filters)
        reply = answer_html(answer, ctx.assistant.reports)
    except QuestionError as exc:
        reply = f"<div class='rq-answer rq-missing'>请输入问题：{escape_text(exc)}</div>"
    history.append({"role": "assistant", "content": reply})
    return history, conversation


def figures_frame(ctx: AppContext, report_id: str | None) -> pd.DataFrame:
    columns = ["指标", "数值", "单位", "单位/机构", "列/限定", "年度", "类型", "章节", "原文"]
    if not report_id:
        return pd.DataFrame(columns=columns)
    with ctx.lock:
        figures = ctx.store.figures(report=report_id)
    return pd.DataFrame(
        [[f.figure.metric, f.figure.value, f.figure.unit or "", f.figure.entity or "", f.figure.qualifier or "",
          f.figure.year or "", f.figure.kind, PATH_SEPARATOR.join(f.figure.section), f.figure.quote] for f in figures],
        columns=columns,
    )


def export_figures(ctx: AppContext, report_id: str | None, kind: str) -> Path | None:
    """A report's figures as CSV (UTF-8 with BOM, for Excel) or XLSX under data/exports/."""
    frame = figures_frame(ctx, report_id)
    if not report_id or frame.empty:
        return None
    folder = ctx.settings.data / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"figures-{report_id}.{'csv' if kind == 'csv' else 'xlsx'}"
    if kind == "csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        frame.to_excel(path, index=False)
    return path


def build_app(settings: Settings, *, assistant: Assistant | None = None) -> gr.Blocks:
    """The whole UI over one data folder."""
    ctx = AppContext(settings, assistant or load_assistant(settings, shared=True))
    departments, years, report_choices = _choices(ctx)

    def respond(message: str, history: list, conversation: Conversation | None, department: str, year: str):  # type: ignore[no-untyped-def]
        history, conversation = chat_turn(ctx, message, history, conversation, department, year)
        return "", history, conversation

    def clear():  # type: ignore[no-untyped-def]
        return [], Conversation()

    def upload(files: list | None, progress=gr.Progress(track_tqdm=True)):  # type: ignore[no-untyped-def]  # noqa: B008
        if not files:
            return "请选择文件。", *_refresh()
        if len(files) > settings.max_upload_files:
            return f"一次最多上传 {settings.max_upload_files} 个文件（本次 {len(files)} 个）。", *_refresh()
        lines = []
        paths = []
        for item in files:
            source = Path(item if isinstance(item, str) else item.name)
            name = getattr(item, "orig_name", None) or source.name
            paths.append(save_upload(settings, name, source.read_bytes()))
        with ctx.lock:
            results = ingest_paths(paths, settings, progress=True, embedder=ctx.assistant.retriever.embedder)
            ctx.assistant.reload()
        for result in results:
            shown = Path(result.path).name
            if result.ok:
                verb = "已替换" if result.replaced else "已入库"
                lines.append(f"✓ {shown}：{verb}（{result.department or '?'} {result.fiscal_year or '?'}，"
                             f"{result.figures} 个数字，{result.chunks} 个段落）")
            else:
                lines.append(f"✗ {shown}：{result.error}")
        return "\n".join(lines), *_refresh()

    def delete(report_id: str | None, confirmed: bool):  # type: ignore[no-untyped-def]
        if not report_id:
            return "请选择要删除的报告。", *_refresh()
        if not confirmed:
            return "请先勾选“确认删除”。", *_refresh()
        with ctx.lock:
            row = remove_report(settings, report_id, embedder=ctx.assistant.retriever.embedder)
            ctx.assistant.reload()
        return f"已删除：{row.name}", *_refresh()

    def _refresh():  # type: ignore[no-untyped-def]
        deps, yrs, reps = _choices(ctx)
        return (
            _reports_frame(ctx), gr.update(choices=reps, value=None), gr.update(choices=reps, value=None),
            gr.update(choices=deps), gr.update(choices=yrs), _loaded_summary(ctx),
            gr.update(choices=reps, value=None),
        )

    def open_report(report_id: str | None):  # type: ignore[no-untyped-def]
        if not report_id:
            return "", "", figures_frame(ctx, None)
        with ctx.lock:
            sections = ctx.store.sections(report_id)
            tables = ctx.store.tables(report_id)
        outline = "\n".join(f"{'  ' * (level - 1)}- {path[-1]}" for path, level in sections) or "（无章节）"
        html_tables = []
        for table in tables:
            head = "".join(f"<th>{escape_text(c)}</th>" for c in table.columns)
            body = "".join("<tr>" + "".join(f"<td>{escape_text(c)}</td>" for c in row) + "</tr>" for row in table.rows)
            note = "" if table.mapping != "unverified" else "（列未能核实，仅作文本）"
            caption = escape_text(table.caption or "") + (f"（单位：{escape_text(table.unit)}）" if table.unit else "") + note
            html_tables.append(f"<table class='rq-table'><caption>{caption}</caption><tr>{head}</tr>{body}</table>")
        return outline, "".join(html_tables), figures_frame(ctx, report_id)

    def export(report_id: str | None, kind: str):  # type: ignore[no-untyped-def]
        path = export_figures(ctx, report_id, kind)
        return str(path) if path else None

    def draw(report_id: str | None):  # type: ignore[no-untyped-def]
        if not report_id:
            return None, None, None
        with ctx.lock:
            budget = charts.budget_vs_actual(ctx.store, report_id)
            pies = charts.compositions(ctx.store, report_id)
        return budget, (pies[0] if pies else None), (pies[1] if len(pies) > 1 else None)

    def trend_metrics(department: str | None):  # type: ignore[no-untyped-def]
        if not department or department == ALL:
            return gr.update(choices=[], value=None)
        with ctx.lock:
            metrics = charts.metrics_with_years(ctx.store, department)
        return gr.update(choices=metrics, value=metrics[0] if metrics else None)

    def trend(department: str | None, metric: str | None):  # type: ignore[no-untyped-def]
        if not department or not metric:
            return None
        with ctx.lock:
            return charts.metric_over_years(ctx.store, department, metric)

    with gr.Blocks(title="reportqa · 绩效评价报告问答") as demo:
        gr.Markdown("## reportqa · 绩效评价报告问答")
        summary = gr.Markdown(_loaded_summary(ctx), elem_id="rq-loaded")
        conversation = gr.State(None)
        with gr.Tab("问答", elem_id="rq-tab-chat"):
            with gr.Row():
                department = gr.Dropdown(departments, value=ALL, label="部门", scale=2)
                year = gr.Dropdown(years, value=ALL, label="年度", scale=1)
            chatbot = gr.Chatbot(height=520, elem_id="rq-chat", sanitize_html=True, render_markdown=False,
                                 placeholder="问一个关于报告的问题，例如：去年向上争取了多少资金？")
            with gr.Row():
                box = gr.Textbox(placeholder="输入问题，回车发送", show_label=False, scale=6, elem_id="rq-question")
                send = gr.Button("发送", variant="primary", scale=1, elem_id="rq-send")
                reset = gr.Button("清空对话", scale=1, elem_id="rq-clear")
            with ctx.lock:
                examples = example_questions(ctx.store)
            if examples:
                gr.Examples(examples=[[q] for q in examples], inputs=[box], label="示例问题")
            send.click(respond, [box, chatbot, conversation, department, year], [box, chatbot, conversation])
            box.submit(respond, [box, chatbot, conversation, department, year], [box, chatbot, conversation])
            reset.click(clear, None, [chatbot, conversation])
        with gr.Tab("报告库", elem_id="rq-tab-library"):
            table = gr.Dataframe(_reports_frame(ctx), interactive=False, label="已入库的报告", elem_id="rq-reports")
            with gr.Row():
                files = gr.File(file_count="multiple", file_types=[".txt", ".docx", ".pdf", ".html", ".htm"],
                                label="上传报告（txt / docx / pdf / html，可多选）", elem_id="rq-upload")
                with gr.Column():
                    ingest_button = gr.Button("入库", variant="primary", elem_id="rq-ingest")
                    upload_result = gr.Textbox(label="入库结果", lines=4, elem_id="rq-upload-result")
            with gr.Row():
                to_delete = gr.Dropdown(report_choices, label="删除报告", elem_id="rq-delete-choice")
                confirm = gr.Checkbox(label="确认删除", elem_id="rq-delete-confirm")
                delete_button = gr.Button("删除", variant="stop", elem_id="rq-delete")
            delete_result = gr.Markdown(elem_id="rq-delete-result")
            to_open = gr.Dropdown(report_choices, label="打开报告", elem_id="rq-open")
            with gr.Row():
                outline = gr.Markdown(label="章节", elem_id="rq-outline")
                tables_html = gr.HTML(elem_id="rq-tables")
            figures = gr.Dataframe(figures_frame(ctx, None), interactive=False, label="数字（可搜索、排序）",
                                   show_search="search", elem_id="rq-figures")
            with gr.Row():
                csv_button = gr.Button("导出 CSV", elem_id="rq-export-csv")
                xlsx_button = gr.Button("导出 XLSX", elem_id="rq-export-xlsx")
                download = gr.File(label="下载", elem_id="rq-download")
        with gr.Tab("图表", elem_id="rq-tab-charts"):
            with gr.Row():
                chart_report = gr.Dropdown(report_choices, label="报告", elem_id="rq-chart-report", scale=4)
                draw_button = gr.Button("绘制", elem_id="rq-draw", scale=1)
            budget_plot = gr.Plot(label="预算与执行")
            with gr.Row():
                pie_one = gr.Plot(label="构成")
                pie_two = gr.Plot(label="构成")
            with gr.Row():
                trend_department = gr.Dropdown(departments, label="部门（多年）", elem_id="rq-trend-department")
                trend_metric = gr.Dropdown([], label="指标", elem_id="rq-trend-metric")
                trend_button = gr.Button("显示", elem_id="rq-trend")
            trend_plot = gr.Plot(label="逐年变化")
            chart_report.change(draw, [chart_report], [budget_plot, pie_one, pie_two])
            draw_button.click(draw, [chart_report], [budget_plot, pie_one, pie_two])
            trend_department.change(trend_metrics, [trend_department], [trend_metric])
            trend_metric.change(trend, [trend_department, trend_metric], [trend_plot])
            trend_button.click(trend, [trend_department, trend_metric], [trend_plot])
        refreshed = [table, to_delete, to_open, department, year, summary, chart_report]
        ingest_button.click(upload, [files], [upload_result, *refreshed])
        delete_button.click(delete, [to_delete, confirm], [delete_result, *refreshed])
        to_open.change(open_report, [to_open], [outline, tables_html, figures])
        csv_button.click(lambda r: export(r, "csv"), [to_open], [download])
        xlsx_button.click(lambda r: export(r, "xlsx"), [to_open], [download])
    return demo


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None) -> None:
    """Start the app; Ctrl-C stops it. Only the data folder's uploads and exports are ever served."""
    demo = build_app(settings)
    log.info("serving %s on http://%s:%d%s", settings.data, host, port, " with a password" if auth else "")
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host, server_port=port, css=CSS + TABLE_CSS, show_error=True, quiet=False, auth=auth,
        max_file_size=settings.max_file_bytes, allowed_paths=[str(settings.data / "exports")],
    )


TABLE_CSS = """
.rq-table { border-collapse: collapse; margin: .5em 0; font-size: .85em; }
.rq-table td, .rq-table th { border: 1px solid #cbd5e1; padding: .15em .4em; }
.rq-table caption { text-align: left; font-weight: 600; }
"""
