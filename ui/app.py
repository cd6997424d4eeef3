"""The Gradio assistant: chat with figure cards, a report library with each report's overview, audit,
outline, tables and figures, charts. Wiring only: every event calls a function of `ui/handlers.py`."""

from __future__ import annotations

import logging
import os
import signal
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
import plotly.graph_objects as go

from index.settings import Settings
from qa.assistant import Assistant, load_assistant
from qa.examples import example_questions
from qa.understand import Conversation
from ui import handlers
from ui.handlers import ALL, AppContext, LibraryView, ReportView
from ui.render import CSS
from ui.workers import AnswerWorkers

log = logging.getLogger(__name__)

# Gradio's own texts in Chinese whatever the browser's language (its upload box says "Drop File Here"
# to an English browser); the keys are Gradio's translation keys.
CHINESE = {"upload_text.drop_file": "将文件拖放到此处", "upload_text.click_to_upload": "点击上传",
           "common.or": "或", "common.complete": "完成", "common.loading": "加载中"}
I18N = gr.I18n(**{locale: CHINESE for locale in ("en", "zh-CN", "zh")})
# The figures table's search box has an English placeholder Gradio does not translate (Search...): set
# it in Chinese whenever the table is drawn.
CHINESE_PLACEHOLDERS = """<script>
new MutationObserver(() => {
  for (const box of document.querySelectorAll('input.search-input')) {
    if (box.placeholder !== '搜索…') box.placeholder = '搜索…';
  }
}).observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeFilter: ['placeholder']});
</script>"""


def respond(ctx: AppContext, message: str, history: list, conversation: Conversation | None, department: str,
            year: str, doc_type: str) -> tuple[str, list, Conversation]:
    history, conversation = handlers.chat_turn(ctx, message, history, conversation, department, year, doc_type)
    # A chart the answer draws (a department's figure year by year) is shown in the chat as a plot.
    shown = [{**m, "content": gr.Plot(m["content"])} if isinstance(m.get("content"), go.Figure) else m for m in history]
    return "", shown, conversation


def _uploaded(files: list | None) -> tuple[list[str], list[str]]:
    """Gradio's temporary paths of the uploaded files and the names they had on the user's machine."""
    items = files or []
    paths = [item if isinstance(item, str) else item.name for item in items]
    names = [getattr(item, "orig_name", None) or Path(path).name for item, path in zip(items, paths, strict=True)]
    return paths, names


def _download(path: Path | None) -> str | None:
    """A file for the download box (Gradio takes its path as a string)."""
    return str(path) if path else None


SHOW_LATEST_ANSWER = """() => {
  const answers = document.querySelectorAll('#rq-chat .rq-answer');
  if (answers.length) answers[answers.length - 1].scrollIntoView({block: 'start'});
}"""


