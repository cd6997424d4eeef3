"""Real layouts of other publishers (tests/data/real, copies of ../shared/corpus/real) read as the
canonical layout: pipe rows, double-spaced pages, traditional characters, text-valued fields."""

from __future__ import annotations

from pathlib import Path

from testdata import DATA

from index.extract.figures import run_on_label
from index.extract.text_fields import text_field_figures
from index.pipeline import parse_report
from index.readers.layouts import canonical_layout
from index.records import Figure, Paragraph
from index.settings import Settings
from index.text.normalize import drop_pinyin_glosses, fold_traditional

REAL = DATA / "real"


def _figures(name: str) -> dict[str, list[object]]:
    path = REAL / name
    report = parse_report(path, path.read_bytes(), Settings())
    out: dict[str, list[object]] = {}
    for f in report.figures:
        out.setdefault(f.metric, []).append(f.number if f.number is not None else f.value)
    return out


def test_pipe_rows_become_table_rows() -> None:
    text = "一、项目基本概况 | |||\n项目负责人 | 李淼荣 | 联系电话 | 64810996 |\n|\n|\n计划安排资金(万元) | 1088.00 |\n正文。\n"
    converted = canonical_layout(text)
    assert "|" not in converted
    assert "\t项目负责人\n\t李淼荣\n\t联系电话\n\t64810996\n" in converted
    assert converted.endswith("正文。\n")


def test_a_pipe_form_gives_its_fields_and_item_columns() -> None:
    figures = _figures("29_chunan_wglt_ggwh_2020.txt")
    assert figures["项目负责人"] == ["李淼荣"]
    # The label's unit bracket is the figure's unit, not part of its name.
    assert figures["计划安排资金"] == [1088.0] and figures["实际到位资金"] == [1020.02]
    path = REAL / "29_chunan_wglt_ggwh_2020.txt"
    units = {f.metric: f.unit for f in parse_report(path, path.read_bytes(), Settings()).figures}
    assert units["计划安排资金"] == "万元" and units["实际到位资金"] == "万元"
    assert "64810996" in [str(v) for v in figures["联系电话"]]


def test_a_pipe_table_row_gives_budget_and_actual_columns() -> None:
    figures = _figures("19_tianjiaan_rsj_jybz_2024.txt")
    # The table reader and the form reader agree on these cells: one reading is kept, the table's.
    assert figures["年度资金总额:"] == [808.1, 692.98, 86.0]
    assert "年度资金总额" not in figures


def test_double_spacing_is_collapsed_only_where_lines_are_cells() -> None:
    cells = "\n\n".join(["联系人", "张颖慧", "联络电话", "0730-7802036", "人员编制", "21", "实有人数", "20", "备注", "无"])
    assert canonical_layout(cells + "\n") == "\n".join(cells.split("\n\n")) + "\n"
    prose = "\n\n".join(["这是一段很长的正文，说明本单位的基本情况和年度工作完成情况。"] * 10)
    assert canonical_layout(prose) == prose


def test_traditional_reports_are_read_in_simplified_characters() -> None:
    assert fold_traditional("補助資金總額118萬元") == "补助资金总额118万元"
    assert fold_traditional("补助资金总额118万元") == "补助资金总额118万元"
    figures = _figures("23_linhe_nyfzjz_2023.txt")
    assert figures["上级下达的补助资金总额"] == [118.0] and figures["临河农场补助资金"] == [35.0]


def test_document_numbers_people_and_grades_in_prose_stay_text() -> None:
    text = ("根据《关于开展2016年度部门整体支出绩效自评工作的通知》(张财绩〔2017〕133号)要求，评价小组组长:张永傅，"
            "部门联系人李薇 联系电话123。自评结论为“优秀”。")
    paragraph = Paragraph(text, tuple(range(len(text))))
    found = {(f.metric, f.value, f.qualifier) for f in text_field_figures(paragraph, (), year=2016)}
    assert ("文号", "张财绩〔2017〕133号", "关于开展2016年度部门整体支出绩效自评工作的通知") in found
    assert ("评价小组组长", "张永傅", None) in found and ("部门联系人", "李薇", None) in found
    assert ("自评结论", "优秀", None) in found
    assert all(f.number is None for f in text_field_figures(paragraph, (), year=2016))


