"""Fit the figure scorer (qa/data/scorer.json) on labelled questions, validated leave-one-report-out.

Run: make calibrate   (= .venv/bin/python bench/calibrate.py)

1. The reports the question sets name are ingested into one data folder (bench/datasets.py).
2. Every figure and absent question is asked of its report; each candidate figure becomes one row
   of features (qa/features.py), labelled 1 when its value is the question's gold value.
3. Leave-one-report-out: for each report, the ranker (a logistic regression over the candidates'
   features) fitted on the other reports' questions ranks this report's candidates. The confidence
   model (a logistic regression over a few raw features of the candidate the verify stage would claim,
   labelled by whether that candidate is right) is fitted on those out-of-report rankings and
   validated leave-one-report-out again. At or above the threshold that candidate is claimed as
   found (right or a wrong number), below it the question is refused. What the verify stage would claim
   is the best of the candidates it keeps (qa/verify.refused and qa/verify.claimable; `claimed_candidate`),
   weighed as the best once those above it are set aside (qa/scorer.Scorer.confidences); a kind of value
   or a unit the question rules out (a number for 哪个项目, 分 for 多少万元) is never claimed
   (qa/scorer.asks_otherwise).
4. The threshold is the probability that answers most questions right while wrong numbers claimed as
   found (a wrong figure, or a figure claimed for an absent question) stay within --max-wrong of the
   figure and absent questions, in cross-validation — never on the questions the model was fitted on.
5. The model fitted on all questions and that threshold are written to qa/data/scorer.json; the
   cross-validation report (overall, per set, per report) to bench/calibration_report.md.
   Before 3–4, the weights of the word-overlap total (qa/lookup.Weights) are chosen: each weighting of
   LEXICAL_GRID is judged by steps 3–4 on the same observations (`reweighed` recomputes the total), and
   the best replaces LEXICAL_PRIOR only when a sign test over the questions it changes says it is
   better beyond chance.
6. The passage line: every passage question, and every absent question asked as what / why / which,
   is asked of its report twice — in the folder of all reports, and in a folder holding that report
   alone (the words' rarities, and so the shares, move with what else an archive holds; the line must
   hold in both); each of its three best passages gives (the rarity-weighted share of the
   question's words it holds — the rarities read against each background of PASSAGE_BACKGROUND_GRID —,
   its cosine with the question). A question is answered when one of them reaches coverage + weight ·
   (cosine − origin) ≥ limit; it is right when the evidence is among those three (passage questions) or
   when none reaches it (absent ones). For each background and origin, the weight and limit with the
   most right less twice the wrong are chosen (ties: the widest run of equally good limits, at its
   middle); the best background and origin replace the prior ones (PASSAGE_BACKGROUND_PRIOR,
   PASSAGE_ORIGIN_PRIOR) only beyond chance, as the lexical weights do; all is checked leave-one-report-out.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import groupby, product
from math import comb
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import ROOT, SETS, files_for, ingested  # noqa: E402
from bench.near_miss import near_misses  # noqa: E402
from index.embed.embedder import load_embedder  # noqa: E402
from index.records import Figure  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.text.normalize import simplified  # noqa: E402
from qa.assistant import Assistant, load_assistant  # noqa: E402
from qa.evaluate import read_questions, same_value  # noqa: E402
from qa.features import CONFIDENCE_FEATURES, FEATURES, reweighed  # noqa: E402
from qa.lookup import Weights  # noqa: E402
from qa.records import FigureHit, Filters, Question  # noqa: E402
from qa.scorer import Scorer, asks_otherwise, confidence_probability  # noqa: E402
from qa.verify import declared_parts, said_words, set_aside  # noqa: E402

DEFAULT_SETS = "seed,real,disclosures,extra,absent,forms"
DEFAULT_CONFIDENCE_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
PASSAGES_WEIGHED = 3  # the answer shows its best passages; the evaluation looks among the first three
WRONG_PASSAGE_COST = 2  # a wrong passage answer counts as two right ones lost
PASSAGE_KINDS = ("what", "list", "why")  # question forms a passage may answer (qa/assistant.py)
LIMIT_GRID = tuple(round(float(v), 2) for v in np.arange(0.2, 1.6, 0.01))
MEANING_WEIGHT_GRID = (0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)  # 0: the words alone decide
# The cosine a passage's meaning counts from (cosines of the default model's unrelated texts lie near the
# prior): it decides how a passage with a cosine compares with one the dense search did not return.
PASSAGE_ORIGIN_PRIOR = 0.85
PASSAGE_ORIGIN_GRID = (0.8, 0.825, 0.85, 0.875, 0.9)
# How many chunks without any of the question's words a passage's words are weighed against besides
# the archive's (qa/understand.Understander.passage_background): 0 weighs them by the archive alone.
PASSAGE_BACKGROUND_PRIOR = 300  # about ten reports' worth, the hand-set value it replaces
PASSAGE_BACKGROUND_GRID = (0, 100, 300, 1000, 3000)
# Near misses (bench/near_miss.py): questions a fitting report cannot answer, generated from its own
# labels. They teach the confidence model what a claim on a neighbour looks like, each weighing a share
# of a labelled question (the weight is chosen by cross-validation from this grid; 0: not used), and
# bound the threshold: no more than MAX_NEAR_MISS of them may be claimed.
NEAR_MISS_SET = "near-miss"
NEAR_MISS_PER_REPORT = 40  # of each kind: sibling, other year, other report (a sample, not a tuned value)
NEAR_MISS_WEIGHT_GRID = (0.0, 0.03, 0.1, 0.3, 1.0)
MAX_NEAR_MISS = 0.01
# How the word-overlap total weighs its parts (qa/lookup.Weights): every combination is tried; the best
# cross-validated replaces the prior only beyond chance (`choose_lexical`). The values span a factor of four around the hand-set ones they replace
# (metric 3, context 1.5, retrieval 0.8, kind 1); a kind weight of 0 drops the kind prior.
OBSERVED_LEXICAL = Weights(1.0, 1.0, 1.0, 1.0)  # what the observation computes with: any will do, `reweighed` redoes it
LEXICAL_PRIOR = Weights(3.0, 1.5, 0.8, 1.0)  # the hand-set weights, kept unless the grid beats them beyond chance
LEXICAL_DEPARTURE_P = 0.05
LEXICAL_GRID = {"metric": (1.5, 3.0, 6.0), "context": (0.75, 1.5, 3.0), "retrieval": (0.4, 0.8, 1.6), "kind": (0.0, 1.0)}


@dataclass
class Observed:
    """One labelled question: its set, report, kind, and its candidates' features and labels."""

    qid: str
    set_name: str
    report: str
    kind: str
    matrix: np.ndarray
    labels: np.ndarray
    values: list[object]  # the candidates' values (the confidence reads the lead over other values)
    answer_type: str = "number"  # what kind of value the question asks (qa/understand.answer_type)
    refused: np.ndarray | None = None  # per candidate: the verify stage sets it aside whatever its confidence
    said: list[frozenset[str]] | None = None  # per candidate: the question's words its evidence says (qa/verify.said_words)


