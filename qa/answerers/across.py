"""A question across departments or years (qa/across.py): each department's report — or, for a series,
each year's report of the department named — is asked the metric on its own, through the same ranking
and verify stage as any single answer. Only claimed figures enter the table, each with its source; the
departments whose report claims none are named as 未载明, never filled in."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from index.store.rows import ReportRow
from index.text.vocabulary import unit_family
from qa.accounts import own_label
from qa.across import Value, comparable, metric_family, passes
from qa.answerers.computed import computed_hit, year_pair
from qa.answerers.kit import ClaimKey, Kit
from qa.claim_codec import claim_from_text, claim_text
from qa.compose import across_answer
from qa.evidence import unsaid_words
from qa.lookup import states_change
from qa.records import AcrossAsk, Answer, FigureHit, Operation, Passage, Question, Turn, report_names
from qa.scope import department_groups
from qa.wordshare import held_in_order


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
    scoped = turn.reports
    if question.places and question.department is None:
        # 岳阳市各单位的…: the departments whose names or reports are about the place named.
        kept = {r for group in department_groups(question, list(turn.reports), turn.filters,
                                                 report_places=kit.library.report_places) for r in group}
        scoped = tuple(r for r in turn.reports if r.id in kept)
    if ask.kind == "series" and len(departments := sorted({r.department or r.name for r in scoped})) > 1:
        # 财政局近三年的… over two 财政局: one department's years are never drawn with another's.
        text = (f"问题中的“{question.department_mention or question.department}”对应多个单位："
                f"{'、'.join(departments)}；请写明单位全称再问逐年的“{asked_metric(side)}”。")
        return Answer(question=question.text, found=False, text=text, wants="figure", across=ask.kind)
    reports = series_reports(scoped, ask) if ask.kind == "series" else one_per_department(scoped, question.year)
    earlier = {r.id: e for r in reports if (e := _year_before(turn.reports, r)) is not None} if ask.kind == "change" else {}
    claimed = report_claims(kit, side, [*reports, *earlier.values()])
    rows: list[Row] = []
    unstated: list[ReportRow] = []
    for report in reports:
        if ask.kind == "change":
            row = _change_row(turn, kit, side, report, claimed.get(report.id),
                              claimed.get(earlier[report.id].id) if report.id in earlier else None)
        else:
            hit = claimed.get(report.id)
            value = comparable(hit.figure.value, hit.figure.number, hit.figure.unit) if hit else None
            row = Row(report, hit, value) if hit is not None and value is not None else None
        if row is None:
            unstated.append(report)
        else:
            rows.append(row)
    chosen = selected(rows, ask)
    subject = asked_metric(side) or ask.metric
    text = across_answer(ask, subject, [(r.report, r.hit, r.sides) for r in chosen], len(rows), unstated)
    return Answer(question=question.text, found=bool(chosen), text=text, wants="figure",
                  figures=tuple(h for r in chosen for h in (r.hit, *r.sides)), across=ask.kind)


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


def report_claims(kit: Kit, side: Question, reports: list[ReportRow]) -> dict[str, FigureHit]:
    """Each report's claimed answer to the metric (reports claiming none are left out): as a question
    asked of that report alone would be answered, from its own best passages — searched for all the
    reports not yet asked at once — and kept per index generation for the next question on the metric."""
    def key(report: ReportRow) -> ClaimKey:
        return (kit.retriever.generation, report.id, report.ingested_at, side.text, side.year)

    missing = [r for r in dict.fromkeys(reports) if kit.claims.get(key(r)) is None]
    if missing:
        # Prepared for this index generation (`reportqa prepare`, `prepared_claims`): read, not ranked again.
        stored = kit.retriever.store.prepared_claims(kit.retriever.generation, side.text, side.year or 0,
                                                     [(r.id, r.ingested_at) for r in missing])
        for report in [r for r in missing if (r.id, r.ingested_at) in stored]:
            hit = claim_from_text(stored[(report.id, report.ingested_at)])
            kit.claims.put(key(report), (hit,) if hit is not None else ())
            missing.remove(report)
    required = _required_words(side)
    for report in [r for r in missing if required and not _could_state(kit, r, required)]:
        kit.claims.put(key(report), ())  # no figure of it holds the metric's characters: no cell, not ranked
        missing.remove(report)
    if missing:
        vector = kit.retriever.query_vector(side.embed_text)
        passages = kit.retriever.passages_by_report(side, [r.id for r in missing], vector)
        for report in missing:
            hit = claimed_in(kit, side, report, tuple(passages.get(report.id, ())), vector)
            kit.claims.put(key(report), (hit,) if hit is not None else ())
    return {r.id: held[0] for r in reports if (held := kit.claims.get(key(r)))}


def prepared(kit: Kit, side: Question, reports: list[ReportRow]) -> list[tuple[tuple[str, str, str, int], str]]:
    """Each report's claim on the metric, computed as a question across departments computes it, as the
    rows the store keeps for the index generation (`reportqa prepare`)."""
    claimed = report_claims(kit, side, reports)
    return [((r.id, r.ingested_at, side.text, side.year or 0), claim_text(claimed.get(r.id))) for r in reports]


def _required_words(side: Question) -> list[str]:
    """The metric's words a cell's own label must say (`states_metric`): not a unit (万元 of 多少万元), not
    a word the lexicon lets another spelling say."""
    return [w for w in side.words if (unit_family(w) or "").startswith("count:")
            and not any(w in variant for variant in side.variants)]


def _could_state(kit: Kit, report: ReportRow, words: list[str]) -> bool:
    """Could any figure of the report pass `states_metric`? Only if one figure's labels, sentence and
    headings hold every character of the metric's words — a condition every cell meets (its own label is
    made of those) — checked on the report's figures as read once per report version, before the report
    is ranked: most departments of a real archive never state a given metric."""
    needed = set("".join(words))
    for stored in kit.ranker.figure_cache.figures(kit.retriever.store, [report]):
        f = stored.figure
        if needed <= set("".join((f.metric, f.qualifier or "", f.entity or "", f.target or "", f.quote, *f.section))):
            return True
    return False


def claimed_in(kit: Kit, side: Question, report: ReportRow, passages: tuple[Passage, ...],
               vector: np.ndarray) -> FigureHit | None:
    """The figure one report's answer to the metric claims, or None. Its candidates are the figures
    naming the metric's words or standing in its passages (`narrow`, as for a department among many)."""
    hits = kit.ranker.rank(kit.library, side, [report.id], list(passages), vector, narrow=True)
    found = kit.verifier.claimed(side, tuple(hits), passages, {report.id: report_names(report)})
    return found[0] if found and states_metric(side, found[0]) else None


