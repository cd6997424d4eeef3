"""A difference, share, sum or change against another year of two figures, when the question asks for
one and both sides are claimed as confidently as any answer. A sum the report states itself
(…资金用于公租房保障和棚户区改造 合计128.79) is read, not added up (the figure answerer then answers)."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from index.records import Figure
from index.text.vocabulary import YEAR_DIGITS
from qa.accounts import own_item
from qa.answerers.kit import NEAR_HITS, Kit, shown
from qa.arithmetic import compute, label, names_both_sides
from qa.compose import figure_answer
from qa.records import Answer, FigureHit, Operation, Question, Turn
from qa.wordshare import held_in_order


def answer(turn: Turn, kit: Kit) -> Answer | None:
    question = turn.question
    if question.wants != "figure" or question.operation is None or states_share(turn, question.operation):
        return None
    computed = _computed(turn, kit)
    if computed is None:
        return None
    text = figure_answer(question, [computed[0]], [], kit.library.reports) + f"。计算：{computed[0].figure.quote}"
    return Answer(question=question.text, found=True, text=text, figures=computed, passages=shown(turn), wants="figure")


def states_share(turn: Turn, operation: Operation) -> bool:
    """Does the report state the share asked itself (`基本支出1892.07万元，占总支出的37.94%`)? Then it is read,
    not computed: a report rounds its own way (37.94, where 1892.07 ÷ 4986.31 gives 37.95), and its
    number is the one a reader finds in it."""
    if operation.kind != "share" or not turn.claims.found:
        return False
    best = turn.claims.found[0][1][0].figure
    if best.unit != "%":
        return False
    named = f"{label(best)} {own_item(best)}"
    # `项目支出3094.24万元，占62.06%`: a share of the whole the sentence leaves unnamed is the first side's.
    return names_both_sides(operation, named) or (label(best).endswith("占") and held_in_order(operation.first, named))


def _computed(turn: Turn, kit: Kit) -> tuple[FigureHit, ...] | None:
    question, operation = turn.question, turn.question.operation
    assert operation is not None
    sides: list[FigureHit] = []
    if operation.kind == "year_change":
        pair = year_pair(turn, kit, question.sides[0], operation.earlier_year)
        if pair is None:
            return None
        sides = list(pair)
    for side in question.sides if not sides else ():
        vector = kit.retriever.query_vector(side.embed_text)
        ranked = kit.ranker.rank(kit.library, side, turn.report_ids, list(turn.passages), vector)
        found = kit.verifier.confident(ranked, side)
        if not found:
            return None
        sides.append(found[0])
    first, second = (h.figure for h in sides)
    if (sides[0].report_id, first.start, first.value) == (sides[1].report_id, second.start, second.value):
        return None  # both sides found the same figure: nothing to compute
    if operation.kind == "sum" and any(names_both_sides(operation, label(h.figure)) for h in sides):
        return None  # the report states the whole: the question is answered by that figure
    head = computed_hit(operation, sides[0], sides[1])
    return None if head is None else (head, *sides)


def computed_hit(operation: Operation, first_hit: FigureHit, second_hit: FigureHit) -> FigureHit | None:
    """The computed figure as a hit of its own, its formula as its quote (in the first side's place),
    or None when the two figures cannot be combined (units differ)."""
    first, second = first_hit.figure, second_hit.figure
    result = compute(operation, first, second)
    if result is None:
        return None
    value, unit, formula = result
    figure = Figure(
        metric={"difference": f"{label(first)}与{label(second)}之差", "share": f"{label(first)}占{label(second)}的比例",
                "sum": f"{label(first)}与{label(second)}之和",
                "year_change": f"{first.metric}比上年变化"}[operation.kind],
        value=value, number=float(value), unit=unit, kind="computed", section=first.section,
        quote=formula, start=first.start, end=first.end,
        entity=first.entity if first.entity == second.entity else None, year=first.year,
    )
    return FigureHit(first_hit.report, first_hit.report_id, figure, min(first_hit.score, second_hit.score), 1.0, {})


def year_pair(turn: Turn, kit: Kit, side: Question, earlier_year: int | None) -> tuple[FigureHit, FigureHit] | None:
    """The best figure that has a counterpart in the earlier year (the year before, or the one
    named) in the same place: same metric, organisation and column once its year is set aside
    (`局部门 2021` / `局部门 2020`) — in the same report, else in the same department's report of
    that year (year over year across the archive)."""
    vector = kit.retriever.query_vector(side.embed_text)
    hits = kit.ranker.rank(kit.library, side, turn.report_ids, list(turn.passages), vector)
    found = kit.verifier.confident(hits, side)
    # A near hit that says as much of the question as the confident best: 三公 合计 (2021 / 2020
    # columns) is not 收入合计 merely because it has a counterpart year.
    for current in hits[:NEAR_HITS] if found else []:
        figure = current.figure
        if figure.year is None or figure.number is None or current.coverage < found[0].coverage:
            continue
        wanted = earlier_year or figure.year - 1
        # The counterpart is found by its place, not its score: any candidate in the same place.
        earlier = next((h for h in hits if h.figure.year == wanted and _place(h.figure) == _place(figure)), None)
        if earlier is not None:
            return current, earlier
    if not found:
        return None
    return _pair_across_reports(kit, side, found[0], vector, earlier_year)


def _pair_across_reports(kit: Kit, side: Question, current: FigureHit, vector: np.ndarray,
                         earlier_year: int | None) -> tuple[FigureHit, FigureHit] | None:
    """The same figure in the same department's report of the earlier year: found there as
    confidently as any answer, with the same metric and organisation."""
    reports = kit.library.reports
    report = reports.get(current.report_id)
    figure = current.figure
    year = figure.year or (report.fiscal_year if report else None)
    if report is None or not report.department or year is None:
        return None
    wanted = earlier_year or year - 1
    earlier_reports = [r.id for r in reports.values()
                       if r.department == report.department and r.fiscal_year == wanted and r.id != report.id]
    if not earlier_reports:
        return None
    passages = kit.retriever.passages(side, earlier_reports, None, vector)
    for hit in kit.verifier.confident(kit.ranker.rank(kit.library, side, earlier_reports, passages, vector), side):
        earlier = hit.figure
        if (earlier.metric, earlier.entity) == (figure.metric, figure.entity) and earlier.year in (None, wanted):
            return current, replace(hit, figure=replace(earlier, year=wanted))
    return None


def _place(figure: Figure) -> tuple[str, str | None, str]:
    """Where a figure stands once its year is set aside: metric, organisation, column without year."""
    return figure.metric, figure.entity, re.sub(YEAR_DIGITS, "", figure.qualifier or "").strip()
