"""Search over an archive in PostgreSQL: dense by pgvector (HNSW, cosine), lexical by full-text search
over each chunk's jieba tokens (a tsvector of pre-segmented words), both answering as the FAISS + BM25
index does (index/search/faiss_bm25.py) so that retrieval fuses them by the same reciprocal rank.

There is no index folder: the HNSW index lives in the database and follows every insert. A build
embeds what lacks a vector, makes sure the HNSW index for the model exists, and records the index
meta with a new generation number in the `meta` table — another server sees the number change and
reloads, as it would see a new `current.json`.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass

import numpy as np

from index.embed.embedder import Embedder
from index.errors import SearchIndexError
from index.search.faiss_bm25 import INDEX_FORMAT, IndexMeta, bm25_idf, rarity_weightings, store_chunk_vectors
from index.settings import Settings
from index.store.postgres import PostgresStore

log = logging.getLogger(__name__)
EXACT_BELOW = 20_000  # chunks: a filtered search (one report, one department) scans its chunks exactly
BM25_K1, BM25_B = 1.5, 0.75  # bm25s' defaults, so both backends rank alike
RARE_CHUNKS = 5_000  # lexical search first scores the chunks holding the rarer words, up to about this many…
SCORED_CHUNKS = 5_000  # …and never more than this many (an archive-wide common word finds tens of thousands)


def build_pg_index(store: PostgresStore, embedder: Embedder, settings: Settings, *, progress: bool = False) -> IndexMeta:
    """Embed chunks that lack a vector for this model, index the model's vectors (HNSW), and record a
    new generation."""
    began = time.perf_counter()
    store_chunk_vectors(store, embedder, progress=progress)
    count, checksum = store.chunk_fingerprint()
    held = store.vector_count(embedder.model_id)
    if held < count:
        raise SearchIndexError(f"有 {count - held} 个段落没有 {embedder.model_id} 的向量；请运行 `reportqa reindex`")
    store.ensure_hnsw(embedder.model_id, embedder.dim)
    meta = IndexMeta(
        format=INDEX_FORMAT, model=embedder.model_id, source=embedder.source, dim=embedder.dim,
        prompts=dict(embedder.prompts), index_type="pgvector-hnsw", count=count, checksum=checksum,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S"), build_seconds=round(time.perf_counter() - began, 3),
    )
    store.refresh_document_frequencies()
    store.record_index(json.dumps(asdict(meta), ensure_ascii=False))
    return meta


def read_pg_meta(store: PostgresStore) -> IndexMeta | None:
    value = store.meta_value("index_meta")
    return IndexMeta(**json.loads(value)) if value is not None else None


def pg_generation(store: PostgresStore) -> str | None:
    value = store.meta_value("index_generation")
    return f"pg-{value}" if value is not None else None


@dataclass
class PgSearchIndex:
    """A generation of an archive in PostgreSQL, searched in place."""

    meta: IndexMeta
    store: PostgresStore
    generation: str
    stale: bool = False
    average_tokens: float = 1.0  # BM25's average chunk length, read at load

    def dense(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        if self.meta.count == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        # A few chunks (one report, one department): every one compared exactly.
        exact = allowed is not None and len(allowed) <= EXACT_BELOW
        return self.store.nearest_chunks(self.meta.model, self.meta.dim, query, k, allowed, exact=exact)

    def lexical(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """BM25 (bm25s' Lucene variant: k1 1.5, b 0.75) from each chunk's stored token counts. Chunks
        are first looked for by the question's rarer words only (up to RARE_CHUNKS holding them: a
        chunk holding only 资金 or 工作 cannot outrank one holding 高新技术企业), then by all of them
        when that finds fewer than k."""
        words = [t for t in dict.fromkeys(tokens) if t]
        if not words or k <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        df = self._document_frequencies(words)
        documents = max(self.meta.count, 1)
        idf = {w: bm25_idf(documents, df[w]) for w in words}
        rare: list[str] = []
        for word in sorted(words, key=lambda w: df[w]):
            if rare and sum(df[w] for w in rare) + df[word] > RARE_CHUNKS:
                break
            rare.append(word)
        rows = self._bm25(words, idf, rare, k, allowed)
        if len(rows) < k and len(rare) < len(words):
            rows = self._bm25(words, idf, words, k, allowed)
        return rows

    def _bm25(self, words: list[str], idf: dict[str, float], finding: list[str], k: int,
              allowed: np.ndarray | None) -> list[tuple[int, float]]:
        # At most SCORED_CHUNKS of the chunks holding the words are scored: a word in tens of thousands
        # of chunks (资金) ranks nothing by itself, and scoring them all took seconds.
        return self.store.bm25_chunks({w: idf[w] for w in words}, finding, k, allowed, k1=BM25_K1, b=BM25_B,
                                      average_tokens=self.average_tokens, scored_chunks=SCORED_CHUNKS)

    def _document_frequencies(self, words: list[str]) -> dict[str, int]:
        return self.store.document_frequencies(words)

    def rarities(self, tokens: list[str], *, backgrounds: tuple[int, ...] = (0,)) -> list[dict[str, float]]:
        """The inverse document frequency BM25 gives each token over the archive's chunks, once per
        background of that many more chunks holding none of them (one query for all)."""
        return rarity_weightings(self.meta.count, self._document_frequencies(tokens), backgrounds)


def load_pg_index(settings: Settings, store: PostgresStore, embedder: Embedder | None = None) -> PgSearchIndex:
    meta = read_pg_meta(store)
    generation = pg_generation(store)
    if meta is None or generation is None:
        raise SearchIndexError(f"{store.path} 中没有检索索引；请在设置了这个 REPORTQA_DATABASE_URL 的情况下运行 `reportqa ingest 路径`")
    if embedder is not None and (meta.model != embedder.model_id or meta.dim != embedder.dim):
        raise SearchIndexError(
            f"报告库是用 {meta.model}（{meta.dim} 维）建的索引，而当前配置的模型是 {embedder.model_id}"
            f"（{embedder.dim} 维）；请运行 `reportqa reindex` 重建"
        )
    stale = (meta.count, meta.checksum) != store.chunk_fingerprint()
    if stale:
        log.warning("the search index is behind the stored reports; run `reportqa reindex`")
    return PgSearchIndex(meta, store, generation, stale=stale, average_tokens=max(store.average_tokens(), 1.0))