def test_an_indicator_row_run_into_text_pairs_target_and_actual() -> None:
    figures = {f.metric: f for f in parse_report(REAL / "21_jishan_zdwsy_jbgw_2021.txt",
                                                 (REAL / "21_jishan_zdwsy_jbgw_2021.txt").read_bytes(), Settings()).figures
               if f.kind == "target_actual"}
    assert figures["适龄儿童疫苗接种率"].number == 97.3 and figures["适龄儿童疫苗接种率"].target == "100.00%"
    assert figures["老年人体检数"].number == 4044 and figures["老年人体检数"].target == "5662人"


def test_the_year_something_began_is_a_figure_of_its_own() -> None:
    # The number reader leaves years out; 从哪一年开始 / 哪一年成立 need them.
    found = _figures("27_hulin_lcj_lygg_2021.txt")
    assert found["实施森林生态效益补助年份"] == [2002.0]
    text = "该中心成立于1958年，现有职工12人。"
    paragraph = Paragraph(text, tuple(range(len(text))))
    assert [(f.metric, f.value, f.unit) for f in text_field_figures(paragraph, (), year=None)] == [("成立年份", "1958", "年")]


def test_a_person_on_a_line_of_its_own_is_a_field() -> None:
    assert "张永傅" in _figures("16_danzhou_fy_2018.txt").get("组长", [])


def test_cells_one_per_line_closed_by_rules_lose_their_rules() -> None:
    found = _figures("20_suixi_mzj_lsjz_2019.txt")
    assert not [m for m, values in found.items() if any(str(v).strip() in ("|", "") for v in values)]
    assert found["特困人员救助供养人数(按月平均)"] == [5.0, 4604.0, 5.0]  # 分值, the actual, 得分


def _department(name: str) -> str | None:
    path = REAL / name
    return parse_report(path, path.read_bytes(), Settings()).meta.department


def test_department_never_from_page_chrome_or_a_cited_rule_maker() -> None:
    assert _department("04_hengshan_swlsj_cbl_2020.txt") == "衡山县商务和粮食局"  # not 分享文档赚钱的网站
    assert _department("10_futian_mzj_knqz_2021.txt") == "深圳市福田区民政局"  # not 区部门网站
    assert _department("17_xiping_jtj_xjzj_2022.txt") == "西平县交通运输局"  # not the 河南省财政厅 its rules cite
    assert _department("01_deqin_rdcwh_2021.txt") == "德钦县人民代表大会常务委员会"  # not 对国务院
    assert _department("07_hengshan_gtx_2023.txt") == "衡山县贯塘乡人民政府"  # not 楼堂馆
    assert _department("20_suixi_mzj_lsjz_2019.txt") == "濉溪县民政局"  # its [155] code dropped
    assert _department("03_yongde_mlzx_yygs_2022.txt") == "临沧市永德县明朗中学"  # the form's own 部门: header
    assert _department("19_tianjiaan_rsj_jybz_2024.txt") == "淮南市田家庵区人力资源和社会保障局"  # 资金使用单位, not 中央主管部门


def test_department_from_the_form_and_the_opening_as_the_report_names_itself() -> None:
    # 主管部门 淳安县财政局 had the evaluation done; the 项目单位 is the department
    assert _department("29_chunan_wglt_ggwh_2020.txt") == "淳安县文化和广电旅游体育局"
    # 实施单位(公章) lists 各地州生态环境局、各企事业单位; the 主管部门(公章) is one body
    assert _department("35_xinjiang_sthjt_dqwr_2022-2024.txt") == "自治区生态环境厅"
    # 开陽縣毛云鄉(xiāng)中心學校: the pinyin gloss goes, and 中心 + 学校 is one name
    assert _department("32_kaiyang_myxzx_2022.txt") == "开阳县毛云乡中心学校"
    # 湖北残疾人联合会(以下简称“省残联”)成立绩效自评工作专班: the body the report calls by a short name
    assert _department("33_hubei_cl_cjrsy_2018.txt") == "湖北残疾人联合会"
    assert _department("09_guangdong_kjt_2020.txt") == "广东省科学技术厅"  # not 省财政厅委(托)
    path = REAL / "30_nanning_xszz_2018.txt"  # a cover read as one line: the next field is not the project's
    assert parse_report(path, path.read_bytes(), Settings()).meta.project == "南宁市困难大学新生入学补助项目"
    # 转移支付(项目)名称: the field of the national 转移支付区域(项目)绩效目标自评表 naming what the form is about.
    for name, project in (("34_xianning_sthjj_dqwr_2021.txt", "2021年第一批中央大气污染防治资金"),
                          ("19_tianjiaan_rsj_jybz_2024.txt", "就业补助资金")):
        path = REAL / name
        assert parse_report(path, path.read_bytes(), Settings()).meta.project == project


