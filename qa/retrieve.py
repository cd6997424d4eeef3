"""Hybrid retrieval: dense (FAISS) and BM25 (jieba) rankings fused by reciprocal rank."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.backend import current_generation, load_index, open_store
from index.embed.embedder import Embedder, load_embedder
from index.search.protocol import SearchBackend
from index.settings import Settings
from index.store.rows import ChunkRow, section_label
from index.store.sqlite import Store
from index.text.tokenize import Segmenter
from qa.question_parser import clean_question
from qa.records import Filters, Passage, Question

log = logging.getLogger(__name__)
PASSAGES_WEIGHED = 20  # the passages of the scoped reports a question's answer is looked for in


@dataclass
class Retriever:
    """Everything retrieval needs, loaded once: store, index, embedder and segmenter."""

    store: Store
    index: SearchBackend
    embedder: Embedder
    segmenter: Segmenter
    settings: Settings

    def reload(self) -> None:
        """Pick up the index generation an ingest or removal has just written."""
        self.index = load_index(self.settings, self.store, self.embedder)

    @property
    def generation(self) -> str:
        """The index generation searched (`gen-7`, `pg-7`)."""
        return self.index.generation

    def behind(self) -> bool:
        """Has any process (an upload, a removal, `reportqa ingest`) switched the data folder to another
        index generation since this one was loaded? One small file read."""
        return current_generation(self.settings, self.store) != self.generation

    def _allowed(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or not filters.active():
            return None
        report_id = self.store.find_report(filters.report).id if filters.report else None
        return self.store.chunk_vids(
            report_id=report_id, department=filters.department, year=filters.year, section=filters.section
        )

    def embed_question(self, question: str) -> np.ndarray:
        """A raw question's query vector (`reportqa search`; the answer path embeds Question.embed_text)."""
        return self.query_vector(self.segmenter.simplified(clean_question(question)))

    def query_vector(self, embed_text: str) -> np.ndarray:
        """The query vector of an understood question: computed once per question, used for passages and figures."""
        return self.embedder.encode_queries([embed_text])[0]

    def rankings(
        self, tokens: list[str], vector: np.ndarray, *, filters: Filters | None = None
    ) -> tuple[list[tuple[int, float]], list[int]]:
        """Dense (chunk vector id, cosine with the question) and BM25 rankings (chunk vector ids), best
        first, of up to `candidates` chunks each."""
        allowed = self._allowed(filters)
        n = self.settings.candidates
        dense = self.index.dense(vector, n, allowed)
        lexical = [vid for vid, _ in self.index.lexical(tokens, n, allowed)]
        return dense, lexical

    def search(self, question: str, *, k: int = 5, filters: Filters | None = None, mode: str = "hybrid") -> list[Passage]:
        """The k best passages of a raw question (`reportqa search`); `mode` is hybrid, dense or bm25."""
        text = clean_question(question)
        dense, lexical = self.rankings(self.segmenter.query_tokens(text), self.embed_question(text), filters=filters)
        return self.fuse(dense, lexical, k=k, mode=mode)

    def passages(self, question: Question, report_ids: list[str], filters: Filters | None,
                 vector: np.ndarray) -> list[Passage]:
        """The best passages of the scoped reports, searched without the name that scoped them; then each
        ranking's own best passage of them when the fusion left it out (`leaders`)."""
        scope = Filters(report=report_ids[0]) if len(report_ids) == 1 else filters
        dense, lexical = self.rankings(list(question.query_tokens), vector, filters=scope)
        best = [p for p in self.fuse(dense, lexical, k=PASSAGES_WEIGHED) if p.chunk.report_id in report_ids]
        return best + self.leaders(dense, lexical, best, set(report_ids))

    def leaders(self, dense: list[tuple[int, float]], lexical: list[int], best: list[Passage],
                report_ids: set[str]) -> list[Passage]:
        """The passage of these reports each ranking puts first, when it is not among the fused best: the
        one chunk holding a rare word of the question (预拨, 清算), which BM25 ranks first and the embedding
        does not, falls below twenty passages that both rank fairly — and it is the one that names the
        department asked (qa/scope.likeliest_groups searches the department of each ranking's first)."""
        taken = {p.chunk.vid for p in best}
        wanted = []
        for ranking in ([vid for vid, _ in dense], lexical):
            if not ranking or ranking[0] in taken:
                continue  # its first is among the best already (the usual case: no store read)
            rows = {r.vid: r for r in self.store.chunk_rows(ranking[:PASSAGES_WEIGHED])}
            first = next((vid for vid in ranking[:PASSAGES_WEIGHED] if vid in rows and rows[vid].report_id in report_ids),
                         None)
            if first is not None and first not in taken:
                wanted.append(first)
                taken.add(first)
        return self.fuse(dense, lexical, k=0, also=wanted) if wanted else []

    def passages_by_report(self, question: Question, report_ids: list[str], vector: np.ndarray) -> dict[str, list[Passage]]:
        """Each report's best passages, as `passages` finds them for that report alone, from one search
        of all of them (a question across a hundred departments searched the index a hundred times)."""
        by_group = self.passages_by_group(question, [[r] for r in report_ids], vector)
        return {r: found for r, found in zip(report_ids, by_group, strict=True) if found}

    def passages_by_group(self, question: Question, groups: list[list[str]], vector: np.ndarray) -> list[list[Passage]]:
        """Each group's best passages (a department's reports), as a search of that group alone finds
        them, from one search of all: every chunk of the groups is ranked once, and a group's own
        ranking is its chunks in that order."""
        report_of = self.store.chunk_reports([r for ids in groups for r in ids])
        if not report_of:
            return [[] for _ in groups]
        group_of_report = {r: i for i, ids in enumerate(groups) for r in ids}
        allowed = np.fromiter(report_of, dtype=np.int64, count=len(report_of))
        dense = self.index.dense(vector, len(allowed), allowed)
        lexical = [vid for vid, _ in self.index.lexical(list(question.query_tokens), len(allowed), allowed)]
        n = self.settings.candidates
        dense_of: list[list[tuple[int, float]]] = [[] for _ in groups]
        lexical_of: list[list[int]] = [[] for _ in groups]
        for vid, cosine in dense:
            kept = dense_of[group_of_report[report_of[vid]]]
            if len(kept) < n:
                kept.append((vid, cosine))
        for vid in lexical:
            held = lexical_of[group_of_report[report_of[vid]]]
            if len(held) < n:
                held.append(vid)
        # A group's rankings hold its own chunks only: their firsts are its leaders (`leaders`), no store read.
        return [self.fuse(d, w, k=PASSAGES_WEIGHED, also=[r[0] for r in ([v for v, _ in d], w) if r]) if d or w else []
                for d, w in zip(dense_of, lexical_of, strict=True)]

    def fuse(self, dense: list[tuple[int, float]], lexical: list[int], *, k: int, mode: str = "hybrid",
             also: Sequence[int] = ()) -> list[Passage]:
        """The k best passages by reciprocal-rank fusion, then those of `also` (vector ids) not among them."""
        s = self.settings
        weights = {"hybrid": (s.dense_weight, s.bm25_weight), "dense": (1.0, 0.0), "bm25": (0.0, 1.0)}
        if mode not in weights:
            raise ValueError(f"unknown retrieval mode {mode!r}; choose from {', '.join(weights)}")
        w_dense, w_bm25 = weights[mode]
        dense_rank = {vid: r for r, (vid, _) in enumerate(dense)}
        cosine = dict(dense)
        bm25_rank = {vid: r for r, vid in enumerate(lexical)}
        scores: dict[int, float] = {}
        for vid in set(dense_rank) | set(bm25_rank):
            score = 0.0
            if vid in dense_rank and w_dense:
                score += w_dense / (s.rrf_k + dense_rank[vid] + 1)
            if vid in bm25_rank and w_bm25:
                score += w_bm25 / (s.rrf_k + bm25_rank[vid] + 1)
            if score > 0:
                scores[vid] = score
        best = sorted(scores, key=lambda v: (-scores[v], dense_rank.get(v, 10**9)))[:k]
        best += [v for v in also if v in scores and v not in best]
        rows = {r.vid: r for r in self.store.chunk_rows(best)}
        return [Passage(rows[v], scores[v], dense_rank.get(v), bm25_rank.get(v), cosine.get(v)) for v in best if v in rows]


def open_retriever(settings: Settings, *, embedder: Embedder | None = None, shared: bool = False) -> Retriever:
    """Open the store, load the embedder and the index it was built with (checked to match)."""
    store = open_store(settings, create=False, shared=shared)
    model = embedder if embedder is not None else load_embedder(settings)
    return Retriever(store, load_index(settings, store, model), model, Segmenter(), settings)


def describe_passage(row: ChunkRow) -> str:
    return f"{row.report} · {section_label(row.section)}"
