"""A city's archive: D departments × Y years of generated reports (the seed re-issued by each department
each year, bench/archive_fixtures.fixture_text, its three asked figures varied), then warm ask latency of
single-department questions and of questions across departments and years — on SQLite and, with
--postgres, on PostgreSQL + pgvector (the same folder migrated: nothing embedded again). Numbers for
notes, not asserts.

    .venv/bin/python bench/archive_scale_bench.py [--departments 100] [--years 15] [--data DIR] [--postgres]

The copies differ from the seed in names, years and three numbers only, so their texts are embedded once
per digit-masked form and replayed for the others (retrieval_bench.MaskedCacheEmbedder): this measures
answering at that size, not embedding throughput (issue 30's bench does that).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive_fixtures import SEED, fixture_text  # noqa: E402
from retrieval_bench import MaskedCacheEmbedder  # noqa: E402

from index.embed.embedder import load_embedder  # noqa: E402
from index.ingest import ingest_paths  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa.answerers.kit import CACHED_CLAIMS  # noqa: E402
from qa.assistant import Assistant, load_assistant  # noqa: E402
from qa.bounded_cache import BoundedCache  # noqa: E402
from qa.standard_metrics import load_standard_metrics  # noqa: E402

ACROSS = ("哪个单位向上争取资金最多？", "向上争取资金最少的五个单位", "哪些单位向上争取资金超过8000万元？",
          "绩效自评综合得分低于90分的单位有哪些？", "有几个单位绩效自评综合得分在95分以上？",
          "哪些单位向上争取资金比上年增加了？", "各单位的局机关及二级机构收入合计", "{d}近三年的向上争取资金",
          "{d}历年的绩效自评综合得分", "2020年向上争取资金排名前三的单位", "哪个单位三公经费最多？",
          "自评得分低于90分的单位有哪些？", "2023年各单位的收入合计")
SINGLE = ("{d}{y}年向上争取了多少资金？", "{d}{y}年绩效自评综合得分是多少？", "{d}{y}年局机关的公务接待费是多少？",
          "{d}{y}年三公经费合计花了多少？", "{d}{y}年行政编制有几个？")


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[max(0, int(0.95 * len(times)) - 1)], 1),
            "n": len(times)}


def write_archive(folder: Path, departments: int, years: int) -> list[tuple[str, int]]:
    seed = SEED.read_text(encoding="utf-8")
    rng = random.Random(29)
    written = []
    for d in range(departments):
        name = f"岳阳市第{d + 1}局"
        for year in range(2024 - years + 1, 2025):
            values = (f"{rng.uniform(1000, 10000):.2f}", f"{rng.uniform(500, 5000):.2f}", str(rng.randint(80, 99)))
            text = fixture_text(seed, name, f"第{d + 1}局", year, values)
            (folder / f"dept{d + 1:03d}-{year}.txt").write_text(text, encoding="utf-8")
            written.append((name, year))
    return written


def measure(settings: Settings, embedder: object, departments: list[str], last_year: int) -> dict[str, object]:
    assistant = load_assistant(settings, embedder=embedder)  # type: ignore[arg-type]
    assistant.retriever.store.drop_prepared_claims()  # a reused folder: measure first askings unprepared
    rng = random.Random(7)
    singles = [q.format(d=rng.choice(departments), y=last_year - rng.randint(0, 2)) for q in SINGLE for _ in range(8)]
    across = [q.format(d=rng.choice(departments)) for q in ACROSS for _ in range(2)]
    for question in singles[:3] + across[:2]:
        assistant.ask(question)  # warm: the model, the caches of the first reports

    def timed(questions: list[str], *, first: bool = False) -> list[float]:
        out = []
        for question in questions:
            if first:  # no department has been asked this metric yet in this process
                assistant.claims = BoundedCache(CACHED_CLAIMS)
            began = time.perf_counter()
            assistant.ask(question)
            out.append((time.perf_counter() - began) * 1000)
        return out

    # across, first asking: every department's report ranked and verified for the metric (nothing cached);
    # across, in a meeting: the questions in turn, each department's claim on a metric kept for the next
    # question on it (in another phrasing, another filter, a ranking after a filter).
    row: dict[str, object] = {"single_department": _percentiles(timed(singles)),
                              "across_first_asking": _percentiles(timed(across, first=True)),
                              "across_in_a_meeting": _percentiles(timed(across))}
    # `reportqa prepare`: every report's claim on the standard metrics stored for this index generation;
    # then a process that has asked nothing (its own claims empty) asks again. A question on a standard
    # metric reads the stored claims; one on another metric (绩效自评综合得分, 局机关及二级机构收入合计) is ranked.
    began = time.perf_counter()
    stored = assistant.prepare_claims(load_standard_metrics(), processes=os.cpu_count() or 1)  # as `reportqa prepare`
    row["prepare"] = {"seconds": round(time.perf_counter() - began, 1), "claims": stored}
    standard = [q for q in across if _on_standard_metric(assistant, q)]
    row["across_first_asking_standard_prepared"] = _percentiles(timed(standard, first=True))
    row["across_first_asking_other_metric"] = _percentiles(timed([q for q in across if q not in standard], first=True))
    return row


def _on_standard_metric(assistant: Assistant, question: str) -> bool:
    ask = assistant.understand(question).across
    names = {m.metric for m in load_standard_metrics()}
    return ask is not None and re.sub(r"^\d{4}年", "", ask.metric) in names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--data", type=Path, help="keep (and reuse) the archive here")
    parser.add_argument("--postgres", action="store_true", help="also measure on PostgreSQL (pgserver)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="reportqa-archive-scale-"))
    data = args.data or base / "data"
    embedder = MaskedCacheEmbedder(load_embedder(Settings.from_env()))
    settings = Settings.from_env(data=data)
    corpus = base / "corpus"
    corpus.mkdir()
    written = write_archive(corpus, args.departments, args.years)
    began = time.perf_counter()
    if not settings.db_path.exists():
        ingest_paths([corpus], settings, progress=False, embedder=embedder)  # type: ignore[arg-type]
    seconds = time.perf_counter() - began
    departments = sorted({name for name, _ in written})
    row: dict[str, object] = {"reports": len(written), "departments": args.departments, "ingest_s": round(seconds, 1),
                              "sqlite": measure(settings, embedder, departments, 2024)}
    print(json.dumps(row, ensure_ascii=False), flush=True)
    if args.postgres:
        import pgserver

        from index.admin.migrate import migrate_to_postgres

        server = pgserver.get_server(base / "postgres", cleanup_mode="stop")
        url = server.get_uri()
        migrate_to_postgres(settings, url, progress=False)
        row["postgresql"] = measure(Settings.from_env(data=data, database_url=url), embedder, departments, 2024)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        server.cleanup()
    shutil.rmtree(corpus)
    if args.data is None:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
