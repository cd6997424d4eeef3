"""The store's tables (one schema text for SQLite and, with its column types, PostgreSQL) and the
numbered migrations that bring an older data folder to the current format."""

from __future__ import annotations

from dataclasses import dataclass

# Numbered migrations, each bringing a store from the version before it to its own number; a new
# store is created at the latest schema (SCHEMA) and never replays them.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (2, ("ALTER TABLE reports ADD COLUMN doc_type TEXT",)),  # 部门预算, 部门决算, …绩效自评
    (3, ("ALTER TABLE tables ADD COLUMN failed TEXT NOT NULL DEFAULT '[]'",)),  # identities a table's cells break
)
FORMAT_VERSION = MIGRATIONS[-1][0]
OLDEST_MIGRATABLE = 1  # the first numbered format; anything older has no path forward

@dataclass(frozen=True)
class ColumnTypes:
    """What differs between the SQLite and the PostgreSQL tables (index/store/postgres.py): a few column
    types, and PostgreSQL's full-text columns of a chunk. The tables themselves are written once."""

    row_id: str = "INTEGER PRIMARY KEY"
    vector_id: str = "INTEGER"  # 60 bits: SQLite's INTEGER holds them, PostgreSQL needs BIGINT
    number: str = "REAL"  # SQLite's REAL is 8 bytes; PostgreSQL's is 4
    blob: str = "BLOB"
    vector: str = "BLOB"
    chunk_search: str = ""


def table_schema(types: ColumnTypes) -> str:
    """The tables and indexes of a store, in either database's column types."""
    return f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT, title TEXT, department TEXT, budget_code TEXT,
    fiscal_year INTEGER, report_date TEXT, eval_type TEXT, score TEXT, grade TEXT, project TEXT,
    n_sections INTEGER, n_tables INTEGER, n_figures INTEGER, n_chunks INTEGER,
    warnings TEXT, text TEXT NOT NULL, ingested_at TEXT NOT NULL, doc_type TEXT
);
CREATE TABLE IF NOT EXISTS sections (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    path TEXT NOT NULL, level INTEGER, start INTEGER, "end" INTEGER
);
CREATE TABLE IF NOT EXISTS tables (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE, seq INTEGER,
    caption TEXT, unit TEXT, mapping TEXT, columns TEXT, rows TEXT, identities TEXT, start INTEGER, "end" INTEGER,
    failed TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT NOT NULL, report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE, seq INTEGER,
    section TEXT, text TEXT NOT NULL, start INTEGER, "end" INTEGER, kind TEXT,
    vid {types.vector_id} NOT NULL UNIQUE, tokens TEXT NOT NULL,{types.chunk_search}
    PRIMARY KEY (report_id, id)
);
-- Passage vectors by chunk vector id and model; kept apart from chunks so that re-ingesting the
-- same content, or rebuilding the index, never embeds a passage twice.
CREATE TABLE IF NOT EXISTS vectors (
    vid {types.vector_id} NOT NULL, model TEXT NOT NULL, vector {types.vector} NOT NULL, PRIMARY KEY (vid, model)
);
-- Figure statement vectors by the statement's content key and model (index/extract/statements.py): a
-- figure that reads the same in any report or ingest is embedded once per model.
CREATE TABLE IF NOT EXISTS statement_vectors (
    key TEXT NOT NULL, model TEXT NOT NULL, vector {types.blob} NOT NULL, PRIMARY KEY (key, model)
);
-- What a question across departments claims of each report for a metric (qa/answerers/across.py), as
-- `reportqa prepare` computed it for one index generation: every process answering reads it instead of
-- ranking each department's figures again. `claim` is the claimed figure as JSON, or null (none claimed).
CREATE TABLE IF NOT EXISTS prepared_claims (
    generation TEXT NOT NULL, report_id TEXT NOT NULL, ingested_at TEXT NOT NULL, question TEXT NOT NULL,
    year INTEGER NOT NULL, claim TEXT NOT NULL, PRIMARY KEY (generation, report_id, ingested_at, question, year)
);
CREATE TABLE IF NOT EXISTS figures (
    id {types.row_id}, report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    entity TEXT, metric TEXT NOT NULL, qualifier TEXT, value TEXT NOT NULL, number {types.number}, unit TEXT,
    year INTEGER, kind TEXT NOT NULL, section TEXT, quote TEXT, start INTEGER, "end" INTEGER,
    target TEXT, chunk_id TEXT
);
CREATE INDEX IF NOT EXISTS figures_report ON figures(report_id);
CREATE INDEX IF NOT EXISTS figures_metric ON figures(metric);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
CREATE INDEX IF NOT EXISTS figures_chunk ON figures(chunk_id);
CREATE INDEX IF NOT EXISTS figures_entity ON figures(entity);
"""


SCHEMA = table_schema(ColumnTypes())


# Tables that hold one report's rows, by the column their report is named in (copied report by report
# from SQLite into PostgreSQL, index/admin/migrate.py).
REPORT_TABLES = {"reports": "id", "sections": "report_id", "tables": "report_id", "chunks": "report_id",
                 "figures": "report_id"}
GENERATED = {"figures": ("id",)}  # numbered anew by PostgreSQL (its tsvector and token counts come from a trigger)
