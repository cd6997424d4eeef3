"""Ingest on a Dask cluster of two worker processes into PostgreSQL + pgvector (index/cluster.py): one
worker is killed with SIGKILL while it reads a document, and the archive still ends complete — every
report once, every chunk and figure statement with its vector, a new index generation — holding the
reports and figures a single machine reads from the same files."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from testdata import DATA

from index.backend import open_store, read_meta
from index.cluster import ClusterError, ingest_on_cluster
from index.extract.statements import statement_key, statements_of
from index.ingest import FileResult
from index.pipeline import parse_report
from index.settings import Settings

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.model]

FILES = sorted((DATA / "real").glob("*.txt"))[:8]


def test_a_cluster_needs_the_shared_database(tmp_path: Path) -> None:
    with pytest.raises(ClusterError, match="PostgreSQL"):
        ingest_on_cluster(FILES, Settings.from_env(data=tmp_path / "data"), "local:2")


def test_a_worker_killed_mid_document_loses_nothing(postgres_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from distributed import Client, LocalCluster

    assert len(FILES) == 8
    settings = Settings.from_env(data=tmp_path / "data", database_url=postgres_server(), embedding_threads=1)
    killed: list[str] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:

        def kill_a_busy_worker(result: FileResult) -> None:
            if killed:
                return
            busy = [address for address, keys in client.processing().items() if keys]
            assert busy, "both workers idle after the first file: nothing left to kill mid-document"
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(busy[0])

        results = ingest_on_cluster(FILES, settings, "", client=client, on_result=kill_a_busy_worker, files_per_task=2)
    assert killed
    assert [r.path for r in results] == [str(f) for f in FILES]
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]

    expected = {r.report_id: r for r in (parse_report(f, f.read_bytes(), settings) for f in FILES)}
    with open_store(settings, create=False) as store:
        assert store.counts() == {"reports": 8, "chunks": sum(len(r.chunks) for r in expected.values()),
                                  "figures": sum(len(r.figures) for r in expected.values())}
        assert {row.id for row in store.reports()} == set(expected)
        meta = read_meta(settings, store)
        assert meta is not None and meta.count == store.counts()["chunks"]
        assert store.chunks_without_vector(meta.model) == []
        assert store.chunks_without_vector(meta.model, reports=[]) == []  # a task whose every file was refused
        keys = {statement_key(s) for r in expected.values() for f in r.figures for s in statements_of(f)}
        assert set(store.statement_vectors(meta.model, keys)) == keys
