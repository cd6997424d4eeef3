"""The fitted scorer: its file matches the features the code computes, and — fitted again here,
leave-one-report-out, on the labelled sets copied into tests/data — wrong numbers claimed as found
stay rare on reports the model never saw. Gates on cross-validated numbers, not on the questions
the shipped model was fitted on."""

from __future__ import annotations

import json

import numpy as np
import pytest
from testdata import ROOT

from bench.calibrate import (
    DEFAULT_CONFIDENCE_GRID,
    DEFAULT_SETS,
    Observed,
    choose_confidence,
    claimed_candidate,
    fit_ranker,
    nested_outcomes,
    observe,
    passage_cross_validation,
    passage_tally,
    rank_out_of_report,
    reweigh,
    tally,
    without_features,
)
from qa.features import CONFIDENCE_FEATURES, FEATURES
from qa.scorer import ScorerError, asks_otherwise, load_scorer, scorer_from_json

pytestmark = [pytest.mark.slow, pytest.mark.model]

SHIPPED = ROOT / "qa" / "data" / "scorer.json"


def test_the_shipped_scorer_matches_the_features() -> None:
    scorer = load_scorer()
    assert scorer.features == FEATURES and len(scorer.coef) == len(FEATURES)
    assert len(scorer.confidence) == len(CONFIDENCE_FEATURES) + 1
    assert 0.5 <= scorer.threshold < 1.0  # cautious: a figure is claimed only when more likely right than not
    # Words asked (是谁, 文号): fewer candidates compete, a lower confidence suffices — never none at all.
    assert 0.1 <= scorer.words_threshold <= scorer.threshold
    assert scorer.threshold_for("person") == scorer.words_threshold and scorer.threshold_for("number") == scorer.threshold


def test_a_scorer_fitted_on_other_features_is_refused() -> None:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ScorerError, match="make calibrate"):
        scorer_from_json(data)


def test_a_scorer_without_passage_limits_is_refused() -> None:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    del data["passage_limit"]
    with pytest.raises(ScorerError, match="passage limits"):
        scorer_from_json(data)


def test_a_scorer_fitted_for_a_claim_window_is_refused() -> None:
    """Its confidence was fitted on the best candidate of all, not on the best the verify stage keeps."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    data["claim_window"] = 2.0
    with pytest.raises(ScorerError, match="claim window"):
        scorer_from_json(data)


def _candidates(refused: list[bool]) -> Observed:
    n = len(refused)
    return Observed("q", "real", "r", "figure", np.zeros((n, len(FEATURES))), np.zeros(n, dtype=np.int64),
                    list(range(n)), refused=np.array(refused))


def test_calibration_claims_what_the_verify_stage_would() -> None:
    """The best candidate whose evidence accounts for the question (as qa/verify.Verifier.confident claims),
    however far below the best of all; none when the verify stage refuses every one."""
    logits = np.array([1.0, 3.0, 2.5, -1.0])  # best first: 1, 2, 0, 3
    assert claimed_candidate(_candidates([False, False, False, False]), logits) == 1
    assert claimed_candidate(_candidates([False, True, False, False]), logits) == 2
    assert claimed_candidate(_candidates([False, True, True, False]), logits) == 0
    assert claimed_candidate(_candidates([True, True, True, False]), logits) == 3
    assert claimed_candidate(_candidates([True, True, True, True]), logits) is None


def test_a_candidate_is_weighed_as_the_best_of_those_from_it_down() -> None:
    """Its confidence once those ranked above it are set aside: its lead is over the best one below it
    holding another value, and the best's confidence is the one the whole ranking gives it."""
    scorer = load_scorer()
    rng = np.random.default_rng(5)
    matrix = rng.normal(size=(4, len(FEATURES)))
    for name in ("type_fit", "unit_conflict", "level_fit"):
        matrix[:, FEATURES.index(name)] = 0.0  # none ruled out
    values = [1.0, 2.0, 1.0, 3.0]
    logits = np.array([3.0, 2.0, 1.5, -1.0])
    inputs = scorer.confidence_inputs(matrix, values, logits)
    margin = inputs[:, CONFIDENCE_FEATURES.index("margin")]
    assert margin == pytest.approx([1.0, 0.5, 2.5, 6.0])  # 3.0 − 2.0; 2.0 − 1.5; 1.5 − (−1.0); none below
    assert inputs[:, CONFIDENCE_FEATURES.index("logit")] == pytest.approx(logits)
    confidences = scorer.confidences(matrix, values, logits)
    for at in range(4):  # the same as the ranking of those from it down alone
        assert confidences[at] == pytest.approx(scorer.confidence_of(matrix[at:], values[at:], logits[at:]), abs=1e-12)


