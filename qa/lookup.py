"""Figure lookup: score every candidate figure against the question; the best one answers it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from index.records import Figure
from index.store.rows import StoredFigure
from index.text.vocabulary import ACTUAL_PHASE, BUDGET_PHASE, STATES_CHANGE, unit_family
from qa.evidence import IMPLIED_BY_UNIT, unsaid_words
from qa.lexicon import Lexicon
from qa.records import FigureHit, Question

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+|\d+(?:\.\d+)?")
# Words that time or qualify a metric without naming it (`公务接待费本年人均` is 公务接待费 人均).
_FILLERS = re.compile(r"本年|当年|全年|年度|实际|累计|共计")
TERM_WEIGHT = 0.8  # a report term reached through the lexicon counts less than the question's own words
_SPECIFIC_ENTITY_PENALTY = -0.7


@lru_cache(maxsize=200_000)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the CJK runs, whole ASCII words and numbers: the unit of word overlap.
    Cached: every question compares itself with the same figures' metrics and quotes (a third of an
    answer's time went to recomputing them); frozen, so a cached result cannot be changed by a caller."""
    grams: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if run.isascii():
            grams.add(run.lower())
        elif len(run) == 1:
            grams.add(run)
        else:
            grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


def _f1(asked: AbstractSet[str], metric: AbstractSet[str]) -> float:
    """Harmonic mean of how much of the question the metric names and how much of the metric is asked."""
    shared = len(asked & metric)
    if not shared:
        return 0.0
    precision, recall = shared / len(metric), shared / len(asked)
    return 2 * precision * recall / (precision + recall)


def metric_bigrams(metric: str) -> frozenset[str]:
    return bigrams(_FILLERS.sub(" ", metric)) or bigrams(metric)


# A small lean toward the figure kinds that name their metric and value together; scaled (or dropped,
# at 0) by Weights.kind.
KIND_PRIOR = {"target_actual": 0.2, "label_value": 0.2, "table_cell": 0.1}


@dataclass(frozen=True)
class Weights:
    """How much each part of the word-overlap evidence counts in its total, the `lexical_total`
    feature of the fitted scorer (qa/scorer.py). Chosen by `make calibrate` among a grid, on the
    cross-validated answers, and stored in the scorer file: the ranker weighs each part on its own
    too, so these only shape which candidate leads on words (lexical_top, lexical_gap)."""

    metric: float
    context: float
    retrieval: float
    kind: float

    def total(self, parts: Mapping[str, Any]) -> Any:
        """The weighted sum of the parts, one candidate's (floats) or a matrix's columns (arrays): one
        expression in one order, so `make calibrate` recomputes exactly what the answer path computes."""
        return (self.metric * parts["metric"] + self.context * parts["context"] + parts["unit"] + parts["entity"]
                + parts["comparison"] + parts["phase"] + self.kind * parts["kind"]
                + self.retrieval * parts["retrieval"] + parts["text_value"])

    def to_json(self) -> dict[str, float]:
        return {"metric": self.metric, "context": self.context, "retrieval": self.retrieval, "kind": self.kind}


UNIT_CONTRADICTED = -2.0  # the unit term of a figure in another unit family, or of words where a number is asked


def _unit_term(asked: str | None, figure: Figure) -> float:
    family = unit_family(figure.unit)
    if asked is None:
        return 0.0
    if figure.number is None:
        return UNIT_CONTRADICTED
    if asked == family:
        return 1.0
    generic = {"count:个", "people"}
    if {asked, family} <= generic or (asked == "count:个" and family and family.startswith("count:")):
        return 0.0
    if asked.startswith("count:") and family and family.startswith("count:"):
        return -1.0
    return UNIT_CONTRADICTED


def _entity_term(question: Question, figure: Figure, lexicon: Lexicon) -> float:
    entity = figure.entity
    if question.entity_text:
        if entity == question.entity_text:
            return 1.5
        return -0.5 if entity is None else -2.0
    if question.entity_class:
        label = lexicon.label_class(entity)
        # `共1737万元` read from prose has no row, but its qualifier (合计) says it is the total.
        stated_total = entity is None and lexicon.label_class(figure.qualifier) == "total"
        if label == question.entity_class or (question.entity_class == "total" and stated_total):
            return 1.0
        if entity is None:
            return 0.5 if question.entity_class == "total" else 0.0
        return -1.5
    if entity is None or lexicon.label_class(entity) == "total":
        return 0.3
    return _SPECIFIC_ENTITY_PENALTY


def _column_states_year(figure: Figure) -> bool:
    """A table cell whose column names its year (`2022年决算数`): its year is the column's, not the report's."""
    return figure.kind == "table_cell" and figure.year is not None and bool(
        figure.qualifier and str(figure.year) in figure.qualifier)


