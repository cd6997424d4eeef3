"""Core records of question answering: retrieval filters and ranked passages."""

from __future__ import annotations

from dataclasses import dataclass

from index.store import ChunkRow


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to a report (id, prefix or file name), department, fiscal year or section."""

    report: str | None = None
    department: str | None = None
    year: int | None = None
    section: str | None = None

    def active(self) -> bool:
        return any(v is not None for v in (self.report, self.department, self.year, self.section))


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and the rank each retriever gave it (None: not found)."""

    chunk: ChunkRow
    score: float
    dense_rank: int | None
    bm25_rank: int | None
