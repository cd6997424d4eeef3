"""Copy a SQLite data folder's archive into PostgreSQL (`reportqa migrate-to-postgres URL --data DIR`):
every report with its sections, tables, chunks and figures, and every stored vector, so nothing is
parsed or embedded again; then the PostgreSQL search index is built from the copied vectors.

Each report is copied in one transaction (a report already in the database is replaced), so an
interrupted copy can simply be run again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np
from tqdm import tqdm

from index.backend import build_index, open_store, read_meta
from index.embed import LazyEmbedder
from index.errors import StoreError
from index.pg_store import PostgresStore, redacted
from index.settings import Settings
from index.store import Store

log = logging.getLogger(__name__)
# Tables copied report by report, by the column their report is named in.
REPORT_TABLES = {"reports": "id", "sections": "report_id", "tables": "report_id", "chunks": "report_id",
                 "figures": "report_id"}
GENERATED = {"figures": ("id",)}  # numbered anew by PostgreSQL (its tsvector and token counts come from a trigger)


@dataclass(frozen=True)
class Copied:
    reports: int
    vectors: int
    statement_vectors: int


def _quoted(column: str) -> str:
    return f'"{column}"'


def migrate_to_postgres(settings: Settings, url: str, *, progress: bool = True) -> Copied:
    """Copy the SQLite archive of `settings.data` into the PostgreSQL database at `url`."""
    if not settings.db_path.exists():
        raise StoreError(f"no SQLite archive at {settings.db_path} to copy")
    target_settings = replace(settings, database_url=url)
    with Store.open(settings.db_path, create=False) as source, open_store(target_settings) as target:
        assert isinstance(target, PostgresStore)
        meta = read_meta(settings, source)
        if meta is None:
            raise StoreError(f"{settings.data} has no search index to take the model from; run `reportqa reindex` first")
        reports = source.reports()
        columns = {table: _columns(source, table) for table in REPORT_TABLES}
        for report in tqdm(reports, desc="copy", unit="report", disable=not progress or len(reports) < 2):
            _copy_report(source, target, report.id, columns)
        vectors = _copy_vectors(source, target, meta.model)
        statements = _copy_statement_vectors(source, target, meta.model)
        embedder = LazyEmbedder(settings, meta.model, meta.source, meta.dim, meta.prompts)  # loaded only if a vector is missing
        built = build_index(target, embedder, target_settings, progress=progress)  # type: ignore[arg-type]
    log.info("copied %d reports, %d vectors and %d statement vectors into %s (index of %d chunks)",
             len(reports), vectors, statements, redacted(url), built.count)
    return Copied(len(reports), vectors, statements)


def _copy_report(source: Store, target: PostgresStore, report_id: str, columns: dict[str, list[str]]) -> None:
    with target._db:
        target._db.execute("DELETE FROM reports WHERE id = ?", (report_id,))  # its rows go with it (ON DELETE CASCADE)
        for table, key in REPORT_TABLES.items():
            names = ", ".join(_quoted(c) for c in columns[table])
            rows = source._db.execute(f"SELECT {names} FROM {table} WHERE {key} = ?", (report_id,)).fetchall()
            target._db.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns[table]))})",
                                   [tuple(r[c] for c in columns[table]) for r in rows])


def _columns(source: Store, table: str) -> list[str]:
    """The SQLite table's columns as they are (a column a migration added is copied too)."""
    return [r["name"] for r in source._db.execute(f"PRAGMA table_info({table})")
            if r["name"] not in GENERATED.get(table, ())]


def _copy_vectors(source: Store, target: PostgresStore, model: str) -> int:
    vids, matrix = source.vectors(model)
    for begin in range(0, len(vids), 2000):
        target.put_vectors(model, vids[begin:begin + 2000].tolist(), matrix[begin:begin + 2000])
    return len(vids)


def _copy_statement_vectors(source: Store, target: PostgresStore, model: str) -> int:
    rows = source._db.execute("SELECT key, vector FROM statement_vectors WHERE model = ?", (model,)).fetchall()
    keys = [r["key"] for r in rows]
    for begin in range(0, len(keys), 2000):
        part = rows[begin:begin + 2000]
        target.put_statement_vectors(model, [r["key"] for r in part],
                                     np.stack([np.frombuffer(r["vector"], dtype=np.float32) for r in part]))
    return len(keys)
