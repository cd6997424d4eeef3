"""How `reportqa eval` judges an answer against a labelled value (qa/evaluate.py)."""

from __future__ import annotations

from qa.evaluate import evidence_shown, outcome, same_value


def test_money_in_another_unit_is_the_same_amount_when_it_rounds_to_the_gold() -> None:
    assert same_value(31214205.8, 3121.42, got_unit="元", gold_unit="万元")
    assert not same_value(31214205.8, 3121.43, got_unit="元", gold_unit="万元")


def test_a_gold_written_in_characters_is_the_number_it_reads_as_in_its_counter() -> None:
    # 32_kaiyang's `電教中心六個內設處室`: the set labels the answer 六個; the engine reads 6 个.
    assert same_value(6.0, "六個", got_unit="个")
    assert not same_value(6.0, "六個", got_unit="名")  # another counter counts something else
    assert not same_value(7.0, "六個", got_unit="个")
    assert not same_value(6.0, "六個內設處室", got_unit="个")  # more than a number: words compare as words
    assert same_value("財政全額撥款", "财政全额拨款")


def test_an_answer_counts_right_refused_or_wrong() -> None:
    item = {"kind": "figure", "value": 1.46, "unit": "万元"}
    found = {"found": True, "figures": [{"value": 1.46, "unit": "万元"}], "passages": []}
    assert outcome(item, found) == "right"
    assert outcome(item, {**found, "figures": [{"value": 0.28, "unit": "万元"}]}) == "wrong"
    assert outcome(item, {**found, "found": False}) == "refused"
    assert outcome({"kind": "absent"}, {**found, "found": False}) == "right"


def test_a_refused_passage_question_still_counts_whether_its_evidence_was_shown() -> None:
    item = {"kind": "passage", "evidence": "发现原计划建设内容不适合现状"}
    shown = {"found": False, "figures": [], "passages": [{"text": "无关"}, {"text": "在准备开始建设时,发现原计划建设内容不适合现状。"}]}
    assert outcome(item, shown) == "refused" and evidence_shown(item, shown)
    assert not evidence_shown(item, {**shown, "passages": [{"text": "无关"}] * 3 + [{"text": "发现原计划建设内容不适合现状"}]})
