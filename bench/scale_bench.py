"""A real-scale archive: N generated reports ingested with real embedding (no replayed vectors), then
warm ask latency at that size. Numbers for notes, not asserts.

    .venv/bin/python bench/scale_bench.py [--reports 200] [--data DIR]

Each report is the seed with another department, year and every figure scaled (retrieval_bench's
`_perturb`), so every chunk and figure statement is new text and is embedded. Prints one JSON line:
reports/min, chunks/s, peak RSS, disk, and ask p50/p95 over seed_qa's questions asked of the whole
archive (unscoped) and of one report (scoped by its department).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from retrieval_bench import QA, SEED, _perturb

from index.ingest import ingest_paths
from index.settings import Settings
from qa.assistant import load_assistant
from qa.records import Filters


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * len(times)) - 1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--data", type=Path, help="keep the archive here (default: a temporary folder)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="reportqa-scale-"))
    data = args.data or base / "data"
    corpus = base / "corpus"
    corpus.mkdir()
    seed_text = SEED.read_text(encoding="utf-8")
    rng = random.Random(11)
    for i in range(args.reports):
        (corpus / f"report-{i:04d}.txt").write_text(_perturb(seed_text, i, rng), encoding="utf-8")
    settings = Settings.from_env(data=data)
    began = time.perf_counter()
    results = ingest_paths([corpus], settings, progress=True)
    seconds = time.perf_counter() - began
    assistant = load_assistant(settings)
    chunks = assistant.retriever.index.meta.count
    questions = [json.loads(line)["question"] for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    for question in questions[:5]:
        assistant.ask(question)
    unscoped, scoped = [], []
    department = next(r.department for r in assistant.reports.values() if r.department)
    for question in questions:
        t = time.perf_counter()
        assistant.ask(question)
        unscoped.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        assistant.ask(question, filters=Filters(department=department))
        scoped.append((time.perf_counter() - t) * 1000)
    row = {
        "reports": args.reports, "ingested": sum(r.ok for r in results), "chunks": chunks,
        "embedding": f"real ({settings.embedding_backend})", "ingest_s": round(seconds, 1),
        "reports_per_min": round(args.reports / seconds * 60, 1), "chunks_per_s": round(chunks / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "data_mb": round(_folder_bytes(data) / 1e6, 1),
        "ask_unscoped": _percentiles(unscoped), "ask_one_department": _percentiles(scoped),
    }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    if args.data is None:
        shutil.rmtree(base)
    else:
        shutil.rmtree(corpus)


if __name__ == "__main__":
    main()
