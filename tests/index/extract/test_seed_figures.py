"""Figures extracted from the seed report: values exact, with entity, unit, section and source span."""

from __future__ import annotations

from decimal import Decimal

from index.records import Figure, ParsedReport
from index.text.numbers import find_numbers, parse_cell_number


def _find(seed: ParsedReport, metric: str, value: str, **fields: object) -> list[Figure]:
    return [
        f for f in seed.figures
        if f.metric == metric and f.value == value and all(getattr(f, k) == v for k, v in fields.items())
    ]


def test_issue_figures_are_extracted_with_entity_and_unit(seed: ParsedReport) -> None:
    assert _find(seed, "向上争取资金", "9783.6", unit="万元")
    assert _find(seed, "收入合计", "1156.44", unit="万元", entity="局机关及二级机构汇总", kind="table_cell")
    assert _find(seed, "人员编制", "41", kind="label_value", unit="人")
    assert _find(seed, "实有人数", "38", kind="label_value", unit="人")
    assert _find(seed, "绩效自评综合得分", "97", unit="分")
    assert _find(seed, "技术合同成交额", "65.59", unit="亿元")
    assert _find(seed, "公务接待费", "1.46", unit="万元", entity="局机关", kind="table_cell")


def _reads_as(source: str) -> Decimal | None:
    cell = parse_cell_number(source)
    if cell is not None:
        return cell.number
    found = find_numbers(source)
    return found[0].number if found else None


def test_every_figure_points_at_its_text(seed: ParsedReport) -> None:
    """The span of every figure in the stored text reads back as the figure's value (`一名` is 1)."""
    for figure in seed.figures:
        source = seed.text[figure.start:figure.end]
        if figure.number is None:
            assert source.strip() == figure.value, figure
        else:
            assert _reads_as(source) == Decimal(figure.value), (figure, source)
        assert figure.quote


def test_prose_numbers_keep_the_decimal_string_as_written(seed: ParsedReport) -> None:
    budget = _find(seed, "项目支出", "10.80", kind="prose")
    assert budget and budget[0].number == 10.8 and budget[0].unit == "万元"


def test_list_of_rates_maps_to_the_subjects_before_it(seed: ParsedReport) -> None:
    assert _find(seed, "技术成果登记同比增长", "278.57", unit="%")
    assert _find(seed, "技术合同登记同比增长", "67.53", unit="%")
    assert _find(seed, "技术合同成交额同比增长", "402.77", unit="%")
    assert _find(seed, "科技型中小企业入库同比增长", "28.71", unit="%")
    assert _find(seed, "高新技术企业同比增长", "32.62", unit="%")


def test_comparison_is_named_after_its_subject(seed: ParsedReport) -> None:
    figure = _find(seed, "公务接待费实际支出比上年降低", "23.16", unit="%")
    assert figure and "比上年降低23.16%" in figure[0].quote


def test_generic_money_word_takes_the_item_before_it(seed: ParsedReport) -> None:
    assert _find(seed, "中央引导地方科技发展专项计划资金", "660", unit="万元")
    assert _find(seed, "创新型省份建设专项", "5623.6", unit="万元")
    assert _find(seed, "省十大核心技术攻关项目资金", "3600", unit="万元")  # written `3600万`


def test_conflicting_figures_are_all_kept_with_sources(seed: ParsedReport) -> None:
    high_tech = [f for f in seed.figures if "高新技术企业" in f.metric and f.unit == "家"]
    values = {f.value for f in high_tech}
    assert {"618", "359"} <= values
    assert len({f.section for f in high_tech if f.value in ("618", "359")}) >= 2


def test_target_and_actual_are_paired(seed: ParsedReport) -> None:
    pairs = {(f.metric, f.target, f.value) for f in seed.figures if f.kind == "target_actual"}
    assert ("向上争取科技项目", "200个", "271") in pairs
    assert ("争取项目资金", "5000万元", "9783.6") in pairs
    assert ("科技型中小企业入库", "500家", "529") in pairs
    assert ("培育高新技术企业", "600家", "618") in pairs


def test_subject_entity_is_taken_from_the_sentence(seed: ParsedReport) -> None:
    assert _find(seed, "实际在职人员", "25", entity="局本级", unit="人")
    assert _find(seed, "部门实际在职人员", "38", entity=None)
    assert _find(seed, "内设机构", "12", entity="局本级", unit="个")


def test_table_column_years_and_item_rows(seed: ParsedReport) -> None:
    last_year = _find(seed, "公务接待费", "1.90", kind="table_cell")
    assert last_year and last_year[0].year == 2020 and last_year[0].qualifier == "局部门 2020"
    assert _find(seed, "公务接待费", "1.46", year=2021, qualifier="局部门 2021")


def test_text_fields_stay_text(seed: ParsedReport) -> None:
    phone = _find(seed, "联络电话", "07308843287")
    assert phone and phone[0].number is None
    grade = _find(seed, "评价等次", "优秀")
    assert grade and grade[0].number is None and grade[0].unit is None


def test_figures_carry_section_path_and_chunk(seed: ParsedReport) -> None:
    figure = _find(seed, "向上争取科技项目", "271", kind="prose")[0]
    assert figure.section == ("一、部门（单位）基本概况", "年度部门（单位）总体运行情况及取得的成绩")
    chunk = next(c for c in seed.chunks if c.id == figure.chunk_id)
    assert "累计向上争取科技项目共271个" in chunk.text


def test_metadata_of_the_seed(seed: ParsedReport) -> None:
    meta = seed.meta
    assert meta.department == "岳阳市科学技术局"
    assert meta.budget_code == "21201"
    assert meta.fiscal_year == 2021
    assert meta.report_date == "2022-06-10"
    assert meta.eval_type == "整体支出"
    assert (meta.score, meta.grade) == ("97", "优秀")
