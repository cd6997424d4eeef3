"""The statutory tables of the two development disclosures, rebuilt from their PDFs and checked cell by
cell against the printed pages, with the identities each table obeys; then a table with one planted
wrong cell, which the checks must flag with its arithmetic."""

from __future__ import annotations

from dataclasses import replace

import pytest
from testdata import DATA as TEST_DATA

from index.extract.table_checks import EMPTY_TABLE, verified
from index.pipeline import parse_report
from index.records import ParsedReport, Span, Table
from index.settings import Settings

pytestmark = [pytest.mark.slow]

DATA = TEST_DATA / "disclosures"
CAIZHENGJU = "shanghai-putuo-2025-caizhengju-bumenyusuan.pdf"
WANLI = "shanghai-putuo-2023-wanlijiedao-bumenyusuan.pdf"


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedReport]:
    settings = Settings.from_env()
    return {name: parse_report(DATA / name, (DATA / name).read_bytes(), settings) for name in (CAIZHENGJU, WANLI)}


def _table(report: ParsedReport, columns: tuple[str, ...], containing: str) -> Table:
    """The one table with these columns that holds a cell `containing`."""
    found = [t for t in report.tables if t.columns == columns and any(c.text == containing for r in t.rows for c in r)]
    assert len(found) >= 1, f"no table {columns} with {containing}"
    return found[0]


def _row(table: Table, *labels: str) -> list[str]:
    for row in table.rows:
        texts = [c.text for c in row]
        if all(label in texts for label in labels):
            return texts
    raise AssertionError(f"no row {labels} in {table.columns}")


FUNCTIONAL = ("科目编码", "上级科目", "功能分类科目名称", "合计", "基本支出", "项目支出")
ECONOMIC = ("科目编码", "上级科目", "经济分类科目名称", "合计", "人员经费", "公用经费")


def test_functional_table_across_two_pages_is_one_table_cell_by_cell(parsed: dict[str, ParsedReport]) -> None:
    table = _table(parsed[CAIZHENGJU], FUNCTIONAL, "行政运行")
    assert table.unit == "元" and table.mapping == "structure" and table.failed == ()
    # Page 14 and page 15 of the PDF: one table, its repeated header dropped, parents carried over.
    assert _row(table, "科目2010601") == ["科目2010601", "财政事务", "行政运行", "16,231,840.80", "16,093,326.00", "138,514.80"]
    assert _row(table, "科目2010602") == ["科目2010602", "财政事务", "一般行政管理事务", "100,000.00", "", "100,000.00"]
    assert _row(table, "科目2101101") == ["科目2101101", "行政事业单位医疗", "行政单位医疗", "782,164.00", "782,164.00", ""]
    assert _row(table, "合计")[3:] == ["31,214,205.80", "25,121,091.00", "6,093,114.80"]
    assert len(table.rows) == 20
    assert any(i.startswith("科目逐级相加") and "（21/21 处相符）" in i for i in table.identities)


def test_economic_table_cell_by_cell(parsed: dict[str, ParsedReport]) -> None:
    table = _table(parsed[CAIZHENGJU], ECONOMIC, "职业年金缴费")
    assert _row(table, "科目30109") == ["科目30109", "工资福利支出", "职业年金缴费", "873,617.00", "873,617.00", "0.00"]
    assert _row(table, "科目31002") == ["科目31002", "资本性支出", "办公设备购置", "90,000.00", "0.00", "90,000.00"]
    assert _row(table, "合计")[3:] == ["25,121,091.00", "22,826,756.00", "2,294,335.00"]
    assert table.failed == () and "合计 = 人员经费 + 公用经费（30 行相符）" in table.identities


def test_three_public_expenses_table_reads_its_three_header_rows(parsed: dict[str, ParsedReport]) -> None:
    """合计 | 因公出国(境)费 | 公务接待费 | 公务用车购置及运行费 (小计 | 购置费 | 运行费) | 机关运行经费, a row of
    values without a label, in 万元 (单位:万元 with a half-width colon)."""
    for name, values in ((CAIZHENGJU, ["0.95", "", "0.95", "", "", "", "229.43"]),
                         (WANLI, ["22.91", "0", "1.35", "21.56", "0", "21.56", "786.09"])):
        (table,) = [t for t in parsed[name].tables if "因公出国(境)费" in t.columns]
        assert table.unit == "万元"
        assert table.columns[:6] == ("合计", "因公出国(境)费", "公务接待费", "小计", "购置费", "运行费")
        assert [[c.text for c in row] for row in table.rows] == [values]
    figures = {(f.metric, f.qualifier): f.value for f in parsed[WANLI].figures if f.kind == "table_cell" and f.unit == "万元"}
    assert figures[("公务用车购置及运行费", "2023年“三公”经费预算数 · 小计")] == "21.56"
    assert figures[("公务接待费", "2023年“三公”经费预算数")] == "1.35"


