"""Query vectors kept in the data folder, so a fixed set of questions needs no model the second time.

The overview asks the same questions of every report; loading the model to embed them costs ~8 s of
a command that otherwise runs in well under one. A vector is remembered under its model's id and the
exact text embedded, so a changed question or another model is a miss (embedded, then remembered),
never a wrong vector.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.embed.embedder import Embedder

FOLDER = "query-vectors"


def remembered_path(data: Path, model_id: str) -> Path:
    return data / FOLDER / (re.sub(r"[^A-Za-z0-9._-]+", "_", model_id) + ".npz")


def read_vectors(path: Path, dim: int) -> dict[str, np.ndarray]:
    """The remembered vectors; an unreadable or foreign file is no memory at all (it is rewritten)."""
    try:
        with np.load(path, allow_pickle=False) as held:
            texts, vectors = held["texts"], held["vectors"]
    except (OSError, KeyError, ValueError):
        return {}
    if vectors.ndim != 2 or vectors.shape[1] != dim or len(texts) != len(vectors):
        return {}
    return {str(t): v for t, v in zip(texts, vectors, strict=True)}


def write_vectors(path: Path, vectors: dict[str, np.ndarray]) -> None:
    """Replace the file whole (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    texts = sorted(vectors)
    np.savez(partial, texts=np.array(texts), vectors=np.stack([vectors[t] for t in texts]).astype(np.float32))
    os.replace(partial, path)


@dataclass
class RememberedQueries:
    """An embedder whose query vectors come from the data folder when it holds them."""

    inner: Embedder
    data: Path  # the data folder
    _held: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.model_id, self.source, self.dim, self.prompts = (
            self.inner.model_id, self.inner.source, self.inner.dim, self.inner.prompts)
        self.backend = getattr(self.inner, "backend", "torch")
        self.path = remembered_path(self.data, self.model_id)
        self._held = read_vectors(self.path, self.dim)

    def missing(self, texts: list[str]) -> list[str]:
        return [t for t in dict.fromkeys(texts) if t not in self._held]

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if missing := self.missing(texts):
            self._held.update(zip(missing, self.inner.encode_queries(missing), strict=True))
            write_vectors(self.path, self._held)
        return np.stack([self._held[t] for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self.inner.encode_passages(texts, progress=progress)
