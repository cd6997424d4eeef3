"""How `reportqa eval` judges an answer against a labelled value (qa/evaluate.py)."""

from __future__ import annotations

from qa.evaluate import evidence_shown, outcome, same_value, table_cells


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


def test_a_table_counts_its_cells() -> None:
    # A question across departments: each listed figure is a cell, judged against the gold cell of its
    # report; a cell of a report without a gold cell, or of another value, is a wrong number.
    item = {"kind": "table", "cells": [{"report": "a.txt", "value": 89, "unit": "分"},
                                       {"report": "b.txt", "value": 86, "unit": "分"}]}
    both = {"found": True, "figures": [{"report": "a.txt", "value": 89.0, "unit": "分", "kind": "table_cell"},
                                       {"report": "b.txt", "value": 86.0, "unit": "分", "kind": "prose"}]}
    assert table_cells(item, both) == (2, 0, 0) and outcome(item, both) == "right"
    one = {**both, "figures": both["figures"][:1]}
    assert table_cells(item, one) == (1, 1, 0) and outcome(item, one) == "refused"
    extra = {**both, "figures": [*both["figures"], {"report": "c.txt", "value": 70.0, "unit": "分", "kind": "prose"}]}
    assert table_cells(item, extra) == (2, 0, 1) and outcome(item, extra) == "wrong"
    assert table_cells(item, {**both, "found": False}) == (0, 2, 0)
    # A change: the computed figure is the cell; the two years it is computed from are its sources.
    change = {"kind": "table", "cells": [{"report": "a.txt", "value": -30.28, "unit": "万元"}]}
    computed = {"found": True, "figures": [{"report": "a.txt", "value": -30.28, "unit": "万元", "kind": "computed"},
                                           {"report": "a.txt", "value": 1490.08, "unit": "万元", "kind": "prose"},
                                           {"report": "a.txt", "value": 1520.36, "unit": "万元", "kind": "prose"}]}
    assert table_cells(change, computed) == (1, 0, 0)
