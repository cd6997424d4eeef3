"""Does a figure's own evidence account for what the question pins down? Its label (metric, column, row,
the heading it stands under) against the question's *which*: a qualifier sibling (行政 / 事业 编制, 城市 /
农村 低保), the side of a target–actual pair or of a budget and its execution, the level of government
the money comes from, the batch it was sent in, the period it is of (上半年, 截至6月底, 上年), whether it
was planned (a target named), and the kind of value (a rate named, a share, a standard per person, a
total). Pure functions of the question and the figure: the verify stage (qa/verify.py) refuses a
candidate any of them objects to."""

from __future__ import annotations

import re

from index.records import Figure
from index.text.vocabulary import (
    ACTUAL_HEADERS,
    ACTUAL_PHASE,
    ACTUAL_WORDS,
    BOUND_WORDS,
    BUDGET_PHASE,
    BUDGET_WORDS,
    PARTS_OPEN,
    PER_HEAD,
    PLAN_VERBS,
    TARGET_HEADERS,
    alternation,
    batches_named,
    funding_levels,
    government_levels,
    names_member,
    unit_family,
)
from qa.evidence import figure_evidence
from qa.features import figure_label
from qa.records import FigureHit, Question

# Words that say which phase, column or total of one measure a value is (年初预算 beside 决算, 目标 beside
# 实际完成, 总数 beside the count): a value whose metric differs from the answer's only by them is another
# value of the same thing. Any other word changes the measure (人均 of 公务接待费, 出租 of 固定资产, 结余
# of 追加专项).
SAME_MEASURE_WORDS = frozenset({*BUDGET_WORDS, *ACTUAL_WORDS, *TARGET_HEADERS, *ACTUAL_HEADERS,
                                  "合计", "小计", "总计", "总数", "总额", "目标", "本年", "全年", "数"})


def own_label(figure: Figure) -> str:
    """What names a figure itself: its metric, column (qualifier), organisation, the items whose
    parenthesis encloses it and the heading it stands under — not the rest of its sentence, which names
    its neighbours too (在职139人、退休8人)."""
    heading = figure.section[-1] if figure.section else None
    return " ".join(part for part in (figure_label(figure), own_item(figure), figure.target, *enclosing_items(figure),
                                      listed_under(figure), heading) if part)


_ITEM_BREAK = "，,；;。:：、(（"


def value_at(text: str, value: str) -> int:
    """Where the value stands in the text as a number of its own (0 of `决算数 0`, not of 2022), or -1 —
    written with thousands separators or not (8905.31 stands in `实际支出8,905.31万元`)."""
    whole, dot, rest = value.partition(".")
    digits = ",?".join(map(re.escape, whole)) if whole.isdigit() else re.escape(whole)
    found = re.search(rf"(?<![\d.])(?<!\d,){digits}{re.escape(dot + rest)}(?![\d])", text)
    return found.start() if found else -1


def before_value(figure: Figure) -> str:
    """The words of the figure's sentence before its value (the whole sentence when the value cannot be
    placed in it)."""
    at = value_at(figure.quote, figure.value)
    return figure.quote[:at] if at >= 0 else figure.quote


def own_item(figure: Figure) -> str:
    """The words right before the value in its sentence, back to the previous item's end (全年预算 of
    `年初预算1865.4万元,全年预算2310.6万元`): what the metric may have shortened (全年 is dropped as a
    filler), without the neighbours of an enumeration (在职139人、退休8人)."""
    at = value_at(figure.quote, figure.value)
    if at <= 0:
        return ""
    return figure.quote[max(figure.quote.rfind(c, 0, at) for c in _ITEM_BREAK + ")）") + 1:at]


def listed_under(figure: Figure) -> str:
    """The whole a 其中 list's item is part of: 项目支出 of `项目支出2604.1万元,其中:案件审判414.35万元;
    案件执行6.25万元` for 6.25 (the clause before 其中 that opens the list the value stands in), or ''."""
    at = value_at(figure.quote, figure.value)
    # A 其中 inside a parenthesis closed before the value (`总投资3374.3万元(其中建筑工程3292万元),三批项目…`)
    # opened that parenthesis's list, not the value's.
    opens = [m for m in PARTS_OPEN.finditer(figure.quote, 0, at)
             if not _closes_before(figure.quote, m.end(), at)] if at > 0 else []
    if not opens:
        return ""
    head = figure.quote[:opens[-1].start()].rstrip("，,；; ")
    return head[max(head.rfind(c) for c in "，,；;。 |\n\t") + 1:]  # its clause: a form's run is cut at a cell


