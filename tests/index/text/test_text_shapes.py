"""Plain-text reports in other publishers' shapes and encodings read the same way as the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from testdata import DATA

from index.pipeline import parse_report
from index.records import ParsedReport
from index.settings import Settings
from index.text.normalize import decode_bytes, normalize_text

LIUYANG = DATA / "liuyang-2022-wenlvju.txt"


def _parse(path: Path, data: bytes | None = None) -> ParsedReport:
    return parse_report(path, data if data is not None else path.read_bytes(), Settings())


def _figure(report: ParsedReport, metric: str, value: str):
    return next(f for f in report.figures if f.metric == metric and f.value == value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encodings_decode_without_mojibake(tmp_path: Path, encoding: str) -> None:
    text = LIUYANG.read_text(encoding="utf-8").replace("２１６．５", "216.5")  # full-width digits are not in GBK's ASCII range issue
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    report = _parse(path)
    assert report.meta.department == "浏阳市文化旅游广电局"
    assert _figure(report, "接待游客", "1856.3").unit == "万人次"


def test_gb18030_detection_reports_the_encoding() -> None:
    data = "部门整体支出绩效评价，人员编制41人。".encode("gbk")
    text, encoding = decode_bytes(data)
    assert text == "部门整体支出绩效评价，人员编制41人。" and encoding == "gb18030"


def test_full_width_digits_are_normalized() -> None:
    assert normalize_text("实现旅游总收入２１６．５亿元，增长１２％") == "实现旅游总收入216.5亿元，增长12%"


def test_pdf_wrapped_labels_and_values_rejoin() -> None:
    report = _parse(LIUYANG)
    assert report.meta.budget_code == "104002"  # `预 算 编 码: 104002`
    staff = _figure(report, "在职人数", "57")  # `在职人 数 57 人`
    assert staff.unit == "人" and staff.kind == "label_value"


def test_glued_rows_under_space_separated_headers() -> None:
    report = _parse(LIUYANG)
    table = next(t for t in report.tables if "全年执行数" in t.columns)
    assert table.columns == ("项目", "年初预算数", "全年预算数", "全年执行数") and table.unit == "万元"
    grant = [f for f in report.figures if f.metric == "财政拨款" and f.kind == "table_cell"]
    assert [(f.qualifier, f.value) for f in grant] == [("年初预算数", "1200"), ("全年预算数", "1360.5"), ("全年执行数", "1340.2")]


def test_cells_separated_by_blank_lines_with_thousands_separators() -> None:
    report = _parse(LIUYANG)
    table = next(t for t in report.tables if t.unit == "元")
    assert table.caption == "三公经费支出情况表（单位：元）"
    assert _figure(report, "公务接待费", "9850.5").qualifier == "决算数"
    assert _figure(report, "合计", "38610.5").unit == "元"


def test_chinese_numerals_and_rate_lists_in_prose() -> None:
    report = _parse(LIUYANG)
    assert _figure(report, "举办群众文化活动", "320").unit == "场"
    assert _figure(report, "新建农家书屋", "2").unit == "家"
    assert _figure(report, "旅游总收入同比增长", "15.6").unit == "%"
    assert _figure(report, "组织培训", "12").entity == "局机关"


def test_metadata_of_another_publisher() -> None:
    meta = _parse(LIUYANG).meta
    assert (meta.department, meta.fiscal_year, meta.report_date) == ("浏阳市文化旅游广电局", 2022, "2023-05-08")
    assert (meta.eval_type, meta.score, meta.grade) == ("整体支出", "92.5", "优秀")


def test_sections_of_another_numbering_scheme() -> None:
    paths = {s.path for s in _parse(LIUYANG).sections}
    assert ("第一部分 部门基本情况", "二、年度工作完成情况") in paths
    assert ("第三部分 绩效评价结论", "(二) 存在的问题") in paths


PINGJIANG = DATA / "pingjiang-2022-xiangmu-zichu.txt"


def test_project_report_indicator_table_pairs_target_and_actual() -> None:
    report = _parse(PINGJIANG)
    pairs = {(f.metric, f.target, f.value, f.unit) for f in report.figures if f.kind == "target_actual"}
    assert ("养护农村公路里程", "≥300公里", "326", "公里") in pairs
    assert ("危桥改造数量", "8座", "7", "座") in pairs
    assert ("群众出行满意度", "≥90%", "93", "%") in pairs


def test_project_report_score_and_rate_columns_get_their_own_units() -> None:
    report = _parse(PINGJIANG)
    cells = {(f.metric, f.qualifier, f.value, f.unit) for f in report.figures if f.kind == "table_cell"}
    assert ("年度资金总额", "全年执行数", "1320.6", "万元") in cells
    assert ("年度资金总额", "执行率", "97.79", "%") in cells
    assert ("年度资金总额", "得分", "9.8", "分") in cells
    assert ("危桥改造数量", "得分", "8", "分") in cells
    assert not any(f.value in ("—",) for f in report.figures)  # dashes mean no value


def test_project_report_metadata() -> None:
    meta = _parse(PINGJIANG).meta
    assert (meta.department, meta.eval_type, meta.fiscal_year, meta.score, meta.grade) == (
        "平江县交通运输局", "项目支出", 2022, "92", "优秀")
    phone = next(f for f in _parse(PINGJIANG).figures if f.metric == "联系电话")
    assert phone.value == "0730-6221234" and phone.number is None


def test_a_funding_table_s_level_columns_name_no_project() -> None:
    # 项目名称 | 中央、省、市(州)、县级财政资金 | 资金计划 | 资金到位: the header of a table, not the project's name.
    assert _parse(DATA / "real" / "11_daying_sxwmzj_2020.txt").meta.project is None
    assert _parse(DATA / "real" / "04_hengshan_swlsj_cbl_2020.txt").meta.project == "县级储备粮"


def test_a_row_of_values_under_a_row_of_labels(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_text(
        "一、部门基本情况\n\n\t财政供养人员情况\n\t编制数\n\t2021年实际在职人数\n\t控制率\n\n\t\n\t45\n\t43\n\t95.56%\n\n"
        "\t三公经费\n\t年初预算数\n\t全年执行数\n\t执行率\n\n\t\n\t12.5\n\t10.2\n\t81.6%\n", encoding="utf-8")
    cells = {(f.metric, f.qualifier, f.value, f.unit) for f in _parse(path).figures if f.kind == "table_cell"}
    assert ("编制数", "财政供养人员情况", "45", "人") in cells
    assert ("全年执行数", "三公经费", "10.2", None) in cells and ("执行率", "三公经费", "81.6", "%") in cells


def test_two_tables_side_by_side_become_two_tables() -> None:
    # A 收支总表 as PDF extraction leaves it: income on the left, spending on the right of each row.
    from index.readers.canonical import render_table
    from index.readers.text import parse_text
    from index.records import Table

    rows = [["本年收入", "本年支出"], ["项目", "预算数", "项目", "预算数"],
            ["一、财政拨款收入", "31,214,205.80", "一、一般公共服务支出", "22,186,440.80"],
            ["1. 一般公共预算资金", "31,214,205.80", "二、社会保障和就业支出", "3,508,644.00"],
            ["二、事业收入", "", "", ""],
            ["收入总计", "31,214,205.80", "支出总计", "31,214,205.80"]]
    document = parse_text("部门财务收支预算总表\n\n编制部门：某区财政局 单位：元\n\n" + render_table(rows))
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert [t.caption.split()[0] for t in tables if t.caption] == ["本年收入", "本年支出"]
    assert [r[0].text for r in tables[1].rows] == ["一、一般公共服务支出", "二、社会保障和就业支出", "支出总计"]
    assert tables[1].rows[0][1].text == "22,186,440.80" and tables[0].unit == "元"


def test_project_forms_one_after_another_name_their_fields_after_their_project() -> None:
    # The 万里街道 2023 budget's 项目绩效目标表: a form per project, fields spread over cells with blanks.
    from index.pipeline import derive_report
    from index.readers.canonical import render_table
    from index.readers.text import parse_text

    def form(name: str, total: str) -> str:
        return render_table([["项目名称", name, "项目性质", "经常性项目"],
                             ["项目资金（元）", "", "项目资金总额", "", total, "年度资金申请总额", "", total],
                             ["其他资金", "0.00", "其他资金", "0.00"]])

    text = "某街道2023年部门预算\n\n八、绩效目标\n\n" + form("就业援助基地补贴", "6,351,000.00") + form("社区环境整治", "4,563,800.00")
    figures = derive_report("x.txt", parse_text(text)).figures
    named = {(f.metric, f.qualifier, f.value, f.unit) for f in figures}
    assert ("项目资金总额", "就业援助基地补贴", "6351000.00", "元") in named
    assert ("项目资金总额", "社区环境整治", "4563800.00", "元") in named
