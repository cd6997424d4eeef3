"""The features a candidate figure is scored on: its word-overlap evidence, its meaning match, and
where both place it among the other candidates of the same question.

Each feature is a number a fitted model weighs (qa/scorer.py); the names are the columns of the
matrix, in the order `FEATURES` gives, and the scorer file records them so a stale file is caught.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from index.records import Figure
from index.text.vocabulary import government_levels
from qa.lookup import KIND_PRIOR, UNIT_CONTRADICTED, Weights
from qa.records import FigureHit, Question
from qa.wordshare import han_pairs, word_share

_KINDS = ("table_cell", "prose", "label_value", "target_actual", "target")
_PARTS = ("metric", "context", "unit", "entity", "comparison", "phase", "retrieval", "text_value")

FEATURES: tuple[str, ...] = (
    *(f"lexical_{p}" for p in _PARTS),
    "coverage",
    "lexical_total",
    "lexical_gap",  # the candidate's word-overlap score minus the best candidate's
    "lexical_top",  # 1 for the candidate word overlap ranks first
    "meaning",  # cosine of the question and the figure's statement (index/extract/statements.py)
    "meaning_gap",  # minus the best candidate's cosine
    "meaning_top",
    "meaning_rank",  # 1 / (1 + rank by meaning)
    *(f"kind_{k}" for k in _KINDS),
    "year_named",  # the question names a year and the figure states that year
    "year_conflict",  # the question names a year and the figure states another
    "full_mark",  # the figure is a weight (分值, 权重) and the question does not ask for one: 给了几分 asks the 得分
    "type_fit",  # +1 the figure is the kind of value the question asks for (a number, a person, a code, words), -1 not (a target for 实际…)
    "target_fit",  # +1 a pair's side the question asks (目标 or 实际), -1 the other side, 0 not a pair
    "has_number",
    "metric_long",  # metrics longer than a label can be come from run-on text
    "metric_extra",  # share of the metric's words (character pairs) the question does not say: 图书馆… for 文化馆…
    "metric_extra_gap",  # minus the smallest share among the candidates
    "label_words",  # rarity-weighted share of the question's words the figure's label holds (调减 for 这笔资金调减了多少)
    "label_words_gap",  # minus the largest share among the candidates
    "rate_fit",  # 1 when the question asks a rate (每人多少, 补助标准) and the figure is one (4000 元/人)
    "unit_conflict",  # 1 when the question says its unit (多少万元, 几分) and the figure's unit contradicts it, or asks money and the figure is a rate (元/人)
    "level_fit",  # the question names a level of government (中央, 省级, 市县): +1 the figure's label names it too, -1 only another
)


# What the confidence model reads of the best candidate, as raw values: `make calibrate` fits it on
# inputs standardised within each fold and stores the weights of the raw ones. Few on purpose: the
# confidence is fitted on one row per labelled question, a few hundred rows.
CONFIDENCE_FEATURES: tuple[str, ...] = (
    "coverage", "lexical_metric", "lexical_total", "lexical_unit", "meaning", "meaning_top", "lexical_top",
    "metric_extra", "metric_long",
    *("logit", "margin"),  # the ranker's own: the candidate's logit, and its lead over the best other value below it
)
# Read from the ranker's logits, not from the feature matrix.
RANKER_INPUTS = ("logit", "margin")
MAX_MARGIN = 6.0  # the lead when no candidate holds another value


_WEIGHT_NAME = re.compile(r"(?:分值|权重)$")


def _is_weight(figure: Figure) -> bool:
    return any(_WEIGHT_NAME.search(text or "") for text in (figure.qualifier, figure.metric))


def _value_type(figure: Figure) -> str:
    if figure.number is not None:
        return "number"
    return "code" if any(c.isdigit() for c in figure.value) else "words"


def _is_rate(figure: Figure) -> bool:
    """An amount per person, month or item: 2600 元/人, 583 元/人·月."""
    return "/" in (figure.unit or "")


def _rate_unasked(question: Question, figure: Figure) -> bool:
    """A per-unit amount where the question asks money but no rate: 总预算 is never a subsidy standard."""
    return question.unit_family == "money" and not question.asks_rate and _is_rate(figure)


def _type_fit(question: Question, figure: Figure) -> float:
    """+1 the kind of value asked, -1 a kind the question cannot be asking for: a number for 哪个项目, a
    name for 多少, or a stated target (目标筹集40422套) for what was actually done (实际筹集了多少)."""
    if question.asks_actual and figure.kind == "target":
        return -1.0
    wanted = {"number": ("number",), "person": ("words",), "code": ("code",), "text": ("words", "code")}
    return 1.0 if _value_type(figure) in wanted.get(question.answer_type, ("number",)) else -1.0


def _level_fit(question: Question, figure: Figure) -> float:
    named = government_levels(figure_label(figure))
    if not named:
        return 0.0
    return 1.0 if named & question.levels else -1.0


def _target_fit(question: Question, figure: Figure) -> float:
    if figure.kind not in ("target", "target_actual"):
        return 0.0
    return 1.0 if (figure.kind == "target") == question.asks_target else -1.0


@lru_cache(maxsize=200_000)
def _pairs(text: str) -> frozenset[str]:
    """Pairs of adjacent Chinese characters of a metric. Cached: every question compares itself with the
    same figures' metrics (these sets were a quarter of an answer's time)."""
    return han_pairs(text)


def metric_extra(question: Question, figure: Figure) -> float:
    """The share of the metric's character pairs that the question does not contain."""
    pairs = _pairs(figure.metric)
    return len(pairs - question.text_pairs) / len(pairs) if pairs else 0.0


