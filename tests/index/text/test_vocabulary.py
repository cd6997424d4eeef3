"""The shared vocabulary: the figure reader and the question reader agree on the genre's words."""

from __future__ import annotations

import pytest

from index.text.numbers import find_numbers, parse_cell_number
from index.text.vocabulary import (
    ASKED_YEAR,
    ASKS_CHANGE,
    BARE_YEAR,
    BASELINE_WORDS,
    CHANGE_BEFORE_NUMBER,
    CHANGE_WORDS,
    CHARACTER_NUMERAL_COUNTERS,
    COUNT_UNITS,
    NOUN_COUNTERS,
    STARTS_WITH_CHANGE,
    STATES_CHANGE,
    UNIT_FAMILIES,
    YEAR_MENTION,
    alternation,
    funding_levels,
    government_levels,
    label_unit,
    unit_family,
)


def test_every_word_asking_a_change_makes_a_figure_a_change() -> None:
    # A question `比去年增长了多少` must be answerable by a figure named `…比去年增长`: the two readers
    # once disagreed on 比去年, 上升 and 降幅.
    for word in CHANGE_WORDS + BASELINE_WORDS:
        assert ASKS_CHANGE.search(word), word
        assert STATES_CHANGE.search("公务接待费" + word), word
        assert STARTS_WITH_CHANGE.match(word), word
        assert CHANGE_BEFORE_NUMBER.search(word), word


def test_change_words_in_real_sentences() -> None:
    assert STARTS_WITH_CHANGE.match("比2024年预算增加")
    assert STATES_CHANGE.search("一般公共预算支出比上年减少")
    assert not STATES_CHANGE.search("向上争取资金")
    assert not STARTS_WITH_CHANGE.match("公务接待费比上年降低")  # the subject comes first: not a change phrase at the start


@pytest.mark.parametrize(("text", "year"), [
    ("岳阳市2021年度部门整体支出绩效评价自评报告", 2021),
    ("2023 年度", 2023),
    ("截至2022年底", 2022),
])
def test_year_mentions(text: str, year: int) -> None:
    match = YEAR_MENTION.search(text)
    assert match and int(match.group(1)) == year


def test_a_number_is_not_a_year() -> None:
    assert YEAR_MENTION.search("收入120215年") is None  # part of a longer number
    assert ASKED_YEAR.search("资金20215万元") is None
    assert int(ASKED_YEAR.search("2021向上争取资金").group(1)) == 2021  # a question may write the year bare
    assert BARE_YEAR.match(" 2020 ") and not BARE_YEAR.match("2020年")


def test_unit_families_and_counters() -> None:
    assert unit_family("万元") == "money" and unit_family("万元/台") == "money"
    assert unit_family("人次") == "people" and unit_family("万人次") == "people"
    assert unit_family("个百分点") == "percent"
    assert unit_family("家") == "count:家"
    assert unit_family(None) is None
    assert set(CHARACTER_NUMERAL_COUNTERS) <= set(COUNT_UNITS)
    assert NOUN_COUNTERS <= set(COUNT_UNITS)


@pytest.mark.parametrize("family", sorted(UNIT_FAMILIES))
def test_the_number_reader_reads_every_unit_of_a_family(family: str) -> None:
    for unit in UNIT_FAMILIES[family]:
        parsed = parse_cell_number("12" + unit)
        assert parsed is not None and parsed.unit == unit, unit


def test_character_numerals_count_only_with_their_counters() -> None:
    assert [(m.number, m.unit) for m in find_numbers("新建三个站点")] == [(3, "个")]
    assert find_numbers("一期工程已完工") == []  # 一期 names a phase, not the number one


def test_label_units() -> None:
    assert label_unit("在职人数") == "人"
    assert label_unit("编制数") == "人"
    assert label_unit("自评得分") == "分"
    assert label_unit("项目资金") is None


def test_alternation_tries_the_longest_word_first() -> None:
    assert alternation(("合格", "不合格")) == "不合格|合格"


def test_levels_of_government_a_text_names() -> None:
    assert government_levels("市县层面安排了多少困难群众救助资金") == {"city", "county"}
    assert government_levels("收到中央下达困难群众救助补助资金") == {"central"}
    assert government_levels("(二)省内资金安排、分解下达预算") == {"province"}
    assert government_levels("四川省城镇保障性安居工程中央和省级财政资金") == {"central", "province"}
    assert government_levels("四川省住房和城乡建设厅") == frozenset()  # a place's name is no level


def test_local_money_is_any_level_below_the_centre() -> None:
    assert funding_levels("地方财政资金") == {"province", "city", "county"}
    assert funding_levels("其中:中央财政资金") == {"central"}
    assert not funding_levels("中央财政资金") & funding_levels("地方资金")
