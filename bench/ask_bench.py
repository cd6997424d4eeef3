"""Warm `ask` latency on one report and on a synthetic corpus of many (numbers for notes, not asserts).

Run: .venv/bin/python bench/ask_bench.py [--reports 1000] [--data DIR]
The large corpus reuses bench/retrieval_bench.py's perturbed copies of the seed and replays passage
embeddings (MaskedCacheEmbedder) so that building it takes minutes, not an hour; with --data it is kept
there and reused by the next run. Over many reports each question is asked twice: of the whole archive
(it names no department, so every department is searched) and scoped to one department.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from retrieval_bench import QA, SEED, MaskedCacheEmbedder, _perturb, ingest_seed

from index.embed.embedder import load_embedder
from index.ingest import ingest_paths
from index.settings import Settings
from qa.assistant import Assistant, load_assistant
from qa.records import Filters


def latencies(assistant: Assistant, questions: list[str], rounds: int = 3, filters: Filters | None = None) -> dict[str, float]:
    for q in questions[:5]:
        assistant.ask(q, filters=filters)
    times = []
    for _ in range(rounds):
        for q in questions:
            began = time.perf_counter()
            assistant.ask(q, filters=filters)
            times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {"asks": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
            "max_ms": round(times[-1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--data", type=Path, help="keep the many-report data folder here (reused when it exists)")
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    real = load_embedder(Settings.from_env())
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        settings = ingest_seed(base, "data-1", embedder=real)
        print("1 report:", json.dumps(latencies(load_assistant(settings, embedder=real), questions)), flush=True)
        if args.reports > 1:
            data = args.data or base / "data-many"
            settings = Settings.from_env(data=data)
            replay = MaskedCacheEmbedder(real)
            if not (data / "reportqa.sqlite").exists():
                many = base / "many"
                many.mkdir()
                rng = random.Random(7)
                seed_text = SEED.read_text(encoding="utf-8")
                for i in range(args.reports):
                    (many / f"report-{i:04d}.txt").write_text(_perturb(seed_text, i, rng), encoding="utf-8")
                ingest_paths([many], settings, progress=True, embedder=replay)
            assistant = load_assistant(settings, embedder=replay)
            held = len(assistant.reports)
            department = next(r.department for r in assistant.reports.values() if r.department)
            print(f"{held} reports, unscoped:", json.dumps(latencies(assistant, questions, rounds=1)), flush=True)
            print(f"{held} reports, one department:",
                  json.dumps(latencies(assistant, questions, rounds=1, filters=Filters(department=department))), flush=True)


if __name__ == "__main__":
    main()
