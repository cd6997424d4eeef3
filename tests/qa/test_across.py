"""Reading questions across departments and years (qa/across.py), pure: what each department is asked,
and how the claimed answers are ranked, filtered and compared."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from testdata import DATA

from qa.across import Value, across_ask, comparable, metric_family, passes


@pytest.mark.parametrize(("text", "kind", "metric"), [
    ("哪个单位三公经费最多？", "rank", "三公经费"),
    ("三公经费排名前五的部门", "rank", "三公经费"),
    ("自评得分最低的单位是哪个？", "rank", "自评得分"),
    ("各部门自评得分从高到低排名", "rank", "自评得分"),
    ("2021年自评得分低于90分的有哪些单位？", "filter", "2021年自评得分"),
    ("预算执行率未达到95%的单位有哪些？", "filter", "预算执行率"),
    ("有几个单位自评得分在90分以上？", "filter", "自评得分"),
    ("哪些单位三公经费比上年增加了？", "change", "三公经费"),
    ("有几个单位的报告载有三公经费？", "table", "三公经费"),
    ("各单位的三公经费分别是多少？", "table", "三公经费"),
    ("财政局近三年的预算执行率", "series", "财政局预算执行率"),
    ("科技局2019年到2021年的三公经费", "series", "科技局三公经费"),
])
def test_what_each_department_is_asked(text: str, kind: str, metric: str) -> None:
    ask = across_ask(text)
    assert ask is not None and (ask.kind, ask.metric) == (kind, metric)


def test_how_the_answers_are_put_together() -> None:
    most = across_ask("哪个单位三公经费最多？")
    assert most is not None and (most.top, most.lowest) == (1, False)
    five = across_ask("三公经费排名前五的部门")
    assert five is not None and five.top == 5
    lowest = across_ask("三公经费最少的三个单位是哪些？")
    assert lowest is not None and (lowest.top, lowest.lowest) == (3, True)
    below = across_ask("2021年自评得分低于90分的有哪些单位？")
    assert below is not None and (below.comparator, below.threshold, below.threshold_unit) == ("<", Decimal(90), "分")
    at_least = across_ask("有几个单位自评得分在90分以上？")
    assert at_least is not None and at_least.counts and at_least.comparator == ">="
    fewer = across_ask("有几个单位三公经费比上年减少？")
    assert fewer is not None and (fewer.direction, fewer.counts) == ("down", True)
    recent = across_ask("财政局近三年的预算执行率")
    assert recent is not None and recent.years == 3
    span = across_ask("科技局2021年到2019年的三公经费")
    assert span is not None and (span.first_year, span.last_year) == (2019, 2021)


@pytest.mark.parametrize("text", [
    "三公经费最多是多少？",  # one department's figure: no departments asked about
    "哪个单位负责防汛？",  # who, not a figure of each
    "科技局去年向上争取了多少资金？",
    "有哪些单位的报告？",  # the archive itself (qa/archive.py)
    "近三年新疆大气污染防治资金一共下达了多少？",  # a sum a report states, not a series
    "岳阳市科技局食堂每年花多少钱？",  # a yearly amount
])
def test_single_questions_are_not_read_across(text: str) -> None:
    assert across_ask(text) is None


def test_no_labelled_single_question_is_read_across() -> None:
    # Every question of the development sets asks one report's figure or passage: none may be taken for
    # a question across departments (it would be answered as a table of other departments' figures).
    paths = [DATA / "seed_qa.jsonl", DATA / "real" / "qa.jsonl", DATA / "fresh_qa.jsonl", DATA / "extra_qa.jsonl",
             DATA / "absent_qa.jsonl", DATA / "disclosures" / "qa.jsonl"]
    questions = [json.loads(line)["question"] for p in paths for line in p.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    assert len(questions) >= 490
    assert [q for q in questions if across_ask(q)] == []


def test_values_compare_in_one_unit() -> None:
    assert comparable("873617.00", 873617.0, "元") == Value(Decimal("87.3617"), "money")
    assert comparable("1.2", 1.2, "亿元") == Value(Decimal("12000.0"), "money")
    assert comparable("优秀", None, None) is None
    below = across_ask("哪些单位的年初预算低于100万元？")
    assert below is not None
    assert passes(comparable("873617.00", 873617.0, "元"), below) is True  # type: ignore[arg-type]
    assert passes(Value(Decimal(100), "money"), below) is False
    assert passes(Value(Decimal(5), "people"), below) is None  # 5 人 is not compared with 万元


def test_a_metric_says_its_kind_of_quantity() -> None:
    assert metric_family("三公经费") == "money"
    assert metric_family("预算执行率") == "percent"
    assert metric_family("自评得分") == "score"
    assert metric_family("实有人数") == "people"
    assert metric_family("评价等次") is None


def test_a_tables_cell_states_the_metric_itself() -> None:
    # A cell is held to more than a single answer: its own label says the metric's words (in order, a
    # few characters apart), in the kind of quantity the metric is counted in, and a score is the
    # evaluation's, not one indicator's.
    from index.records import Figure
    from qa.answerers.across import states_metric
    from qa.lexicon import load_lexicon
    from qa.question_parser import parse_question
    from qa.records import FigureHit

    lexicon = load_lexicon()

    def cell(question: str, metric: str, value: str, unit: str, qualifier: str | None = None) -> bool:
        figure = Figure(metric, value, float(value), unit, "table_cell", (), f"{metric}{value}{unit}", 0, 1,
                        qualifier=qualifier)
        side = parse_question(question, lexicon)
        side = replace(side, words=tuple(w for w in ("自评得分", "三公经费", "向上争取资金") if w in question))
        return states_metric(side, FigureHit("r", "r", figure, 0.9, 1.0, {}))

    assert cell("自评得分是多少分？", "绩效自评综合得分", "89", "分")
    assert not cell("自评得分是多少分？", "年度资金总额", "10", "分", qualifier="自评得分")  # one indicator's
    assert cell("三公经费是多少？", "三公经费", "1.58", "万元", qualifier="本年实际支出")
    assert not cell("三公经费是多少？", "三公经费变动率", "100", "%")  # a rate is no amount
    assert not cell("三公经费是多少？", "三公经费比上年减少", "0.3", "万元")  # a change, not asked
    assert not cell("向上争取资金是多少？", "争取上级资金", "1250.5", "万元")  # not its own words
