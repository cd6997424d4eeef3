"""Where figure questions are lost, as totals per set: is the right value among the candidates at all
(extraction), ranked first (ranking), and what the claim decision did with it (verify). Totals only,
so the validation part may be read this way.

Run: .venv/bin/python bench/reachability.py [--sets real,validation] [--work /tmp/reportqa-eval]

Each question is asked scoped to its report in one folder of all the sets' reports (as `reportqa eval`
and `make calibrate` ask), ranked and judged by the shipped scorer and the verify stage's refusals.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import SETS, files_for, ingested  # noqa: E402
from index.embed.embedder import load_embedder  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa.assistant import Assistant, load_assistant  # noqa: E402
from qa.evaluate import read_questions, same_value  # noqa: E402
from qa.records import Filters  # noqa: E402

COLUMNS = ("value among candidates", "ranked first", "in first three", "claimed wrong, value among candidates",
           "claimed wrong, value nowhere", "refused, value first", "refused, value lower", "refused, value nowhere")


def where_lost(assistant: Assistant, item: dict[str, object]) -> set[str]:
    """The columns one figure question counts in. The candidates are ranked and claimed as `ask` does
    (FigureRanker.scored, then Verifier.claims), so the counts are the answer path's own."""
    question, hits, matrix = assistant.figure_candidates(str(item["question"]), filters=Filters(report=str(item["report"])))
    if not hits:
        return {"refused, value nowhere"}
    ranked = assistant.ranker.scored(hits, matrix)
    right = [same_value(h.figure.answer_value, item["value"], got_unit=h.figure.unit, gold_unit=item.get("unit"))  # type: ignore[arg-type]
             for h in ranked]
    claimed = bool(assistant.verifier.claims(question, (tuple(ranked),)).found)
    reachable, first = any(right), right[0]
    counted = {name for name, holds in (("value among candidates", reachable), ("ranked first", first),
                                        ("in first three", any(right[:3]))) if holds}
    if claimed and not first:
        counted.add("claimed wrong, value among candidates" if reachable else "claimed wrong, value nowhere")
    if not claimed:
        counted.add("refused, value first" if first else "refused, value lower" if reachable else "refused, value nowhere")
    return counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="real,validation")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportqa-eval"), help="data folders (reused)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    embedder = load_embedder(Settings.from_env())
    sets = [s for s in args.sets.split(",") if s]
    loaded = {name: read_questions(SETS[name][0]) for name in sets}
    found = {name: files_for(items, SETS[name][1]) for name, items in loaded.items()}
    every = sorted({p for files in found.values() for p in files.values()})
    assistant = load_assistant(ingested(args.work / "all", every, embedder), embedder=embedder)
    print("| set | figure questions | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 2) + "|")
    for name, items in loaded.items():
        asked = [i for i in items if i["kind"] == "figure" and i.get("report") in found[name]]
        counts = Counter(column for item in asked for column in where_lost(assistant, item))
        print(f"| {name} | {len(asked)} | " + " | ".join(str(counts[c]) for c in COLUMNS) + " |")


if __name__ == "__main__":
    main()
