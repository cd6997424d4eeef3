"""报告概览: what one report says, in one page, each item with its source.

The figures are found by the same engine that answers questions — each item is a question of the
genre asked of that report alone — so an item is filled only when an answer would be given (the
fitted confidence passes); otherwise its value is null (报告未载明), never a guess. The execution rate
is computed from the budget and the actual spending when the report does not state one, with its
formula. Problems and measures are the numbered items of the sections that hold them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from index.records import Figure
from index.store.rows import PATH_SEPARATOR, ReportRow, section_label
from index.store.sqlite import Store
from index.text.vocabulary import GRADES, SCORE_LABELS, SIBLING_SETS
from qa.assistant import Assistant
from qa.lists import section_body, section_items
from qa.records import Filters

NOT_STATED = "报告未载明"

# (item, the questions that find it, in order). The genre's own words; GLOSSARY.md names these parts.
# An item is asked in the few ways reports state it (本年支出合计 / 支出决算数 / 全年支出); the first
# answer the engine claims, and that states the item, is shown.
FIGURE_ITEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("收入合计", ("本年收入合计是多少？", "全年收入是多少？")),
    ("支出合计", ("本年支出合计是多少？", "支出决算数是多少？", "全年支出是多少？")),
    ("年初预算数", ("年初预算数是多少？", "年初预算支出是多少？")),
    ("全年预算数", ("全年预算数是多少？",)),
    ("全年执行数", ("全年执行数是多少？",)),
    ("预算执行率", ("预算执行率是多少？",)),
    ("向上争取资金", ("向上争取资金是多少？",)),
    ("三公经费", ("三公经费是多少？",)),
    ("因公出国（境）费", ("因公出国（境）费是多少？",)),
    ("公务接待费", ("公务接待费是多少？",)),
    ("公务用车购置及运行费", ("公务用车购置及运行维护费是多少？",)),
    ("人员编制", ("人员编制数是多少？", "核定编制是多少？")),
    ("实有人数", ("实有在职人数是多少？", "实有人员有多少？")),
    ("离退休人员", ("离退休人员有多少人？",)),
    ("自评得分", ("自评得分是多少？",)),
    ("评价等次", ("评价等次是什么？",)),
)
# A total and its parts are read from one statement or one table (a part larger than the total shown
# beside it would be a part of another total): 三公经费 1.58 of 局机关 beside 公务接待费 1.74 of 汇总.
PARTS_OF_TOTAL: dict[str, tuple[str, ...]] = {"三公经费": ("因公出国（境）费", "公务接待费", "公务用车购置及运行费")}
# A weight stated beside a score marks an indicator's row (分值 10, 得分 10), not the report's own score,
# which is out of the genre's full 100.
_WEIGHT = re.compile(r"(?:分值|权重)\D{0,3}?(\d+(?:\.\d+)?)")
FULL_MARKS = 100.0
# The side of the accounts an item is on: a total of income is said with 收入, of spending with 支出; the
# spending executed is never an income figure (单位年初预算收入785.59万元,决算数为885.63万元).
_SIDE_SAID = {"收入合计": "收入", "支出合计": "支出"}
_OTHER_SIDE = {"支出合计": "收入", "全年执行数": "收入", "收入合计": "支出"}
TOTAL_ITEMS = ("收入合计", "支出合计", "年初预算数", "全年预算数", "全年执行数", "三公经费")
# A numbered line of a table (四、文化旅游体育与传媒支出，合计 200,000 元) is a line, not the total.
_NUMBERED_LINE = re.compile(r"(?:^|\s)[一二三四五六七八九十]+、")
# In a report of what was done, a plan's column is not the total spent or received (支出合计 of 计划支出数).
_PLANNED = re.compile(r"计划|预算|安排")
ACTUAL_ITEMS = ("收入合计", "支出合计", "全年执行数")
# 比上年减少62.37% states a change, not a level or an execution rate.
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|降低|提高)了?\s*$")
LIST_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("存在的问题", re.compile(r"问题")),
    ("改进措施", re.compile(r"措施|建议|改进")),
)
MAX_OUTPUTS = 8
OUTPUT_PREFIX = "主要产出："


@dataclass(frozen=True)
class OverviewItem:
    """One line of the overview; `value` None when the report does not state it."""

    name: str
    value: float | str | list[str] | None
    unit: str | None = None
    quote: str | None = None
    section: str | None = None
    kind: str | None = None  # the figure's kind: a quote of a table or form figure is its row, shown as one

    @property
    def written(self) -> str:
        """The value as shown beside its quote: 1156.44 (not 1156.44000), 优秀."""
        return f"{self.value:g}" if isinstance(self.value, float) else str(self.value)


@dataclass(frozen=True)
class Overview:
    report: str
    department: str | None
    year: int | None
    type: str | None
    items: tuple[OverviewItem, ...]


def _item_from(name: str, figure: Figure) -> OverviewItem:
    return OverviewItem(name, figure.answer_value, figure.unit, figure.quote, section_label(figure.section), figure.kind)


def states_item(name: str, figure: Figure, *, budget_document: bool) -> bool:
    """Does this claimed figure state the item itself? A grade is one of the genre's grade words (not the
    evaluating firm's name beside 评价机构); the report's score is named as a score and is not an
    indicator row's (访视数 得分 1.8; a weight below full marks stated with it)."""
    before = _said_before(figure)
    if name in TOTAL_ITEMS and (_NUMBERED_LINE.search(before) or _names_a_kind_of_spending(figure.metric)):
        return False
    if name in ACTUAL_ITEMS and not budget_document and _PLANNED.search(figure.qualifier or ""):
        return False
    if name in _SIDE_SAID and _SIDE_SAID[name] not in before:
        return False
    if name in _OTHER_SIDE and _OTHER_SIDE[name] in before and _SIDE_SAID.get(name, "支出") not in before:
        return False
    if name in TOTAL_ITEMS and figure.quote.lstrip().startswith("其中"):  # 其中,法院执行年初预算数6万元: a part
        return False
    if _CHANGE_BEFORE.search(before):
        return False
    if name == "评价等次":
        return figure.value in GRADES
    if name == "自评得分":
        if not any(label in figure.metric for label in SCORE_LABELS):
            return False
        weights = [float(w) for w in _WEIGHT.findall(figure.quote)]
        return not any(w < FULL_MARKS for w in weights)
    return True