def asked_metric(side: Question) -> str:
    """The metric as each department was asked it (`三公经费` of `三公经费是多少？`)."""
    return re.sub(r"是多少[^？?]*[？?]?$", "", side.text)


def states_metric(side: Question, hit: FigureHit) -> bool:
    """A table's cell is held to more than a single answer: its figure's own label (not its sentence or
    headings, which name its neighbours) says every word of the metric, and its unit is of the kind the
    metric is counted in. A single answer shows its label for the user to judge; a table of fifty
    departments is read by its numbers (访视数（得分）1.8 is no department's 自评得分)."""
    label = own_label(hit.figure)
    if states_change(hit.figure) and not side.asks_change:
        return False  # 预算安排比上年减少 62.37% is no 预算执行率
    # A word is said in order, a few characters apart at most (自评得分 by 绩效自评综合得分).
    if any(not held_in_order(word, label) for word in (*unsaid_words(side, hit.figure), *_required_words(side))):
        return False
    expected = metric_family(asked_metric(side))
    if expected == "score" and not _NAMES_A_SCORE.search(hit.figure.metric):
        return False  # 年度资金总额（自评得分）10, 访视数（得分）1.8: one indicator's score, not the evaluation's
    return expected is None or unit_family(hit.figure.unit) == expected


# A row naming a score itself, or the total of the indicators' scores.
_NAMES_A_SCORE = re.compile(r"得分|总分|评分|分数|合计|总计")


def _year_before(reports: tuple[ReportRow, ...], report: ReportRow) -> ReportRow | None:
    """The same department's report of the year before, if the archive holds it."""
    if report.fiscal_year is None:
        return None
    department = report.department or report.name
    return next((r for r in reports if (r.department or r.name) == department
                 and r.fiscal_year == report.fiscal_year - 1), None)


def _change_row(turn: Turn, kit: Kit, side: Question, report: ReportRow, current: FigureHit | None,
                earlier: FigureHit | None) -> Row | None:
    """The change of the department's claimed figure against the year before: its report of that year
    claiming the same metric of the same organisation, else (no such report) the same figure's earlier
    year in the same report (the 上年 column)."""
    if current is None:
        return None
    if earlier is not None:
        same = (earlier.figure.metric, earlier.figure.entity) == (current.figure.metric, current.figure.entity)
        if not same:
            return None
        year = report.fiscal_year
        pair = (replace(current, figure=replace(current.figure, year=current.figure.year or year)),
                replace(earlier, figure=replace(earlier.figure, year=earlier.figure.year or (year or 1) - 1)))
    elif _year_before(turn.reports, report) is None:
        vector = kit.retriever.query_vector(side.embed_text)
        passages = tuple(kit.retriever.passages(side, [report.id], None, vector))
        found = year_pair(replace(turn, reports=(report,), passages=passages), kit, side, None)
        if found is None:
            return None
        pair = found
    else:
        return None
    hit = computed_hit(Operation("year_change", side.text, side.text), *pair)
    change = comparable(hit.figure.value, hit.figure.number, hit.figure.unit) if hit else None
    return Row(report, hit, change, pair) if hit is not None and change is not None else None


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

