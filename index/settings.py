"""The one configuration object and the data folder every path derives from."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DATA_ENV = "REPORTQA_DATA"
SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


def data_dir(explicit: str | Path | None = None) -> Path:
    """`--data`, else $REPORTQA_DATA, else ./data."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else Path("data")


@dataclass(frozen=True)
class Settings:
    """All tunables in one place; build with `Settings.from_env(data=...)`."""

    data: Path = Path("data")
    max_file_bytes: int = 50 * 1024 * 1024
    chunk_min_chars: int = 300
    chunk_max_chars: int = 600

    @classmethod
    def from_env(cls, data: str | Path | None = None) -> Settings:
        limit = os.environ.get("REPORTQA_MAX_FILE_MB")
        settings = cls(data=data_dir(data))
        if limit:
            settings = replace(settings, max_file_bytes=int(float(limit) * 1024 * 1024))
        return settings

    @property
    def db_path(self) -> Path:
        return self.data / "reportqa.sqlite"
