"""Plain-text layouts other publishers produce, turned into the canonical (Word-export) layout.

Three layouts of real reports copied from web pages:
- broken pipe rows: each row of a pipe table broken before every rule, so that a row is a line and
  its further cells are indented lines that begin with `|` (a cell's own line break is an indented
  line without one); the rows are joined back into pipe rows. Such a page also leaves out the cells
  merged into the rows above and pads the row with blank cells at its end instead, so a row with
  fewer cells than the header is aligned to the header's right edge, as it was on the page;
- pipe rows: a table flattened to one line per row with `|` between cells
  (`项目负责人 | 李淼荣 | 联系电话 | 64810996 |`); each such line becomes a canonical table row, one
  tab-indented line per non-empty cell, and a line of only `|` (an emptied row) is dropped;
- double spacing: a page saved with a blank line after every line; single blank lines are removed
  so that lines that belong together (a label and its value, one cell per line) stand together
  again, while runs of two or more blank lines still separate paragraphs.
Text in any other layout is returned unchanged.
"""

from __future__ import annotations

import re

from index.readers.canonical import render_table

_PIPE = "|"
_MIN_PIPE_CELLS = 2
_MIN_HEADER_CELLS = 5  # a grid header row, wider than a form row of two label–value pairs
_ONE_CELL_SHARE = 0.5  # of non-blank lines: a page whose cells stand one per line, each closed by `|`
_DOUBLE_SPACED_SHARE = 0.6  # of non-blank lines followed by exactly one blank line
# Double spacing is collapsed only where lines are table cells and form fields (short); paragraphs
# of prose separated by blank lines are the canonical layout itself and stay as they are.
_MAX_MEDIAN_CELL_CHARS = 16


def _split_cells(line: str) -> list[str]:
    """Every cell of a pipe row in place, blank ones included, spaces collapsed."""
    return [re.sub(r"\s+", " ", c).strip() for c in line.split(_PIPE)]


def _pipe_cells(line: str) -> list[str] | None:
    """The non-empty cells of a pipe row, or None when the line is not one."""
    if _PIPE not in line:
        return None
    return [c for c in _split_cells(line) if c]


def _with_leading_cells(line: str) -> list[str]:
    """A pipe row read with its leading empty cells: in `| | 完成… | 11所 | 11所 |` the first two cells
    are merged into the rows above (一级指标 and 二级指标 written once), not a border. Blank cells
    further right stay out, as in `_pipe_cells` (trailing rules pad rows to the widest one)."""
    cells = _split_cells(line)
    first_filled = next(i for i, c in enumerate(cells) if c)
    return [""] * first_filled + [c for c in cells[first_filled:] if c]


def _steady_widths(rows: list[list[str]]) -> int:
    return sum(1 for above, below in zip(rows, rows[1:], strict=False) if len(above) == len(below))


def _trailing_blanks(line: str) -> int:
    """Blank cells between the row's last text and its closing rule: `| 234 | |` has one."""
    cells = _split_cells(line)[:-1]
    filled = [i for i, c in enumerate(cells) if c]
    return len(cells) - 1 - filled[-1] if filled else 0


def _fill_to_header(lines: list[str], rows: list[list[str]]) -> list[list[str]]:
    """Rows that end in blank cells (`… | 234 | |`: 备注 left empty) get them back up to the width of
    the grid header above them: a row of five or more cells, all filled up to its closing rule. Forms
    of label–value pairs, whose rows end in rules that only pad them to the page's widest row, have no
    such header."""
    out: list[list[str]] = []
    header = 0
    for line, row in zip(lines, rows, strict=True):
        blanks = _trailing_blanks(line)
        if len(row) >= _MIN_HEADER_CELLS and all(row) and not blanks:
            header = len(row)
        missing = min(header - len(row), blanks)
        out.append(row + [""] * missing if missing > 0 else row)
    return out


def _table_rows(lines: list[str]) -> list[list[str]]:
    """The cells of one pipe table. A leading `|` is a border when every row has one; in a table
    where it opens only some rows, it may instead stand for cells merged into the rows above. The
    reading under which more neighbouring rows have the same width is the table's (a tie keeps
    the border reading)."""
    bordered = [_pipe_cells(line) or [] for line in lines]
    merged = _fill_to_header(lines, [_with_leading_cells(line) for line in lines])
    return merged if _steady_widths(merged) > _steady_widths(bordered) else bordered


def _convert_pipe_rows(text: str) -> str:
    lines = text.split("\n")
    rows = [_pipe_cells(line) for line in lines]
    filled = sum(1 for line in lines if line.strip())
    cell_lines = sum(1 for r in rows if r is not None and len(r) == 1)
    if cell_lines >= _ONE_CELL_SHARE * filled and cell_lines >= 8:
        # One cell per line, each closed by a rule (`三级指标 |`): the cells without their rules.
        return "\n".join(r[0] if r else ("" if r is not None else line) for line, r in zip(lines, rows, strict=True))
    if sum(1 for r in rows if r is not None and len(r) >= _MIN_PIPE_CELLS) < 2:
        return text
    out: list[str] = []
    pending: list[str] = []  # the lines of one pipe table

    def flush() -> None:
        if pending:
            if out and out[-1] != "":
                out.append("")
            out.append(render_table(_table_rows(pending)).rstrip("\n"))
            # Two blank lines: a row of a pipe table is one line, so the line after the table never
            # continues its last cell (the canonical reader lets one blank line be a cell's paragraph break).
            out.extend(["", ""])
            pending.clear()

    for line, cells in zip(lines, rows, strict=True):
        if cells is None:
            flush()
            out.append(line)
        elif len(cells) >= _MIN_PIPE_CELLS:
            pending.append(line)
        elif cells:  # one cell: a caption or heading written as a row
            flush()
            out.extend([cells[0], ""])
        # a row of only pipes carries nothing
    flush()
    return "\n".join(out)


