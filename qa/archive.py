"""Questions about the archive itself — 有哪些单位的报告 / 2024年哪些单位做了自评 / 科技局有几年的报告 —
answered from the library's list of reports (department, year, type), not from a passage.

`archive_ask` reads what such a question asks (pure); `archive_answer` lists the reports that match
the question's year, department and document type.
"""

from __future__ import annotations

import re

from index.store.rows import ReportRow
from qa.compose import numbered_text, report_label
from qa.records import Answer, ArchiveAsk, Question

# Asking which or how many units / years / reports the archive holds.
_ASKS_UNITS = re.compile(r"(?:哪些|哪几个|几个|多少个?|哪个)(?:单位|部门|机构)")
_ASKS_YEARS = re.compile(r"(?:几|哪几|哪些|多少)个?年(?:度)?(?:的)?(?:报告|自评|预算|决算|评价)|哪些年(?:度|份)")
_ASKS_REPORTS = re.compile(r"(?:哪些|几份|多少份|什么)(?:报告|自评报告|评价报告)|报告库")
# About reports, not about what a report says: the question names the documents or the act.
_ABOUT_REPORTS = re.compile(r"报告|自评|评价|预算公开|决算公开|部门预算|部门决算")
# Words of a document type in the question → a word of the recorded type.
_TYPE_WORDS = (("自评", "自评"), ("绩效评价", "自评"), ("部门预算", "预算"), ("单位预算", "预算"), ("预算公开", "预算"),
               ("部门决算", "决算"), ("决算", "决算"))


def archive_ask(text: str) -> ArchiveAsk | None:
    """The archive question in `text`, or None when it asks what a report says."""
    if not _ABOUT_REPORTS.search(text):
        return None
    if _ASKS_YEARS.search(text):
        asks = "years"
    elif _ASKS_UNITS.search(text) or _ASKS_REPORTS.search(text):
        asks = "reports"
    else:
        return None
    type_word = next((word for cue, word in _TYPE_WORDS if cue in text), None)
    return ArchiveAsk(asks, type_word)


def matching_reports(ask: ArchiveAsk, question: Question, reports: list[ReportRow]) -> list[ReportRow]:
    """The reports of the question's year (exactly), department and document type, latest first."""
    chosen = [r for r in reports
              if (question.year is None or r.fiscal_year == question.year)
              and (question.department is None or question.department in (r.department, r.project))
              and (ask.type_word is None or ask.type_word in (r.kind or ""))]
    return sorted(chosen, key=lambda r: (-(r.fiscal_year or 0), r.department or "", r.name))


def archive_answer(ask: ArchiveAsk, question: Question, reports: list[ReportRow]) -> Answer:
    """The matching reports as a list, each named as a person names it, with the file it came from."""
    chosen = matching_reports(ask, question, reports)
    scope = "、".join(x for x in (question.department, f"{question.year}年" if question.year else None, ask.type_word) if x)
    scope_text = f"（{scope}）" if scope else ""
    if not chosen:
        text = f"报告库中没有符合条件{scope_text}的报告；库中共有 {len(reports)} 份报告。"
        return Answer(question=question.text, found=False, text=text, wants="archive")
    items = tuple(f"{report_label(r, r.name)}（{r.name}）" for r in chosen)
    if ask.asks == "years":
        years = sorted({r.fiscal_year for r in chosen if r.fiscal_year})
        head = (f"报告库中{scope_text}有 {len(years)} 个年度的报告：{'、'.join(f'{y}年' for y in years)}"
                f"，共 {len(chosen)} 份：")
    else:
        units = {r.department or r.name for r in chosen}
        head = f"报告库中{scope_text}有 {len(units)} 个单位的 {len(chosen)} 份报告："
    return Answer(question=question.text, found=True, text=numbered_text(head, items, "（来源：报告库）"), wants="archive",
                  items=items)
