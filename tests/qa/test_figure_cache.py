"""The figures of the reports asked about are read from the store once per report version."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from index.backend import open_store
from index.settings import Settings
from index.store.rows import StoredFigure
from qa.figure_cache import FigureCache


class _Counting:
    def __init__(self, store: object) -> None:
        self.store = store
        self.reads = 0

    def figures(self, *, report_ids: list[str]) -> list[StoredFigure]:
        self.reads += 1
        return self.store.figures(report_ids=report_ids)  # type: ignore[attr-defined, no-any-return]


def test_figures_are_read_once_per_report_version(seeded_template: Path) -> None:
    store = open_store(Settings.from_env(data=seeded_template), create=False)
    report = store.reports()[0]
    counting = _Counting(store)
    cache = FigureCache(capacity=1)
    first = cache.figures(counting, [report])
    assert first == store.figures(report_ids=[report.id]) and len(first) == report.n_figures > 300
    assert cache.figures(counting, [report]) == first and counting.reads == 1
    # Ingested again (another time stamp): read again, and the old version leaves the cache of one.
    again = replace(report, ingested_at=report.ingested_at + "x")
    assert cache.figures(counting, [again]) == first and counting.reads == 2
    cache.figures(counting, [report])
    assert counting.reads == 3