@dataclass
class PassageObserved:
    """One labelled passage question (or absent question asked as what / why / which): its best
    passages' (coverage, cosine) and whether each holds the evidence."""

    qid: str
    set_name: str
    report: str
    kind: str
    # Per background of PASSAGE_BACKGROUND_GRID: each passage's (coverage, cosine); a passage without a
    # cosine (not among the dense results): None.
    fits: dict[int, list[tuple[float, float | None]]]
    holds: list[bool]
    archive: str = "all"  # asked in the folder of all reports ("all") or in one holding its report alone ("alone")


def neutral_scorer() -> Scorer:
    """Features do not depend on the scorer (but for the word-overlap total, which `reweighed` recomputes
    for each lexical weighting tried); this one only lets the assistant load before a fit."""
    n = len(FEATURES)
    return Scorer(FEATURES, np.zeros(n), np.ones(n), np.zeros(n), 0.0, (0.0,) * (len(CONFIDENCE_FEATURES) + 1), 1.0,
                  1.0, 1.0, 1.0, OBSERVED_LEXICAL, PASSAGE_ORIGIN_PRIOR, PASSAGE_BACKGROUND_PRIOR)


def observe(sets: list[str], work: Path, *, cache: Path | None = None, alone: bool = True,
            near: int = NEAR_MISS_PER_REPORT) -> tuple[list[Observed], list[PassageObserved]]:
    """Every labelled question asked of its report in the folder of all reports, and up to `near` near
    misses of each kind per report; with `alone`, the passage-form questions asked again in a folder per
    report (an ingest per report: the tests skip it)."""
    if cache is not None and cache.exists():
        import pickle

        with cache.open("rb") as handle:
            figures, passages = pickle.load(handle)
            return list(figures), list(passages)
    observed = _observe(sets, work, alone, near)
    if cache is not None:
        import pickle

        with cache.open("wb") as handle:
            pickle.dump(observed, handle)
    return observed


def _observe(sets: list[str], work: Path, alone: bool, near: int) -> tuple[list[Observed], list[PassageObserved]]:
    embedder = load_embedder(Settings.from_env())
    loaded = {name: read_questions(SETS[name][0]) for name in sets}
    files = sorted({p for name, items in loaded.items() for p in files_for(items, SETS[name][1]).values()})
    assistant = load_assistant(ingested(work / "all", files, embedder), embedder=embedder, scorer=neutral_scorer())
    indexed = {r.name for r in assistant.reports.values()}
    observed = []
    passages = []
    for name, items in loaded.items():
        for item in items:
            if item.get("report") not in indexed:
                continue
            passage = _observe_passage(assistant, name, item, "all")
            passages += [passage] if passage else []
            if item["kind"] not in ("figure", "absent"):
                continue
            asked, hits, matrix = assistant.figure_candidates(str(item["question"]), filters=Filters(report=str(item["report"])))
            labels = np.array([
                item["kind"] == "figure" and same_value(_value(h.figure), item["value"], got_unit=h.figure.unit, gold_unit=item.get("unit"))
                for h in hits
            ], dtype=np.int64)
            observed.append(Observed(str(item["id"]), name, str(item["report"]), str(item["kind"]), matrix, labels,
                                     [_amount(h.figure) for h in hits], asked.answer_type, _refused(asked, hits),
                                     [said_words(asked, h) for h in hits]))
    fitting = {str(i["report"]) for items in loaded.values() for i in items}
    generated = near_misses(assistant.retriever.store, random.Random(7), near, reports=fitting) if near else []
    for k, miss in enumerate(g for g in generated if g.kind != "positive"):
        asked, hits, matrix = assistant.figure_candidates(miss.question, filters=Filters(report=miss.report))
        observed.append(Observed(f"near{k}", NEAR_MISS_SET, miss.report, "absent", matrix,
                                 np.zeros(len(hits), dtype=np.int64), [_amount(h.figure) for h in hits],
                                 asked.answer_type, _refused(asked, hits), [said_words(asked, h) for h in hits]))
    assistant.retriever.store.close()
    for name, items in loaded.items() if alone else ():
        for report, path in files_for(items, SETS[name][1]).items():
            questions = [i for i in items if i.get("report") == report and i["kind"] in ("passage", "absent")]
            if not questions:
                continue
            single = load_assistant(ingested(work / "alone" / report, [path], embedder), embedder=embedder,
                                    scorer=neutral_scorer())
            passages += [p for p in (_observe_passage(single, name, i, "alone") for i in questions) if p]
            single.retriever.store.close()
    return observed, passages


