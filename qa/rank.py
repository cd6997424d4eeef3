"""Stage 4, rank: every candidate figure of the scoped reports, scored by the fitted ranker. The
`FigureRanker` is the object `make calibrate` (bench/calibrate.py) reads its feature rows from, so
what is fitted is what answers."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np

from index.embed.embedder import Embedder
from index.extract.statements import figure_statement, planned_side, statement_key
from index.store.rows import StoredFigure
from index.store.sqlite import Store
from qa.features import feature_matrix
from qa.figure_cache import FigureCache
from qa.lexicon import Lexicon
from qa.lookup import score_figures
from qa.records import FigureHit, Passage, Question, report_names
from qa.scope import SCAN_ALL_BELOW, Library
from qa.scorer import Scorer, sigmoid

log = logging.getLogger(__name__)


@dataclass
class FigureRanker:
    """Candidates by word overlap, their feature rows (with the question's cosine to each figure's
    statement), and the scorer's probability that each is the figure asked."""

    store: Store
    embedder: Embedder
    lexicon: Lexicon
    scorer: Scorer
    figure_cache: FigureCache

    def rank(self, library: Library, question: Question, report_ids: list[str], passages: list[Passage],
             vector: np.ndarray, *, narrow: bool = False) -> list[FigureHit]:
        """The candidates, each scored by the fitted scorer (its probability as `score`), best first."""
        return self.scored(*self.candidates(library, question, report_ids, passages, vector, narrow=narrow))

    def scored(self, hits: list[FigureHit], matrix: np.ndarray) -> list[FigureHit]:
        logits = self.scorer.logits(matrix)
        # Each candidate's confidence as the best of those from it down: the verify stage claims the first
        # its evidence accounts for, at the confidence it has once those above it are set aside.
        confidences = self.scorer.confidences(matrix, [h.figure.amount for h in hits], logits)
        scored = [replace(h, score=float(p), parts={**h.parts, "lexical_total": h.score, "logit": float(z),
                                                    "confidence": float(c)})
                  for h, z, p, c in zip(hits, logits, sigmoid(logits), confidences, strict=True)]
        # Equal probabilities: the larger coverage, then the larger word-overlap total, then the store's order.
        scored.sort(key=lambda h: (-h.score, -h.coverage, -h.parts["lexical_total"]))
        return scored

    def candidates(self, library: Library, question: Question, report_ids: list[str], passages: list[Passage],
                   vector: np.ndarray, *, narrow: bool = False) -> tuple[list[FigureHit], np.ndarray]:
        """The word-overlap hits and their feature matrix: what the scorer weighs, and what calibration fits."""
        hits = self._lexical_hits(library, question, report_ids, passages, narrow=narrow)
        return hits, feature_matrix(question, hits, self._meaning(hits, vector))

    def _meaning(self, hits: list[FigureHit], vector: np.ndarray) -> np.ndarray:
        """Cosine of the question vector with each candidate's statement vector (stored per model at
        ingest; a statement without one — a data folder ingested before statements existed — is
        embedded now, and the log says a reindex would store it)."""
        if not hits:
            return np.zeros(0)
        model = self.embedder.model_id
        statements = [figure_statement(h.figure) for h in hits]
        keys = [statement_key(s) for s in statements]
        stored = self.store.statement_vectors(model, keys)
        missing = [i for i, k in enumerate(keys) if k not in stored]
        if missing:
            log.warning("%d figure statements have no stored vector for %s; embedding them now "
                        "(run `reportqa reindex` to store them)", len(missing), model)
            fresh = self.embedder.encode_passages([statements[i] for i in missing])
            stored.update({keys[i]: v for i, v in zip(missing, fresh, strict=True)})
        matrix = np.stack([stored[k] for k in keys])
        return matrix @ vector

    def _lexical_hits(self, library: Library, question: Question, report_ids: list[str], passages: list[Passage],
                      *, narrow: bool = False) -> list[FigureHit]:
        """Word-overlap hits among the candidate figures: every figure of the reports, or — for a department
        among many (`narrow`) — those whose metric holds one of the question's words or terms or that stand
        in the retrieved passages, or over more than SCAN_ALL_BELOW figures those of the best-ranked reports."""
        total = sum(library.reports[r].n_figures for r in report_ids)
        chunk_ranks = {p.chunk.chunk_id: rank for rank, p in enumerate(passages)}
        if narrow:
            candidates: list[StoredFigure] = self.store.figures(report_ids=report_ids, chunk_ids=list(chunk_ranks),
                                                                metric_terms=(*question.terms, *question.words))
        elif total <= SCAN_ALL_BELOW:
            candidates = self.figure_cache.figures(self.store, [library.reports[r] for r in report_ids])
        else:
            # Many reports: the figures of the retrieved chunks, and of the reports whose chunks ranked.
            ranked_reports = list(dict.fromkeys(p.chunk.report_id for p in passages))[:10]
            candidates = self.store.figures(report_ids=ranked_reports, chunk_ids=list(chunk_ranks),
                                            metric_terms=question.terms)
        candidates += [replace(c, figure=p) for c in candidates if (p := planned_side(c.figure)) is not None]
        years = {r: library.reports[r].fiscal_year for r in report_ids}
        owners = {r: report_names(library.reports[r]) for r in report_ids}
        return score_figures(question, candidates, lexicon=self.lexicon, chunk_ranks=chunk_ranks, fiscal_years=years,
                             weights=self.scorer.lexical, owners=owners)
