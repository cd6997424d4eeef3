"""Domain exceptions of ingestion; each message names the file and the reason."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be ingested; nothing already indexed was touched."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}：{reason}")


class EmptyFileError(IngestError):
    """The file has no bytes or no text."""


class BinaryFileError(IngestError):
    """The file is binary data, not text of a supported format."""


class UnsupportedFormatError(IngestError):
    """The file's extension is not one reportqa reads."""


class DecodeError(IngestError):
    """Text whose encoding could not be determined."""


class CorruptFileError(IngestError):
    """A docx, pdf or html file that its library could not open (truncated, damaged, encrypted)."""


class FileTooLargeError(IngestError):
    """The file is over the configured size limit."""


class StoreError(Exception):
    """The data folder is missing, unreadable or of another format version."""


class ReportNotFoundError(StoreError):
    """No indexed report matches the given id or name."""


class SearchIndexError(StoreError):
    """The search index is missing, damaged, stale or built with another model; says what to run."""
