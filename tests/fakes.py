"""A deterministic stand-in embedder: hashed character bigrams, L2-normalized. Fast, no model files."""

from __future__ import annotations

import hashlib

import numpy as np


class BigramEmbedder:
    """Same texts -> same vectors; texts sharing bigrams are close."""

    def __init__(self, dim: int = 96, model_id: str = "fake-bigram") -> None:
        self.dim = dim
        self.model_id = model_id
        self.source = "tests/fakes.py"
        self.prompts = {"query": "query: ", "passage": "passage: "}

    def _one(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for i in range(len(text) - 1):
            bucket = int.from_bytes(hashlib.blake2b(text[i:i + 2].encode(), digest_size=4).digest(), "little")
            vector[bucket % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self.encode_queries(texts)
