"""What retrieval asks of a loaded search index, whichever backend holds it."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from index.search.faiss_bm25 import IndexMeta


class SearchBackend(Protocol):
    meta: IndexMeta
    stale: bool  # behind the store (an interrupted ingest): answers, and a reindex is due

    @property
    def generation(self) -> str:
        """The generation searched (`gen-7`, `pg-7`)."""
        ...

    def dense(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(chunk vector id, cosine) of the k nearest chunks, among `allowed` if given."""
        ...

    def lexical(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(chunk vector id, BM25 score) of the k best chunks for the tokens."""
        ...

    def rarities(self, tokens: list[str], *, backgrounds: tuple[int, ...] = (0,)) -> list[dict[str, float]]:
        """Each token's BM25 rarity over the archive, once per background of that many more chunks."""
        ...
