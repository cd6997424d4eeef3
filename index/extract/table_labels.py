"""How a rebuilt table's rows and columns are named: a row's label as a person reads it, a serial or
numbering column that names nothing, and the unit a caption carries down to its cells."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from index.records import Block, Span, Table
from index.text.cell_values import cell_number, is_value_cell


def clean_label(text: str) -> str:
    """A row or column label without list numbering, `其中：` or wrap breaks (`1、局机关` -> `局机关`)."""
    from index.extract.sections import parse_numbering  # local: sections does not depend on tables

    label = text.replace("\n", "").strip()
    numbering = parse_numbering(label)
    if numbering is not None and numbering.scheme in ("arabic", "arabic_paren", "circled"):
        label = numbering.title.strip()
    label = re.sub(r"^其中\s*[:：]\s*", "", label)
    return re.sub(r"\s+", "", label) if all(ord(c) > 127 or c.isspace() for c in label) else label


_HAN = re.compile(r"[\u4e00-\u9fff]")


def names_something(text: str) -> bool:
    """Does a label name anything (two Chinese characters or more), rather than being a comparator
    (`≧`), a number or a unit?"""
    return len(_HAN.findall(text)) >= 2


def render_row(table: Table, row: tuple[Span, ...], *, label_width: int | None = None) -> str:
    """One table row as a readable sentence: `局机关：收入合计 874.61 万元，上年结转 162.13 万元`."""
    width = label_width if label_width is not None else row_label_width(table)
    labels = [clean_label(c.text) for c in row[:width] if c.text.strip()]
    unit = f" {table.unit}" if table.unit else ""
    parts = []
    for column, cell in zip(table.columns[width:], row[width:], strict=False):
        if not cell.text.strip():
            continue
        name = clean_label(column) or "值"
        suffix = unit if cell_number(cell) is not None else ""
        parts.append(f"{name} {cell.text.strip()}{suffix}")
    head = " ".join(labels)
    return f"{head}：{'，'.join(parts)}" if head else "，".join(parts)


def row_label_width(table: Table) -> int:
    """How many leading columns hold row labels: those before the first column of numbers.

    A table with no column of numbers is a table of text, and every column counts as a label; a
    table of values only (its labels all in the header) has none.
    """
    rows = [row for row in table.rows if not is_column_numbering(row)]
    if rows and all(is_value_cell(c) for row in rows for c in row) \
            and any(cell_number(row[0]) is not None for row in rows):
        return 0  # (a blank first column is a label column with its labels left out: 财政供养人员情况 | 编制数 …)
    for j in range(len(table.columns)):
        column = [row[j] for row in rows if j < len(row)]
        has_number = any(cell_number(c) is not None for c in column)
        if has_number and all(is_value_cell(c) for c in column) and not _is_serial_column(table.columns[j], column):
            return max(j, 1)
    return len(table.columns)


_CIRCLED = re.compile(r"^[\u2460-\u2473]")  # ① … ⑳


def is_column_numbering(row: tuple[Span, ...] | list[Span]) -> bool:
    """A row that numbers the columns (`① | ② | … | ⑧=④*⑦`): it names how columns relate, no values."""
    filled = [c.text.strip() for c in row if c.text.strip()]
    return len(filled) >= 2 and all(_CIRCLED.match(text) for text in filled)


def _is_serial_column(header: str, column: list[Span]) -> bool:
    """序号: 1, 2, 3 … numbers the rows; its cells are labels, not values."""
    numbers = [cell_number(c) for c in column if c.text.strip()]
    counting = len(numbers) >= 2 and numbers == [Decimal(i) for i in range(1, len(numbers) + 1)]
    return header.strip() == "序号" or counting


def carry_units(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """A numeric table that declares no unit continues the unit of the report's previous table."""
    out: list[Block] = []
    last_unit: str | None = None
    for block in blocks:
        if isinstance(block, Table):
            numeric = any(cell_number(c) is not None for row in block.rows for c in row)
            if block.unit is None and last_unit is not None and numeric:
                block = replace(block, unit=last_unit)
            last_unit = block.unit or last_unit
        out.append(block)
    return tuple(out)