def _closes_before(text: str, start: int, end: int) -> bool:
    """Does a parenthesis open before `start` close between it and `end`?"""
    depth = 0
    for char in text[start:end]:
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth -= 1
            if depth < 0:
                return True
    return False


def enclosing_items(figure: Figure) -> tuple[str, ...]:
    """The enumeration items whose parenthesis holds the figure's value, innermost first: 基本支出1890.6万元
    of `基本支出1890.6万元(工资福利支出1502.3万元、商品和服务支出388.3万元)` for 1502.3 — a nested
    enumeration's part is named by what encloses it."""
    text = figure.quote
    at = value_at(text, figure.value)
    items: list[str] = []
    depth = 0
    for i in range(at - 1, -1, -1):
        if text[i] in ")）":
            depth += 1
        elif text[i] in "(（":
            if depth:
                depth -= 1
                continue
            start = max(text.rfind(c, 0, i) for c in _ITEM_BREAK) + 1
            items.append(text[start:i])
    return tuple(item for item in items if item.strip())


# An enumeration item that names a unit and its head count or amount before its own parenthesis
# (`局机关17人（行政编制14人、工勤人员3人）`, `环卫处1707人(在职在编132人…)`): the unit's name, its
# number dropped.
_UNIT_ITEM = re.compile(r"(?:其中|另有|包括)?([\u4e00-\u9fff]{1,16}?(?:机关|本级|局|处|中心|站|所|院|馆|队|校|园|办|室|科|股))"
                        r"[\d.]+[\u4e00-\u9fff%]{0,2}$")


def _unit_of_item(item: str) -> str | None:
    found = _UNIT_ITEM.search(item.strip())
    return found.group(1) if found else None


def _enumerated_units(figure: Figure) -> list[str]:
    """The units a sentence enumerates each with its own parenthesis of parts, in order."""
    text = figure.quote
    units: list[str] = []
    depth = 0
    for i, c in enumerate(text):
        if c in "(（":
            if depth == 0:
                start = max(text.rfind(b, 0, i) for b in _ITEM_BREAK) + 1
                if unit := _unit_of_item(text[start:i]):
                    units.append(unit)
            depth += 1
        elif c in ")）" and depth:
            depth -= 1
    return units


def _core(unit: str) -> str:
    return _PLACE_LEVEL.sub("", unit)


def _other_enumerated_unit(question: Question, figure: Figure) -> str | None:
    """A part inside one unit's parenthesis (工勤人员3人 of `局机关17人（行政编制14人、工勤人员3人），市医疗保险事务
    中心22人（事业编制20人、编外聘用2人）`) asked of another unit its sentence enumerates the same way: the
    sub-unit before a parenthesis scopes what is inside it."""
    own = next((u for item in enclosing_items(figure) if (u := _unit_of_item(item))), None)
    if own is None:
        return None
    asked = [u for u in _enumerated_units(figure) if _core(u) in question.text]
    if asked and not any(_core(own) in _core(u) or _core(u) in _core(own) for u in asked):
        return f"问题问“{asked[0]}”的数，该数字在“{own}”的括号内，是“{own}”的"
    return None


def unaccounted(question: Question, hit: FigureHit, *, sides: bool = True) -> str | None:
    """Why the figure's own evidence does not account for what the question pins down, or None when it
    does: a qualifier sibling the question names (事业 of 行政 / 事业 / 工勤 编制) that its label does not;
    the other side of a pair its evidence names (the value reached for the target asked, the budget
    column for what was executed, 中央 money for 地方, another batch); a money amount for a rate; a 0
    whose evidence does not say every word the question asks (an empty cell of another column is not a
    department's budget). `sides=False` leaves the side of a pair to the caller: the budget listed beside
    the actual asked is another value of it, not its answer."""
    label = own_label(hit.figure)
    for member in question.pinned:
        if not names_member(label, member):
            return f"问题限定“{member[0]}”，该数字的标签“{label}”未载明"
    if reason := ((sides and _other_side(question, hit.figure)) or _other_level(question, hit.figure, label, hit.owner)
                  or _other_batch(question, hit.figure, label, hit.owner) or _amount_for_rate(question, hit.figure, label)
                  or _other_period(question, hit.figure, label) or _other_rate(question, hit.figure, label)
                  or _score_for_weight(question, hit.figure) or _other_stated_number(question, hit.figure, label)
                  or _other_counter(question, hit.figure) or _other_direction(question, label)
                  or _budget_unstated(question, hit.figure, hit.owner)
                  or _other_sub_unit(question, hit.figure, label, hit.owner) or _other_enumerated_unit(question, hit.figure)
                  or _other_money_phase(question, hit.figure, label) or _not_the_saving(question, label)):
        return reason
    if hit.figure.number == 0 and hit.unsaid:
        return f"数字为0，其出处未载明问题所问的“{'、'.join(hit.unsaid)}”"
    return None