def test_the_ranker_prefers_the_candidate_the_words_and_meaning_point_to() -> None:
    scorer = load_scorer()
    column = {name: i for i, name in enumerate(FEATURES)}
    good, poor = np.zeros(len(FEATURES)), np.zeros(len(FEATURES))
    for name, value in (("coverage", 1.0), ("lexical_metric", 3.0), ("lexical_total", 6.0), ("lexical_top", 1.0),
                        ("meaning", 0.9), ("meaning_top", 1.0), ("meaning_rank", 1.0), ("lexical_unit", 1.0),
                        ("has_number", 1.0)):
        good[column[name]] = value
    for name, value in (("coverage", 0.2), ("lexical_metric", 0.3), ("lexical_total", 0.5), ("lexical_gap", -5.5),
                        ("meaning", 0.75), ("meaning_gap", -0.15), ("meaning_rank", 0.1), ("lexical_unit", -2.0),
                        ("has_number", 1.0)):
        poor[column[name]] = value
    matrix = np.stack([poor, good])
    probabilities = scorer.probabilities(matrix)
    assert probabilities[1] > probabilities[0]
    assert scorer.confidence_of(matrix, [1.0, 2.0]) > scorer.confidence_of(np.stack([poor, poor]), [1.0, 2.0])
    # However sure the ranker is, a value of a kind, a unit or a level of government (中央 for 市县层面)
    # the question rules out is never claimed, and ranks below every candidate it does not rule out.
    for name, value in (("type_fit", -1.0), ("unit_conflict", 1.0), ("level_fit", -1.0)):
        ruled_out = good.copy()
        ruled_out[column[name]] = value
        assert asks_otherwise(ruled_out[None, :], 0)
        assert scorer.confidence_of(ruled_out[None, :], [1.0]) == 0.0 < scorer.confidence_of(good[None, :], [1.0])
        logits = scorer.logits(np.stack([ruled_out, poor]))
        assert logits[1] > logits[0]
        # Equal up to the last bit: a BLAS blocks a two-row product differently from a one-row one.
        assert scorer.confidence_of(np.stack([ruled_out, poor]), [1.0, 2.0]) == pytest.approx(
            scorer.confidence_of(poor[None, :], [2.0]), rel=1e-12, abs=1e-12)


def test_a_feature_fitted_as_never_computed_weighs_exactly_nothing() -> None:
    """`make calibrate --zero-features meaning,…`: what a scorer without figure statement embeddings answers."""
    rng = np.random.default_rng(3)
    observed = []
    for q in range(40):
        matrix = rng.normal(size=(5, len(FEATURES)))
        labels = np.zeros(5, dtype=np.int64)
        labels[int(np.argmax(matrix[:, FEATURES.index("meaning")]))] = 1  # meaning alone points to the answer
        observed.append(Observed(f"q{q}", "set", f"r{q % 4}", "figure", matrix, labels, list(range(5))))
    meaning = [FEATURES.index(n) for n in ("meaning", "meaning_gap", "meaning_top", "meaning_rank")]
    zeroed = without_features(observed, ["meaning", "meaning_gap", "meaning_top", "meaning_rank"])
    assert all((o.matrix[:, meaning] == 0).all() for o in zeroed)
    assert (observed[0].matrix[:, meaning] != 0).any()  # the observations given are left as they were
    assert (fit_ranker(zeroed, 1.0).coef[meaning] == 0.0).all()
    assert (fit_ranker(observed, 1.0).coef[meaning] != 0.0).any()
    with pytest.raises(SystemExit, match="unknown features"):
        without_features(observed, ["cosine"])


