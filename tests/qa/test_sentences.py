"""A passage weighed sentence by sentence: the run-on 部门概况 of a real report (32_kaiyang, a mirror
copy in traditional characters) holds its 基本职责 in one sentence among many."""

from __future__ import annotations

import numpy as np
from testdata import DATA

from index.pipeline import parse_report
from index.settings import Settings
from qa.sentences import MAX_SENTENCES, SentenceMeaning, passage_sentences
from tests.fakes import BigramEmbedder

REPORT = DATA / "real" / "32_kaiyang_myxzx_2022.txt"


def _opening() -> str:
    parsed = parse_report(REPORT, REPORT.read_bytes(), Settings())
    return next(c.text for c in parsed.chunks if "部门基本职责" in c.text)


def test_a_run_on_passage_splits_into_its_sentences() -> None:
    sentences = passage_sentences(_opening())
    assert any(s.startswith("现有校长1名") for s in sentences)  # simplified, the pinyin glosses gone
    assert not [s for s in sentences if len(s) < 6]
    assert len(passage_sentences("一句话。" * 200)) == 0  # four characters each: nothing to weigh
    assert len(passage_sentences("这是一句完整的话。" * 200)) == MAX_SENTENCES


class _CountingEmbedder(BigramEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.encoded = 0

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self.encoded += len(texts)
        return super().encode_passages(texts)


def test_the_closest_sentence_is_closer_than_the_whole_passage_and_embedded_once() -> None:
    embedder = _CountingEmbedder()
    meaning = SentenceMeaning(embedder, capacity=2)
    text = _opening()
    question = embedder.encode_queries(["学校的基本职责是实施九年义务教育吗"])[0]
    closest = meaning.best_cosine("c1", text, question)
    whole = float(embedder.encode_queries([text])[0] @ question)
    assert closest is not None and closest > whole
    embedded = embedder.encoded
    assert meaning.best_cosine("c1", text, question) == closest and embedder.encoded == embedded  # cached
    meaning.best_cosine("c2", "另一段话，讲的是别的事情。", question)
    meaning.best_cosine("c3", "第三段话，也讲别的事情。", question)
    meaning.best_cosine("c1", text, question)  # evicted by the two after it (capacity 2): embedded again
    assert embedder.encoded > embedded + 2
    assert meaning.best_cosine("c4", "表1", question) is None
