"""Ingest on a Dask distributed cluster, into the shared PostgreSQL + pgvector archive.

Each few files are one task: a worker reads and derives them, stores them and embeds their chunks and
figure statements with the model it loaded once (`EmbedderOnWorker`); the client then records a new index
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
from index.embed.embedder import Embedder, LazyEmbedder, load_embedder
from index.errors import IngestError
from index.ingest import (
    FileResult,
    embed_reports,
    expand_paths,
    read_bytes,
    read_checked,
    refresh_index,
    store_report,
)
from index.settings import Settings
from index.text.tokenize import Segmenter

log = logging.getLogger(__name__)

LOCAL_PREFIX = "local:"
# Files per task: enough that a worker embeds several reports' texts in one batch, few enough that the
# tasks spread over the workers and a task lost with its worker costs little to run again.
FILES_PER_TASK = 4


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


def ingest_batch(files: list[tuple[str, bytes]], settings: Settings) -> list[FileResult]:
    """A task: read and store a few files on this worker, then embed what they lack in one batch (the
    model's batches, sorted by length, pad less over several reports; a statement two of them share is
    embedded once); bad input is a FileResult with its error."""
    plugin = get_worker().plugins[EmbedderOnWorker.name]
    assert isinstance(plugin, EmbedderOnWorker) and plugin.embedder is not None and plugin.segmenter is not None
    results, stored = [], []
    with open_store(settings) as store:
        for path, data in files:
            report = read_bytes(Path(path), data, settings)
            if isinstance(report, str):
                results.append(FileResult(path, error=report))
                continue
            results.append(store_report(store, Path(path), report, plugin.segmenter))
            stored.append(report)
        embed_reports(store, plugin.embedder, stored)
    return results


def model_description() -> tuple[str, str, int, dict[str, str]]:
    """A task: the model this worker embeds with (id, source, dimension, prompts), for the index record."""
    plugin = get_worker().plugins[EmbedderOnWorker.name]
    assert isinstance(plugin, EmbedderOnWorker) and plugin.embedder is not None
    model = plugin.embedder
    return model.model_id, model.source, model.dim, dict(model.prompts)


def _files_per_task(files: int, threads: int) -> int:
    """FILES_PER_TASK, or fewer so that every worker thread gets at least two tasks."""
    return max(1, min(FILES_PER_TASK, files // max(1, 2 * threads)))


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
    client: Client | None = None, embedder: Embedder | None = None, files_per_task: int | None = None,
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
        files_per_task = files_per_task or _files_per_task(len(files), sum(client.nthreads().values()))
        results: list[FileResult | None] = [None] * len(files)
        batch: list[tuple[int, str, bytes]] = []
        futures = {}
        for position, path in enumerate(files):
            try:
                batch.append((position, str(path), read_checked(path, settings)))
            except IngestError as exc:
                results[position] = FileResult(str(path), error=exc.reason)
                if on_result is not None:
                    on_result(results[position])  # type: ignore[arg-type]
            if batch and (len(batch) == files_per_task or position == len(files) - 1):
                # Named by content and place: the same file given twice is two tasks, not one shared future.
                digest = hashlib.sha256(b"".join(data for _, _, data in batch)).hexdigest()[:16]
                key = f"reportqa-ingest-{digest}-{batch[0][0]}"
                task = client.submit(ingest_batch, [(name, data) for _, name, data in batch], settings, key=key, pure=False)
                futures[task] = [(position, name) for position, name, _ in batch]
                batch = []
        for future, members in futures.items():
            try:
                done = future.result()
            except Exception as exc:  # noqa: BLE001 — a task lost with its workers (KilledWorker) or failing on one
                done = [FileResult(name, error=f"集群未能完成这个文件（{type(exc).__name__}：{exc}），请再运行一次")
                        for _, name in members]
            for (position, _), result in zip(members, done, strict=True):
                results[position] = result
                if on_result is not None:
                    on_result(result)
        if embedder is None:  # the workers' model, described to the index record without loading it here
            embedder = LazyEmbedder(settings, *client.submit(model_description, pure=False).result())
    finally:
        if owned is not None:
            owned.close()
        if cluster is not None:
            cluster.close()
    with open_store(settings) as store:
        refresh_index(store, settings, embedder=embedder)
    return [r for r in results if r is not None]