# What is left of an amount, not the amount (节约资金 beside the 政府采购预算 it was saved from).
_SAVING = re.compile(r"节约|节省|节支|结余|节余")


def _not_the_saving(question: Question, label: str) -> str | None:
    """A figure its own label does not name as the saving or balance asked (政府采购节约了多少资金 answered
    with the 政府采购预算 of the sentence that states the 节约资金 after it)."""
    for word in dict.fromkeys(_SAVING.findall(question.text)):
        if word not in label:
            return f"问题问{word}的数额，该数字的标签“{label}”未载明{word}"
    return None


# Words by which a sentence says money was spent (实际支出, 已拨付, 决算; `资金主要用于土地平整1326.5万元`):
# the executed side of an amount.
_SPENT = re.compile(r"支出|支付|拨付|使用|用于|花费|兑付|发放|" + ACTUAL_PHASE.pattern)
# A question asking what was spent (实际支出, 执行数, 花了), not what arrived (实际到位: 资金环节's) or was done.
_ASKS_SPENT = re.compile(r"支出|执行|决算|花了|花费|用了|使用")


def _other_money_phase(question: Question, figure: Figure, label: str) -> str | None:
    """An amount its evidence never says was spent, for what was spent asked (`社区矫正经费40万元` for
    社区矫正经费实际支出多少). Money in prose only: an indicator's 完成 is no phase. (The reverse — a spent amount for a
    budget asked — cost a validation figure in totals and was left out.)"""
    # Prose only: a table's cells are of what the table is about (a 三公经费 table states spending).
    if figure.kind != "prose" or unit_family(figure.unit) != "money" or question.unit_family not in (None, "money"):
        return None
    said = f"{figure_label(figure)} {before_value(figure)}"  # not its heading: 项目支出情况 spends nothing itself
    if _ASKS_SPENT.search(question.text) and not question.asks_budget and not _SPENT.search(said):
        return f"问题问已执行（实际支出）的金额，该数字的出处“{label}”未载明已支出"
    return None


# A prose figure's own name ending in its plan (满意度目标≥, 计划数, 控制在): the number is the target.
_BOUND_BEFORE = re.compile(rf"(?:[≥≤＞＜>]|{alternation(BOUND_WORDS)})\s*$")
_NAMED_PLAN = re.compile(r"(?:目标值?|计划数?|预期值?|控制在)(?:为|是)?[≥≤＞＜>=]{0,2}$")


# A prose item opening with a plan and its verb (计划完成, 计划投资): the number is what was planned — not
# 计划生育, a programme's name.
_PLAN_VERB = re.compile(rf"计划(?:要|将)?(?:{alternation(PLAN_VERBS)})")


def _side(figure: Figure) -> str | None:
    """Whether a figure is a planned value (target) or the value reached (actual), where its kind or its
    column says so: an indicator row's value is what was reached, its target kept beside it."""
    if figure.kind == "target":
        return "target"
    if figure.kind == "target_actual":
        return "actual"
    if figure.kind == "prose" and _NAMED_PLAN.search(figure.metric):
        return "target"  # `受益群众满意度目标≥90%`: the sentence names the number a target
    if figure.kind == "prose" and _BOUND_BEFORE.search(own_item(figure)):
        return "target"  # `布防飞机数量≥6架,实际布防6架`, `水质达标率 ≥90% 93.6%`: a bound is what was set
    if figure.kind == "prose" and _PLAN_VERB.match(own_item(figure).strip()):
        return "target"  # `计划完成水土流失治理面积15平方公里，实际完成16.8平方公里`, `计划投资2179万元`
    column = figure.qualifier or ""
    if any(h in column for h in ACTUAL_HEADERS):
        return "actual"
    if any(h in column for h in TARGET_HEADERS):
        return "target"
    return None


