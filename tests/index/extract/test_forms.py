"""The 自评表 template read from real published copies in four layouts (tests/data/real)."""

from __future__ import annotations

from testdata import DATA

from index.extract.forms import Cell, _place_row, cells_of, form_figures, split_glued_numbers
from index.records import Figure

REAL = DATA / "real"


def figures_of(name: str) -> list[Figure]:
    return form_figures((REAL / name).read_text(encoding="utf-8"), lambda _: (), year=None)


def find(figures: list[Figure], metric: str, qualifier: str | None = None) -> list[Figure]:
    return [f for f in figures if f.metric == metric and f.qualifier == qualifier]


def values(figures: list[Figure], metric: str, qualifier: str | None = None) -> list[str]:
    return [f.value for f in find(figures, metric, qualifier)]


def test_pipe_rows_broken_mid_row_are_read_by_the_template():
    figures = figures_of("03_yongde_mlzx_yygs_2022.txt")
    assert values(figures, "主管部门") == ["永德县教育体育局"]
    assert values(figures, "项目名称") == ["义务教育营养改善计划专项资金"]
    # The 年初预算数 cell is missing; the 执行率 cell places the others, and 387664.62/387664.62 = 100% confirms it.
    assert values(figures, "年度资金总额", "全年预算数") == ["387664.62"]
    assert find(figures, "年度资金总额", "全年预算数")[0].unit == "元"
    assert values(figures, "年度资金总额", "年初预算数") == []
    assert values(figures, "资金到位及时率", "得分") == ["7"]
    known = find(figures, "政策知晓率")[0]
    assert (known.value, known.unit, known.target) == ("98", "%", "═100%")
    assert values(figures, "学生受资助人数") == ["735"]
    assert values(figures, "总分") == ["96"] and values(figures, "自评等级") == ["优"]
    # A qualitative row (有效 / 有效) is not read as an indicator named 有效.
    assert find(figures, "有效") == []


def test_glued_cells_are_cut_at_template_labels_and_numbers_split_by_the_rate():
    figures = figures_of("04_hengshan_swlsj_cbl_2020.txt")
    assert values(figures, "负责人及电话") == ["旷建成、向建军"]
    assert values(figures, "县级主管部门") == ["衡山县商务和粮食局"]
    assert values(figures, "实施单位") == ["粮食调控储备与产业发展股"]
    assert values(figures, "年度资金总额", "全年预算数") == ["194.9"]
    assert values(figures, "年度资金总额", "执行率") == ["100"]


def test_one_cell_per_line_form_with_person_and_phone_in_one_cell():
    figures = figures_of("34_xianning_sthjj_dqwr_2021.txt")
    assert values(figures, "负责人及电话") == ["潘志明"]
    assert values(figures, "负责人电话") == ["13329984226"]
    assert values(figures, "中央资金", "全年预算数") == ["871"]
    assert values(figures, "年度资金总额", "全年执行数") == ["0"]
    built = find(figures, "建设环境空气质量自动监测子站")[0]
    assert (built.value, built.target) == ("0", "11个")


def test_indicator_columns_follow_the_header_order():
    # Here 分值 comes before 年度指标值: a fixed column order would read the weight as the target.
    figures = figures_of("20_suixi_mzj_lsjz_2019.txt")
    supported = find(figures, "特困人员救助供养人数(按月平均)")[0]
    assert (supported.value, supported.target, supported.unit) == ("4604", ">=4754人", "人")
    assert values(figures, "特困人员救助供养人数(按月平均)", "得分") == ["5"]
    assert values(figures, "农村低保标准") == ["583"]
    assert values(figures, "年度资金总额", "全年预算数") == ["30"]


def test_label_row_over_value_row_and_year_columns():
    figures = figures_of("07_hengshan_gtx_2023.txt")
    assert values(figures, "编制数") == ["46"]
    assert values(figures, "2023年实际在职人数") == ["50"]
    spent = find(figures, "公用经费", "2023年决算数")[0]
    assert (spent.value, spent.unit, spent.year) == ("193.42", "万元", 2023)
    assert values(figures, "年度资金总额", "年初预算数") == ["861.10"]
    assert values(figures, "基本支出") == ["900.47"]


