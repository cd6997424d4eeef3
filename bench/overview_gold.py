"""The overview against hand-written gold (tests/data/overview_gold.jsonl): right / missing / wrong.

Every report with gold is ingested into one data folder and its overview built as `reportqa overview`
builds it. An item is wrong when it shows a value the gold does not accept (the report does not state
it as this item), missing when it says 报告未载明 of a stated value; a part of the 三公经费 larger than
the total shown beside it is wrong too (a part and its total from two different statements).

    .venv/bin/python bench/overview_gold.py [--data DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.backend import open_store  # noqa: E402
from index.embed.embedder import Embedder, load_embedder  # noqa: E402
from index.ingest import ingest_paths  # noqa: E402
from index.settings import Settings  # noqa: E402
from qa.assistant import load_assistant  # noqa: E402
from qa.evaluate import overview_verdict  # noqa: E402
from qa.overview import PARTS_OF_TOTAL, build_overview, overview_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "data"
GOLD = TESTS / "overview_gold.jsonl"
FOLDERS = (ROOT / "corpus", TESTS / "real", TESTS / "disclosures")  # the seed lies in corpus/


def read_gold(path: Path = GOLD) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def report_file(name: str) -> Path:
    found = next((folder / name for folder in FOLDERS if (folder / name).exists()), None)
    if found is None:
        raise FileNotFoundError(f"no test report named {name}")
    return found


def verdicts(items: list[dict[str, object]], gold: dict[str, list[str | None] | None]) -> dict[str, str]:
    """Each gold item's verdict for the overview's items (an item the overview lacks is 报告未载明)."""
    shown = {str(i["name"]): i for i in items}
    out = {name: overview_verdict(shown.get(name, {}).get("value"), shown.get(name, {}).get("unit"), accepted)
           for name, accepted in gold.items()}
    for total, parts in PARTS_OF_TOTAL.items():
        whole = shown.get(total, {}).get("value")
        for part in parts:
            value = shown.get(part, {}).get("value")
            if isinstance(whole, float) and isinstance(value, float) and shown[part]["unit"] == shown[total]["unit"] \
                    and value > whole + 1e-9 and part in out:
                out[part] = "wrong"
    return out


def measure(data: Path, embedder: Embedder, gold_rows: list[dict[str, object]]) -> dict[str, dict[str, str]]:
    """{report file: {item: verdict}} for every gold report, ingested into `data` together."""
    settings = Settings.from_env(data=data)
    ingest_paths([report_file(str(row["report"])) for row in gold_rows], settings, progress=False, embedder=embedder)
    assistant = load_assistant(settings, embedder=embedder)
    out: dict[str, dict[str, str]] = {}
    with open_store(settings, create=False) as store:
        for row in gold_rows:
            overview = overview_json(build_overview(assistant, store, str(row["report"])))
            out[str(row["report"])] = verdicts(overview["items"], row["items"])  # type: ignore[arg-type]
    assistant.retriever.store.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/reportqa-overview-gold"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    rows = read_gold()
    result = measure(args.data, load_embedder(Settings.from_env()), rows)
    total: Counter[str] = Counter()
    for report, items in result.items():
        total.update(items.values())
        if args.verbose:
            misses = {k: v for k, v in items.items() if v != "right"}
            print(f"{report}: {misses or 'all right'}")
    stated = sum(1 for row in rows for v in row["items"].values() if v is not None and None not in v)  # type: ignore[union-attr]
    print(f"{len(rows)} reports, {sum(total.values())} items: right {total['right']}, "
          f"missing {total['missing']} of {stated} that must be shown, wrong {total['wrong']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
