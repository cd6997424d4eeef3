"""Copy a SQLite data folder's archive into PostgreSQL (`reportqa migrate-to-postgres URL --data DIR`):
every report with its sections, tables, chunks and figures, and every stored vector, so nothing is
parsed or embedded again; then the PostgreSQL search index is built from the copied vectors.

Each report is copied in one transaction (a report already in the database is replaced), so an
interrupted copy can simply be run again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from tqdm import tqdm

from index.backend import build_index, open_store, read_meta
from index.embed.embedder import LazyEmbedder
from index.errors import StoreError
from index.settings import Settings
from index.store.postgres import PostgresStore, redacted
from index.store.sqlite import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Copied:
    reports: int
    vectors: int
    statement_vectors: int


def migrate_to_postgres(settings: Settings, url: str, *, progress: bool = True) -> Copied:
    """Copy the SQLite archive of `settings.data` into the PostgreSQL database at `url`."""
    if not settings.db_path.exists():
        raise StoreError(f"{settings.db_path} 没有可复制的 SQLite 报告库")
    target_settings = replace(settings, database_url=url)
    with Store.open(settings.db_path, create=False) as source, open_store(target_settings) as target:
        assert isinstance(target, PostgresStore)
        meta = read_meta(settings, source)
        if meta is None:
            raise StoreError(f"{settings.data} 没有检索索引，无法确定所用模型；请先运行 `reportqa reindex`")
        reports = source.reports()
        for report in tqdm(reports, desc="copy", unit="report", disable=not progress or len(reports) < 2):
            target.replace_report_rows(report.id, source.report_rows(report.id))
        vectors = _copy_vectors(source, target, meta.model)
        statements = _copy_statement_vectors(source, target, meta.model)
        embedder = LazyEmbedder(settings, meta.model, meta.source, meta.dim, meta.prompts)  # loaded only if a vector is missing
        built = build_index(target, embedder, target_settings, progress=progress)  # type: ignore[arg-type]
    log.info("copied %d reports, %d vectors and %d statement vectors into %s (index of %d chunks)",
             len(reports), vectors, statements, redacted(url), built.count)
    return Copied(len(reports), vectors, statements)


def _copy_vectors(source: Store, target: PostgresStore, model: str) -> int:
    vids, matrix = source.vectors(model)
    for begin in range(0, len(vids), 2000):
        target.put_vectors(model, vids[begin:begin + 2000].tolist(), matrix[begin:begin + 2000])
    return len(vids)


def _copy_statement_vectors(source: Store, target: PostgresStore, model: str) -> int:
    keys, matrix = source.statement_vector_items(model)
    for begin in range(0, len(keys), 2000):
        target.put_statement_vectors(model, keys[begin:begin + 2000], matrix[begin:begin + 2000])
    return len(keys)
