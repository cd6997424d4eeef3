"""Values that are words, not numbers, stated in running text: document numbers (文号), the people
a report names for a role (联系人, 负责人, 组长), and grades (等次, 自评结论).

Each becomes a figure whose `value` is the text as written and whose `number` is None, named by
what the words say it is, so that 哪个文号 / 联系人是谁 / 什么等次 can be answered with the exact
words and their source. Patterns are of the genre (how any report writes these), never of one report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.records import Figure, Paragraph
from index.text.vocabulary import GRADE_LABELS, GRADE_PATTERN, PERSON_ROLES, YEAR_DIGITS, alternation

# 张财绩〔2017〕133号, 鄂财函[2019]118号, 南府办〔2007〕82号: an issuer, a bracketed year, a number.
_DOC_NUMBER = re.compile(rf"[\u4e00-\u9fff]{{1,10}}[〔［\[【(（]({YEAR_DIGITS})[〕］\]】)）]\s*第?\d{{1,4}}号")
_DOC_TITLE = re.compile(r"《([^《》]{2,60})》[^《》]{0,12}$")
# A role, an optional colon, then a name of two to four characters (several joined by 、) that ends
# at punctuation, a digit, a space or the end: 部门联系人李薇 / 组长:张永傅 / 负责人及电话旷建成、向建军.
_PERSON = re.compile(
    r"(?P<role>[\u4e00-\u9fff]{0,4}?(?:" + alternation(PERSON_ROLES) + r"))(?:及电话|及联系电话)?\s*[:：]?\s*"
    r"(?P<name>[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})*)(?=[\s\d,，。;；:：|]|$)"
)
_NOT_NAMES = ("单位", "部门", "电话", "同志", "负责", "领导", "组织", "成员", "小组", "科室", "办公")
# 自评结论为"优秀", 绩效自评等次均为优秀, 评价等级：良好.
_GRADE = re.compile(
    rf"(?P<label>{alternation(GRADE_LABELS)})[^。；，,]{{0,4}}?(?:为|是|[:：])\s*[“\"']?(?P<grade>{GRADE_PATTERN})"
)


# 成立于1958年 / 从2002年实施森林生态效益补助 / 2015年起开展: the year something began, a figure of its own
# (the number reader leaves years out on purpose).
_SINCE = re.compile(
    rf"(?P<before>成立|组建|设立|建立|创建|始建)于(?P<year1>{YEAR_DIGITS})年"
    rf"|(?:从|自|于)(?P<year2>{YEAR_DIGITS})年(?:起|开始)?(?P<after>(?:开始)?(?:实施|开展|启动|建立|设立|成立|执行)[\u4e00-\u9fff]{{0,14}})"
)


@dataclass(frozen=True)
class _Found:
    metric: str
    value: str
    start: int
    end: int
    qualifier: str | None = None
    number: float | None = None  # years are numbers; names, codes and grades are text
    unit: str | None = None


def _found_in(text: str) -> list[_Found]:
    found: list[_Found] = []
    for m in _DOC_NUMBER.finditer(text):
        title = _DOC_TITLE.search(text[max(0, m.start() - 80): m.start()])
        found.append(_Found("文号", m.group(0), m.start(), m.end(), title.group(1) if title else None))
    for m in _PERSON.finditer(text):
        name = m.group("name")
        if any(word in name for word in _NOT_NAMES):
            continue
        role = m.group("role")
        found.append(_Found(role, name, m.start("name"), m.end("name")))
    for m in _SINCE.finditer(text):
        year = m.group("year1") or m.group("year2")
        what = m.group("before") or m.group("after")
        place = "year1" if m.group("year1") else "year2"
        found.append(_Found(f"{what}年份", year, m.start(place), m.end(place), number=float(year), unit="年"))
    for m in _GRADE.finditer(text):
        found.append(_Found(m.group("label"), m.group("grade"), m.start("grade"), m.end("grade")))
    return found


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in "。；;\n") + 1
    rights = [i for i in (text.find(ch, end) for ch in "。；;\n") if i >= 0]
    return text[left: min(rights) + 1 if rights else len(text)].strip()


def text_field_figures(paragraph: Paragraph, section: tuple[str, ...], *, year: int | None) -> list[Figure]:
    """The word-valued figures of a paragraph, each quoting its sentence."""
    text = paragraph.text
    return [
        Figure(metric=f.metric, value=f.value, number=f.number, unit=f.unit, kind="prose", section=section,
               quote=_sentence_around(text, f.start, f.end), start=paragraph.offsets[f.start],
               end=paragraph.offsets[f.end - 1] + 1, qualifier=f.qualifier, year=year)
        for f in _found_in(text)
    ]
