"""The SQL the pgvector search backend (index/search/pgvector.py) runs against an archive in
PostgreSQL: nearest chunks by cosine (HNSW, or exactly over a few), BM25 from each chunk's stored
token counts, the document frequencies behind it, and the index generation in the `meta` table.
Ranking decisions (which words to look with, how rare a word is) stay with the search backend; this
mixin of PostgresStore only speaks SQL, so that no module outside index/store/ holds a connection."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np


def vector_type(dim: int) -> str:
    return f"vector({int(dim)})"


def _hnsw_name(model: str, dim: int) -> str:
    return "vectors_hnsw_" + hashlib.sha1(f"{model}/{dim}".encode()).hexdigest()[:12]


def _identifier(text: str) -> str:
    """A token as a quoted SQL identifier (the name of its key in a chunk's token counts)."""
    return '"' + text.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class PgSearchTables:
    """Mixed into PostgresStore: `_db` is its per-thread connection."""

    _db: Any

    def vector_count(self, model: str) -> int:
        return int(self._db.execute("SELECT count(*) AS n FROM vectors WHERE model = ?", (model,)).fetchone()["n"])

    def ensure_hnsw(self, model: str, dim: int) -> None:
        with self._db:
            # The model's name is a literal in the index predicate: the planner proves a query may use it.
            self._db.execute(
                f"CREATE INDEX IF NOT EXISTS {_hnsw_name(model, dim)} ON vectors USING hnsw "
                f"((vector::{vector_type(dim)}) vector_cosine_ops) WHERE model = {_literal(model)}"
            )

    def refresh_document_frequencies(self) -> None:
        with self._db:  # document frequencies for BM25, in one pass over the chunks' tsvectors
            self._db.execute("DELETE FROM token_df")
            self._db.execute("INSERT INTO token_df (token, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks')")

    def record_index(self, meta_json: str) -> int:
        """Store the index meta under a new generation number; returns the number."""
        with self._db:
            generation = 1 + int(self._db.execute(
                "SELECT coalesce(max(value::integer), 0) AS n FROM meta WHERE key = 'index_generation'").fetchone()["n"])
            for key, value in (("index_meta", meta_json), ("index_generation", str(generation))):
                self._db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 (key, value))
        return generation

    def meta_value(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row["value"]) if row else None

    def average_tokens(self) -> float:
        return float(self._db.execute("SELECT coalesce(avg(ntokens), 1) AS n FROM chunks").fetchone()["n"])

    def document_frequencies(self, words: list[str]) -> dict[str, int]:
        rows = self._db.execute("SELECT token, df FROM token_df WHERE token = ANY(?)", (words,)).fetchall()
        found = {r["token"]: int(r["df"]) for r in rows}
        return {w: found.get(w, 0) for w in words}

    def nearest_chunks(self, model: str, dim: int, query: np.ndarray, k: int, allowed: np.ndarray | None,
                       *, exact: bool) -> list[tuple[int, float]]:
        """(chunk vector id, cosine) of the k nearest chunks, among `allowed` if given; `exact` compares
        every allowed chunk (an HNSW walk filtered afterwards could return fewer than k)."""
        cast = vector_type(dim)
        literal = _literal(model)
        vector = np.asarray(query, dtype=np.float32)
        if exact and allowed is not None:
            rows = self._db.execute(
                f"WITH scoped AS MATERIALIZED (SELECT vid, vector::{cast} AS v FROM vectors WHERE model = {literal}"
                f" AND vid = ANY(?)) SELECT vid, 1 - (v <=> ?::{cast}) AS score FROM scoped ORDER BY v <=> ?::{cast} LIMIT ?",
                ([int(v) for v in allowed], vector, vector, k),
            ).fetchall()
        else:
            filter_sql = " AND vid = ANY(?)" if allowed is not None else ""
            params: list[object] = [vector]
            if allowed is not None:
                params.append([int(v) for v in allowed])
            params += [vector, k]
            rows = self._db.execute(
                f"SELECT vid, 1 - (vector::{cast} <=> ?::{cast}) AS score FROM vectors WHERE model = {literal}{filter_sql}"
                f" ORDER BY vector::{cast} <=> ?::{cast} LIMIT ?", params,
            ).fetchall()
        return [(int(r["vid"]), float(r["score"])) for r in rows]

    def bm25_chunks(self, idf: dict[str, float], finding: list[str], k: int, allowed: np.ndarray | None, *,
                    k1: float, b: float, average_tokens: float, scored_chunks: int) -> list[tuple[int, float]]:
        """BM25 of the chunks holding any of `finding` (at most `scored_chunks` of them), scored on every
        word of `idf`."""
        words = list(idf)
        columns = [_identifier(w) for w in words]
        norm = f"{k1} * (1 - {b} + {b} * holding.ntokens / {average_tokens:.6f})"
        # Each chunk's token counts read once (jsonb_to_record), not once per word: every `tf->>word`
        # unpacked the whole object again (440 ms for one question over 5,000 chunks).
        score = " + ".join(f"{idf[w]:.6f} * coalesce(counts.{c}, 0) * {k1 + 1} / (coalesce(counts.{c}, 0) + {norm})"
                           for w, c in zip(words, columns, strict=True))
        filter_sql = " AND vid = ANY(?)" if allowed is not None else ""
        params: list[object] = [" | ".join(_literal(w) for w in finding)]  # lexemes as given: no parser, no stemming
        if allowed is not None:
            params.append([int(v) for v in allowed])
        params += [scored_chunks, k]
        rows = self._db.execute(
            f"SELECT holding.vid, {score} AS score FROM (SELECT vid, tf, ntokens FROM chunks WHERE tsv @@ ?::tsquery"
            f"{filter_sql} LIMIT ?) AS holding, LATERAL jsonb_to_record(holding.tf) AS counts("
            + ", ".join(f"{c} float" for c in columns) + ") ORDER BY score DESC, holding.vid LIMIT ?",
            params,
        ).fetchall()
        return [(int(r["vid"]), float(r["score"])) for r in rows if r["score"] > 0]
