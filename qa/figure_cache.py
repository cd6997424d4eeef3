"""The figures of the reports asked about, read from the store once per report version: every
question of a meeting scans the same few reports' figures, and reading them back (rows decoded,
section paths parsed from JSON) was a seventh of an answer."""

from __future__ import annotations

from typing import Protocol

from index.store.rows import ReportRow, StoredFigure
from qa.bounded_cache import BoundedCache

CACHED_REPORTS = 256  # a department's reports over several years, many times over


class FigureSource(Protocol):
    def figures(self, *, report_ids: list[str]) -> list[StoredFigure]: ...


class FigureCache:
    """Per report version (its id and when it was ingested): a report ingested again is read again."""

    def __init__(self, capacity: int = CACHED_REPORTS) -> None:
        self._figures: BoundedCache[tuple[str, str], list[StoredFigure]] = BoundedCache(capacity)

    def figures(self, store: FigureSource, reports: list[ReportRow]) -> list[StoredFigure]:
        """All figures of these reports in the store's order (report name, then place in the report)."""
        out: list[StoredFigure] = []
        for report in sorted(reports, key=lambda r: r.name):
            key = (report.id, report.ingested_at)
            held = self._figures.get(key)
            if held is None:
                held = store.figures(report_ids=[report.id])
                self._figures.put(key, held)
            out.extend(held)
        return out
