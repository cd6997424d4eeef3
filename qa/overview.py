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
from index.store.rows import PATH_SEPARATOR, ReportRow
from index.store.sqlite import Store
from qa.assistant import Assistant
from qa.lists import section_body, section_items
from qa.records import Filters

NOT_STATED = "报告未载明"

# (item, the question that finds it). The genre's own words; GLOSSARY.md names these parts.
FIGURE_ITEMS: tuple[tuple[str, str], ...] = (
    ("收入合计", "本年收入合计是多少？"),
    ("支出合计", "本年支出合计是多少？"),
    ("年初预算数", "年初预算数是多少？"),
    ("全年预算数", "全年预算数是多少？"),
    ("全年执行数", "全年执行数是多少？"),
    ("预算执行率", "预算执行率是多少？"),
    ("三公经费", "三公经费是多少？"),
    ("因公出国（境）费", "因公出国（境）费是多少？"),
    ("公务接待费", "公务接待费是多少？"),
    ("公务用车购置及运行费", "公务用车购置及运行维护费是多少？"),
    ("人员编制", "人员编制数是多少？"),
    ("实有人数", "实有在职人数是多少？"),
    ("离退休人员", "离退休人员有多少人？"),
    ("自评得分", "自评得分是多少？"),
    ("评价等次", "评价等次是什么？"),
)
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


@dataclass(frozen=True)
class Overview:
    report: str
    department: str | None
    year: int | None
    type: str | None
    items: tuple[OverviewItem, ...]


def _item_from(name: str, figure: Figure) -> OverviewItem:
    return OverviewItem(name, figure.answer_value, figure.unit, figure.quote, PATH_SEPARATOR.join(figure.section) or "封面")


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
                              for row in rows for _, question in FIGURE_ITEMS))


def build_overview(assistant: Assistant, store: Store, report_ref: str) -> Overview:
    """The overview of one stored report."""
    report = store.find_report(report_ref)
    scope = Filters(report=report.id)
    items: dict[str, OverviewItem] = {}
    for name, question in FIGURE_ITEMS:
        answer = assistant.ask(question, filters=scope)
        figure = answer.figures[0].figure if answer.found and answer.figures else None
        items[name] = _item_from(name, figure) if isinstance(figure, Figure) else OverviewItem(name, None)
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
