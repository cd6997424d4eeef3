"""Remembered query vectors: a hit needs no model, a miss is embedded once, another model never shares them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.embed.remembered import RememberedQueries, remembered_path, write_vectors


class CountingEmbedder:
    """Vectors from the text's characters; counts what it was asked to embed."""

    def __init__(self, model_id: str = "m", dim: int = 4) -> None:
        self.model_id, self.source, self.dim, self.prompts = model_id, "here", dim, {}
        self.asked: list[str] = []

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        self.asked += texts
        return np.array([[float(ord(t[0])), len(t), 1, 0][: self.dim] for t in texts], dtype=np.float32)

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self.encode_queries(texts)


def test_a_remembered_query_is_not_embedded_again(tmp_path: Path) -> None:
    first = CountingEmbedder()
    vectors = RememberedQueries(first, tmp_path).encode_queries(["年初预算数是多少", "三公经费是多少", "年初预算数是多少"])
    assert first.asked == ["年初预算数是多少", "三公经费是多少"]
    again = CountingEmbedder()
    same = RememberedQueries(again, tmp_path).encode_queries(["三公经费是多少", "年初预算数是多少"])
    assert again.asked == [] and np.array_equal(same, vectors[[1, 0]])
    RememberedQueries(again, tmp_path).encode_queries(["自评得分是多少"])
    assert again.asked == ["自评得分是多少"]


def test_another_model_or_a_foreign_file_is_no_memory(tmp_path: Path) -> None:
    RememberedQueries(CountingEmbedder("m"), tmp_path).encode_queries(["年初预算数是多少"])
    other = CountingEmbedder("other-model")
    RememberedQueries(other, tmp_path).encode_queries(["年初预算数是多少"])
    assert other.asked == ["年初预算数是多少"]
    write_vectors(remembered_path(tmp_path, "m"), {"年初预算数是多少": np.zeros(3, dtype=np.float32)})  # wrong dimension
    fresh = CountingEmbedder("m")
    assert RememberedQueries(fresh, tmp_path).encode_queries(["年初预算数是多少"]).shape == (1, 4)
    assert fresh.asked == ["年初预算数是多少"]
