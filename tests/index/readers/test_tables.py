"""Table rebuilding on small made-up grids: header spans, arithmetic placement, the unverified flag."""

from __future__ import annotations

from pathlib import Path

from testdata import DATA

from index.readers.grid import assemble_table, resolve_header
from index.records import Span
from index.text.cell_values import unit_from_text, without_unit_declaration


def _row(*texts: str) -> list[Span]:
    return [Span(t, i * 10, i * 10 + len(t)) for i, t in enumerate(texts)]


def test_header_spans_inferred_bottom_up() -> None:
    leaves, grid, _ = resolve_header(
        [["机构名称", "支出合计", "其中：", "结余"], ["", "", "基本支出", "其中：", "项目支出", "当年结余", "累计结余"],
         ["", "", "", "人员支出", "公用支出", "", "", ""]],
        8,
    )
    assert leaves == ["机构名称", "支出合计", "基本支出", "人员支出", "公用支出", "项目支出", "当年结余", "累计结余"]
    assert grid[0] == ["机构名称", "支出合计", "其中：", "其中：", "其中：", "其中：", "结余", "结余"]


def test_missing_blank_cell_is_placed_by_the_row_sums() -> None:
    # 合计 = 基本支出 + 项目支出 and 基本支出 = 人员支出 + 公用支出 pin the lost blank to 项目支出.
    header = [["单位", "支出合计", "基本支出", "人员支出", "公用支出", "项目支出"]]
    body = [
        _row("汇总", "150", "100", "70", "30", "50"),
        _row("机关", "90", "60", "40", "20", "30"),
        _row("中心", "40", "40", "25", "15"),  # the export dropped the blank 项目支出 cell
    ]
    table = assemble_table(header, body)
    assert table.mapping == "arithmetic"
    assert [c.text for c in table.rows[2]] == ["中心", "40", "40", "25", "15", ""]


def test_ambiguous_placement_is_flagged_not_guessed() -> None:
    header = [["单位", "合计", "财政拨款", "上年结转", "其他"]]
    body = [
        _row("汇总", "100", "60", "30", "10"),
        _row("机关", "50", "40", "10", "0"),
        _row("中心", "50", "20", "30"),  # 30 fits 上年结转 and 其他 alike
    ]
    table = assemble_table(header, body)
    assert table.mapping == "unverified"
    assert [c.text for c in table.rows[2]][:4] == ["中心", "50", "20", "30"]  # cells kept as text


def test_units_from_captions() -> None:
    assert unit_from_text("年度收入情况（万元）") == "万元"
    assert unit_from_text("根据预算批复如下：    单位：万元") == "万元"
    assert unit_from_text("三公经费(单位:元)") == "元"
    assert unit_from_text("年度收入情况") is None


def test_a_unit_declaration_closing_a_form_line_is_not_part_of_its_value() -> None:
    # The 部门预算 PDFs' cover line `编制部门：上海市普陀区人民政府万里街道办事处 单位：元` (万里街道 2023),
    # and `编制部门：上海市普陀区财政局 单位：元` read as a label whose value is only the unit (普陀 2025).
    assert without_unit_declaration("上海市普陀区人民政府万里街道办事处 单位：元") == "上海市普陀区人民政府万里街道办事处"
    assert without_unit_declaration("单位：元") == ""
    assert without_unit_declaration("2024年收入支出决算总表(单位:元)") == "2024年收入支出决算总表"
    assert without_unit_declaration("南宁市学生资助管理办公室") == "南宁市学生资助管理办公室"
    assert without_unit_declaration("项目单位:南宁市学生资助管理办公室") == "项目单位:南宁市学生资助管理办公室"  # not a unit


def test_the_budget_pdfs_cover_line_gives_no_junk_figure(tmp_path: Path) -> None:
    from index.pipeline import parse_report
    from index.settings import Settings

    for name in ("shanghai-putuo-2025-caizhengju-bumenyusuan.pdf", "shanghai-putuo-2023-wanlijiedao-bumenyusuan.pdf"):
        path = DATA / "disclosures" / name
        figures = parse_report(path, path.read_bytes(), Settings.from_env(data=tmp_path)).figures
        fields = [f for f in figures if f.kind == "label_value" and "编制部门" in f.metric]
        assert all("单位" not in f.value and f.value for f in fields), [(f.metric, f.value) for f in fields]
    assert any(f.value == "上海市普陀区人民政府万里街道办事处" for f in fields)
