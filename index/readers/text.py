"""Plain-text reports: Word exports with one table cell per tab-indented line, PDF-wrapped text, glued rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.extract.sections import is_numbered_heading, is_plain_heading, parse_numbering
from index.extract.subject_tables import CODE_LEVELS, code_levels, is_subject_row, subject_rows
from index.readers.cells import TextBuilder, split_line_cells, stripped
from index.readers.grid import assemble_table, rebuild_label_led
from index.records import Block, Document, Heading, LabelValue, Paragraph, Span
from index.text.cell_values import is_value_cell, unit_from_text
from index.text.normalize import drop_pinyin_glosses, fold_traditional
from index.text.numbers import parse_cell_number
from index.text.vocabulary import YEAR_DIGITS

MAX_LABEL_CHARS = 16
MAX_CELL_LINE_CHARS = 40
_COLON_FIELD = re.compile(r"^(?P<label>[^，。；,;：:]{1,16}?)\s*[:：]\s*(?P<value>\S.{0,40})$")
_LIST_LABEL = re.compile(r"(任务|目标|指标|措施|问题)\d+$")
# The value column of a two-column table has a title like these; a form row (`联系人` / `王明`) does not.
_VALUE_TITLE = re.compile(r"金额|数|值|额|预算|决算|合计|费|元|情况|指标|\d{4}")


@dataclass
class _Row:
    """A table row of a Word export: cells from tab-indented lines, continued by untabbed lines."""

    cells: list[TextBuilder] = field(default_factory=list)

    def spans(self) -> list[Span]:
        return [c.span() for c in self.cells]

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class _Line:
    """An untabbed, non-blank line."""

    text: str
    start: int
    blank_before: bool

    def builder(self) -> TextBuilder:
        builder = TextBuilder()
        builder.add(self.text, self.start)
        return builder


# ---------------------------------------------------------------- grouping lines


def _split_lines(text: str) -> list[tuple[str, int]]:
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((line, pos))
        pos += len(line) + 1
    return lines


def _continues_cell(row: _Row, lines: list[tuple[str, int]], index: int) -> bool:
    """Does the untabbed line at `index` continue the row's last cell (a cell holding paragraphs)?"""
    text = lines[index][0].strip()
    numbering = parse_numbering(text)
    if numbering is not None and numbering.rank <= 1 and is_numbered_heading(text):
        return False
    if len(row.cells) >= 2:
        return True
    # A one-cell row is continued only when tabbed cells follow the untabbed lines directly
    # (`\t三公经费` / `合计` / `\t其中：`), i.e. the row goes on.
    for raw, _ in lines[index + 1:]:
        if raw.startswith("\t"):
            return True
        if not raw.strip():
            return False
    return False


def _group(lines: list[tuple[str, int]]) -> list[_Row | _Line]:
    """Tab-indented lines into rows (a blank line before a tabbed line starts a new row), the rest
    into lines. An untabbed line after two or more blank lines never continues a cell."""
    items: list[_Row | _Line] = []
    row: _Row | None = None
    blank = False
    blanks = 0
    for index, (raw, start) in enumerate(lines):
        if raw.strip() or raw.startswith("\t"):
            run_of_blanks, blanks = blanks, 0
        else:
            blanks += 1
        if raw.startswith("\t"):
            if row is None or blank:
                row = _Row()
                items.append(row)
            cell = TextBuilder()
            text, at = stripped(raw, start)
            if len(text) <= MAX_LABEL_CHARS:
                cell.add_collapsed(text, at)
            else:
                cell.add(text, at)
            row.cells.append(cell)
            blank = False
        elif not raw.strip():
            blank = True
        elif row is not None and run_of_blanks < 2 and _continues_cell(row, lines, index):
            text, at = stripped(raw, start)
            last = row.cells[-1]
            last.add_joiner("\n" if last.text else "")
            last.add(text, at)
            blank = False
        else:
            row = None
            text, at = stripped(raw, start)
            items.append(_Line(text, at, blank))
            blank = False
    return items


# ---------------------------------------------------------------- tabbed rows


def _is_body_row(cells: list[Span]) -> bool:
    values = cells[1:]
    return (
        len(cells) >= 2
        and parse_cell_number(cells[0].text) is None
        and all(is_value_cell(c) for c in values)
        and any(c.text.strip() for c in values)
    )