def without_features(observed: list[Observed], names: list[str]) -> list[Observed]:
    """The observations with these features' columns zeroed, as if never computed: a fit on them gives
    each a weight of exactly 0 (a constant column is standardised to 0), so the scorer answers as one
    that never reads them."""
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise SystemExit(f"unknown features {unknown}; choose from {', '.join(FEATURES)}")
    columns = [FEATURES.index(n) for n in names]
    if not columns:
        return observed
    zeroed = []
    for o in observed:
        matrix = o.matrix.copy()
        matrix[:, columns] = 0.0
        zeroed.append(replace(o, matrix=matrix))
    return zeroed


def _refused(question: Question, hits: list[FigureHit]) -> np.ndarray:
    parts = declared_parts(hits)
    return np.array([set_aside(question, h, hits, parts) is not None for h in hits], dtype=bool)


def _observe_passage(assistant: Assistant, set_name: str, item: dict[str, object], archive: str) -> PassageObserved | None:
    """A passage question, or an absent one asked as what / why / which, asked of its report: its three
    best passages' fits and whether each holds the evidence; None for other questions."""
    if item["kind"] not in ("passage", "absent"):
        return None
    question, found, vector = assistant.passage_candidates(str(item["question"]), filters=Filters(report=str(item["report"])))
    if item["kind"] == "absent" and question.kind not in PASSAGE_KINDS:
        return None
    evidence = simplified(str(item.get("evidence") or ""))
    weighed = found[:PASSAGES_WEIGHED]
    rarities = assistant.retriever.index.rarities(list(question.words), backgrounds=PASSAGE_BACKGROUND_GRID)
    fits = {background: [assistant.passage_fit(replace(question, passage_rarity=tuple(r[w] for w in question.words)),
                                               p, vector) for p in weighed]
            for background, r in zip(PASSAGE_BACKGROUND_GRID, rarities, strict=True)}
    return PassageObserved(str(item["id"]), set_name, str(item["report"]), str(item["kind"]), fits,
                           [item["kind"] == "passage" and evidence in simplified(p.chunk.text) for p in weighed], archive)


@dataclass(frozen=True)
class PassageLine:
    """The passage line (qa/scorer.Scorer.passage_answers) and the background its coverages are read against."""

    limit: float
    weight: float
    origin: float = PASSAGE_ORIGIN_PRIOR
    background: int = PASSAGE_BACKGROUND_PRIOR

    def scorer(self) -> Scorer:
        return replace(neutral_scorer(), passage_limit=self.limit, passage_meaning_weight=self.weight,
                       passage_meaning_origin=self.origin, passage_background=self.background)


def passage_outcome(o: PassageObserved, line: PassageLine) -> str:
    """right, refused or wrong for one passage-form question under a passage line."""
    scorer = line.scorer()
    answered = any(scorer.passage_answers(c, m) for c, m in o.fits[line.background])
    if o.kind == "absent":
        return "claimed" if answered else "right"
    if not answered:
        return "refused"
    return "right" if any(o.holds) else "wrong"


def _best_reach(observed: list[PassageObserved], background: int, origin: float, weight: float) -> np.ndarray:
    """Per question, the highest coverage + weight · (cosine − origin) of its passages (−inf: none),
    as Scorer.passage_answers computes each: answered exactly when this reaches the limit."""
    return np.array([max((c + (0.0 if m is None else weight * (m - origin)) for c, m in o.fits[background]),
                         default=-np.inf) for o in observed])


def _line_scores(observed: list[PassageObserved], reach: np.ndarray) -> np.ndarray:
    """Per limit of LIMIT_GRID: questions right less WRONG_PASSAGE_COST times those answered wrongly."""
    absent = np.array([o.kind == "absent" for o in observed], dtype=bool)
    holds = np.array([any(o.holds) for o in observed], dtype=bool)
    answered = reach[None, :] >= np.array(LIMIT_GRID)[:, None]
    right = (answered & ~absent & holds) | (~answered & absent)
    wrong = answered & (absent | ~holds)
    return np.asarray(right.sum(axis=1) - WRONG_PASSAGE_COST * wrong.sum(axis=1))


