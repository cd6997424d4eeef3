"""The archive question set (tests/data/archive_qa.jsonl): questions asked of the whole archive as a
meeting asks them — one department's figure by the names people use and 去年, and questions across
departments and years answered as tables — over every fitting report in one folder (the seed, real
reports 01–35, the two disclosures) and the generated multi-year reports of bench/archive_fixtures.py.

Run: .venv/bin/python bench/archive_set.py [--work DIR] [--quiet]

Every question is asked unscoped (no report named), on the day it is labelled as asked on. Prints right
/ refused / wrong per kind, and per cell of the tables (a wrong cell is a wrong number). The validation
reports (36–52) are not in the folder: their questions stay totals-only elsewhere.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.archive_fixtures import write_fixtures  # noqa: E402
from bench.datasets import ROOT, TEST_DATA, ingested  # noqa: E402
from index.embed.embedder import load_embedder  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa.assistant import load_assistant  # noqa: E402
from qa.evaluate import evaluate_items, format_report, read_questions  # noqa: E402

QUESTIONS = TEST_DATA / "archive_qa.jsonl"


def archive_files(work: Path) -> list[Path]:
    """The fitting reports and the generated ones, as files of one corpus folder."""
    corpus = work / "archive-corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    write_fixtures(corpus)
    sources = [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((TEST_DATA / "real").glob("[0-3]*.txt")),
               *sorted((TEST_DATA / "disclosures").glob("*.pdf"))]
    for source in sources:
        shutil.copy(source, corpus / source.name)
    return sorted(corpus.iterdir())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportqa-eval"))
    parser.add_argument("--quiet", action="store_true", help="totals only, no misses")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    files = archive_files(args.work)
    embedder = load_embedder(Settings.from_env())
    settings = ingested(args.work / "archive", files, embedder)
    assistant = load_assistant(settings, embedder=embedder)
    result = evaluate_items(assistant, read_questions(QUESTIONS), scoped=False)
    print(f"archive set, {len(files)} reports in one folder, every question unscoped:")
    print(format_report(result, misses=not args.quiet))


if __name__ == "__main__":
    main()
