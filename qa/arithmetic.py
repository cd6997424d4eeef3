"""Differences, shares and sums the question asks for, computed from two looked-up figures.

`基本支出预算和决算差多少` splits into 基本支出预算 / 基本支出决算; `项目支出占支出合计的比例` into
项目支出 / 支出合计; `局机关和事务中心的收入合计加起来` into 局机关的收入合计 / 事务中心的收入合计.
Each side is looked up like any question; the result shows the formula and both sources.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from index.records import Figure
from index.text.vocabulary import (
    CHANGE_WORDS,
    COUNT_UNITS,
    MONEY_UNITS,
    YEAR_DIGITS,
    alternation,
    unit_alternation,
)
from qa.records import Operation
from qa.wordshare import held_in_order

_DIFFERENCE = re.compile(r"^(?P<left>.+?)(?:和|与|跟|及)(?P<b>[^和与跟及]+?)(?:之间)?(?:的)?(?:相差|差额|差距|差)(?:了)?(?:多少|几)")
_SHARE = re.compile(r"^(?P<a>.+?)占(?P<b>.+?)(?:的)?(?:比例|比重|百分之几|百分比|多少)")
# `及` and `合计` are left out: 局机关及二级机构 is a name and 收入合计 a metric, not a sum asked for.
_SUM = re.compile(r"^(?P<a>.+?)(?:和|与|加上)(?P<b>.+?)(?:的(?P<metric>[^的]+?))?(?:加起来|合起来|加在一起|总共|一共)(?:是)?(?:多少|几)")


# `公务接待费比上年减少了多少万元`: an amount (not a rate) of change against the previous year.
_YEAR_CHANGE = re.compile(
    rf"^(?P<a>.+?)(?:比|较|与|和|跟)(?:上年|上一年|去年|前一年|(?P<year>{YEAR_DIGITS})年(?:度)?)(?:相比|比)?[，,]?(?P<b>.*?)"
    rf"(?:{alternation(CHANGE_WORDS)}|多|少|变化)了?(?:多少|几)(?P<unit>{unit_alternation(MONEY_UNITS + COUNT_UNITS)})?")


def parse_operation(text: str) -> Operation | None:
    """The arithmetic a question asks for, if any."""
    text = text.rstrip("？?。 ")
    match = _YEAR_CHANGE.search(text)
    if match and (match.group("unit") or match.group("year")):
        # `2022年和2021年比，向上争取资金增加了多少`: the metric may follow the comparison.
        side = (match.group("a") + match.group("b")).strip("，, ")
        return Operation("year_change", side, side, int(match.group("year")) if match.group("year") else None)
    match = _SHARE.search(text)
    if match and "占比" not in match.group("a"):
        return Operation("share", match.group("a"), match.group("b"))
    match = _DIFFERENCE.search(text)
    if match:
        # `基本支出预算和决算`: the two sides are parallel words, so the left side's last characters
        # matching the right side's length are its own; what precedes is shared (基本支出).
        left, right = match.group("left"), match.group("b")
        if "的" in right:  # 局机关与事务中心的支出合计: the shared words come after
            entity, metric = right.split("的", 1)
            return Operation("difference", left + metric, entity + metric)  # in the order asked
        cut = len(left) - len(right) if len(left) > len(right) else 0
        base, a = left[:cut], left[cut:]
        return Operation("difference", base + right, base + a)
    match = _SUM.search(text)
    if match:
        metric = match.group("metric") or ""
        return Operation("sum", match.group("a") + metric, match.group("b") + metric)
    return None


# Words that frame a side without naming it (2019年用于公租房: 公租房 is what it names).
_FRAMING = re.compile(rf"{YEAR_DIGITS}年度?|用于|用在|的|其中")


def names_both_sides(operation: Operation, figure_label: str) -> bool:
    """Does one figure's name hold what tells the two sides of a sum apart (公租房 and 棚改 in
    …资金用于公租房保障和棚户区改造 合计)? Then the report states the whole, and adding a part to it
    would count that part twice."""
    first, second = operation.first, operation.second
    shared = 0
    while shared < min(len(first), len(second)) and first[-1 - shared] == second[-1 - shared]:
        shared += 1  # the metric both sides share (…中央省级资金)
    sides = [_FRAMING.sub("", side[:len(side) - shared]) for side in (first, second)]
    return all(held_in_order(side, figure_label) for side in sides)


def _places(*values: str) -> int:
    return max((len(v.split(".")[1]) if "." in v else 0) for v in values)


def label(figure: Figure) -> str:
    """A figure's name in a formula: entity, metric and column (`局机关收入合计`, `基本支出（决算金额）`)."""
    qualifier = f"（{figure.qualifier}）" if figure.qualifier else ""
    return f"{figure.entity or ''}{figure.metric}{qualifier}"


def compute(operation: Operation, first: Figure, second: Figure) -> tuple[str, str | None, str] | None:
    """(value as text, unit, formula) or None when the two figures cannot be combined (units differ)."""
    if first.number is None or second.number is None:
        return None
    a, b = Decimal(first.value), Decimal(second.value)
    if operation.kind == "share":
        if b == 0 or first.unit != second.unit:
            return None
        share = (a / b * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{share}", "%", f"{label(first)} {first.value} ÷ {label(second)} {second.value} × 100% = {share}%"
    if first.unit != second.unit:
        return None
    quantum = Decimal(1).scaleb(-_places(first.value, second.value))
    if operation.kind == "year_change":
        change = (a - b).quantize(quantum)
        rate = f"（{(change / b * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%）" if b else ""
        unit = first.unit or ""
        formula = (f"{first.year}年 {label(first)} {first.value}{unit} − {second.year}年 {label(second)} "
                   f"{second.value}{unit} = {change}{unit}{rate}")
        return f"{change}", first.unit, formula
    if operation.kind == "difference":
        result = (a - b).quantize(quantum)
        sign = "−"
    else:
        result = (a + b).quantize(quantum)
        sign = "+"
    unit = first.unit or ""
    formula = f"{label(first)} {first.value}{unit} {sign} {label(second)} {second.value}{unit} = {result}{unit}"
    return f"{result}", first.unit, formula
