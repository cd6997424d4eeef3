"""A question across departments or years (qa/across.py): each department's report — or, for a series,
each year's report of the department named — is asked the metric on its own, through the same ranking
and verify stage as any single answer. Only claimed figures enter the table, each with its source; the
departments whose report claims none are named as 未载明, never filled in."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from index.records import Figure
from index.store.rows import ReportRow
from index.text.vocabulary import unit_family
from qa.accounts import own_label
from qa.across import Value, comparable, metric_family, passes
from qa.answerers.computed import year_pair
from qa.answerers.kit import Kit
from qa.arithmetic import compute
from qa.compose import across_answer
from qa.evidence import unsaid_words
from qa.lookup import states_change
from qa.records import AcrossAsk, Answer, FigureHit, Operation, Passage, Question, Turn, report_names


@dataclass(frozen=True)
class Row:
    """One department's (or one year's) claimed answer: the figure shown (for a change, the change
    computed from the two years' claimed figures, which follow it in `sides`) and its comparable value."""

    report: ReportRow
    hit: FigureHit
    value: Value
    sides: tuple[FigureHit, ...] = ()


def answer(turn: Turn, kit: Kit) -> Answer | None:
    question, ask = turn.question, turn.question.across
    if ask is None or not question.sides or not turn.reports:
        return None
    side = question.sides[0]
    if ask.kind == "series" and question.department is None:
        text = f"“{ask.metric}”的逐年情况需要指明单位，例如“财政局近三年的{ask.metric}”。"
        return Answer(question=question.text, found=False, text=text, wants="figure")
    reports = series_reports(turn.reports, ask) if ask.kind == "series" else one_per_department(turn.reports, question.year)
    vector = kit.retriever.query_vector(side.embed_text)
    passages = kit.retriever.passages_by_report(side, [r.id for r in reports], vector)
    rows: list[Row] = []
    unstated: list[ReportRow] = []
    for report in reports:
        found = tuple(passages.get(report.id, ()))
        row = (_change_row(turn, kit, side, report, found) if ask.kind == "change"
               else _row(kit, side, report, found, vector))
        if row is None:
            unstated.append(report)
        else:
            rows.append(row)
    chosen = selected(rows, ask)
    subject = next((ask.metric.replace(name, "") for name in (question.department_mention, question.department)
                    if name and name in ask.metric), ask.metric)
    text = across_answer(ask, subject, [(r.report, r.hit, r.sides) for r in chosen], len(rows), unstated)
    return Answer(question=question.text, found=bool(chosen), text=text, wants="figure",
                  figures=tuple(h for r in chosen for h in (r.hit, *r.sides)))


def one_per_department(reports: tuple[ReportRow, ...], year: int | None) -> list[ReportRow]:
    """Each department's report of the year asked (a department without one is left out), else its
    latest; departments in the order of their names."""
    chosen: dict[str, ReportRow] = {}
    for report in reports:
        if year is not None and report.fiscal_year != year:
            continue
        department = report.department or report.name
        held = chosen.get(department)
        if held is None or (report.fiscal_year or 0) > (held.fiscal_year or 0):
            chosen[department] = report
    return [chosen[d] for d in sorted(chosen)]


def series_reports(reports: tuple[ReportRow, ...], ask: AcrossAsk) -> list[ReportRow]:
    """The named department's reports of the years asked (近三年: its three latest years held; a span:
    those within it), one per year, earliest first."""
    by_year: dict[int, ReportRow] = {}
    for report in reports:
        if report.fiscal_year is not None:
            by_year.setdefault(report.fiscal_year, report)
    years = sorted(by_year)
    if ask.first_year is not None and ask.last_year is not None:
        years = [y for y in years if ask.first_year <= y <= ask.last_year]
    elif ask.years is not None:
        years = years[-ask.years:]
    return [by_year[y] for y in years]


def _row(kit: Kit, side: Question, report: ReportRow, passages: tuple[Passage, ...], vector: np.ndarray) -> Row | None:
    hit = claimed_in(kit, side, report, passages, vector)
    value = comparable(hit.figure.value, hit.figure.number, hit.figure.unit) if hit else None
    return Row(report, hit, value) if hit is not None and value is not None else None


def claimed_in(kit: Kit, side: Question, report: ReportRow, passages: tuple[Passage, ...],
               vector: np.ndarray) -> FigureHit | None:
    """The figure one report's answer to the metric claims (from the report's best passages), as a
    question asked of that report alone would be answered, or None."""
    hits = kit.ranker.rank(kit.library, side, [report.id], list(passages), vector)
    found = kit.verifier.claimed(side, tuple(hits), passages, {report.id: report_names(report)})
    return found[0] if found and states_metric(side, found[0]) else None


def states_metric(side: Question, hit: FigureHit) -> bool:
    """A table's cell is held to more than a single answer: its figure's own label (not its sentence or
    headings, which name its neighbours) says every word of the metric, and its unit is of the kind the
    metric is counted in. A single answer shows its label for the user to judge; a table of fifty
    departments is read by its numbers (访视数（得分）1.8 is no department's 自评得分)."""
    label = own_label(hit.figure)
    if states_change(hit.figure) and not side.asks_change:
        return False  # 预算安排比上年减少 62.37% is no 预算执行率
    named = [w for w in side.words if (unit_family(w) or "").startswith("count:")]  # not 万元 of 多少万元
    if any(word not in label for word in unsaid_words(side, hit.figure)) or any(
            word not in label and not any(word in variant for variant in side.variants) for word in named):
        return False
    expected = metric_family(side.content)
    return expected is None or unit_family(hit.figure.unit) == expected


def _change_row(turn: Turn, kit: Kit, side: Question, report: ReportRow, passages: tuple[Passage, ...]) -> Row | None:
    """The change of the department's claimed figure against the year before: the same figure's earlier
    year in the same report (the 上年 column), else in the department's report of that year."""
    pair = year_pair(replace(turn, reports=(report,), passages=passages), kit, side, None)
    if pair is None:
        return None
    current, earlier = pair
    result = compute(Operation("year_change", side.text, side.text), current.figure, earlier.figure)
    if result is None:
        return None
    value, unit, formula = result
    first = current.figure
    figure = Figure(metric=f"{first.metric}比上年变化", value=value, number=float(value), unit=unit, kind="computed",
                    section=first.section, quote=formula, start=first.start, end=first.end, entity=first.entity,
                    year=first.year)
    hit = FigureHit(current.report, current.report_id, figure, min(current.score, earlier.score), 1.0, {})
    change = comparable(value, float(value), unit)
    return Row(report, hit, change, (current, earlier)) if change is not None else None


def selected(rows: list[Row], ask: AcrossAsk) -> list[Row]:
    """The rows the question asks for, in the order shown: ranked (best end first, the top few), those
    passing the filter, those changed in the direction asked, a series by year, or every one."""
    if ask.kind == "series":
        return rows
    if ask.kind == "filter":
        return [r for r in rows if passes(r.value, ask)]
    if ask.kind == "change":
        wanted = [r for r in rows if (r.value.number > 0 if ask.direction == "up" else r.value.number < 0)]
        return sorted(wanted, key=lambda r: -abs(r.value.number))
    families = {r.value.family for r in rows}
    if ask.kind == "rank" and len(families) > 1:
        return []  # 万元 beside 人: not one measure, not ranked (the answer says so)
    ordered = sorted(rows, key=lambda r: r.value.number if ask.lowest else -r.value.number)
    return ordered[:ask.top] if ask.top else ordered