# Words by which a sentence or a label states what was planned rather than done (目标任务为, 计划投资,
# 指标值, ≥928小时, 不低于95%): a target asked is answered only by a value so stated.
_PLANNED = re.compile(rf"目标|计划|指标值|预期|任务|要求|应达到|力争|[≥≤＞＜>]|{alternation(BOUND_WORDS)}|控制在")


# A heading over what was reached (三、项目绩效目标完成情况): it names targets, but states how they were met.
_TARGETS_MET = re.compile(r"目标(?:完成|实现|执行)(?:情况)?")


# A question naming the target itself (目标, 指标值, 年初计划), not a plan in passing (计划资助多少名, 计划建设几个 —
# a report's 继续资助3000名 is how a reader takes its plan).
_NAMES_TARGET = re.compile(r"目标|指标值|预期|应达到|年初计划|计划数|计划值")


def _other_side(question: Question, figure: Figure) -> str | None:
    """The value reached for a target asked (特困人员救助供养人数的目标 answered with 4604 of >=4754), or a
    value nothing states as planned (受害森林面积 114.48 for its 目标值); a target for what was done; or the
    budget column for what was executed (and the reverse)."""
    side = _side(figure)
    if question.asks_target and side == "actual":
        return f"问题问目标值，该数字是实际完成值（{figure.target or '目标另列'}为目标）"
    if (side is None and _NAMES_TARGET.search(question.text)
            and not _PLANNED.search(_TARGETS_MET.sub("", f"{own_label(figure)} {before_value(figure)}"))):
        return "问题问目标值，该数字的出处未说明是目标或计划"
    if question.asks_actual and side == "target":
        return "问题问实际完成值，该数字是目标值"
    column = figure.qualifier or ""
    budget_column, executed_column = BUDGET_PHASE.search(column), ACTUAL_PHASE.search(column)
    if question.asks_budget and not question.asks_executed and executed_column and not budget_column:
        return f"问题问预算数，该数字在“{column}”栏"
    if question.asks_executed and not question.asks_budget and budget_column and not executed_column:
        return f"问题问执行数，该数字在“{column}”栏"
    return None


def side_asked_first(question: Question, hits: list[FigureHit]) -> list[FigureHit]:
    """The hits with the asked side of the best one's target–actual pair first: the ranker is confident in
    the indicator row, and the question asks its target (目标是多少) or what it reached — the same row's
    other side answers it, from the same evidence."""
    best = hits[0].figure
    wanted = ("target" if question.asks_target and best.kind == "target_actual"
              else "target_actual" if question.asks_actual and best.kind == "target" else None)
    if wanted is None:
        return hits
    pair = next((h for h in hits[1:] if h.figure.kind == wanted and h.figure.start == best.start
                 and h.report_id == hits[0].report_id), None)
    return hits if pair is None else [pair, *(h for h in hits if h is not pair)]


# An organisation of a level (省财政厅, 县财政局) is who acts, not the level the money asked belongs to.
_LEVEL_ORGANISATION = re.compile(r"财政[厅局]")


def _other_level(question: Question, figure: Figure, label: str, owner: str = "") -> str | None:
    """Money of another level of government than the one asked (中央财政资金 for 地方财政资金), or of no
    level its evidence names. The level is the label's, else that of the nearest clause before the value
    naming one (…省级困难群众基本生活救助资金178514万元，其中城乡低保154664万元 is the province's), else
    that of the project its report is about (县级储备粮): a total (实际到位资金 1020.02) or another row
    (文化活动经费) is not the 省财政 or 县财政 part asked."""
    asked = question.levels | funding_levels(question.search_text or question.text)
    named = funding_levels(label)
    if asked and named and not asked & named:
        return f"问题问的资金层级与该数字的标签“{label}”不同"
    asked_money = funding_levels(_LEVEL_ORGANISATION.sub("", question.search_text or question.text))
    if not asked_money or named:
        return None
    clauses = re.split(r"[，；;。]|,(?!\d{3})", before_value(figure))  # not the separator of 8,914.60
    nearest, named = next(((clause, levels) for clause in reversed(clauses) if (levels := funding_levels(clause))),
                          ("", frozenset()))
    listed = government_levels(nearest)
    if len(listed) >= 2 and not listed <= asked_money:
        # `…其中中央资金6102万元、省级资金1980万元、县级资金832.6万元，实际支出8905.31万元`: a clause listing the
        # levels' shares names the parts; the amount after it is the whole's, not the 县级 part asked.
        return f"问题问某一级的资金，该数字前列举了多个层级的资金，“{label}”不是其中某一级的"
    named = named or funding_levels(owner)
    if not named:
        return f"问题问某一级的资金，该数字的出处“{label}”未载明是哪一级的"
    if not asked_money & named:
        return f"问题问的资金层级与该数字的出处不同（“{label}”）"
    return None


