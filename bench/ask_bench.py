"""Warm `ask` latency on one report and on a synthetic corpus of many (numbers for notes, not asserts).

Run: .venv/bin/python bench/ask_bench.py [--reports 1000]
The large corpus reuses bench/retrieval_bench.py's perturbed copies of the seed and replays passage
embeddings (MaskedCacheEmbedder) so that building it takes minutes, not an hour.
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

from index.embed import load_embedder
from index.ingest import ingest_paths
from index.settings import Settings
from qa.assistant import load_assistant


def latencies(settings: Settings, embedder, questions: list[str], rounds: int = 3) -> dict[str, float]:  # type: ignore[no-untyped-def]
    assistant = load_assistant(settings, embedder=embedder)
    for q in questions[:5]:
        assistant.ask(q)
    times = []
    for _ in range(rounds):
        for q in questions:
            began = time.perf_counter()
            assistant.ask(q)
            times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {"asks": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
            "max_ms": round(times[-1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    real = load_embedder(Settings.from_env())
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        settings = ingest_seed(base, "data-1", embedder=real)
        print("1 report:", json.dumps(latencies(settings, real, questions)), flush=True)
        if args.reports > 1:
            many = base / "many"
            many.mkdir()
            rng = random.Random(7)
            seed_text = SEED.read_text(encoding="utf-8")
            for i in range(args.reports):
                (many / f"report-{i:04d}.txt").write_text(_perturb(seed_text, i, rng), encoding="utf-8")
            settings = Settings.from_env(data=base / "data-many")
            replay = MaskedCacheEmbedder(real)
            ingest_paths([many], settings, progress=False, embedder=replay)
            print(f"{args.reports} reports:", json.dumps(latencies(settings, replay, questions, rounds=1)), flush=True)


if __name__ == "__main__":
    main()