def test_pinyin_glosses_of_a_mirror_site_are_dropped_but_brackets_kept() -> None:
    assert drop_pinyin_glosses("内(nèi)设处室六个(a)项,资金(万元)") == "内设处室六个(a)项,资金(万元)"


def test_fiscal_year_from_a_form_title_in_brackets_not_from_the_posting_date() -> None:
    def year(name: str) -> int | None:
        path = REAL / name
        return parse_report(path, path.read_bytes(), Settings()).meta.fiscal_year

    assert year("34_xianning_sthjj_dqwr_2021.txt") == 2021  # `自评表 (2021)`, posted 2022年04月02日
    assert year("26_liangping_lyj_2023.txt") == 2023  # the mirror's title says 2022, the form 2023


def test_a_run_of_counted_nouns_names_each_number_by_its_noun() -> None:
    found = _figures("14_lincheng_dljs_2021.txt")
    assert 1510.0 in found["路灯"] and 58.0 in found["村庄"]


def test_a_change_and_its_rate_are_named_after_the_amount_they_compare() -> None:
    from index.pipeline import derive_report
    from index.readers.text import parse_text

    text = ("上海市普陀区财政局2025年部门预算\n\n一、部门预算编制说明\n\n2025年，上海市普陀区财政局收入预算3,121.42万元，"
            "其中：财政拨款收入3,121.42万元，比2024年预算增加107.62万元。机关运行经费预算229.43万元，比上年增加12.3万元，"
            "增长5.67%，主要原因是人员增加。\n")
    report = derive_report("putuo.txt", parse_text(text))
    named = {(f.metric, f.value) for f in report.figures}
    assert ("财政拨款收入比2024年预算增加", "107.62") in named
    assert ("机关运行经费预算比上年增加", "12.3") in named
    assert ("机关运行经费预算增长", "5.67") in named  # the rate of the budget, not of the change
    assert ("收入预算", "3,121.42") in named or ("收入预算", "3121.42") in named  # never the department's name


def test_a_short_bracket_inside_a_name_stays_in_the_name() -> None:
    from index.pipeline import derive_report
    from index.readers.text import parse_text

    text = "某街道2023年部门预算\n\n一、三公经费\n\n（一）、因公出国（境）费0万元，比2022年预算持平。公务用车购置及运行费（含购置）12万元。\n"
    named = {(f.metric, f.value) for f in derive_report("x.txt", parse_text(text)).figures}
    assert ("因公出国（境）费", "0") in named  # not `费`
    assert ("公务用车购置及运行费（含购置）", "12") in named


def test_a_paragraph_about_one_subject_names_its_numbers_after_it() -> None:
    from index.pipeline import derive_report
    from index.readers.text import parse_text

    text = ("某街道2023年部门预算\n\n一、财政拨款支出主要内容\n\n25. “城乡社区支出（类）城乡社区管理事务（款）行政运行（项）”"
            "1837.36万元，主要用于行政运行。2022年当年预算执行数为2695.80万元，2023年预算安排1837.36万元，"
            "比2022年预算执行数减少31.84%。主要原因是：行政运行经费减少。\n")
    figures = derive_report("x.txt", parse_text(text)).figures
    named = {(f.metric, f.qualifier, f.value) for f in figures}
    assert ("行政运行", "城乡社区管理事务", "1837.36") in named
    assert ("当年预算执行数", "城乡社区管理事务 · 行政运行", "2695.80") in named
    assert any(f.value == "31.84" and f.qualifier == "城乡社区管理事务 · 行政运行" for f in figures)