def _other_batch(question: Question, figure: Figure, label: str, owner: str = "") -> str | None:
    """A batch asked (第二批) that the figure's label, or its sentence before it, or — naming none — the
    project its report is about (`2021年第一批中央大气污染防治资金`: every figure of that report is the
    first batch's), does not name as its own: its nearest batch named before the value is another, or
    none is named."""
    asked = {n for _, n in batches_named(question.text)}
    if len(asked) != 1:
        return None
    own = {n for _, n in batches_named(label)}
    if not own:
        before = batches_named(before_value(figure))
        own = {before[-1][1]} if before else {n for _, n in batches_named(owner)}
    if own != asked:
        return f"问题问第{next(iter(asked))}批，该数字的出处未载明是这一批的"
    return None


# A part of the year (上半年, 第三季度), a month it runs to (截至6月底, 到10月末) or the year before the
# report's (上年决算支出 — not 比上年, a change, nor 上年结转, the report's own carry-over; 上年度 and 上一年
# are read against today's date, qa/scope.relative_year_reports).
_PART_OF_YEAR = re.compile(r"[上下]半年|第?[一二三四1-4]季度")
_MONTH_RUN_TO = re.compile(r"(?:截至|截止|到)(?:\d{4}年)?(\d{1,2}|十[一二]?|[一二三四五六七八九])月|"
                           r"(\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:底|末)")
_YEAR_BEFORE = re.compile(r"(?<![比较与同])上年(?!度|结转|结余)")
_MONTHS = "一二三四五六七八九十"


def _month_number(written: str) -> int:
    """6 → 6, 三 → 3, 十二 → 12."""
    if written.isdigit():
        return int(written)
    if written.startswith("十"):
        return 10 + (_MONTHS.index(written[1]) + 1 if len(written) > 1 else 0)
    return _MONTHS.index(written) + 1


def _said_of(figure: Figure, label: str) -> str:
    """The figure's label (`own_label`: with its column and organisation), its sentence and its headings."""
    return " ".join((label, figure.quote, *figure.section))


def _other_period(question: Question, figure: Figure, label: str) -> str | None:
    """A period of the year asked that the figure's evidence (its label, sentence and headings) does not
    name: the year's total for 上半年, a year-end amount for 截至6月底, this year's value for 上年."""
    evidence = _said_of(figure, label)
    for part in _PART_OF_YEAR.findall(question.text):
        if part.removeprefix("第") not in evidence:
            return f"问题问{part}的数，该数字的出处未载明这一时段"
    for written in (m.group(1) or m.group(2) for m in _MONTH_RUN_TO.finditer(question.text)):
        month = _month_number(written)
        if not re.search(rf"(?<!\d)(?:{month}|{_chinese_month(month)})月", evidence):
            return f"问题问截至{month}月的数，该数字的出处未载明这一时点"
    # 上年 must stand before the value: `2023年三公经费预算15.6万元，…较上年决算13.05万元` says 上年 of 13.05 only.
    before = " ".join((label, before_value(figure), *figure.section))
    if _YEAR_BEFORE.search(question.text) and not re.search(r"上年|上一年|去年", before):
        return "问题问上年的数，该数字的出处未载明是上年的"
    return None


# A number a question states as part of what it asks (单价100万元以上, 65岁以上, 前5名) — not a year, a month, a
# day or a batch, which other checks read in either spelling (6月 / 六月, 第1批 / 第一批).
_STATED_NUMBER = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)(?![\d.]|[年月日号批季期届])")