def test_contact_fields_of_a_cover_one_cell_per_line():
    figures = figures_of("06_yueyangxian_xkz_2021.txt")
    assert values(figures, "联系人") == ["张颖慧"]
    assert values(figures, "联络电话") == ["0730-7802036"]
    assert values(figures, "人员编制") == ["128"]


def test_reports_without_the_template_give_no_form_figures():
    for name in ("01_deqin_rdcwh_2021.txt", "10_futian_mzj_knqz_2021.txt", "16_danzhou_fy_2018.txt"):
        assert figures_of(name) == [], name


def test_glued_numbers_are_read_every_possible_way_and_the_rate_picks_one():
    readings = split_glued_numbers("194.9194.9100%", 3)
    assert readings == [["194.9", "194.9", "100%"], ["194.91", "94.9", "100%"]]
    columns = ["全年预算数", "全年执行数", "执行率"]
    assert [r for r in readings if _place_row(columns, r)] == [["194.9", "194.9", "100%"]]
    assert split_glued_numbers("1.2.3", 2) == []  # no reading gives two numbers


def test_a_row_that_does_not_line_up_is_not_placed():
    columns = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert _place_row(columns, ["100", "90", "10", "90%", "9"]) is not None
    # Without a rate there is nothing to anchor the five values on.
    assert _place_row(columns, ["100", "90", "10", "9", "9"]) is None
    # A rate that 执行数/预算数 does not give means the values are not where the anchor puts them.
    assert _place_row(columns, ["100", "50", "10", "90%", "9"]) is None


def test_cells_keep_their_offsets():
    text = "项目名称 | 某项目 |\n主管部门\n某局"
    cells = cells_of(text)
    assert [c.text for c in cells] == ["项目名称", "某项目", "主管部门", "某局"]
    assert all(text[c.start:c.end] == c.raw for c in cells)
    assert isinstance(cells[0], Cell)


def test_a_whole_form_on_one_line_with_single_spaces():
    figures = figures_of("21_jishan_zdwsy_jbgw_2021.txt")
    assert values(figures, "主管部门") == ["稷山县卫生健康和体育局"]
    assert values(figures, "实施单位") == ["稷山县翟店镇卫生院"]
    assert not [f for f in figures if f.metric[:1].isdigit()]  # `8例` is a value, never a label


def test_indicator_rows_glued_into_one_run_are_cut_by_the_grid_they_must_fit():
    figures = figures_of("26_liangping_lyj_2023.txt")
    # `森林火灾受害率%0.910010` under 指标值 · 指标权重 · 全年完成值 · 指标得分: 0.9 | 10 | 0 | 10.
    fire = find(figures, "森林火灾受害率")[0]
    assert (fire.value, fire.unit, fire.target) == ("0", "%", "0.9%")
    pests = find(figures, "主要林业有害生物成灾率")[0]
    assert (pests.value, pests.target) == ("0.1", "0.4%")
    # `901010010`: 90 | 10 | 100 | 10, not 9010 | 10 | 0 | 10 (a rate's target above 100%).
    assert [(f.value, f.target) for f in find(figures, "天然林和公益林管护当期任务完成率")] == [("100", "90%")]
    assert values(figures, "国家级公益林管护面积", "得分") == []  # the score stays in the row's quote
    assert find(figures, "国家级公益林管护面积")[0].quote == "国家级公益林管护面积万亩：目标 28，实际 8，分值 10，得分 10"


def test_a_glued_row_is_read_only_when_one_cut_fits():
    head = "绩效指标指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
    # 100 | 5 | 51005 | 5, 100 | 55 | 100 | 55 and 1005 | 5 | 1005 | 5 all give a full score: left unread.
    figures = form_figures(head + "水库除险加固座数座1005510055" + "农村饮水安全覆盖率%952010020", lambda _: (), year=None)
    assert find(figures, "水库除险加固座数") == []
    covered = find(figures, "农村饮水安全覆盖率")[0]
    assert (covered.value, covered.target) == ("100", "95%")
    # The same numbers with no header naming their columns are not cut at all.
    assert find(form_figures("农村饮水安全覆盖率%952010020", lambda _: (), year=None), "农村饮水安全覆盖率") == []
