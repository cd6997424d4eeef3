"""Rebuild table grids from flattened cells and verify the column mapping with the table's own sums.

Two flattened shapes are handled:
* stacked rows (Word exported to text): rows are known, merged header cells are missing or empty
  cells, so the header spans must be inferred bottom-up from the widest rows;
* label-led cells (one cell per line, rows unknown): a row is a run of text cells followed by a run of
  number cells, and the header is the text before the first row.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from index.records import Span, Table
from index.text.cell_values import cell_number, unit_from_text
from index.text.vocabulary import BARE_YEAR

_GENERIC_HEADER = re.compile(r"^(其中|合计|小计|总计|项目)[:：]?$")
MAX_PLACEMENTS = 5000


# ---------------------------------------------------------------- header spans


@dataclass(frozen=True)
class _HeaderCell:
    text: str
    first: int
    last: int


def _split_run(run: list[_HeaderCell], labels: list[str]) -> list[list[_HeaderCell]]:
    """Split a run of lower cells into len(labels) consecutive groups, each under one upper label.

    A specific upper label (`结余`) should sit over the lower cells that contain it (`当年结余`,
    `累计结余`); generic ones (`其中：`) do not vote.
    """
    best: list[list[_HeaderCell]] | None = None
    best_score = -10**9
    for cuts in itertools.combinations(range(1, len(run)), len(labels) - 1):
        bounds = (0, *cuts, len(run))
        groups = [run[bounds[i]:bounds[i + 1]] for i in range(len(labels))]
        score = 0
        for label, group in zip(labels, groups, strict=True):
            key = label.strip("：: ")
            if not key or _GENERIC_HEADER.match(label.strip()):
                continue
            score += sum(1 if key in cell.text else -1 for cell in group)
        if score >= best_score:  # ties go to the later cut: trailing groups tend to be the small ones
            best, best_score = groups, score
    return best or [run]


def _full_width_level(upper: list[str], lower: list[_HeaderCell]) -> list[_HeaderCell]:
    """A header row with one cell per column (pdf, html grids): an empty cell over a filled lower
    cell, right of a filled one, continues the merged cell to its left (`其中：` over its parts)."""
    level: list[_HeaderCell] = []
    previous_lower_filled = False
    for cell in lower:
        text = next((t for t in upper[cell.first:cell.last + 1] if t.strip()), "")
        lower_filled = bool(cell.text.strip())
        if not text and level and level[-1].text.strip() and lower_filled and previous_lower_filled:
            level[-1] = _HeaderCell(level[-1].text, level[-1].first, cell.last)
        else:
            level.append(_HeaderCell(text, cell.first, cell.last))
        previous_lower_filled = lower_filled
    return level


def resolve_header(header_rows: list[list[str]], width: int) -> tuple[list[str], list[list[str]], list[int | None]]:
    """Leaf label per column, the header grid with merged cells repeated, and each column's parent group.

    Works bottom-up: the lowest row must have one cell per column; an empty cell in a lower row means
    the column's label sits higher (a vertical merge), and a run of filled lower cells is covered by
    one or more horizontally merged upper cells.
    """
    if not header_rows:
        return [""] * width, [], [None] * width
    rows = [list(r) for r in header_rows]
    bottom = rows[-1]
    if len(bottom) != width:
        bottom = ([""] * (width - len(bottom)) + bottom)[-width:]
    levels: list[list[_HeaderCell]] = [[_HeaderCell(t, j, j) for j, t in enumerate(bottom)]]
    for upper in reversed(rows[:-1]):
        lower = levels[0]
        if len(upper) == width:
            levels.insert(0, _full_width_level(upper, lower))
            continue
        items: list[tuple[str, list[_HeaderCell]]] = []  # ("open", [cell]) or ("run", cells)
        for cell in lower:
            if not cell.text.strip():
                items.append(("open", [cell]))
            elif items and items[-1][0] == "run":
                items[-1][1].append(cell)
            else:
                items.append(("run", [cell]))
        n_open = sum(1 for kind, _ in items if kind == "open")
        n_runs = len(items) - n_open
        extra = len(upper) - n_open - n_runs
        new_level: list[_HeaderCell] = []
        texts = list(upper)
        if extra < 0 or n_runs == 0 and extra != 0:
            # Inconsistent counts: keep lower labels, pad this level with blanks.
            new_level = [_HeaderCell("", c.first, c.last) for c in lower]
        else:
            cursor = 0
            runs_left = n_runs
            for kind, cells in items:
                if kind == "open":
                    text = texts[cursor] if cursor < len(texts) else ""
                    cursor += 1
                    new_level.append(_HeaderCell(text, cells[0].first, cells[0].last))
                    continue
                # Give this run its share of the extra cells (all remaining extras go to the last run
                # unless labels say otherwise: _split_run decides within the run).
                take = 1 + (extra if runs_left == 1 else 0)
                if runs_left > 1 and extra:
                    take = 1
                labels = texts[cursor:cursor + take]
                cursor += take
                runs_left -= 1
                for label, group in zip(labels, _split_run(cells, labels), strict=False):
                    new_level.append(_HeaderCell(label, group[0].first, group[-1].last))
        levels.insert(0, new_level)
    grid = [[""] * width for _ in levels]
    for r, level in enumerate(levels):
        for cell in level:
            for j in range(cell.first, cell.last + 1):
                grid[r][j] = cell.text
    leaves: list[str] = []
    parents: list[int | None] = []
    for j in range(width):
        leaf_row = max((r for r in range(len(levels)) if grid[r][j].strip()), default=None)
        leaves.append(grid[leaf_row][j] if leaf_row is not None else "")
        if leaf_row is None or leaf_row == 0:
            parents.append(None)
            continue
        parent = next(c for c in levels[leaf_row - 1] if c.first <= j <= c.last)
        parents.append(hash((leaf_row - 1, parent.first, parent.last)))
    return leaves, grid, parents


# ---------------------------------------------------------------- arithmetic


@dataclass(frozen=True)
class Identity:
    """Column `total` equals the sum of columns `parts` on `rows_checked` rows."""

    total: int
    parts: tuple[int, ...]
    rows_checked: int


def _tolerance(n_parts: int) -> Decimal:
    # Each part may be rounded by half a cent of its unit; reports round to 0.01.
    return Decimal("0.01") * max(1, n_parts) + Decimal("0.001")


def _holds(matrix: list[list[Decimal | None]], total: int, parts: tuple[int, ...]) -> int:
    """Rows on which total == sum(parts) (blanks count 0); -1 if any row breaks it or none is informative."""
    checked = 0
    for row in matrix:
        t = row[total]
        if t is None:
            continue
        s = sum((row[p] or Decimal(0) for p in parts), Decimal(0))
        if abs(t - s) > _tolerance(len(parts)):
            return -1
        if t != 0:
            checked += 1
    return checked if checked else -1


def find_identities(matrix: list[list[Decimal | None]], parents: list[int | None]) -> list[Identity]:
    """Totals that equal the sum of the columns right after them (nested groups found first).

    `matrix` holds one list per complete row with None for blanks and label columns. A column's parts
    are the top-level columns of its header group (`其中：` under it) when the header says so, else
    the longest contiguous run after it that adds up, not ending in columns that are blank or zero.
    """
    width = len(matrix[0]) if matrix else 0
    numeric = [j for j in range(width) if any(row[j] is not None for row in matrix)]
    child_of: dict[int, int] = {}
    identities: list[Identity] = []
    for total in reversed(numeric):
        candidates: list[tuple[int, ...]] = []
        after = [j for j in numeric if j > total]
        if after and parents[after[0]] is not None and parents[after[0]] != parents[total]:
            group = [j for j in after if parents[j] == parents[after[0]] or child_of.get(j) in after]
            candidates.append(tuple(j for j in group if j not in child_of))
        for end in range(len(after), 0, -1):
            span = after[:end]
            if all((row[span[-1]] or 0) == 0 for row in matrix):
                continue
            candidates.append(tuple(j for j in span if j not in child_of))
        for parts in candidates:
            if len(parts) < 2:
                continue
            checked = _holds(matrix, total, parts)
            if checked > 0:
                identities.append(Identity(total, parts, checked))
                for j in after[: after.index(parts[-1]) + 1]:
                    child_of.setdefault(j, total)
                break
    identities.reverse()
    return identities


def _place(values: list[Span], slots: int, identities: list[Identity], label_width: int) -> list[Span] | None:
    """Put `values` (in order) into `slots` columns so that every identity holds; None unless unique."""
    total = itertools.combinations(range(slots), len(values))
    fits: list[tuple[int, ...]] = []
    for count, chosen in enumerate(total):
        if count > MAX_PLACEMENTS:
            return None
        row: list[Decimal | None] = [None] * (label_width + slots)
        for slot, span in zip(chosen, values, strict=True):
            row[label_width + slot] = cell_number(span)
        if all(_holds([row], ident.total, ident.parts) > 0 for ident in identities):
            fits.append(chosen)
            if len(fits) > 1:
                return None
    if len(fits) != 1:
        return None
    placed = [Span("", values[-1].end, values[-1].end) for _ in range(slots)]
    for slot, span in zip(fits[0], values, strict=True):
        placed[slot] = span
    return placed


def _describe(identity: Identity, columns: list[str]) -> str:
    parts = " + ".join(columns[p] or f"列{p + 1}" for p in identity.parts)
    return f"{columns[identity.total] or f'列{identity.total + 1}'} = {parts}（{identity.rows_checked} 行相符）"


# ---------------------------------------------------------------- assembling


def assemble_table(
    header_rows: list[list[str]],
    body_rows: list[list[Span]],
    *,
    label_width: int = 1,
    caption: str | None = None,
    unit: str | None = None,
) -> Table:
    """Build a Table from header texts and body rows whose first `label_width` cells are labels.

    Rows of full width map by structure. Shorter rows (blank cells lost in export) are placed by the
    identities the full rows obey; if that is not unique the table is flagged `unverified`.
    """
    widths = Counter(len(r) for r in body_rows)
    width = max(len(header_rows[-1]) if header_rows else 0, widths.most_common(1)[0][0] if widths else 0)
    width = max(width, max(widths, default=0))
    columns, grid, parents = resolve_header(header_rows, width)
    full = [r for r in body_rows if len(r) == width]
    matrix = [[None if j < label_width else cell_number(c) for j, c in enumerate(r)] for r in full]
    identities = find_identities(matrix, parents) if matrix else []
    mapping = "structure"
    rows: list[tuple[Span, ...]] = []
    for row in body_rows:
        if len(row) == width:
            rows.append(tuple(row))
            continue
        labels, values = row[:label_width], row[label_width:]
        placed = _place(values, width - label_width, identities, label_width) if identities else None
        if placed is None:
            mapping = "unverified"
            pad = [Span("", row[-1].end, row[-1].end)] * (width - len(row))
            rows.append(tuple(row) + tuple(pad))
        else:
            if mapping == "structure":
                mapping = "arithmetic"
            rows.append(tuple(labels) + tuple(placed))
    starts = [c.start for r in body_rows for c in r if c.text]
    ends = [c.end for r in body_rows for c in r if c.text]
    if unit is None:
        unit = unit_from_text(" ".join([caption or "", *(" ".join(r) for r in header_rows)]))
    return Table(
        columns=tuple(columns),
        rows=tuple(rows),
        header_rows=tuple(tuple(r) for r in grid),
        caption=caption,
        unit=unit,
        mapping=mapping,  # type: ignore[arg-type]
        identities=tuple(_describe(i, columns) for i in identities),
        start=min(starts, default=0),
        end=max(ends, default=0),
    )


def _is_year(span: Span) -> bool:
    return bool(BARE_YEAR.match(span.text))


@dataclass(frozen=True)
class LabelLedTable:
    """A table rebuilt from one-cell-per-line text, and the leading text that was not part of it."""

    table: Table
    leading: tuple[Span, ...]
    trailing: tuple[Span, ...]


def _header_layout(n_head: int, n_labels: int, n_values: int) -> tuple[int, int, int] | None:
    """(labels of the first row, header lines per value column, leading caption cells) for a first run.

    An exact fit wins (`费用项目 / 局部门 / 2020 / 局部门 / 2021` is two lines per column); otherwise
    one line per column and whatever comes before is a caption.
    """
    for first_labels in range(n_labels, 0, -1):
        n_header = n_head - first_labels
        for per in (1, 2, 3):
            if n_header == n_labels + n_values * per:
                return first_labels, per, 0
    n_header = n_head - n_labels
    need = n_labels + n_values
    if n_header >= need:
        return n_labels, 1, n_header - need
    return None


def rebuild_label_led(cells: list[Span], *, caption: str | None = None, unit: str | None = None) -> LabelLedTable | None:
    """Rows are runs of label cells followed by runs of number cells; the header precedes the first row.

    Year-like numbers before the first real value are header text (`局部门` / `2020`). Returns None
    when the cells do not form at least two rows under a header.
    """
    first_value = next((i for i, c in enumerate(cells) if cell_number(c) is not None and not _is_year(c)), None)
    if first_value is None:
        return None
    kinds = ["label" if (i < first_value or cell_number(c) is None) else "value" for i, c in enumerate(cells)]
    segments: list[tuple[list[Span], list[Span]]] = []
    for cell, kind in zip(cells, kinds, strict=True):
        if kind == "label":
            if not segments or segments[-1][1]:
                segments.append(([], []))
            segments[-1][0].append(cell)
        else:
            if not segments:
                return None
            segments[-1][1].append(cell)
    trailing: list[Span] = []
    if segments and not segments[-1][1]:
        trailing = segments.pop()[0]
    if len(segments) < 2:
        return None
    n_values = Counter(len(v) for _, v in segments).most_common(1)[0][0]
    n_labels = max(len(labels) for labels, _ in segments[1:])
    head = segments[0][0]
    layout = _header_layout(len(head), n_labels, n_values)
    if layout is None:
        return None
    first_labels, per_column, n_leading = layout
    leading = head[:n_leading]
    header_cells = head[n_leading: len(head) - first_labels]
    header = [c.text for c in header_cells[:n_labels]]
    rest = header_cells[n_labels:]
    for k in range(n_values):
        header.append(" ".join(c.text for c in rest[k * per_column:(k + 1) * per_column]))
    body: list[list[Span]] = []
    previous_labels: list[Span] = []
    for index, (labels, values) in enumerate(segments):
        if index == 0:
            labels = head[len(head) - first_labels:]
        if len(labels) < n_labels:  # a row-spanning label above fills the gap
            labels = previous_labels[: n_labels - len(labels)] + labels
        previous_labels = labels
        body.append(labels + values)
    cap_text = caption or (" ".join(c.text for c in leading) if leading else None)
    table = assemble_table([header], body, label_width=n_labels, caption=cap_text, unit=unit)
    return LabelLedTable(table, tuple(leading), tuple(trailing))