def build_app(settings: Settings, *, assistant: Assistant | None = None, workers: AnswerWorkers | None = None) -> gr.Blocks:
    """The whole UI over one data folder; questions go to `workers` when given."""
    ctx = AppContext(settings, assistant or load_assistant(settings, shared=True), workers)
    first = handlers.library_view(ctx)
    # Report pickers start empty (value=None): Gradio would otherwise show the first report as chosen
    # while nothing of it is shown, and choosing it again fires no change.

    with gr.Blocks(title="reportqa · 绩效评价报告问答") as demo:
        gr.Markdown("## 绩效评价报告问答")
        summary = gr.Markdown(first.summary, elem_id="rq-loaded")
        conversation = gr.State(None)
        with gr.Tab("问答", elem_id="rq-tab-chat"):
            with gr.Row():
                department = gr.Dropdown(first.departments, value=ALL, label="部门", scale=2, elem_id="rq-department")
                year = gr.Dropdown(first.years, value=ALL, label="年度", scale=1, elem_id="rq-year")
                doc_type = gr.Dropdown(first.doc_types, value=ALL, label="类型", scale=1, elem_id="rq-doc-type")
            chatbot = gr.Chatbot(height=520, label="问答", elem_id="rq-chat", sanitize_html=True, render_markdown=False,
                                 autoscroll=False,  # SHOW_LATEST_ANSWER scrolls to the answer itself
                                 placeholder="问一个关于报告的问题，例如：去年向上争取了多少资金？")
            with gr.Row():
                box = gr.Textbox(placeholder="输入问题，回车发送", label="问题", show_label=False, scale=6, elem_id="rq-question")
                send = gr.Button("发送", variant="primary", scale=1, elem_id="rq-send")
                reset = gr.Button("清空对话", scale=1, elem_id="rq-clear")
            examples = example_questions(ctx.store)
            if examples:
                gr.Examples(examples=[[q] for q in examples], inputs=[box], label="示例问题")
        with gr.Tab("报告库", elem_id="rq-tab-library"):
            library_type = gr.Dropdown(first.doc_types, value=ALL, label="按类型筛选", elem_id="rq-library-type")
            table = gr.Dataframe(first.reports, interactive=False, label="已入库的报告", elem_id="rq-reports")
            with gr.Row():
                files = gr.File(file_count="multiple", file_types=[".txt", ".docx", ".pdf", ".html", ".htm"],
                                label="上传报告（txt / docx / pdf / html，可多选）", elem_id="rq-upload")
                with gr.Column():
                    ingest_button = gr.Button("入库", variant="primary", elem_id="rq-ingest")
                    upload_result = gr.Textbox(label="入库结果", lines=4, elem_id="rq-upload-result")
            with gr.Row():
                to_delete = gr.Dropdown(first.report_choices, value=None, label="删除报告", elem_id="rq-delete-choice")
                confirm = gr.Checkbox(label="确认删除", elem_id="rq-delete-confirm")
                delete_button = gr.Button("删除", variant="stop", elem_id="rq-delete")
            delete_result = gr.Markdown(elem_id="rq-delete-result")
            with gr.Row():
                to_open = gr.Dropdown(first.report_choices, value=None, label="打开报告", elem_id="rq-open", scale=4)
                brief_button = gr.Button("下载概览简报（.docx）", elem_id="rq-brief", scale=1)
            with gr.Tab("概览", elem_id="rq-view-overview"):
                overview = gr.HTML(elem_id="rq-overview")
            with gr.Tab("一致性检查", elem_id="rq-view-audit"):
                audit = gr.HTML(elem_id="rq-audit")
            with gr.Tab("章节与表格", elem_id="rq-view-outline"):
                with gr.Row():
                    outline = gr.Markdown(label="章节", elem_id="rq-outline")
                    tables_html = gr.HTML(elem_id="rq-tables")
            with gr.Tab("数字", elem_id="rq-view-figures"):
                figures = gr.Dataframe(handlers.EMPTY_REPORT.figures, interactive=False, label="数字（可搜索、排序）",
                                       show_search="search", elem_id="rq-figures")
                with gr.Row():
                    csv_button = gr.Button("导出 CSV", elem_id="rq-export-csv")
                    xlsx_button = gr.Button("导出 XLSX", elem_id="rq-export-xlsx")
            download = gr.File(label="下载", elem_id="rq-download")
        with gr.Tab("图表", elem_id="rq-tab-charts"):
            with gr.Row():
                chart_report = gr.Dropdown(first.report_choices, value=None, label="报告", elem_id="rq-chart-report", scale=4)
                draw_button = gr.Button("绘制", elem_id="rq-draw", scale=1)
            chart_note = gr.Markdown("", elem_id="rq-chart-note")
            budget_plot = gr.Plot(label="预算与执行", visible=False)
            with gr.Row():
                pie_one = gr.Plot(label="构成", visible=False)
                pie_two = gr.Plot(label="构成", visible=False)
            with gr.Row():
                trend_department = gr.Dropdown(first.departments, value=None, label="部门（多年）", elem_id="rq-trend-department")
                trend_metric = gr.Dropdown([], label="指标", elem_id="rq-trend-metric")
                trend_button = gr.Button("显示", elem_id="rq-trend")
            trend_note = gr.Markdown("", elem_id="rq-trend-note")
            trend_plot = gr.Plot(label="逐年变化", visible=False)

        # One place maps each view's fields to its components, by name.
        library_outputs = [table, to_delete, to_open, chart_report, department, year, doc_type, library_type,
                           trend_department, summary]

        def library_updates(view: LibraryView) -> dict[Any, Any]:
            reports = gr.update(choices=view.report_choices, value=None)
            return {table: view.reports, to_delete: reports, to_open: reports, chart_report: reports,
                    department: gr.update(choices=view.departments), year: gr.update(choices=view.years),
                    doc_type: gr.update(choices=view.doc_types), library_type: gr.update(choices=view.doc_types, value=ALL),
                    trend_department: gr.update(choices=view.departments), summary: view.summary}

        report_outputs = [overview, audit, outline, tables_html, figures]

        def report_updates(view: ReportView) -> dict[Any, Any]:
            return {overview: view.overview, audit: view.audit, outline: view.outline, tables_html: view.tables,
                    figures: view.figures}

        def upload(files_in: list | None, progress: gr.Progress = gr.Progress()) -> dict[Any, Any]:  # noqa: B008
            def step(done: int, total: int, name: str | None) -> None:
                share, said = handlers.upload_step(done, total, name)
                progress(share, desc=said)

            message, view = handlers.upload_reports(ctx, *_uploaded(files_in), on_step=step)
            return {upload_result: message, **library_updates(view), **report_updates(handlers.EMPTY_REPORT)}

        def delete(report_id: str | None, confirmed: bool) -> dict[Any, Any]:
            message, view = handlers.delete_report(ctx, report_id, confirmed)
            return {delete_result: message, **library_updates(view), **report_updates(handlers.EMPTY_REPORT)}

        ask = partial(respond, ctx)
        chat_inputs = [box, chatbot, conversation, department, year, doc_type]
        # After an answer the answer's first line is brought into view, not the bottom of its passages (on a
        # phone the figure card would be a screen above).
        send.click(ask, chat_inputs, [box, chatbot, conversation], api_name="respond").then(None, js=SHOW_LATEST_ANSWER)
        box.submit(ask, chat_inputs, [box, chatbot, conversation], api_visibility="private").then(None, js=SHOW_LATEST_ANSWER)
        reset.click(lambda: ([], Conversation()), None, [chatbot, conversation])
        library_type.change(lambda kind: handlers.library_view(ctx, kind).reports, [library_type], [table])
        # Progress only on the upload's own message, in its own words (文件 1/2：正在解析 …), not an
        # overlay of the embedding's batches on every view.
        ingest_button.click(upload, [files], [upload_result, *library_outputs, *report_outputs], api_name="upload",
                            show_progress_on=[upload_result])
        # Every page load reads the library as it stands: a report uploaded by another user, through
        # another server or by `reportqa ingest` since the server started is listed after a reload.
        demo.load(lambda: library_updates(handlers.library_view(ctx)), None, library_outputs, api_visibility="private")
        delete_button.click(delete, [to_delete, confirm], [delete_result, *library_outputs, *report_outputs])
        to_open.change(lambda report_id: report_updates(handlers.open_report(ctx, report_id)), [to_open], report_outputs)
        brief_button.click(lambda r: _download(handlers.export_brief(ctx, r)), [to_open], [download])
        csv_button.click(lambda r: _download(handlers.export_figures(ctx, r, "csv")), [to_open], [download])
        xlsx_button.click(lambda r: _download(handlers.export_figures(ctx, r, "xlsx")), [to_open], [download])

        def draw(report_id: str | None) -> list[Any]:
            drawn = handlers.draw(ctx, report_id)
            pies = [*drawn.compositions, None, None][:2]
            return [drawn.note, *(gr.update(value=chart, visible=chart is not None) for chart in (drawn.budget, *pies))]

        charts_out = [chart_note, budget_plot, pie_one, pie_two]
        chart_report.change(draw, [chart_report], charts_out)
        draw_button.click(draw, [chart_report], charts_out)

        def trend_choices(department: str | None) -> list[Any]:
            metrics = handlers.trend_metrics(ctx, department)
            return [gr.update(choices=metrics, value=metrics[0] if metrics else None),
                    handlers.trend_note(ctx, department, metrics), gr.update(visible=bool(metrics))]

        def trend(department: str | None, metric: str | None) -> list[Any]:
            drawn = handlers.trend(ctx, department, metric)
            return [gr.update(value=drawn.chart, visible=drawn.chart is not None), drawn.note]

        trend_department.change(trend_choices, [trend_department], [trend_metric, trend_note, trend_plot])
        trend_metric.change(trend, [trend_department, trend_metric], [trend_plot, trend_note])
        trend_button.click(trend, [trend_department, trend_metric], [trend_plot, trend_note])
    return demo


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None) -> None:
    """Start the app; Ctrl-C stops it. Only the data folder's uploads and exports are ever served."""
    processes = settings.answer_processes if settings.answer_processes is not None else (os.cpu_count() or 1)
    workers = AnswerWorkers(settings, processes) if processes > 0 else None
    demo = build_app(settings, workers=workers)
    if workers is not None:
        workers.start()
    # SIGTERM (a service manager's stop) ends the server as Ctrl-C does, so the workers are shut down.
    signal.signal(signal.SIGTERM, _interrupt)
    log.info("serving %s on http://%s:%d%s", settings.data, host, port, " with a password" if auth else "")
    # Gradio's queue rebuilds a pandas table of its last 10,000 events after every event, for a monitoring
    # page this app does not enable: a cost that grows with the server's uptime (12 % of the web
    # process's CPU a few thousand questions in). Read when the queue is made: rebuilt every 1,000
    # events over the last 1,000 instead, unless the environment says otherwise.
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")
    # Concurrency: enough events in flight to keep every answering process busy while others wait.
    try:
        demo.queue(default_concurrency_limit=max(4, 2 * processes)).launch(
            server_name=host, server_port=port, css=CSS, i18n=I18N, show_error=True, quiet=False, auth=auth,
            max_file_size=settings.max_file_bytes, allowed_paths=[str(settings.data / "exports")],
            footer_links=[],  # Gradio's footer (API, Gradio, settings) speaks English to an English browser
            head=CHINESE_PLACEHOLDERS,
        )
    finally:
        if workers is not None:
            workers.close()
