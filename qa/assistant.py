"""The assistant: one question down the stages — understand → scope → retrieve → rank → verify →
answer → (compose, in the answerers and qa/compose.answer_json). ARCHITECTURE.md draws them."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from index.child_processes import spawn_pool
from index.embed.embedder import Embedder
from index.errors import StoreError
from index.settings import Settings
from index.store.rows import ReportRow
from index.text.places import Gazetteer, load_gazetteer
from qa.answerers import across, first_answer
from qa.answerers.kit import CACHED_CLAIMS, ClaimKey, Kit
from qa.bounded_cache import BoundedCache
from qa.compose import year_read_sentence
from qa.figure_cache import FigureCache
from qa.lexicon import Lexicon, load_lexicon
from qa.rank import FigureRanker
from qa.records import Answer, FigureHit, Filters, Passage, Question, Turn, report_names
from qa.retrieve import Retriever, open_retriever
from qa.scope import (
    Library,
    department_groups,
    filter_conflict,
    groups_saying_most,
    likeliest_groups,
    narrows,
    places_unnamed,
    read_library,
    relative_year_reports,
    report_in,
    reports_for,
)
from qa.scorer import Scorer, load_scorer
from qa.sentences import SentenceMeaning
from qa.standard_metrics import StandardMetric
from qa.understand import Conversation, Understander
from qa.verify import Verifier

log = logging.getLogger(__name__)

@dataclass
class Assistant:
    """Loaded once per process: retriever (store, index, embedder), lexicon, scorer and the library."""

    retriever: Retriever
    lexicon: Lexicon
    scorer: Scorer
    gazetteer: Gazetteer = field(default_factory=load_gazetteer)

    def __post_init__(self) -> None:
        self.understander = Understander(self.lexicon, self.retriever, self.scorer.passage_background)
        self.ranker = FigureRanker(self.retriever.store, self.retriever.embedder, self.lexicon, self.scorer,
                                   FigureCache())
        self.verifier = Verifier(self.scorer, SentenceMeaning(self.retriever.embedder))
        self.claims: BoundedCache[ClaimKey, tuple[FigureHit, ...]] = BoundedCache(CACHED_CLAIMS)
        self.refresh()

    def reload(self) -> None:
        """After an ingest or removal: the new index generation and the names the store now holds."""
        self.retriever.reload()
        self.refresh()

    def refresh(self) -> None:
        """Re-read what the store holds (after an ingest or removal)."""
        self.library: Library = read_library(self.retriever.store, self.gazetteer)

    @property
    def reports(self) -> dict[str, ReportRow]:
        return self.library.reports

    def ask(self, text: str, *, conversation: Conversation | None = None, filters: Filters | None = None,
            today: date | None = None) -> Answer:
        """Answer one question; with a conversation, follow-ups reuse the previous question's slots. 去年 and
        今年 are read against `today` (the date the question is asked, by default the machine's)."""
        began = time.perf_counter()
        within = report_in(self.retriever.store, filters)
        question = self.understand(text, conversation, within)
        turn = self.verify(self.rank(self.retrieve(self.scope(question, filters, within, today))))
        answer = replace(first_answer(turn, Kit(self.library, self.retriever, self.ranker, self.verifier, self.claims)),
                         question=text)
        if conflict := filter_conflict(self.library, turn.question, filters):
            answer = replace(answer, text=f"{conflict}\n{answer.text}")
        if turn.year_read is not None:
            answer = replace(answer, text=f"{year_read_sentence(turn.year_read)}\n{answer.text}")
        elapsed_ms = (time.perf_counter() - began) * 1000
        if self.retriever.settings.log_questions:
            log.info("asked %r: found=%s in %.0f ms", text, answer.found, elapsed_ms)
        else:
            log.info("question answered: found=%s, %d figures in %.0f ms", answer.found, len(answer.figures), elapsed_ms)
        if conversation is not None:
            conversation.last = turn.question
        return answer

    def prepare_claims(self, metrics: list[StandardMetric], *, processes: int = 1) -> int:
        """Every report's claim on each metric — of any year, and of the report's own year — computed as a
        question across departments computes it and kept in the store for this index generation, where
        every process answering reads it (`reportqa prepare`); with `processes`, the metrics are shared out
        to that many spawned processes. Returns the claims stored."""
        if processes < 2 or len(metrics) < 2:
            rows = self.prepared_rows(metrics)
        else:
            shares = [metrics[i::processes] for i in range(processes)]
            with spawn_pool(processes) as pool:
                done = list(pool.map(_prepared_in_process, [self.retriever.settings] * processes, shares,
                                     [processes] * processes))
            if any(generation != self.retriever.generation for generation, _ in done):
                raise StoreError("准备期间报告库有新的入库或删除；请重新运行 `reportqa prepare`")
            rows = [row for _, part in done for row in part]
        return self.retriever.store.keep_prepared_claims(self.retriever.generation, rows)

    def prepared_rows(self, metrics: list[StandardMetric]) -> list[tuple[tuple[str, str, str, int], str]]:
        """The claims `prepare_claims` stores, as (report id, ingested at, question, year) and claim."""
        kit = Kit(self.library, self.retriever, self.ranker, self.verifier, self.claims)
        reports = sorted(self.library.reports.values(), key=lambda r: r.id)
        years = sorted({r.fiscal_year for r in reports if r.fiscal_year is not None})
        rows = []
        for metric in metrics:
            for year in (None, *years):
                of_year = [r for r in reports if year is None or r.fiscal_year == year]
                for text in metric.questions(year):
                    question = self.understand(text)
                    if question.across is not None and question.sides:
                        rows += across.prepared(kit, question.sides[0], of_year)
        return rows

    def understand(self, text: str, conversation: Conversation | None = None,
                   within: ReportRow | None = None) -> Question:
        return self.understander.understand(text, entities=self.library.entities, departments=self.library.departments,
                                            previous=conversation.last if conversation else None, within=within,
                                            seats=self.library.seats, known_places=self.library.places,
                                            aliases=self.library.aliases, projects=self.library.projects)

    def scope(self, question: Question, filters: Filters | None, within: ReportRow | None,
              today: date | None = None) -> Turn:
        rows, year_read = relative_year_reports(reports_for(self.library, question, filters, within), question, filters,
                                                today or date.today())
        return Turn(question, filters, within, reports=tuple(rows), year_read=year_read)

    def retrieve(self, turn: Turn) -> Turn:
        """The query vector, and the best passages of the scoped reports (a question across departments
        searches each department's report for its metric instead: qa/answerers/across.py)."""
        if turn.question.across is not None and turn.question.sides:
            return turn
        vector = self.retriever.query_vector(turn.question.embed_text)
        if not turn.reports:
            return replace(turn, vector=vector)
        return replace(turn, vector=vector,
                       passages=tuple(self.retriever.passages(turn.question, turn.report_ids, turn.filters, vector)))

    def rank(self, turn: Turn) -> Turn:
        """A figure asked: the candidates of each department group, scored (several departments and no
        name: each is asked on its own; many: the likeliest few; of those, the ones whose reports say the
        most of the question's words — a department never saying 万源 is not asked about 万源's funds)."""
        question = turn.question
        if question.wants != "figure" or question.archive is not None or question.across is not None or not turn.reports:
            return turn
        places = self.library.report_places
        groups = department_groups(question, list(turn.reports), turn.filters, report_places=places)
        if places_unnamed(question, groups):
            mentioning = self.retriever.store.reports_mentioning(question.places, turn.report_ids)
            groups = department_groups(question, list(turn.reports), turn.filters, mentioning, places)
        narrow = narrows(self.library, groups, turn.report_ids)
        held = len(groups)
        if narrow:
            groups = likeliest_groups(groups, list(turn.passages))
        searched, weighed = len(groups), tuple(tuple(g) for g in groups)
        if searched > 1:
            variants = dict(zip(question.words, question.word_spellings, strict=True))
            holding = self.retriever.store.words_held([*question.words, *(v for vs in variants.values() for v in vs)],
                                                      [r for g in groups for r in g])
            groups = groups_saying_most(question, groups, holding, variants)
        # Each department is asked on its own, with the passages a search of its reports alone finds: the
        # archive's best passages hold few of any one department's, and a figure's retrieval feature
        # would then depend on which other departments the archive holds.
        if len(groups) == 1 and sorted(groups[0]) == sorted(turn.report_ids):
            passages = [list(turn.passages)]  # the one group is the whole scope: its passages are the turn's
        else:
            passages = self.retriever.passages_by_group(question, groups, turn.vector) if groups else []
        ranked = tuple(tuple(self.ranker.rank(self.library, question, ids, found, turn.vector, narrow=narrow))
                       for ids, found in zip(groups, passages, strict=True))
        return replace(turn, groups=tuple(tuple(g) for g in groups), held=held, searched=searched, weighed=weighed,
                       ranked=ranked)

    def verify(self, turn: Turn) -> Turn:
        return replace(turn, claims=self.verifier.claims(
            turn.question, turn.ranked, turn.passages, {r.id: report_names(r) for r in turn.reports})) if turn.ranked else turn

    # What bench/calibrate.py fits the ranker and the passage line on: the same stages as `ask`.
    def figure_candidates(self, text: str, *, filters: Filters | None = None
                          ) -> tuple[Question, list[FigureHit], np.ndarray]:
        """The question as read, its candidate figures (word-overlap hits) and their feature matrix."""
        turn = self._retrieved(text, filters)
        if not turn.reports:
            return turn.question, [], np.zeros((0, len(self.scorer.features)))
        return turn.question, *self.ranker.candidates(self.library, turn.question, turn.report_ids,
                                                      list(turn.passages), turn.vector)

    def rank_figures(self, text: str, *, filters: Filters | None = None) -> list[FigureHit]:
        """Every candidate figure for a question with its probability, best first (no threshold)."""
        _, hits, matrix = self.figure_candidates(text, filters=filters)
        return self.ranker.scored(hits, matrix)

    def passage_candidates(self, text: str, *, filters: Filters | None = None
                           ) -> tuple[Question, list[Passage], np.ndarray]:
        """The question as read, its best passages as `ask` weighs them, and its vector."""
        turn = self._retrieved(text, filters)
        return turn.question, list(turn.passages), turn.vector

    def _retrieved(self, text: str, filters: Filters | None) -> Turn:
        within = report_in(self.retriever.store, filters)
        return self.retrieve(self.scope(self.understand(text, within=within), filters, within))

    def passage_fit(self, question: Question, passage: Passage, vector: np.ndarray) -> tuple[float, float | None]:
        return self.verifier.passage_fit(question, passage, vector)


def _prepared_in_process(settings: Settings, metrics: list[StandardMetric], processes: int
                         ) -> tuple[str, list[tuple[tuple[str, str, str, int], str]]]:
    """One spawned process's share of `Assistant.prepare_claims`, with the index generation it read."""
    import torch

    torch.set_num_threads(max(1, (os.cpu_count() or 1) // processes))  # the processes are the parallelism
    assistant = load_assistant(settings)
    try:
        return assistant.retriever.generation, assistant.prepared_rows(metrics)
    finally:
        assistant.retriever.store.close()


def load_assistant(
    settings: Settings, *, embedder: Embedder | None = None, shared: bool = False, scorer: Scorer | None = None
) -> Assistant:
    """Build everything once: store, embedder, index, lexicon, scorer (no globals; the UI keeps one of these)."""
    return Assistant(open_retriever(settings, embedder=embedder, shared=shared), load_lexicon(),
                     scorer if scorer is not None else load_scorer())
