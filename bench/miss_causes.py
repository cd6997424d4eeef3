"""Refused and wrong figure questions by the stage that lost them, as totals per set (the validation part
may be read this way: it never prints a question of it).

Run: .venv/bin/python bench/miss_causes.py --work DIR [--sets real,fresh,validation] [--misses]

DIR holds the per-report data folders `bench/snapshot.py write … --work DIR` leaves (DIR/SET/REPORT).
Each figure question is asked of its report's folder as a user asks it; for each one not answered right,
the first ranked candidate holding the right value (the question's gold value, as `reportqa eval` compares
it) says where it was lost:
- not extracted: no figure of the report holds the value;
- not ranked: a figure holds it, but no candidate the ranker weighed;
- set aside: the verify stage's reason for that candidate (numbers and quoted words masked, so that
  reasons of one kind count together);
- below the line: it may be claimed, but the scorer is not confident enough in it;
- beaten: it may be claimed, but another claimable candidate is ranked above it;
- dropped: it is the best claimable candidate, and a report-level check (`Verifier.claimed`) refused it.
`--misses` lists the fitting sets' questions one by one (never the validation part's).
"""

from __future__ import annotations

import argparse
import logging
import re
import sqlite3
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import SETS, files_for  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa.assistant import Assistant, load_assistant  # noqa: E402
from qa.compose import answer_json  # noqa: E402
from qa.evaluate import outcome, read_questions, same_value  # noqa: E402
from qa.verify import claimable, declared_parts, set_aside  # noqa: E402

ASKED_ON = date(2026, 12, 6)  # as bench/snapshot.py records: 去年 stays one year
VALIDATION = "validation"


def _as_value(stored: object) -> object:
    """A stored figure's value as `reportqa eval` compares it: its number, else its text."""
    try:
        return float(stored)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return stored


def _masked(reason: str) -> str:
    """A verify reason with its quoted words and numbers masked: one kind of reason, whatever it quotes."""
    return re.sub(r"“[^”]*”", "“…”", re.sub(r"\d+(?:\.\d+)?", "N", reason))


def lost_at(assistant: Assistant, item: dict[str, object], stored: list[tuple[object, str | None]]) -> str:
    """Where a figure question not answered right was lost (see the module's docstring)."""
    def holds(value: object, unit: str | None) -> bool:
        return same_value(value, item["value"], got_unit=unit, gold_unit=item.get("unit"))  # type: ignore[arg-type]

    turn = assistant.rank(assistant.retrieve(assistant.scope(assistant.understand(str(item["question"])),
                                                             None, None, ASKED_ON)))
    for group in turn.ranked:
        ranked = list(group)
        at = next((i for i, hit in enumerate(ranked) if holds(hit.figure.answer_value, hit.figure.unit)), None)
        if at is None:
            continue
        hit = ranked[at]
        if reason := set_aside(turn.question, hit, ranked, declared_parts(ranked)):
            return "set aside: " + _masked(reason)
        if hit.parts["confidence"] < assistant.scorer.threshold_for(turn.question.answer_type):
            return "below the line"
        best = next(claimable(turn.question, ranked), None)
        return "beaten" if best is not hit else "dropped"
    return "not ranked" if any(holds(_as_value(v), u) for v, u in stored) else "not extracted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--sets", default="real,fresh,validation")
    parser.add_argument("--misses", action="store_true", help="list the fitting sets' misses one by one")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print("| set | outcome | questions | where lost |\n|---|---|---|---|")
    for name in args.sets.split(","):
        items = read_questions(SETS[name][0])
        found = files_for(items, SETS[name][1])
        figures = [i for i in items if i.get("report") in found and i["kind"] == "figure"]
        causes: Counter[tuple[str, str]] = Counter()
        for report in sorted({str(i["report"]) for i in figures}):
            folder = args.work / name / report
            assistant = load_assistant(Settings.from_env(data=folder))
            with sqlite3.connect(folder / "reportqa.sqlite") as db:
                stored = db.execute("SELECT coalesce(number, value), unit FROM figures").fetchall()
            for item in (i for i in figures if i["report"] == report):
                judged = outcome(item, answer_json(assistant.ask(str(item["question"]), today=ASKED_ON)))
                if judged == "right":
                    continue
                where = lost_at(assistant, item, stored)
                causes[(judged, where)] += 1
                if args.misses and name != VALIDATION:
                    print(f"  {judged} · {where} · {item.get('id')} {item['question']} → {item['value']}")
            assistant.retriever.store.close()
        for (judged, where), count in sorted(causes.items(), key=lambda c: (c[0][0], -c[1])):
            print(f"| {name} | {judged} | {count} | {where} |")


if __name__ == "__main__":
    main()
