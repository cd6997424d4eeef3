"""Search over an archive in PostgreSQL: dense by pgvector (HNSW, cosine), lexical by full-text search
over each chunk's jieba tokens (a tsvector of pre-segmented words), both answering as the FAISS + BM25
index does (index/search_index.py) so that retrieval fuses them by the same reciprocal rank.

There is no index folder: the HNSW index lives in the database and follows every insert. A build
embeds what lacks a vector, makes sure the HNSW index for the model exists, and records the index
meta with a new generation number in the `meta` table — another server sees the number change and
reloads, as it would see a new `current.json`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass

import numpy as np

from index.embed import Embedder
from index.errors import SearchIndexError
from index.pg_store import PostgresStore
from index.search_index import INDEX_FORMAT, IndexMeta, bm25_idf, rarity_weightings, store_chunk_vectors
from index.settings import Settings

log = logging.getLogger(__name__)
EXACT_BELOW = 20_000  # chunks: a filtered search (one report, one department) scans its chunks exactly
BM25_K1, BM25_B = 1.5, 0.75  # bm25s' defaults, so both backends rank alike
RARE_CHUNKS = 5_000  # lexical search first scores the chunks holding the rarer words, up to about this many…
SCORED_CHUNKS = 5_000  # …and never more than this many (an archive-wide common word finds tens of thousands)


def _vector_type(dim: int) -> str:
    return f"vector({int(dim)})"


def _hnsw_name(model: str, dim: int) -> str:
    return "vectors_hnsw_" + hashlib.sha1(f"{model}/{dim}".encode()).hexdigest()[:12]


def _identifier(text: str) -> str:
    """A token as a quoted SQL identifier (the name of its key in a chunk's token counts)."""
    return '"' + text.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def build_pg_index(store: PostgresStore, embedder: Embedder, settings: Settings, *, progress: bool = False) -> IndexMeta:
    """Embed chunks that lack a vector for this model, index the model's vectors (HNSW), and record a
    new generation."""
    began = time.perf_counter()
    store_chunk_vectors(store, embedder, progress=progress)
    count, checksum = store.chunk_fingerprint()
    held = store._db.execute("SELECT count(*) AS n FROM vectors WHERE model = ?", (embedder.model_id,)).fetchone()["n"]
    if held < count:
        raise SearchIndexError(f"{count - held} chunks have no vector for {embedder.model_id}; run `reportqa reindex`")
    with store._db:
        # The model's name is a literal in the index predicate: the planner proves a query may use it.
        store._db.execute(
            f"CREATE INDEX IF NOT EXISTS {_hnsw_name(embedder.model_id, embedder.dim)} ON vectors USING hnsw "
            f"((vector::{_vector_type(embedder.dim)}) vector_cosine_ops) WHERE model = {_literal(embedder.model_id)}"
        )
    meta = IndexMeta(
        format=INDEX_FORMAT, model=embedder.model_id, source=embedder.source, dim=embedder.dim,
        prompts=dict(embedder.prompts), index_type="pgvector-hnsw", count=count, checksum=checksum,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S"), build_seconds=round(time.perf_counter() - began, 3),
    )
    with store._db:  # document frequencies for BM25, in one pass over the chunks' tsvectors
        store._db.execute("DELETE FROM token_df")
        store._db.execute("INSERT INTO token_df (token, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks')")
    with store._db:
        generation = 1 + int(store._db.execute(
            "SELECT coalesce(max(value::integer), 0) AS n FROM meta WHERE key = 'index_generation'").fetchone()["n"])
        for key, value in (("index_meta", json.dumps(asdict(meta), ensure_ascii=False)), ("index_generation", str(generation))):
            store._db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              (key, value))
    return meta


def read_pg_meta(store: PostgresStore) -> IndexMeta | None:
    row = store._db.execute("SELECT value FROM meta WHERE key = 'index_meta'").fetchone()
    return IndexMeta(**json.loads(row["value"])) if row else None


