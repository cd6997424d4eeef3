"""The identities a statutory table states of itself, checked cell by cell.

A 部门预算/决算 table is built so that its numbers add up: every 类 is the sum of its 款 and every 款 of
its 项 (the 科目 codes say which row is whose), the 合计 row is the sum of the 类 rows, and in a 收支总表
the 收入总计 equals the 支出总计. Column identities (合计 = 基本支出 + 项目支出) are found where the table is
rebuilt (index/readers/grid.py). A check that holds makes the cells trustworthy; one that fails is recorded
with its arithmetic — a misread cell or a report that contradicts itself — for the audit to show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from index.extract.subject_tables import CODE_PREFIX
from index.extract.table_labels import clean_label, row_label_width
from index.records import FailedCheck, Span, Table
from index.text.cell_values import cell_number
from index.text.numbers import rounding_tolerance

_TOTAL_NAMES = ("合计", "总计")
_INCOME_TOTAL = "收入总计"
_EXPENSE_TOTAL = "支出总计"


@dataclass(frozen=True)
class TableCheck:
    """One identity over named cells: `total` should equal the sum of `parts`.

    `holds` tells whether it did within `tolerance`; `arithmetic` writes it out
    (`科目201 一般公共服务支出 · 合计：2976800 = 627600 + 454100 + … = 2976800`).
    """

    kind: str  # "subject_levels" (类 = Σ款, 款 = Σ项, 合计 = Σ类), "column_sum" or "income_expense"
    label: str  # what the total is: `科目201 一般公共服务支出 · 合计`
    total: Decimal
    parts: tuple[Decimal, ...]
    tolerance: Decimal
    holds: bool
    arithmetic: str
    cells: tuple[Span, ...]  # the total cell first, then the parts' cells


def _check(kind: str, label: str, total_cell: Span, part_cells: list[Span]) -> TableCheck | None:
    total = cell_number(total_cell)
    if total is None:
        return None
    parts = [cell_number(c) or Decimal(0) for c in part_cells]  # a blank part is 0
    tolerance = rounding_tolerance(total, *parts)  # the total and each part may be rounded
    found = sum(parts, Decimal(0))
    holds = abs(total - found) <= tolerance
    written = " + ".join(format(p, "f") for p in parts)
    relation = "=" if holds else "≠"
    arithmetic = f"{label}：{format(total, 'f')} {relation} {written} = {format(found, 'f')}"
    return TableCheck(kind, label, total, tuple(parts), tolerance, holds, arithmetic,
                      (total_cell, *part_cells))


def _is_subject_table(table: Table) -> bool:
    return bool(table.columns) and table.columns[0] == "科目编码"


def subject_level_checks(table: Table) -> list[TableCheck]:
    """类 = Σ its 款, 款 = Σ its 项 and 合计 = Σ 类, per amount column, where the table has the rows.

    A row is another's part when its code extends that code by one level (`科目20106` of `科目201`); a
    row with no part in the table (a 项, or a 类 whose 款 rows are on a page not read) is not checked.
    """
    if not _is_subject_table(table):
        return []
    codes = [row[0].text[len(CODE_PREFIX):] if row[0].text.startswith(CODE_PREFIX) else "" for row in table.rows]
    checks: list[TableCheck] = []
    for i, row in enumerate(table.rows):
        name = clean_label(row[2].text)
        if codes[i]:
            children = [k for k, code in enumerate(codes) if len(code) == len(codes[i]) + 2 and code.startswith(codes[i])]
            label = f"{row[0].text} {name}"
        elif name.replace(" ", "") in _TOTAL_NAMES:
            children = [k for k, code in enumerate(codes) if len(code) == 3]
            label = name
        else:
            continue
        if not children:
            continue
        for j in range(3, len(table.columns)):
            check = _check("subject_levels", f"{label} · {table.columns[j]}", row[j], [table.rows[k][j] for k in children])
            if check is not None:
                checks.append(check)
    return checks


_SUM_COLUMNS = ("合计", "小计", "总计")
MIN_SHARE_HOLDING = 0.8  # a column sum that most rows obey is the table's identity; the rows breaking it are failures


def _row_label(table: Table, row: tuple[Span, ...], width: int) -> str:
    cells = (row[0], row[2]) if _is_subject_table(table) else row[:width]  # code and name, not the parent
    labels = [clean_label(c.text) for c in cells if clean_label(c.text)]
    return " ".join(labels) or "（无行名）"


def column_sum_checks(table: Table) -> list[TableCheck]:
    """A 合计 (小计, 总计) column equals the sum of the columns after it, up to the next such column
    (合计 = 基本支出 + 项目支出, 合计 = 人员经费 + 公用经费), on each row — when at least
    MIN_SHARE_HOLDING of the rows (and two) obey it; a table whose 合计 is the sum of something else
    is not checked against a sum it never meant."""
    width = 3 if _is_subject_table(table) else row_label_width(table)
    names = [clean_label(c).replace(" ", "") for c in table.columns]
    checks: list[TableCheck] = []
    for j in range(width, len(names)):
        if names[j] not in _SUM_COLUMNS:
            continue
        parts: list[int] = []
        for k in range(j + 1, len(names)):
            if names[k] in _SUM_COLUMNS:
                break
            parts.append(k)
        if len(parts) < 2:
            continue
        relation = f"{table.columns[j]} = {' + '.join(table.columns[k] for k in parts)}"
        found = [check for row in table.rows
                 if (check := _check("column_sum", f"{_row_label(table, row, width)} · {relation}", row[j],
                                     [row[k] for k in parts])) is not None and check.total != 0]
        if sum(c.holds for c in found) >= max(2, MIN_SHARE_HOLDING * len(found)):
            checks.extend(found)
    return checks


def _labelled_amount(table: Table, name: str) -> tuple[Span, Span] | None:
    """The cell labelled `name` and the first amount right of it on its row."""
    for row in table.rows:
        for j, cell in enumerate(row):
            if clean_label(cell.text).replace(" ", "") == name:
                amount = next((c for c in row[j + 1:] if cell_number(c) is not None), None)
                if amount is not None:
                    return cell, amount
    return None


def income_expense_check(table: Table) -> TableCheck | None:
    """收入总计 = 支出总计 in a table that states both (a 收支总表)."""
    income, expense = _labelled_amount(table, _INCOME_TOTAL), _labelled_amount(table, _EXPENSE_TOTAL)
    if income is None or expense is None:
        return None
    return _check("income_expense", f"{_INCOME_TOTAL} = {_EXPENSE_TOTAL}", income[1], [expense[1]])


def table_checks(table: Table) -> list[TableCheck]:
    """Every identity of a table that its cells let us check."""
    checks = subject_level_checks(table) + column_sum_checks(table)
    paired = income_expense_check(table)
    return checks + ([paired] if paired is not None else [])


_KIND_NAMES = {"subject_levels": "科目逐级相加（类 = Σ款，款 = Σ项，合计 = Σ类）", "column_sum": "合计列 = 其后各列之和",
               "income_expense": "收入总计 = 支出总计"}


EMPTY_TABLE = "空表（本表无数据）"


def verified(table: Table) -> Table:
    """The table with the identities its rows obey added to `identities`, and those they break in
    `failed`; a table without a single amount (本表为空表: 政府性基金 of a department that has none) is
    marked EMPTY_TABLE."""
    if table.rows and not any(cell_number(c) is not None for row in table.rows for c in row):
        return replace(table, identities=table.identities + (EMPTY_TABLE,))
    checks = table_checks(table)
    if not checks:
        return table
    held: list[str] = []
    for kind, name in _KIND_NAMES.items():
        of_kind = [c for c in checks if c.kind == kind]
        if of_kind:
            good = sum(c.holds for c in of_kind)
            held.append(f"{name}（{good}/{len(of_kind)} 处相符）")
    failed = tuple(
        FailedCheck(c.kind, c.label, format(c.total, "f"), format(sum(c.parts, Decimal(0)), "f"), c.arithmetic,
                    min(cell.start for cell in c.cells), max(cell.end for cell in c.cells))
        for c in checks if not c.holds
    )
    return replace(table, identities=table.identities + tuple(held), failed=failed)
