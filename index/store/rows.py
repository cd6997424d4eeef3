"""The records a store hands out (a report's row, a chunk's, a stored table's, a figure with the report
it belongs to) and the JSON shapes of `reportqa figures` / `reportqa reports`."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from index.records import Chunk, FailedCheck, Figure

PATH_SEPARATOR = " › "
# Text before a report's first heading: a cover in some reports, the opening lines of a web page or a
# form in others — so it is named for where it is, never called a cover.
OPENING_SECTION = "报告开头"


def section_label(path: tuple[str, ...] | list[str]) -> str:
    """A section path as a source line: 一、… › （二）…, or 报告开头 before the first heading."""
    return PATH_SEPARATOR.join(path) or OPENING_SECTION


def vector_id(chunk: Chunk) -> int:
    """A chunk's FAISS id: 60 bits of its content-derived id (which already covers its report)."""
    return int(chunk.id[:15], 16)


@dataclass(frozen=True)
class ChunkRow:
    """A stored chunk with what retrieval filters and cites by."""

    vid: int
    chunk_id: str
    report_id: str
    report: str
    department: str | None
    fiscal_year: int | None
    section: tuple[str, ...]
    text: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class ReportRow:
    """A stored report as listed by `reportqa reports`."""

    id: str
    name: str
    department: str | None
    fiscal_year: int | None
    eval_type: str | None
    score: str | None
    grade: str | None
    report_date: str | None
    budget_code: str | None
    n_sections: int
    n_tables: int
    n_figures: int
    n_chunks: int
    ingested_at: str
    warnings: tuple[str, ...]
    project: str | None = None
    doc_type: str | None = None

    @property
    def kind(self) -> str | None:
        """What the report is: its document type (部门预算, 部门决算, …), else its evaluation type."""
        return self.doc_type or self.eval_type

    @property
    def is_budget_document(self) -> bool:
        """A 部门预算 / 单位预算: it states what is planned and nothing executed (no 决算 or 自评 kind says
        预算)."""
        return "预算" in (self.kind or "")


@dataclass(frozen=True)
class StoredTable:
    """A rebuilt table as stored: cell texts only."""

    caption: str | None
    unit: str | None
    mapping: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    identities: tuple[str, ...]
    failed: tuple[FailedCheck, ...] = ()
    start: int = 0  # where the table begins in the report text


@dataclass(frozen=True)
class StoredFigure:
    """A figure read back from the store, with the report it belongs to."""

    report_id: str
    report: str
    figure: Figure

    def to_json(self) -> dict[str, object]:
        return figure_record(self.figure, report=self.report, report_id=self.report_id)


def figure_record(f: Figure, *, report: str, report_id: str) -> dict[str, object]:
    """A figure as JSON: `value` a number where it is one (9783.6), else the text (优秀, a phone number)."""
    return {
        "value": f.answer_value,
        "value_text": f.value,
        "unit": f.unit,
        "metric": f.metric,
        "entity": f.entity,
        "qualifier": f.qualifier,
        "report": report,
        "report_id": report_id,
        "year": f.year,
        "kind": f.kind,
        "section": PATH_SEPARATOR.join(f.section),
        "quote": f.quote,
        "start": f.start,
        "end": f.end,
        "target": f.target,
        "chunk_id": f.chunk_id,
    }


def report_row_json(row: ReportRow) -> dict[str, object]:
    return asdict(row)


def matching_reports(reports: list[ReportRow], ref: str) -> list[ReportRow]:
    """The reports a user's reference names, most exact way first: the id or the file name; a unique
    id prefix (six characters or more); a word of the file name (`yueyang`, `wenlvju`); the department's
    name or a part of it (`岳阳市科学技术局`, `岳阳`). The first way that names any report decides, so an
    exact name is never made ambiguous by a looser one."""
    wanted = ref.strip()
    if not wanted:
        return []
    ways = (
        lambda r: wanted in (r.id, r.name),
        lambda r: len(wanted) >= 6 and r.id.startswith(wanted),
        lambda r: wanted.lower() in r.name.lower(),
        lambda r: bool(r.department) and (wanted in r.department or r.department in wanted),
    )
    for way in ways:
        if named := [r for r in reports if way(r)]:
            return named
    return []