def _names_a_kind_of_spending(metric: str) -> bool:
    """项目支出 874.20 is one kind of the spending (the genre's 基本 / 项目 siblings), not its total."""
    kinds = next(s for s in SIBLING_SETS if s.name == "支出类型")
    return any(spelling in metric for member in kinds.members for spelling in member)


def _said_before(figure: Figure) -> str:
    """The figure's label and the words its sentence says before the value (the whole sentence when the
    value cannot be placed in it)."""
    at = figure.quote.find(figure.value)
    return f"{figure.metric} {figure.qualifier or ''} {figure.quote[:at] if at >= 0 else figure.quote}"


def with_parts_of_one_source(items: dict[str, OverviewItem], figures: dict[str, Figure],
                             held: dict[str, list[Figure]]) -> None:
    """Keep each part of a shown total only when it stands in the total's statement or table. A part the
    engine found elsewhere is read from the total's chunk instead when exactly one figure there has its
    label (one label holding the other: 公务接待费 / 公务接待费实际支出) in the total's unit, else not
    shown. `held`: the figures of each chunk."""
    for total, parts in PARTS_OF_TOTAL.items():
        whole = figures.get(total)
        if whole is None:
            continue
        for part in parts:
            found = figures.get(part)
            if found is None or found.chunk_id == whole.chunk_id:
                continue
            alike = [f for f in held.get(whole.chunk_id or "", []) if f.unit == whole.unit
                     and (found.metric in f.metric or f.metric in found.metric)]
            # The total's own sentence first, then one stating a part of it (其中公务接待费实际支出1.46万元),
            # before the rest of its passage (公务接待费本年人均0.058万元).
            alike = ([f for f in alike if f.quote == whole.quote]
                     or [f for f in alike if f.quote.lstrip().startswith("其中")] or alike)
            items[part] = _item_from(part, alike[0]) if len(alike) == 1 else OverviewItem(part, None)


