"""The assistant: understand a question, retrieve passages, look up the exact figure, compose an answer."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, replace
from typing import cast

import numpy as np

from index.embed import Embedder
from index.records import Figure
from index.search_index import PASSAGE_BACKGROUND_CHUNKS
from index.settings import Settings
from index.statements import figure_statement, planned_side, statement_key
from index.store import ReportRow, StoredFigure
from index.vocabulary import YEAR_DIGITS
from qa.archive import archive_answer
from qa.arithmetic import compute, label, names_both_sides, parse_operation
from qa.compose import (
    figure_answer,
    figure_sentence,
    list_answer,
    not_found_answer,
    passage_answer,
    per_department_answer,
)
from qa.features import feature_matrix
from qa.figure_cache import FigureCache
from qa.lexicon import Lexicon, load_lexicon
from qa.lists import ItemList, section_body, section_items
from qa.lookup import Weights, asks_change, bigrams, score_figures, states_change
from qa.reasons import reason_after
from qa.records import Answer, FigureHit, Filters, Passage, Question
from qa.retrieve import Retriever, clean_question, open_retriever
from qa.scorer import Scorer, load_scorer, sigmoid
from qa.sentences import SentenceMeaning
from qa.understand import FILLER_WORDS, parse_question
from qa.wordshare import word_share

log = logging.getLogger(__name__)
SCAN_ALL_BELOW = 5000  # figures; above this only figures of retrieved chunks and named metrics are scored
SHOWN_PASSAGES = 5
SHOWN_CANDIDATES = 3
MAX_DEPARTMENTS_LISTED = 8
LIST_PASSAGES = 5  # a list question's section is looked for among the best few passages…
MAX_LIST_ITEMS = 30  # more numbered items than this is a part of the report, not a list
EXPLAINED_CANDIDATES = 8  # a reason is looked for after the best few candidates only…
MIN_EXPLAINED_COVERAGE = 0.5  # …that say at least half of what the question asks about
NEAR_HITS = 20  # the candidates searched for other values of the chosen metric
CLOSE_LOGITS = 2.0  # hits this close to the best may be listed beside it (per report, or as conflicts)


@dataclass
class Conversation:
    """One user's dialogue state: the last question's slots, for follow-ups such as 事务中心呢？ Only
    that: the chat shows its own history, and a per-session list of every Answer grew without bound in
    the app's session state (copied on every turn) while nothing read it."""

    last: Question | None = None


def _is_follow_up(question: Question, previous: Question | None) -> bool:
    if previous is None:
        return False
    text = question.text.rstrip("？?。 ")
    content = question.content.replace(" ", "").lstrip("那么还有再")
    return len(content) <= 8 and (text.endswith("呢") or text.startswith(("那", "还有", "再")))


def merge_follow_up(question: Question, previous: Question) -> Question:
    """Keep what the follow-up does not say from the previous question (metric, unit, entity, year)."""
    content = question.content.replace("那么", "").replace("那", "").strip()
    named_entity = question.entity_text or question.entity_class
    changes: dict[str, object] = {}
    if not content or named_entity or question.year or question.relative_year:
        changes.update(content=previous.content, terms=previous.terms, variants=previous.variants,
                       unit_family=previous.unit_family, wants=previous.wants, kind=previous.kind)
    else:
        changes.update(content=content, wants=previous.wants)
    if not named_entity:
        changes.update(entity_text=previous.entity_text, entity_class=previous.entity_class)
    year = question.year
    if question.relative_year == "last" and previous.year:
        year = previous.year - 1  # 那上一年呢？
    changes["year"] = year if year is not None else previous.year
    changes["department"] = question.department or previous.department
    return replace(question, **changes)  # type: ignore[arg-type]


