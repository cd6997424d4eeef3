"""Answer quality on the labelled question sets, per report and with everything in one folder.

Run: .venv/bin/python bench/eval_sets.py [--work DIR] [--sets seed,real,…,validation] [--verbose]

For each set the reports its questions name are ingested (one data folder per report, and all
reports of all sets in one folder; folders are reused when their files have not changed), then
every question is asked and counted as right / refused / wrong:
  per-report   a data folder holding only its report: first as users ask (the question alone, no report
               named: the headline), then scoped to its report (as `reportqa eval` scopes it);
  together     all reports in one folder, the question scoped to its report;
  unscoped     all reports in one folder, the question asked of the whole archive.
The validation set (real reports 36–52) is printed as totals only: it is never read miss by miss.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bench.datasets import SETS, files_for, ingested  # noqa: E402
from index.embed.embedder import load_embedder  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa.assistant import load_assistant  # noqa: E402
from qa.evaluate import EvalResult, evaluate_items, format_report, read_questions  # noqa: E402


def _merge(into: EvalResult, part: EvalResult) -> None:
    for kind, counts in part.overall.counts.items():
        for outcome, n in counts.items():
            into.overall.add(kind, outcome, n)
    into.per_report.update(part.per_report)
    into.misses.extend(part.misses)
    into.evidence_shown += part.evidence_shown


def _on_disk(items: list[dict[str, object]], folders: tuple[Path, ...]) -> list[dict[str, object]]:
    """The questions whose report file is here (the extra set also asks of a docx the tests generate:
    asked unscoped of a folder without it, they would be judged on other reports)."""
    found = files_for(items, folders)
    return [i for i in items if i.get("report") in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportqa-eval"))
    parser.add_argument("--sets", default="seed,real,disclosures,extra,absent,forms,fresh,validation")
    parser.add_argument("--modes", default="per-report,together,unscoped")
    parser.add_argument("--fresh", action="store_true", help="re-ingest even when the files are unchanged")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--per-report", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    embedder = load_embedder(Settings.from_env())
    chosen = [s for s in args.sets.split(",") if s]
    modes = args.modes.split(",")
    loaded = {name: (_on_disk(read_questions(SETS[name][0]), SETS[name][1]), SETS[name][1]) for name in chosen}
    all_files = sorted({p for items, folder in loaded.values() for p in files_for(items, folder).values()})
    together = None
    if {"together", "unscoped"} & set(modes):
        together = load_assistant(ingested(args.work / "all", all_files, embedder, fresh=args.fresh), embedder=embedder)
    for name, (items, folder) in loaded.items():
        files = files_for(items, folder)
        # Validation is counted, never read: no misses, no per-report lines.
        frozen = name == "validation"
        verbose, per_report = args.verbose and not frozen, args.per_report and not frozen
        if "per-report" in modes:
            asked, scoped = EvalResult(), EvalResult()
            for report, path in files.items():
                settings = ingested(args.work / name / report, [path], embedder, fresh=args.fresh)
                assistant = load_assistant(settings, embedder=embedder)
                own = [i for i in items if i.get("report") == report]
                _merge(asked, evaluate_items(assistant, own, scoped=False))
                _merge(scoped, evaluate_items(assistant, own))
                assistant.retriever.store.close()
            print(f"== {name} · per-report, as users ask ({len(files)} folders)")
            print(format_report(asked, verbose=verbose, per_report=per_report, misses=not frozen))
            print(f"== {name} · per-report, scoped to its report")
            print(format_report(scoped, verbose=verbose, per_report=per_report, misses=not frozen))
        for mode in ("together", "unscoped"):
            if mode in modes and together is not None:
                result = evaluate_items(together, items, scoped=mode == "together")
                print(f"== {name} · {mode} ({len(all_files)} reports in one folder)")
                print(format_report(result, verbose=verbose, per_report=per_report, misses=not frozen))


if __name__ == "__main__":
    main()
