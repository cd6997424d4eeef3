"""Ingest files and folders into the store, one transaction per report, reporting per file."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from index.backend import build_index, indexed_embedder, open_store, read_meta
from index.child_processes import spawn_pool
from index.embed.embedder import Embedder, load_embedder
from index.errors import IngestError
from index.extract.statements import statement_key, statements_of
from index.pipeline import check_size, parse_report
from index.readers import check_supported
from index.records import ParsedReport
from index.search.faiss_bm25 import IndexMeta, embed_missing_chunks
from index.settings import SUPPORTED_SUFFIXES, Settings
from index.store.rows import ReportRow
from index.store.sqlite import Store
from index.text.tokenize import Segmenter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: the stored report's summary, or the reason it failed."""

    path: str
    report_id: str | None = None
    department: str | None = None
    fiscal_year: int | None = None
    sections: int = 0
    tables: int = 0
    figures: int = 0
    chunks: int = 0
    replaced: bool = False
    warnings: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside folders (recursively, hidden ones skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            log.info("%s: %d supported files", path, len(found))
            files.extend(found)
        else:
            files.append(path)
    return files


def read_checked(path: Path, settings: Settings) -> bytes:
    """A file's bytes, once it is known to exist, be of a supported type and within the size limit."""
    if not path.exists():
        raise IngestError(path, "没有这个文件或文件夹")
    check_supported(path)  # before reading: an unsupported file is never read
    check_size(path, path.stat().st_size, settings)
    return path.read_bytes()


def read_file(path: Path, settings: Settings) -> ParsedReport | str:
    """Read and derive one file (in a worker process while a batch is ingested): the report, or the
    reason it cannot be ingested (a string, which crosses a process boundary as any exception may not)."""
    try:
        data = read_checked(path, settings)
    except IngestError as exc:
        log.warning("not ingested: %s", exc)
        return exc.reason
    return read_bytes(path, data, settings)


def read_bytes(path: Path, data: bytes, settings: Settings) -> ParsedReport | str:
    """A file's bytes read and derived: the report, or the reason it cannot be ingested."""
    try:
        return parse_report(path, data, settings)
    except IngestError as exc:
        log.warning("not ingested: %s", exc)
        return exc.reason


def ingest_file(store: Store, path: Path, settings: Settings, segmenter: Segmenter,
                read: ParsedReport | str | None = None) -> FileResult:
    """Store one file, read here unless `read` is given; bad input becomes a FileResult with an error,
    never an exception."""
    report = read_file(path, settings) if read is None else read
    if isinstance(report, str):
        return FileResult(str(path), error=report)
    return store_report(store, path, report, segmenter)


def store_report(store: Store, path: Path, report: ParsedReport, segmenter: Segmenter) -> FileResult:
    """Write one read report (replacing the one of the same content) and say what was stored."""
    replaced = store.save_report(report, source=str(path), tokenize=segmenter.tokens)
    for warning in report.warnings:
        log.warning("%s: %s", path, warning)
    log.info("%s %s as %s: %d figures, %d chunks", "replaced" if replaced else "ingested", path, report.report_id,
             len(report.figures), len(report.chunks))
    return FileResult(
        path=str(path),
        report_id=report.report_id,
        department=report.meta.department,
        fiscal_year=report.meta.fiscal_year,
        sections=len(report.sections),
        tables=len(report.tables),
        figures=len(report.figures),
        chunks=len(report.chunks),
        replaced=replaced,
        warnings=report.warnings,
    )


def embed_statements(store: Store, embedder: Embedder, *, progress: bool = False,
                     reports: Sequence[ParsedReport] | None = None) -> int:
    """Embed the statement of every stored figure (or of some reports') that has no vector from this
    model yet; returns how many."""
    figures = [f for r in reports for f in r.figures] if reports is not None else [f.figure for f in store.figures()]
    statements = {statement_key(s): s for f in figures for s in statements_of(f)}
    have = store.statement_vectors(embedder.model_id, statements)
    missing = [k for k in statements if k not in have]
    if missing:
        log.info("embedding %d figure statements with %s", len(missing), embedder.model_id)
        vectors = embedder.encode_passages([statements[k] for k in missing], progress=progress)
        store.put_statement_vectors(embedder.model_id, missing, vectors)
    return len(missing)


def embed_reports(store: Store, embedder: Embedder, reports: Sequence[ParsedReport]) -> int:
    """Give some stored reports' chunks and figure statements their vectors (those they lack): what an
    index build would embed for them, done where they were read, in one batch. Returns the texts embedded."""
    chunks = embed_missing_chunks(store, embedder, reports=[r.report_id for r in reports])
    return chunks + embed_statements(store, embedder, reports=reports)


def refresh_index(store: Store, settings: Settings, *, embedder: Embedder | None = None, progress: bool = False) -> IndexMeta | None:
    """Bring the search index and the figure statement vectors up to date with the store; loads the
    model only when something changed."""
    meta = read_meta(settings, store)
    if embedder is None:
        embedder = indexed_embedder(settings, store)
    current = meta is not None and meta.model == embedder.model_id
    embed_statements(store, embedder, progress=progress)
    if current and meta is not None and (meta.count, meta.checksum) == store.chunk_fingerprint():
        return meta
    return build_index(store, embedder, settings, progress=progress)


def remove_report(settings: Settings, ref: str, *, embedder: Embedder | None = None) -> ReportRow:
    """Delete a report and everything derived from it, then drop its chunks from the search index."""
    with open_store(settings, create=False) as store:
        row = store.remove_report(ref)
        refresh_index(store, settings, embedder=embedder)
    log.info("removed %s (%s)", row.id, row.name)
    return row


def reindex(settings: Settings, *, embedder: Embedder | None = None, progress: bool = False) -> IndexMeta:
    """Rebuild the search index from the stored chunks, embedding again only what the model lacks."""
    model = embedder if embedder is not None else load_embedder(settings)
    with open_store(settings, create=False) as store:
        store.drop_orphan_vectors(keep_model=model.model_id)
        embed_statements(store, model, progress=progress)
        return build_index(store, model, settings, progress=progress)


def safe_name(client_name: str) -> str:
    """The last component of a name a browser sent, without separators, NULs or control characters."""
    base = re.split(r"[\\/]", client_name.replace("\x00", ""))[-1]
    base = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", base).strip(" .") or "upload"
    stem, dot, suffix = base.rpartition(".")
    if dot and len(suffix) <= 8:
        return stem[:100] + "." + suffix.lower() if stem else "upload." + suffix.lower()
    return base[:100]


def save_upload(settings: Settings, client_name: str, data: bytes) -> Path:
    """Keep an uploaded file under the data folder by content hash (the client's name is only shown)."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = settings.data / "uploads" / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(client_name)
    if not path.exists():
        tmp = folder / (".tmp-" + path.name)
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


# Told before each step of an ingest: (files done, files in all, the file now read — None while the
# search index is built). The page turns it into 文件 i/n：解析 … / 建索引.
StepReport = Callable[[int, int, str | None], None]


def ingest_paths(
    paths: Iterable[Path], settings: Settings, *, progress: bool = True, embedder: Embedder | None = None,
    on_step: StepReport | None = None,
) -> list[FileResult]:
    """Ingest every file, then update the search index once.

    One failure never stops the others nor touches what is already indexed: each report is one
    SQLite transaction, and the search index is swapped in whole at the end.
    """
    files = expand_paths(paths)
    segmenter = Segmenter()
    results: list[FileResult] = []
    with open_store(settings) as store, _readers(settings, len(files)) as pool:
        # Files are read and derived by the worker processes ahead of the one storing them, in order: the
        # store (and each report's ids) is written exactly as one process would write it.
        reads = pool.map(read_file, files, [settings] * len(files)) if pool else (None for _ in files)
        for done, (path, read) in enumerate(zip(tqdm(files, desc="ingest", unit="file",
                                                     disable=not progress or len(files) < 2), reads, strict=True)):
            if on_step is not None:
                on_step(done, len(files), path.name)
            results.append(ingest_file(store, path, settings, segmenter, read))
        if on_step is not None:
            on_step(len(files), len(files), None)
        refresh_index(store, settings, embedder=embedder, progress=progress)
    return results


READ_IN_PROCESSES_FROM = 4  # files: a worker process starts in ~2 s (its imports), more than a short file takes


@contextmanager
def _readers(settings: Settings, files: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes reading files for a batch of at least READ_IN_PROCESSES_FROM, else None. Spawned,
    not forked: the web app ingests an upload in a process whose model threads a fork would copy."""
    processes = min(settings.ingest_processes or os.cpu_count() or 1, files)
    if processes < 2 or files < READ_IN_PROCESSES_FROM:
        yield None
        return
    with spawn_pool(processes) as pool:
        yield pool
