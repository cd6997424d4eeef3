"""Questions across departments and years — 哪个单位三公经费最多 / 自评得分低于90分的有哪些单位 / 哪些单位
三公经费比上年增加了 / 有几个单位预算执行率未达到95% / 财政局近三年的预算执行率 — read (pure) into what
is asked of each department (`AcrossAsk.metric`, a figure question of its own) and how the departments'
answers are then put together (ranked, filtered, compared with the year before, or laid out by year).

Only what the verify stage claims for a department enters the table: `qa/answerers/across.py` asks the
metric of each department on its own, and this module orders, filters and compares those claimed values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from index.text.numbers import MONEY_SCALE, in_money_unit
from index.text.vocabulary import CHANGE_WORDS, YEAR_DIGITS, unit_family
from qa.records import AcrossAsk

_UNIT_NOUN = r"(?:单位|部门|机构)"
# 哪个单位 / 哪些部门 / 有几个单位 / 各单位: the question is about the departments, not one of them.
_WHICH_UNITS = re.compile(rf"(?:有)?(?:哪些|哪个|哪几个|哪一个|哪几家|哪家)(?:{_UNIT_NOUN})")
_HOW_MANY_UNITS = re.compile(rf"(?:有)?(?:几个|多少个|几家|多少家)(?:{_UNIT_NOUN})")
_EACH_UNIT = re.compile(rf"(?:各个?|每个|所有|全部)(?:{_UNIT_NOUN})")
# …的单位有哪些 / …的是哪个单位 / 排名前五的部门: the departments named last.
_UNITS_LAST = re.compile(rf"的?(?:是)?(?:{_UNIT_NOUN})(?:都)?(?:是|有)?(?:哪些|哪几个|哪个|哪一个|哪家)?$")
_CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMBER = r"(?:\d+|[一二两三四五六七八九十])"
# 前五 / 排名前3 / 最多的三个: how many of the ranking are asked; 最多 / 最高 / 最少 / 最低: which end.
_TOP = re.compile(rf"(?:排名|排在)?(?P<end>前|后|倒数)(?P<n>{_NUMBER})(?:名|位|个)?")
_MOST = re.compile(r"最(?P<word>多|高|大|少|低|小)")
_RANKING = re.compile(r"排名|排序|排行|从高到低|从多到少|从低到高|从少到多")
_ASCENDING = re.compile(r"从低到高|从少到多")
_COUNT_AFTER_MOST = re.compile(rf"的?(?P<n>{_NUMBER})(?:个|家)(?:{_UNIT_NOUN})")
# 低于90分 / 未达到95% / 超过100万元 / 不低于90分: the comparison a filter makes, with its threshold.
_COMPARATORS = (("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("不高于", "<="), ("不超过", "<="),
                ("不多于", "<="), ("不大于", "<="), ("未达到", "<"), ("未达", "<"), ("没有达到", "<"),
                ("不到", "<"), ("不足", "<"), ("低于", "<"), ("少于", "<"), ("小于", "<"), ("高于", ">"),
                ("超过", ">"), ("多于", ">"), ("大于", ">"), ("达到", ">="))
_THRESHOLD = re.compile(
    rf"(?P<cmp>{'|'.join(w for w, _ in _COMPARATORS)})(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|分|万元|亿元|千元|元|人|个|项)?"
    r"(?P<after>以上|以下)?")
_AFTER_ONLY = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|分|万元|亿元|千元|元|人|个|项)?(?P<after>以上|以下)")
# 比上年增加 / 较上年减少 / 同比下降: the change a department's figure made against the year before.
_CHANGE = re.compile(r"(?:比|较|与)(?:上年|上一年|去年|前一年|上年度)(?:相比)?|同比")
_UP_WORDS = ("增加", "增长", "上升", "提高", "多")
_CHANGE_DIRECTION = re.compile(rf"(?:{'|'.join(CHANGE_WORDS)}|提高|多了|少了)")
# 近三年 / 最近3年 / 历年 / 2019年到2021年 / 2019-2021年: one department's figure laid out by year.
_RECENT_YEARS = re.compile(rf"(?:近|最近|过去)(?P<n>{_NUMBER})(?:个)?年(?:度)?(?:来)?")
_ALL_YEARS = re.compile(r"历年|逐年|各年度?|这几年|近几年")  # not 每年 (食堂每年花多少: a yearly amount)
# 近三年…一共下达了多少: the sum of the years, which a report states (2022-2024 年度报告), not a series.
# (合计 and 累计 are words of metrics' names: 收入合计, 累计结余.)
_SUMMED = re.compile(r"一共|总共|共计|加起来|合起来")
_YEAR_SPAN = re.compile(rf"(?P<a>{YEAR_DIGITS})\s*年?度?\s*(?:到|至|-|—|~|－)\s*(?P<b>{YEAR_DIGITS})\s*年?度?")
# What is left of the question once its cues are taken out: the particles and question words around them.
_LEFTOVER = re.compile(r"^(?:的|是|有|中|里|其中|报告|载有|载明|列有|公开了?|披露了?|，|,)+|(?:的|是|有|了|呢|吗|分别|都|各|情况|怎么样|如何|多少|是多少|"
                       r"为多少|有哪些|哪些|哪个|谁|在|，|,)+$")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _CHINESE_NUMBERS[text]


def across_ask(text: str) -> AcrossAsk | None:
    """What a question asks across departments or years, or None when it asks one department's figure.
    `text` is the question as cleaned, with the department it names (for a series) still in it."""
    text = text.rstrip("？?。！! ")
    series = _series(text)
    if series is not None:
        return series
    units = _WHICH_UNITS.search(text) or _HOW_MANY_UNITS.search(text) or _EACH_UNIT.search(text) \
        or _UNITS_LAST.search(text)
    counts = bool(_HOW_MANY_UNITS.search(text))
    threshold = _THRESHOLD.search(text) or _AFTER_ONLY.search(text)
    change = _CHANGE.search(text)
    direction = _CHANGE_DIRECTION.search(text, change.end()) if change else None
    top, most = _TOP.search(text), _MOST.search(text)
    rankings = list(_RANKING.finditer(text))
    ranking = rankings[0] if rankings else None
    if units is None and top is None and not (most and _COUNT_AFTER_MOST.search(text, most.end())):
        return None  # 三公经费最多是多少 without 哪个单位 asks one department's figure
    cues: list[re.Match[str]] = [m for m in (units, threshold, top, most, *rankings) if m is not None]
    if change is not None and direction is not None:
        ask = AcrossAsk("change", "", counts=counts,
                        direction="up" if any(w in direction.group() for w in _UP_WORDS) else "down")
        cues += [change, direction]
    elif threshold is not None:
        comparator = dict(_COMPARATORS).get(threshold.groupdict().get("cmp") or "",
                                            ">=" if threshold.group("after") == "以上" else "<=")
        ask = AcrossAsk("filter", "", counts=counts, comparator=comparator, threshold=Decimal(threshold.group("num")),
                        threshold_unit=threshold.group("unit"))
    elif top is not None or most is not None or ranking is not None:
        count_after = _COUNT_AFTER_MOST.search(text, most.end()) if most else None
        if count_after:
            cues.append(count_after)
        n = _number(top.group("n")) if top else (_number(count_after.group("n")) if count_after else None)
        lowest = (top is not None and top.group("end") != "前") or (most is not None and most.group("word") in "少低小") \
            or bool(_ASCENDING.search(text))
        if n is None and most is not None and units is not None and "哪些" not in units.group():
            n = 1
        ask = AcrossAsk("rank", "", counts=counts, lowest=lowest, top=n)
    elif units is not None and (counts or _EACH_UNIT.search(text)) and not _UNITS_LAST.search(text):
        ask = AcrossAsk("table", "", counts=counts)  # 各单位的三公经费 / 有几个单位载明三公经费
    else:
        return None  # 哪个单位负责… asks who, not a figure of each
    metric = _metric(text, cues)
    return AcrossAsk(**{**ask.__dict__, "metric": metric}) if metric else None


def _series(text: str) -> AcrossAsk | None:
    recent, every, span = _RECENT_YEARS.search(text), _ALL_YEARS.search(text), _YEAR_SPAN.search(text)
    cue = recent or every or span
    if cue is None or _WHICH_UNITS.search(text) or _HOW_MANY_UNITS.search(text) or _SUMMED.search(text):
        return None
    metric = _metric(text, [cue])
    if not metric:
        return None
    if span:
        first, last = sorted((int(span.group("a")), int(span.group("b"))))
        return AcrossAsk("series", metric, first_year=first, last_year=last)
    return AcrossAsk("series", metric, years=_number(recent.group("n")) if recent else None)


def _metric(text: str, cues: list[re.Match[str]]) -> str:
    """The question without its cues (哪些单位, 低于90分, 最多, 近三年 …): what each department is asked."""
    spans = sorted((m.start(), m.end()) for m in cues)
    kept, at = [], 0
    for start, end in spans:
        if start >= at:
            kept.append(text[at:start])
        at = max(at, end)
    kept.append(text[at:])
    pieces = [_LEFTOVER.sub("", piece.strip()) for piece in kept]
    return "".join(p for p in pieces if p).strip("，, ")


# The kind of quantity a genre metric is counted in, by how its name ends: 三公经费 in money, 执行率 in %,
# 自评得分 in 分, 实有人数 in people (a 三公经费变动率 of 100% is no 三公经费).
_METRIC_FAMILIES = (("率", "percent"), ("比例", "percent"), ("得分", "score"), ("总分", "score"), ("分数", "score"),
                    ("人数", "people"), ("编制", "people"), ("经费", "money"), ("资金", "money"), ("预算", "money"),
                    ("支出", "money"), ("收入", "money"), ("拨款", "money"), ("结转", "money"), ("结余", "money"),
                    ("决算", "money"), ("费", "money"))


def metric_family(metric: str) -> str | None:
    """The unit family a metric's name says it is counted in, or None when its name does not say."""
    name = metric.replace(" ", "").rstrip("是多少几？?")
    return next((family for suffix, family in _METRIC_FAMILIES if name.endswith(suffix)), None)


