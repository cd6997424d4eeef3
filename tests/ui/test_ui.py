"""The chat function and the answer cards without a browser: formatting, escaping, per-session memory."""

from __future__ import annotations

import shutil
import time
import typing
from pathlib import Path

import pytest

from index.ingest import ingest_paths
from index.records import FigureKind
from index.settings import Settings
from qa.assistant import load_assistant
from qa.understand import Conversation
from ui.charts import budget_vs_actual, compositions
from ui.handlers import AppContext, brief_file_name, chat_turn, export_figures, figures_frame
from ui.render import FIGURE_KIND_NAMES, escape_text, highlight, local_time

pytestmark = [pytest.mark.slow, pytest.mark.model]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> AppContext:
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(seed_path, corpus / seed_path.name)
    hostile = corpus / "hostile-2022.txt"
    hostile.write_text(
        "<script>alert('x')</script>局2022年度部门整体支出绩效评价报告\n\n单位名称：**粗体**<b>局</b>\n\n"
        "一、概况\n\n全年争取资金<img src=x onerror=alert(1)>1200万元。\n", encoding="utf-8")
    data = tmp_path_factory.mktemp("data")
    settings = Settings.from_env(data=data)
    ingest_paths([corpus], settings, progress=False)
    return AppContext(settings, load_assistant(settings, shared=True))


def test_chat_turn_renders_the_figure_card_and_citation(ctx: AppContext) -> None:
    history, _ = chat_turn(ctx, "2021年向上争取了多少资金？", [], None)
    assert [m["role"] for m in history] == ["user", "assistant"]
    reply = history[1]["content"]
    assert "<b>9783.6</b>" in reply and "万元" in reply and "来源" in reply
    assert "<mark>9783.6</mark>" in reply  # the number highlighted in the quoted sentence
    assert "<details>" in reply  # source passages to expand


def test_each_session_keeps_its_own_follow_ups(ctx: AppContext) -> None:
    alice, bob = Conversation(), Conversation()
    chat_turn(ctx, "局机关的公务接待费是多少？", [], alice)
    chat_turn(ctx, "三公经费合计花了多少？", [], bob)
    history, alice = chat_turn(ctx, "事务中心呢？", [], alice)
    assert "<b>0.28</b>" in history[-1]["content"]  # 事务中心's 公务接待费, not bob's 三公经费
    assert bob.last is not None and "三公" in bob.last.content


def test_reports_text_is_shown_literally(ctx: AppContext) -> None:
    history, _ = chat_turn(ctx, "全年争取资金是多少？", [], None, department="**粗体**<b>局</b>")
    reply = history[-1]["content"]
    assert "<script>" not in reply and "<img" not in reply and "<b>局" not in reply
    assert "&lt;img src=x onerror=alert(1)&gt;" in reply and "&#42;&#42;粗体&#42;&#42;" in reply


def test_empty_message_gets_a_prompt_not_a_crash(ctx: AppContext) -> None:
    history, _ = chat_turn(ctx, "   ", [], None)
    assert "问题是空的或只有标点" in history[-1]["content"] and "empty" not in history[-1]["content"]


def test_escaping_covers_html_and_markdown() -> None:
    assert escape_text("<script>**x**</script>") == "&lt;script&gt;&#42;&#42;x&#42;&#42;&lt;/script&gt;"
    assert highlight("公务接待费实际支出1.46万元", "1.46") == "公务接待费实际支出<mark>1.46</mark>万元"


def test_figures_table_and_charts(ctx: AppContext) -> None:
    seed = next(r for r in ctx.assistant.reports.values() if r.name.startswith("yueyang"))
    frame = figures_frame(ctx, seed.id)
    assert len(frame) == seed.n_figures and {"指标", "数值", "单位", "原文"} <= set(frame.columns)
    assert set(frame["类型"]) <= {"表格", "正文", "表单", "目标与实际", "目标", "计算"} and "表格" in set(frame["类型"])
    budget = budget_vs_actual(ctx.store, seed.id)
    assert budget is not None and {"预算指标", "决算金额"} <= {trace.name for trace in budget.data}
    pies = compositions(ctx.store, seed.id)
    assert pies and list(pies[0].data[0].labels)[:2] == ["上年结转", "公共财政拨款"]
    assert list(pies[0].data[0].values)[:2] == [186.72, 932.66]


