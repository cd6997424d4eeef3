"""Section-aware chunks: never across a section, whole sentences (never inside a number), tables as whole rows."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from index.extract.table_labels import clean_label, render_row, row_label_width
from index.records import Block, Chunk, Heading, LabelValue, Paragraph, Table

_SENTENCE = re.compile(r"[^。；！？!?;\n]*(?:[。；！？!?;]+|\n|$)")
_SOFT_BREAK = re.compile(r"[，,、：:]")
PATH_SEPARATOR = " › "


@dataclass(frozen=True)
class _Unit:
    """A sentence or table row with its source range; the atoms chunks are packed from."""

    text: str
    start: int
    end: int


def title_line(section: tuple[str, ...], report_title: str | None) -> str:
    return PATH_SEPARATOR.join(section) if section else (report_title or "")


def _split_long(text: str, limit: int) -> list[str]:
    """Cut an over-long sentence at commas; failing that at a character that is not inside a number."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = max((m.end() for m in _SOFT_BREAK.finditer(text, 0, limit)), default=0)
        if cut == 0:
            cut = limit
            while cut > 1 and (text[cut - 1].isdigit() or text[cut - 1] == ".") and (text[cut].isdigit() or text[cut] == "."):
                cut -= 1
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def _sentence_units(paragraph: Paragraph, limit: int) -> list[_Unit]:
    units: list[_Unit] = []
    for match in _SENTENCE.finditer(paragraph.text):
        sentence = match.group()
        if not sentence.strip():
            continue
        offset = match.start()
        for piece in _split_long(sentence, limit):
            if piece.strip():
                start = paragraph.offsets[offset]
                end = paragraph.offsets[offset + len(piece) - 1] + 1
                units.append(_Unit(piece, start, end))
            offset += len(piece)
    return units


def _table_units(table: Table) -> list[_Unit]:
    width = row_label_width(table)
    units: list[_Unit] = []
    for row in table.rows:
        filled = [c for c in row if c.text.strip()]
        if not filled:
            continue
        if width >= len(table.columns):  # a table of text: name every cell by its column
            parts = [
                f"{clean_label(col)}：{cell.text.strip()}" if clean_label(col) else cell.text.strip()
                for col, cell in zip(table.columns, row, strict=False)
                if cell.text.strip()
            ]
            text = "；".join(parts)
        else:
            text = render_row(table, row, label_width=width)
        units.append(_Unit(text + "\n", min(c.start for c in filled), max(c.end for c in filled)))
    return units


def _pack(units: list[_Unit], limit: int) -> list[list[_Unit]]:
    """Greedy packing up to `limit` characters; a unit longer than the limit stands alone."""
    groups: list[list[_Unit]] = []
    size = 0
    for unit in units:
        if groups and size + len(unit.text) <= limit:
            groups[-1].append(unit)
            size += len(unit.text)
        else:
            groups.append([unit])
            size = len(unit.text)
    return groups


def _chunk_id(report_id: str, section: tuple[str, ...], body: str) -> str:
    digest = hashlib.sha256("\x1f".join([report_id, *section, body]).encode("utf-8")).hexdigest()
    return digest[:20]


def build_chunks(
    blocks: tuple[Block, ...],
    paths: list[tuple[str, ...]],
    *,
    report_id: str,
    report_title: str | None,
    max_chars: int = 600,
) -> list[Chunk]:
    """Chunks in document order; each starts with its section path as a title line."""
    chunks: list[Chunk] = []
    pending: list[_Unit] = []
    pending_section: tuple[str, ...] | None = None

    def emit(units: list[_Unit], section: tuple[str, ...], kind: str, header: str = "") -> None:
        for group in _pack(units, max_chars):
            body = header + "".join(u.text for u in group).strip()
            title = title_line(section, report_title)
            chunks.append(
                Chunk(
                    id=_chunk_id(report_id, section, body),
                    section=section,
                    text=f"{title}\n{body}" if title else body,
                    start=min(u.start for u in group),
                    end=max(u.end for u in group),
                    kind=kind,  # type: ignore[arg-type]
                )
            )

    def flush() -> None:
        nonlocal pending
        if pending and pending_section is not None:
            emit(pending, pending_section, "text")
        pending = []

    for block, section in zip(blocks, paths, strict=True):
        if section != pending_section:
            flush()
            pending_section = section
        if isinstance(block, Paragraph):
            pending.extend(_sentence_units(block, max_chars))
            if pending and not pending[-1].text.endswith("\n"):
                pending[-1] = _Unit(pending[-1].text + "\n", pending[-1].start, pending[-1].end)
        elif isinstance(block, LabelValue):
            pending.append(_Unit(f"{block.label.text}：{block.value.text}\n", block.start, block.end))
        elif isinstance(block, Table):
            flush()
            caption = (block.caption or "") + (f"（单位：{block.unit}）" if block.unit and block.unit not in (block.caption or "") else "")
            header = caption.strip() + "\n" if caption.strip() else ""
            emit(_table_units(block), section, "table", header)
        elif isinstance(block, Heading):
            continue
    flush()
    return chunks
