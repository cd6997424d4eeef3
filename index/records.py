"""Core records of ingestion: blocks a reader produces, and the report, section, table, figure and chunk records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from index.text.numbers import Amount


@dataclass(frozen=True)
class Span:
    """A piece of text and where it lies in the normalized report text (end exclusive).

    `offsets` is given only when the text is not a contiguous slice (a cell joined from wrapped
    lines): then `offsets[i]` is where `text[i]` came from.
    """

    text: str
    start: int
    end: int
    offsets: tuple[int, ...] = ()

    def char_offsets(self) -> tuple[int, ...]:
        return self.offsets or tuple(range(self.start, self.start + len(self.text)))


@dataclass(frozen=True)
class Heading:
    """A heading line. `level` is given by formats that know it (docx styles, html h1–h6), else None."""

    text: str
    start: int
    end: int
    level: int | None = None


@dataclass(frozen=True)
class Paragraph:
    """Running text. `offsets[i]` is the position in the normalized text of `text[i]`."""

    text: str
    offsets: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0


@dataclass(frozen=True)
class LabelValue:
    """A form field: a short label and its value (`人员编制` / `41`)."""

    label: Span
    value: Span

    @property
    def start(self) -> int:
        return self.label.start

    @property
    def end(self) -> int:
        return self.value.end


MappingStatus = Literal["structure", "arithmetic", "unverified"]


@dataclass(frozen=True)
class FailedCheck:
    """An identity of a table that its cells break (index/extract/table_checks.py): the stated total and the
    sum of its parts, both as written (`2976800`, `2976900`), and the arithmetic written out."""

    kind: str
    label: str
    stated: str
    computed: str
    arithmetic: str
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A rebuilt grid: leaf column labels, body rows of equal width, and how the columns were verified.

    `mapping` is "structure" when every row had exactly one cell per column, "arithmetic" when
    missing cells were placed by the table's own sums, and "unverified" when neither worked: the
    cells are then kept as text only and no column label is trusted. `identities` lists the sums the
    cells obey, `failed` those they break.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Span, ...], ...]
    header_rows: tuple[tuple[str, ...], ...] = ()
    caption: str | None = None
    unit: str | None = None
    mapping: MappingStatus = "structure"
    identities: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    failed: tuple[FailedCheck, ...] = ()  # identities the cells break: the table is flagged, not trusted blindly


Block = Heading | Paragraph | LabelValue | Table


@dataclass(frozen=True)
class Document:
    """What a reader returns: the normalized text every offset refers to, and the ordered blocks."""

    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Section:
    """A node of the section tree: its heading path and the text range it covers."""

    path: tuple[str, ...]
    level: int
    start: int
    end: int


@dataclass(frozen=True)
class ReportMeta:
    """What the report says about itself."""

    title: str | None = None
    department: str | None = None
    budget_code: str | None = None
    fiscal_year: int | None = None
    report_date: str | None = None
    eval_type: str | None = None
    score: str | None = None
    grade: str | None = None
    project: str | None = None  # the 项目名称 of a 项目支出 report
    doc_type: str | None = None  # 部门预算, 部门决算, 单位预算, 单位决算, 整体支出绩效自评, 项目支出绩效自评


# `computed` and `target` figures are never stored: an answer derives them from stored ones (two
# figures; the planned side of a target–actual pair).
FigureKind = Literal["table_cell", "prose", "label_value", "target_actual", "computed", "target"]


@dataclass(frozen=True)
class Figure:
    """One number (or short field value) with its provenance.

    `value` is exactly as written after normalization (digits made half-width, separators dropped);
    `number` is its Decimal reading as float, None for non-numeric values (a grade, a phone number).
    `qualifier` is the other axis of a table cell (a column of an item table, e.g. `2020`).
    `target` holds the planned value of a target–actual pair.
    """

    metric: str
    value: str
    number: float | None
    unit: str | None
    kind: FigureKind
    section: tuple[str, ...]
    quote: str
    start: int
    end: int
    entity: str | None = None
    qualifier: str | None = None
    year: int | None = None
    target: str | None = None
    chunk_id: str | None = None

    @property
    def answer_value(self) -> float | str:
        """The number where the figure is one (9783.6), else its text (优秀, a phone number)."""
        return self.number if self.number is not None else self.value

    @property
    def amount(self) -> Amount:
        """The value with its unit, equal to another figure's stating the same amount in another unit."""
        return Amount(self.value, self.unit)


@dataclass(frozen=True)
class Chunk:
    """A section-aware passage; `text` starts with its section path as a title line."""

    id: str
    section: tuple[str, ...]
    text: str
    start: int
    end: int
    kind: Literal["text", "table"] = "text"


@dataclass(frozen=True)
class ParsedReport:
    """Everything ingestion derives from one file, before it is stored."""

    report_id: str
    name: str
    text: str
    meta: ReportMeta
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    figures: tuple[Figure, ...]
    chunks: tuple[Chunk, ...]
    warnings: tuple[str, ...] = field(default=())
