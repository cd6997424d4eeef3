"""The standard metrics `reportqa prepare` readies, and a claim stored as text and read back."""

from __future__ import annotations

import pytest

from index.records import Figure
from qa.claim_codec import claim_from_text, claim_text
from qa.lexicon import load_lexicon
from qa.question_parser import parse_question
from qa.records import FigureHit
from qa.standard_metrics import StandardMetric, load_standard_metrics, parse_standard_metrics


def test_the_list_is_read_with_its_units_and_comments() -> None:
    assert parse_standard_metrics("# 注释\n三公经费\t万元\n等次\t\n\n自评得分\t分\n") == [
        StandardMetric("三公经费", "万元"), StandardMetric("等次", ""), StandardMetric("自评得分", "分")]
    shipped = load_standard_metrics()
    assert len(shipped) >= 15 and {"三公经费", "自评得分", "收入合计", "预算执行率"} <= {m.metric for m in shipped}


@pytest.mark.parametrize("year", [None, 2021])
def test_every_standard_metric_is_asked_as_a_question_across_departments(year: int | None) -> None:
    lexicon = load_lexicon()
    for metric in load_standard_metrics():
        questions = metric.questions(year)
        assert len(questions) == (2 if metric.unit else 1)
        for question in questions:
            ask = parse_question(question, lexicon).across
            assert ask is not None, question
            named = f"{year}年{metric.metric}" if year else metric.metric
            assert ask.metric == named.replace("（", "(").replace("）", ")"), question
        if metric.unit:
            assert parse_question(questions[1], lexicon).across.threshold_unit == metric.unit  # type: ignore[union-attr]


def test_a_claim_reads_back_as_it_was_stored() -> None:
    figure = Figure("三公经费", "1.58", 1.58, "万元", "table_cell", ("三、部门整体支出", "（二）三公经费"), "三公经费 1.58",
                    120, 124, entity="局机关", qualifier="2021年决算数", year=2021, chunk_id="c7")
    hit = FigureHit("岳阳市科学技术局", "r1", figure, 0.9731, 0.8, {"metric": 1.0, "logit": 3.25, "confidence": 0.97},
                    ("合计",), "岳阳市科学技术局")
    assert claim_from_text(claim_text(hit)) == hit
    assert claim_from_text(claim_text(None)) is None
