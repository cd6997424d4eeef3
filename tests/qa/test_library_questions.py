"""A library of several reports (the seed, the seed re-dated 2020 with another 向上争取资金, a real 部门预算
PDF): questions about the archive itself, year over year across reports, list questions answered as
whole lists, the report view (overview, audit), the doc-type filter, and the one-page Word brief — on
both backends."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
import pytest
from testdata import DATA

from index.ingest import ingest_paths
from index.settings import Settings
from qa.answerers import across
from qa.assistant import load_assistant
from qa.compose import answer_json
from qa.lists import section_items
from qa.standard_metrics import load_standard_metrics
from ui.handlers import AppContext, chat_turn, library_view, open_report

CAIZHENGJU = DATA / "disclosures" / "shanghai-putuo-2025-caizhengju-bumenyusuan.pdf"


@pytest.fixture(scope="module")
def library_data(tmp_path_factory: pytest.TempPathFactory, seed_path: Path, seeded_template: Path) -> Path:
    # The session's seeded folder, with two more reports ingested into it (the seed is not embedded again).
    corpus = tmp_path_factory.mktemp("library")
    earlier = seed_path.read_text(encoding="utf-8").replace("2021", "2020").replace("9783.6", "8100.5")
    (corpus / "yueyang-2020-kejiju.txt").write_text(earlier, encoding="utf-8")
    shutil.copy(CAIZHENGJU, corpus / CAIZHENGJU.name)
    data = Path(shutil.copytree(seeded_template, tmp_path_factory.mktemp("library-data") / "data"))
    ingest_paths([corpus], Settings.from_env(data=data), progress=False)
    return data


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def ctx(request: pytest.FixtureRequest, library_data: Path, on_backend: Callable[[str, Path], Settings]) -> AppContext:
    """The library on either backend: as ingested in SQLite, or copied into PostgreSQL + pgvector."""
    settings = on_backend(request.param, library_data)
    return AppContext(settings, load_assistant(settings, shared=True))


def _seed_2021(ctx: AppContext) -> str:
    return next(r.id for r in ctx.assistant.reports.values() if r.fiscal_year == 2021)


def test_which_units_have_reports(ctx: AppContext) -> None:
    answer = ctx.assistant.ask("有哪些单位的报告？")
    assert answer.found and answer.wants == "archive"
    assert "2 个单位的 3 份报告" in answer.text
    assert len(answer.items) == 3
    assert answer.items[0].startswith("上海市普陀区财政局 · 2025年 · 部门预算")  # latest first
    assert any(item.startswith("岳阳市科学技术局 · 2020年") for item in answer.items)


def test_which_units_did_a_self_evaluation_in_a_year(ctx: AppContext) -> None:
    answer = ctx.assistant.ask("2021年哪些单位做了自评？")
    assert answer.found and answer.items == ("岳阳市科学技术局 · 2021年 · 整体支出绩效自评"
                                             "（yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt）",)
    none = ctx.assistant.ask("2024年哪些单位做了自评？")
    assert not none.found and "没有符合条件（2024年、自评）的报告" in none.text and not none.figures


def test_how_many_years_a_department_has(ctx: AppContext) -> None:
    answer = ctx.assistant.ask("科技局有几年的报告？")
    assert answer.found and "2 个年度的报告：2020年、2021年" in answer.text
    budgets = ctx.assistant.ask("哪些单位有部门预算报告？")
    assert budgets.found and len(budgets.items) == 1 and budgets.items[0].startswith("上海市普陀区财政局")


def test_report_content_questions_are_not_archive_questions(ctx: AppContext) -> None:
    answer = ctx.assistant.ask("2021年科技型中小企业入库达到多少家？")
    assert answer.wants == "figure"


def test_year_over_year_across_the_department_reports(ctx: AppContext) -> None:
    for question in ("2021年向上争取资金比上年增加了多少万元？", "2021年和2020年比，向上争取资金增加了多少？"):
        answer = ctx.assistant.ask(question)
        assert answer.found, answer.text
        computed, current, earlier = answer.figures[:3]
        assert (computed.figure.value, computed.figure.unit) == ("1683.1", "万元")
        assert "9783.6万元 − 2020年 向上争取资金 8100.5万元 = 1683.1万元（20.78%）" in computed.figure.quote
        reports = ctx.assistant.reports
        assert (reports[current.report_id].fiscal_year, reports[earlier.report_id].fiscal_year) == (2021, 2020)
    # The metric asked, not a near figure that happens to have a 2020 column (三公 合计 1.58 / 2.02).
    income = ctx.assistant.ask("2021年收入合计比上年增长了多少万元？")
    assert income.found and income.figures[0].figure.value == "0.00"
    assert "收入合计 1156.44万元 − 2020年" in income.figures[0].figure.quote


def test_problems_and_measures_answer_as_whole_lists(ctx: AppContext) -> None:
    problems = ctx.assistant.ask("2021年科技局存在哪些问题？")
    assert problems.found and problems.wants == "list"
    assert problems.items == (
        "年初未作预算安排，但本年实际发生了支出的现象，以及其他费用明细项目超支现象的存在，预算的执行有待进一步加强。",
        "本年项目资金结余较大，指标文下达时间状况需要改善，项目追加申请工作的推进和财政相关部门的工作联系需要加强。",
    )
    measures = ctx.assistant.ask("2021年科技局的改进措施有哪些？")
    assert len(measures.items) == 3 and measures.items[0].startswith("细化预算编制工作")  # the unnumbered first point
    assert measures.items[2].endswith("发挥资金的使用效益。")
    assert "…" not in measures.text and "来源：岳阳市科学技术局 · 2021年" in measures.text
    # Rendered: the lead-in above the list, the first point's second paragraph inside it (not in the lead).
    from ui.render import answer_html

    rendered = answer_html(measures, ctx.assistant.reports)
    lead = rendered[:rendered.index("<ol")]
    assert "拟实施的改进措施如下" in lead and "进一步加强局本级" not in lead
    listed = rendered[rendered.index("<ol"):rendered.index("</ol>")]
    assert listed.count("进一步加强局本级") == 1
    duties = ctx.assistant.ask("2021年科技局的主要职责有哪些？")
    assert len(duties.items) == 14 and duties.items[9] == "归口管理全市引进国（境）外智力工作。"
    assert duties.items[-1] == "承办市委、市人民政府交办其他事项。"


def test_section_items_keep_sub_points_with_their_point() -> None:
    listed = section_items("主要问题如下：\n（一）预算编制不够细\n1.项目测算粗\n2.调整多\n（二）绩效目标不明确\n")
    assert listed.lead == "主要问题如下："
    assert listed.items == ("预算编制不够细\n1.项目测算粗\n2.调整多", "绩效目标不明确")
    assert section_items("第一段。\n第二段。").items == ("第一段。", "第二段。")


def test_library_filters_by_document_type(ctx: AppContext) -> None:
    view = library_view(ctx)
    assert view.doc_types == ["全部", "整体支出绩效自评", "部门预算"]
    budgets = library_view(ctx, "部门预算").reports
    assert list(budgets["部门"]) == ["上海市普陀区财政局"]
    answer = ctx.assistant.ask("三公经费是多少？")  # both departments state one: each listed with its source
    assert "岳阳市科学技术局" in answer.text and "1.58" in answer.text and "来源" in answer.text


def test_report_view_shows_overview_and_audit(ctx: AppContext) -> None:
    view = open_report(ctx, _seed_2021(ctx))
    assert "岳阳市科学技术局 · 2021年 · 整体支出绩效自评" in view.overview
    assert "<b>1156.44</b> 万元" in view.overview and "报告未载明" in view.overview
    assert "660 + 5623.6 + 3600 = 9883.6 万元，而总数为 9783.6 万元" in view.audit
    assert "年度部门（单位）总体运行情况及取得的成绩" in view.audit  # the section of each quote
    assert len(view.figures) > 300 and "向上争取资金" in set(view.figures["指标"])


def test_word_brief_of_the_seed(ctx: AppContext, tmp_path: Path) -> None:
    from docx import Document

    from ui.handlers import export_brief

    report_id = _seed_2021(ctx)
    path = export_brief(ctx, report_id)
    # Named for the reader, in the report's own folder: two reports of one department and year keep theirs.
    assert path == ctx.settings.data / "exports" / report_id / "岳阳市科学技术局-2021-报告概览.docx"
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("岳阳市科学技术局 2021年 整体支出绩效自评 · 概览")
    rows = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in document.tables[0].rows}
    assert rows["收入合计"][0] == "1156.44万元" and "收支情况" in rows["收入合计"][1]
    assert rows["全年执行数"] == ("报告未载明", "")
    assert rows["自评得分"][0] == "97分"
    # A table figure's source is its row (label, columns, cells), not an assembled sentence.
    income = next(row for row in document.tables[0].rows if row.cells[0].text == "收入合计").cells[2]
    row = income.tables[0]
    assert row.rows[1].cells[0].text == "局机关及二级机构汇总" and row.rows[0].cells[1].text == "收入合计"
    assert row.rows[1].cells[1].text == "1156.44 万元" and "：" not in income.text
    assert "1. 年初未作预算安排" in text and "一致性检查（1 处）" in text and "9883.6" in text


def test_charts_draw_only_what_the_report_can_show(ctx: AppContext) -> None:
    from ui.handlers import draw, trend_metrics, trend_note

    budget_file = next(r for r in ctx.assistant.reports.values() if r.name == CAIZHENGJU.name)
    drawn = draw(ctx, budget_file.id)
    assert drawn.budget is None and "预算文件" in drawn.note  # a budget has no execution to set against it
    assert all("元）" not in c.layout.title.text or "万元）" in c.layout.title.text for c in drawn.compositions)
    seed = draw(ctx, _seed_2021(ctx))
    assert seed.budget is not None and seed.budget.layout.yaxis.title.text == "万元"
    assert seed.budget.layout.yaxis.exponentformat == "none"  # 31,214,205 元 is 3,121.42 万元, never 31.2M
    one_year = trend_note(ctx, "上海市普陀区财政局", trend_metrics(ctx, "上海市普陀区财政局"))
    assert "只有一个年度" in one_year and "2025" in one_year
    assert trend_note(ctx, "岳阳市科学技术局", trend_metrics(ctx, "岳阳市科学技术局")) == ""


def test_a_filter_that_excludes_the_department_asked_is_said(ctx: AppContext) -> None:
    from qa.records import Filters

    crossed = ctx.assistant.ask("上海市普陀区财政局的三公经费是多少？", filters=Filters(department="岳阳市科学技术局"))
    assert crossed.text.startswith("注意：问题提到“上海市普陀区财政局”，但当前的部门筛选是“岳阳市科学技术局”")
    assert "部门筛选改为“全部”" in crossed.text
    agreeing = ctx.assistant.ask("岳阳市科学技术局的三公经费是多少？", filters=Filters(department="岳阳市科学技术局"))
    assert "注意" not in agreeing.text


def test_one_departments_figure_year_by_year(ctx: AppContext) -> None:
    answer = ctx.assistant.ask("岳阳市科学技术局历年的向上争取资金是多少？")
    assert answer.found and answer.wants == "figure"
    assert [(h.figure.year, h.figure.value, h.figure.unit) for h in answer.figures] == [
        (2020, "8100.5", "万元"), (2021, "9783.6", "万元")]
    assert answer.text.startswith("岳阳市科学技术局逐年的“向上争取资金”（2个年度载明）")
    assert answer.text.count("来源：三、部门（单位）整体支出绩效自评情况") == 2


def test_departments_whose_figure_rose_against_the_year_before(ctx: AppContext) -> None:
    rose = ctx.assistant.ask("哪些单位向上争取资金比上年增加了？")
    assert rose.found
    change, current, earlier = rose.figures
    assert (change.figure.value, current.figure.value, earlier.figure.value) == ("1683.1", "9783.6", "8100.5")
    # The department whose report states no such figure is named, never given a change.
    assert "未载明或未能确认的：上海市普陀区财政局 · 2025年 · 部门预算" in rose.text
    fell = ctx.assistant.ask("哪些单位向上争取资金比上年减少了？")
    assert not fell.found and fell.text.startswith("“向上争取资金”比上年减少的单位有 0 个。")


def test_departments_filtered_and_ranked_by_claimed_figures(ctx: AppContext) -> None:
    # 科技局's latest report (2021) states 三公经费 1.58 万元, 财政局's 2025 budget 0.95 万元: compared in one
    # unit whatever the question's (1万元 or 10000元).
    below = ctx.assistant.ask("哪些单位的三公经费低于1万元？")
    assert below.found and [(h.figure.value, h.figure.year) for h in below.figures] == [("0.95", 2025)]
    above = ctx.assistant.ask("有几个单位三公经费超过10000元？")
    assert above.found and [(h.figure.value, h.figure.year) for h in above.figures] == [("1.58", 2021)]
    most = ctx.assistant.ask("哪个单位三公经费最多？")
    assert [h.figure.value for h in most.figures] == ["1.58"] and "共查2个单位的报告，2个载明" in most.text
    none = ctx.assistant.ask("各单位的因公出国考察人次排名")
    assert not none.found and not none.figures


def test_a_series_is_drawn_in_the_chat(ctx: AppContext) -> None:
    history, _ = chat_turn(ctx, "岳阳市科学技术局历年的向上争取资金是多少？", [], None)
    reply, chart = history[-2]["content"], history[-1]["content"]
    assert "逐年的“向上争取资金”" in str(reply)
    assert isinstance(chart, go.Figure)
    line = chart.data[0]
    assert list(line.x) == ["2020", "2021"] and list(line.y) == pytest.approx([8100.5, 9783.6])
    assert all("三、部门（单位）整体支出绩效自评情况" in source for source in line.customdata)
    # Any other answer draws nothing.
    plain, _ = chat_turn(ctx, "哪个单位三公经费最多？", [], None)
    assert not any(isinstance(m["content"], go.Figure) for m in plain)


def test_prepared_claims_answer_as_ranking_does_in_a_process_that_ranks_nothing(
        ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    questions = ["哪些单位的三公经费低于1万元？", "哪个单位三公经费最多？", "自评得分低于95分的单位有哪些？",
                 "2021年各单位的收入合计", "岳阳市科学技术局历年的向上争取资金是多少？"]
    embedder = ctx.assistant.retriever.embedder
    ranked = [answer_json(load_assistant(ctx.settings, embedder=embedder).ask(q)) for q in questions]
    metrics = load_standard_metrics()
    stored = ctx.assistant.prepare_claims(metrics, processes=2)  # shared out to two spawned processes
    reports = ctx.assistant.reports.values()
    # Each metric asked without and (a filter) with its unit, of any year over every report and of each
    # report's own year.
    variants = sum(len(m.questions(None)) for m in metrics)
    assert stored == variants * (len(reports) + sum(r.fiscal_year is not None for r in reports))
    assert ctx.assistant.retriever.store.prepared_generation() == ctx.assistant.retriever.generation
    # Another process (its own claims empty) reads the stored claims: the same answers, byte for byte,
    # without ranking any department's figures.
    reader = load_assistant(ctx.settings, embedder=embedder)
    monkeypatch.setattr(across, "claimed_in", _ranking_forbidden)
    assert [answer_json(reader.ask(q)) for q in questions] == ranked
    # A metric nobody prepared is still ranked.
    with pytest.raises(AssertionError, match="ranked"):
        reader.ask("各单位的局机关及二级机构收入合计")


def _ranking_forbidden(*args: object, **kwargs: object) -> None:
    raise AssertionError("ranked a department's figures")
