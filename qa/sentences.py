"""A passage's meaning sentence by sentence: one vector for a 500-character chunk blurs the one
sentence that answers (学校的基本职责 inside a run-on 部门概况), so a passage is also weighed by the
cosine of its closest sentence."""

from __future__ import annotations

import re

import numpy as np

from index.embed.embedder import Embedder
from qa.bounded_cache import BoundedCache

_SENTENCE = re.compile(r"[^。；！？!?;\n]+[。；！？!?;]*")
MIN_SENTENCE_CHARS = 6  # a heading number or 表1 says nothing alone
MAX_SENTENCES = 24  # per passage: the embedding of each costs ~10 ms on two cores
CACHED_PASSAGES = 4096


def passage_sentences(text: str) -> list[str]:
    """The sentences of a passage worth weighing, in order, at most MAX_SENTENCES."""
    found = (m.group().strip() for m in _SENTENCE.finditer(text))
    return [s for s in found if len(s) >= MIN_SENTENCE_CHARS][:MAX_SENTENCES]


class SentenceMeaning:
    """Sentence vectors of the passages asked about, embedded on first use and kept for the process
    (a bounded cache: the same few passages answer most questions of a meeting)."""

    def __init__(self, embedder: Embedder, capacity: int = CACHED_PASSAGES) -> None:
        self.embedder = embedder
        self._vectors: BoundedCache[str, np.ndarray] = BoundedCache(capacity)

    def best_cosine(self, chunk_id: str, text: str, question_vector: np.ndarray) -> float | None:
        """The cosine of the question with the passage's closest sentence (None: no sentence)."""
        vectors = self._vectors.get(chunk_id)
        if vectors is None:
            sentences = passage_sentences(text)
            vectors = self.embedder.encode_passages(sentences) if sentences else np.zeros((0, len(question_vector)))
            self._vectors.put(chunk_id, vectors)
        return float(np.max(vectors @ question_vector)) if len(vectors) else None