def _line_for(observed: list[PassageObserved], background: int, origin: float) -> tuple[tuple[int, int], PassageLine]:
    """For one background and origin, (score, width of its run) and the line with the most questions
    right less twice the questions answered wrongly (a passage claimed for what the report never says
    costs more than a refusal). Ties: the weight whose run of equally good limits is widest, at the
    middle of that run — the edge of the run (the most cautious limit, as this chose until measured) put
    questions of other archives a hair below the line: the words' rarities, and so the shares, move
    with what else the archive holds."""
    best: tuple[int, int, float, float] | None = None
    for weight in MEANING_WEIGHT_GRID:
        scores = _line_scores(observed, _best_reach(observed, background, origin, weight)).tolist()
        top = max(scores)
        for score, run in groupby(enumerate(scores), key=lambda pair: pair[1]):
            if score != top:
                continue
            limits = [i for i, _ in run]
            key = (top, len(limits) - 1, LIMIT_GRID[(limits[0] + limits[-1]) // 2], -weight)
            if best is None or key > best:
                best = key
    assert best is not None
    return (best[0], best[1]), PassageLine(best[2], -best[3], origin, background)


def _passage_scores(observed: list[PassageObserved], line: PassageLine) -> dict[tuple[str, str], int]:
    """Per question and archive: +1 right, 0 refused, −1 answered wrongly (an absent one answered)."""
    value = {"right": 1, "refused": 0, "wrong": -1, "claimed": -1}
    return {(o.qid, o.archive): value[passage_outcome(o, line)] for o in observed}


def _top_line(tried: list[tuple[tuple[int, int], PassageLine]]) -> PassageLine:
    """The best line tried; among equally good ones the prior background, then the prior origin (an origin
    decides nothing where no passage has a cosine)."""
    return max(tried, key=lambda t: (t[0], t[1].background == PASSAGE_BACKGROUND_PRIOR,
                                     t[1].origin == PASSAGE_ORIGIN_PRIOR))[1]


def choose_passage_line(observed: list[PassageObserved]) -> tuple[PassageLine, list[tuple[tuple[int, int], PassageLine]],
                                                                  tuple[int, int, float]]:
    """The passage line: for each background and origin of the grids its best weight and limit
    (`_line_for`); the best of those replaces the prior background and origin only when a sign test over
    the questions it changes says it is better beyond chance (p < LEXICAL_DEPARTURE_P). Returns the
    chosen line, every one tried, and the test."""
    tried = [_line_for(observed, background, origin)
             for background in PASSAGE_BACKGROUND_GRID for origin in PASSAGE_ORIGIN_GRID]
    prior = next(line for _, line in tried
                 if (line.background, line.origin) == (PASSAGE_BACKGROUND_PRIOR, PASSAGE_ORIGIN_PRIOR))
    top = _top_line(tried)
    test = paired_sign_test(_passage_scores(observed, top), _passage_scores(observed, prior))
    return (top if test[2] < LEXICAL_DEPARTURE_P else prior), tried, test


def passage_tally(judged: list[tuple[PassageObserved, str]]) -> dict[str, int]:
    t = {"passage": 0, "passage_right": 0, "passage_refused": 0, "passage_wrong": 0, "absent": 0, "absent_right": 0}
    for o, result in judged:
        if o.kind == "passage":
            t["passage"] += 1
            t[f"passage_{result}"] += 1
        else:
            t["absent"] += 1
            t["absent_right"] += result == "right"
    return t


def passage_cross_validation(observed: list[PassageObserved]) -> list[tuple[PassageObserved, str]]:
    """Each report's questions judged by the line chosen on the other reports' questions."""
    judged = []
    for report in sorted({o.report for o in observed}):
        line, _, _ = choose_passage_line([o for o in observed if o.report != report])
        judged += [(o, passage_outcome(o, line)) for o in observed if o.report == report]
    return judged


def passage_report(observed: list[PassageObserved], line: PassageLine,
                   tried: list[tuple[tuple[int, int], PassageLine]], test: tuple[int, int, float]) -> str:
    fitted_judged = [(o, passage_outcome(o, line)) for o in observed]
    crossed_judged = passage_cross_validation(observed)
    top = _top_line(tried)
    head = "| | passage questions | right | refused | wrong | absent (what / why / which) right |\n|---|---|---|---|---|---|"

    def row(label: str, t: dict[str, int]) -> str:
        return (f"| {label} | {t['passage']} | {t['passage_right']} | {t['passage_refused']} | {t['passage_wrong']} | "
                f"{t['absent_right']}/{t['absent']} |")

    return "\n".join([
        "## Passage line", "",
        f"A passage answers when the share of the question's words it holds (rarity-weighted, against a background "
        f"of **{line.background}** chunks) plus **{line.weight:g}** × (its cosine with the question − "
        f"**{line.origin:g}**) reaches **{line.limit:.2f}**. Chosen on all questions below (most right less twice "
        "the wrong); the leave-one-report-out row judges each report by the line chosen without it. "
        f"Of the backgrounds {', '.join(map(str, PASSAGE_BACKGROUND_GRID))} and origins "
        f"{', '.join(f'{v:g}' for v in PASSAGE_ORIGIN_GRID)}, the best ({top.background}, {top.origin:g}) does better "
        f"than the prior ({PASSAGE_BACKGROUND_PRIOR}, {PASSAGE_ORIGIN_PRIOR:g}) on {test[0]} questions and worse on "
        f"{test[1]} (one-sided sign test p = {test[2]:.3f}; it replaces it below p = {LEXICAL_DEPARTURE_P:g}).", "",
        head,
        *(row(f"{label}, {place}", passage_tally([(o, r) for o, r in judged if o.archive == archive]))
          for label, judged in (("chosen on all", fitted_judged), ("leave-one-report-out", crossed_judged))
          for archive, place in (("all", "all reports in one folder"), ("alone", "each report alone"))),
        "",
    ])


def _value(figure: object) -> object:
    assert isinstance(figure, Figure)
    return figure.answer_value


def _amount(figure: object) -> object:
    assert isinstance(figure, Figure)
    return figure.amount


def fit_ranker(observed: list[Observed], c: float, lexical: Weights = OBSERVED_LEXICAL) -> Scorer:
    """The ranker over the observed rows (whose lexical total was computed with `lexical`)."""
    from sklearn.linear_model import LogisticRegression

    # A near miss has no right candidate: it says nothing of which candidate is the answer.
    rows = [o for o in observed if len(o.labels) and o.set_name != NEAR_MISS_SET]
    x = np.concatenate([o.matrix for o in rows])
    y = np.concatenate([o.labels for o in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((x - mean) / scale, y)
    return Scorer(FEATURES, mean, scale, model.coef_[0].astype(float), float(model.intercept_[0]),
                  (0.0,) * (len(CONFIDENCE_FEATURES) + 1), 0.5, 1.0, 1.0, 0.5, lexical,
                  PASSAGE_ORIGIN_PRIOR, PASSAGE_BACKGROUND_PRIOR)


@dataclass
class Ranked:
    """A question's candidates ranked by a ranker that never saw its report."""

    obs: Observed
    inputs: np.ndarray  # Scorer.confidence_inputs of the candidate claimed
    correct: bool  # the candidate claimed (`claimed_candidate`) holds the gold value
    reachable: bool  # some candidate holds it
    empty: bool  # no candidate at all
    vetoed: bool = False  # none may be claimed: the verify stage refuses every one (qa/verify.refused), or the
    # best of the others is a value the question rules out (qa/scorer.asks_otherwise)


def rank_out_of_report(observed: list[Observed], c: float) -> list[Ranked]:
    """Each question's candidates ranked by a ranker fitted on the other reports; the candidate claimed
    is the one the verify stage would claim (`claimed_candidate`)."""
    return claims_of(logits_out_of_report(observed, c))


def logits_out_of_report(observed: list[Observed], c: float) -> list[tuple[Observed, Scorer, np.ndarray]]:
    """Each question with the ranker fitted without its report, and that ranker's logits of its candidates."""
    scored = []
    for report in sorted({o.report for o in observed}):
        ranker = fit_ranker([o for o in observed if o.report != report], c)
        scored += [(o, ranker, ranker.logits(o.matrix)) for o in observed if o.report == report]
    return scored


def claims_of(scored: list[tuple[Observed, Scorer, np.ndarray]]) -> list[Ranked]:
    ranked = []
    for o, ranker, logits in scored:
        if len(o.labels) == 0:
            ranked.append(Ranked(o, np.zeros(len(CONFIDENCE_FEATURES)), False, False, True))
            continue
        chosen = claimed_candidate(o, logits)
        inputs = ranker.confidence_inputs(o.matrix, o.values, logits)[0 if chosen is None else chosen]
        ranked.append(Ranked(o, inputs, chosen is not None and bool(o.labels[chosen]), bool(o.labels.any()), False,
                             chosen is None))
    return ranked


def claimed_candidate(o: Observed, logits: np.ndarray) -> int | None:
    """The candidate the verify stage claims when the confidence allows (qa/verify.claimable): the first,
    best first, that the verify stage does not refuse (全年预算 when the ranker put 年初预算 first for
    全年预算多少) and that says every word of the question a candidate above it says — none when it is a
    kind of value the question rules out."""
    said_above: frozenset[str] = frozenset()
    for j in np.argsort(-logits, kind="stable"):
        said = o.said[j] if o.said is not None else frozenset()
        if (o.refused is None or not o.refused[j]) and said_above <= said:
            return None if asks_otherwise(o.matrix, int(j)) else int(j)
        said_above |= said
    return None


def fit_confidence(ranked: list[Ranked], c: float, near_weight: float) -> tuple[float, ...]:
    """Weights (then the bias) of the confidence over the best candidates' CONFIDENCE_FEATURES; each
    near miss weighs `near_weight` of a labelled question (0: left out)."""
    from sklearn.linear_model import LogisticRegression

    rows = [r for r in ranked if not r.empty and not r.vetoed  # a vetoed best candidate is never weighed
            and (near_weight > 0 or r.obs.set_name != NEAR_MISS_SET)]
    x = np.stack([r.inputs for r in rows])
    y = np.array([r.correct for r in rows], dtype=np.int64)
    if len(set(y.tolist())) < 2:
        return (0.0,) * (x.shape[1] + 1)
    weight = np.array([near_weight if r.obs.set_name == NEAR_MISS_SET else 1.0 for r in rows])
    # Fitted on standardised inputs, so that the penalty weighs each input alike whatever its scale (the
    # ranker's logit spans tens, coverage one); returned as weights of the raw inputs, which the scorer reads.
    mean = np.average(x, axis=0, weights=weight)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=weight))
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y, sample_weight=weight)
    raw = model.coef_[0] / scale
    return (*(float(w) for w in raw), float(model.intercept_[0] - raw @ mean))



@dataclass
class Outcome:
    """The cross-validated best candidate of one question and its confidence."""

    obs: Observed
    probability: float  # confidence that the best candidate is right (0 when there is none)
    correct: bool
    reachable: bool


def confidence_outcomes(ranked: list[Ranked], confidence_c: float, near_weight: float) -> list[Outcome]:
    """Each question's confidence from a confidence model fitted on the other reports' rankings."""
    outcomes = []
    for report in sorted({r.obs.report for r in ranked}):
        weights = fit_confidence([r for r in ranked if r.obs.report != report], confidence_c, near_weight)
        for r in (r for r in ranked if r.obs.report == report):
            p = 0.0 if r.empty or r.vetoed else confidence_probability(weights, r.inputs)
            outcomes.append(Outcome(r.obs, p, r.correct, r.reachable))
    return outcomes


def cross_validate(observed: list[Observed], c: float, confidence_c: float,
                   near_weight: float = 0.0) -> tuple[list[Outcome], list[Ranked]]:
    """Ranker and confidence both validated leave-one-report-out, at one confidence regularisation."""
    ranked = rank_out_of_report(observed, c)
    return confidence_outcomes(ranked, confidence_c, near_weight), ranked


# (the confidence a best candidate needs when a number is asked, when words are asked)
Thresholds = tuple[float, float]


@dataclass
class Choice:
    """One regularisation and near-miss weight of the confidence model, its cross-validated outcomes and
    best thresholds."""

    confidence_c: float
    near_weight: float
    outcomes: list[Outcome]
    threshold: Thresholds

    def key(self) -> tuple[int, int, int, float]:
        """More right answers; then fewer wrong claims; then fewer near misses claimed; then the more
        cautious threshold."""
        t = tally(self.outcomes, self.threshold)
        return (t["figure_right"] + t["absent_right"], -(t["figure_wrong"] + t["absent_claimed"]),
                -t["near_claimed"], self.threshold)


def choose_confidence(ranked: list[Ranked], grid: list[float], max_wrong: float,
                      near_grid: tuple[float, ...] = NEAR_MISS_WEIGHT_GRID) -> tuple[Choice, list[Choice]]:
    """The confidence regularisation and near-miss weight (and their thresholds) with the best
    cross-validated outcomes."""
    if not any(r.obs.set_name == NEAR_MISS_SET for r in ranked):
        near_grid = (0.0,)
    choices = []
    for confidence_c in grid:
        for near_weight in near_grid:
            outcomes = confidence_outcomes(ranked, confidence_c, near_weight)
            choices.append(Choice(confidence_c, near_weight, outcomes, choose_threshold(outcomes, max_wrong)))
    return max(choices, key=Choice.key), choices


@dataclass
class LexicalChoice:
    """One weighting of the word-overlap total and the best confidence choice it allows."""

    weights: Weights
    best: Choice


def reweigh(observed: list[Observed], weights: Weights) -> list[Observed]:
    return [replace(o, matrix=reweighed(o.matrix, weights)) for o in observed]


def question_scores(choice: Choice) -> dict[str, int]:
    """Per labelled question: +1 answered right (or an absent one refused), -1 a wrong number claimed, 0 refused."""
    scores = {}
    for o in choice.outcomes:
        if o.obs.set_name == NEAR_MISS_SET:
            continue
        claimed = is_claimed(o, choice.threshold)
        scores[o.obs.qid] = (1 if o.correct else -1) * claimed if o.obs.kind == "figure" else (-1 if claimed else 1)
    return scores


def sign_test(better: Choice, prior: Choice) -> tuple[int, int, float]:
    """`paired_sign_test` of two rankings' outcomes of the same questions."""
    return paired_sign_test(question_scores(better), question_scores(prior))


def paired_sign_test(new: Mapping[Any, int], old: Mapping[Any, int]) -> tuple[int, int, float]:
    """(questions the new choice does better on, worse on, the one-sided sign-test p of so many or more
    going its way by chance), from each question's score under both."""
    wins = sum(new[q] > old[q] for q in old)
    losses = sum(new[q] < old[q] for q in old)
    n = wins + losses
    return wins, losses, sum(comb(n, k) for k in range(wins, n + 1)) / 2 ** n if n else 1.0


def choose_lexical(observed: list[Observed], c: float, grid: list[float], max_wrong: float
                   ) -> tuple[Weights, list[LexicalChoice], tuple[int, int, float]]:
    """The weighting of the word-overlap total (LEXICAL_GRID) whose cross-validated ranking, with its
    best confidence choice, answers most right with fewest wrong claims (Choice.key) — kept only when a
    sign test over the questions it changes says it beats LEXICAL_PRIOR by more than chance (p <
    LEXICAL_DEPARTURE_P). A best of 54 tried on a few hundred questions wins a question or two by luck: the
    first grid chosen by the count alone (context 3, no kind prior: 2 questions better, none worse) lost
    two wrong numbers on the validation part."""
    tried = []
    for metric, context, retrieval, kind in product(*LEXICAL_GRID.values()):
        weights = Weights(metric, context, retrieval, kind)
        best, _ = choose_confidence(rank_out_of_report(reweigh(observed, weights), c), grid, max_wrong)
        tried.append(LexicalChoice(weights, best))
    top = max(tried, key=lambda t: t.best.key())
    prior = next(t for t in tried if t.weights == LEXICAL_PRIOR)
    test = sign_test(top.best, prior.best)
    return (top.weights if test[2] < LEXICAL_DEPARTURE_P else prior.weights), tried, test


def lexical_report(tried: list[LexicalChoice], chosen: Weights, test: tuple[int, int, float]) -> str:
    top = max(tried, key=lambda t: t.best.key())
    w = top.weights
    lines = ["## Weights of the word-overlap total (qa/lookup.Weights)", "",
             f"Each weighting judged with its best confidence choice (most right, then fewest wrong, then fewest near "
             f"misses claimed). The best, metric {w.metric:g} · context {w.context:g} · retrieval {w.retrieval:g} · "
             f"kind {w.kind:g}, does better than the prior weights on {test[0]} questions and worse on {test[1]} "
             f"(one-sided sign test p = {test[2]:.3f}; it replaces them below p = {LEXICAL_DEPARTURE_P:g}): chosen "
             f"{chosen.metric:g} · {chosen.context:g} · {chosen.retrieval:g} · {chosen.kind:g}.", "",
             "| metric | context | retrieval | kind | confidence C | figure right | wrong claimed | absent right "
             "| near misses claimed |", "|---|---|---|---|---|---|---|---|---|"]
    for t in tried:
        n = tally(t.best.outcomes, t.best.threshold)
        mark = " **(chosen)**" if t.weights == chosen else (" (prior)" if t.weights == LEXICAL_PRIOR else "")
        w = t.weights
        lines.append(f"| {w.metric:g} | {w.context:g} | {w.retrieval:g} | {w.kind:g}{mark} | {t.best.confidence_c:g} "
                     f"| {n['figure_right']} | {n['figure_wrong'] + n['absent_claimed']} | {n['absent_right']} "
                     f"| {n['near_claimed']}/{n['near']} |")
    return "\n".join(lines) + "\n"


def nested_outcomes(choices: list[Choice], max_wrong: float) -> list[tuple[Outcome, float]]:
    """An honest check of choosing C and the threshold on the same outcomes: each report's questions
    judged by the C and threshold chosen on the other reports' outcomes only."""
    judged = []
    for report in sorted({o.obs.report for o in choices[0].outcomes}):
        inner = [Choice(ch.confidence_c, ch.near_weight, [o for o in ch.outcomes if o.obs.report != report], (0.0, 0.0))
                 for ch in choices]
        for choice in inner:
            choice.threshold = choose_threshold(choice.outcomes, max_wrong)
        best = max(inner, key=Choice.key)
        chosen = next(ch for ch in choices if (ch.confidence_c, ch.near_weight) == (best.confidence_c, best.near_weight))
        judged += [(o, best.threshold) for o in chosen.outcomes if o.obs.report == report]
    return judged


def is_claimed(o: Outcome, threshold: Thresholds) -> bool:
    """Is the question's best candidate shown as found at these thresholds (numbers asked, words asked)?"""
    return o.probability >= threshold[o.obs.answer_type != "number"] and o.probability > 0


def tally(outcomes: list[Outcome], threshold: Thresholds | None = None, *,
          judged: list[tuple[Outcome, Thresholds]] | None = None) -> dict[str, int]:
    """Counts of right, refused and wrong at one pair of thresholds (or each outcome at its own, `judged`)."""
    t = {"figure": 0, "figure_right": 0, "figure_wrong": 0, "figure_refused": 0, "absent": 0, "absent_right": 0,
         "absent_claimed": 0, "reachable": 0, "top1": 0, "near": 0, "near_claimed": 0}
    for o, at in judged if judged is not None else ((o, threshold) for o in outcomes):
        assert at is not None
        claimed = is_claimed(o, at)
        if o.obs.set_name == NEAR_MISS_SET:  # counted apart: generated, not asked by people
            t["near"] += 1
            t["near_claimed"] += claimed
        elif o.obs.kind == "figure":
            t["figure"] += 1
            t["reachable"] += o.reachable
            t["top1"] += o.correct
            t["figure_right"] += claimed and o.correct
            t["figure_wrong"] += claimed and not o.correct
            t["figure_refused"] += not claimed
        else:
            t["absent"] += 1
            t["absent_right"] += not claimed
            t["absent_claimed"] += claimed
    return t


THRESHOLD_GRID = np.round(np.arange(0.05, 1.0, 0.005), 3)
# A number is claimed only when the confidence says it is more likely right than not. Unbounded, the fit
# at session 35's code chose a line of 0.325 (confidence C=0.01, near misses weighed 0.3) for 2 more
# right answers in cross-validation, and it claimed twice the validation part's wrong numbers. Words
# asked (是谁, 文号) may have a lower line: fewer candidates of that kind compete.
MIN_NUMBER_THRESHOLD = 0.5


def _right_and_wrong(outcomes: list[Outcome]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each threshold of THRESHOLD_GRID: the labelled questions answered right, those claimed
    wrongly, and the near misses claimed."""
    p = np.array([o.probability for o in outcomes])
    near = np.array([o.obs.set_name == NEAR_MISS_SET for o in outcomes], dtype=bool)
    figure = np.array([o.obs.kind == "figure" for o in outcomes], dtype=bool)
    correct = np.array([o.correct for o in outcomes], dtype=bool)
    claimed = (p[None, :] >= THRESHOLD_GRID[:, None]) & (p[None, :] > 0)
    right = (claimed & figure & correct).sum(axis=1) + (~claimed & ~figure & ~near).sum(axis=1)
    return right, (claimed & ~(figure & correct) & ~near).sum(axis=1), (claimed & near).sum(axis=1)


def choose_threshold(outcomes: list[Outcome], max_wrong: float) -> Thresholds:
    """The pair of thresholds (numbers asked, words asked) with the most right answers among those whose
    wrong claims stay within bounds, labelled and near misses each (ties: the highest, the most cautious)."""
    numbers = [o for o in outcomes if o.obs.answer_type == "number"]
    words = [o for o in outcomes if o.obs.answer_type != "number"]
    right_n, wrong_n, near_n = _right_and_wrong(numbers)
    right_w, wrong_w, near_w = _right_and_wrong(words)
    right = right_n[:, None] + right_w[None, :]
    near = sum(o.obs.set_name == NEAR_MISS_SET for o in outcomes)
    labelled = len(outcomes) - near
    allowed = ((wrong_n[:, None] + wrong_w[None, :] <= max_wrong * labelled)
               & (near_n[:, None] + near_w[None, :] <= MAX_NEAR_MISS * near)
               & (THRESHOLD_GRID[:, None] >= MIN_NUMBER_THRESHOLD))
    if not allowed.any():
        return 0.99, 0.99
    best = max(zip(*np.nonzero(allowed), strict=True), key=lambda ij: (right[ij], THRESHOLD_GRID[ij[0]], THRESHOLD_GRID[ij[1]]))
    return float(THRESHOLD_GRID[best[0]]), float(THRESHOLD_GRID[best[1]])


def _line(label: str, t: dict[str, int]) -> str:
    fig = max(1, t["figure"])
    return (f"| {label} | {t['figure']} | {t['figure_right']} ({t['figure_right'] / fig:.0%}) | {t['figure_refused']} | "
            f"{t['figure_wrong']} ({t['figure_wrong'] / fig:.1%}) | {t['top1']} | {t['reachable']} | "
            f"{t['absent_right']}/{t['absent']} |")


def report(outcomes: list[Outcome], threshold: Thresholds, c: float, scorer: Scorer, sets: list[str],
           choices: list[Choice], nested: dict[str, int]) -> str:
    head = ("| questions | figure | right | refused | wrong claimed | top-1 any threshold | gold among candidates | absent right |\n"
            "|---|---|---|---|---|---|---|---|")
    lines = [
        "# Figure scorer: leave-one-report-out cross-validation",
        "",
        f"Written by `make calibrate` (bench/calibrate.py) over the sets {', '.join(sets)}. Logistic regression "
        f"(C={c}) over {len(FEATURES)} features ranks the candidates, a second one over a few features of the candidate "
        "the verify stage keeps (the best of those its evidence accounts for) gives the confidence; every row below is scored by a model that never "
        "saw that report's questions. A figure question is right when that candidate holds the gold value and "
        "passes the threshold, wrong when it passes but does not, refused otherwise; an absent question is right "
        "when nothing passes. Thresholds chosen on these cross-validated outcomes: "
        f"**{threshold[0]:.3f}** when a number is asked, **{threshold[1]:.3f}** when words are (是谁, 文号, 哪个单位).",
        "",
        head,
        _line("all", tally(outcomes, threshold)),
    ]
    t = tally(outcomes, threshold)
    lines += ["", f"Near misses generated from the fitting reports (bench/near_miss.py; never the validation part), "
              f"asked of their report: {t['near_claimed']}/{t['near']} claimed "
              f"({t['near_claimed'] / max(1, t['near']):.1%}; bound {MAX_NEAR_MISS:.0%})."]
    for name in sets:
        lines.append(_line(f"set {name}", tally([o for o in outcomes if o.obs.set_name == name], threshold)))
    lines += ["", "## Confidence regularisation and near-miss weight (chosen by the script: most right, then fewest wrong, "
              "then fewest near misses claimed)", "",
              "| confidence C | near-miss weight | thresholds (number, words) | figure right | wrong claimed | absent right "
              "| near misses claimed |", "|---|---|---|---|---|---|---|"]
    for choice in choices:
        t = tally(choice.outcomes, choice.threshold)
        lines.append(f"| {choice.confidence_c:g} | {choice.near_weight:g} | {choice.threshold[0]:.3f}, {choice.threshold[1]:.3f} "
                     f"| {t['figure_right']} | {t['figure_wrong'] + t['absent_claimed']} | {t['absent_right']} "
                     f"| {t['near_claimed']}/{t['near']} |")
    lines += ["", "Nested check (each report judged by the C and threshold chosen without it): "
              f"figure right {nested['figure_right']}/{nested['figure']}, wrong claimed "
              f"{nested['figure_wrong'] + nested['absent_claimed']}, absent right {nested['absent_right']}/{nested['absent']}."]
    lines += ["", "## Per report", "", head]
    for rep in sorted({o.obs.report for o in outcomes}):
        lines.append(_line(rep, tally([o for o in outcomes if o.obs.report == rep], threshold)))
    lines += ["", "## Threshold sweep (all questions, one threshold for both kinds)", "", "| threshold | figure right | wrong claimed | absent right |",
              "|---|---|---|---|"]
    for th in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        t = tally(outcomes, (th, th))
        lines.append(f"| {th:.1f} | {t['figure_right']} | {t['figure_wrong'] + t['absent_claimed']} | {t['absent_right']} |")
    terms = " ".join(f"{w:+.3f}·{n}" for n, w in zip(CONFIDENCE_FEATURES, scorer.confidence, strict=False))
    lines += ["", f"Confidence of the shipped model: sigmoid({terms} {scorer.confidence[-1]:+.3f}), over the "
              "candidate the verify stage keeps, weighed as the best of those from it down.",
              "", "## Ranker coefficients of the shipped model (standardised features)", "", "| feature | weight |",
              "|---|---|"]
    for name, w in sorted(zip(scorer.features, scorer.coef, strict=True), key=lambda p: -abs(p[1])):
        lines.append(f"| {name} | {w:+.3f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=DEFAULT_SETS)
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportqa-eval"))
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--confidence-c", default=",".join(f"{c:g}" for c in DEFAULT_CONFIDENCE_GRID),
                        help="the same for the confidence model: the values tried, the best cross-validated is kept")
    parser.add_argument("--cache", type=Path, help="keep the observed candidates in this file (for trying options)")
    parser.add_argument("--max-wrong", type=float, default=0.02)
    parser.add_argument("--near-misses", type=int, default=NEAR_MISS_PER_REPORT,
                        help="near misses of each kind generated per report (0: none)")
    parser.add_argument("--zero-features", default="",
                        help="features fitted as if never computed (all zero), comma-separated: what a scorer without "
                             "them answers (meaning,meaning_gap,meaning_top,meaning_rank: no figure statement embeddings)")
    parser.add_argument("--out", type=Path, default=ROOT / "qa" / "data" / "scorer.json")
    parser.add_argument("--report", type=Path, default=ROOT / "bench" / "calibration_report.md")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    sets = [s for s in args.sets.split(",") if s]
    observed, passages = observe(sets, args.work, cache=args.cache, near=args.near_misses)
    observed = without_features(observed, [f for f in args.zero_features.split(",") if f])
    line, lines_tried, line_test = choose_passage_line(passages)
    confidence_grid = [float(v) for v in args.confidence_c.split(",")]
    lexical, lexical_tried, lexical_test = choose_lexical(observed, args.c, confidence_grid, args.max_wrong)
    observed = reweigh(observed, lexical)
    ranked = rank_out_of_report(observed, args.c)
    best, choices = choose_confidence(ranked, confidence_grid, args.max_wrong)
    outcomes, threshold = best.outcomes, best.threshold
    nested = tally([], judged=nested_outcomes(choices, args.max_wrong))
    final = fit_ranker(observed, args.c, lexical)
    final = Scorer(final.features, final.mean, final.scale, final.coef, final.intercept,
                   fit_confidence(ranked, best.confidence_c, best.near_weight), threshold[0], line.limit, line.weight,
                   threshold[1], lexical, line.origin, line.background)
    args.out.write_text(json.dumps(final.to_json(fitted_on=sets, c=args.c, cross_validated=True), ensure_ascii=False,
                                   indent=1) + "\n", encoding="utf-8")
    text = report(outcomes, threshold, args.c, final, sets, choices, nested).replace(
        "(C=", f"(confidence C={best.confidence_c:g}, near-miss weight {best.near_weight:g}; ranker C=", 1)
    text += "\n" + lexical_report(lexical_tried, lexical, lexical_test)
    text += "\n" + passage_report(passages, line, lines_tried, line_test)
    args.report.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
