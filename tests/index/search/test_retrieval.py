"""Hybrid index and retrieval with a deterministic embedder: exactness, persistence, filters, faults —
on both backends (SQLite + FAISS + BM25 and PostgreSQL + pgvector), and the embedded one's own files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from fakes import BigramEmbedder
from testdata import DATA

from index.errors import SearchIndexError
from index.ingest import ingest_paths, reindex, remove_report
from index.search.faiss_bm25 import load_index, read_meta
from index.settings import Settings
from index.store.sqlite import Store
from qa.question_parser import QuestionError
from qa.records import Filters
from qa.retrieve import Retriever, open_retriever

import reports

pytestmark = [pytest.mark.slow, pytest.mark.model]

LIUYANG = DATA / "liuyang-2022-wenlvju.txt"


def _ingested(corpus_dir: Path, settings: Settings) -> Settings:
    reports.write_docx(corpus_dir / "xiangtan-2022.docx")
    shutil.copy(LIUYANG, corpus_dir / LIUYANG.name)
    ingest_paths([corpus_dir], settings, progress=False, embedder=BigramEmbedder())
    return settings


@pytest.fixture(params=["sqlite", "postgresql"])
def indexed(request: pytest.FixtureRequest, tmp_path: Path, corpus_dir: Path) -> Settings:
    """Three reports on either backend: SQLite + FAISS + BM25, or PostgreSQL + pgvector (pgserver)."""
    url = request.getfixturevalue("postgres_server")() if request.param == "postgresql" else None
    return _ingested(corpus_dir, Settings.from_env(data=tmp_path / "data", database_url=url))


@pytest.fixture()
def faiss_indexed(tmp_path: Path, corpus_dir: Path) -> Settings:
    """The embedded backend, for what only it has: index files on disk, generations, a FAISS file."""
    return _ingested(corpus_dir, Settings.from_env(data=tmp_path / "data"))


def _retriever(settings: Settings) -> Retriever:
    return open_retriever(settings, embedder=BigramEmbedder())


def test_dense_search_equals_numpy_brute_force(indexed: Settings) -> None:
    retriever = _retriever(indexed)
    vids, matrix = retriever.store.vectors("fake-bigram")
    query = BigramEmbedder().encode_queries(["三公经费支出情况"])[0]
    expected = vids[np.argsort(-(matrix @ query), kind="stable")[:10]]
    got = [vid for vid, _ in retriever.index.dense(query, 10)]
    assert set(got) == set(expected.tolist())
    scores = [s for _, s in retriever.index.dense(query, 10)]
    assert scores == sorted(scores, reverse=True)


def test_bm25_scores_chinese_words_not_zero(indexed: Settings) -> None:
    retriever = _retriever(indexed)
    hits = retriever.index.lexical(retriever.segmenter.query_tokens("公务接待费比上年降低了多少"), 5)
    assert hits and hits[0][1] > 0
    top = retriever.store.chunk_rows([hits[0][0]])[0]
    assert "公务接待费" in top.text


def test_hybrid_puts_the_answering_passage_first(indexed: Settings) -> None:
    passages = _retriever(indexed).search("存在的主要问题有哪些", k=3)
    assert any("年初未作预算安排" in p.chunk.text for p in passages)
    assert all(p.score > 0 for p in passages)


def test_saved_index_loads_with_identical_hits(indexed: Settings) -> None:
    first = [p.chunk.vid for p in _retriever(indexed).search("向上争取资金", k=5)]
    again = [p.chunk.vid for p in _retriever(indexed).search("向上争取资金", k=5)]
    assert first == again and len(first) == 5


@pytest.mark.parametrize(
    "filters, expected_report",
    [
        (Filters(year=2022, department="湘潭县"), "xiangtan-2022.docx"),
        (Filters(report="liuyang-2022-wenlvju.txt"), "liuyang-2022-wenlvju.txt"),
        (Filters(year=2021), "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"),
    ],
)
def test_filters_restrict_both_retrievers(indexed: Settings, filters: Filters, expected_report: str) -> None:
    passages = _retriever(indexed).search("收入合计 财政拨款", k=5, filters=filters)
    assert passages and {p.chunk.report for p in passages} == {expected_report}


def test_section_filter(indexed: Settings) -> None:
    passages = _retriever(indexed).search("资金", k=5, filters=Filters(section="三公经费"))
    assert passages and all(any("三公经费" in s for s in p.chunk.section) for p in passages)


def test_removing_a_report_removes_its_chunks_from_the_index(indexed: Settings) -> None:
    remove_report(indexed, "liuyang-2022-wenlvju.txt", embedder=BigramEmbedder())
    retriever = _retriever(indexed)
    passages = retriever.search("接待游客 旅游总收入", k=10)
    assert all(p.chunk.report != "liuyang-2022-wenlvju.txt" for p in passages)
    assert retriever.index.meta.count == retriever.store.chunk_fingerprint()[0]


def test_index_records_its_model_and_refuses_another(faiss_indexed: Settings) -> None:
    meta = read_meta(faiss_indexed)
    assert meta is not None and (meta.model, meta.dim, meta.index_type) == ("fake-bigram", 96, "flat")
    with pytest.raises(SearchIndexError, match="reportqa reindex"):
        open_retriever(faiss_indexed, embedder=BigramEmbedder(dim=64, model_id="other-model"))


def test_reindex_with_another_model_then_opens(indexed: Settings) -> None:
    other = BigramEmbedder(dim=64, model_id="other-model")
    meta = reindex(indexed, embedder=other)
    assert meta.model == "other-model" and meta.dim == 64
    assert open_retriever(indexed, embedder=other).search("三公经费", k=2)


def test_a_stale_index_still_answers_without_removed_chunks(faiss_indexed: Settings, caplog: pytest.LogCaptureFixture) -> None:
    with Store.open(faiss_indexed.db_path) as store:
        store.remove_report("liuyang-2022-wenlvju.txt")  # behind the index's back, as a killed removal would
        with caplog.at_level("WARNING"):
            assert load_index(faiss_indexed, store).stale
        assert "reportqa reindex" in caplog.text
    passages = _retriever(faiss_indexed).search("接待游客 旅游总收入", k=10)
    assert passages and all(p.chunk.report != "liuyang-2022-wenlvju.txt" for p in passages)


def test_damaged_index_says_reindex_and_reindex_repairs(faiss_indexed: Settings) -> None:
    pointer = json.loads((faiss_indexed.index_dir / "current.json").read_text())
    (faiss_indexed.index_dir / pointer["generation"] / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(SearchIndexError, match="reportqa reindex"):
        _retriever(faiss_indexed)
    reindex(faiss_indexed, embedder=BigramEmbedder())
    assert _retriever(faiss_indexed).search("三公经费", k=1)


def test_generations_swap_and_old_ones_are_pruned(faiss_indexed: Settings) -> None:
    for _ in range(3):
        reindex(faiss_indexed, embedder=BigramEmbedder())
    generations = sorted(p.name for p in faiss_indexed.index_dir.glob("gen-*"))
    assert len(generations) == 2
    assert json.loads((faiss_indexed.index_dir / "current.json").read_text())["generation"] == max(
        generations, key=lambda g: int(g.split("-")[1]))


def test_reingesting_unchanged_reports_does_not_embed_again(indexed: Settings, corpus_dir: Path) -> None:
    class Counting(BigramEmbedder):
        calls = 0

        def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
            Counting.calls += len(texts)
            return super().encode_passages(texts)

    ingest_paths([corpus_dir], indexed, progress=False, embedder=Counting())
    assert Counting.calls == 0


@pytest.mark.parametrize("question", ["", "   ", "？？！！。。", "……"])
def test_questions_with_nothing_to_search_get_a_clear_message(indexed: Settings, question: str) -> None:
    with pytest.raises(QuestionError, match="只有标点"):
        _retriever(indexed).search(question)


@pytest.mark.parametrize(
    "question",
    ["公务接待费" * 2000, "How much did the bureau spend on official receptions?", "向上爭取資金是多少", "１２．５％"],
)
def test_odd_questions_still_return_passages(indexed: Settings, question: str) -> None:
    passages = _retriever(indexed).search(question, k=3)
    assert len(passages) == 3


def test_traditional_characters_reach_the_same_bm25_terms(indexed: Settings) -> None:
    retriever = _retriever(indexed)
    assert retriever.segmenter.query_tokens("向上爭取資金") == retriever.segmenter.query_tokens("向上争取资金")
