"""A batch is read by worker processes and stored in file order by the ingesting one: the store holds
exactly what reading in one process stores, and a bad file is still reported, not raised."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fakes import BigramEmbedder
from testdata import DATA

from index.ingest import READ_IN_PROCESSES_FROM, ingest_paths
from index.settings import Settings


def _rows(db: Path) -> dict[str, list[str]]:
    connection = sqlite3.connect(db)
    tables = [t for (t,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    out = {}
    for table in tables:
        columns = [c[1] for c in connection.execute(f"PRAGMA table_info({table})")
                   if c[1] not in ("ingested_at", "source")]  # when, and from which copy of the file
        out[table] = sorted(map(repr, connection.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()))
    return out


def test_reading_in_worker_processes_stores_what_one_process_stores(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for source in sorted((DATA / "real").glob("0[1-5]*.txt")):
        (corpus / source.name).write_bytes(source.read_bytes())
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    assert len(list(corpus.iterdir())) >= READ_IN_PROCESSES_FROM
    stores = {}
    for processes in (1, 2):
        settings = Settings.from_env(data=tmp_path / f"data-{processes}", ingest_processes=processes)
        results = ingest_paths([corpus], settings, progress=False, embedder=BigramEmbedder())
        assert [r.ok for r in results] == [True] * 5 + [False]
        assert results[-1].error == "文件只有空白，没有文字"
        stores[processes] = _rows(settings.db_path)
    assert len(stores[2]["figures"]) > 50 and len(stores[2]["reports"]) == 5
    assert stores[1] == stores[2]
