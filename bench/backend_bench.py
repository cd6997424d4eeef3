"""The same archive on both backends, side by side: warm ask p50/p95 over SQLite + FAISS + BM25 and
over PostgreSQL + pgvector (numbers for notes, not asserts).

    .venv/bin/python bench/backend_bench.py --data DIR [--url postgresql://…]

DIR is a SQLite data folder (e.g. the 1,000-report one `bench/ask_bench.py --data DIR` keeps). It is
copied into PostgreSQL with `migrate-to-postgres` (into --url, or a throwaway pgserver database), then
seed_qa's questions are asked of the whole archive and of one department on each backend. Prints one
JSON line per backend.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from ask_bench import latencies
from retrieval_bench import QA

from index.admin.migrate import migrate_to_postgres
from index.settings import Settings
from qa.assistant import load_assistant
from qa.records import Filters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="a SQLite data folder")
    parser.add_argument("--url", help="a PostgreSQL database to copy into (default: a throwaway pgserver one)")
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    sqlite = Settings.from_env(data=args.data)
    server = None
    url = args.url
    if url is None:
        import pgserver

        server = pgserver.get_server(tempfile.mkdtemp(prefix="reportqa-pg-"), cleanup_mode="stop")
        url = server.get_uri()
    began = time.perf_counter()
    copied = migrate_to_postgres(sqlite, url, progress=True)
    copy_seconds = round(time.perf_counter() - began, 1)
    try:
        for name, settings in (("sqlite+faiss", sqlite), ("postgresql+pgvector", replace(sqlite, database_url=url))):
            assistant = load_assistant(settings)
            department = next(r.department for r in assistant.reports.values() if r.department)
            row = {"backend": name, "reports": len(assistant.reports), "chunks": assistant.retriever.index.meta.count,
                   "ask_unscoped": latencies(assistant, questions, rounds=1),
                   "ask_one_department": latencies(assistant, questions, rounds=1, filters=Filters(department=department))}
            if name.startswith("postgresql"):
                row["copy_s"] = copy_seconds
                row["copied_vectors"] = copied.vectors
            print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    main()