def _other_stated_number(question: Question, figure: Figure, label: str) -> str | None:
    """A number the question states (单价100万元以上设备有多少台) that the figure's evidence does not say (单价50万元
    以上设备23台): another threshold, another group."""
    evidence = _said_of(figure, label)
    for number in _STATED_NUMBER.findall(question.text):
        if not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", evidence):
            return f"问题所说的“{number}”不见于该数字的出处"
    return None


# A unit under the department, named as the owner of what is asked (区人民医院的事业收入, 县博物馆的…, 区疾控中心的
# 项目支出): a hospital, a centre, a museum, a station, a school. Not a 局 / 委 / 办, which are departments.
_SUB_UNIT_ASKED = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:医院|卫生院|中心|馆|所|站|队|幼儿园|学校|小学|中学))的")
_PLACE_LEVEL = re.compile(r"^(?:[省市区县镇乡])")


def _other_sub_unit(question: Question, figure: Figure, label: str, owner: str) -> str | None:
    """A unit the question asks about (区人民医院的事业收入) that the figure's evidence does not name, its report
    not being that unit's own: the department's 事业收入 is no answer for one of its hospitals."""
    asked = _SUB_UNIT_ASKED.search(question.text)
    if asked is None:
        return None
    core = _core(asked.group(1))
    if core in _said_of(figure, label) or core in owner:
        return None
    return f"问题问“{asked.group(1)}”的数，该数字的出处未载明是这一单位的"


def _chinese_month(month: int) -> str:
    return _MONTHS[month - 1] if month <= 10 else "十" + _MONTHS[month - 11]


# A rate asked by name (完成率, 执行率, 知晓率): the two characters before 率 say which.
_RATE_NAMED = re.compile(r"[\u4e00-\u9fff]{2}率")


def _other_rate(question: Question, figure: Figure, label: str) -> str | None:
    """A rate, a share or a score whose label names another rate than the one asked (两庭建设的完成率
    answered with 项目资金支出进度比率, 受害森林面积的完成率 with 受害率)."""
    asked = _RATE_NAMED.search(question.text)
    if asked and unit_family(figure.unit) in (None, "percent", "score") and asked.group() not in label:
        return f"问题问“{asked.group()}”，该数字的标签“{label}”未载明"
    return None


# Words that ask a rate or a share (执行率, 占比, 比例, 比重): a quantity with a unit answers neither.
_RATE_OR_SHARE = re.compile(r"率|占比|比例|比重")
# A share asked by its noun (比例 also asks rates: 到位比例 is 到位率), and the words of a label that
# state a share (…占专项资金支出总额, …的比例).
_SHARE_NOUN = re.compile(r"占比|比重")
_SHARE_LABEL = re.compile(r"占|比例|比重")
# Words of a label that make a money amount one per person, household or month (资助标准 4000 元/人).
_PER_UNIT_LABEL = re.compile(rf"标准|{PER_HEAD}|每|单价|平均|元/")


_SCORE_ONLY = re.compile(r"得分|得了|自评分")


def _score_for_weight(question: Question, figure: Figure) -> str | None:
    """An indicator's score for its weight asked (效益指标满分多少分 answered with 效益指标得分 27.7): the words
    right before the value say 得分 and no weight."""
    if not question.asks_weight:
        return None
    item = own_item(figure) or figure.metric
    if _SCORE_ONLY.search(item) and not re.search(r"分值|权重|满分", item):
        return "问题问指标的分值（满分），该数字是得分"
    return None


def _other_direction(question: Question, label: str) -> str | None:
    """Money in asked, money out named (财政拨款收入 answered with 财政拨款支出 10284.6), or the reverse: the
    label names the other direction and not the one asked."""
    for asked, other in (("收入", "支出"), ("支出", "收入")):
        if asked in question.text and other not in question.text and other in label and asked not in label:
            return f"问题问{asked}，该数字的标签“{label}”是{other}"
    return None


_BUDGET_ASKED = re.compile(r"预算|年初")


def _budget_unstated(question: Question, figure: Figure, owner: str) -> str | None:
    """A budget asked (培训费预算, 年初预算) of a figure whose label, sentence, headings and report say nothing of
    a budget (`会议费4.2万元，培训费11.36万元`): what was planned is not known from it."""
    if not _BUDGET_ASKED.search(question.text) or question.asks_executed:
        return None
    return None if BUDGET_PHASE.search(figure_evidence(figure, owner)) else "问题问预算数，该数字的出处未说明是预算"