_YEAR_CELL = re.compile(rf"^{YEAR_DIGITS}年?$")


def _numbers(cells: list[Span]) -> list[str]:
    """The row's cells that are bare numbers, as written."""
    return [c.text.strip() for c in cells if parse_cell_number(c.text) is not None]


def _is_value_row(cells: list[Span], header_width: int) -> bool:
    """A row of amounts with no label, at least as wide as the header row above it."""
    numbers = _numbers(cells)
    return len(cells) >= max(3, header_width) and all(is_value_cell(c) for c in cells) \
        and len(numbers) >= 2 and not all(_YEAR_CELL.match(n) for n in numbers)  # a header row of years


def _holds_amounts(cells: list[Span]) -> bool:
    """A row with two or more bare numbers that are not years (`灾情信息报送及时率 | 100% | 96% | 10 | 8`, whose
    `≥1200家次` may be no value cell) is a row of data, never a header row under another."""
    return len([n for n in _numbers(cells) if not _YEAR_CELL.match(n)]) >= 2


def _is_header_row(cells: list[Span]) -> bool:
    return len(cells) >= 2 and not _is_body_row(cells) and all(len(c.text) <= MAX_CELL_LINE_CHARS for c in cells)


def _is_label(text: str, *, long_value: bool = False) -> bool:
    """A field label: short text, no sentence punctuation, not a list item (`任务1`). Labels of a
    paragraph-long value (`年度部门（单位）总体运行情况及取得的成绩`) may be longer."""
    return (
        0 < len(text) <= (2 * MAX_LABEL_CHARS if long_value else MAX_LABEL_CHARS)
        and bool(re.search(r"[\u4e00-\u9fff]", text))
        and "\n" not in text
        and parse_cell_number(text) is None
        and not any(p in text for p in "。；，")
        and not _LIST_LABEL.search(text)
    )


def _is_field_label(text: str) -> bool:
    """A label before a colon; `2022年度收入情况（单位` is a caption cut inside its brackets, not a label."""
    return _is_label(text) and text.count("（") + text.count("(") == text.count("）") + text.count(")")


def _is_long(text: str) -> bool:
    return "\n" in text or "。" in text or len(text) > MAX_CELL_LINE_CHARS


def _field_blocks(row: _Row) -> list[Block] | None:
    """A form row of label/value pairs; a long value makes its label a heading of its own."""
    cells = row.cells
    if len(cells) % 2 or not cells:
        return None
    pairs = [(cells[i], cells[i + 1]) for i in range(0, len(cells), 2)]
    if not all(_is_label(label.text, long_value=_is_long(value.text)) for label, value in pairs):
        return None
    blocks: list[Block] = []
    for label, value in pairs:
        if _is_long(value.text):
            span = label.span()
            blocks.append(Heading(span.text, span.start, span.end))
            blocks.extend(_paragraphs(value))
        elif value.text:
            blocks.append(LabelValue(label.span(), value.span()))
    return blocks


def _sparse_field_blocks(row: _Row) -> list[Block] | None:
    """A form row with blank cells between its fields (`项目资金（元） |  | 项目资金总额 |  | 6,351,000.00 |
    年度资金申请总额 |  | 6,351,000.00`), or a group label before dense pairs (the same row with its
    merged cells written once): an optional group label, then label–amount pairs. The group's unit
    (（元）) goes with each label, as the form means it."""
    cells = [c for c in row.cells if c.text.strip()]
    if len(cells) < 3:
        return None
    group = None
    if len(cells) % 2 and _is_label(cells[0].text) and _is_label(cells[1].text):
        group, cells = cells[0], cells[1:]
    if group is None and len(cells) == len(row.cells):
        return None  # label–value pairs without blanks or a group label are _field_blocks' to read
    pairs = [(cells[i], cells[i + 1]) for i in range(0, len(cells) - 1, 2)]
    if len(cells) % 2 or not all(_is_label(label.text) and parse_cell_number(value.text) is not None for label, value in pairs):
        return None
    unit = unit_from_text(group.text) if group is not None else None
    blocks: list[Block] = []
    for label, value in pairs:
        span = label.span()
        if unit and not unit_from_text(span.text):
            span = Span(f"{span.text}（{unit}）", span.start, span.end)
        blocks.append(LabelValue(span, value.span()))
    return blocks