@dataclass
class Assistant:
    """Loaded once per process: retriever (store, index, embedder), lexicon and the known names."""

    retriever: Retriever
    lexicon: Lexicon
    weights: Weights
    scorer: Scorer

    def __post_init__(self) -> None:
        self.sentence_meaning = SentenceMeaning(self.retriever.embedder)
        self.figure_cache = FigureCache()
        self.refresh()

    def reload(self) -> None:
        """After an ingest or removal: the new index generation and the names the store now holds."""
        self.retriever.reload()
        self.refresh()

    def refresh(self) -> None:
        """Re-read what the store holds (after an ingest or removal)."""
        store = self.retriever.store
        self.reports: dict[str, ReportRow] = {r.id: r for r in store.reports()}
        self.entities = tuple(sorted(store.entities()))
        names = {r.department for r in self.reports.values() if r.department}
        names |= {r.project for r in self.reports.values() if r.project}
        self.departments = tuple(sorted(names))

    def _report_in(self, filters: Filters | None) -> ReportRow | None:
        """The one report a filter fixes (id, id prefix or file name), looked up once per question."""
        return self.retriever.store.find_report(filters.report) if filters and filters.report else None

    def understand(self, text: str, conversation: Conversation | None = None, within: ReportRow | None = None) -> Question:
        """The question's slots. Asked of one report (`within`), the department names it may name are that
        report's only: `文化馆…` is then words of that report's item, not 丽水市文化馆 of another report."""
        simplified = self.retriever.segmenter.simplified(clean_question(text))  # 爭取資金 -> 争取资金
        departments = tuple(n for n in (within.department, within.project) if n) if within else self.departments
        question = parse_question(simplified, self.lexicon, entities=self.entities, departments=departments)
        previous = conversation.last if conversation else None
        if previous is not None and _is_follow_up(question, previous):
            question = merge_follow_up(question, previous)
        # Single characters (做, 用, 起) are mostly the question's own verbs, not what it is about.
        words = list(dict.fromkeys(w for w in self.retriever.segmenter.words(question.content)
                                   if len(w) >= 2 and w not in FILLER_WORDS))
        # Read once here (one lookup of the words' counts): figures are weighed by the archive's
        # rarities, passages by the same against a background of chunks.
        rarity, passage = self.retriever.index.rarities(words, backgrounds=(0, PASSAGE_BACKGROUND_CHUNKS))
        return replace(question, words=tuple(words), word_rarity=tuple(rarity[w] for w in words),
                       passage_rarity=tuple(passage[w] for w in words))

    def _filtered(self, filters: Filters | None) -> list[ReportRow]:
        """The library as the user's filters (department, year, type) narrow it — for archive questions."""
        if filters is None:
            return list(self.reports.values())
        return [r for r in self.reports.values()
                if filters.department in (None, r.department) and filters.year in (None, r.fiscal_year)
                and filters.doc_type in (None, r.kind)]

    def _reports_for(self, question: Question, filters: Filters | None, within: ReportRow | None) -> list[ReportRow]:
        rows = list(self.reports.values())
        if within is not None:
            rows = [r for r in rows if r.id == within.id]
        if filters and filters.doc_type:
            rows = [r for r in rows if r.kind == filters.doc_type]
        department = (filters.department if filters else None) or question.department
        if department:
            rows = [r for r in rows if any(name and (department in name or name in department)
                                           for name in (r.department, r.project))] or rows
        year = (filters.year if filters else None) or question.year
        if year is not None:
            # A report of year N also states N-1 figures (比上年, the 2020 column of a 2021 report).
            rows = [r for r in rows if r.fiscal_year == year or r.fiscal_year is None or r.fiscal_year - 1 == year]
        # 去年 is the fiscal year of the report at hand (reports are written the following year), so it
        # does not narrow anything: several reports answer per report, latest first.
        return rows

    def ask(self, text: str, *, conversation: Conversation | None = None, filters: Filters | None = None) -> Answer:
        """Answer one question; with a conversation, follow-ups reuse the previous question's slots."""
        began = time.perf_counter()
        within = self._report_in(filters)
        question = self.understand(text, conversation, within)
        reports = self._reports_for(question, filters, within)
        vector = self.retriever.embed_question(question.search_text or question.text)
        answer = replace(self._answer(question, reports, filters, vector), question=text)
        elapsed_ms = (time.perf_counter() - began) * 1000
        if self.retriever.settings.log_questions:
            log.info("asked %r: found=%s in %.0f ms", text, answer.found, elapsed_ms)
        else:
            log.info("question answered: found=%s, %d figures in %.0f ms", answer.found, len(answer.figures), elapsed_ms)
        if conversation is not None:
            conversation.last = question
        return answer

    def confident(self, hits: list[FigureHit], question: Question) -> list[FigureHit]:
        """The hits that may be shown as found: none unless the scorer is confident in the best one (as
        confident as the kind of value asked needs); then those the ranker rates near it (other
        reports' alike figures, conflicting values)."""
        if not hits or hits[0].parts["confidence"] < self.scorer.threshold_for(question.answer_type):
            return []
        return [h for h in hits if h.parts["logit"] >= hits[0].parts["logit"] - CLOSE_LOGITS]

    def _answer(self, question: Question, reports: list[ReportRow], filters: Filters | None, vector: np.ndarray) -> Answer:
        if question.archive is not None:
            return archive_answer(question.archive, question, self._filtered(filters))
        report_ids = [r.id for r in reports]
        if not reports:
            return Answer(question.text, False, not_found_answer(question, []), (), (), question.wants,
                          note="no report matches the department or year asked")
        passages = self._passages(question, report_ids, filters, vector)
        shown = tuple(passages[:SHOWN_PASSAGES])
        unsure: tuple[FigureHit, ...] = ()
        if question.wants == "figure":
            computed = self._computed(question, report_ids, passages)
            if computed is not None:
                text = figure_answer(question, [computed[0]], [], self.reports) + f"。计算：{computed[0].figure.quote}"  # type: ignore[attr-defined]
                return Answer(question.text, True, text, computed, shown, "figure")
            groups = self._department_groups(question, reports, filters)
            held = len(groups)
            # Many departments: only those whose passages rank best, each on its figures that name the
            # question's words or stand in those passages (every figure of a thousand departments took 50 s).
            narrow = held > 1 and (held > MAX_DEPARTMENTS_LISTED
                                   or sum(self.reports[r].n_figures for r in report_ids) > SCAN_ALL_BELOW)
            if narrow:
                groups = _likeliest_groups(groups, passages, MAX_DEPARTMENTS_LISTED)
            scored = [self._figure_hits(question, ids, passages, vector, narrow=narrow) for ids in groups]
            confident = [(hits, self.confident(hits, question)) for hits in scored]
            # This year's amount is not the change asked for (公务接待费 1.46 for 比上年减少了多少).
            change = asks_change(question)
            confident = sorted(((hits, found) for hits, found in confident
                                if found and not (change and not states_change(cast(Figure, found[0].figure)))),
                               key=lambda pair: -pair[1][0].parts["confidence"])
            unsure = tuple(sorted((h for hits in scored for h in hits[:SHOWN_CANDIDATES]), key=lambda h: -h.score)
                           [:SHOWN_CANDIDATES])
            if len(confident) > 1 or (confident and len(groups) > 1):
                apart = tuple(found[0] for _, found in confident)[:MAX_DEPARTMENTS_LISTED]
                text = per_department_answer(question, apart, self.reports, searched=len(groups), held=held)
                return Answer(question.text, True, text, apart, shown, "figure",
                              note="the question names no department; the archive holds several")
            if confident:
                hits, found = confident[0]
                chosen, others = self._choose(found, hits[:NEAR_HITS])
                text = figure_answer(question, chosen, others, self.reports)
                same_metric = [h for h in found if h not in chosen + others
                               and bigrams(h.figure.metric) == bigrams(chosen[0].figure.metric)][:3]  # type: ignore[attr-defined]
                return Answer(question.text, True, text, tuple(chosen + others + same_metric), shown, "figure")
            if question.kind not in ("what", "list", "why") or not passages:
                return Answer(question.text, False, not_found_answer(question, list(shown), unsure, self.reports), (),
                              shown, "figure", candidates=unsure)
        if question.kind == "why":
            explained = self._explained(question, report_ids, passages, vector, shown)
            if explained is not None:
                return explained
        if question.kind == "list":
            listed_answer = self._list_answer(question, passages, shown, vector)
            if listed_answer is not None:
                return listed_answer
        covering = next((p for p in passages[:3] if self._passage_covers(question, p, vector)), None)
        if covering is not None:
            report = self.reports.get(covering.chunk.report_id)
            return Answer(question.text, True, passage_answer([covering], report), (), shown, "passage")
        return Answer(question.text, False, not_found_answer(question, list(shown), unsure, self.reports), (), shown,
                      question.wants, candidates=unsure)

    def _explained(self, question: Question, report_ids: list[str], passages: list[Passage], vector: np.ndarray,
                   shown: tuple[Passage, ...]) -> Answer | None:
        """为什么…: the best candidates of the question's subject, the first whose report states a reason
        right after it (主要原因是…), answered with the figure and that reason."""
        texts: dict[str, str] = {}
        for hit in self._figure_hits(question, report_ids, passages, vector)[:EXPLAINED_CANDIDATES]:
            figure = cast(Figure, hit.figure)
            if hit.coverage < MIN_EXPLAINED_COVERAGE:
                continue
            if hit.report_id not in texts:
                texts[hit.report_id] = self.retriever.store.report_text(hit.report_id)
            reason = reason_after(texts[hit.report_id], figure.end)
            if reason:
                text = f"{figure_sentence(hit, self.reports.get(hit.report_id))}。报告所述原因：{reason}。"
                return Answer(question.text, True, text, (hit,), shown, "passage")
        return None

    def _department_groups(self, question: Question, reports: list[ReportRow], filters: Filters | None) -> list[list[str]]:
        """The scoped reports as one group, or one group per department when the question names no
        department over reports of several: each department is then asked on its own, so that one
        department's figure is never given as if it were the only one."""
        if question.department or (filters and (filters.report or filters.department)):
            return [[r.id for r in reports]]
        groups: dict[str, list[str]] = {}
        for report in reports:
            # A place the question names (新开镇…) that a department's name does not hold: not that department.
            named = " ".join(n for n in (report.department, report.project) if n)
            if all(place in named for place in question.places):
                groups.setdefault(report.department or report.name, []).append(report.id)
        return list(groups.values())

    def rank_figures(self, text: str, *, filters: Filters | None = None) -> list[FigureHit]:
        """Every candidate figure for a question with its probability, best first (no threshold)."""
        _, hits, matrix = self.figure_candidates(text, filters=filters)
        return self._scored(hits, matrix)

    def figure_candidates(
        self, text: str, *, filters: Filters | None = None
    ) -> tuple[Question, list[FigureHit], np.ndarray]:
        """The question as read, its candidate figures (word-overlap hits) and their feature matrix: what
        the scorer weighs, and what bench/calibrate.py fits it on."""
        within = self._report_in(filters)
        question = self.understand(text, within=within)
        report_ids = [r.id for r in self._reports_for(question, filters, within)]
        if not report_ids:
            return question, [], np.zeros((0, len(self.scorer.features)))
        vector = self.retriever.embed_question(question.search_text or question.text)
        passages = self._passages(question, report_ids, filters, vector)
        return question, *self._candidates(question, report_ids, passages, vector)

    def passage_candidates(self, text: str, *, filters: Filters | None = None) -> tuple[Question, list[Passage], np.ndarray]:
        """The question as read, its best passages as `ask` weighs them, and its vector (what
        bench/calibrate.py fits the passage limits on)."""
        within = self._report_in(filters)
        question = self.understand(text, within=within)
        report_ids = [r.id for r in self._reports_for(question, filters, within)]
        vector = self.retriever.embed_question(question.search_text or question.text)
        if not report_ids:
            return question, [], vector
        return question, self._passages(question, report_ids, filters, vector), vector

    def _passages(self, question: Question, report_ids: list[str], filters: Filters | None, vector: np.ndarray) -> list[Passage]:
        """The 20 best passages of the scoped reports, searched without the name that scoped them."""
        scope = Filters(report=report_ids[0]) if len(report_ids) == 1 else filters
        dense, lexical = self.retriever.rankings(question.search_text or question.text, filters=scope, vector=vector)
        return [p for p in self.retriever.fuse(dense, lexical, k=20) if p.chunk.report_id in report_ids]

    def _computed(self, question: Question, report_ids: list[str], passages: list[Passage]) -> tuple[FigureHit, ...] | None:
        """A difference, share or sum of two figures when the question asks for one and both are found.
        A sum the report states itself (…资金用于公租房保障和棚户区改造 合计128.79) is read, not added up."""
        operation = parse_operation(question.unnamed_text or question.text)
        if operation is None:
            return None
        sides: list[FigureHit] = []
        if operation.kind == "year_change":
            pair = self._year_pair(question, operation.first, report_ids, passages, operation.earlier_year)
            if pair is None:
                return None
            sides = list(pair)
        for text in (operation.first, operation.second) if not sides else ():
            side = parse_question(text, self.lexicon, entities=self.entities, departments=())
            side = replace(side, year=side.year or question.year, department=question.department, wants="figure",
                           entity_class=side.entity_class or question.entity_class,
                           entity_text=side.entity_text or question.entity_text)
            side_vector = self.retriever.embed_question(text)
            found = self.confident(self._figure_hits(side, report_ids, passages, side_vector), side)
            if not found:
                return None
            sides.append(found[0])
        first, second = (cast(Figure, h.figure) for h in sides)
        if (sides[0].report_id, first.start, first.value) == (sides[1].report_id, second.start, second.value):
            return None  # both sides found the same figure: nothing to compute
        if operation.kind == "sum" and any(names_both_sides(operation, label(cast(Figure, h.figure))) for h in sides):
            return None  # the report states the whole: the question is answered by that figure
        result = compute(operation, first, second)
        if result is None:
            return None
        value, unit, formula = result
        figure = Figure(
            metric={"difference": f"{label(first)}与{label(second)}之差", "share": f"{label(first)}占{label(second)}的比例",
                    "sum": f"{label(first)}与{label(second)}之和",
                    "year_change": f"{first.metric}比上年变化"}[operation.kind],
            value=value, number=float(value), unit=unit, kind="computed", section=first.section,
            quote=formula, start=first.start, end=first.end,
            entity=first.entity if first.entity == second.entity else None, year=first.year,
        )
        head = FigureHit(sides[0].report, sides[0].report_id, None, figure, min(h.score for h in sides), 1.0, {})
        return (head, *sides)

    def _year_pair(
        self, question: Question, text: str, report_ids: list[str], passages: list[Passage], earlier_year: int | None = None,
    ) -> tuple[FigureHit, FigureHit] | None:
        """The best figure that has a counterpart in the earlier year (the year before, or the one
        named) in the same place: same metric, organisation and column once its year is set aside
        (`局部门 2021` / `局部门 2020`) — in the same report, else in the same department's report of
        that year (year over year across the archive)."""
        side = parse_question(text, self.lexicon, entities=self.entities, departments=())
        side = replace(side, department=question.department, wants="figure", year=None,
                       entity_class=side.entity_class or question.entity_class,
                       entity_text=side.entity_text or question.entity_text)
        side_vector = self.retriever.embed_question(text)
        hits = self._figure_hits(side, report_ids, passages, side_vector)
        found = self.confident(hits, side)
        # A near hit that says as much of the question as the confident best: 三公 合计 (2021 / 2020
        # columns) is not 收入合计 merely because it has a counterpart year.
        for current in hits[:NEAR_HITS] if found else []:
            figure = cast(Figure, current.figure)
            if figure.year is None or figure.number is None or current.coverage < found[0].coverage:
                continue
            wanted = earlier_year or figure.year - 1
            # The counterpart is found by its place, not its score: any candidate in the same place.
            earlier = next((h for h in hits if cast(Figure, h.figure).year == wanted
                            and _place(cast(Figure, h.figure)) == _place(figure)), None)
            if earlier is not None:
                return current, earlier
        if not found:
            return None
        return self._pair_across_reports(side, found[0], side_vector, earlier_year)

    def _pair_across_reports(self, side: Question, current: FigureHit, vector: np.ndarray,
                             earlier_year: int | None) -> tuple[FigureHit, FigureHit] | None:
        """The same figure in the same department's report of the earlier year: found there as
        confidently as any answer, with the same metric and organisation."""
        report = self.reports.get(current.report_id)
        figure = cast(Figure, current.figure)
        year = figure.year or (report.fiscal_year if report else None)
        if report is None or not report.department or year is None:
            return None
        wanted = earlier_year or year - 1
        earlier_reports = [r.id for r in self.reports.values()
                           if r.department == report.department and r.fiscal_year == wanted and r.id != report.id]
        if not earlier_reports:
            return None
        passages = self._passages(side, earlier_reports, None, vector)
        for hit in self.confident(self._figure_hits(side, earlier_reports, passages, vector), side):
            earlier = cast(Figure, hit.figure)
            if (earlier.metric, earlier.entity) == (figure.metric, figure.entity) and earlier.year in (None, wanted):
                return current, replace(hit, figure=replace(earlier, year=wanted))
        return None

    def _figure_hits(
        self, question: Question, report_ids: list[str], passages: list[Passage], vector: np.ndarray, *, narrow: bool = False
    ) -> list[FigureHit]:
        """The candidates, each scored by the fitted scorer (its probability as `score`), best first."""
        return self._scored(*self._candidates(question, report_ids, passages, vector, narrow=narrow))

    def _scored(self, hits: list[FigureHit], matrix: np.ndarray) -> list[FigureHit]:
        logits = self.scorer.logits(matrix)
        confidence = self.scorer.confidence_of(matrix, [cast(Figure, h.figure).amount for h in hits], logits)
        scored = [replace(h, score=float(p), parts={**h.parts, "lexical_total": h.score, "logit": float(z),
                                                    "confidence": confidence})
                  for h, z, p in zip(hits, logits, sigmoid(logits), strict=True)]
        scored.sort(key=lambda h: (-h.score, -h.coverage))
        return scored

    def _candidates(
        self, question: Question, report_ids: list[str], passages: list[Passage], vector: np.ndarray, *, narrow: bool = False
    ) -> tuple[list[FigureHit], np.ndarray]:
        hits = self._lexical_hits(question, report_ids, passages, narrow=narrow)
        return hits, feature_matrix(question, hits, self._meaning(hits, vector))

    def _meaning(self, hits: list[FigureHit], vector: np.ndarray) -> np.ndarray:
        """Cosine of the question vector with each candidate's statement vector (stored per model at
        ingest; a statement without one — a data folder ingested before statements existed — is
        embedded now, and the log says a reindex would store it)."""
        if not hits:
            return np.zeros(0)
        store = self.retriever.store
        model = self.retriever.embedder.model_id
        statements = [figure_statement(cast(Figure, h.figure)) for h in hits]
        keys = [statement_key(s) for s in statements]
        stored = store.statement_vectors(model, keys)
        missing = [i for i, k in enumerate(keys) if k not in stored]
        if missing:
            log.warning("%d figure statements have no stored vector for %s; embedding them now "
                        "(run `reportqa reindex` to store them)", len(missing), model)
            fresh = self.retriever.embedder.encode_passages([statements[i] for i in missing])
            stored.update({keys[i]: v for i, v in zip(missing, fresh, strict=True)})
        matrix = np.stack([stored[k] for k in keys])
        return matrix @ vector

    def _lexical_hits(self, question: Question, report_ids: list[str], passages: list[Passage], *, narrow: bool = False) -> list[FigureHit]:
        """Word-overlap hits among the candidate figures: every figure of the reports, or — for a department
        among many (`narrow`) — those whose metric holds one of the question's words or terms or that stand
        in the retrieved passages, or over more than SCAN_ALL_BELOW figures those of the best-ranked reports."""
        store = self.retriever.store
        total = sum(self.reports[r].n_figures for r in report_ids)
        chunk_ranks = {p.chunk.chunk_id: rank for rank, p in enumerate(passages)}
        if narrow:
            candidates: list[StoredFigure] = store.figures(report_ids=report_ids, chunk_ids=list(chunk_ranks),
                                                           metric_terms=(*question.terms, *question.words))
        elif total <= SCAN_ALL_BELOW:
            candidates = self.figure_cache.figures(store, [self.reports[r] for r in report_ids])
        else:
            # Many reports: the figures of the retrieved chunks, and of the reports whose chunks ranked.
            ranked_reports = list(dict.fromkeys(p.chunk.report_id for p in passages))[:10]
            candidates = store.figures(report_ids=ranked_reports, chunk_ids=list(chunk_ranks), metric_terms=question.terms)
        candidates += [replace(c, figure=p) for c in candidates if (p := planned_side(c.figure)) is not None]
        years = {r: self.reports[r].fiscal_year for r in report_ids}
        return score_figures(question, candidates, lexicon=self.lexicon, chunk_ranks=chunk_ranks, fiscal_years=years,
                             weights=self.weights)

    def _choose(self, found: list[FigureHit], near: list[FigureHit]) -> tuple[list[FigureHit], list[FigureHit]]:
        """The best hit, one per report when several reports answer alike, and other values of the
        same metric among the near candidates (a conflicting statement, the budget beside an actual)."""
        best = found[0]
        per_report: dict[str, FigureHit] = {}
        for hit in found:
            per_report.setdefault(hit.report_id, hit)
        chosen = [best]
        if len(per_report) > 1:
            alike = [h for h in per_report.values() if h is not best and h.score >= 0.8 * best.score
                     and bigrams(h.figure.metric) == bigrams(best.figure.metric)]  # type: ignore[attr-defined]
            chosen += sorted(alike, key=lambda h: -(self.reports[h.report_id].fiscal_year or 0))
        best_metric = bigrams(best.figure.metric)  # type: ignore[attr-defined]
        others = [
            h for h in near
            if h.report_id == best.report_id and h is not best
            and cast(Figure, h.figure).amount != cast(Figure, best.figure).amount  # 13459 is 13459.00: not another value
            and h.figure.year == best.figure.year  # type: ignore[attr-defined]
            and h.figure.entity in (best.figure.entity, None)  # type: ignore[attr-defined]
            and len(bigrams(h.figure.metric) & best_metric) >= 0.6 * max(1, len(best_metric))  # type: ignore[attr-defined]
            and h.figure.unit == best.figure.unit  # type: ignore[attr-defined]
        ][:2]
        return chosen, others

    def _list_answer(self, question: Question, passages: list[Passage], shown: tuple[Passage, ...],
                     vector: np.ndarray) -> Answer | None:
        """问题有哪些 / 改进措施 / 主要职责: the section among the best passages whose title says what the
        question asks (存在的主要问题 for 存在哪些问题), read as a list, each item whole."""
        asked = bigrams(question.content)
        titled = [(len(asked & bigrams(p.chunk.section[-1])), -rank, p)
                  for rank, p in enumerate(passages[:LIST_PASSAGES]) if p.chunk.section]
        best = max(titled, key=lambda t: t[:2], default=None)
        if best is None or best[0] == 0 or not self._passage_covers(question, best[2], vector):
            return None
        passage = best[2]
        listed = self._section_list(passage)
        if listed is None:
            return None
        text = list_answer(listed, passage, self.reports.get(passage.chunk.report_id))
        return Answer(question.text, True, text, (), shown, "list", items=listed.items)

    def _section_list(self, passage: Passage) -> ItemList | None:
        """The passage's whole section read as a list, when it is one (two items or more, not a
        whole part of the report)."""
        store = self.retriever.store
        section = next((s for s in store.section_records(passage.chunk.report_id) if s.path == passage.chunk.section), None)
        if section is None or not section.path:
            return None
        listed = section_items(section_body(store.report_text(passage.chunk.report_id), section))
        return listed if 2 <= len(listed.items) <= MAX_LIST_ITEMS else None

    def _passage_covers(self, question: Question, passage: Passage, vector: np.ndarray) -> bool:
        """Does the passage answer the question? Its share of the question's words and its meaning,
        weighed by the line `make calibrate` fits on labelled passage and absent questions."""
        return self.scorer.passage_answers(*self.passage_fit(question, passage, vector))

    def passage_fit(self, question: Question, passage: Passage, vector: np.ndarray) -> tuple[float, float | None]:
        """(the share of the question's words the passage or its section titles hold, each word weighted
        by its rarity in the archive — 食堂 counts more than 管理; the question's cosine with the passage
        or with its closest sentence, whichever is higher)."""
        text = passage.chunk.text + " " + " ".join(passage.chunk.section)
        closest = self.sentence_meaning.best_cosine(passage.chunk.chunk_id, passage.chunk.text, vector)
        cosines = [c for c in (passage.meaning, closest) if c is not None]
        return word_share(question, text, rarity=question.passage_rarity), max(cosines) if cosines else None


def _likeliest_groups(groups: list[list[str]], passages: list[Passage], limit: int) -> list[list[str]]:
    """The departments (groups of report ids) in the order their best passage ranks, at most `limit`;
    a department with no retrieved passage is not searched."""
    group_of = {report_id: i for i, ids in enumerate(groups) for report_id in ids}
    order = dict.fromkeys(group_of[p.chunk.report_id] for p in passages if p.chunk.report_id in group_of)
    return [groups[i] for i in list(order)[:limit]]


def _place(figure: Figure) -> tuple[str, str | None, str]:
    """Where a figure stands once its year is set aside: metric, organisation, column without year."""
    return figure.metric, figure.entity, re.sub(YEAR_DIGITS, "", figure.qualifier or "").strip()


def load_assistant(
    settings: Settings, *, embedder: Embedder | None = None, shared: bool = False, scorer: Scorer | None = None
) -> Assistant:
    """Build everything once: store, embedder, index, lexicon, scorer (no globals; the UI keeps one of these)."""
    return Assistant(open_retriever(settings, embedder=embedder, shared=shared), load_lexicon(), Weights(),
                     scorer if scorer is not None else load_scorer())