def pg_generation(store: PostgresStore) -> str | None:
    row = store._db.execute("SELECT value FROM meta WHERE key = 'index_generation'").fetchone()
    return f"pg-{row['value']}" if row else None


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
        cast = _vector_type(self.meta.dim)
        model = _literal(self.meta.model)
        vector = np.asarray(query, dtype=np.float32)
        if allowed is not None and len(allowed) <= EXACT_BELOW:
            # A few chunks: every one compared (an HNSW walk filtered afterwards could return fewer than k).
            rows = self.store._db.execute(
                f"WITH scoped AS MATERIALIZED (SELECT vid, vector::{cast} AS v FROM vectors WHERE model = {model}"
                f" AND vid = ANY(?)) SELECT vid, 1 - (v <=> ?::{cast}) AS score FROM scoped ORDER BY v <=> ?::{cast} LIMIT ?",
                ([int(v) for v in allowed], vector, vector, k),
            ).fetchall()
        else:
            filter_sql = " AND vid = ANY(?)" if allowed is not None else ""
            params: list[object] = [vector]
            if allowed is not None:
                params.append([int(v) for v in allowed])
            params += [vector, k]
            rows = self.store._db.execute(
                f"SELECT vid, 1 - (vector::{cast} <=> ?::{cast}) AS score FROM vectors WHERE model = {model}{filter_sql}"
                f" ORDER BY vector::{cast} <=> ?::{cast} LIMIT ?", params,
            ).fetchall()
        return [(int(r["vid"]), float(r["score"])) for r in rows]

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
        columns = [_identifier(w) for w in words]
        norm = f"{BM25_K1} * (1 - {BM25_B} + {BM25_B} * holding.ntokens / {self.average_tokens:.6f})"
        # Each chunk's token counts read once (jsonb_to_record), not once per word: every `tf->>word`
        # unpacked the whole object again (440 ms for one question over 5,000 chunks).
        score = " + ".join(f"{idf[w]:.6f} * coalesce(counts.{c}, 0) * {BM25_K1 + 1} / (coalesce(counts.{c}, 0) + {norm})"
                           for w, c in zip(words, columns, strict=True))
        filter_sql = " AND vid = ANY(?)" if allowed is not None else ""
        params: list[object] = [" | ".join(_literal(w) for w in finding)]  # lexemes as given: no parser, no stemming
        if allowed is not None:
            params.append([int(v) for v in allowed])
        params += [SCORED_CHUNKS, k]
        # At most SCORED_CHUNKS of the chunks holding the words are scored: a word in tens of thousands
        # of chunks (资金) ranks nothing by itself, and scoring them all took seconds.
        rows = self.store._db.execute(
            f"SELECT holding.vid, {score} AS score FROM (SELECT vid, tf, ntokens FROM chunks WHERE tsv @@ ?::tsquery"
            f"{filter_sql} LIMIT ?) AS holding, LATERAL jsonb_to_record(holding.tf) AS counts("
            + ", ".join(f"{c} float" for c in columns) + ") ORDER BY score DESC, holding.vid LIMIT ?",
            params,
        ).fetchall()
        return [(int(r["vid"]), float(r["score"])) for r in rows if r["score"] > 0]

    def _document_frequencies(self, words: list[str]) -> dict[str, int]:
        rows = self.store._db.execute("SELECT token, df FROM token_df WHERE token = ANY(?)", (words,)).fetchall()
        found = {r["token"]: int(r["df"]) for r in rows}
        return {w: found.get(w, 0) for w in words}

    def rarities(self, tokens: list[str], *, backgrounds: tuple[int, ...] = (0,)) -> list[dict[str, float]]:
        """The inverse document frequency BM25 gives each token over the archive's chunks, once per
        background of that many more chunks holding none of them (one query for all)."""
        return rarity_weightings(self.meta.count, self._document_frequencies(tokens), backgrounds)


def load_pg_index(settings: Settings, store: PostgresStore, embedder: Embedder | None = None) -> PgSearchIndex:
    meta = read_pg_meta(store)
    generation = pg_generation(store)
    if meta is None or generation is None:
        raise SearchIndexError(f"no search index in {store.path}; run `reportqa ingest PATH` with this REPORTQA_DATABASE_URL")
    if embedder is not None and (meta.model != embedder.model_id or meta.dim != embedder.dim):
        raise SearchIndexError(
            f"the archive was indexed with {meta.model} (dim {meta.dim}) but the configured model is {embedder.model_id} "
            f"(dim {embedder.dim}); run `reportqa reindex` to rebuild it"
        )
    stale = (meta.count, meta.checksum) != store.chunk_fingerprint()
    if stale:
        log.warning("the search index is behind the stored reports; run `reportqa reindex`")
    average = store._db.execute("SELECT coalesce(avg(ntokens), 1) AS n FROM chunks").fetchone()["n"]
    return PgSearchIndex(meta, store, generation, stale=stale, average_tokens=max(float(average), 1.0))
