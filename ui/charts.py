"""Plotly charts from what a report states: budget against actual, composition, a metric over years
(its points claimed by the engine, ui/handlers.trend)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from index.store.sqlite import Store
from index.text.numbers import MONEY_SCALE, in_money_unit, parse_cell_number

_BUDGET_WORDS = re.compile(r"预算|决算|执行|实际|年初|安排|计划")
_DONE_WORDS = re.compile(r"决算|执行|实际")  # a column of what was spent; any other of _BUDGET_WORDS is the plan
_WAN = 10000


def in_wan(values: list[float | None], unit: str | None) -> tuple[list[float | None], str | None]:
    """Amounts in 元 drawn in 万元, the unit officials read budgets in (never plotly's 31.2M)."""
    if unit != "元":
        return values, unit
    return [None if v is None else v / _WAN for v in values], "万元"


def amount_axis(chart: go.Figure, unit: str | None) -> None:
    """Plain numbers with thousands separators on the value axis, titled with their unit."""
    chart.update_yaxes(title_text=unit or "", tickformat=",~r", exponentformat="none")
_IDENTITY = re.compile(r"^(?P<total>[^=]+?) = (?P<parts>.+?)（")


def budget_vs_actual(store: Store, report_id: str) -> go.Figure | None:
    """Grouped bars for the items one table gives both budget and actual columns (or row groups) for.
    One table only: bars from two tables (a 收支 table in 万元 and a project table in 元) do not
    compare; the table with the most such items is drawn, its section named in the title."""
    tables: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    units: dict[str, str | None] = {}
    sections: dict[str, str] = {}
    for stored in store.figures(report=report_id):
        f = stored.figure
        if f.kind != "table_cell" or not f.qualifier or f.number is None or not _BUDGET_WORDS.search(f.qualifier):
            continue
        table = f.chunk_id or " › ".join(f.section)
        tables[table][f.qualifier.split(" · ")[0]].setdefault(f.metric, f.number)
        units.setdefault(table, f.unit)
        sections.setdefault(table, f.section[-1] if f.section else "")
    # Budget against actual only where one table has both: a plan's column and a column of what was done.
    drawable = {table: _compared_items(series) for table, series in tables.items()
                if any(_DONE_WORDS.search(label) for label in series) and not all(_DONE_WORDS.search(label) for label in series)}
    drawable = {table: items for table, items in drawable.items() if items}
    if not drawable:
        return None
    table = max(drawable, key=lambda t: len(drawable[t]))
    items, series = drawable[table], tables[table]
    bars = []
    unit = units[table]
    for label, values in series.items():
        heights, unit = in_wan([values.get(i) for i in items], units[table])
        bars.append(go.Bar(name=label, x=items, y=heights))
    chart = go.Figure(bars)
    chart.update_layout(title=f"预算与执行 · {sections[table]}（{unit or ''}）", barmode="group", height=360,
                        margin={"t": 50, "b": 40})
    amount_axis(chart, unit)
    return chart


def _compared_items(series: dict[str, dict[str, float]]) -> list[str]:
    """The items two or more columns of one table give a value for, in a stable order."""
    if len(series) < 2:
        return []
    return sorted(m for m in {m for values in series.values() for m in values} if sum(m in v for v in series.values()) >= 2)


def compositions(store: Store, report_id: str) -> list[go.Figure]:
    """A pie per verified identity of a table (收入合计 = 上年结转 + 公共财政拨款 + …), first row."""
    charts = []
    for table in store.tables(report_id):
        if not table.rows:
            continue
        row = table.rows[0]
        for identity in table.identities:
            match = _IDENTITY.match(identity)
            if not match or not re.search(r"收入|支出|经费", match["total"]):
                continue
            parts = [p.strip() for p in match["parts"].split(" + ")]
            values = []
            for part in parts:
                j = table.columns.index(part) if part in table.columns else -1
                number = parse_cell_number(row[j]) if 0 <= j < len(row) else None
                values.append(float(number.number) if number else 0.0)
            if sum(values) <= 0:
                continue
            shown, unit = in_wan(list(values), table.unit)
            chart = go.Figure(go.Pie(labels=parts, values=shown, hole=0.35, sort=False))
            chart.update_layout(title=f"{row[0]} {match['total'].strip()}构成（{unit or ''}）", height=360,
                                margin={"t": 50, "b": 20})
            charts.append(chart)
    return charts[:2]


@dataclass(frozen=True)
class YearPoint:
    """One year's value of a metric, as the engine claimed it from that year's report, with its source."""

    year: int
    value: float
    unit: str | None
    source: str


def trend_chart(title: str, points: Sequence[YearPoint]) -> go.Figure | None:
    """A line through a metric's claimed values, one point per year, each point's source on hover.
    Amounts are drawn in 万元 (a year stated in 元 converted exactly); a point in another unit than the
    others' is left out rather than drawn on their axis. None with fewer than two points."""
    money = [p for p in points if p.unit in MONEY_SCALE]
    if money:
        drawn = [(p, float(in_money_unit(Decimal(str(p.value)), p.unit, "万元"))) for p in money]  # type: ignore[arg-type]
        unit: str | None = "万元"
    else:
        unit = Counter(p.unit for p in points).most_common(1)[0][0] if points else None
        drawn = [(p, p.value) for p in points if p.unit == unit]
    drawn.sort(key=lambda pair: pair[0].year)
    if len(drawn) < 2:
        return None
    chart = go.Figure(go.Scatter(
        x=[str(p.year) for p, _ in drawn], y=[v for _, v in drawn], mode="lines+markers",
        customdata=[p.source for p, _ in drawn], hovertemplate="%{x}年：%{y:,}<br>来源：%{customdata}<extra></extra>"))
    chart.update_layout(title=f"{title}（{unit or ''}）", height=340, margin={"t": 50, "b": 40})
    amount_axis(chart, unit)
    return chart


ENTITY_MARK = " · "  # metric · organisation in a choice (a metric may itself end in （目标）)


def _choice(metric: str, entity: str | None) -> str:
    return f"{metric}{ENTITY_MARK}{entity}" if entity else metric


def split_choice(choice: str) -> tuple[str, str | None]:
    metric, mark, entity = choice.rpartition(ENTITY_MARK)
    return (metric, entity) if mark else (choice, None)


def metrics_with_years(store: Store, department: str) -> list[str]:
    """The figures (metric and organisation) that a department's reports state in two or more years."""
    years: dict[tuple[str, str | None], set[int]] = defaultdict(set)
    for report in store.reports():
        if report.department != department or not report.fiscal_year:
            continue
        for stored in store.figures(report=report.id):
            if stored.figure.number is not None:
                years[(stored.figure.metric, stored.figure.entity)].add(report.fiscal_year)
    return sorted(_choice(metric, entity) for (metric, entity), y in years.items() if len(y) >= 2)
