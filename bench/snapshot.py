"""Every labelled question's answer JSON, recorded before a change that must not move answers and
compared after it.

Run: .venv/bin/python bench/snapshot.py write DIR [--sets seed,real,…] [--modes per-report,together,unscoped]
     .venv/bin/python bench/snapshot.py compare DIR   (exit 1 when any answer differs)
     .venv/bin/python bench/snapshot.py score DIR     (right / refused / wrong of the recorded answers,
                                                       totals only: the validation set is read no other way)

Each set is asked three ways, as bench/eval_sets.py does: per-report (a data folder holding only the
question's report, the question alone as `reportqa ask` takes it), together (all reports in one
folder, scoped to the question's report, as `reportqa eval`) and unscoped (all in one folder, no
report named). One JSON line per question: `reportqa ask --json`'s object, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import SETS, files_for, ingested  # noqa: E402
from index.embed.embedder import load_embedder  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa.assistant import Assistant, load_assistant  # noqa: E402
from qa.compose import answer_json, question_error_json  # noqa: E402
from qa.evaluate import OUTCOMES, candidate_shown, outcome, read_questions  # noqa: E402
from qa.question_parser import QuestionError  # noqa: E402
from qa.records import Filters  # noqa: E402

MODES = ("per-report", "together", "unscoped")
# The day every recorded question is asked on: 去年 and 今年 are read against the date of asking
# (qa/scope.relative_year_reports), and a snapshot must not change with the calendar.
RECORDED_ON = date(2026, 12, 6)


def answer_line(assistant: Assistant, question: str, report: str | None) -> str:
    """The answer JSON as `reportqa ask --json` prints it (an unaskable question as its error object)."""
    try:
        answer = answer_json(assistant.ask(question, filters=Filters(report=report) if report else None,
                                           today=RECORDED_ON))
    except QuestionError as exc:
        answer = question_error_json(question, exc)
    return json.dumps(answer, ensure_ascii=False)


def record(work: Path, sets: list[str], modes: list[str]) -> dict[str, list[str]]:
    """`{set}.{mode}` → one answer line per question of the set whose report is on disk, in file order."""
    embedder = load_embedder(Settings.from_env())
    loaded = {}
    for name in sets:
        items = read_questions(SETS[name][0])
        found = files_for(items, SETS[name][1])
        loaded[name] = ([i for i in items if i.get("report") in found], found)
    lines: dict[str, list[str]] = {}
    if {"together", "unscoped"} & set(modes):
        every = sorted({p for _, found in loaded.values() for p in found.values()})
        together = load_assistant(ingested(work / "all", every, embedder), embedder=embedder)
        for name, (items, _) in loaded.items():
            for mode in ("together", "unscoped"):
                if mode in modes:
                    lines[f"{name}.{mode}"] = [
                        answer_line(together, str(i["question"]), str(i["report"]) if mode == "together" else None)
                        for i in items]
        together.retriever.store.close()
    if "per-report" in modes:
        for name, (items, found) in loaded.items():
            answers: dict[int, str] = {}
            for report, path in found.items():
                assistant = load_assistant(ingested(work / name / report, [path], embedder), embedder=embedder)
                for n, item in enumerate(items):
                    if item.get("report") == report:
                        answers[n] = answer_line(assistant, str(item["question"]), None)
                assistant.retriever.store.close()
            lines[f"{name}.per-report"] = [answers[n] for n in range(len(items))]
    return lines


def score(folder: Path, sets: list[str], modes: list[str]) -> None:
    """Right / refused / wrong per set, mode and question kind, from the recorded answers."""
    print("| set | mode | figures right | refused (right value among candidates shown) | wrong claimed | passages right "
          "| absent right | wrong of figure + absent |")
    print("|---|---|---|---|---|---|---|---|")
    for name in sets:
        items = read_questions(SETS[name][0])
        found = files_for(items, SETS[name][1])
        items = [i for i in items if i.get("report") in found]
        for mode in modes:
            path = folder / f"{name}.{mode}.jsonl"
            if not path.exists():
                continue
            answers = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            counts = {(k, o): 0 for k in ("figure", "passage", "absent") for o in OUTCOMES}
            shown = 0  # refused figure questions whose right value the refusal still lists
            for item, answer in zip(items, answers, strict=True):
                judged = outcome(item, answer)
                counts[(str(item["kind"]), judged)] += 1
                shown += item["kind"] == "figure" and judged == "refused" and candidate_shown(item, answer)

            def total(kind: str, counts: dict[tuple[str, str], int] = counts) -> int:
                return sum(counts[(kind, o)] for o in OUTCOMES)

            wrong = counts[("figure", "wrong")] + counts[("absent", "wrong")]
            print(f"| {name} | {mode} | {counts[('figure', 'right')]}/{total('figure')} | {counts[('figure', 'refused')]} ({shown}) "
                  f"| {counts[('figure', 'wrong')]} | {counts[('passage', 'right')]}/{total('passage')} "
                  f"| {counts[('absent', 'right')]}/{total('absent')} | {wrong}/{total('figure') + total('absent')} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("write", "compare", "score"))
    parser.add_argument("folder", type=Path, help="where the snapshot files are written / read")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportqa-eval"), help="data folders (reused)")
    parser.add_argument("--sets", default="seed,real,disclosures,extra,absent,forms")
    parser.add_argument("--modes", default=",".join(MODES))
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    sets, modes = [s for s in args.sets.split(",") if s], [m for m in args.modes.split(",") if m]
    if args.action == "score":
        score(args.folder, sets, modes)
        return
    lines = record(args.work, sets, modes)
    if args.action == "write":
        args.folder.mkdir(parents=True, exist_ok=True)
        for key, answers in lines.items():
            (args.folder / f"{key}.jsonl").write_text("".join(a + "\n" for a in answers), encoding="utf-8")
            print(f"{key}: {len(answers)} answers written")
        return
    differing = 0
    for key, answers in lines.items():
        before = (args.folder / f"{key}.jsonl").read_text(encoding="utf-8").splitlines()
        changed = [n for n, (a, b) in enumerate(zip(before, answers, strict=True)) if a != b]
        differing += len(changed)
        print(f"{key}: {len(answers) - len(changed)}/{len(answers)} byte-identical"
              + (f"; differ at lines {[n + 1 for n in changed][:20]}" if changed else ""))
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