def _execution_rate(items: dict[str, OverviewItem]) -> OverviewItem | None:
    """执行率 = 全年执行数 / 全年预算数 (else 年初预算数), when both are stated in one unit."""
    actual = items["全年执行数"]
    budget = next((items[name] for name in ("全年预算数", "年初预算数") if items[name].value is not None), None)
    if budget is None or not isinstance(actual.value, float) or not isinstance(budget.value, float):
        return None
    if actual.unit != budget.unit or budget.value == 0:
        return None
    rate = (Decimal(str(actual.value)) / Decimal(str(budget.value)) * 100).quantize(Decimal("0.01"))
    formula = f"计算：全年执行数 {actual.value:g} ÷ {budget.name} {budget.value:g} = {rate}%"
    return OverviewItem("预算执行率", float(rate), "%", formula, actual.section)


def _list_item(name: str, title: re.Pattern[str], store: Store, report: ReportRow, text: str) -> OverviewItem:
    found = [s for s in store.section_records(report.id) if s.path and title.search(s.path[-1])]
    if not found:
        return OverviewItem(name, None)
    section = min(found, key=lambda s: (len(s.path), s.start))  # the outermost such section
    body = section_body(text, section)
    items = list(section_items(body).items)
    return OverviewItem(name, items or None, None, body.strip()[:200] if items else None, PATH_SEPARATOR.join(section.path))


def overview_queries(assistant: Assistant, report_ids: list[str]) -> list[str]:
    """The texts the overview of these reports embeds as query vectors (its questions as read in each
    report), for the data folder to remember them (index/embed/remembered.py)."""
    rows = [assistant.reports[i] for i in report_ids if i in assistant.reports]
    return list(dict.fromkeys(assistant.understand(question, within=row).embed_text
                              for row in rows for _, questions in FIGURE_ITEMS for question in questions))


def build_overview(assistant: Assistant, store: Store, report_ref: str) -> Overview:
    """The overview of one stored report."""
    report = store.find_report(report_ref)
    scope = Filters(report=report.id)
    items: dict[str, OverviewItem] = {}
    claimed: dict[str, Figure] = {}
    budget_document = report.is_budget_document
    for name, questions in FIGURE_ITEMS:
        items[name] = OverviewItem(name, None)
        for question in questions:
            answer = assistant.ask(question, filters=scope)
            figure = answer.figures[0].figure if answer.found and answer.figures else None
            if isinstance(figure, Figure) and states_item(name, figure, budget_document=budget_document):
                claimed[name] = figure
                items[name] = _item_from(name, figure)
                break
    held: dict[str, list[Figure]] = {}
    for stored in store.figures(report_ids=[report.id]):
        held.setdefault(stored.figure.chunk_id or "", []).append(stored.figure)
    with_parts_of_one_source(items, claimed, held)
    if items["预算执行率"].value is None:
        computed = _execution_rate(items)
        if computed is not None:
            items["预算执行率"] = computed
    text = store.report_text(report.id)
    outputs = [f.figure for f in store.figures(report_ids=[report.id]) if f.figure.kind == "target_actual"][:MAX_OUTPUTS]
    out = list(items.values())
    out += [OverviewItem(f"{OUTPUT_PREFIX}{f.metric}", f.answer_value, f.unit, f.quote, PATH_SEPARATOR.join(f.section))
            for f in outputs]
    out += [_list_item(name, title, store, report, text) for name, title in LIST_ITEMS]
    return Overview(report.name, report.department, report.fiscal_year, report.kind, tuple(out))


def overview_json(overview: Overview) -> dict[str, object]:
    """The overview's JSON contract: {report, department, year, type, items: [{name, value, unit, quote, section}]}."""
    return {
        "report": overview.report, "department": overview.department, "year": overview.year, "type": overview.type,
        "items": [{"name": i.name, "value": i.value, "unit": i.unit, "quote": i.quote, "section": i.section}
                  for i in overview.items],
    }
