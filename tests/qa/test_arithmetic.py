"""Which arithmetic a question asks for, and exact decimal results."""

from __future__ import annotations

import pytest

from index.records import Figure
from qa.answerers.computed import states_share
from qa.arithmetic import Operation, compute, names_both_sides, parse_operation
from qa.lexicon import load_lexicon
from qa.question_parser import parse_question
from qa.records import Claims, FigureHit, Turn


@pytest.mark.parametrize(
    "question, expected",
    [
        ("基本支出预算和决算差多少？", Operation("difference", "基本支出决算", "基本支出预算")),
        ("局机关与事务中心的支出合计相差多少？", Operation("difference", "局机关支出合计", "事务中心支出合计")),
        ("项目支出占支出合计的比例是多少？", Operation("share", "项目支出", "支出合计")),
        ("局机关和事务中心的收入合计加起来是多少？", Operation("sum", "局机关收入合计", "事务中心收入合计")),
        ("局机关及二级机构收入合计多少？", None),
        ("去年一共向上争取到多少个科技项目？", None),
        ("公务接待费比上年降低了多少？", None),  # a rate the report states, not arithmetic
        ("公务接待费比上年减少了多少万元？", Operation("year_change", "公务接待费", "公务接待费")),
    ],
)
def test_operations(question: str, expected: Operation | None) -> None:
    assert parse_operation(question) == expected


def _figure(metric: str, value: str, unit: str | None = "万元") -> Figure:
    return Figure(metric, value, float(value), unit, "table_cell", (), "", 0, 1)


def test_decimal_results_keep_the_written_precision() -> None:
    value, unit, formula = compute(Operation("difference", "", ""), _figure("决算", "569.67"), _figure("预算", "500.27")) or ("", "", "")
    assert (value, unit) == ("69.40", "万元") and formula.endswith("= 69.40万元")
    assert compute(Operation("sum", "", ""), _figure("a", "0.1"), _figure("b", "0.2"))[0] == "0.3"  # type: ignore[index]
    assert compute(Operation("share", "", ""), _figure("a", "262.78"), _figure("b", "1091.32"))[0] == "24.08"  # type: ignore[index]


def test_units_that_differ_are_not_combined() -> None:
    assert compute(Operation("sum", "", ""), _figure("a", "1", "万元"), _figure("b", "2", "个")) is None


def test_a_figure_naming_both_sides_of_a_sum_is_the_stated_whole() -> None:
    asked = parse_operation("2019年用于公租房和棚改的中央省级资金一共多少？")
    assert asked is not None and asked.kind == "sum"
    # 13_sichuan's total names 公租房 and 棚户区改造 (棚改 in order): the report states the whole
    assert names_both_sides(asked, "四川省城镇保障性安居工程中央和省级财政资金用于公租房保障和棚户区改造（合计）")
    assert not names_both_sides(asked, "中央财政专项资金")
    parts = parse_operation("局机关和事务中心的收入合计加起来是多少？")
    assert parts is not None and not names_both_sides(parts, "科技事务中心收入合计")


def test_a_share_the_report_states_is_read_not_computed() -> None:
    # Written here: `基本支出1892.07万元，占总支出的37.94%` — 1892.07 ÷ 4986.31 gives 37.95, the report says 37.94.
    def turn(question: str, figure: Figure) -> Turn:
        hit = FigureHit("r", "r", figure, 0.9, 1.0, {})
        return Turn(parse_question(question, load_lexicon()), None, None, claims=Claims(found=(((hit,), (hit,)),)))

    stated = Figure("基本支出占总支出", "37.94", 37.94, "%", "prose", (), "其中基本支出1892.07万元，占总支出的37.94%；", 0, 1)
    asked = parse_operation("基本支出占总支出的比例是多少？")
    assert states_share(turn("基本支出占总支出的比例是多少？", stated), asked)
    # `项目支出3094.24万元，占62.06%`: the share of an unnamed whole is the first side's.
    alone = Figure("项目支出占", "62.06", 62.06, "%", "prose", (), "项目支出3094.24万元，占62.06%。", 0, 1)
    assert states_share(turn("项目支出占总支出的比例是多少？", alone), parse_operation("项目支出占总支出的比例是多少？"))
    # An amount, or another share, is no statement of the share asked: it is computed.
    amount = Figure("基本支出", "1892.07", 1892.07, "万元", "prose", (), "其中基本支出1892.07万元", 0, 1)
    assert not states_share(turn("基本支出占总支出的比例是多少？", amount), asked)
    assert not states_share(turn("项目支出占总支出的比例是多少？", stated), parse_operation("项目支出占总支出的比例是多少？"))
