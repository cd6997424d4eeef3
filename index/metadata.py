"""Report metadata from the cover fields and the title: department, budget code, year, date, type, score."""

from __future__ import annotations

import re

from index.records import Block, Heading, LabelValue, Paragraph, ReportMeta
from index.tables import clean_label

_DEPARTMENT_LABELS = (
    "部门（单位）名称", "部门(单位)名称", "单位名称", "部门名称", "预算单位名称", "预算单位", "评价单位", "主管部门", "实施单位",
)
_CODE_LABELS = ("预算编码", "单位编码", "预算代码", "单位代码")
_DATE_LABELS = ("报告日期", "填报日期", "评价日期", "日期")
_SCORE_LABELS = ("绩效自评综合得分", "自评综合得分", "综合得分", "自评得分", "评价得分", "总得分", "总分", "得分")
_GRADE_LABELS = ("评价等次", "评价等级", "等次", "等级", "评价结果")
_PROJECT_LABELS = ("项目名称", "专项名称", "资金名称")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年度?")
_DATE_RE = re.compile(r"((?:19|20)\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_ORG_RE = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?(?:局|委员会|委|厅|办公室|中心|院|所|站|馆|队))")
_SCORE_PROSE = re.compile(r"(?:综合得分|自评得分|评价得分|得分)[为是:：\s]*(\d{1,3}(?:\.\d+)?)\s*分")
_GRADE_PROSE = re.compile(r"(?:评价等次|等次|等级)[为是:：\s]*[“\"]?(优秀|良好|合格|中|差)")


def _field(fields: dict[str, str], labels: tuple[str, ...]) -> str | None:
    for label in labels:
        if label in fields:
            return fields[label]
    for label, value in fields.items():
        if any(label.endswith(wanted) for wanted in labels):
            return value
    return None


def _title(blocks: tuple[Block, ...]) -> str | None:
    """The lines before the first field or heading, joined (`岳阳市2021年度部门（单位）整体支出绩效评价自评报告`)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph) and len(block.text) <= 40:
            lines.append(block.text.strip())
            continue
        if isinstance(block, Heading) and not lines:
            lines.append(block.text.strip())
        break
    return "".join(lines)[:120] or None


def _evaluation_type(title: str) -> str | None:
    """整体支出 or 项目支出, as the title says."""
    if "整体支出" in title or "部门整体" in title:
        return "整体支出"
    if re.search(r"项目支出|专项资金|项目绩效|项目", title):
        return "项目支出"
    return None


def extract_meta(blocks: tuple[Block, ...], text: str) -> ReportMeta:
    """What the report says about itself; absent fields stay None."""
    fields: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, LabelValue):
            fields.setdefault(clean_label(block.label.text), block.value.text.strip())
    title = _title(blocks)
    head = (title or "") + text[:600]
    department = _field(fields, _DEPARTMENT_LABELS)
    if department is None:
        match = _ORG_RE.search(re.sub(r"((?:19|20)\d\d\s*年度?)", " ", head))
        department = match.group(1) if match else None
    code = _field(fields, _CODE_LABELS)
    year_match = _YEAR_RE.search(title or "") or _YEAR_RE.search(text[:600])
    date_text = _field(fields, _DATE_LABELS)
    date_match = _DATE_RE.search(date_text or "")
    report_date = (
        f"{date_match.group(1)}-{int(date_match.group(2)):02d}-{int(date_match.group(3)):02d}" if date_match else None
    )
    kind = _evaluation_type(title or text[:200])
    score = _field(fields, _SCORE_LABELS)
    if score is None:
        match = _SCORE_PROSE.search(text)
        score = match.group(1) if match else None
    grade = _field(fields, _GRADE_LABELS)
    if grade is None:
        match = _GRADE_PROSE.search(text)
        grade = match.group(1) if match else None
    return ReportMeta(
        title=title,
        department=department,
        budget_code=re.sub(r"\D", "", code) or None if code else None,
        fiscal_year=int(year_match.group(1)) if year_match else None,
        report_date=report_date,
        eval_type=kind,
        score=score,
        grade=grade,
        project=_field(fields, _PROJECT_LABELS),
    )
