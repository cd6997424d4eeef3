"""The fitted scorer: the probability that a candidate figure is the one asked for.

Two fitted logistic models, by `make calibrate` (bench/calibrate.py) on labelled questions and
validated leave-one-report-out:
- the ranker, over qa/features.FEATURES of each candidate: how likely this figure is the one asked;
- the confidence, over a few raw features of the best candidate (qa/features.CONFIDENCE_FEATURES):
  how likely the best candidate is right. A figure is shown as the answer only when the confidence
  reaches `threshold` (`words_threshold` when the question asks for words: a person, a document
  number, a unit), chosen so that wrong numbers claimed as found stay rare in cross-validation.
And the line by which a passage answers a what / why / which question: the share of the question's
words it holds (each word weighed by its rarity against `passage_background` chunks) plus
`passage_meaning_weight` times its cosine with the question above `passage_meaning_origin` must reach
`passage_limit` — all four chosen on passage questions and on absent questions of those forms.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from qa.features import CONFIDENCE_FEATURES, FEATURES, MAX_MARGIN, RANKER_INPUTS
from qa.lookup import Weights

RULED_OUT_PENALTY = 20.0  # a candidate the question rules out ranks below every other

SCORER_FILE = "scorer.json"


class ScorerError(RuntimeError):
    """The scorer file is missing or was fitted on other features than the code computes."""


@dataclass(frozen=True)
class Scorer:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    confidence: tuple[float, ...]  # weights of confidence_inputs(), then the bias
    threshold: float  # the best candidate is `found` when its confidence reaches this (a number asked)…
    passage_limit: float  # a passage answers when coverage + weight · (cosine − origin) reaches this…
    passage_meaning_weight: float  # …(the weight of the cosine, for the model it was fitted with)
    words_threshold: float  # …or this, when words are asked (是谁, 文号, 哪个单位): fewer candidates of that kind compete
    lexical: Weights  # how the word-overlap total weighs its parts (a grid choice of the same fit)
    passage_meaning_origin: float  # …(the cosine that adds nothing: a passage without one is judged on its words)
    passage_background: int  # a passage's coverage weighs words as if the archive held this many more chunks without them

    def threshold_for(self, answer_type: str) -> float:
        """The confidence a best candidate needs to be shown as found, by the kind of value asked."""
        return self.threshold if answer_type == "number" else self.words_threshold

    def passage_answers(self, coverage: float, meaning: float | None) -> bool:
        """Does a passage holding this share of the question's words, at this cosine, answer it? A
        passage the dense search did not return (no cosine) is judged on its words alone."""
        lift = 0.0 if meaning is None else self.passage_meaning_weight * (meaning - self.passage_meaning_origin)
        return coverage + lift >= self.passage_limit

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        if matrix.shape[0] == 0:
            return np.zeros(0)
        logits = np.asarray((matrix - self.mean) / self.scale @ self.coef + self.intercept, dtype=np.float64)
        return logits - RULED_OUT_PENALTY * ruled_out(matrix)

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        return sigmoid(self.logits(matrix))

    def confidence_of(self, matrix: np.ndarray, values: Sequence[object], logits: np.ndarray | None = None) -> float:
        """How likely the best of these candidates is the right figure (0 with no candidate); `values`
        are the candidates' values (a lead over a candidate of the same value is no lead); pass the
        logits when they are already computed."""
        if matrix.shape[0] == 0:
            return 0.0
        logits = self.logits(matrix) if logits is None else logits
        return float(self.confidences(matrix, values, logits)[int(np.argmax(logits))])

    def confidences(self, matrix: np.ndarray, values: Sequence[object], logits: np.ndarray | None = None) -> np.ndarray:
        """Per candidate, how likely it is the right figure were those the ranker puts above it set aside
        (as the verify stage sets aside those its evidence does not account for): its confidence as the
        best of the candidates from it down. 0 for a kind of value, unit or level the question rules out
        (`asks_otherwise`)."""
        if matrix.shape[0] == 0:
            return np.zeros(0)
        logits = self.logits(matrix) if logits is None else logits
        inputs = self.confidence_inputs(matrix, values, logits)
        weights = np.array(self.confidence[:-1])
        return np.where(ruled_out(matrix), 0.0, sigmoid(inputs @ weights + self.confidence[-1]))

    def confidence_inputs(self, matrix: np.ndarray, values: Sequence[object], logits: np.ndarray | None = None) -> np.ndarray:
        """Per candidate (a row each), the confidence features it would have as the best of the candidates
        from it down: its own features, its logit, and its lead over the best candidate below it holding
        another value."""
        logits = self.logits(matrix) if logits is None else logits
        order = np.argsort(-logits, kind="stable")
        # Going up from the last: the position of the first candidate below each holding another value.
        n = len(order)
        other_below = np.full(n, n)
        for at in range(n - 2, -1, -1):
            same = values[order[at + 1]] == values[order[at]]
            other_below[at] = other_below[at + 1] if same else at + 1
        margin = np.full(len(logits), MAX_MARGIN)
        for at, below in enumerate(other_below):
            if below < n:
                margin[order[at]] = min(MAX_MARGIN, float(logits[order[at]] - logits[order[below]]))
        ranker = {"logit": np.asarray(logits, dtype=np.float64), "margin": margin}
        return np.stack([ranker[name] if name in RANKER_INPUTS else matrix[:, FEATURES.index(name)]
                         for name in CONFIDENCE_FEATURES], axis=1)

    def to_json(self, **extra: object) -> dict[str, object]:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "confidence": list(self.confidence),
                "confidence_features": list(CONFIDENCE_FEATURES),
                "threshold": self.threshold, "passage_limit": self.passage_limit,
                "passage_meaning_weight": self.passage_meaning_weight, "words_threshold": self.words_threshold,
                "lexical_weights": self.lexical.to_json(),
                "passage_meaning_origin": self.passage_meaning_origin, "passage_background": self.passage_background,
                **extra}


def ruled_out(matrix: np.ndarray) -> np.ndarray:
    """Per candidate: a kind of value, a unit or a level of government the question rules out."""
    return np.asarray((matrix[:, FEATURES.index("type_fit")] < 0) | (matrix[:, FEATURES.index("unit_conflict")] > 0)
                      | (matrix[:, FEATURES.index("level_fit")] < 0))


def asks_otherwise(matrix: np.ndarray, best: int) -> bool:
    """Is the best candidate a kind of value the question cannot be asking for (a number for 哪个项目, a
    name for 多少, a stated target for 实际…), in a unit it rules out (分 for 多少万元, 元/人 for 总预算) or
    of another level of government (中央 for 市县层面)? Never claimed, however sure the ranker is: in
    cross-validation no such best candidate was right (make calibrate applies the same rule)."""
    return bool(ruled_out(matrix[best:best + 1])[0])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -50, 50))))


def confidence_probability(weights: tuple[float, ...], inputs: np.ndarray) -> float:
    """The confidence model: weights of the inputs, then the bias."""
    return float(sigmoid(np.array(inputs @ np.array(weights[:-1]) + weights[-1])))


def scorer_from_json(data: dict[str, Any]) -> Scorer:
    features: tuple[str, ...] = tuple(data["features"])
    if features != FEATURES:
        raise ScorerError(f"the scorer was fitted on features {features}, the code computes {FEATURES}: "
                          "run `make calibrate` to refit it")
    if tuple(data.get("confidence_features", ())) != CONFIDENCE_FEATURES:
        raise ScorerError("the scorer's confidence was fitted on other features: run `make calibrate`")
    if "passage_limit" not in data or "passage_meaning_weight" not in data:
        raise ScorerError("the scorer file has no passage limits: run `make calibrate`")
    if "words_threshold" not in data:
        raise ScorerError("the scorer file has no threshold for answers in words: run `make calibrate`")
    if "lexical_weights" not in data:
        raise ScorerError("the scorer file has no weights of the word-overlap total: run `make calibrate`")
    if "claim_window" in data:
        # Its confidence was fitted on the best candidate of all, not on the best the verify stage keeps.
        raise ScorerError("the scorer file was fitted for a claim window the verify stage no longer has: "
                          "run `make calibrate`")
    if "passage_meaning_origin" not in data or "passage_background" not in data:
        raise ScorerError("the scorer file has no passage origin and background: run `make calibrate`")
    return Scorer(features, np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]),
                  float(data["intercept"]), tuple(float(v) for v in data["confidence"]), float(data["threshold"]),
                  float(data["passage_limit"]), float(data["passage_meaning_weight"]), float(data["words_threshold"]),
                  Weights(**{k: float(v) for k, v in data["lexical_weights"].items()}),
                  float(data["passage_meaning_origin"]), int(data["passage_background"]))


def load_scorer(path: Path | None = None) -> Scorer:
    """The shipped scorer (qa/data/scorer.json), or the file given."""
    try:
        text = path.read_text(encoding="utf-8") if path else resources.files("qa").joinpath("data", SCORER_FILE).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ScorerError(f"no scorer file ({exc.filename}): run `make calibrate`") from exc
    return scorer_from_json(json.loads(text))
