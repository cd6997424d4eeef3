"""Ingest speed on full-length documents: N PDFs written from the development disclosures (35 and 16
pages) and the seed report, each with its department's name and its amounts varied so that no text
is deduplicated away, ingested by `reportqa ingest`'s own function (worker processes reading, the
model embedding) into a fresh data folder.

Prints documents/min, texts embedded/s (figure statements and chunks), peak RSS (this process and its
reading workers) and disk per document; `--phases` also times reading alone (the workers' share).
`--cluster local:2` ingests on a Dask cluster of two worker processes here (`reportqa ingest --cluster`)
into PostgreSQL + pgvector (pgserver); `--postgres` the one-machine ingest into it too, to compare.

Run: .venv/bin/python bench/fulllength_bench.py [--documents 12] [--phases] [--keep DIR] [--postgres] [--cluster local:2]
Numbers go in closing notes; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import seed_formats  # noqa: E402

from index.backend import open_store  # noqa: E402
from index.ingest import ingest_paths, read_file  # noqa: E402
from index.readers.pdf import pdf_to_text  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.text.normalize import normalize_text  # noqa: E402

DISCLOSURES = sorted((ROOT / "tests" / "data" / "disclosures").glob("*.pdf"))
SEED = ROOT / "corpus" / "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"
_AMOUNT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
_PLACES = ("上海市普陀区", "岳阳市")


def sources() -> list[tuple[str, str]]:
    """(name, canonical text) of each development document."""
    texts = [(path.stem, normalize_text(pdf_to_text(path.read_bytes()))) for path in DISCLOSURES]
    return [*texts, (SEED.stem, SEED.read_text(encoding="utf-8"))]


def varied(text: str, number: int) -> str:
    """Another department's document: place names marked with its number, every amount (a number with
    decimals) multiplied by it, so a table's parts still add up to its totals."""
    factor = Decimal(number + 2)
    for place in _PLACES:
        text = text.replace(place, f"{place}第{number}")
    return _AMOUNT.sub(lambda m: str(Decimal(m.group(0)) * factor), text)


def write_documents(folder: Path, count: int) -> list[Path]:
    """count PDFs, the development documents in turn, each varied by its number."""
    folder.mkdir(parents=True, exist_ok=True)
    made = sources()
    paths = []
    for number in range(count):
        name, text = made[number % len(made)]
        source = folder / f"{number:03d}-{name}.txt"
        source.write_text(varied(text, number), encoding="utf-8")
        paths.append(seed_formats.write_pdf(source, folder / f"{number:03d}-{name}.pdf", split_rows=True))
        source.unlink()
    return paths


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, workers) / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=12)
    parser.add_argument("--phases", action="store_true", help="also time reading alone, in this process")
    parser.add_argument("--keep", type=Path, help="keep the documents and the data folder here")
    parser.add_argument("--postgres", action="store_true", help="into PostgreSQL + pgvector (pgserver)")
    parser.add_argument("--cluster", metavar="ADDRESS", help="on a Dask cluster (local:N: N worker processes here)")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="reportqa-fulllength-"))
    documents = write_documents(base / "documents", args.documents)
    data = base / "data"
    shutil.rmtree(data, ignore_errors=True)
    settings = Settings.from_env(data=data)
    if args.postgres or args.cluster:
        import pgserver

        shutil.rmtree(base / "postgres", ignore_errors=True)
        server = pgserver.get_server(base / "postgres", cleanup_mode="stop")
        settings = Settings.from_env(data=data, database_url=server.get_uri())
    if args.phases:
        began = time.perf_counter()
        for path in documents:
            read_file(path, settings)
        reading = time.perf_counter() - began
    began = time.perf_counter()
    if args.cluster:
        from index.cluster import ingest_on_cluster

        results = ingest_on_cluster(documents, settings, args.cluster)
    else:
        results = ingest_paths(documents, settings, progress=False)
    seconds = time.perf_counter() - began
    with open_store(settings, create=False) as store:
        chunks = store.counts()["chunks"]
        statements = len(store.statement_vector_items(settings.embedding_model)[0])
    disk = sum(p.stat().st_size for folder in (data, base / "postgres") if folder.exists()
               for p in folder.rglob("*") if p.is_file())
    row = {
        "documents": len(documents), "ingested": sum(r.ok for r in results),
        "pages": sum(_pages(p) for p in documents), "ingest_s": round(seconds, 1),
        "documents_per_min": round(len(documents) / seconds * 60, 2),
        "texts_embedded": statements + chunks, "texts_per_s": round((statements + chunks) / seconds, 1),
        "statements": statements, "chunks": chunks,
        "peak_rss_mb": _peak_rss_mb(), "disk_mb_per_document": round(disk / len(documents) / 1e6, 2),
        "embedding": settings.embedding_backend, "store": "postgresql" if settings.database_url else "sqlite",
        "where": args.cluster or "one process reading in worker processes, embedding in it",
    }
    if args.phases:
        row["reading_alone_s_per_document"] = round(reading / len(documents), 2)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    if args.keep is None:
        shutil.rmtree(base)


def _pages(path: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(path.read_bytes()))


if __name__ == "__main__":
    main()
