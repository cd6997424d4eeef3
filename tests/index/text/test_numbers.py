"""Numbers as written: units, separators, full-width forms, Chinese numerals, what is not a figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.text.normalize import normalize_text
from index.text.numbers import find_numbers, parse_cell_number
from index.text.vocabulary import unit_family


@pytest.mark.parametrize(
    "cell, value, unit",
    [
        ("1,156.44", "1156.44", None),
        ("1156.44万元", "1156.44", "万元"),
        ("￥1,156.44", "1156.44", None),
        ("-3.2%", "-3.2", "%"),
        ("（12）", "-12", None),
        ("10.80", "10.80", None),
        ("57人", "57", "人"),
    ],
)
def test_cell_numbers(cell: str, value: str, unit: str | None) -> None:
    parsed = parse_cell_number(cell)
    assert parsed is not None and (parsed.value, parsed.unit) == (value, unit)


def test_full_width_cell_after_normalization() -> None:
    parsed = parse_cell_number(normalize_text("１１５６．４４"))
    assert parsed is not None and parsed.number == Decimal("1156.44")


@pytest.mark.parametrize("cell", ["局机关", "", "2021年", "指标1："])
def test_text_cells_are_not_numbers(cell: str) -> None:
    assert parse_cell_number(cell) is None


def test_prose_numbers_with_units() -> None:
    found = find_numbers("完成技术成果登记53项，技术合同成交额65.59亿元，同比增长278.57%、67.53%；资金3600万，安排项目100余个")
    assert [(m.value, m.unit, m.approx) for m in found] == [
        ("53", "项", False), ("65.59", "亿元", False), ("278.57", "%", False), ("67.53", "%", False),
        ("3600", "万", False), ("100", "个", True),
    ]


def test_square_kilometres_are_an_area_not_a_length() -> None:
    found = find_numbers("计划完成水土流失治理面积15平方公里，实际完成16.8平方公里，新建道路3.2公里")
    assert [(m.value, m.unit) for m in found] == [("15", "平方公里"), ("16.8", "平方公里"), ("3.2", "公里")]
    assert unit_family("平方公里") == "area" and unit_family("公里") == "length"


def test_years_dates_ordinals_and_document_numbers_are_not_figures() -> None:
    assert find_numbers("至2021年12月31日，第3项，岳市科发〔2013〕4号，指标1：") == []


def test_chinese_numerals_with_count_units() -> None:
    found = find_numbers("市级科技创新团队十二个，派出一名干部，新建农家书屋两家，牢固树立“四个意识”")
    assert [(m.value, m.unit) for m in found] == [("12", "个"), ("1", "名"), ("2", "家")]


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_parse_back_to_what_was_written(value: Decimal) -> None:
    written = f"{value:,.2f}"
    parsed = parse_cell_number(written)
    assert parsed is not None and parsed.number == value
    in_prose = find_numbers(f"支出{written}万元。")
    assert [m.number for m in in_prose] == [value]


def test_counters_of_aircraft_and_teams_but_not_words_they_begin() -> None:
    # 02_yunnan_yjt_zrzhzj_2022 (real): the aircraft rented are counted in 架; a team in 支 — but 支出,
    # 支付 and 支部 after a number are other words.
    found = find_numbers("2022年云南省租用6架航空应急救援直升机开展森林航空消防工作")
    assert [(m.value, m.unit) for m in found] == [("6", "架")]
    assert [(m.value, m.unit) for m in find_numbers("组建专业扑火队伍4支、飞行120架次")] == [("4", "支"), ("120", "架次")]
    assert find_numbers("党员3支部") == []
    assert find_numbers("项目12支出") == []