def _paragraphs(cell: TextBuilder) -> list[Paragraph]:
    """Split a cell holding several paragraphs at its line breaks."""
    paragraph = cell.paragraph()
    out, begin = [], 0
    for i, ch in enumerate(paragraph.text + "\n"):
        if ch == "\n":
            if paragraph.text[begin:i].strip():
                out.append(Paragraph(paragraph.text[begin:i], paragraph.offsets[begin:i]))
            begin = i + 1
    return out


def _numeric_table(rows: list[_Row], index: int, caption: str | None) -> tuple[Block, int] | None:
    """Header rows then body rows from `index`; returns the table and the index after it."""
    j = index
    while j < len(rows) and j - index < 4 and _is_header_row(rows[j].spans()) \
            and not (j > index and (_is_value_row(rows[j].spans(), len(rows[j - 1].cells))
                                    or _holds_amounts(rows[j].spans()))):
        j += 1
    k = j
    while k < len(rows) and _is_body_row(rows[k].spans()):
        k += 1
    if k == j and j > index:  # a row of values only under its header rows (三公经费表: 合计 | 因公出国(境)费 | …)
        while k < len(rows) and _is_value_row(rows[k].spans(), len(rows[j - 1].cells)):
            k += 1
    bodies = [r.spans() for r in rows[j:k]]
    if j == index or not bodies:
        return None
    if max(len(b) for b in bodies) < 3 and (len(bodies) < 2 or not _VALUE_TITLE.search(rows[j - 1].texts()[-1])):
        return None
    headers = [[t.replace("\n", "") for t in r.texts()] for r in rows[index:j]]
    table = assemble_table(headers, bodies, caption=caption, unit=unit_from_text(caption or ""))
    return table, k


def _subject_table(rows: list[_Row], index: int, caption: str | None) -> tuple[Block, int] | None:
    """A 科目 table (类 / 款 / 项 code cells, name, amounts) from `index`: up to four header rows, one
    declaring the code levels, then at least two rows led by codes."""
    j = index
    while j < len(rows) and j - index < 4 and not is_subject_row(rows[j].texts(), len(CODE_LEVELS)):
        j += 1
    headers = [[t.replace("\n", "") for t in r.texts()] for r in rows[index:j]]
    levels = code_levels(headers)
    if not levels:
        return None
    k = j
    while k < len(rows) and is_subject_row(rows[k].texts(), levels):
        k += 1
    if k - j < 2:
        return None
    header, body = subject_rows(headers, [r.spans() for r in rows[j:k]], levels)
    return assemble_table([header], body, label_width=3, caption=caption, unit=unit_from_text(caption or "")), k


def _paired_table(rows: list[_Row], index: int, caption: str | None) -> tuple[list[Block], int] | None:
    """Two tables side by side (收支总表: 项目 | 预算数 | 项目 | 预算数, income left, spending right):
    a header row whose halves repeat, an optional row of the halves' titles above it, then rows whose
    halves each hold a label and values. Each half becomes a table of its own, titled by its half."""
    for j in (index, index + 1):
        if j >= len(rows):
            return None
        texts = [t.strip() for t in rows[j].texts()]
        half = len(texts) // 2
        if half >= 2 and len(texts) == 2 * half and texts[:half] == texts[half:] and all(texts):
            break
    else:
        return None
    titles = [t.strip() for t in rows[index].texts()] if j > index else []
    if titles and len([t for t in titles if t]) != 2:
        return None
    k = j + 1
    while k < len(rows) and len(rows[k].cells) == 2 * half and all(
            _is_half_row(rows[k].spans()[h * half:(h + 1) * half]) for h in (0, 1)):
        k += 1
    if k - j < 3:
        return None
    named = [t for t in titles if t]
    tables: list[Block] = []
    for h in (0, 1):
        body = [r.spans()[h * half:(h + 1) * half] for r in rows[j + 1:k]]
        body = [b for b in body if b[0].text.strip()]
        title = named[h] if named else None
        if body:
            label = " ".join(x for x in (title, caption) if x) or None
            tables.append(assemble_table([texts[:half]], body, caption=label, unit=unit_from_text(caption or "")))
    return tables, k


