"""Report metadata from the cover fields and the title: department, budget code, year, date, type, score."""

from __future__ import annotations

import re

from index.extract.forms import cells_of, field_figures
from index.extract.table_labels import clean_label
from index.records import Block, Heading, LabelValue, Paragraph, ReportMeta
from index.text.vocabulary import (
    BRACKETED_YEAR,
    GRADE_LABELS,
    GRADE_PATTERN,
    SCORE_LABELS,
    YEAR_DIGITS,
    YEAR_MENTION,
)

_DEPARTMENT_LABELS = (
    "部门（单位）名称", "部门(单位)名称", "预算部门、单位名称", "单位名称", "部门名称", "预算单位名称", "预算单位", "评价单位",
    "资金使用单位",
)
# A project form names the body that runs the money (实施单位) and the one above it (主管部门); the
# implementing unit is the department only when it is an organisation of a place, not a section (大气环境科).
_IMPLEMENTING_LABELS = ("实施单位", "项目实施单位", "项目单位")
_SUPERVISOR_LABELS = ("县级主管部门", "市级主管部门", "地方主管部门", "主管部门", "省级主管部门")
_FORM_HEADER = re.compile(r"(?:^|[\s|])(?:部门|单位)\s*[:：]\s*([\u4e00-\u9fff（）()]{4,30})")
_PLACE = re.compile(r"[省市县区州旗乡镇]")
# Page furniture of a copied web page or document mirror: never where the department is named.
_CHROME = re.compile(r"网站|网页|来源|浏览|发布|首页|当前位置|分享|会员|下载|打印|字号|索引号|主题分类|发文单位|阅读|点击|IPv6")
# Words an organisation name never starts with: 根据财政局…, 对国务院…, 向上级….
_LEAD_WORDS = re.compile(r"^(?:根据|按照|依据|对|向|由|经|及|和|与|关于|我|本|为|在|将|是|的|从|自|于|初|各|并|报|请|由于|其中)+")
# Bodies that issue the rules a report follows; named after 根据 / 按照, they are not its author.
_ISSUERS = re.compile(r"^(?:国务院|财政部|.{0,8}财政厅|.{0,8}财政局|.{0,6}人民政府办公室)$")
_DEFINED_AS = re.compile(r"\s*[(（]以下简称")
_CODE_LABELS = ("预算编码", "单位编码", "预算代码", "单位代码")  # the budget code of the unit, not any code
_DATE_LABELS = ("报告日期", "填报日期", "评价日期", "日期")
_PROJECT_LABELS = ("项目名称", "专项名称", "资金名称", "转移支付(项目)名称", "转移支付（项目）名称", "转移支付名称")
_DATE_RE = re.compile(rf"({YEAR_DIGITS})\s*[年\-/.]\s*(\d{{1,2}})\s*[月\-/.]\s*(\d{{1,2}})")
_ORG_SUFFIX = "局|委员会|联合会|委|厅|办公室|办事处|中心|人民政府|政府|卫生院|医院|学院|学校|中学|小学|幼儿园|院|所|站|馆|队"
# The shortest name that ends in a suffix, then as many further suffixed words as follow at once
# (毛云乡中心 + 学校, 县人民政府 + 办公室): the organisation is the whole of it. Only whole words
# extend a name: 省财政厅 + 委(托) is a verb, 建设局 + 是县政府 a sentence.
_ORG_WORD_SUFFIX = "委员会|联合会|办公室|办事处|中心|人民政府|政府|卫生院|医院|学院|学校|中学|小学|幼儿园"
_NOT_A_NAME_START = "(?![是为系属和与及对由在将向])"
# A government's or a party committee's own organs carry longer names after it: 区人民政府 +
# 东风街道办事处, 县委 + 机构编制委员会(办公室), 县委 + 统一战线工作部. (After any other body a long run is
# a sub-unit of it — 科技局 + 科技事务中心 — not its name.)
_ORGAN_OF_GOVERNMENT = rf"(?:人民政府|政府|(?<=[省市县区州旗])委(?!员会))(?:{_NOT_A_NAME_START}[\u4e00-\u9fff]{{0,6}}?(?:办事处|办公室|委员会|统一战线工作部|统战部|组织部|宣传部|社会工作部))?"
_ORG_RE = re.compile(rf"([\u4e00-\u9fff（）()]{{2,30}}?(?:{_ORGAN_OF_GOVERNMENT}|{_ORG_SUFFIX})"
                     rf"(?:{_NOT_A_NAME_START}[\u4e00-\u9fff]{{0,3}}?(?:{_ORG_WORD_SUFFIX}))*)")
