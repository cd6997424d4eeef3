"""The canonical text every reader produces: the layout Word gives a report saved as plain text.

Paragraphs are lines separated by blank lines. A table row is one tab-indented line per cell
(a horizontally merged cell once, a vertically merged continuation as an empty cell); a cell of
several paragraphs continues on untabbed lines; rows are separated by one blank line and a table
ends with two. Rendering docx, html and pdf this way lets one parser, `parse_text`, read them all,
and every offset refers to this text, which is what the store keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def render_paragraph(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line) + "\n\n" if any(lines) else ""


def render_table(rows: Iterable[Sequence[str]]) -> str:
    """Rows of cell texts (merges already resolved to the convention above) as canonical text."""
    out: list[str] = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        for cell in row:
            lines = [line.strip() for line in cell.replace("\t", " ").split("\n") if line.strip()]
            if not lines:
                out.append("\t\n")
                continue
            out.append(f"\t{lines[0]}\n")
            out.extend(f"{line}\n" for line in lines[1:])
        out.append("\n")
    return "".join(out) + "\n" if out else ""


def grid_to_rows(grid: Sequence[Sequence[tuple[str, bool, bool]]]) -> list[list[str]]:
    """Cells given as (text, continues_left, continues_up) -> rows in the canonical convention."""
    rows: list[list[str]] = []
    for grid_row in grid:
        row: list[str] = []
        for text, continues_left, continues_up in grid_row:
            if continues_left:
                continue
            row.append("" if continues_up else text)
        rows.append(row)
    return rows
