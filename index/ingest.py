"""Ingest files and folders into the store, one transaction per report, reporting per file."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from index.errors import IngestError, UnsupportedFormatError
from index.pipeline import check_size, parse_report
from index.settings import SUPPORTED_SUFFIXES, Settings
from index.store import Store

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


def _read_checked(path: Path, settings: Settings) -> bytes:
    if not path.exists():
        raise IngestError(path, "no such file or folder")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(path, f"unsupported file type {path.suffix or '(none)'}; choose from {', '.join(SUPPORTED_SUFFIXES)}")
    check_size(path, path.stat().st_size, settings)
    return path.read_bytes()


def ingest_file(store: Store, path: Path, settings: Settings) -> FileResult:
    """Parse and store one file; bad input becomes a FileResult with an error, never an exception."""
    try:
        report = parse_report(path, _read_checked(path, settings), settings)
    except IngestError as exc:
        log.warning("not ingested: %s", exc)
        return FileResult(str(path), error=exc.reason)
    replaced = store.save_report(report, source=str(path))
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


def ingest_paths(paths: Iterable[Path], settings: Settings, *, progress: bool = True) -> list[FileResult]:
    """Ingest every file; one failure never stops the others nor touches what is already indexed."""
    files = expand_paths(paths)
    results: list[FileResult] = []
    with Store.open(settings.db_path) as store:
        for path in tqdm(files, desc="ingest", unit="file", disable=not progress or len(files) < 2):
            results.append(ingest_file(store, path, settings))
    return results