_UP_TO_ORG_SUFFIX = re.compile(rf"^.*(?:{_ORG_SUFFIX})")
_SCORE_PROSE = re.compile(r"(?:综合得分|自评得分|评价得分|得分)[为是:：\s]*(\d{1,3}(?:\.\d+)?)\s*分")
_GRADE_PROSE = re.compile(rf"(?:评价等次|等次|等级)[为是:：\s]*[“\"]?({GRADE_PATTERN})")


# 主管部门(公章), 项目负责人(签章): where the form is stamped, not part of the field's name.
_SEAL = re.compile(r"[(（](?:公章|签章|盖章|签字|签名)[)）]$")


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
    # a fund, a transfer or a policy is evaluated as a project is (就业补助资金, 中央对地方转移支付)
    if re.search(r"项目支出|专项资金|项目绩效|项目|资金|转移支付|政策", title):
        return "项目支出"
    return None


# What kind of document it is, from its title (else its opening): the budget disclosures before the
# evaluation reports, whose titles never name a 预算/决算 公开.
_DOC_TYPES = (
    ("单位决算", re.compile(r"单位决算")),
    ("部门决算", re.compile(r"决算(?:公开|报告|说明)?|部门决算")),
    ("单位预算", re.compile(r"单位预算")),
    ("部门预算", re.compile(r"部门预算|预算公开|预算说明")),
)
_EVALUATION = re.compile(r"绩效.{0,6}(?:自评|评价)|自评报告|自评表")


def document_type(title: str, opening: str, eval_type: str | None) -> str | None:
    """部门预算, 部门决算, 单位预算, 单位决算, 整体支出绩效自评 or 项目支出绩效自评; None when unclear."""
    for text in (title, opening):
        if _EVALUATION.search(text):
            return f"{eval_type or '整体支出'}绩效自评"
        for name, pattern in _DOC_TYPES:
            if pattern.search(text):
                return name
    return None


def _without_chrome(text: str) -> str:
    """The lines that are not page furniture (来源, 浏览量, 发布日期…)."""
    return "\n".join(line for line in text.split("\n") if not _CHROME.search(line))


def _clean_department(value: str) -> str | None:
    """`[155]濉溪县民政局` -> 濉溪县民政局; `稷山县卫生健康和体育局 年初预算 数 0` -> the organisation alone."""
    value = re.sub(r"^[\[［(（【]?\d+[\]］)）】]", "", value.strip())
    first = value.split()[0] if value.split() else value
    return (first if _ORG_RE.fullmatch(first) else value) or None


# Budget and final-account disclosures declare who compiled them on the cover and over every table.
_DECLARED = re.compile(r"(?:预算主管部门|编制部门|编制单位|填报单位)\s*[:：]\s*([\u4e00-\u9fff（）()]{4,40}?)(?=\s|单位[:：]|$)", re.M)


def _declared_department(text: str) -> str | None:
    match = _DECLARED.search(text[:5000])
    name = _UP_TO_ORG_SUFFIX.match(match.group(1)) if match else None  # `…办事处目 录`: the next line glued on
    return name.group() if name else None


def _form_department(fields: dict[str, str], text: str) -> str | None:
    """A form's own header (`部门:临沧市永德县明朗中学`), else the supervising department unless that is
    the finance body that had the evaluation done (主管部门 淳安县财政局 over 项目单位 淳安县文化和广电旅游体育局),
    else the implementing unit when it is one organisation of a place (not a section such as 大气环境科,
    nor a list such as 各地州生态环境局、各企事业单位)."""
    header = _FORM_HEADER.search(text[:400])
    if header:
        return header.group(1)
    supervisor = _field(fields, _SUPERVISOR_LABELS)
    if supervisor and not _ISSUERS.match(_clean_department(supervisor) or ""):
        return supervisor
    implementing = _field(fields, _IMPLEMENTING_LABELS)
    if implementing is None or implementing.startswith("各") or not _ORG_RE.fullmatch(implementing):
        return None
    return implementing if _PLACE.search(implementing) else None


def _prose_department(title: str, text: str) -> str | None:
    """The organisation the opening names most plainly: in the title, with a place in its name, more
    than once; never from page furniture, and never a body the report cites as its rule-maker."""
    head = re.sub(rf"{YEAR_DIGITS}\s*(?:-\s*{YEAR_DIGITS}\s*)?年度?", " ", _without_chrome(text[:1500]))
    head = re.sub(r"《[^《》]*》", " ", head)  # bodies named in a cited document's title issued it
    clean_title = "" if _CHROME.search(title) else re.sub(rf"{YEAR_DIGITS}\s*年度?", " ", title)
    scores: dict[str, float] = {}
    opening = clean_title + "\n" + head
    for position, match in enumerate(_ORG_RE.finditer(opening)):
        name = _LEAD_WORDS.sub("", match.group(1))
        if len(name) < 4 or not _ORG_RE.fullmatch(name):
            continue
        score = scores.get(name, 0.0) + 1.0
        if name in clean_title:
            score += 3.0
        if _PLACE.search(name[:-1]):
            score += 2.0
        if _ISSUERS.match(name):
            score -= 3.0
        if _DEFINED_AS.match(opening, match.end()):
            score += 2.0  # 湖北残疾人联合会(以下简称“省残联”): the body the report is about
        if not _PLACE.search(name[:-1]) and name not in clean_title:
            score -= 1.0  # 公司接受委: without a place or the title, a name must recur to count
        scores[name] = score - 0.01 * position
    if not scores:
        return None
    best = max(scores, key=lambda n: scores[n])
    return best if scores[best] > 0 else None