@pytest.fixture(scope="module")
def cross_validated(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    # The passage questions are asked in the folder of all reports only (`make calibrate` asks them of
    # each report alone too: an ingest per report, minutes this suite does not spend).
    observed, passages = observe(DEFAULT_SETS.split(","), tmp_path_factory.mktemp("calibration"), alone=False)
    observed = reweigh(observed, load_scorer().lexical)  # the word-overlap total as the shipped file weighs it
    best, choices = choose_confidence(rank_out_of_report(observed, 1.0), list(DEFAULT_CONFIDENCE_GRID), 0.02)
    return best, choices, passages


def test_cross_validated_wrong_claims_stay_rare(cross_validated: tuple) -> None:
    best, choices, _ = cross_validated
    t = tally(best.outcomes, best.threshold)
    claimed_wrong = t["figure_wrong"] + t["absent_claimed"]
    assert claimed_wrong <= 0.02 * (t["figure"] + t["absent"]), t
    # Measured: 135 of 261 figure questions right on unseen reports when this test was written (52%),
    # 199 once the confidence's regularisation was chosen by cross-validation (76%), 216 (83%) once
    # run-on table rows named no figure and the form's reading replaced a grid's `≧` (115/156 real), 241
    # (90%; 133/156 real) once pipe tables kept merged cells and totals, batches and actions were named,
    # 247 (93%; 139/156 real) once a candidate the question rules out ranked below all others, 251
    # (94%; 143/156 real) once broken pipe rows, worded targets, enumerated counts and stated totals were read;
    # 251 with 2 wrong claims (was 3; 142/156 real) once 分值 / 满分 asked a score; 246 (92%; 138/156
    # real, 2 wrong) once the verify stage's refusals were counted and near misses bounded the line
    # (they were claimed 114 times in 1,938 at the line before, 8 after).
    assert t["figure_right"] >= 0.92 * t["figure"], t
    real = tally([o for o in best.outcomes if o.obs.set_name == "real"], best.threshold)
    assert real["figure_right"] >= 0.88 * real["figure"], real
    assert t["absent_right"] >= 0.9 * t["absent"], t
    # Near misses generated from the fitting reports (bench/near_miss.py): at most 1 % claimed, and
    # thousands of them (a generator that stops generating cannot pass).
    assert t["near"] >= 1500 and t["near_claimed"] <= 0.01 * t["near"], t
    # Choosing C and the threshold on these outcomes is checked nested: each report judged without it.
    nested = tally([], judged=nested_outcomes(choices, 0.02))
    assert nested["figure_wrong"] + nested["absent_claimed"] <= 0.03 * (nested["figure"] + nested["absent"]), nested
    assert nested["figure_right"] >= 0.9 * nested["figure"], nested  # measured 248/267 (93%), 5 wrong


def test_cross_validated_seed_stays_mostly_answered(cross_validated: tuple) -> None:
    best, _, _ = cross_validated
    seed = tally([o for o in best.outcomes if o.obs.set_name == "seed"], best.threshold)
    assert seed["figure_wrong"] == 0 and seed["figure_right"] >= 0.8 * seed["figure"], seed


def test_cross_validated_passage_limits_answer_and_refuse(cross_validated: tuple) -> None:
    """Each report's what / why / which questions judged by the passage limits chosen without it: the
    passage questions mostly answered, never with a passage that lacks the evidence, and the absent
    ones (tests/data/absent_qa.jsonl: 食堂, 无人机, 沙尘暴 … asked of reports that never mention them)
    mostly refused. Measured when written: 31 of 35 answered, 0 wrong, 13 of 14 refused."""
    _, _, passages = cross_validated
    t = passage_tally(passage_cross_validation(passages))
    assert t["passage"] >= 30 and t["absent"] >= 14, t
    assert t["passage_wrong"] == 0, t
    assert t["passage_right"] >= 0.85 * t["passage"], t
    assert t["absent_right"] >= 0.85 * t["absent"], t
