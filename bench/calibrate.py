"""Choose the `found` thresholds (Weights.min_coverage, Weights.min_score) on question sets.

Run: .venv/bin/python bench/calibrate.py --data DIR QA.jsonl [QA.jsonl …]
For every figure and absent question the assistant's best candidate is recorded once; then every
threshold pair on a grid is scored: a figure question counts when its gold value is the best
candidate and passes, an absent one when nothing passes. Prints the best pairs and the most
cautious of them (highest thresholds) — the defaults in qa/lookup.py come from such a run, quoted in the closing notes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from index.settings import Settings
from qa.assistant import load_assistant
from qa.evaluate import _same_value
from qa.records import Filters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("qa", nargs="+", type=Path)
    args = parser.parse_args()
    assistant = load_assistant(Settings.from_env(data=args.data))
    indexed = {r.name for r in assistant.reports.values()}
    # Per question: its kind and the ranked candidates as (score, coverage, is the gold value).
    observations: list[tuple[str, list[tuple[float, float, bool]]]] = []
    for path in args.qa:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item["kind"] not in ("figure", "absent"):
                continue
            scope = Filters(report=item["report"]) if item.get("report") in indexed else None
            ranked = []
            for hit in assistant.rank_figures(item["question"], filters=scope)[:60]:
                figure = hit.figure
                value = figure.number if figure.number is not None else figure.value  # type: ignore[attr-defined]
                ranked.append((hit.score, hit.coverage, item["kind"] == "figure" and _same_value(value, item["value"])))
            observations.append((item["kind"], ranked))

    def right_with(coverage: float, score: float) -> int:
        good = 0
        for kind, ranked in observations:
            first = next((r for r in ranked if r[0] >= score and r[1] >= coverage), None)
            good += (first is not None and first[2]) if kind == "figure" else first is None
        return good

    results = [(right_with(c / 20, s / 4), c / 20, s / 4) for c in range(0, 19) for s in range(0, 25)]
    best_good = max(r[0] for r in results)
    winners = [r for r in results if r[0] == best_good]
    print(f"{len(observations)} figure/absent questions; best {best_good} right with {len(winners)} threshold pairs")
    coverages = sorted({c for _, c, _ in winners})
    scores = sorted({s for _, _, s in winners})
    print(f"min_coverage in [{coverages[0]}, {coverages[-1]}], min_score in [{scores[0]}, {scores[-1]}]")
    # A wrong number is worse than none: among the best pairs take the most cautious one.
    cautious = max(winners, key=lambda r: (r[1], r[2]))
    print(f"most cautious of the best: min_coverage={cautious[1]}, min_score={cautious[2]}")


if __name__ == "__main__":
    main()