def test_metric_over_years_for_a_department_with_two_reports(tmp_path: Path, seed_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = seed_path.read_text(encoding="utf-8")
    (corpus / "2021.txt").write_text(text, encoding="utf-8")
    (corpus / "2020.txt").write_text(text.replace("2021", "2020").replace("9783.6", "8100.5"), encoding="utf-8")
    settings = Settings.from_env(data=tmp_path / "data")
    ingest_paths([corpus], settings, progress=False)
    from ui.handlers import trend, trend_metrics

    two_years = AppContext(settings, load_assistant(settings))
    assert "向上争取资金" in trend_metrics(two_years, "岳阳市科学技术局")
    # Each year's point is the engine's claimed answer in that year's report, with its source on hover.
    drawn = trend(two_years, "岳阳市科学技术局", "向上争取资金")
    assert drawn.chart is not None and drawn.note == ""
    assert list(drawn.chart.data[0].x) == ["2020", "2021"] and list(drawn.chart.data[0].y) == [8100.5, 9783.6]
    sources = list(drawn.chart.data[0].customdata)
    assert len(set(sources)) == 1 and sources[0].startswith(("一、", "三、", "五、")), sources  # the same statement each year
    assert drawn.chart.layout.yaxis.title.text == "万元"
    # A stated change is drawn as the chat claims it (公务接待费比上年降低23.16%, each year).
    change = trend(two_years, "岳阳市科学技术局", "公务接待费比上年降低")
    assert change.chart is not None and list(change.chart.data[0].y) == [23.16, 23.16]
    # A choice the engine claims in neither year is not drawn from the stored figures: the years are named.
    # (The 财政拨款收入 合计 column's figures are refused in the chat, so the chart does not draw them.)
    assert "财政拨款收入 · 合计" in trend_metrics(two_years, "岳阳市科学技术局")
    unclaimed = trend(two_years, "岳阳市科学技术局", "财政拨款收入 · 合计")
    assert unclaimed.chart is None and "2020年、2021年" in unclaimed.note and "不画" in unclaimed.note


def test_figures_export_as_csv_and_xlsx(ctx: AppContext, tmp_path: Path) -> None:
    import pandas as pd

    seed = next(r for r in ctx.assistant.reports.values() if r.name.startswith("yueyang"))
    xlsx, csv = export_figures(ctx, seed.id, "xlsx"), export_figures(ctx, seed.id, "csv")
    assert xlsx is not None and csv is not None and xlsx.parent == ctx.settings.data / "exports"
    back = pd.read_excel(xlsx, dtype=str)
    assert len(back) == seed.n_figures and "9783.6" in set(back["数值"])
    assert "向上争取资金" in csv.read_text(encoding="utf-8-sig")
    assert export_figures(ctx, None, "csv") is None


def test_the_brief_is_named_by_department_and_year() -> None:
    assert brief_file_name("岳阳市科学技术局", 2021, "yueyang.txt") == "岳阳市科学技术局-2021-报告概览.docx"
    # No department stated: the file's own name; characters a file name cannot hold are dropped.
    assert brief_file_name(None, None, "36_yueyang_szcg_2018.txt") == "36_yueyang_szcg_2018-报告概览.docx"
    assert brief_file_name("财政局/预算科 ", 2025, "x.pdf") == "财政局预算科-2025-报告概览.docx"


def test_ingest_times_read_as_a_date_and_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert local_time("2026-12-05T04:13:11+00:00") == "2026-12-05 12:13"
    finally:
        monkeypatch.undo()
        time.tzset()
    assert local_time("未知") == "未知"


def test_every_kind_of_figure_has_a_chinese_name() -> None:
    assert set(typing.get_args(FigureKind)) == set(FIGURE_KIND_NAMES)


def test_upload_progress_is_said_in_chinese() -> None:
    from ui.handlers import upload_step

    assert upload_step(0, 2, "a.pdf") == (0.0, "文件 1/2：正在解析 a.pdf …")
    share, said = upload_step(2, 2, None)
    assert abs(share - 2 / 3) < 1e-9 and said.startswith("文件 2/2 已解析：正在建索引")
