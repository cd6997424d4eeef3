"""make calibrate's passage line (bench/calibrate.choose_passage_line): the background the passage's
words are weighed against and the cosine its meaning counts from are grid choices of the fit, the
hand-set ones kept unless the grid's best beats them beyond chance; the scorer file carries both."""

from __future__ import annotations

import json

import pytest
from testdata import ROOT

from bench.calibrate import (
    PASSAGE_BACKGROUND_GRID,
    PASSAGE_BACKGROUND_PRIOR,
    PASSAGE_ORIGIN_PRIOR,
    PassageLine,
    PassageObserved,
    choose_passage_line,
    passage_outcome,
)
from qa.scorer import ScorerError, load_scorer, scorer_from_json

SHIPPED = ROOT / "qa" / "data" / "scorer.json"


def _asked(qid: str, kind: str, coverage_by_background: dict[int, float], cosine: float | None = None) -> PassageObserved:
    fits = {b: [(coverage_by_background.get(b, 0.6), cosine)] for b in PASSAGE_BACKGROUND_GRID}
    return PassageObserved(qid, "real", f"report-{qid}", kind, fits, [kind == "passage"])


def test_the_prior_background_and_origin_stay_when_the_grid_changes_nothing() -> None:
    observed = [_asked(f"p{i}", "passage", {}, 0.9) for i in range(6)] + [_asked(f"a{i}", "absent", {}, 0.8) for i in range(6)]
    line, tried, (wins, losses, p) = choose_passage_line(observed)
    assert (line.background, line.origin) == (PASSAGE_BACKGROUND_PRIOR, PASSAGE_ORIGIN_PRIOR)
    assert len(tried) == 25 and (wins, losses) == (0, 0) and p == 1.0


def test_a_background_that_separates_answers_from_absents_replaces_the_prior() -> None:
    # Weighed against 1000 chunks the passages' words hold 0.9 of the question and the absent
    # questions' 0.3; against any other background both hold 0.6: no line tells them apart there.
    observed = ([_asked(f"p{i}", "passage", {1000: 0.9}) for i in range(12)]
                + [_asked(f"a{i}", "absent", {1000: 0.3}) for i in range(12)])
    line, _, (wins, losses, p) = choose_passage_line(observed)
    assert line.background == 1000 and line.origin == PASSAGE_ORIGIN_PRIOR  # no cosine: the origin decides nothing
    assert (wins, losses) == (12, 0) and p < 0.001
    assert [passage_outcome(o, line) for o in observed] == ["right"] * 24


def test_a_few_questions_won_by_another_background_are_not_beyond_chance() -> None:
    # Three passages whose words count only against 1000 chunks: below every absent question elsewhere.
    observed = ([_asked(f"p{i}", "passage", {b: 0.9 if b == 1000 else 0.2 for b in PASSAGE_BACKGROUND_GRID})
                 for i in range(3)]
                + [_asked(f"q{i}", "passage", {b: 0.9 for b in PASSAGE_BACKGROUND_GRID}) for i in range(20)]
                + [_asked(f"a{i}", "absent", {b: 0.3 for b in PASSAGE_BACKGROUND_GRID}) for i in range(20)])
    line, _, (wins, losses, p) = choose_passage_line(observed)
    assert (wins, losses) == (3, 0) and p == pytest.approx(0.125)
    assert line.background == PASSAGE_BACKGROUND_PRIOR


def test_the_origin_decides_whether_a_cosine_lifts_a_passage() -> None:
    seen = _asked("p", "passage", {PASSAGE_BACKGROUND_PRIOR: 0.5}, 0.86)
    low, high = PassageLine(0.52, 4.0, 0.8), PassageLine(0.52, 4.0, 0.9)
    assert passage_outcome(seen, low) == "right"  # 0.5 + 4 × 0.06 reaches 0.52
    assert passage_outcome(seen, high) == "refused"  # 0.5 − 4 × 0.04 does not


def test_the_shipped_scorer_carries_its_passage_origin_and_background() -> None:
    scorer = load_scorer()
    assert scorer.passage_background in PASSAGE_BACKGROUND_GRID and 0.7 < scorer.passage_meaning_origin < 1.0
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    del data["passage_background"]
    with pytest.raises(ScorerError, match="passage origin and background"):
        scorer_from_json(data)