def test_income_and_expense_totals_agree(parsed: dict[str, ParsedReport]) -> None:
    (table,) = [t for t in parsed[WANLI].tables if any(c.text == "收入总计" for r in t.rows for c in r)
                and any(c.text == "支出总计" for r in t.rows for c in r)]
    assert _row(table, "收入总计")[:4] == ["收入总计", "164,978,640", "支出总计", "164,978,640"]
    assert "收入总计 = 支出总计（1/1 处相符）" in table.identities and table.failed == ()
    functional = _table(parsed[WANLI], FUNCTIONAL, "城管执法")
    assert _row(functional, "科目2120104")[3:] == ["6,905,798", "6,905,798", "0"]
    assert _row(functional, "合计")[3:] == ["164,978,640", "99,406,297", "65,572,343"]
    assert functional.failed == ()


def test_empty_tables_are_recorded_as_empty(parsed: dict[str, ParsedReport]) -> None:
    empty = [t for t in parsed[CAIZHENGJU].tables if EMPTY_TABLE in t.identities]
    assert len(empty) == 2  # 政府性基金 and 国有资本经营: 本表为空表


def _with_cell(table: Table, code: str, column: int, text: str) -> Table:
    rows = tuple(tuple(Span(text, c.start, c.end) if row[0].text == code and j == column else c for j, c in enumerate(row))
                 for row in table.rows)
    return replace(table, rows=rows, identities=(), failed=())


def test_a_changed_cell_breaks_exactly_the_sums_it_is_part_of(parsed: dict[str, ParsedReport]) -> None:
    table = _table(parsed[CAIZHENGJU], FUNCTIONAL, "行政运行")
    assert verified(replace(table, identities=(), failed=())).failed == ()
    planted = verified(_with_cell(table, "科目2010601", 3, "16,231,940.80"))  # 合计 of 行政运行 raised by 100
    labels = sorted(f.label for f in planted.failed)
    # Its 款 (财政事务 = Σ项) and its own row (合计 = 基本支出 + 项目支出) break; nothing else does.
    assert labels == ["科目20106 财政事务 · 合计", "科目2010601 行政运行 · 合计 = 基本支出 + 项目支出"]
    (level,) = [f for f in planted.failed if f.kind == "subject_levels"]
    assert (level.stated, level.computed) == ("22186440.80", "22186540.80")
    assert "≠" in level.arithmetic and "22186540.80" in level.arithmetic


def test_performance_target_grids_of_each_project(parsed: dict[str, ParsedReport]) -> None:
    """The 绩效目标表 of a budget disclosure (一级 · 二级 · 三级指标 · 年度(/项目)指标值, no actual
    column): each numeric planned value, named by its indicator and its project."""
    targets = [f for f in parsed[WANLI].figures if f.kind == "target"]
    by_metric = {(f.qualifier, f.metric): f for f in targets}
    area = by_metric[("新建万里街道社区公共服务中心", "规划建筑面积（目标）")]
    assert (area.value, area.unit, area.quote) == ("13459.00", "平方米", "规划建筑面积：目标 ≥13459.00(平方米)")
    satisfaction = by_metric[("就业援助基地补贴", "补贴对象满意度（目标）")]
    assert (satisfaction.value, satisfaction.unit) == ("80.00", "%")
    assert {f.qualifier for f in targets} == {"新建万里街道社区公共服务中心", "就业援助基地补贴", "社区环境整治和建设经费",
                                               "各类工作经费", "公共服务设施运行经费"}
    # Word placeholders (及时率, 合规) are not planned values.
    assert not any(f.metric.startswith(("完工及时率", "预算内经费")) for f in targets)
    assert len(targets) == 21