def _is_half_row(cells: list[Span]) -> bool:
    """One half of a paired row: a label and values, or nothing at all."""
    if not any(c.text.strip() for c in cells):
        return True
    return parse_cell_number(cells[0].text) is None and all(is_value_cell(c) or not c.text.strip() for c in cells[1:])


def _is_new_header(row: _Row, current_width: int) -> bool:
    """A row of short, filled cells of another width starts another table."""
    texts = row.texts()
    return len(texts) != current_width and all(t and len(t) <= MAX_CELL_LINE_CHARS and "。" not in t for t in texts)


def _same_width_run(rows: list[_Row], index: int) -> int:
    width = len(rows[index].cells)
    end = index
    while end < len(rows) and len(rows[end].cells) == width:
        end += 1
    return end - index


def _text_table(rows: list[_Row], index: int) -> tuple[Block, int] | None:
    """A table of text cells (indicators with target and actual, evaluators); fragments rejoin to full rows."""
    end = index + 1
    header_width = len(rows[index].cells)
    while end < len(rows) and len(rows[end].cells) >= 2:
        row = rows[end]
        if _is_new_header(row, header_width) or (len(row.cells) != header_width and _field_blocks(row) is not None):
            break
        end += 1
    if end - index < 2:
        return None
    width = max(len(r.cells) for r in rows[index:end])
    merged: list[list[Span]] = []
    pending: list[Span] = []
    for row in rows[index + 1:end]:
        pending += row.spans()
        if len(pending) >= width:
            merged.append(pending)
            pending = []
    if pending:
        merged.append(pending)
    body = [[Span("", r[0].start, r[0].start)] * (width - len(r)) + r for r in merged]
    header = [""] * (width - len(rows[index].cells)) + [t.replace("\n", "") for t in rows[index].texts()]
    table = assemble_table([header], body, label_width=width)
    return table, end


def _row_blocks(rows: list[_Row], caption: str | None = None) -> list[Block]:
    """Blocks of a run of tabbed rows; `caption` is an untabbed line just before them that names a unit."""
    blocks: list[Block] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        texts = [t for t in row.texts() if t.strip()]
        if not texts:
            i += 1
            continue
        subject = _subject_table(rows, i, caption if i == 0 else None)
        if subject is not None:
            blocks.append(subject[0])
            i = subject[1]
            continue
        paired = _paired_table(rows, i, caption if i == 0 else None)
        if paired is not None:
            blocks.extend(paired[0])
            i = paired[1]
            continue
        if len(row.cells) == 1 or len(texts) == 1 and len(row.cells) <= 2 and not row.cells[0].text:
            cell = next(c for c in row.cells if c.text)
            found = _numeric_table(rows, i + 1, cell.text)
            if found is not None:
                blocks.append(found[0])
                i = found[1]
                continue
            span = cell.span()
            if is_numbered_heading(span.text) or is_plain_heading(span.text):
                blocks.append(Heading(span.text, span.start, span.end))
            else:
                blocks.extend(_paragraphs(cell))
            i += 1
            continue
        for attempt in (_numeric_table(rows, i, caption if i == 0 else None), None):
            if attempt is not None:
                blocks.append(attempt[0])
                i = attempt[1]
                break
        else:
            fields = _field_blocks(row) if _same_width_run(rows, i) < 3 or len(row.cells) < 3 else None
            fields = fields if fields is not None else _sparse_field_blocks(row)
            if fields is not None:
                blocks.extend(fields)
                i += 1
                continue
            found = _text_table(rows, i)
            if found is not None:
                blocks.append(found[0])
                i = found[1]
                continue
            for cell in row.cells:
                blocks.extend(_paragraphs(cell))
            i += 1
    return blocks


# ---------------------------------------------------------------- untabbed lines


def _is_cell_line(line: _Line) -> bool:
    """Short lines without sentence punctuation can be cells of a table laid out one cell per line;
    a `标签：值` field is not one (`其中：财政拨款 120 …` is: 其中 introduces a row)."""
    if len(line.text) > MAX_CELL_LINE_CHARS or "。" in line.text or line.text.endswith(("：", ":")):
        return False
    match = _COLON_FIELD.match(line.text)
    return match is None or match["label"].strip() == "其中"