def figure_label(figure: Figure) -> str:
    """What names a figure: its metric, column or qualifier, and the organisation or row it belongs to."""
    return " ".join(part for part in (figure.metric, figure.qualifier, figure.entity) if part)


def feature_matrix(question: Question, hits: list[FigureHit], meaning: np.ndarray) -> np.ndarray:
    """One row per hit (in the order given), one column per name in FEATURES. Filled a column at a
    time: every question weighs all its candidates, and a Python loop over cells was a sixth of an answer."""
    n = len(hits)
    matrix = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return matrix
    figures = [h.figure for h in hits]

    def put(name: str, values: np.ndarray | list[float] | list[bool]) -> None:
        matrix[:, _COLUMN[name]] = np.asarray(values, dtype=np.float64)

    for part in _PARTS:
        put(f"lexical_{part}", [h.parts.get(part, 0.0) for h in hits])
    best_meaning = int(np.argmax(meaning))
    meaning_rank = np.empty(n)
    meaning_rank[np.argsort(-meaning, kind="stable")] = np.arange(n)
    extra = np.array([metric_extra(question, f) for f in figures])
    label = np.array([word_share(question, figure_label(f)) for f in figures])
    put("coverage", [h.coverage for h in hits])
    put("lexical_total", [h.score for h in hits])
    _lead_on_words(matrix)
    put("meaning", meaning)
    put("meaning_gap", meaning - meaning[best_meaning])
    matrix[best_meaning, _COLUMN["meaning_top"]] = 1.0
    put("meaning_rank", 1.0 / (1.0 + meaning_rank))
    for row, figure in enumerate(figures):
        if figure.kind in _KINDS:
            matrix[row, _COLUMN[f"kind_{figure.kind}"]] = 1.0
    asked_year = question.year
    put("year_named", [asked_year is not None and f.year == asked_year for f in figures])
    put("year_conflict", [asked_year is not None and f.year is not None and f.year != asked_year for f in figures])
    put("target_fit", [_target_fit(question, f) for f in figures])
    put("type_fit", [_type_fit(question, f) for f in figures])
    put("full_mark", [_is_weight(f) and not question.asks_weight for f in figures])
    put("has_number", [f.number is not None for f in figures])
    put("metric_long", [len(f.metric) > 24 for f in figures])
    put("metric_extra", extra)
    put("metric_extra_gap", extra - extra.min())
    put("label_words", label)
    put("label_words_gap", label - label.max())
    put("rate_fit", [question.asks_rate and _is_rate(f) for f in figures])
    if question.levels:
        put("level_fit", [_level_fit(question, f) for f in figures])
    put("unit_conflict", [question.unit_stated and h.parts.get("unit", 0.0) <= UNIT_CONTRADICTED
                          or _rate_unasked(question, f) for h, f in zip(hits, figures, strict=True)])
    return matrix


_COLUMN = {name: i for i, name in enumerate(FEATURES)}


def _lead_on_words(matrix: np.ndarray) -> None:
    """lexical_gap and lexical_top from the lexical_total column. The leader is the highest total, then
    the highest coverage, then the first given (the candidates come in the store's order)."""
    lexical, coverage = matrix[:, _COLUMN["lexical_total"]], matrix[:, _COLUMN["coverage"]]
    best = int(np.lexsort((-coverage, -lexical))[0])
    matrix[:, _COLUMN["lexical_gap"]] = lexical - lexical[best]
    matrix[:, _COLUMN["lexical_top"]] = 0.0
    matrix[best, _COLUMN["lexical_top"]] = 1.0


def reweighed(matrix: np.ndarray, weights: Weights) -> np.ndarray:
    """The feature rows as the answer path computes them with other lexical weights: the total (and the
    lead on words) recomputed from the unweighted parts, for `make calibrate`'s choice of the weights."""
    out = matrix.copy()
    if len(out) == 0:
        return out
    parts = {part: matrix[:, _COLUMN[f"lexical_{part}"]] for part in _PARTS}
    parts["kind"] = sum(prior * matrix[:, _COLUMN[f"kind_{kind}"]] for kind, prior in KIND_PRIOR.items())
    out[:, _COLUMN["lexical_total"]] = weights.total(parts)
    _lead_on_words(out)
    return out