_BROKEN_CELL = re.compile(r"^\s+\|")
_INDENTED = re.compile(r"^\s{2,}\S")
_MIN_BROKEN_CELLS = 8  # indented `|` lines on a page written this way: a table's worth, not a stray rule
_CJK_END = re.compile(r"[\u4e00-\u9fff]$")
_CJK_START = re.compile(r"^[\u4e00-\u9fff]")


def _join_cell_text(before: str, after: str) -> str:
    """A cell's line break undone: Chinese runs on without a space, anything else gets one."""
    if _CJK_END.search(before) and _CJK_START.search(after):
        return before + after
    return f"{before} {after}"


def _right_aligned(row: str, cells: list[str], header_width: int) -> str:
    """A joined row whose filled `cells` are fewer than the header's columns, written with leading empty
    cells for the columns merged above it (the form `_with_leading_cells` reads), its padding rules dropped."""
    if not header_width or not cells or len(cells) >= header_width:
        return row
    return " | ".join([""] * (header_width - len(cells)) + cells) + " |"


def _cell_follows(lines: list[str], at: int) -> bool:
    """Whether the next line with text is a broken row's cell (`        | 一级指标`)."""
    following = next((line for line in lines[at:] if line.strip()), "")
    return bool(_BROKEN_CELL.match(following))


def _join_broken_rows(text: str) -> str:
    lines = text.split("\n")
    if sum(1 for line in lines if _BROKEN_CELL.match(line)) < _MIN_BROKEN_CELLS:
        return text
    rows: list[str] = []
    in_row = False  # the line before was part of a row (a row's first line or one of its cells)
    for i, line in enumerate(lines):
        if in_row and rows and _BROKEN_CELL.match(line):
            rows[-1] = rows[-1].rstrip() + " " + line.strip()
        elif in_row and rows and _INDENTED.match(line) and (_PIPE in rows[-1] or _cell_follows(lines, i + 1)):
            # A cell's own line break; an indented paragraph of prose (`    (一)项目资金…`) stays a line.
            rows[-1] = _join_cell_text(rows[-1].rstrip(), line.strip())
        else:
            rows.append(line)
            in_row = bool(line.strip())
    # A row that ended up with rules is a table row; the widest run of filled cells before a narrower
    # row is its header.
    out: list[str] = []
    header_width = 0
    for row in rows:
        if _PIPE not in row:
            header_width = 0
            out.append(row)
            continue
        cells = [c for c in _split_cells(row) if c]
        header_width = max(header_width, len(cells)) if len(cells) >= _MIN_HEADER_CELLS or header_width else 0
        out.append(_right_aligned(row, cells, header_width))
    return "\n".join(out)


def _is_content(line: str) -> bool:
    """A line with text, or a tab-indented empty line: an empty table cell of a Word export."""
    return bool(line.strip()) or line.startswith("\t")


def _blank_runs(filled: list[int]) -> list[int]:
    """The number of blank lines after each non-blank line but the last, from the non-blank lines' indexes."""
    return [nxt - i - 1 for i, nxt in zip(filled, filled[1:], strict=False)]


def _is_double_spaced(lines: list[str]) -> bool:
    filled = [i for i, line in enumerate(lines) if _is_content(line)]
    if len(filled) < 8:
        return False
    # A line followed by an odd run of blanks: one blank after every line, and a paragraph break of
    # the original (one blank line) doubled into three.
    spaced = sum(1 for after in _blank_runs(filled) if after % 2 == 1)
    lengths = sorted(len(lines[i].strip()) for i in filled)
    return spaced >= _DOUBLE_SPACED_SHARE * len(filled) and lengths[len(lengths) // 2] <= _MAX_MEDIAN_CELL_CHARS


def _collapse_double_spacing(text: str) -> str:
    lines = text.split("\n")
    if not _is_double_spaced(lines):
        return text
    out: list[str] = []
    blank_run = 0
    for line in lines:
        if _is_content(line):
            if blank_run >= 2 and out:
                # 3 blanks were one, 5 were two: a break of two blank lines keeps its meaning (a
                # table's end); runs of another shape still stand for one.
                out.extend([""] * max(1, (blank_run - 1) // 2))
            out.append(line)
            blank_run = 0
        else:
            blank_run += 1
    return "\n".join(out) + "\n"


def canonical_layout(text: str) -> str:
    """The text in the canonical layout when it is in one of the layouts above, else unchanged."""
    return _convert_pipe_rows(_join_broken_rows(_collapse_double_spacing(text)))