@dataclass(frozen=True)
class Value:
    """One department's claimed value, made comparable: a money amount in 万元, a rate in %, a count."""

    number: Decimal
    family: str | None


def comparable(value: str, number: float | None, unit: str | None) -> Value | None:
    """A claimed figure's value as compared across departments (money in 万元), or None when it is no
    number (优秀, a phone number)."""
    if number is None:
        return None
    amount = Decimal(str(value).replace(",", "")) if re.fullmatch(r"-?[\d,]+(?:\.\d+)?", str(value)) \
        else Decimal(str(number))
    if unit in MONEY_SCALE:
        return Value(in_money_unit(amount, unit, "万元"), "money")
    return Value(amount, unit_family(unit))


def threshold_value(ask: AcrossAsk) -> Value | None:
    """The filter's threshold in the same terms (90分, 95%, 100万元)."""
    if ask.threshold is None:
        return None
    unit = ask.threshold_unit
    if unit in MONEY_SCALE:
        return Value(in_money_unit(ask.threshold, unit, "万元"), "money")
    return Value(ask.threshold, unit_family(unit))


def passes(value: Value, ask: AcrossAsk) -> bool | None:
    """Does the value pass the filter? None when it cannot be compared (another kind of quantity)."""
    limit = threshold_value(ask)
    if limit is None:
        return None
    if limit.family is not None and value.family is not None and limit.family != value.family:
        return None
    return {"<": value.number < limit.number, "<=": value.number <= limit.number,
            ">": value.number > limit.number, ">=": value.number >= limit.number}[ask.comparator or ">="]