def _parsed(name: str) -> list[Figure]:
    return list(parse_report(REAL / name, (REAL / name).read_bytes(), Settings()).figures)


def test_a_grid_that_lost_a_column_yields_to_the_form_reading() -> None:
    # The pipe table names the 资金到位及时率 row by its comparator (`≧`); the template's reading stays.
    figures = _parsed("03_yongde_mlzx_yygs_2022.txt")
    assert not [f for f in figures if f.metric in ("≧", "═")]
    scored = [(f.value, f.unit) for f in figures if f.metric == "资金到位及时率" and f.qualifier == "得分"]
    assert scored == [("7", "分")]


def test_a_flattened_indicator_row_keeps_its_weight_and_score() -> None:
    # `指标14:早孕建册数 120人 69人 2 1`: target, actual, 分值, 得分.
    figures = [f for f in _parsed("21_jishan_zdwsy_jbgw_2021.txt") if f.metric == "早孕建册数"]
    assert {(f.qualifier, f.value, f.kind) for f in figures} == {
        (None, "69", "target_actual"), ("分值", "2", "table_cell"), ("得分", "1", "table_cell")}


def test_a_measure_before_a_counted_noun_measures_that_noun() -> None:
    # `新建300米深机井1座,新建20米100吨水塔1座`
    found = _figures("15_xiuying_swj_xjzj_2022.txt")
    assert found["深机井"] == [300.0, 1.0]
    assert found["水塔"] == [20.0, 100.0, 1.0]


def test_numbers_after_a_stated_target_are_targets_and_money_is_named_by_its_use() -> None:
    figures = _parsed("31_guangxi_zjt_azgc_2024.txt")
    planned = [f for f in figures if f.number == 40422]
    assert [(f.metric, f.kind) for f in planned] == [("筹集配租型保障性住房", "target")]
    # `我区从奖励资金31714万元中分配20977.80万元用于支持住房保障`
    share = next(f for f in figures if f.value == "20977.80")
    assert share.metric == "我区从奖励资金中分配用于支持住房保障"
    assert next(f for f in figures if f.number == 40957).kind == "prose"


def test_a_table_run_into_one_line_names_no_figure_and_a_list_names_by_its_last_item() -> None:
    # `成 品粮储备到位率100%100%库存数量真实率100%` then 500吨: which cell names 500吨 cannot be told.
    assert not [f for f in _parsed("04_hengshan_swlsj_cbl_2020.txt") if "100%100%" in f.metric]
    assert not [f for f in _parsed("21_jishan_zdwsy_jbgw_2021.txt") if "207.4538" in f.metric]
    # `1.保障…2.保障…3.完成每年调研课题2个`
    assert _figures("01_deqin_rdcwh_2021.txt")["完成每年调研课题"] == [2.0]
    assert run_on_label("截至2022年12月8日已经拨付") == "截至2022年12月8日已经拨付"
    assert run_on_label("0-6岁儿童健康管理数") == "0-6岁儿童健康管理数"


def test_pipe_rows_opened_by_merged_cells_keep_their_columns() -> None:
    # `| | 参训学员结业考核通过率 | 100% | 98.79% |` under `一级指标 | 二级指标 | 指标名称 | 目标值 | 完成值 |`:
    # the leading empty cells are 一级/二级指标 written once above, so the target and actual stay in their columns.
    figures = _parsed("22_lvliang_hgpx_2021.txt")
    pairs = {f.metric: (f.value, f.target) for f in figures if f.kind == "target_actual"}
    assert pairs["参训学员结业考核通过率"] == ("98.79", "100%")
    assert pairs["参培学员满意度"] == ("88.32", "95%及以上")
    # The grid below it: a row numbering the columns (① … ⑧=④*⑦) and a 序号 column are no values, and a
    # row whose 备注 is empty (`… | 234 | |`) keeps its width, so each school's amount is named by the school.
    paid = {f.entity: f.value for f in figures if f.metric == "补助资金"}
    assert paid["吕梁精准职业培训学校"] == "234" and paid["吕梁市远航职业培训学校"] == "218.92"
    assert not [f for f in figures if f.metric in ("3", "4")]


