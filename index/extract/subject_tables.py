"""Statutory tables of budget and final-account disclosures, whose rows are led by 科目 codes.

A 功能分类 or 经济分类 table (一般公共预算支出表, 基本支出表…) lays a row out as its code split over
类 / 款 / 项 cells, then the 科目 name, then the amounts:

    类   款   项   功能分类科目名称   合计            基本支出        项目支出
    201  06   01   行政运行           16,231,840.80   16,093,326.00   138,514.80

Read as an ordinary table the code cells look like values and the name like a value's label, so every
row is misread. Here each row becomes three labels — the code joined (`科目2010601`), the parent 科目
(财政事务 for a 项 of that 款; a question often names it: 城乡社区管理事务的行政运行) and the name — then
its amounts, under one header row. The 合计 row, written across the code and name cells, keeps its
amounts under the same columns.
"""

from __future__ import annotations

import re

from index.records import Span

CODE_LEVELS = ("类", "款", "项")
CODE_PREFIX = "科目"  # a joined code is a label, not a number: 科目2010601
_FIRST_CODE = re.compile(r"^\d{3}$")
_PART_CODE = re.compile(r"^\d{2}$")
_JOINED_CODE = re.compile(r"^(\d{3})(\d{2})?(\d{2})?$")
_TOTAL = re.compile(r"^(合\s*计|总\s*计|小\s*计)$")
_NAME_HEADER = re.compile(r"名称$")


def code_levels(header_rows: list[list[str]]) -> int:
    """How many code cells (类, 款, 项) the header declares; 0 when it is no 科目 table."""
    for row in header_rows:
        found = [c.strip() for c in row if c.strip() in CODE_LEVELS]
        if len(found) >= 2:
            return len(found)
    return 0


def _code_parts(texts: list[str], levels: int) -> tuple[list[str], int] | None:
    """The code parts a row starts with and how many cells they take: `201 | 06 | 01`, `201 |  | `,
    or a code written whole (`2010601`) in one cell."""
    first = texts[0].strip() if texts else ""
    whole = _JOINED_CODE.match(first)
    if whole and len(first) > 3:
        return [p for p in whole.groups() if p], 1
    if not _FIRST_CODE.match(first):
        return None
    parts = [first]
    for text in texts[1:levels]:
        if _PART_CODE.match(text.strip()):
            parts.append(text.strip())
        elif text.strip():
            return parts, len(parts)  # the name follows fewer code cells than declared
    return parts, min(levels, len(texts))


def is_subject_row(texts: list[str], levels: int) -> bool:
    """A body row of a 科目 table: its code, then a name, then at least one amount."""
    if texts and _TOTAL.match(texts[0].strip()):
        return True
    parsed = _code_parts(texts, levels)
    if parsed is None:
        return False
    rest = [t for t in texts[parsed[1]:] if t.strip()]
    return len(rest) >= 2 and not rest[0].strip().replace(",", "").replace(".", "").isdigit()


def subject_rows(header_rows: list[list[str]], body: list[list[Span]], levels: int) -> tuple[list[str], list[list[Span]]]:
    """The table's one header row and its body rows as [code, parent, name, amounts…]."""
    name_row = next((r for r in header_rows if any(_NAME_HEADER.search(c.strip()) for c in r)), header_rows[-1])
    name_at = next((j for j, c in enumerate(name_row) if _NAME_HEADER.search(c.strip())), 0)
    value_headers = [c.strip() for c in name_row[name_at + 1:]]
    header = ["科目编码", "上级科目", name_row[name_at].strip() or "科目名称", *value_headers]
    names_by_level: dict[int, str] = {}
    rows: list[list[Span]] = []
    for cells in body:
        texts = [c.text for c in cells]
        anchor = cells[0]
        if _TOTAL.match(texts[0].strip()):
            code, parent, name_cell, values = "", "", cells[0], cells[1:]
        else:
            parsed = _code_parts(texts, levels)
            if parsed is None:
                continue
            parts, taken = parsed
            rest = cells[taken:]
            while rest and not rest[0].text.strip():
                rest = rest[1:]  # empty code cells of a 类 or 款 row
            if not rest:
                continue
            name_cell, values = rest[0], rest[1:]
            depth = len(parts) - 1
            names_by_level[depth] = name_cell.text.strip()
            for deeper in [k for k in names_by_level if k > depth]:
                del names_by_level[deeper]
            code = CODE_PREFIX + "".join(parts)
            parent = names_by_level.get(depth - 1, "")
        values = list(values[:len(value_headers)])
        values += [Span("", cells[-1].end, cells[-1].end)] * (len(value_headers) - len(values))
        rows.append([Span(code, anchor.start, anchor.start), Span(parent, anchor.start, anchor.start), name_cell, *values])
    return header, rows
