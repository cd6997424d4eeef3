"""Ingest on a Dask distributed cluster, into the shared PostgreSQL + pgvector archive.

Each file is one task: a worker reads and derives it, stores it and embeds its chunks and figure
statements with the model it loaded once (`EmbedderOnWorker`); the client then records a new index
generation, which embeds nothing when every task finished. Why Dask distributed: it is a pure-Python
wheel on the package registry (Ray's is ~70 MB with its own object store and per-node daemons), a
task whose worker dies is given to another worker by the scheduler, and a worker is a process that
a Nanny restarts.

A task can run twice — a worker killed after it wrote, the scheduler retrying it elsewhere — and
leave one copy: a report's id is its text's hash and it is written in one transaction that first
deletes the report of that id; chunk vectors are keyed by the chunk's vid and statement vectors by the
statement's hash, both written as upserts.

    ingest_on_cluster(paths, settings, "tcp://scheduler:8786")   # or "local:2": a cluster of 2 here
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from index.backend import backend_for, open_store
from index.embed.embedder import Embedder, load_embedder
from index.errors import IngestError
from index.ingest import FileResult, embed_report, expand_paths, read_checked, refresh_index, store_report
from index.pipeline import parse_report
from index.settings import Settings
from index.text.tokenize import Segmenter

log = logging.getLogger(__name__)

LOCAL_PREFIX = "local:"


class ClusterError(RuntimeError):
    """The cluster cannot ingest into this archive (no shared database, no scheduler)."""


class EmbedderOnWorker(WorkerPlugin):
    """The embedding model and the word segmenter, loaded once per worker process when it starts."""

    name = "reportqa-embedder"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.embedder: Embedder | None = None
        self.segmenter: Segmenter | None = None

    def setup(self, worker: object) -> None:
        # The client's settings name the archive and the model; where the model is built and how many
        # threads it runs are this machine's (REPORTQA_EMBEDDING_THREADS here first).
        here = Settings.from_env()
        self.settings = replace(self.settings, model_cache=here.model_cache,
                                embedding_threads=here.embedding_threads or self.settings.embedding_threads)
        if self.settings.embedding_threads:
            import torch

            torch.set_num_threads(self.settings.embedding_threads)
        self.embedder = load_embedder(self.settings)
        self.segmenter = Segmenter()


def ingest_one(path: str, data: bytes, settings: Settings) -> FileResult:
    """A task: read, store and embed one file on this worker; bad input is a FileResult with its error."""
    plugin = get_worker().plugins[EmbedderOnWorker.name]
    assert isinstance(plugin, EmbedderOnWorker) and plugin.embedder is not None and plugin.segmenter is not None
    try:
        report = parse_report(Path(path), data, settings)
    except IngestError as exc:
        return FileResult(path, error=exc.reason)
    with open_store(settings) as store:
        result = store_report(store, Path(path), report, plugin.segmenter)
        embed_report(store, plugin.embedder, report)
    return result


def _client(address: str) -> tuple[Client, LocalCluster | None]:
    """A client of the scheduler at `address`, or of a cluster of N worker processes started here
    (`local:N`, one thread each: the model's own threads are the parallelism within a worker)."""
    if address.startswith(LOCAL_PREFIX):
        workers = int(address[len(LOCAL_PREFIX):] or "2")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout="20s"), None
    except OSError as exc:
        raise ClusterError(f"连不上集群调度器 {address}：{exc}") from exc


def ingest_on_cluster(
    paths: Iterable[Path], settings: Settings, address: str, *,
    on_result: Callable[[FileResult], None] | None = None,
    client: Client | None = None, embedder: Embedder | None = None,
) -> list[FileResult]:
    """Ingest every file as a task on the cluster, then record a new index generation; results in the
    order of the files. A file the cluster could not finish (its task's workers died too often) is a
    FileResult with that error; running the same ingest again completes it. `embedder` describes the
    model to the index generation (the client loads it only if a vector is missing)."""
    if backend_for(settings).kind != "postgresql":
        raise ClusterError("集群入库需要各工作进程共享的 PostgreSQL 报告库：请设置 REPORTQA_DATABASE_URL")
    files = expand_paths(paths)
    owned, cluster = (None, None) if client is not None else _client(address)
    client = client or owned
    assert client is not None
    try:
        if settings.embedding_threads == 0 and cluster is not None:  # the cores shared out among the workers here
            settings = replace(settings, embedding_threads=max(1, (os.cpu_count() or 1) // len(cluster.workers)))
        client.register_plugin(EmbedderOnWorker(settings))
        results: list[FileResult | None] = [None] * len(files)
        futures = {}
        for position, path in enumerate(files):
            try:
                data = read_checked(path, settings)
            except IngestError as exc:
                results[position] = FileResult(str(path), error=exc.reason)
                continue
            key = f"reportqa-ingest-{hashlib.sha256(data).hexdigest()[:16]}-{position}"
            futures[client.submit(ingest_one, str(path), data, settings, key=key, pure=False)] = position
        for future in futures:
            position = futures[future]
            try:
                results[position] = future.result()
            except Exception as exc:  # noqa: BLE001 — a task lost with its workers (KilledWorker) or failing on one
                results[position] = FileResult(str(files[position]), error=f"集群未能完成这个文件（{type(exc).__name__}：{exc}），请再运行一次")
            if on_result is not None:
                on_result(results[position])  # type: ignore[arg-type]
    finally:
        if owned is not None:
            owned.close()
        if cluster is not None:
            cluster.close()
    with open_store(settings) as store:
        refresh_index(store, settings, embedder=embedder)
    return [r for r in results if r is not None]