def test_a_bordered_pipe_form_keeps_its_pairs() -> None:
    # Every row of 29_chunan ends in rules that pad it to the page's widest row: those are no cells.
    text = "项目负责人 | 李淼荣 | 联系电话 | 64810996 | |||||||\n地 址 | 淳安县千岛湖镇 | |||||||||\n"
    assert "\t项目负责人\n\t李淼荣\n\t联系电话\n\t64810996\n\n\t地 址\n\t淳安县千岛湖镇\n" in canonical_layout(text)


def test_a_number_named_only_by_what_was_done_is_named_after_the_money_it_was_done_to() -> None:
    # `…救助补助资金下达我区111万元,…,调减40万元(…),全年实际下达71万元`: 调减 and 实际下达 of that money.
    named = {f.value: f.metric for f in _parsed("10_futian_mzj_knqz_2021.txt")}
    assert named["40"] == "中央财政困难群众救助补助资金调减"
    assert named["71"] == "中央财政困难群众救助补助资金实际下达"
    assert named["111"] == "中央财政困难群众救助补助资金下达我区"  # the subject's own number keeps its name


def test_a_batch_names_its_number_and_a_stated_total_is_marked_as_one() -> None:
    # `一批项目县级批复总投资3374.3万元,…合计批复总投资6222.4万元`: 一批 is the first batch, not a count of one;
    # 合计 leaves the name as every filler does, but the figure keeps it as its qualifier.
    figures = {f.value: f for f in _parsed("14_lincheng_dljs_2021.txt")}
    assert figures["3374.3"].metric == "一批项目县级批复总投资" and figures["2069.51"].metric == "二批项目县级批复总投资"
    assert (figures["6222.4"].metric, figures["6222.4"].qualifier) == ("批复总投资", "合计")
    batches = [(f.metric, f.value) for f in _parsed("14_lincheng_dljs_2021.txt") if f.unit == "批"]
    assert batches == [("该项目分", "3")]  # 分三批实施 still counts the batches


def test_a_year_in_a_number_s_name_is_its_year() -> None:
    # `2022年12月23日,…向我市下达2023年中央土壤污染防治资金1300万元`: 2023's money, sent in 2022; and
    # `中央下达我市土壤污染防治资金共1737万元` is the total of both batches.
    figures = {f.value: f for f in _parsed("24_bayannaoer_sthjj_2023.txt")}
    assert figures["1300"].year == 2023 and figures["437"].year == 2023
    assert figures["1737"].qualifier == "合计"


def test_an_amount_in_brackets_after_a_quoted_item_is_that_item_s() -> None:
    # `用于实施“内蒙古乌拉山化肥厂有限公司地块土壤污染状况初步调查项目”(723万元)和“…”(577万元)`
    named = {f.value: f.metric for f in _parsed("24_bayannaoer_sthjj_2023.txt")}
    assert named["723"] == "内蒙古乌拉山化肥厂有限公司地块土壤污染状况初步调查项目"
    assert named["577"] == "乌拉特前旗蓿亥滩污水暂存池应急工程地块土壤污染状况初步调查项目"


def test_pipe_rows_broken_before_every_rule_are_joined_and_aligned_right() -> None:
    # 11_daying: `项目决策` then `        | 数量指标`, `        | 宣传次数` …: one row; a cell's own line break
    # (`社会效益` / `       指标`) runs on; a row that leaves out the cells merged above it is padded at its end
    # on the page (`| ||`) and stands under the header's right edge here.
    text = (REAL / "11_daying_sxwmzj_2020.txt").read_text(encoding="utf-8")
    rows = [line for line in canonical_layout(text).split("\n\n") if "宣传次数" in line or "按质按量完成" in line]
    assert rows[0].split("\n")[1:] == ["\t项目决策", "\t数量指标", "\t宣传次数", "\t至少全年完成2次宣传", "\t已完成100%"]
    assert rows[1].split("\n")[:4] == ["\t", "\t", "\t质量指标", "\t创建质量"]
    assert "\t社会效益指标\n" in canonical_layout(text)