# A cover read as one line: `:南宁市…补助项目 项目单位:南宁市…办公室` holds the next field after a space.
_NEXT_FIELD = re.compile(r"\s+[\u4e00-\u9fff]{2,8}\s*[:：].*$")


# `湖北残疾人联合会(以下简称“省残联”)`: the short name a report gives the body it is about.
_SHORT_NAME_DEFINED = re.compile(r"([\u4e00-\u9fff]{2,40})\s*[(（]\s*以下简称\s*[“\"”‘']?([\u4e00-\u9fff]{2,10})[”\"’']?\s*[)）]")


# `(以下简称“我单位”)`, `本局`: the report's word for itself. Every department says it of itself, so in a
# question it names none — read as a name, 我单位 asked of an archive went to the one report defining it.
_SELF_REFERENCE = re.compile(r"^[我本]")


def short_names_defined(text: str, department: str | None) -> tuple[str, ...]:
    """The short names a report defines for its own department (省残联 for 湖北残疾人联合会): those whose
    `以下简称` follows the department's name; a short name for a document or another body is not one,
    nor the report's word for itself (我单位, 本局)."""
    if not department:
        return ()
    return tuple(dict.fromkeys(m.group(2) for m in _SHORT_NAME_DEFINED.finditer(text)
                               if (m.group(1).endswith(department) or department.endswith(m.group(1)))
                               and not _SELF_REFERENCE.match(m.group(2))))


# A 项目名称 cell that holds only the levels money comes from (中央、省、市(州)、县级财政资金: the header of a
# funding table's columns) names no project — taken as one, every question about 中央财政资金 or 省级资金
# was scoped to that report.
_LEVELS_ONLY = re.compile(r"^(?:中央|本级|地方|省|市|州|县|区|乡|镇|级|财政|资金|[、，,()（）\s])+$")


def _project_name(value: str | None) -> str | None:
    """The project field's value alone, without a leading colon or the fields run on after it."""
    if value is None:
        return None
    name = _NEXT_FIELD.sub("", value.lstrip(":： ")).strip()
    return name if name and not _LEVELS_ONLY.match(name) else None


def extract_meta(blocks: tuple[Block, ...], text: str) -> ReportMeta:
    """What the report says about itself; absent fields stay None."""
    fields: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, LabelValue):
            fields.setdefault(_SEAL.sub("", clean_label(block.label.text)), block.value.text.strip())
    for field in field_figures(cells_of(text[:3000])):  # a form's fields, whatever its layout
        fields.setdefault(field.metric, field.value)
    title = _title(blocks)
    department = (_declared_department(text) or _field(fields, _DEPARTMENT_LABELS) or _form_department(fields, text)
                  or _prose_department(title or "", text))
    department = _clean_department(department) if department else None
    code = _field(fields, _CODE_LABELS)
    # The year the report is about: the title's, else a form's `(2021)` / `（2021年度）`, else the first
    # year of the opening outside page furniture (发布日期 2022年… is when it was posted, not its year).
    opening = _without_chrome(text[:800])
    own_title = "" if _CHROME.search(title or "") else title or ""  # a title that is page furniture says nothing
    year_match = (YEAR_MENTION.search(own_title) or BRACKETED_YEAR.search(opening)
                  or YEAR_MENTION.search(opening) or YEAR_MENTION.search(text[:600]))
    date_text = _field(fields, _DATE_LABELS)
    date_match = _DATE_RE.search(date_text or "")
    report_date = (
        f"{date_match.group(1)}-{int(date_match.group(2)):02d}-{int(date_match.group(3)):02d}" if date_match else None
    )
    kind = _evaluation_type(title or text[:200])
    score = _field(fields, SCORE_LABELS)
    if score is None:
        match = _SCORE_PROSE.search(text)
        score = match.group(1) if match else None
    grade = _field(fields, GRADE_LABELS)
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
        project=_project_name(_field(fields, _PROJECT_LABELS)),
        doc_type=document_type(own_title, opening, kind),
    )
