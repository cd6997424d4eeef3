"""A claimed figure: the best one with its source, other reports' alike figures and other values of the
same metric beside it, said to be one department's when the question names none over several; or —
several departments stating it, none named — one line per department, none claimed."""

from __future__ import annotations

from index.store.rows import ReportRow
from qa import scope
from qa.answerers.kit import NEAR_HITS, Kit, shown
from qa.compose import figure_answer, per_department_answer, report_label
from qa.lookup import bigrams
from qa.records import Answer, FigureHit, Question, Turn
from qa.verify import another_value


def answer(turn: Turn, kit: Kit) -> Answer | None:
    question, found = turn.question, turn.claims.found
    if question.wants != "figure" or not found:
        return None
    reports = kit.library.reports
    # One department of several weighed states it (even when those saying fewer of the question's words
    # were set aside): its figure is never given as if it were the only department.
    if turn.searched > 1:
        best = found[0][1][:1]
        partial = turn.claims.partial
        text = per_department_answer(question, best, reports, searched=turn.searched, held=turn.held,
                                     unstated=unstated_departments(turn, best + tuple(h for h, _ in partial), reports),
                                     partial=partial)
        return Answer(question=question.text, found=True, text=text, figures=best, passages=shown(turn), wants="figure")
    hits, claimed = found[0]
    chosen, others = _choose(question, list(claimed), list(hits[:NEAR_HITS]), reports)
    text = figure_answer(question, chosen, others, reports)
    same_metric = [h for h in claimed if h not in chosen + others
                   and bigrams(h.figure.metric) == bigrams(chosen[0].figure.metric)][:3]
    return Answer(question=question.text, found=True, text=text, figures=tuple(chosen + others + same_metric),
                  passages=shown(turn), wants="figure")


def departments_apart(turn: Turn, kit: Kit) -> Answer | None:
    """Several departments state a figure the question could mean and it names none: one line per
    department with its source, none claimed (the verify stage's `Claims.apart`)."""
    question, apart = turn.question, turn.claims.apart[:scope.MAX_DEPARTMENTS_LISTED]
    if question.wants != "figure" or not apart:
        return None
    text = per_department_answer(question, apart, kit.library.reports, searched=turn.searched, held=turn.held,
                                 unstated=unstated_departments(turn, apart, kit.library.reports))
    return Answer(question=question.text, found=False, text=text, candidates=apart, passages=shown(turn), wants="figure")


def unstated_departments(turn: Turn, stated: tuple[FigureHit, ...], reports: dict[str, ReportRow]) -> list[str]:
    """The departments weighed for a figure whose reports claim none of it, by name: a per-department
    answer names them, so that none is taken for a department left out."""
    said = {h.report_id for h in stated}
    return [report_label(reports[group[0]], reports[group[0]].name) for group in turn.weighed or turn.groups
            if group and not said & set(group) and group[0] in reports]


def _choose(question: Question, found: list[FigureHit], near: list[FigureHit],
            reports: dict[str, ReportRow]) -> tuple[list[FigureHit], list[FigureHit]]:
    """The best hit, one per report when several reports answer alike, and other values of the
    same metric among the near candidates (a conflicting statement, the budget beside an actual)."""
    best = found[0]
    per_report: dict[str, FigureHit] = {}
    for hit in found:
        per_report.setdefault(hit.report_id, hit)
    chosen = [best]
    if len(per_report) > 1:
        alike = [h for h in per_report.values() if h is not best and h.score >= 0.8 * best.score
                 and bigrams(h.figure.metric) == bigrams(best.figure.metric)]
        chosen += sorted(alike, key=lambda h: -(reports[h.report_id].fiscal_year or 0))
    best_metric = bigrams(best.figure.metric)
    others = [
        h for h in near
        if h.report_id == best.report_id and h is not best
        and h.figure.amount != best.figure.amount  # 13459 is 13459.00: not another value
        and h.figure.year == best.figure.year
        and h.figure.entity in (best.figure.entity, None)
        and len(bigrams(h.figure.metric) & best_metric) >= 0.6 * max(1, len(best_metric))
        and h.figure.unit == best.figure.unit
        and another_value(question, best, h)
    ][:2]
    return chosen, others