def _starts_row(lines: list[_Line], index: int) -> bool:
    """A numbered line followed by a number is a row label (`1、局机关` / `874.61`), not a heading."""
    if index + 1 >= len(lines):
        return False
    cells = split_line_cells(lines[index + 1].text, lines[index + 1].start)
    return bool(cells) and parse_cell_number(cells[0].text) is not None


def _line_cells(lines: list[_Line]) -> list[Span]:
    cells: list[Span] = []
    for line in lines:
        cells.extend(split_line_cells(line.text, line.start))
    return cells


def _table_run(lines: list[_Line], index: int) -> int:
    """End of the run of cell lines starting at `index` (exclusive)."""
    end = index
    while end < len(lines) and _is_cell_line(lines[end]):
        if is_numbered_heading(lines[end].text) and not _starts_row(lines, end):
            break
        end += 1
    return end


def _line_block(line: _Line, next_line: _Line | None) -> list[Block]:
    text = line.text
    if is_numbered_heading(text):
        return [Heading(text, line.start, line.start + len(text))]
    following_long = next_line is not None and (len(next_line.text) > MAX_CELL_LINE_CHARS or is_numbered_heading(next_line.text))
    if is_plain_heading(text) and following_long and len(text) >= 2:
        return [Heading(text, line.start, line.start + len(text))]
    if parse_numbering(text) is not None or (unit_from_text(text) and text.startswith("单位")):
        return [line.builder().paragraph()]  # a list item, or a unit note such as `单位：万元`
    cells = split_line_cells(text, line.start)
    if (
        len(cells) == 2
        and _is_label(cells[0].text.rstrip(":："))
        and len(cells[1].text) <= MAX_CELL_LINE_CHARS
        and not cells[1].text.endswith(("：", ":"))
    ):
        label = cells[0]
        clean = label.text.rstrip(":：")
        return [LabelValue(Span(clean, label.start, label.start + len(clean)), cells[1])]
    match = _COLON_FIELD.match(text)
    if (
        match
        and _is_field_label(match["label"].strip())
        and match["label"].strip() != "其中"  # `其中：财政拨款 1200 …` is a table row, not a field
        and not match["value"].rstrip().endswith(("：", ":"))
    ):
        label_text = match["label"].strip()
        value_text = match["value"].strip()
        value_start = line.start + match.start("value")
        return [LabelValue(Span(label_text, line.start, line.start + len(label_text)), Span(value_text, value_start, value_start + len(value_text)))]
    return [line.builder().paragraph()]


def _line_blocks(lines: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        end = _table_run(lines, i)
        if end - i >= 4:
            run = lines[i:end]
            caption = " ".join(lines[i - 1].text.split()) if i and unit_from_text(lines[i - 1].text) else None
            rebuilt = rebuild_label_led(_line_cells(run), caption=caption, unit=unit_from_text(caption or ""))
            if rebuilt is not None:
                blocks.append(rebuilt.table)
                consumed_to = rebuilt.table.end
                i = next((k for k in range(i, end) if lines[k].start >= consumed_to), end)
                continue
        next_line = lines[i + 1] if i + 1 < len(lines) else None
        blocks.extend(_line_block(lines[i], next_line))
        i += 1
    return blocks


# ---------------------------------------------------------------- entry point


def parse_text(text: str) -> Document:
    """Blocks of a normalized plain-text report, in reading order (a report in traditional
    characters is read, stored and cited in simplified ones; mirror sites' pinyin glosses dropped)."""
    text = fold_traditional(drop_pinyin_glosses(text))
    items = _group(_split_lines(text))
    blocks: list[Block] = []
    i = 0
    while i < len(items):
        j = i
        if isinstance(items[i], _Row):
            while j < len(items) and isinstance(items[j], _Row):
                j += 1
            before = items[i - 1] if i else None
            caption = before.text if isinstance(before, _Line) and unit_from_text(before.text) else None
            blocks.extend(_row_blocks([r for r in items[i:j] if isinstance(r, _Row)], caption))
        else:
            while j < len(items) and isinstance(items[j], _Line):
                j += 1
            blocks.extend(_line_blocks([ln for ln in items[i:j] if isinstance(ln, _Line)]))
        i = j
    return Document(text, tuple(blocks))