def _other_counter(question: Question, figure: Figure) -> str | None:
    """A count in one counter asked (惠及多少户) answered by a count in another (产业发展类项目42个): what is
    counted differs. 个 asked is any counter's (几个事业编 answered in 人)."""
    asked, family = question.unit_family, unit_family(figure.unit)
    # 多少批次 reads its counter as 批: the same count as 批次.
    if (asked and asked.startswith("count:") and asked != "count:个" and family
            and (family.startswith("count:") or family == "people")
            and not (family.startswith(asked) or asked.startswith(family))):
        return f"问题问多少{asked.removeprefix('count:')}，该数字以“{figure.unit}”计"
    return None


def _amount_for_rate(question: Question, figure: Figure, label: str) -> str | None:
    """A money amount, a count or any other quantity with a unit for a rate or share asked (执行率 answered
    with 105 万元, 受害率 with 2110110 天, 项目支出占比 with 705.19 万元), or a rate that is no share for
    a share asked (占比 answered with 资金到位率); a total for an amount per person
    asked (城乡低保平均标准 answered with the 154664 万元 spent); a standard per person for an amount asked
    (就业奖补资金 answered with 就业奖补标准 400 元/人)."""
    family = unit_family(figure.unit)
    money = family == "money"
    if question.unit_family == "percent" and _RATE_OR_SHARE.search(question.text) and family not in (None, "percent"):
        # A count, an area or a number of days is no rate either (受害率 answered with 2110110 天).
        return "问题问比率，该数字是金额" if money else f"问题问比率，该数字以“{figure.unit}”计"
    if _SHARE_NOUN.search(question.text) and not _SHARE_LABEL.search(label):
        # 占比 asked of a rate of another kind: 中央转移支付资金占比 is no 资金到位率 100 %.
        return "问题问所占比例，该数字不是占比"
    if figure.unit and f"每{figure.unit}" in question.text:
        # The unit after 每 divides what is asked (每公里成本, 每户补助): a count of it is not the answer.
        return f"问题问每{figure.unit}的数，该数字是“{figure.unit}”的总数"
    per_unit = "/" in (figure.unit or "") or (figure.unit is None and "元/" in label)
    if question.asks_rate and money and not per_unit and not _PER_UNIT_LABEL.search(label):
        return "问题问每人（每户、每月）的标准，该数字是总额"
    if not question.asks_rate and question.unit_family == "money" and per_unit:
        return "问题问金额，该数字是每人（每户）的标准"
    if (question.unit_family == "money" and family == "percent" and not question.asks_change
            and "率" in label and "率" not in question.text):
        # 省级财政资金执行了多少 answered with the 执行率 89.86 % beside the 执行数: a rate the question does not
        # name is no amount of money. (A change may be stated as a rate: 决算支出比上年增加2.69%.)
        return f"问题问金额，该数字以“{figure.unit}”计"
    if question.unit_family == "money" and (family in _MEASURES or (family or "").startswith("count:")
                                             or (family == "people" and not _PEOPLE_ASKED.search(question.text))):
        # 改造提升的资金 answered with 1.18 万亩, 公益性岗位发放了多少工资 with 350 个: an area, a length, a time,
        # a head count or a count of things is no amount of money.
        return f"问题问金额，该数字以“{figure.unit}”计"
    if question.counted_noun and "元" in (figure.unit or ""):
        # 营养改善计划惠及多少学生 answered with the 1166.15 万元 the plan spent: the students are counted.
        # (元 written: a bare 万 is as often a count's, `接种3.2万剂次`.)
        return f"问题问多少{question.counted_noun}，该数字是金额"
    if question.unit_family == "people" and (money or family in _MEASURES):
        # 受益人口多少 answered with the project's 1845 万元: people are counted, not paid or measured.
        return f"问题问人数，该数字以“{figure.unit}”计"
    return None


# Words that ask for people even where a money word precedes them (财政拨款在职人员有多少 asks a head count).
_PEOPLE_ASKED = re.compile(r"多少人|几人|几名|多少名|人数|人员|人口|编制")
# Units that measure a thing's size or a span of time, never an amount of money.
_MEASURES = frozenset(("area", "length", "duration"))


