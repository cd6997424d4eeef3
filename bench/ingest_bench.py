"""Ingest speed without embedding: parse the seed report N times, then parse + store it.

Run: make bench   (or .venv/bin/python bench/ingest_bench.py [--runs N] [FILE])
Numbers go in closing notes; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from index.ingest import ingest_paths
from index.pipeline import parse_report
from index.settings import Settings

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"


class _NoEmbedding:
    """Zero vectors at no cost: isolates parsing, storing and indexing from embedding."""

    model_id, source, dim, prompts = "none", "bench", 8, {}

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), self.dim), dtype=np.float32)

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self.encode_queries(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    data = args.file.read_bytes()
    settings = Settings()
    timings = []
    for _ in range(args.runs):
        began = time.perf_counter()
        report = parse_report(args.file, data, settings)
        timings.append(time.perf_counter() - began)
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        ingest_paths([args.file], Settings.from_env(data=Path(folder) / "a"), progress=False, embedder=_NoEmbedding())
        stored = time.perf_counter() - began
        began = time.perf_counter()
        ingest_paths([args.file], Settings.from_env(data=Path(folder) / "b"), progress=False)
        embedded = time.perf_counter() - began
    print(f"file: {args.file.name} ({len(data):,} bytes)")
    print(f"parse (read, sections, tables, figures, chunks): median {statistics.median(timings) * 1000:.1f} ms, "
          f"max {max(timings) * 1000:.1f} ms over {args.runs} runs")
    print(f"parse + store + search index, embedding excluded (zero vectors): {stored * 1000:.1f} ms")
    print(f"the same with the default model, loading it included: {embedded:.1f} s")
    print(f"extracted: {len(report.sections)} sections, {len(report.tables)} tables, "
          f"{len(report.figures)} figures, {len(report.chunks)} chunks")


if __name__ == "__main__":
    main()