def score_figures(
    question: Question,
    candidates: list[StoredFigure],
    *,
    lexicon: Lexicon,
    chunk_ranks: dict[str, int],
    fiscal_years: dict[str, int | None],
    weights: Weights,
    owners: Mapping[str, str] | None = None,
) -> list[FigureHit]:
    """Every candidate with its word-overlap total as `score`, in the order given (the ranker orders
    them; an order here would make the feature rows depend on the weights). A figure from another year
    than asked is dropped. The parts are unweighted: `weights.total` weighs them. `owners` names each
    report's department and project (what its figures need not repeat; qa/evidence.unsaid_words)."""
    asked = bigrams(question.content)
    terms = [bigrams(t) for t in question.terms]
    hits: list[FigureHit] = []
    for stored in candidates:
        f = stored.figure
        # The report's year stands for a figure's own unless its column names another (the 2022年决算数
        # column of a 2023 report does not answer 2023年…决算).
        years = (f.year,) if _column_states_year(f) else (f.year, fiscal_years.get(stored.report_id))
        if question.year is not None and question.year not in years:
            continue
        metric = metric_bigrams(f.metric)
        context = bigrams(" ".join([f.quote, *f.section, f.qualifier or "", f.entity or "", f.target or ""]))
        qualifier = bigrams(f.qualifier or "")  # an item table's column (`全年执行数`) names the cell too
        metric_sim = max([_f1(asked, metric), _f1(asked, metric | qualifier), *(TERM_WEIGHT * _f1(t, metric) for t in terms)])
        leftover = asked - metric  # what the metric leaves unsaid: does the column say it (`决算金额`)?
        if leftover and qualifier:
            metric_sim += 0.3 * len(leftover & qualifier) / len(leftover)
        context_sim = len(asked & context) / len(asked) if asked else 0.0
        covered = asked & (metric | context)
        for variant, term in zip(question.variants, terms, strict=True):
            if term and len(term & (metric | context)) >= 0.6 * len(term):
                covered |= asked & bigrams(variant)
        implied: set[str] = set()
        family = unit_family(f.unit)
        if family is not None and family == question.unit_family:
            for word in IMPLIED_BY_UNIT.get(family, ()):
                implied |= asked & bigrams(word)
        needed = asked - implied
        coverage = len(covered & needed) / len(needed) if needed else (1.0 if asked else 0.0)
        words_for_number = f.number is None and question.kind not in ("what", "who", "when") and question.unit_family is not None
        parts = {
            "metric": metric_sim,
            "context": context_sim,
            "unit": _unit_term(question.unit_family, f),
            "entity": _entity_term(question, f, lexicon),
            "comparison": _comparison_term(question, f),
            "phase": _phase_term(question, f),
            "kind": KIND_PRIOR.get(f.kind, 0.0),
            "retrieval": 1 / (1 + chunk_ranks[f.chunk_id]) if f.chunk_id in chunk_ranks else 0.0,
            "text_value": -2.0 if words_for_number else 0.0,
        }
        # Only a 0 is held to every word of the question (qa/verify.unaccounted): the other candidates,
        # thousands per question over a large archive, are not read word by word.
        owner = (owners or {}).get(stored.report_id, "")
        unsaid = unsaid_words(question, f, owner) if f.number == 0 else ()
        hits.append(FigureHit(stored.report, stored.report_id, f, weights.total(parts), coverage, parts, unsaid, owner))
    return hits




def _phase_term(question: Question, figure: Figure) -> float:
    """Budget or actual columns of one item, when the question names one (预算/安排 or 执行/实际/决算).
    A question that names neither leans neither way: leaning to the executed figure (as this did
    until measured) picked 全年执行数 0 for `年度资金总额是多少` and cost 19 right answers in
    cross-validation; the other features and the listing of the other column beside it decide."""
    asks_budget = question.asks_budget
    if not asks_budget and not question.asks_executed:
        return 0.0
    # The column says it first (`决算数`); else the metric (`支出预算合计`); else the heading the
    # figure stands under, nearest first (`年初总收支预算情况`).
    for text in (figure.qualifier or "", figure.metric, *reversed(figure.section)):
        actual, budget = bool(ACTUAL_PHASE.search(text)), bool(BUDGET_PHASE.search(text))
        if actual != budget:
            return (-0.3 if asks_budget else 0.3) if actual else (0.3 if asks_budget else -0.3)
    return 0.0




def states_change(figure: Figure) -> bool:
    """Is the figure itself a change or a share (`公务接待费比上年降低 23.16%`)?"""
    return bool(STATES_CHANGE.search(figure.metric)) or bool(STATES_CHANGE.search(figure.qualifier or ""))


def asks_comparison(question: Question) -> bool:
    """Does the question ask a comparison, a change or a share (比上年, 百分之多少, 降低了多少), not an amount?"""
    return question.kind == "compare" or question.unit_family == "percent" or bool(STATES_CHANGE.search(question.content))


def _comparison_term(question: Question, figure: Figure) -> float:
    compares = bool(STATES_CHANGE.search(figure.metric))
    asks = asks_comparison(question)
    if compares and not asks:
        return -1.5
    if compares and asks:
        return 0.5
    return 0.0

