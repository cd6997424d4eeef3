"""Example questions made from what is indexed, so a newcomer sees questions that have answers."""

from __future__ import annotations

from index.store.sqlite import Store

_PREFERRED = ("向上争取资金", "收入合计", "支出合计", "三公经费合计", "人员编制", "实有人数", "绩效自评综合得分", "评价等次")


def example_questions(store: Store, *, limit: int = 6) -> list[str]:
    """Questions about the most telling figures of the newest reports, plus one about problems."""
    reports = sorted(store.reports(), key=lambda r: (r.fiscal_year or 0), reverse=True)[:3]
    questions: list[str] = []
    for report in reports:
        who = report.department or ""
        figures = [f.figure for f in store.figures(report=report.id) if f.figure.number is not None]
        metrics = [f.metric for f in figures]
        totals = [f.metric for f in figures if f.kind == "table_cell" and "合计" in f.metric]
        fields = [f.metric for f in figures if f.kind == "label_value"]
        chosen = list(dict.fromkeys([m for m in _PREFERRED if m in metrics] + totals + fields))
        year = f"{report.fiscal_year}年" if report.fiscal_year else ""
        for metric in chosen[:3]:
            verb = "是什么" if metric in ("评价等次",) else "是多少"
            questions.append(f"{year}{who}的{metric}{verb}？")
        if any("问题" in " ".join(path) for path, _ in store.sections(report.id)):
            questions.append(f"{who}存在哪些主要问题？")
    return list(dict.fromkeys(questions))[:limit]
