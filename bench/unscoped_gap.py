"""Where the archive loses figure questions that one report alone answers (issue 29), as totals per set:
each figure question is counted by whether the whole archive's scope leaves it one department to
answer from (it names a department, a place or a project that only one holds) or several (it names
none, or a name several departments answer to). Totals only, so the validation part may be read this way.

Run: .venv/bin/python bench/unscoped_gap.py SNAPSHOT_DIR [--sets real,fresh,validation] [--work /tmp/reportqa-eval]

SNAPSHOT_DIR holds `bench/snapshot.py write` answers of the sets per report and unscoped; --work the data
folders that snapshot was written from: its `all` folder, the archive the unscoped answers came from, is
read as it is (never ingested again here).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import SETS, files_for  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa.assistant import Assistant, load_assistant  # noqa: E402
from qa.evaluate import outcome, read_questions  # noqa: E402

# The day the archive questions are labelled as asked on (tests/data/archive_qa.jsonl): 去年 stays one year.
ASKED_ON = "2026-12-06"


def departments_left(assistant: Assistant, question: str) -> str:
    """'one' when the archive's scope leaves the question one department group, 'several' when it leaves
    more, 'none' when no group is weighed (read as a question across departments, or as no figure asked)."""
    turn = assistant.rank(assistant.retrieve(assistant.scope(assistant.understand(question), None, None,
                                                             date.fromisoformat(ASKED_ON))))
    return {0: "none", 1: "one"}.get(turn.held, "several")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--sets", default="real,fresh,validation")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportqa-eval"), help="data folders (reused)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    sets = [s for s in args.sets.split(",") if s]
    assistant = load_assistant(Settings.from_env(data=args.work / "all"))
    print("| set | departments left | figure questions | per report right / wrong | unscoped right / wrong |")
    print("|---|---|---|---|---|")
    for name in sets:
        items = read_questions(SETS[name][0])
        found = files_for(items, SETS[name][1])
        items = [i for i in items if i.get("report") in found]
        answers = {mode: [json.loads(line) for line in (args.snapshot / f"{name}.{mode}.jsonl").read_text(encoding="utf-8").splitlines()]
                   for mode in ("per-report", "unscoped")}
        counts: Counter[tuple[str, str]] = Counter()
        for n, item in enumerate(items):
            if item["kind"] != "figure":
                continue
            left = departments_left(assistant, str(item["question"]))
            counts[(left, "asked")] += 1
            for mode, answered in answers.items():
                counts[(left, f"{mode} {outcome(item, answered[n])}")] += 1
        for left in ("one", "several", "none"):
            print(f"| {name} | {left} | {counts[(left, 'asked')]} | {counts[(left, 'per-report right')]} / "
                  f"{counts[(left, 'per-report wrong')]} | {counts[(left, 'unscoped right')]} / {counts[(left, 'unscoped wrong')]} |")


if __name__ == "__main__":
    main()