def test_a_target_said_in_words_is_its_indicator_s_planned_value() -> None:
    figures = _figures("11_daying_sxwmzj_2020.txt")
    assert figures["宣传次数（目标）"] == [2.0]
    assert figures["成本（目标）"] == [10.0] and figures["群众满意度（目标）"] == [90.0]
    # `按质按量完成` | `已完成100%`: words only in the target column, and the progress column is no target.
    assert not [m for m in figures if m.startswith(("按质按量完成", "1-12月", "不断提升"))]


def test_a_count_after_the_list_it_counts_is_named_by_the_counted_noun() -> None:
    # `有教務處、思政處、辦公室、后勤處、教研處、電教中心六個內設處室`: six offices, not six 电教中心.
    figures = _figures("32_kaiyang_myxzx_2022.txt")
    assert figures["内设处室"] == [6.0]
    assert "电教中心" not in figures


def test_indented_prose_on_a_page_of_broken_rows_stays_its_own_line() -> None:
    # Only a row's cells are joined: an indented paragraph after a heading is no cell of it.
    grid = "一级指标\n" + "".join(f"        | 指标{i}\n" for i in range(9))
    text = grid + "二、项目资金申报及使用情况\n    (一)项目资金申报及批复情况。\n"
    lines = [line.strip() for line in canonical_layout(text).split("\n")]
    assert "二、项目资金申报及使用情况" in lines and "(一)项目资金申报及批复情况。" in lines


def test_a_target_written_with_its_bound_is_a_value_cell_not_a_row_label() -> None:
    # bench/written_openings p18: `| 指标 | 年度目标值 | 实际完成值 | 分值 | 得分 |` over rows whose targets are
    # `≥48万人`, `≥90%`. Read as labels, they made the first row the header, and 分值 10 answered 满意度实际多少.
    path = Path(__file__).resolve().parents[3] / "bench" / "written_openings" / "p18_rsj_cxjmyl_2023.txt"
    figures = [f for f in parse_report(path, path.read_bytes(), Settings()).figures if f.kind != "prose"]
    reached = {f.metric: (f.number, f.target) for f in figures if f.kind == "target_actual"}
    assert reached["参保群众满意度"] == (93.7, "≥90%") and reached["参保人数"] == (48.62, "≥48万人")
    scored = {(f.metric, f.qualifier): f.number for f in figures if f.kind == "table_cell"}
    assert scored[("参保群众满意度", "分值")] == 10 and scored[("参保群众满意度", "得分")] == 9


def test_a_row_of_data_is_never_read_as_a_second_header_row() -> None:
    # bench/written_openings p23: `| 指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |` over a first row whose target
    # `≥1200家次` was no value cell; read as a second header row, it named the columns, and 灾情信息报送及时率's
    # target 100% answered what it reached (96%).
    path = Path(__file__).resolve().parents[3] / "bench" / "written_openings" / "p23_yjj_2023.txt"
    figures = [f for f in parse_report(path, path.read_bytes(), Settings()).figures if f.kind != "prose"]
    reached = {f.metric: (f.number, f.target) for f in figures if f.kind == "target_actual"}
    assert reached["灾情信息报送及时率"] == (96, "100%") and reached["安全生产执法检查企业数"] == (1286, "≥1200家次")


def test_a_row_with_amounts_ends_the_header_rows_whatever_its_units(tmp_path: Path) -> None:
    # `≤5个工作日` is no value cell, but 10 and 10 are: the row is data under the header, not part of it.
    text = ("四、绩效指标完成情况\n| 指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
            "| 平均办结时限 | ≤5个工作日 | 3个工作日 | 10 | 10 |\n| 群众满意度 | ≥90% | 92% | 10 | 9 |\n")
    path = tmp_path / "indicators.txt"
    path.write_text(text, encoding="utf-8")
    figures = parse_report(path, path.read_bytes(), Settings()).figures
    reached = {f.metric: f.number for f in figures if f.kind == "target_actual"}
    assert reached.get("群众满意度") == 92
    assert not any(f.qualifier and "工作日" in f.qualifier for f in figures)
